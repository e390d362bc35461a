"""Small pure helpers of the HTML site: sized images, JSON in pages, stable orders, slugs."""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar
from urllib.parse import unquote

from markupsafe import Markup

T = TypeVar("T")

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; media-src 'self'; font-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'"
)
"""Nothing outside the package may load; inline scripts never run (style attributes may)."""

SOURCE_SUFFIXES = {".yaml", ".yml"}


_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r'\ssrc="([^"]*)"')


def sized_images(html: str, sizes: dict[str, tuple[int, int]]) -> str:
    """Give ``<img>`` tags whose (decoded) src is in ``sizes`` width, height and async decoding.

    Why: an image without a size makes the text jump while it loads on a slow connection.
    """

    def add(match: re.Match[str]) -> str:
        tag = match.group(0)
        src = _SRC.search(tag)
        size = sizes.get(unquote(html_lib.unescape(src.group(1)))) if src else None
        if src is None or size is None or re.search(r"\s(width|height)=", tag):
            return tag
        extra = f' width="{size[0]}" height="{size[1]}"'
        if " decoding=" not in tag:
            extra += ' decoding="async"'
        return tag[: src.end()] + extra + tag[src.end() :]

    return _IMG.sub(add, html)


def json_script(data: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` left."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return Markup(text)


def seeded_order(items: Sequence[T], seed: str) -> list[tuple[int, T]]:
    """Items with their original index, in an order fixed by ``seed`` (stable across builds).

    Why: the page must not show options in the authored order (the answer is often first),
    yet the output must be the same on every build and in print.
    """

    def rank(index: int) -> str:
        return hashlib.sha256(f"{seed}\x00{index}".encode()).hexdigest()

    order = sorted(range(len(items)), key=rank)
    if len(items) > 1 and order == list(range(len(items))):
        order = order[1:] + order[:1]
    return [(i, items[i]) for i in order]


def slug(text: str) -> str:
    """ASCII id from text: ``Comercio electrónico`` -> ``comercio-electronico``."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    ascii_text = folded.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "x"


def collation_key(text: str) -> str:
    """Alphabetical order for Spanish and English: accents ignored, ``ñ`` after ``n``."""
    folded = text.casefold().replace("ñ", "n~")
    decomposed = unicodedata.normalize("NFD", folded)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def shuffled(items: Iterable[T], seed: str, enabled: bool = True) -> list[tuple[int, T]]:
    """Items with their index, in :func:`seeded_order` when ``enabled`` (templates' ``shuffle``)."""
    listed = list(items)
    return seeded_order(listed, seed) if enabled else list(enumerate(listed))
