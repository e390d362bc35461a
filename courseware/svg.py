"""SVG images made safe to publish: drawing only, nothing that runs or loads.

Why: an SVG is a document as well as an image. Opened on its own (a link to the full-size
image, a Markdown link to a course file, a file an LMS serves) its scripts run, with no
page CSP around them. No well-kept Python sanitiser for SVG exists (DOMPurify is
JavaScript), so this is an allowlist over lxml, after DOMPurify's lists: SVG elements that
draw, their attributes without event handlers, references only inside the file (``#id``),
links only to http, https and mailto, images only as ``data:`` pictures. Scripts,
``foreignObject``, animation (it can set ``href``), other namespaces, comments, processing
instructions, the DTD and entities are dropped.
"""

from __future__ import annotations

import re

from lxml import etree

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

ELEMENTS = frozenset(
    {
        "a",
        "circle",
        "clipPath",
        "defs",
        "desc",
        "ellipse",
        "feBlend",
        "feColorMatrix",
        "feComponentTransfer",
        "feComposite",
        "feConvolveMatrix",
        "feDiffuseLighting",
        "feDisplacementMap",
        "feDistantLight",
        "feDropShadow",
        "feFlood",
        "feFuncA",
        "feFuncB",
        "feFuncG",
        "feFuncR",
        "feGaussianBlur",
        "feImage",
        "feMerge",
        "feMergeNode",
        "feMorphology",
        "feOffset",
        "fePointLight",
        "feSpecularLighting",
        "feSpotLight",
        "feTile",
        "feTurbulence",
        "filter",
        "g",
        "image",
        "line",
        "linearGradient",
        "marker",
        "mask",
        "metadata",
        "path",
        "pattern",
        "polygon",
        "polyline",
        "radialGradient",
        "rect",
        "stop",
        "style",
        "svg",
        "switch",
        "symbol",
        "text",
        "textPath",
        "title",
        "tspan",
        "use",
        "view",
    }
)
"""SVG elements that draw (DOMPurify's svg and svgFilters lists, without animation)."""

_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)", re.IGNORECASE)
_BAD_CSS = re.compile(r"@import|expression\s*\(|javascript:|behavior\s*:|-moz-binding", re.I)
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp);base64,", re.IGNORECASE)
_LINK = re.compile(r"(https?:|mailto:|#)", re.IGNORECASE)


def _safe_css(text: str) -> bool:
    """True if CSS loads nothing from outside the file and runs nothing."""
    if _BAD_CSS.search(text):
        return False
    return all(target.strip().startswith("#") for target in _URL.findall(text))


def _safe_reference(tag: str, value: str) -> bool:
    value = "".join(value.split())  # browsers ignore white space inside a URL's scheme
    if value.startswith("#"):
        return True
    if tag == "a":
        return bool(_LINK.match(value))
    return tag in ("image", "feImage") and bool(_DATA_IMAGE.match(value))


def _drop(element: etree._Element) -> None:
    """Remove ``element`` and what it holds, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        before = element.getprevious()
        if before is not None:
            before.tail = (before.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _clean_attributes(element: etree._Element, tag: str) -> bool:
    """Drop the attributes that could run or load; True if one was dropped."""
    dropped = False
    for name in list(element.attrib):
        value = element.attrib[name]
        qname = etree.QName(name)
        local = qname.localname
        foreign = qname.namespace not in (None, XLINK, XML)
        handler = local.lower().startswith("on")
        bad_link = local == "href" and not _safe_reference(tag, value)
        bad_css = ("url(" in value.lower() or local == "style") and not _safe_css(value)
        if foreign or handler or bad_link or bad_css:
            del element.attrib[name]
            dropped = True
    return dropped


def _unsafe(element: etree._Element) -> bool:
    """True if ``element`` (not an attribute) must go: not a drawing element, or a
    processing instruction or entity reference."""
    if isinstance(element, etree._Comment):
        return False
    if not isinstance(element.tag, str):
        return True
    qname = etree.QName(element)
    if qname.namespace != SVG or qname.localname not in ELEMENTS:
        return True
    return qname.localname == "style" and not _safe_css(element.text or "")


def clean_svg(data: bytes) -> bytes:
    """``data`` as an SVG that only draws (see the module's docstring); the same bytes when
    there was nothing to take out.

    A file that is not well-formed XML is read as far as it goes; one with no SVG in it
    becomes an empty picture.
    """
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        root = None
    if root is None or etree.QName(root).namespace != SVG or etree.QName(root).localname != "svg":
        return f'<svg xmlns="{SVG}"/>\n'.encode()
    tree = root.getroottree()
    changed = bool(parser.error_log) or bool(tree.docinfo.doctype)
    for sibling in (*root.itersiblings(preceding=True), *root.itersiblings()):
        changed |= isinstance(sibling, etree._ProcessingInstruction)
    for element in list(root.iter()):
        if _unsafe(element):
            _drop(element)
            changed = True
        elif isinstance(element.tag, str):
            changed |= _clean_attributes(element, etree.QName(element).localname)
    if not changed:
        return data
    etree.cleanup_namespaces(root)
    out: bytes = etree.tostring(root, encoding="utf-8", xml_declaration=True)
    return out + b"\n"
