"""The site's pages as a cartridge carries them: lesson content without the site around it.

An LMS turns each page of a cartridge into one activity and shows its own navigation, so the
site's header, table of contents, pager, footer and scripts are dropped (Moodle strips the
scripts anyway; one of them holds the answer keys). Links from one page to another cannot be
kept: an LMS imports each page into its own activity and has no file for another page
(Moodle 5.1 reports "error migrating file" and leaves a broken link), so such links become
plain text. A video's ``poster`` goes too: Moodle's converter rewrites the paths in ``href``
and ``src`` only, so the poster's would break. Everything else stays byte for byte: the page
is edited where the markup says, not parsed and written again.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from urllib.parse import urlsplit

CHROME_CLASSES = frozenset({"cw-skip", "cw-header", "cw-toc", "cw-pager", "cw-footer"})
"""Classes of the site's own navigation and frame (see the theme's page template)."""
LINK_ONLY = ("href", "hreflang", "rel", "target", "type", "download", "ping", "referrerpolicy")


def is_page_link(href: str) -> bool:
    """True for a relative link to another HTML page of the site (``x.html``, ``x.html#y``)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("#", "/")):
        return False
    return parts.path.lower().endswith((".html", ".htm", ".xhtml"))


def _tag(name: str, attrs: list[tuple[str, str | None]], dropped: tuple[str, ...]) -> str:
    kept = [
        f" {key}" if value is None else f' {key}="{html.escape(value)}"'
        for key, value in attrs
        if key not in dropped
    ]
    return f"<{name}{''.join(kept)}>"


class _Editor(HTMLParser):
    """Finds what to cut or rewrite: (start, end, replacement) spans of the page's text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.lines = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        self.edits: list[tuple[int, int, str]] = []
        self.body = False
        self.skip: tuple[str, int, int] | None = None  # tag, nesting depth, start offset
        self.links: list[bool] = []  # for each open <a>: was it rewritten to <span>?

    def _here(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._here()
        end = start + len(self.get_starttag_text() or "")
        if self.skip is not None:
            if tag == self.skip[0]:
                self.skip = (tag, self.skip[1] + 1, self.skip[2])
            return
        values = dict(attrs)
        chrome = CHROME_CLASSES & set((values.get("class") or "").split())
        if tag == "body":
            self.body = True
        elif self.body and (tag == "script" or chrome):
            self.skip = (tag, 1, start)
        elif tag == "a":
            rewrite = is_page_link(values.get("href") or "")
            self.links.append(rewrite)
            if rewrite:
                self.edits.append((start, end, _tag("span", attrs, LINK_ONLY)))
        elif tag == "video" and "poster" in values:
            self.edits.append((start, end, _tag("video", attrs, ("poster",))))

    def handle_endtag(self, tag: str) -> None:
        start = self._here()
        end = self.text.index(">", start) + 1
        if self.skip is not None:
            name, depth, begin = self.skip
            if tag == name:
                self.skip = (name, depth - 1, begin) if depth > 1 else None
                if depth == 1:
                    self.edits.append((begin, end, ""))
            return
        if tag == "a" and self.links and self.links.pop():
            self.edits.append((start, end, "</span>"))


def cartridge_page(page: bytes) -> bytes:
    """``page`` (a whole site page, UTF-8) as the cartridge carries it."""
    text = page.decode("utf-8")
    editor = _Editor(text)
    editor.feed(text)
    editor.close()
    out = text
    for start, end, replacement in sorted(editor.edits, reverse=True):
        out = out[:start] + replacement + out[end:]
    return out.encode("utf-8")


__all__ = ["CHROME_CLASSES", "cartridge_page", "is_page_link"]
