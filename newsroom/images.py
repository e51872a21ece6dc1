"""Resized renditions of uploaded images, for `srcset`.

A rendition's name derives from its original's name, width and format
("renditions/articles/2025/02/riad-640.webp"). Uploads never overwrite a name (the
storage adds a suffix), so a rendition made once stays right: it is made the first
time a page needs it, kept on the media storage, and the list of an image's
renditions is cached, so later requests touch neither Pillow nor the storage.
"""

import logging
from contextlib import suppress
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

from django.core.cache import cache
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from newsroom.page_cache import CACHE_DOWN

logger = logging.getLogger(__name__)

WIDTHS = (320, 640, 960, 1280)
# Modern format first; browsers that cannot show it take the JPEG fallback.
FORMATS = (("webp", "image/webp", "WEBP"), ("jpg", "image/jpeg", "JPEG"))
QUALITY = 80
CACHE_PREFIX = "renditions:v1:"


@dataclass(frozen=True)
class Source:
    mime_type: str
    srcset: str


@dataclass(frozen=True)
class Picture:
    """What a `<picture>` element needs: modern sources and a JPEG fallback."""

    sources: tuple[Source, ...]
    fallback: Source
    fallback_url: str
    width: int
    height: int


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


def picture_for(image):
    """The renditions of an `ImageFieldFile`, made if missing; None if unreadable."""
    if not image:
        return None
    key = CACHE_PREFIX + image.name
    try:
        picture = cache.get(key)
    except CACHE_DOWN:
        return _make_renditions(image) or None
    if picture is None:
        picture = _make_renditions(image)
        # An unreadable image is retried now and then, not on every request.
        with suppress(*CACHE_DOWN):
            cache.set(key, picture or False, timeout=None if picture else 300)
    return picture or None


def jpeg_renditions(image):
    """The JPEG renditions of an image, smallest first, for social cards and JSON-LD.

    Empty if there is no image or it cannot be read.
    """
    picture = picture_for(image)
    if picture is None:
        return []
    return [
        Rendition(
            image.storage.url(rendition_name(image.name, width, FORMATS[-1][0])),
            width,
            scaled_height(picture.width, picture.height, width),
        )
        for width in target_widths(picture.width)
    ]


def target_widths(width):
    """The widths to offer for an original `width` pixels wide; never upscaled."""
    largest = min(width, WIDTHS[-1])
    return [w for w in WIDTHS if w < largest] + [largest]


def rendition_name(original_name, width, extension):
    path = PurePosixPath(original_name)
    return str(
        PurePosixPath("renditions") / path.parent / f"{path.stem}-{width}.{extension}"
    )


def _make_renditions(image):
    storage = image.storage
    try:
        with image.open("rb"), Image.open(image) as original:
            original = _normalise(original)
            width, height = original.size
            widths = target_widths(width)
            sources = []
            for extension, mime_type, pillow_format in FORMATS:
                candidates = []
                for target in widths:
                    name = rendition_name(image.name, target, extension)
                    if not storage.exists(name):
                        content = _resize(original, target, pillow_format)
                        storage.save(name, ContentFile(content))
                    candidates.append(f"{storage.url(name)} {target}w")
                sources.append(Source(mime_type, ", ".join(candidates)))
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        logger.warning("No renditions for %s: %s", image.name, error)
        return None
    *modern, fallback = sources
    largest = storage.url(rendition_name(image.name, widths[-1], FORMATS[-1][0]))
    return Picture(tuple(modern), fallback, largest, width, height)


def _normalise(original):
    """Upright, and in a mode both formats can write (RGB, or RGBA if transparent)."""
    upright = ImageOps.exif_transpose(original)
    transparent = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    return upright.convert("RGBA" if transparent else "RGB")


def scaled_height(width, height, target_width):
    """The height of a `width` x `height` image resized to `target_width`."""
    return max(1, round(height * target_width / width))


def _resize(original, width, pillow_format):
    height = scaled_height(original.width, original.height, width)
    resized = original.resize((width, height), Image.Resampling.LANCZOS)
    if pillow_format == "JPEG" and resized.mode == "RGBA":
        background = Image.new("RGB", resized.size, "white")
        background.paste(resized, mask=resized.getchannel("A"))
        resized = background
    buffer = BytesIO()
    resized.save(buffer, pillow_format, quality=QUALITY)
    return buffer.getvalue()
