"""The site's pages as a cartridge carries them: lesson content without the site around it.

An LMS turns each page of a cartridge into one activity and shows its own navigation, so the
site's header, table of contents, pager, footer and scripts are dropped (Moodle strips the
scripts anyway; one of them holds the answer keys). Links from one page to another cannot be
kept: an LMS imports each page into its own activity and has no file for another page
(Moodle 5.1 reports "error migrating file" and leaves a broken link), so such links become
plain text. Links inside the page, to images and to the web stay.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml import html

CHROME_CLASSES = ("cw-skip", "cw-header", "cw-toc", "cw-pager", "cw-footer")
"""Classes of the site's own navigation and frame (see the theme's page template)."""


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def is_page_link(href: str) -> bool:
    """True for a relative link to another HTML page of the site (``x.html``, ``x.html#y``)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("#", "/")):
        return False
    return parts.path.lower().endswith((".html", ".htm", ".xhtml"))


def cartridge_page(page: bytes) -> bytes:
    """``page`` (a whole site page, UTF-8) as the cartridge carries it."""
    doc = html.document_fromstring(page, parser=html.HTMLParser(encoding="utf-8"))
    body = doc.find("body")
    if body is None:
        return page
    doomed = body.xpath(" | ".join(f"//*[{_has_class(c)}]" for c in CHROME_CLASSES))
    doomed += body.xpath("//script")
    for node in doomed:
        if node.getparent() is not None:
            node.drop_tree()
    for link in body.xpath("//a[@href]"):
        if is_page_link(link.get("href", "")):
            link.tag = "span"
            for attr in ("href", "hreflang", "rel", "target", "type", "download"):
                link.attrib.pop(attr, None)
    data: bytes = html.tostring(doc, doctype="<!DOCTYPE html>", encoding="utf-8", method="html")
    return data


__all__ = ["CHROME_CLASSES", "cartridge_page", "is_page_link"]
