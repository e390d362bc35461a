"""Rendered HTML turned into namespaced XHTML elements (QTI 2.1 item bodies and feedback)."""

from __future__ import annotations

from collections.abc import Callable

import lxml.html
from lxml import etree

from courseware.export.rich import html_fragments

ALLOWED: frozenset[str] = frozenset(
    [
        "a",
        "abbr",
        "acronym",
        "address",
        "b",
        "big",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "kbd",
        "li",
        "ol",
        "p",
        "pre",
        "q",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "tt",
        "ul",
        "var",
    ]
)
"""The XHTML subset QTI 2.1 allows in content."""

RENAMED = {"s": "span", "del": "span", "strike": "span", "ins": "span", "u": "span", "mark": "span"}
ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "img": ("src", "alt", "width", "height"),
    "td": ("colspan", "rowspan"),
    "th": ("colspan", "rowspan", "scope"),
    "ol": (),
}

Mixed = list[etree._Element | str]
TextHook = Callable[[str], Mixed]
"""Splits a text node into text and elements (used to put cloze blanks in the text)."""


def convert(html: str, ns: str, *, text_hook: TextHook | None = None) -> Mixed:
    """HTML fragment -> text and elements in namespace ``ns`` limited to :data:`ALLOWED`."""
    out: Mixed = []
    for fragment in html_fragments(html):
        if isinstance(fragment, str):
            out.extend(_text(fragment, text_hook))
        else:
            out.extend(_element(fragment, ns, text_hook))
            if fragment.tail:
                out.extend(_text(fragment.tail, text_hook))
    return out


def append(parent: etree._Element, items: Mixed) -> etree._Element:
    """Append text and elements to ``parent`` as mixed content."""
    for item in items:
        if isinstance(item, str):
            if len(parent):
                last = parent[-1]
                last.tail = (last.tail or "") + item
            else:
                parent.text = (parent.text or "") + item
        else:
            parent.append(item)
    return parent


def _text(text: str, hook: TextHook | None) -> Mixed:
    return hook(text) if hook else [text]


def _element(source: lxml.html.HtmlElement, ns: str, hook: TextHook | None) -> Mixed:
    tag = source.tag if isinstance(source.tag, str) else ""
    tag = RENAMED.get(tag, tag)
    children: Mixed = []
    if source.text:
        children.extend(_text(source.text, hook))
    for child in source:
        if isinstance(child.tag, str):
            children.extend(_element(child, ns, hook))
        if child.tail:
            children.extend(_text(child.tail, hook))
    if tag not in ALLOWED:
        return children  # unknown element: keep its content only
    element = etree.Element(f"{{{ns}}}{tag}")
    for name in ATTRIBUTES.get(tag, ()):
        value = source.get(name)
        if value is not None:
            element.set(name, value)
    if tag == "img" and element.get("alt") is None:
        element.set("alt", "")
    if tag == "a" and element.get("href") is None:
        return children
    if tag in {"s", "del", "strike"} or source.tag in {"s", "del", "strike"}:
        element.set("class", "strikethrough")
    return [append(element, children)]
