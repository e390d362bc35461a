"""Question texts as export HTML: Markdown rendered once, the local images it shows."""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import lxml.html

from courseware.render.markdown import Reference, plain_text, render_markdown


@dataclass(frozen=True, slots=True)
class Image:
    """A local image a text refers to."""

    path: str  # POSIX path inside the course folder
    data: bytes

    @property
    def mime(self) -> str:
        """Media type guessed from the extension."""
        return mimetypes.guess_type(self.path)[0] or "application/octet-stream"

    @property
    def data_uri(self) -> str:
        """The image inline as ``data:`` URI."""
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


@dataclass(frozen=True, slots=True)
class Rendered:
    """HTML of a Markdown text and the local images it shows."""

    html: str
    images: list[Image]

    def with_sources(self, source: Callable[[Image], str]) -> str:
        """The HTML with each local image's ``src`` replaced by ``source(image)``."""
        if not self.images:
            return self.html
        by_path = {image.path: image for image in self.images}
        fragments = html_fragments(self.html)
        for fragment in fragments:
            if isinstance(fragment, str):
                continue
            for img in fragment.iter("img"):
                ref = Reference("image", img.get("src", ""))
                if ref.is_local and ref.path in by_path:
                    img.set("src", source(by_path[ref.path]))
        return "".join(
            f if isinstance(f, str) else lxml.html.tostring(f, encoding="unicode")
            for f in fragments
        )


@lru_cache(maxsize=16384)
def cached_markdown(markdown: str, allow_html: bool = False, inline: bool = False) -> str:
    """``render_markdown``, remembered: every format of every bank renders the same texts."""
    return render_markdown(markdown, allow_html=allow_html, inline=inline)


@lru_cache(maxsize=16384)
def cached_plain_text(markdown: str) -> str:
    """``plain_text``, remembered (titles and Aiken lines of the same prompts)."""
    return plain_text(markdown)


@lru_cache(maxsize=16384)
def export_html(markdown: str, allow_html: bool, inline: bool) -> tuple[str, tuple[str, ...]]:
    """Markdown as export HTML (stripped) and the ``src`` of each image in it."""
    html = cached_markdown(markdown, allow_html, inline)
    html = html.replace('<img loading="lazy" ', "<img ")  # a page hint, noise in exports
    return html.strip(), tuple(image_sources(html)) if "<img" in html.lower() else ()


def html_fragments(html: str) -> list[str | lxml.html.HtmlElement]:
    """An HTML fragment parsed into leading text and elements."""
    if not html.strip():
        return []
    return list(lxml.html.fragments_fromstring(html))


def image_sources(html: str) -> list[str]:
    """The ``src`` of every image in an HTML fragment."""
    return [
        img.get("src", "")
        for fragment in html_fragments(html)
        if not isinstance(fragment, str)
        for img in fragment.iter("img")
    ]
