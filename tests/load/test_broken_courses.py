"""A dozen broken copies of the sample course: each error names the right file:line:col."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.load.conftest import CourseCopy, Place, run_check


@dataclass
class Expected:
    """Where the diagnostic must point and a fragment of its message."""

    place: Place
    column: int
    message: str


def _only_error(report: dict[str, Any]) -> dict[str, Any]:
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert len(errors) == 1, errors
    return errors[0]


def break_yaml_syntax(c: CourseCopy) -> Expected:
    place = c.find(r"^title: ", "lessons/*.yaml")
    c.replace_line(place, "title: [Lección sin cerrar")
    # The caret goes where the unclosed bracket opens, not where the parser gave up.
    broken = Place(place.path, place.line, "title: [Lección sin cerrar")
    return Expected(broken, broken.column_of("["), "the [ opened here is not closed")


def duplicate_key(c: CourseCopy) -> Expected:
    place = c.find(r"^title: ", "lessons/*.yaml")
    c.replace_line(place, place.text, "title: Otra vez")
    return Expected(
        Place(place.path, place.line + 1, "title: Otra vez"), 1, "duplicate key 'title'"
    )


def wrong_type(c: CourseCopy) -> Expected:
    place = c.find(r"^duration: ", "lessons/*.yaml")
    c.replace_line(place, "duration: [20]")
    return Expected(Place(place.path, place.line, "duration: [20]"), 11, "expected")


def missing_field(c: CourseCopy) -> Expected:
    place = c.find(r"^title: ", "lessons/*.yaml")
    first = c.find(r"^[a-z]", str(place.path.relative_to(c.root)))
    c.replace_line(place)
    return Expected(first, 1, "missing required key `title`")


def unknown_block_type(c: CourseCopy) -> Expected:
    place = c.find(r"^  - type: callout$", "lessons/*.yaml")
    c.replace_line(place, "  - type: calloutt")
    return Expected(place, place.column_of("callout"), "unknown type 'calloutt'")


def unknown_key(c: CourseCopy) -> Expected:
    place = c.find(r"^    kind: ", "lessons/*.yaml")
    c.replace_line(place, place.text, "    kinds: tip")
    return Expected(Place(place.path, place.line + 1, "    kinds: tip"), 5, "did you mean `kind`?")


def dangling_objective(c: CourseCopy) -> Expected:
    place = c.find(r"^objectives: \[", "lessons/*.yaml")
    c.replace_line(place, "objectives: [obj-inexistente]")
    return Expected(place, 14, "unknown objective 'obj-inexistente'")


def missing_image(c: CourseCopy) -> Expected:
    place = c.find(r"^    src: media/.*\.(svg|png)$", "lessons/*.yaml")
    c.replace_line(place, "    src: media/no-existe.png")
    return Expected(place, 10, "image 'media/no-existe.png' not found")


def escaping_path(c: CourseCopy) -> Expected:
    place = c.find(r"^    src: media/.*\.(svg|png)$", "lessons/*.yaml")
    c.replace_line(place, "    src: ../../../../etc/passwd.png")
    return Expected(place, 10, "leads outside the course folder")


def unknown_question(c: CourseCopy) -> Expected:
    place = c.find(r"^    questions: \[", "lessons/*.yaml")
    c.replace_line(place, "    questions: [pregunta-fantasma]")
    return Expected(place, 17, "unknown question 'pregunta-fantasma'")


def unknown_source(c: CourseCopy) -> Expected:
    place = c.find(r"^    source: ", "lessons/*.yaml")
    c.replace_line(place, "    source: fuente-fantasma")
    return Expected(place, 13, "unknown source 'fuente-fantasma'")


def bad_language(c: CourseCopy) -> Expected:
    place = c.find(r"^language: ", "course.yaml")
    c.replace_line(place, "language: español")
    return Expected(place, 11, "not a BCP 47 language tag")


def missing_lesson_file(c: CourseCopy, skip: int = 0) -> Expected:
    place = c.find(r"^      - lessons/", "course.yaml", skip=skip)
    c.replace_line(place, "      - lessons/99-no-existe.yaml")
    return Expected(place, 9, "lesson file 'lessons/99-no-existe.yaml' not found")


def no_correct_choice(c: CourseCopy) -> Expected:
    place = c.find(r"^ +correct: true", "banks/*.yaml")
    lines = place.path.read_text(encoding="utf-8").splitlines()
    start = next(n for n in range(place.line - 1, -1, -1) if lines[n].lstrip().startswith("- id:"))
    c.replace_line(place)
    start_place = Place(place.path, start + 1, lines[start])
    return Expected(start_place, start_place.column_of("id:"), "correct choice")


def numeric_not_a_number(c: CourseCopy) -> Expected:
    place = c.find(r"^    answer: \d", "banks/*.yaml")
    c.replace_line(place, "    answer: ochocientos")
    return Expected(place, 13, "expected a number")


def unknown_question_in_quiz(c: CourseCopy) -> Expected:
    place = c.find(r"^ +- question: ", "banks/*.yaml")
    indent = place.text.index("-")
    text = " " * indent + "- question: no-existe"
    c.replace_line(place, text)
    return Expected(
        Place(place.path, place.line, text), indent + 13, "unknown question id 'no-existe'"
    )


def duplicate_choice(c: CourseCopy) -> Expected:
    first = c.find(r"^      - text: ", "banks/*.yaml")
    second = c.find(r"^      - text: ", "banks/*.yaml", skip=1)
    assert first.path == second.path
    duplicate = "      - text: " + first.text.split("- text: ", 1)[1]
    c.replace_line(second, duplicate)
    return Expected(Place(second.path, second.line, duplicate), 15, "duplicate choice")


def matching_pair_missing(c: CourseCopy) -> Expected:
    place = c.find(r"^        right: ", "banks/*.yaml")
    left = Place(place.path, place.line - 1, "")
    left.text = place.path.read_text(encoding="utf-8").splitlines()[place.line - 2]
    c.replace_line(place)
    return Expected(left, left.column_of("left"), "missing required key `right`")


CASES: list[Callable[[CourseCopy], Expected]] = [
    duplicate_choice,
    matching_pair_missing,
    break_yaml_syntax,
    duplicate_key,
    wrong_type,
    missing_field,
    unknown_block_type,
    unknown_key,
    dangling_objective,
    missing_image,
    escaping_path,
    unknown_question,
    unknown_source,
    bad_language,
    missing_lesson_file,
    no_correct_choice,
    numeric_not_a_number,
    unknown_question_in_quiz,
]


def test_sample_course_is_clean(sample_copy: CourseCopy) -> None:
    code, report = run_check(sample_copy.root)
    assert code == 0, report
    assert report["errors"] == 0


@pytest.mark.parametrize("breaker", CASES, ids=[c.__name__ for c in CASES])
def test_broken_copy_points_at_the_right_place(
    sample_copy: CourseCopy, breaker: Callable[[CourseCopy], Expected]
) -> None:
    expected = breaker(sample_copy)
    code, report = run_check(sample_copy.root)
    assert code == 1
    error = _only_error(report)
    assert Path(error["file"]).resolve() == expected.place.path.resolve()
    assert (error["line"], error["column"]) == (expected.place.line, expected.column), error
    assert expected.message in error["message"], error


def test_all_problems_are_reported_at_once(sample_copy: CourseCopy) -> None:
    unknown_key(sample_copy)
    wrong_type(sample_copy)
    missing_lesson_file(sample_copy, skip=5)
    code, report = run_check(sample_copy.root)
    assert code == 1
    assert report["errors"] == 3, report


def test_course_seed_notes_match_the_project_seeds() -> None:
    repo = Path(__file__).resolve().parents[2]
    course_seed = repo / "courses/aldeas-digitales/seeds/gdt-mexico.md"
    assert course_seed.read_bytes() == (repo / "seeds/gdt-mexico.md").read_bytes()
