"""Reading what is imported, safely: a size cap, text decoding, zips and XML without entities."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

from lxml import etree

from courseware.errors import CoursewareError, Issue, SourceSpan
from courseware.i18n import says
from courseware.quizimport.command import DEFAULT_MAX_MB

MAX_IMPORT_BYTES = DEFAULT_MAX_MB * 1024 * 1024
"""Default cap on an imported file (like course YAML files); ``--max-size`` raises it."""

MAX_ZIP_RATIO = 200
"""A zip member that expands more than this many times is refused (a zip bomb)."""

MAX_ZIP_MEMBERS = 10_000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters no text format means (YAML refuses them)."""


def fail(path: Path, message: str, *, line: int = 1, hint: str | None = None, code: str) -> None:
    """Raise one error at ``path:line``."""
    raise CoursewareError(Issue("error", message, SourceSpan(path, line, 1), hint=hint, code=code))


def read_capped(path: Path, max_bytes: int) -> bytes:
    """The bytes of ``path``, or an error if it is larger than ``max_bytes``."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            fail(
                path,
                says("quizimport.too-large", size=f"{size:,}", most=f"{max_bytes:,}"),
                hint=says("quizimport.too-large.hint", mb=size // 2**20 + 1),
                code="import-too-large",
            )
        return path.read_bytes()
    except OSError as exc:
        fail(path, says("quizimport.cannot-read", reason=exc.strerror or exc), code="import-read")
        raise AssertionError from exc  # pragma: no cover


def decode(data: bytes) -> str:
    """Text of a GIFT or Aiken file: UTF-8 (with or without BOM), else Windows-1252."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def parse_xml(path: Path, data: bytes, label: str) -> etree._Element:
    """An XML document parsed without DTDs, entities or network; errors at file:line."""
    head = data[:4096].lower()
    if b"<!doctype" in head and (b"<!entity" in data.lower() or b"system" in head):
        fail(
            path,
            says("quizimport.entities", label=label),
            hint=says("quizimport.entities.hint"),
            code="import-entities",
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        fail(
            path,
            says("quizimport.bad-xml", label=label, problem=exc.msg),
            line=exc.lineno or 1,
            hint=says("quizimport.bad-xml.hint"),
            code="import-xml",
        )
        raise AssertionError from exc  # pragma: no cover


def safe_member(name: str) -> bool:
    """True if a zip member name stays inside the package (no zip-slip)."""
    if not name or name.startswith(("/", "\\")) or "\\" in name or ":" in name:
        return False
    return ".." not in PurePosixPath(name).parts


def read_zip(path: Path, data: bytes, max_bytes: int) -> dict[str, bytes]:
    """The members of a zip package, refusing zip-slip names, bombs and oversized contents."""
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        fail(
            path,
            says("quizimport.zip.bad"),
            hint=says("quizimport.zip.bad.hint"),
            code="import-zip",
        )
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if len(infos) > MAX_ZIP_MEMBERS:
        fail(
            path,
            says("quizimport.zip.too-many", n=f"{len(infos):,}", most=f"{MAX_ZIP_MEMBERS:,}"),
            code="import-zip",
        )
    files: dict[str, bytes] = {}
    total = 0
    for info in infos:
        if not safe_member(info.filename):
            fail(
                path,
                says("quizimport.zip.slip", member=repr(info.filename)),
                hint=says("quizimport.zip.slip.hint"),
                code="import-zip-slip",
            )
        total += info.file_size
        if info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1) or total > 8 * max_bytes:
            fail(
                path,
                says("quizimport.zip.bomb", member=repr(info.filename)),
                hint=says("quizimport.zip.bomb.hint"),
                code="import-zip-bomb",
            )
        with archive.open(info) as member:
            content = member.read(info.file_size + 1)
        if len(content) > info.file_size:
            fail(
                path,
                says("quizimport.zip.lies", member=repr(info.filename)),
                hint=says("quizimport.zip.bomb.hint"),
                code="import-zip-bomb",
            )
        files[info.filename] = content
    return files
