"""Printing diagnostics: ``file:line:col: error: message``, the source line and a caret."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import TextIO

from courseware.errors import Issue
from courseware.i18n import says


@lru_cache(maxsize=64)
def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    except OSError:
        return []


def snippet(issue: Issue) -> str | None:
    """The offending source line with a caret under the column, or None."""
    if issue.span is None:
        return None
    lines = _lines(issue.span.path)
    if not 1 <= issue.span.line <= len(lines):
        return None
    text = lines[issue.span.line - 1].replace("\t", " ")
    number = f"{issue.span.line:>4} | "
    caret = " " * (len(number) + max(issue.span.column - 1, 0)) + "^"
    return f"{number}{text}\n{caret}"


def format_issue(issue: Issue) -> str:
    """The full text of one diagnostic: headline, snippet and hint."""
    where = f"{issue.span}: " if issue.span else ""
    parts = [f"{where}{says('diag.' + issue.severity)}: {issue.message}"]
    shown = snippet(issue)
    if shown:
        parts.append(shown)
    if issue.hint:
        parts.append(f"     = {issue.hint}")
    for related in issue.related:
        parts.append(f"     = {says('diag.see_also', where=related)}")
    return "\n".join(parts)


def sort_issues(issues: list[Issue]) -> list[Issue]:
    """Order by file, line and column, issues without a place last."""
    return sorted(
        issues,
        key=lambda i: (
            i.span is None,
            str(i.span.path) if i.span else "",
            i.span.line if i.span else 0,
            i.span.column if i.span else 0,
        ),
    )


def print_issues(issues: list[Issue], stream: TextIO) -> None:
    """Print every diagnostic in source order, then a count."""
    for issue in sort_issues(issues):
        stream.write(format_issue(issue) + "\n")
    errors = sum(i.severity == "error" for i in issues)
    warnings = len(issues) - errors
    if issues:
        stream.write(says("diag.count", errors=errors, warnings=warnings) + "\n")


def issues_json(issues: list[Issue]) -> str:
    """Machine-readable diagnostics for ``--format json``."""
    ordered = sort_issues(issues)
    return json.dumps(
        {
            "ok": not any(i.severity == "error" for i in issues),
            "errors": sum(i.severity == "error" for i in issues),
            "warnings": sum(i.severity == "warning" for i in issues),
            "diagnostics": [i.to_json() for i in ordered],
        },
        ensure_ascii=False,
        indent=2,
    )
