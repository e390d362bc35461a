"""Lint codes, the warning record and how it finds its place in a source file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from courseware.errors import Issue, SourceSpan
from courseware.i18n import says
from courseware.model import Course
from courseware.model.base import Node

LINT_CODES: dict[str, str] = {
    "objective-unassessed": "a course objective that no (ready) question assesses",
    "lesson-no-objective": "a lesson that names no objective",
    "alt-text": "an image whose alt text says nothing (empty, 'image', the file name)",
    "video-no-captions": "a video without a captions track",
    "answer-longest": "the correct option is the longest one in every question of a bank",
    "answer-position": "the correct option always sits in the same place across a bank",
    "duplicate-question": "two questions ask the same thing",
    "lesson-too-long": "a lesson's reading, media and activity time far exceeds its duration",
    "dead-link": "a link to an anchor or page that does not exist",
    "quote-unverified": "a quotation or figure whose source has no file to check it against",
    "internal-path": "learner-facing text that shows a path of the course's own files",
}
"""Warning codes that ``# courseware: ignore[code] reason`` can silence."""

FAITHFULNESS_CODES = ("quote-not-in-source", "figure-not-in-source")
"""Error codes of ``faithfulness_issues``."""

META_CODES = ("ignore-no-reason", "ignore-unknown-code", "ignore-unused")
"""Warnings about ignore comments themselves (never silenced)."""


@dataclass(frozen=True)
class _Finding:
    """A warning and the places where an ignore comment may silence it."""

    issue: Issue
    anchors: tuple[SourceSpan, ...]


def _warn(
    code: str,
    message: str,
    span: SourceSpan | None,
    hint: str,
    *,
    owner: Node | None = None,
    related: Iterable[SourceSpan | None] = (),
) -> _Finding:
    if code in LINT_CODES:
        hint = says("lint.silence", hint=hint, code=code)
    issue = Issue(
        "warning",
        message,
        span,
        hint=hint,
        code=code,
        related=tuple(s for s in related if s is not None),
    )
    anchors = tuple(s for s in (span, owner.span if owner else None) if s is not None)
    return _Finding(issue, anchors)


@cache
def _file_lines(path: Path) -> tuple[str, ...]:
    try:
        return tuple(path.read_text(encoding="utf-8-sig").splitlines())
    except (OSError, UnicodeDecodeError):
        return ()


def _locate(span: SourceSpan | None, needle: str, skip: int = 0) -> SourceSpan | None:
    """Where ``needle`` (past its first ``skip`` characters) is written at or after ``span``."""
    if span is None or not needle:
        return span
    lines = _file_lines(span.path)
    for index in range(span.line - 1, min(len(lines), span.line + 400)):
        column = lines[index].find(needle)
        if column >= 0:
            return SourceSpan(span.path, index + 1, column + 1 + skip)
    return span


def _ready(course: Course) -> list[Any]:
    return [q for bank in course.banks for q in bank.questions if q.status == "ready"]
