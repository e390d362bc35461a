"""The instructor view: the course site with each block's facilitation notes and each
lesson's timing plan, written to its own folder (``DIR/<course-id>/instructor/``).

Why a separate build, not a toggle in the learners' pages: ``instructor_notes`` may hold
what learners must not read (answers, how to run an activity), so the learners' site,
EPUB and packages are drawn without them, and only this output has them. Its pages say
on each screen that they are for instructors, ask search engines not to index them
(``<meta name="robots">`` and ``robots.txt``), and keep the learners' page names, so an
instructor can open the same lesson in both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from courseware.i18n import Messages
from courseware.model import Lesson
from courseware.model.blocks import ActivityBlock, AudioBlock, VideoBlock

OUTPUT = "instructor"
"""The output's name: its folder in ``DIR/<course-id>/`` and its name in ``outputs: build:``."""

STYLESHEET = "assets/instructor.css"
"""The theme's stylesheet for the instructor view: left out of the learners' site."""

ROBOTS = b"User-agent: *\nDisallow: /\n"
"""``robots.txt`` of the instructor view: no page of it is to be crawled."""

_LABELS = {ActivityBlock: "activity.label", VideoBlock: "media.video", AudioBlock: "media.audio"}
"""Catalogue keys naming the kinds of block that take class time of their own."""


@dataclass(frozen=True)
class PlanRow:
    """One block that takes class time: its number in the lesson, kind, title and minutes."""

    number: int
    kind: str
    title: str
    minutes: int


@dataclass(frozen=True)
class LessonPlan:
    """A lesson's timing plan: the timed blocks, the minutes left over, and the total."""

    rows: tuple[PlanRow, ...]
    open_minutes: int | None
    """The lesson's minutes no block claims (None when the lesson gives no duration)."""
    total: int | None
    """The lesson's duration as declared, else the sum of its blocks (None if neither)."""


def lesson_plan(lesson: Lesson, ui: Messages) -> LessonPlan:
    """The timing plan of ``lesson`` (the same figures as the instructor guide's table)."""
    rows = []
    for number, block in enumerate(lesson.blocks, start=1):
        minutes = _minutes(block)
        if minutes:
            title = str(getattr(block, "title", None) or "")
            rows.append(PlanRow(number, ui(_LABELS[type(block)]), title, minutes))
    claimed = sum(row.minutes for row in rows)
    if lesson.duration is None:
        return LessonPlan(tuple(rows), None, claimed or None)
    return LessonPlan(tuple(rows), max(0, lesson.duration - claimed), lesson.duration)


def _minutes(block: Any) -> int | None:
    """Minutes a block takes in class, when the course says (as the guide counts them)."""
    if isinstance(block, ActivityBlock | VideoBlock | AudioBlock):
        minutes: int | None = block.duration
        return minutes
    return None


__all__ = ["OUTPUT", "ROBOTS", "STYLESHEET", "LessonPlan", "PlanRow", "lesson_plan"]
