"""HTML from LMS question banks back to Markdown, for the common elements; the rest stays HTML."""

from __future__ import annotations

import re
from typing import Any

import lxml.html

from courseware.export.rich import html_fragments

_ESCAPE = re.compile(r"([\\`*_\[\]<])")
_INLINE = {"strong": "**", "b": "**", "em": "*", "i": "*", "s": "~~", "del": "~~"}


def _escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


def _inline(node: Any) -> str:
    """Markdown of an element's content (inline level)."""
    out = [_escape(_space(node.text or ""))]
    for child in node:
        out.append(_element(child))
        out.append(_escape(_space(child.tail or "")))
    return "".join(out)


def _url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _space(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _element(node: Any) -> str:
    tag = node.tag if isinstance(node.tag, str) else ""
    if tag in _INLINE:
        mark = _INLINE[tag]
        return f"{mark}{_inline(node)}{mark}"
    if tag == "code":
        return f"`{node.text_content()}`"
    if tag == "br":
        return "\\\n"
    if tag == "a":
        return f"[{_inline(node)}]({_url(node.get('href', ''))})"
    if tag == "img":
        return f"![{_escape(node.get('alt', ''))}]({_url(node.get('src', ''))})"
    if tag in {"span", "font", "u"}:
        return _inline(node)
    return str(lxml.html.tostring(node, encoding="unicode", with_tail=False))


def _block(node: Any) -> str:
    tag = node.tag if isinstance(node.tag, str) else ""
    if tag in {"p", "div"} and not any(child.tag in _BLOCKS for child in node):
        return _inline(node).strip()
    if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
        return "#" * int(tag[1]) + " " + _inline(node).strip()
    if tag in {"ul", "ol"}:
        lines = []
        for n, li in enumerate(node.findall("li"), start=1):
            bullet = f"{n}." if tag == "ol" else "-"
            lines.append(f"{bullet} {_inline(li).strip()}")
        return "\n".join(lines)
    if tag == "blockquote":
        inner = blocks_to_markdown(list(node))
        return "\n".join("> " + line if line else ">" for line in inner.split("\n"))
    if tag == "pre":
        return "```\n" + str(node.text_content()).rstrip("\n") + "\n```"
    if tag == "hr":
        return "---"
    if tag in _BLOCKS:
        return str(lxml.html.tostring(node, encoding="unicode", with_tail=False))
    return _element(node)


_BLOCKS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "hr",
    "table",
}


def blocks_to_markdown(nodes: list[Any]) -> str:
    """Markdown of a list of block elements, separated by blank lines."""
    parts = [_block(node) for node in nodes if isinstance(node.tag, str)]
    return "\n\n".join(p for p in parts if p)


def html_to_markdown(html: str) -> str:
    """Markdown for an HTML fragment (paragraphs, emphasis, links, images, lists, code)."""
    fragments = html_fragments(html)
    if not fragments:
        return ""
    if all(isinstance(f, str) or f.tag not in _BLOCKS for f in fragments):
        wrapper = lxml.html.fragment_fromstring(html, create_parent="p")
        return _inline(wrapper).strip()
    parts: list[str] = []
    loose: list[str] = []
    for fragment in fragments:
        if isinstance(fragment, str):
            loose.append(_escape(_space(fragment)))
            continue
        if fragment.tag in _BLOCKS:
            if "".join(loose).strip():
                parts.append("".join(loose).strip())
            loose = []
            parts.append(_block(fragment))
        else:
            loose.append(_element(fragment))
        if fragment.tail and fragment.tail.strip():
            loose.append(_escape(_space(fragment.tail)))
    if "".join(loose).strip():
        parts.append("".join(loose).strip())
    return "\n\n".join(p for p in parts if p)


def html_to_text(html: str) -> str:
    """The plain text of an HTML fragment (for choices and other one-line texts)."""
    if not html.strip():
        return ""
    if "<" not in html and "&" not in html:
        return html.strip()
    text = str(lxml.html.fragment_fromstring(html, create_parent="div").text_content())
    return " ".join(text.split())


_BLOCK_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])")


def _is_plain(text: str) -> bool:
    from courseware.export.gift import is_plain

    return is_plain(text)


def text_to_markdown(text: str) -> str:
    """Markdown that shows plain ``text`` as written (escaped only where it must be)."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    out = []
    for paragraph in paragraphs:
        if _is_plain(paragraph):
            out.append(paragraph)
            continue
        lines = [
            _BLOCK_START.sub(r"\1\\\2", _escape(line.strip())) for line in paragraph.split("\n")
        ]
        out.append("\\\n".join(lines))
    return "\n\n".join(out)


def moodle_to_markdown(text: str) -> str:
    """Markdown for Moodle auto-format text: plain text whose lines break, HTML allowed."""
    if "<" in text or "&" in text:
        paragraphs = re.split(r"\n\s*\n", text.strip())
        html = "".join(
            p
            if re.match(r"\s*<(p|div|ul|ol|table|h\d|pre|blockquote)\b", p, re.I)
            else "<p>" + p.replace("\n", "<br>") + "</p>"
            for p in paragraphs
        )
        return html_to_markdown(html)
    return text_to_markdown(text)
