"""Helpers the HTML pages and the printed documents share: headings, cloze pieces, timing."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from courseware.model.course import Course, Module
from courseware.model.quiz import BLANK_PATTERN, Blank, ClozeQuestion

_HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)

ClozePiece = tuple[str, Any, int]
"""("html", Markup, 0) for text, ("blank", Blank, n) for the n-th blank."""


def cloze_pieces(question: ClozeQuestion, html: str) -> list[ClozePiece]:
    """Split the rendered cloze text ``html`` at its ``[[blank]]`` markers."""
    blanks = {b.id: b for b in question.blanks}
    parts: list[ClozePiece] = []
    position = 0
    for number, match in enumerate(BLANK_PATTERN.finditer(html), start=1):
        parts.append(("html", Markup(html[position : match.start()]), 0))
        blank: Blank = blanks[match.group(1)]
        parts.append(("blank", blank, number))
        position = match.end()
    parts.append(("html", Markup(html[position:]), 0))
    return parts


def module_minutes(module: Module) -> int | None:
    """Sum of the lesson durations, if any lesson has one."""
    known = [les.duration for les in module.lessons if les.duration is not None]
    return sum(known) if known else None


def course_minutes(course: Course) -> int | None:
    """The sum of the modules' durations; the declared duration only if no lesson has one.

    Why the sum first: the guide's plan, the home page and the PDF cover must show numbers
    that add up (``check`` warns when a declared total disagrees).
    """
    known = [m for m in (module_minutes(mod) for mod in course.modules) if m]
    return sum(known) if known else course.duration


def shift_headings(html: str, top: int) -> str:
    """Renumber headings so the highest one in ``html`` becomes ``<h{top}>`` (max h6)."""
    levels = [int(m.group(2)) for m in _HEADING.finditer(html)]
    if not levels:
        return html
    delta = top - min(levels)
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + delta)}", html)
