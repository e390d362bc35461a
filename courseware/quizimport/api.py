"""The import API: read a quiz file of any supported format into a YAML bank."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from courseware.errors import CoursewareError, Issue, SourceSpan
from courseware.i18n import says
from courseware.quizimport.aiken import read_aiken
from courseware.quizimport.common import BankBuilder
from courseware.quizimport.gift import read_gift
from courseware.quizimport.media import MediaStore
from courseware.quizimport.moodle_xml import read_moodle_xml
from courseware.quizimport.qti_package import read_qti_package
from courseware.quizimport.source import MAX_IMPORT_BYTES, decode, read_capped
from courseware.quizimport.yamlout import bank_yaml

_AIKEN_ANSWER = re.compile(r"ANSWER:\s*[A-Z]", re.IGNORECASE)

Reader = Callable[[Path, bytes, MediaStore, int], BankBuilder]


def _text_reader(read: Callable[[Path, str], BankBuilder]) -> Reader:
    return lambda path, data, media, cap: read(path, decode(data))


READERS: dict[str, Reader] = {
    "gift": lambda path, data, media, cap: read_gift(path, decode(data), media),
    "aiken": _text_reader(read_aiken),
    "moodle": lambda path, data, media, cap: read_moodle_xml(path, data, media),
    "qti": read_qti_package,
}
"""Format name -> reader of (path, bytes, media store, size cap)."""

__all__ = [
    "MAX_IMPORT_BYTES",
    "READERS",
    "ImportResult",
    "guess_format",
    "import_bank",
    "import_quiz",
]


@dataclass
class ImportResult:
    """What an import made: the YAML text, the files for ``media/`` and the diagnostics."""

    yaml: str
    imported: int
    losses: int
    issues: list[Issue] = field(default_factory=list)
    media: MediaStore = field(default_factory=MediaStore)
    notes: list[str] = field(default_factory=list)


def guess_format(path: Path, data: bytes | str) -> str:
    """The format of a quiz file, from its extension, else from its content."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    suffix = path.suffix.lower()
    if suffix == ".gift":
        return "gift"
    if suffix in {".zip", ".imscc"} or raw[:4] == b"PK\x03\x04":
        return "qti"
    head = raw[:2048].lstrip(b"\xef\xbb\xbf \r\n\t")
    if head.startswith(b"<"):
        return "qti" if b"questestinterop" in head or b"assessmentItem" in head else "moodle"
    if suffix == ".xml":
        return "moodle"
    text = decode(raw[:65536])
    lines = [line.strip() for line in text.splitlines()]
    answers = sum(bool(_AIKEN_ANSWER.fullmatch(line)) for line in lines)
    gift = sum(line.startswith(("::", "$CATEGORY:")) or line.endswith("}") for line in lines)
    if answers and answers >= gift:
        return "aiken"
    return "gift"


def import_bank(
    path: Path, fmt: str | None = None, *, max_bytes: int = MAX_IMPORT_BYTES
) -> ImportResult:
    """Read a quiz file; a CoursewareError only if the file as a whole cannot be read."""
    data = read_capped(path, max_bytes)
    chosen = fmt or guess_format(path, data)
    if chosen not in READERS:
        raise CoursewareError(
            Issue(
                "error",
                says("quizimport.unknown-format", format=repr(chosen)),
                SourceSpan(path, 1, 1),
                hint=says("quizimport.unknown-format.hint", formats=", ".join(READERS)),
                code="import-format",
            )
        )
    media = MediaStore()
    bank = READERS[chosen](path, data, media, max_bytes)
    bank.check()
    return ImportResult(
        yaml=bank_yaml(bank, path.name),
        imported=len(bank.questions),
        losses=bank.loss_count(),
        issues=bank.issues,
        media=media,
        notes=bank.notes,
    )


def import_quiz(path: Path, fmt: str | None = None) -> str:
    """The YAML text of a bank; a CoursewareError if no question could be imported."""
    result = import_bank(path, fmt)
    if not result.imported:
        raise CoursewareError(
            result.issues
            or [
                Issue(
                    "error",
                    says("quizimport.empty"),
                    SourceSpan(path, 1, 1),
                    hint=says("quizimport.empty.hint"),
                    code="import-empty",
                )
            ]
        )
    return result.yaml
