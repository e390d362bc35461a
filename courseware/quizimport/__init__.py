"""Import existing quiz banks (GIFT, Moodle XML, Aiken) as YAML banks."""

from __future__ import annotations

from pathlib import Path

from courseware.errors import CoursewareError, Issue, SourceSpan
from courseware.quizimport.aiken import read_aiken
from courseware.quizimport.gift import read_gift
from courseware.quizimport.moodle_xml import read_moodle_xml

READERS = {"gift": read_gift, "moodle": read_moodle_xml, "aiken": read_aiken}
"""Format name -> reader of (path, text)."""

__all__ = ["READERS", "guess_format", "import_quiz"]


def guess_format(path: Path, text: str) -> str:
    """The format of a quiz file, from its extension, else from its content."""
    suffix = path.suffix.lower()
    if suffix == ".gift":
        return "gift"
    if suffix == ".xml" or text.lstrip("\ufeff \n").startswith("<"):
        return "moodle"
    if (
        any(line.strip().upper().startswith("ANSWER:") for line in text.splitlines())
        and "{" not in text
    ):
        return "aiken"
    return "gift"


def import_quiz(path: Path, fmt: str | None = None) -> str:
    """The YAML text of a bank read from a GIFT, Moodle XML or Aiken file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="latin-1")
    chosen = fmt or guess_format(path, text)
    if chosen not in READERS:
        raise CoursewareError(
            Issue(
                "error",
                f"unknown quiz format {chosen!r}; known: {', '.join(READERS)}",
                SourceSpan(path, 1, 1),
                code="import-format",
            )
        )
    return READERS[chosen](path, text).yaml()
