"""Reading what is imported, safely: a size cap, text decoding, zips and XML without entities."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

from lxml import etree

from courseware.errors import CoursewareError, Issue, SourceSpan
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
                f"file is {size:,} bytes; imports are limited to {max_bytes:,}",
                hint=f"split the file, or raise the limit: --max-size {size // 2**20 + 1}",
                code="import-too-large",
            )
        return path.read_bytes()
    except OSError as exc:
        fail(path, f"cannot read the file: {exc.strerror or exc}", code="import-read")
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
            f"{label}: the document declares entities or an external DTD, which are refused",
            hint="export the questions again without a DOCTYPE",
            code="import-entities",
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        fail(path, f"{label}: {exc.msg}", line=exc.lineno or 1, code="import-xml")
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
        fail(path, "not a readable zip file", code="import-zip")
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if len(infos) > MAX_ZIP_MEMBERS:
        fail(
            path,
            f"the package holds {len(infos):,} files; at most {MAX_ZIP_MEMBERS:,}",
            code="import-zip",
        )
    files: dict[str, bytes] = {}
    total = 0
    for info in infos:
        if not safe_member(info.filename):
            fail(
                path,
                f"the package member {info.filename!r} points outside the package",
                hint="a zip-slip name; the package is refused",
                code="import-zip-slip",
            )
        total += info.file_size
        if info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1) or total > 8 * max_bytes:
            fail(
                path,
                f"the package member {info.filename!r} expands too much",
                hint="a zip bomb, or raise the limit with --max-size",
                code="import-zip-bomb",
            )
        with archive.open(info) as member:
            content = member.read(info.file_size + 1)
        if len(content) > info.file_size:
            fail(
                path,
                f"the package member {info.filename!r} is larger than it says",
                code="import-zip-bomb",
            )
        files[info.filename] = content
    return files
