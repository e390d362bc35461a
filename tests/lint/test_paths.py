"""Learner-facing text that shows an internal file of the course is a warning with a fix."""

from __future__ import annotations

import pytest

from courseware.lint import LINT_CODES, visible_paths
from tests.authoring.conftest import Workbench, at, codes
from tests.lint.conftest import LESSON1, only

SHOWN = "  resumido en `seeds/gdt-mexico.md`. Los consejos prácticos"


def _show_seed_path(bench: Workbench) -> None:
    bench.edit(
        "course.yaml",
        "  que se resume en la página de fuentes del curso. Los consejos prácticos",
        SHOWN.rstrip(),
    )


def test_the_sample_is_clean_of_internal_paths(sample: Workbench) -> None:
    assert "internal-path" not in codes(sample.lint())


def test_a_seed_path_in_the_course_description_is_a_warning(sample: Workbench) -> None:
    """The sample's home page showed `seeds/gdt-mexico.md` to learners (issue 23 item 12)."""
    _show_seed_path(sample)
    issue = only(sample.lint(), "internal-path")
    assert issue.severity == "warning" and "internal-path" in LINT_CODES
    assert "'seeds/gdt-mexico.md'" in issue.message
    assert at(issue, sample, "course.yaml", sample.line_of("course.yaml", "seeds/gdt-mexico.md`"))
    assert issue.hint and "sources.html" in issue.hint
    assert "ignore[internal-path]" in issue.hint


def test_a_lesson_file_shown_in_a_lesson_is_a_warning(sample: Workbench) -> None:
    sample.insert_after(
        LESSON1, "## Tres ideas para entender el modelo", "", "      Vea lessons/02-aldea.yaml."
    )
    issue = only(sample.lint(), "internal-path")
    assert "'lessons/02-aldea.yaml'" in issue.message
    assert at(issue, sample, LESSON1, sample.line_of(LESSON1, "Vea lessons/02-aldea.yaml"))


def test_an_ignore_comment_silences_it(sample: Workbench) -> None:
    sample.edit(
        "course.yaml",
        "description: |",
        "# courseware: ignore[internal-path] el curso enseña a organizar carpetas\ndescription: |",
    )
    _show_seed_path(sample)
    assert "internal-path" not in codes(sample.lint())


@pytest.mark.parametrize(
    ("text", "paths"),
    [
        ("resumido en `seeds/gdt-mexico.md`.", ["seeds/gdt-mexico.md"]),
        (
            "ver banks/preguntas.yaml y ./lessons/01-a.yaml",
            ["banks/preguntas.yaml", "./lessons/01-a.yaml"],
        ),
        ("[la lección dos](lessons/02-dos.yaml)", []),  # a link target is not shown
        ("[fuente]: seeds/nota.md", []),  # a reference definition is not shown
        ("media/seeds/x.png y docs/lessons/x.md", []),  # not the course's own folders
        ("las semillas (seeds) y las lecciones", []),
        ("[seeds/nota.md](seeds/nota.md)", ["seeds/nota.md"]),  # the link text shows it
    ],
)
def test_visible_paths(text: str, paths: list[str]) -> None:
    assert visible_paths(text) == paths


def test_instructor_notes_may_name_files(mini: Workbench) -> None:
    mini.edit(
        "course.yaml",
        "            body: Texto con ![imagen](media/punto.png).",
        "            body: Texto con ![imagen](media/punto.png).\n"
        "            instructor_notes: Las notas están en seeds/nota.md.",
    )
    assert "internal-path" not in codes(mini.lint())
