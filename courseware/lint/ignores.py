"""Ignore comments: ``# courseware: ignore[code] reason`` silencing warnings."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from courseware.errors import Issue, SourceSpan
from courseware.i18n import says
from courseware.lint.findings import (
    LINT_CODES,
    _Finding,
)
from courseware.model import Course
from courseware.model.base import Node

_IGNORE = re.compile(r"#\s*courseware:\s*ignore\[([^\]]*)\][ \t]*(.*?)\s*$")


@dataclass
class _Ignore:
    span: SourceSpan
    codes: tuple[str, ...]
    reason: str
    used: bool = False


def _ignores(files: Iterable[Path]) -> list[_Ignore]:
    found: list[_Ignore] = []
    for path in sorted(set(files), key=str):
        try:
            raw = path.read_bytes()
            if b"courseware:" not in raw:
                continue  # most files silence nothing: nothing to decode or search
            text = raw.decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            match = _IGNORE.search(line)
            if match:
                codes = tuple(c.strip() for c in match[1].split(",") if c.strip())
                found.append(_Ignore(SourceSpan(path, number, match.start() + 1), codes, match[2]))
    return found


def _course_files(course: Course) -> set[Path]:
    """course.yaml, the lesson files and the bank files."""
    nodes: list[Node] = [course, *course.lessons(), *course.banks]
    # Not ``node.span.path``: a span unpacks the places of its whole file (20 us a file).
    return {file for node in nodes if (file := node.source_file) is not None}


def _apply_ignores(findings: list[_Finding], ignores: list[_Ignore]) -> list[Issue]:
    by_line: dict[tuple[Path, int], list[_Ignore]] = defaultdict(list)
    for ignore in ignores:
        by_line[(ignore.span.path, ignore.span.line)].append(ignore)
    kept: list[Issue] = []
    for finding in findings:
        silenced = False
        for anchor in finding.anchors:
            for line in (anchor.line, anchor.line - 1):
                for ignore in by_line.get((anchor.path, line), []):
                    if finding.issue.code in ignore.codes and ignore.reason:
                        ignore.used = silenced = True
        if not silenced:
            kept.append(finding.issue)
    for ignore in ignores:
        unknown = [c for c in ignore.codes if c not in LINT_CODES]
        if not ignore.reason:
            kept.append(
                Issue(
                    "warning",
                    says("lint.ignore-no-reason"),
                    ignore.span,
                    hint=says("lint.ignore-no-reason.hint"),
                    code="ignore-no-reason",
                )
            )
        elif unknown or not ignore.codes:
            kept.append(
                Issue(
                    "warning",
                    says("lint.ignore-unknown-code", code=repr(unknown[0] if unknown else "")),
                    ignore.span,
                    hint=says("lint.ignore-unknown-code.hint", codes=", ".join(LINT_CODES)),
                    code="ignore-unknown-code",
                )
            )
        elif not ignore.used:
            kept.append(
                Issue(
                    "warning",
                    says("lint.ignore-unused", codes=", ".join(ignore.codes)),
                    ignore.span,
                    hint=says("lint.ignore-unused.hint"),
                    code="ignore-unused",
                )
            )
    return kept
