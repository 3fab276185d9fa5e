"""Independent renderings the media tests compare with: each file decoded by libheif (pillow-heif)
or Pillow, turned upright as they turn it, converted to sRGB by littleCMS (Pillow's ImageCms) where
it carries an ICC profile or its EXIF declares Adobe RGB (with Debian's icc-profiles-free profile
for it), and written as an 8-bit RGB PNG named after it.

    python reference.py OUT_DIR FILE...
"""

import io
import os
import sys

import pillow_heif
from PIL import Image, ImageCms, ImageOps

pillow_heif.register_heif_opener()
SRGB = ImageCms.createProfile("sRGB")
ADOBE_RGB = "/usr/share/color/icc/compatibleWithAdobeRGB1998.icc"


def says_adobe_rgb(image):
    exif = image.getexif()
    interop = exif.get_ifd(0xA005).get(1)
    return exif.get_ifd(0x8769).get(0xA001) == 0xFFFF and str(interop).strip() == "R03"


def upright_srgb(path):
    image = Image.open(path)
    # libheif has applied irot/imir already and pillow-heif clears the EXIF orientation it supersedes;
    # for other formats this applies the EXIF orientation.
    image = ImageOps.exif_transpose(image)
    icc = image.info.get("icc_profile")
    adobe = not icc and says_adobe_rgb(image)
    image = image.convert("RGB")
    if icc or adobe:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc) if icc else ADOBE_RGB)
        image = ImageCms.profileToProfile(image, source, SRGB, renderingIntent=ImageCms.Intent.PERCEPTUAL)
    return image


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    for path in sys.argv[2:]:
        upright_srgb(path).save(os.path.join(out_dir, os.path.basename(path) + ".png"), compress_level=1)


if __name__ == "__main__":
    main()
