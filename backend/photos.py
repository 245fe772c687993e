"""What a photo shows about itself: a perceptual hash (the same picture re-encoded, resized or
slightly cropped hashes alike, `imagehash`'s pHash over Pillow) and the day its camera says it
was taken (EXIF DateTimeOriginal, else DateTime).

The 64-bit hash is kept as 16 hex digits and looked up by four 4-digit bands: two hashes within
``SAME_PICTURE_DISTANCE`` bits of each other share at least one band whole (4 bands, at most 3
bits apart), so candidates come from an index, never from reading every photo.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from datetime import date, datetime

import imagehash
from PIL import Image, ImageStat, UnidentifiedImageError

# Hashes this many bits apart or fewer are the same picture.
SAME_PICTURE_DISTANCE = 3
BANDS = 4
_EXIF_IFD = 0x8769
_DATE_TIME_ORIGINAL = 36867
_DATE_TIME = 306
# Smaller or flatter images show no picture to recognise (and all hash alike): no hash.
MIN_SIDE = 32
MIN_CONTRAST = 8.0
# A photo no larger than this is decoded (a decompression bomb is not).
MAX_PIXELS = 40_000_000


@dataclass(frozen=True)
class PhotoFacts:
    perceptual_hash: str | None = None  # 16 hex digits
    taken_on: date | None = None


def photo_facts(content: bytes) -> PhotoFacts:
    """The facts of an image file; none for a file Pillow cannot read or will not decode."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                if image.width * image.height > MAX_PIXELS:
                    return PhotoFacts()
                taken_on = _taken_on(image)
                if not _shows_a_picture(image):
                    return PhotoFacts(None, taken_on)
                return PhotoFacts(str(imagehash.phash(image)), taken_on)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombWarning,
            Image.DecompressionBombError):
        return PhotoFacts()


def _shows_a_picture(image: Image.Image) -> bool:
    """Big enough and not flat: a tiny or one-colour image hashes like every other one."""
    if min(image.size) < MIN_SIDE:
        return False
    return ImageStat.Stat(image.convert("L")).stddev[0] >= MIN_CONTRAST


def _taken_on(image: Image.Image) -> date | None:
    exif = image.getexif()
    stamp = exif.get_ifd(_EXIF_IFD).get(_DATE_TIME_ORIGINAL) or exif.get(_DATE_TIME)
    try:
        return datetime.strptime(str(stamp).strip(), "%Y:%m:%d %H:%M:%S").date()
    except ValueError:
        return None


def hash_bands(perceptual_hash: str) -> list[str]:
    """The hash's bands, in order."""
    width = len(perceptual_hash) // BANDS
    return [perceptual_hash[i * width : (i + 1) * width] for i in range(BANDS)]


def distance(one: str, other: str) -> int:
    """How many bits two hashes differ in."""
    return (int(one, 16) ^ int(other, 16)).bit_count()
