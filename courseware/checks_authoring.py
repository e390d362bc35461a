"""Checks for what newcomers stumble on: placeholders left in, durations that do not add
up, and lesson or bank files that ``course.yaml`` does not list.

All are warnings: the course still builds, but the author is told where to look.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from courseware.errors import Issue, SourceSpan
from courseware.i18n import says
from courseware.load.paths import real_path
from courseware.model import Course, Lesson
from courseware.model.blocks import ActivityBlock, AudioBlock, VideoBlock

WARNING_CODES = (
    "placeholder",
    "block-longer-than-lesson",
    "blocks-exceed-lesson",
    "duration-total",
    "unlisted-lesson",
    "unlisted-bank",
)
"""The warnings of ``check`` (the linter's are ``lint.LINT_CODES``); each has a hint in the
catalogue, ``check.<code>.hint``, saying what to change."""


def _warn(code: str, message: str, span: SourceSpan | None, hint: str) -> Issue:
    assert code in WARNING_CODES, code
    return Issue("warning", message, span, hint=hint, code=code)


def shown(minutes: int) -> str:
    """``45 min``, ``1 h``, ``1 h 20 min``."""
    hours, rest = divmod(minutes, 60)
    return " ".join(p for p in (f"{hours} h" if hours else "", f"{rest} min" if rest else "") if p)


# --- placeholders ---------------------------------------------------------------------


def placeholder_issues(course: Course) -> list[Issue]:
    """Texts ``courseware new`` wrote that are still there ("Mi curso", "Tu nombre")."""
    from courseware.scaffold import placeholders

    known = placeholders()
    found: list[tuple[Any, str, str, str]] = [
        (course, "title", says("check.placeholder.title"), course.title),
        (course, "description", says("check.placeholder.description"), course.description),
        (course, "audience", says("check.placeholder.audience"), course.audience),
    ]
    found += [(a, "name", says("check.placeholder.author"), a.name) for a in course.authors]
    found += [
        (o, "text", says("check.placeholder.objective", id=repr(o.id)), o.text)
        for o in course.objectives
    ]
    issues: list[Issue] = []
    for node, name, label, value in found:
        if " ".join(str(value).split()) in known:
            issues.append(
                _warn(
                    "placeholder",
                    says("check.placeholder", label=label, value=repr(value.strip())),
                    node.field_span(name),
                    says("check.placeholder.hint"),
                )
            )
    return issues


# --- durations ------------------------------------------------------------------------


def block_minutes(block: Any) -> int | None:
    """Minutes a block takes in class, when the course says (activities and media)."""
    if isinstance(block, ActivityBlock | VideoBlock | AudioBlock):
        return block.duration
    return None


def _lesson_issues(lesson: Lesson) -> list[Issue]:
    if lesson.duration is None:
        return []
    issues: list[Issue] = []
    claimed = 0
    for block in lesson.blocks:
        minutes = block_minutes(block)
        claimed += minutes or 0
        if minutes is not None and minutes > lesson.duration:
            issues.append(
                _warn(
                    "block-longer-than-lesson",
                    says(
                        "check.block-longer-than-lesson",
                        block=block.type,
                        minutes=shown(minutes),
                        lesson=repr(lesson.id),
                        duration=shown(lesson.duration),
                    ),
                    block.field_span("duration"),
                    says(
                        "check.block-longer-than-lesson.hint",
                        block=block.type,
                        minutes=shown(minutes),
                    ),
                )
            )
    if claimed > lesson.duration and not issues:
        issues.append(
            _warn(
                "blocks-exceed-lesson",
                says(
                    "check.blocks-exceed-lesson",
                    lesson=repr(lesson.id),
                    minutes=shown(claimed),
                    duration=shown(lesson.duration),
                ),
                lesson.field_span("duration"),
                says("check.blocks-exceed-lesson.hint", claimed=claimed),
            )
        )
    return issues


def duration_issues(course: Course) -> list[Issue]:
    """Blocks longer than their lesson; a declared course total that is not the lessons' sum."""
    issues = [issue for lesson in course.lessons() for issue in _lesson_issues(lesson)]
    known = [lesson.duration for lesson in course.lessons() if lesson.duration is not None]
    if course.duration is not None and known and sum(known) != course.duration:
        modules = " + ".join(
            shown(sum(les.duration or 0 for les in module.lessons)) for module in course.modules
        )
        issues.append(
            _warn(
                "duration-total",
                says(
                    "check.duration-total",
                    declared=shown(course.duration),
                    total=shown(sum(known)),
                    modules=modules,
                ),
                course.field_span("duration"),
                says("check.duration-total.hint", total=shown(sum(known))),
            )
        )
    return issues


# --- files course.yaml does not list --------------------------------------------------


def _real(path: Path) -> str:
    """``path.resolve()`` as a string, each folder resolved once per load (not per file)."""
    return real_path(os.path.join(os.getcwd(), path))


def _loaded(nodes: list[Any]) -> set[str]:
    return {_real(node.source_file) for node in nodes if node.source_file is not None}


def _on_disk(root: Path, folder: str) -> list[Path]:
    return sorted(p for p in (root / folder).glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def unlisted_files(course: Course, root: Path) -> list[Issue]:
    """Lesson and bank files in ``lessons/`` and ``banks/`` that no output includes."""
    issues: list[Issue] = []
    where = course.field_span("modules")
    listed = _loaded(course.lessons())
    for path in _on_disk(root, "lessons"):
        if _real(path) not in listed:
            issues.append(
                _warn(
                    "unlisted-lesson",
                    says("check.unlisted-lesson", name=path.name),
                    SourceSpan(path, 1, 1),
                    says("check.unlisted-lesson.hint_line", name=path.name, line=where.line)
                    if where
                    else says("check.unlisted-lesson.hint", name=path.name),
                )
            )
    banks = _loaded(course.banks)
    for path in _on_disk(root, "banks"):
        if _real(path) not in banks:
            issues.append(
                _warn(
                    "unlisted-bank",
                    says("check.unlisted-bank", name=path.name),
                    SourceSpan(path, 1, 1),
                    says("check.unlisted-bank.hint", name=path.name),
                )
            )
    return issues


def unlisted_question(course: Course, root: Path, question_id: str) -> str | None:
    """Where an unknown question id is defined, in a bank course.yaml does not list."""
    pattern = re.compile(rf"^\s*(?:-\s+)?id:\s*['\"]?{re.escape(question_id)}['\"]?\s*(?:#.*)?$")
    banks = _loaded(course.banks)
    for path in _on_disk(root, "banks"):
        if _real(path) in banks:
            continue
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(lines, 1):
            if pattern.match(line):
                return says(
                    "check.unlisted-question.hint",
                    question=repr(question_id),
                    name=path.name,
                    line=number,
                )
    return None


def authoring_issues(course: Course, root: Path) -> list[Issue]:
    """Every warning of this module for a loaded course."""
    return placeholder_issues(course) + duration_issues(course) + unlisted_files(course, root)
