"""courseware report: the objective x lesson x question matrix, in the terminal and as HTML."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from rich.console import Console

from courseware.load import LoadedCourse
from courseware.report import coverage, render_coverage_html, render_coverage_table
from tests.authoring.conftest import Workbench


def _text(table: object) -> str:
    console = Console(record=True, width=200, color_system=None)
    console.print(table)
    return console.export_text()


def test_sample_coverage(sample_loaded: LoadedCourse) -> None:
    course = sample_loaded.course
    cov = coverage(course)
    assert [c.id for c in cov.lessons] == [lesson.id for lesson in course.lessons()]
    assert [r.id for r in cov.rows] == [o.id for o in course.objectives]
    assert all(row.status == "ok" for row in cov.rows)
    assert cov.lessons_without_objective == () and cov.questions_without_objective == ()
    row = next(r for r in cov.rows if r.id == "obj-modelo-taobao")
    assert "aldeas-taobao" in row.lessons
    checked = row.checked_in("aldeas-taobao")
    taobao = next(lesson for lesson in course.lessons() if lesson.id == "aldeas-taobao")
    kc_ids = {q for b in taobao.blocks if b.type == "knowledge_check" for q in b.questions}
    assert checked and set(checked) <= kc_ids
    assert set(checked) <= set(row.questions)


def test_gaps(mini: Workbench) -> None:
    mini.insert_after(
        "course.yaml",
        "    text: Reconocer el modelo de aldea Taobao.",
        "  - id: obj-b",
        "    text: Un objetivo sin lección ni preguntas.",
    )
    mini.edit("lessons/01-uno.yaml", "objectives: [obj-a]\n", "")
    cov = coverage(mini.load().course)
    rows = {row.id: row for row in cov.rows}
    assert rows["obj-a"].status == "no_questions"  # taught by the inline lesson, never assessed
    assert rows["obj-a"].lessons == ("dos",)
    assert rows["obj-b"].status == "no_lesson"
    assert cov.lessons_without_objective == ("uno",)
    assert cov.questions_without_objective == ("p1",)
    text = _text(render_coverage_table(cov))
    assert "sin preguntas" in text and "sin lección" in text
    assert "Lecciones sin objetivo: uno" in text and "Preguntas sin objetivo: p1" in text


def test_terminal_table(sample_loaded: LoadedCourse) -> None:
    cov = coverage(sample_loaded.course)
    text = _text(render_coverage_table(cov))
    assert "Cobertura de objetivos" in text
    assert all(f"L{n}" in text for n in range(1, len(cov.lessons) + 1))
    assert all(row.id in text for row in cov.rows)
    assert "L1 = ¿Qué es una aldea Taobao? (aldeas-taobao)" in text
    assert "✓" in text


def test_html_page_labels(sample_loaded: LoadedCourse) -> None:
    cov = coverage(sample_loaded.course)
    spanish = render_coverage_html(cov, "es-MX")
    assert '<html lang="es-MX">' in spanish and "Cobertura de objetivos" in spanish
    assert '<th scope="row">' in spanish and '<th scope="col">' in spanish
    assert "la lección lo trabaja" in spanish
    english = render_coverage_html(cov, "en")
    assert '<html lang="en">' in english and "Objective coverage" in english


def test_html_escapes(mini: Workbench) -> None:
    mini.edit("course.yaml", "text: Reconocer el modelo", "text: Reconocer <b>el</b> & modelo")
    html = render_coverage_html(coverage(mini.load().course))
    assert "Reconocer &lt;b&gt;el&lt;/b&gt; &amp; modelo" in html


def test_html_page_is_valid_and_accessible(
    sample_loaded: LoadedCourse, validators: ModuleType, tmp_path: Path
) -> None:
    page = tmp_path / "cobertura.html"
    page.write_text(render_coverage_html(coverage(sample_loaded.course)), encoding="utf-8")
    assert validators.nu_check(page) == []
    report = validators.axe_check(tmp_path, ["cobertura.html"], min_impact="minor")
    assert report["failing"] == []
