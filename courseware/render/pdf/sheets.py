"""A planned document's stylesheets, taken out of its head so that a worker parses each once.

Every document of a course links the same ``print.css`` and carries the same ``<style>``;
WeasyPrint would parse them again for each one. :func:`split_stylesheets` returns the
document without them and the stylesheets in their order, which the drawing hands to
WeasyPrint as parsed stylesheets (``write_pdf(stylesheets=...)``). WeasyPrint gives such
stylesheets the *user* origin instead of the author's, so the split is made only when the
two cannot differ: every stylesheet of the document is in its head and moves (their order
among themselves is kept), and nothing else in the document is author CSS that could meet
them (no ``style`` attribute with ``!important``, no ``<style>`` or ``<link>`` after the
head). Else it returns None and WeasyPrint reads the document as it is.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

Sheet = tuple[str, str]
"""``("url", absolute URL)`` of a linked stylesheet or ``("text", CSS)`` of a ``<style>``."""

_BODY = re.compile(r"<body[\s>]", re.IGNORECASE)
_AUTHOR_CSS_IN_BODY = re.compile(r"<(?:style|link)[\s>/]|!\s*important", re.IGNORECASE)
_REFUSED_IN_HEAD = frozenset({"base", "template", "noscript", "svg", "math"})
"""Elements that change what the head means: the base URL, or markup WeasyPrint reads
otherwise than this parser."""


class _Head(HTMLParser):
    """Finds the stylesheet elements of a head: their spans and what they hold."""

    def __init__(self, text: str, base_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.base_url = base_url
        self.lines = [0]
        self.lines += [m.end() for m in re.finditer("\n", text)]
        self.found: list[tuple[int, int, Sheet]] = []
        self.refused = False
        self._style: int | None = None
        self._css: list[str] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        start = self._offset()
        end = start + len(self.get_starttag_text() or "")
        if tag in _REFUSED_IN_HEAD:
            self.refused = True
        elif tag == "style":
            self.refused |= not _plain(values, {"type"})
            self._style, self._css = start, []
        elif tag == "link":
            rel = values.get("rel", "").lower().split()
            if "stylesheet" in rel and "alternate" not in rel:
                href = values.get("href", "")
                ok = _plain(values, {"rel", "href", "type"}) and _is_css(href)
                self.refused |= not ok
                self.found.append((start, end, ("url", urljoin(self.base_url, href))))

    def handle_data(self, data: str) -> None:
        if self._style is not None:
            self._css.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self._style is not None:
            start, self._style = self._style, None
            end = self.text.find(">", self._offset()) + 1
            if end == 0:
                self.refused = True
            self.found.append((start, end, ("text", "".join(self._css))))


def _plain(attrs: dict[str, str], allowed: set[str]) -> bool:
    """No attribute beyond ``allowed`` (no ``media``), and a type, if any, of text/css."""
    return set(attrs) <= allowed and attrs.get("type", "text/css").strip().lower() == "text/css"


def _is_css(href: str) -> bool:
    """A plain relative or file address of a ``.css`` file (served as text/css)."""
    if not href or not href.isascii() or any(c.isspace() or c in "\\<>\"'" for c in href):
        return False
    parts = urlsplit(href)
    return parts.scheme in ("", "file") and not parts.query and parts.path.endswith(".css")


def split_stylesheets(html: str, base_url: str) -> tuple[str, list[Sheet]] | None:
    """``html`` without the stylesheets of its head, and those in document order; None
    when taking them out could change what the document looks like (see the module)."""
    match = _BODY.search(html)
    if match is None or "\r" in html or "\0" in html:
        return None
    head, body = html[: match.start()], html[match.start() :]
    if _AUTHOR_CSS_IN_BODY.search(body):
        return None
    parser = _Head(head, base_url)
    parser.feed(head)
    parser.close()
    if parser.refused or parser._style is not None or not parser.found:
        return None
    kept, last = [], 0
    for start, end, _ in parser.found:
        kept.append(head[last:start])
        last = end
    kept.append(head[last:])
    return "".join(kept) + body, [sheet for _, _, sheet in parser.found]
