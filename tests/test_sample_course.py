"""The sample course meets its brief: size, every block and question type, objectives everywhere."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from courseware.load import LoadedCourse, load_course
from courseware.model import BLOCK_TYPES, QUESTION_TYPES

SAMPLE = Path(__file__).resolve().parents[1] / "courses" / "aldeas-digitales"


@pytest.fixture(scope="module")
def loaded() -> LoadedCourse:
    return load_course(SAMPLE)


def test_sample_is_spanish_and_large_enough(loaded: LoadedCourse) -> None:
    course = loaded.course
    assert course.language.startswith("es")
    assert len(course.modules) >= 3
    assert len(course.lessons()) >= 8
    assert sum(len(b.questions) for b in course.banks) >= 30


def test_every_block_type_is_used(loaded: LoadedCourse) -> None:
    used = Counter(block.type for lesson in loaded.course.lessons() for block in lesson.blocks)
    assert set(BLOCK_TYPES) <= set(used), set(BLOCK_TYPES) - set(used)


def test_every_question_type_is_used_at_least_twice(loaded: LoadedCourse) -> None:
    used = Counter(q.type for bank in loaded.course.banks for q in bank.questions)
    assert all(used[t] >= 2 for t in QUESTION_TYPES), used


def test_every_lesson_serves_an_objective(loaded: LoadedCourse) -> None:
    assert all(lesson.objectives for lesson in loaded.course.lessons())


def test_lessons_live_in_their_own_files(loaded: LoadedCourse) -> None:
    files = {str(lesson.span.path) for lesson in loaded.course.lessons() if lesson.span}
    assert len(files) == len(loaded.course.lessons())
    assert all("/lessons/" in f for f in files)


def test_the_source_is_named(loaded: LoadedCourse) -> None:
    sources = {s.id: s for s in loaded.course.sources}
    assert "Alizilla" in sources["gdt-mexico"].publisher
