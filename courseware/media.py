"""Course images for the web: pixel sizes, and wide PNG/JPEG photos scaled down at build time.

Why: learners read on phones over slow connections; a 4000-pixel photo shown 400 pixels wide
costs them minutes of download. Images wider than the course's maximum width are resized
(aspect ratio kept) and written without metadata, so a rebuild gives the same bytes. SVGs
lose what could run or load (they may be opened on their own); GIF and anything else pass
through untouched.
"""

from __future__ import annotations

import io
import re
import struct
from pathlib import Path
from typing import TYPE_CHECKING

from courseware.i18n import says
from courseware.svg import clean_svg

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

DEFAULT_MAX_WIDTH = 1600
"""Pixels; the widest a page shows an image on a large screen, with room for 2x displays."""

SCALABLE = frozenset({".png", ".jpg", ".jpeg"})
JPEG_QUALITY = 85

_ROTATED = frozenset({5, 6, 7, 8})
"""EXIF orientations that swap width and height when the image is shown."""
_EXIF_ORIENTATION = 0x0112


class ImageError(ValueError):
    """An image file the build cannot read (truncated, not the format its name says)."""


def image_size(data: bytes, suffix: str) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF, JPEG or SVG read from its header; None if unknown."""
    suffix = suffix.lower()
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data[:2] == b"\xff\xd8":
        return _jpeg_size(data)
    if suffix == ".svg":
        return _svg_size(data[:4096].decode("utf-8", "replace"))
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    pos = 2
    while pos + 9 < len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return int(width), int(height)
        pos += 2 + length
    return None


_SVG_TAG = re.compile(r"<svg\b[^>]*>", re.IGNORECASE | re.DOTALL)


def _svg_size(head: str) -> tuple[int, int] | None:
    tag = _SVG_TAG.search(head)
    if not tag:
        return None

    def attr(name: str) -> str | None:
        found = re.search(rf"\s{name}\s*=\s*[\"']([^\"']*)[\"']", tag.group(0))
        return found.group(1).strip() if found else None

    def pixels(value: str | None) -> float | None:
        found = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(px)?", value or "")
        return float(found.group(1)) if found else None

    width, height = pixels(attr("width")), pixels(attr("height"))
    if width and height:
        return round(width), round(height)
    box = (attr("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            w, h = float(box[2]), float(box[3])
        except ValueError:
            return None
        if w > 0 and h > 0:
            return round(w), round(h)
    return None


def display_size(data: bytes, suffix: str) -> tuple[int, int] | None:
    """The size a browser shows the image at: :func:`image_size`, turned by EXIF orientation.

    Why: a phone photo is often stored landscape with an orientation tag saying "portrait";
    width and height attributes taken from its header would be swapped.
    """
    size = image_size(data, suffix)
    if size is None or data[:2] != b"\xff\xd8" or b"Exif" not in data[:65536]:
        return size
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            orientation = image.getexif().get(_EXIF_ORIENTATION)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return size
    return (size[1], size[0]) if orientation in _ROTATED else size


def fit_width(data: bytes, suffix: str, max_width: int | None) -> bytes:
    """A PNG or JPEG wider than ``max_width`` scaled down to it; an SVG made safe to open
    on its own (:func:`courseware.svg.clean_svg`); any other file as it is.

    The result keeps the aspect ratio and the colour profile, drops EXIF and text metadata
    (turning the pixels first if EXIF says so) and is the same bytes on every build.
    ``max_width`` None or 0 turns scaling off. Raises :class:`ImageError` for a file that is
    too wide but cannot be decoded.
    """
    if suffix.lower() == ".svg":
        return clean_svg(data)
    if not max_width or suffix.lower() not in SCALABLE:
        return data
    size = display_size(data, suffix)
    if size is not None and size[0] <= max_width:
        return data
    from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

    # A cut-short file must fail here, not be published half grey. WeasyPrint (the PDF
    # output) switches Pillow's global LOAD_TRUNCATED_IMAGES on when it is imported.
    tolerant = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with Image.open(io.BytesIO(data)) as opened:
            kind = opened.format
            profile = opened.info.get("icc_profile")
            image = ImageOps.exif_transpose(opened)
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        why = re.sub(r"\s*<[^<>]* at 0x[0-9a-fA-F]+>", "", str(exc)) or type(exc).__name__
        raise ImageError(says("media.error.unreadable", kind=_kind(suffix), why=why)) from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = tolerant
    if kind not in ("PNG", "JPEG"):
        found = kind or says("media.error.unknown-kind")
        raise ImageError(says("media.error.wrong-kind", found=found, kind=_kind(suffix)))
    width, height = image.size
    if width <= max_width:
        return data
    target = (max_width, max(1, round(height * max_width / width)))
    image = _resizable(image, kind).resize(target, Image.Resampling.LANCZOS)
    image.info = {}  # no comment, EXIF, text chunks or dpi carried over
    out = io.BytesIO()
    options: dict[str, object] = {"icc_profile": profile} if profile else {}
    if kind == "JPEG":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, **options)
    else:
        image.save(out, "PNG", optimize=True, **options)
    return out.getvalue()


def publish_problem(path: Path, max_width: int | None = DEFAULT_MAX_WIDTH) -> str | None:
    """Why the build could not publish the image at ``path`` (a PNG or JPEG too wide that
    does not decode), or None. Only such wide images are decoded, as the build does."""
    suffix = path.suffix.lower()
    if not max_width or suffix not in SCALABLE:
        return None
    with path.open("rb") as file:
        head = file.read(65536)
    size = image_size(head, suffix)
    if size is not None and size[0] <= max_width:
        return None
    try:
        fit_width(path.read_bytes(), suffix, max_width)
    except ImageError as exc:
        return str(exc)
    return None


def _kind(suffix: str) -> str:
    """The format a file's name promises: ``.png`` -> ``PNG``."""
    return suffix.lstrip(".").upper()


def _resizable(image: PILImage, kind: str) -> PILImage:
    """The image in a mode Lanczos resampling and the output format both accept."""
    if kind == "JPEG":
        return image if image.mode in ("RGB", "L", "CMYK") else image.convert("RGB")
    if image.mode in ("RGB", "RGBA", "L", "LA"):
        return image
    transparent = image.mode in ("P", "PA") and "transparency" in image.info
    return image.convert("RGBA" if transparent or "A" in image.mode else "RGB")


__all__ = [
    "DEFAULT_MAX_WIDTH",
    "SCALABLE",
    "ImageError",
    "display_size",
    "fit_width",
    "image_size",
    "publish_problem",
]
