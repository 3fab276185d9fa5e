"""Independent renderings the media tests compare with: each photo decoded by libheif (pillow-heif),
libavif (Pillow's AVIF plugin) or Pillow, turned upright as they turn it, converted to sRGB by littleCMS (Pillow's ImageCms) where
it carries an ICC profile or its EXIF declares Adobe RGB (with Debian's icc-profiles-free profile
for it), then cut and resized by Pillow as a job asks, and written as an 8-bit RGB PNG.

    python reference.py < JOBS.json

JOBS is a list of {"file", "out", "crop": [x, y, w, h] or null, "size": [w, h] or null}, and of
{"describe": path}, which prints the description of that file's embedded ICC profile as a JSON line.
"""

import io
import json
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
    # Pillow's AVIF plugin turns irot/imir into an EXIF orientation, which this applies, as it applies
    # the EXIF orientation of other formats.
    image = ImageOps.exif_transpose(image)
    icc = image.info.get("icc_profile")
    adobe = not icc and says_adobe_rgb(image)
    image = image.convert("RGB")
    if icc or adobe:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc) if icc else ADOBE_RGB)
        image = ImageCms.profileToProfile(image, source, SRGB, renderingIntent=ImageCms.Intent.PERCEPTUAL)
    return image


def describe(path):
    icc = Image.open(path).info.get("icc_profile")
    if not icc:
        return None
    return ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(icc))).strip()


def main():
    decoded = (None, None)
    for job in json.load(sys.stdin):
        if "describe" in job:
            print(json.dumps({"file": job["describe"], "profile": describe(job["describe"])}), flush=True)
            continue
        if decoded[0] != job["file"]:
            decoded = (job["file"], upright_srgb(job["file"]))
        image = decoded[1]
        if job.get("crop"):
            x, y, w, h = job["crop"]
            image = image.crop((x, y, x + w, y + h))
        if job.get("size"):
            image = image.resize(tuple(job["size"]), Image.Resampling.LANCZOS)
        image.save(job["out"], compress_level=1)


if __name__ == "__main__":
    main()
