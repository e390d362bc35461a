"""HTML and CSS helpers of the print templates: unlinking, block labels, CSS strings."""

from __future__ import annotations

import re
from collections.abc import Container
from typing import Any

import lxml.html
from markupsafe import Markup

from courseware.load.paths import split_url
from courseware.model.blocks import (
    ActivityBlock,
    AudioBlock,
    DiscussionBlock,
    TextBlock,
    VideoBlock,
)
from courseware.render.markdown import plain_text
from courseware.render.pdf.options import Strings


def _is_local(href: str) -> bool:
    parts = split_url(href)
    return parts is not None and not parts.scheme and not parts.netloc and bool(parts.path)


def unlink_local(html: str, keep: Container[str] = ()) -> str:
    """Turn links to course files (and links without a target) into plain text.

    Why: on paper a link to a course file would name a path on the build machine, and an
    EPUB may only link to what it packs.
    """
    if "<a" not in html:
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    changed = False
    for anchor in root.iter("a"):
        href = anchor.get("href")
        if href is None or (_is_local(href) and href not in keep):  # none left, or a course file
            anchor.tag = "span"
            for name in list(anchor.attrib):
                del anchor.attrib[name]
            changed = True
    if not changed:
        return html
    # The wrapper serialised whole, then taken off: its text is escaped like any other
    # (joining ``root.text`` by hand once turned ``&lt;script&gt;`` into a live script).
    whole: str = lxml.html.tostring(root, encoding="unicode")
    return whole.removeprefix("<div>").removesuffix("</div>")


def block_kind(block: Any, s: Strings) -> str:
    """The label of a block's type: "Actividad", "Tabla", "Consejo"."""
    kind: str = block.type
    if kind == "callout":
        return s(f"callout.{block.kind}")
    if kind in {"activity", "case_study", "discussion"}:
        return s(f"{kind}.label")
    if kind in {"video", "audio"}:
        return s(f"media.{kind}")
    if kind == "table":
        return s("table.label")
    if kind == "knowledge_check":
        return s("questions")
    return s(kind)


def block_title(block: Any) -> str:
    """A short name for a block: its title, caption, first heading or first words."""
    for name in ("title", "caption"):
        value = getattr(block, name, None)
        if isinstance(value, str) and value.strip():
            return _clip(plain_text(value))
    if isinstance(block, TextBlock):
        heading = re.search(r"^#{1,6}\s+(.+)$", block.body, re.MULTILINE)
        text = heading.group(1) if heading else block.body
        return _clip(plain_text(text))
    if isinstance(block, DiscussionBlock):
        return _clip(plain_text(block.prompt))
    text = getattr(block, "quote", None) or getattr(block, "alt", None) or ""
    return _clip(plain_text(str(text)))


def _clip(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def block_minutes(block: Any) -> int | None:
    """Minutes a block takes in class, when the course says."""
    if isinstance(block, ActivityBlock | VideoBlock | AudioBlock):
        return block.duration
    return None


def css_string(text: str) -> Markup:
    """A CSS string literal, safe inside a ``<style>`` element."""
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<>&\n\r' or ord(c) < 32 else c for c in text)
    return Markup(f'"{escaped}"')


def css_page_label(template: str) -> Markup:
    """``Página {page} de {pages}`` as CSS ``content``: strings and page counters."""
    parts: list[str] = []
    for piece in re.split(r"(\{page\}|\{pages\})", template):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(str(css_string(piece)))
    return Markup(" ".join(parts))
