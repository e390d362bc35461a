"""Lesson time: a lesson far over its duration warns; the estimate counts what a lesson holds."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from courseware.lint import estimate_lesson
from courseware.load import LoadedCourse
from courseware.model import Lesson
from courseware.model.blocks import CalloutBlock, TextBlock
from tests.authoring.conftest import Workbench, at
from tests.lint.conftest import (
    LESSON4,
    PROSE,
    only,
)


def test_lesson_far_over_its_duration(sample: Workbench) -> None:
    sample.edit(LESSON4, "duration: 40 min", "duration: 15 min")
    issue = only(sample.lint(), "lesson-too-long")
    assert at(issue, sample, LESSON4, 4)
    assert "15 min" in issue.message and "duration: 35 min" in (issue.hint or "")


def test_lesson_just_over_its_duration_is_fine(sample: Workbench) -> None:
    sample.edit(LESSON4, "duration: 40 min", "duration: 25 min")  # estimate ~31 < 1.5 x 25
    assert sample.lint() == []


def test_estimate_counts_media_and_activities(sample_loaded: LoadedCourse) -> None:
    course = sample_loaded.course
    lesson = next(les for les in course.lessons() if les.id == "guanajuato")
    estimate = estimate_lesson(lesson, course.language, course.questions())
    assert estimate.activities == 25
    assert estimate.minutes > estimate.activities + estimate.reading


MARKDOWN = st.lists(
    st.sampled_from([*"ab áZ09 \n.,-'[]()<>:/\"", "![x](y.png)", "<b>", "[t]: u", ' "t")']),
    max_size=30,
).map("".join)


def _lesson(plain: list[str | None], markdown: list[str]) -> Lesson:
    """A lesson of callouts with plain titles and text blocks of Markdown (unvalidated)."""
    blocks: list[Any] = [
        CalloutBlock.model_construct(type="callout", title=t, body=None) for t in plain
    ]
    blocks += [TextBlock.model_construct(type="text", body=t) for t in markdown]
    return Lesson.model_construct(id="x", title="x", summary=None, blocks=blocks)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(PROSE, st.none()), max_size=6), st.lists(MARKDOWN, max_size=6))
def test_a_lesson_counts_the_words_of_its_blocks_each_counted_alone(
    plain: list[str | None], markdown: list[str]
) -> None:
    """A lesson's estimate counts its many short texts in one go: the same words."""
    whole = estimate_lesson(_lesson(plain, markdown), "es").words
    alone = sum(estimate_lesson(_lesson([t], []), "es").words for t in plain)
    alone += sum(estimate_lesson(_lesson([], [t]), "es").words for t in markdown)
    assert whole == alone


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(PROSE, st.none()), max_size=6), st.lists(MARKDOWN, max_size=6))
def test_the_quick_bound_on_words_is_never_below_the_count(
    plain: list[str | None], markdown: list[str]
) -> None:
    """Lessons whose bound is short enough are never counted: the bound must hold."""
    lesson = _lesson(plain, markdown)
    bound = estimate_lesson(lesson, "es", exact=False)
    assert bound.words >= estimate_lesson(lesson, "es").words


def test_a_lesson_short_by_the_bound_is_short_by_the_count(sample_loaded: LoadedCourse) -> None:
    course = sample_loaded.course
    for lesson in course.lessons():
        exact = estimate_lesson(lesson, course.language, course.questions())
        bound = estimate_lesson(lesson, course.language, course.questions(), exact=False)
        assert bound.words >= exact.words and bound.minutes >= exact.minutes
        assert (bound.media, bound.activities, bound.questions) == (
            exact.media,
            exact.activities,
            exact.questions,
        )
