"""Course -> EPUB 3: reflowable, for reading on phones and e-readers without a connection.

The chapters come from the same print templates as the PDFs (``pdf/epub/`` of the theme),
without room to write: questions are answered at the end of each chapter. The package is
built with ``zipfile`` (``mimetype`` first and stored, fixed times, sorted entries) and its
XML with lxml, so two builds are byte-identical. Audio and video are not packed: a reader
gets the transcript and the name of the file in the digital version.
"""

from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote

import lxml.html
from lxml import etree

from courseware.errors import CoursewareError, Issue
from courseware.i18n import says
from courseware.load import LoadedCourse
from courseware.render.pdf import Printer, build_time
from courseware.svg import clean_svg
from courseware.themes import resolve_theme

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
CONTAINER = "urn:oasis:names:tc:opendocument:xmlns:container"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ROOT = "EPUB"
FALLBACK_TIME = "2000-01-01T00:00:00Z"
"""``dcterms:modified`` when neither SOURCE_DATE_EPOCH nor the course date is given."""

MEDIA_TYPES = {
    ".xhtml": "application/xhtml+xml",
    ".css": "text/css",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}


@dataclass(frozen=True)
class EpubOptions:
    """Options of the EPUB: a fixed build time (None: SOURCE_DATE_EPOCH, then the course date)."""

    source_date_epoch: int | None = None


def _copy(element: Any, parent: Any) -> Any:
    """Copy an lxml.html element into the XHTML namespace (comments are dropped)."""
    tag = f"{{{XHTML}}}{element.tag}"
    if parent is None:
        node = etree.Element(tag, nsmap={None: XHTML, "epub": OPS})
    else:
        node = etree.SubElement(parent, tag)
    for name, value in element.attrib.items():
        if name.startswith("epub:"):
            node.set(f"{{{OPS}}}{name[5:]}", value)
        elif ":" not in name and name not in ("xmlns", "loading", "decoding"):
            node.set(name, value)
    node.text = element.text
    for child in element:
        if isinstance(child.tag, str):
            _copy(child, node).tail = child.tail
        elif child.tail and len(node):
            node[-1].tail = (node[-1].tail or "") + child.tail
        elif child.tail:
            node.text = (node.text or "") + child.tail
    return node


def to_xhtml(html: str) -> bytes:
    """An HTML document as well-formed XHTML (XHTML namespace, ``epub:`` attributes)."""
    root = _copy(lxml.html.document_fromstring(html), None)
    lang = root.get("lang")
    if lang:
        root.set(XML_LANG, lang)
    body: bytes = etree.tostring(root, encoding="utf-8")
    return b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n' + body + b"\n"


def _zip(files: dict[str, bytes], stamp: str) -> bytes:
    """The EPUB container: ``mimetype`` first and stored, then sorted entries, fixed times."""
    date_time = (
        max(1980, int(stamp[0:4])),
        int(stamp[5:7]),
        int(stamp[8:10]),
        int(stamp[11:13]),
        int(stamp[14:16]),
        int(stamp[17:19]),
    )
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("mimetype", date_time)
        info.compress_type = zipfile.ZIP_STORED
        info.create_system = 3  # as Unix made it, wherever it is made (Windows says 0)
        info.external_attr = 0o644 << 16
        archive.writestr(info, b"application/epub+zip")
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


def _container() -> bytes:
    root = etree.Element(f"{{{CONTAINER}}}container", nsmap={None: CONTAINER}, version="1.0")
    rootfiles = etree.SubElement(root, f"{{{CONTAINER}}}rootfiles")
    etree.SubElement(
        rootfiles,
        f"{{{CONTAINER}}}rootfile",
        {"full-path": f"{ROOT}/package.opf", "media-type": "application/oebps-package+xml"},
    )
    data: bytes = etree.tostring(root, encoding="utf-8", xml_declaration=True)
    return data


SVG_MOTION = (b"<animate", b"<set", b"@keyframes", b"<script")


def may_move(name: str, data: bytes) -> bool:
    """Whether an image may move or flash: GIF and WebP may animate, SVG when it says so."""
    suffix = PurePosixPath(name).suffix.lower()
    return suffix in (".gif", ".webp") or (suffix == ".svg" and any(m in data for m in SVG_MOTION))


def accessibility(media_types: set[str], summary: str, moving: bool) -> list[tuple[str, str]]:
    """schema.org accessibility metadata (EPUB Accessibility 1.1) for the package document.

    Text is always there and sufficient on its own (images carry alternative text; audio and
    video are not packed, their transcripts are); ``visual`` when images are packed; hazards
    are ``none`` unless an image ``moving`` may animate, then ``unknown``.
    """
    images = any(t.startswith("image/") for t in media_types)
    features = ["structuralNavigation", "tableOfContents", "readingOrder"]
    out = [("accessMode", "textual")]
    if images:
        out.append(("accessMode", "visual"))
        out.append(("accessModeSufficient", "textual,visual"))
        features.append("alternativeText")
    out.append(("accessModeSufficient", "textual"))
    out += [("accessibilityFeature", f) for f in features]
    hazard = "unknown" if moving else "none"  # nothing sounds: audio and video are not packed
    out.append(("accessibilityHazard", hazard))
    out.append(("accessibilitySummary", summary))
    return out


def _package(
    printer: Printer,
    stamp: str,
    items: list[tuple[str, str, str | None]],
    spine: list[str],
    moving: bool,
) -> bytes:
    """package.opf: metadata, manifest (id, href, properties) and spine (ids)."""
    course = printer.course
    opf = etree.Element(
        f"{{{OPF}}}package",
        nsmap={None: OPF, "dc": DC},
        version="3.0",
        attrib={"unique-identifier": "pub-id", XML_LANG: course.language},
    )
    meta = etree.SubElement(opf, f"{{{OPF}}}metadata")
    ident = uuid.uuid5(uuid.NAMESPACE_URL, f"courseware:{course.id}:{course.version}")
    etree.SubElement(meta, f"{{{DC}}}identifier", id="pub-id").text = f"urn:uuid:{ident}"
    etree.SubElement(meta, f"{{{DC}}}title").text = course.title
    etree.SubElement(meta, f"{{{DC}}}language").text = course.language
    for author in course.authors:
        etree.SubElement(meta, f"{{{DC}}}creator").text = author.name
    etree.SubElement(meta, f"{{{DC}}}rights").text = course.license
    if course.subtitle:
        etree.SubElement(meta, f"{{{DC}}}description").text = course.subtitle
    if course.date:
        etree.SubElement(meta, f"{{{DC}}}date").text = course.date
    etree.SubElement(meta, f"{{{OPF}}}meta", property="dcterms:modified").text = stamp
    types = {MEDIA_TYPES.get(PurePosixPath(href).suffix.lower(), "") for _, href, _ in items}
    summary = printer.s("epub.accessibility_summary")
    for name, value in accessibility(types, summary, moving):
        etree.SubElement(meta, f"{{{OPF}}}meta", property=f"schema:{name}").text = value
    manifest = etree.SubElement(opf, f"{{{OPF}}}manifest")
    for item_id, href, properties in items:
        media_type = MEDIA_TYPES.get(PurePosixPath(href).suffix.lower(), "application/octet-stream")
        attrs = {"id": item_id, "href": href, "media-type": media_type}
        if properties:
            attrs["properties"] = properties
        etree.SubElement(manifest, f"{{{OPF}}}item", attrs)
    spine_el = etree.SubElement(opf, f"{{{OPF}}}spine")
    for item_id in spine:
        etree.SubElement(spine_el, f"{{{OPF}}}itemref", idref=item_id)
    data: bytes = etree.tostring(opf, encoding="utf-8", xml_declaration=True, pretty_print=True)
    return data


Toc = list[tuple[str, str, list[tuple[str, str]]]]
"""The EPUB's contents: (document, title, [(lesson document, title)])."""


def render_epub(
    loaded: LoadedCourse, options: EpubOptions | None = None
) -> tuple[dict[str, bytes], list[Issue]]:
    """The course as one EPUB 3 file: ``{"<course-id>.epub": bytes}`` and the issues found."""
    options = options or EpubOptions()
    course = loaded.course
    theme = resolve_theme(course.theme.name, loaded.root, course.theme.field_span("name"))
    stamp = build_time(course, options.source_date_epoch) or FALLBACK_TIME
    printer = Printer(loaded, theme, mode="epub", stamp=stamp)
    docs, issues = _documents(printer)
    issues.extend(printer.issues)
    if any(i.severity == "error" for i in issues):
        return {}, issues
    files = _files(printer, docs, stamp, issues)
    return {f"{course.id}.epub": _zip(files, stamp)}, issues


def _documents(printer: Printer) -> tuple[dict[str, str], list[Issue]]:
    """The XHTML documents of the EPUB, by name, in reading order (the navigation last)."""
    course, s = printer.course, printer.s
    docs: dict[str, str] = {}
    toc: Toc = []
    issues: list[Issue] = []

    def add(name: str, template: str, **context: Any) -> None:
        try:
            docs[name] = printer.render(f"pdf/epub/{template}", **context)
        except CoursewareError as exc:
            issues.extend(exc.issues)

    lesson_files = {lesson.id: printer.chapter(lesson) for lesson in printer.lessons}
    add("front.xhtml", "front.html")
    toc.append(("front.xhtml", s("overview"), []))
    for number, module in enumerate(course.modules, start=1):
        name = f"m{number}-{module.id}.xhtml"
        add(name, "module.html", module=module, number=number, files=lesson_files)
        children = [
            (lesson_files[les.id], f"{printer.lesson_number[les.id]}. {les.title}")
            for les in module.lessons
        ]
        toc.append((name, f"{s('module', n=number)}. {module.title}", children))
        for lesson in module.lessons:
            add(lesson_files[lesson.id], "chapter.html", lesson=lesson)
    if course.glossary:
        add("glossary.xhtml", "glossary.html")
        toc.append(("glossary.xhtml", s("glossary.title"), []))
    if course.sources:
        add("sources.xhtml", "sources.html")
        toc.append(("sources.xhtml", s("sources.title"), []))
    add("nav.xhtml", "nav.html", toc=toc)
    return docs, issues


def _files(
    printer: Printer, docs: dict[str, str], stamp: str, issues: list[Issue]
) -> dict[str, bytes]:
    """Every file of the EPUB container: documents, stylesheet, course files, package.opf
    (the course's cover image marked ``cover-image``)."""
    files: dict[str, bytes] = {"META-INF/container.xml": _container()}
    items: list[tuple[str, str, str | None]] = []
    spine: list[str] = []
    order = ["front.xhtml", "nav.xhtml"] + [
        n for n in docs if n not in ("front.xhtml", "nav.xhtml")
    ]
    for number, name in enumerate(order, start=1):
        files[f"{ROOT}/{name}"] = to_xhtml(docs[name])
        item_id = "nav" if name == "nav.xhtml" else f"doc{number}"
        items.append((item_id, name, "nav" if name == "nav.xhtml" else None))
        spine.append(item_id)
    files[f"{ROOT}/epub.css"] = _theme_file(printer, "epub/epub.css")
    items.append(("css", "epub.css", None))
    cover = printer.course.cover
    cover_file = unquote(printer.media(cover.image)) if cover else None
    for number, (relpath, path) in enumerate(sorted(printer.files.items()), start=1):
        if f"{ROOT}/{relpath}" in files:
            issues.append(
                Issue(
                    "error",
                    says("epub.file-clash", path=repr(relpath)),
                    hint=says("epub.file-clash.hint"),
                    code="epub",
                )
            )
            continue
        data = path.read_bytes()
        files[f"{ROOT}/{relpath}"] = clean_svg(data) if path.suffix.lower() == ".svg" else data
        items.append((f"media{number}", relpath, "cover-image" if relpath == cover_file else None))
    moving = any(may_move(name, data) for name, data in files.items())
    files[f"{ROOT}/package.opf"] = _package(printer, stamp, items, spine, moving)
    return files


def _theme_file(printer: Printer, name: str) -> bytes:
    for folder in printer.theme.chain:
        candidate = folder.path / "pdf" / name
        if candidate.is_file():
            return candidate.read_bytes()
    raise CoursewareError(
        Issue(
            "error",
            says("epub.theme-file", name=f"pdf/{name}"),
            hint=says("epub.theme-file.hint", name=f"pdf/{name}"),
            code="epub",
        )
    )


__all__ = ["EpubOptions", "accessibility", "may_move", "render_epub", "to_xhtml"]
