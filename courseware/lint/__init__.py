"""Faithfulness to sources (errors) and teaching lint warnings, each with a one-line fix.

Why here and not in ``checks.py``: cross-reference checks say whether a course *can* be
built; these say whether it is true to its sources and pleasant to learn from. Warnings
are silenced per item with a YAML comment on the item's line or the line above::

    # courseware: ignore[alt-text] the photo is described in the caption below
"""

from __future__ import annotations

from pathlib import Path

from courseware.checks_files import is_page_link
from courseware.errors import Issue
from courseware.lint.faithfulness import _unverifiable, faithfulness_issues
from courseware.lint.findings import (
    FAITHFULNESS_CODES,
    LINT_CODES,
    META_CODES,
    _file_lines,
    _Finding,
)
from courseware.lint.ignores import _apply_ignores, _course_files, _ignores
from courseware.lint.links import PAGES, _links, anchor_slug, page_anchors
from courseware.lint.numbers import NumberMatch, find_numbers
from courseware.lint.paths import _internal_paths, visible_paths
from courseware.lint.questions import _answer_patterns, _duplicates
from courseware.lint.sources import SourceText, split_sentences
from courseware.lint.teaching import (
    _images,
    _lesson_objectives,
    _markdown_texts,
    _objectives,
    _videos,
)
from courseware.lint.text import (
    DEFAULT_WPM,
    LEARNER_WPM,
    count_words,
    fold,
    normalize_quote,
    reading_minutes,
)
from courseware.lint.timing import (
    QUESTION_MINUTES,
    TOO_LONG_FACTOR,
    TimeEstimate,
    _durations,
    estimate_lesson,
)
from courseware.model import Course

__all__ = [
    "DEFAULT_WPM",
    "FAITHFULNESS_CODES",
    "LEARNER_WPM",
    "LINT_CODES",
    "META_CODES",
    "PAGES",
    "QUESTION_MINUTES",
    "TOO_LONG_FACTOR",
    "NumberMatch",
    "SourceText",
    "TimeEstimate",
    "anchor_slug",
    "count_words",
    "estimate_lesson",
    "faithfulness_issues",
    "find_numbers",
    "fold",
    "is_page_link",
    "lint_course",
    "normalize_quote",
    "page_anchors",
    "reading_minutes",
    "split_sentences",
    "visible_paths",
]


def lint_course(course: Course, root: Path) -> list[Issue]:
    """Teaching warnings for a loaded course, minus those silenced by ignore comments."""
    _file_lines.cache_clear()
    findings: list[_Finding] = []
    findings += _objectives(course)
    for lesson in course.lessons():
        findings += _lesson_objectives(lesson)
    texts = _markdown_texts(course)
    findings += _images(course, texts)
    findings += _videos(course)
    findings += _answer_patterns(course)
    findings += _duplicates(course)
    findings += _durations(course)
    findings += _links(course, root, texts)
    findings += _unverifiable(course)
    findings += _internal_paths(course)
    issues = _apply_ignores(findings, _ignores(_course_files(course)))
    _file_lines.cache_clear()
    return issues
