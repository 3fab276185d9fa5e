"""Independent renderings the media tests compare with: each file decoded by libheif (pillow-heif)
or Pillow, turned upright as they turn it, converted to sRGB by littleCMS (Pillow's ImageCms) where
it carries an ICC profile, and written as an 8-bit RGB PNG named after it.

    python reference.py OUT_DIR FILE...
"""

import io
import os
import sys

import pillow_heif
from PIL import Image, ImageCms, ImageOps

pillow_heif.register_heif_opener()
SRGB = ImageCms.createProfile("sRGB")


def upright_srgb(path):
    image = Image.open(path)
    # libheif has applied irot/imir already and pillow-heif clears the EXIF orientation it supersedes;
    # for other formats this applies the EXIF orientation.
    image = ImageOps.exif_transpose(image)
    icc = image.info.get("icc_profile")
    image = image.convert("RGB")
    if icc:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        image = ImageCms.profileToProfile(image, source, SRGB, renderingIntent=ImageCms.Intent.PERCEPTUAL)
    return image


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    for path in sys.argv[2:]:
        upright_srgb(path).save(os.path.join(out_dir, os.path.basename(path) + ".png"), compress_level=1)


if __name__ == "__main__":
    main()
