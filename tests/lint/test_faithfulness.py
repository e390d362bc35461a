"""Quotations and key figures must be found in the source files they cite."""

from __future__ import annotations

from courseware.errors import Issue
from courseware.lint import faithfulness_issues
from courseware.load import LoadedCourse
from tests.authoring.conftest import Workbench, at, codes

LESSON2 = "lessons/02-aldea-de-las-perlas.yaml"
LESSON4 = "lessons/04-guanajuato.yaml"
LESSON5 = "lessons/05-ocho-aldeas-digitales.yaml"
LESSON9 = "lessons/09-confianza-y-plan.yaml"
SEED = "seeds/gdt-mexico.md"


def _one(issues: list[Issue], code: str) -> Issue:
    assert len(issues) == 1, [i.format() for i in issues]
    assert issues[0].code == code and issues[0].severity == "error"
    return issues[0]


def test_sample_course_is_faithful(sample_loaded: LoadedCourse) -> None:
    issues = faithfulness_issues(sample_loaded.course, sample_loaded.root)
    assert issues == [], "\n".join(i.format() for i in issues)


def test_tampered_quotation(sample: Workbench) -> None:
    sample.edit(LESSON2, "Es realmente impactante verlo", "Es realmente asombroso verlo")
    issue = _one(sample.faithfulness(), "quote-not-in-source")
    assert at(issue, sample, LESSON2, sample.line_of(LESSON2, "Es realmente asombroso"))
    (related,) = issue.related
    assert related.path.resolve() == sample.path(SEED).resolve()
    assert related.line == sample.line_of(SEED, "«Es realmente impactante verlo")
    assert "«impactante»" in (issue.hint or "") and "«asombroso»" in (issue.hint or "")


def test_quotation_modulo_whitespace_and_typographic_quotes(sample: Workbench) -> None:
    sample.edit(
        LESSON9,
        "quote: Cientos de comunidades similares han surgido en áreas rurales de China.",
        'quote: "«Cientos de comunidades\\n      similares han surgido en   áreas rurales'
        ' de China.»"',
    )
    assert sample.faithfulness() == []


def test_quotation_with_an_elision(sample: Workbench) -> None:
    sample.edit(
        LESSON4,
        "quote: Queremos alentar a nuestras universidades a aprender de estas empresas",
        "quote: Queremos alentar a nuestras universidades […] de estas empresas",
    )
    assert sample.faithfulness() == []


def test_quotation_parts_out_of_order(sample: Workbench) -> None:
    sample.edit(
        LESSON4,
        "quote: Queremos alentar a nuestras universidades a aprender de estas empresas y "
        "emprendedores",
        "quote: de estas empresas y emprendedores […] Queremos alentar a nuestras universidades",
    )
    _one(sample.faithfulness(), "quote-not-in-source")


def test_quotation_must_start_at_a_word(sample: Workbench) -> None:
    sample.edit(LESSON4, "quote: Queremos alentar", "quote: ueremos alentar")
    _one(sample.faithfulness(), "quote-not-in-source")


def test_figure_not_in_source(sample: Workbench) -> None:
    sample.edit(LESSON2, "value: más de 800", "value: más de 900")
    issue = _one(sample.faithfulness(), "figure-not-in-source")
    assert at(issue, sample, LESSON2, sample.line_of(LESSON2, "value: más de 900"))
    assert "'900'" in issue.message
    (related,) = issue.related
    assert related.path.resolve() == sample.path(SEED).resolve()
    assert related.line > 1


def test_figure_in_source_but_about_something_else(sample: Workbench) -> None:
    sample.edit(LESSON5, "        label: estudiantes\n", "        label: familias campesinas\n")
    issue = _one(sample.faithfulness(), "figure-not-in-source")
    assert "never next to" in issue.message
    assert all(r.path.resolve() == sample.path(SEED).resolve() for r in issue.related)
    assert any("8000" in sample.read(SEED).splitlines()[r.line - 1] for r in issue.related)


def test_figure_unit_must_match(sample: Workbench) -> None:
    sample.edit(LESSON2, "value: 2 horas", "value: 3 horas")
    _one(sample.faithfulness(), "figure-not-in-source")


def test_figure_in_words(sample: Workbench) -> None:
    sample.edit(LESSON2, "value: cientos", "value: docenas")
    issue = _one(sample.faithfulness(), "figure-not-in-source")
    assert "«docenas»" in issue.message


def test_spelled_and_digit_figures_match(sample: Workbench) -> None:
    # The sample writes "8" and "6" where the source says "ocho" and "seis".
    sample.edit(LESSON5, 'value: "8"', "value: ocho")
    sample.edit(LESSON5, 'value: "8000"', 'value: "8 000"')
    assert sample.faithfulness() == []


def test_figure_without_source_is_not_checked(sample: Workbench) -> None:
    label = "        label: familias viven de recolectar y vender perlas\n"
    sample.edit(
        LESSON2,
        f"value: más de 800\n{label}        source: gdt-mexico\n",
        f"value: más de 900\n{label}",
    )
    assert sample.faithfulness() == []


def test_broken_mini_course(mini: Workbench) -> None:
    assert mini.faithfulness() == []
    mini.path("seeds/nota.md").write_text("# Nota\n", encoding="utf-8")  # as in tests/load
    issue = _one(mini.faithfulness(), "quote-not-in-source")
    assert at(issue, mini, "lessons/01-uno.yaml", 13)
    (related,) = issue.related
    assert (related.line, related.column) == (1, 1)
    assert related.path.resolve() == mini.path("seeds/nota.md").resolve()


def test_plain_text_source(mini: Workbench) -> None:
    mini.path("seeds/nota.md").write_text(
        "Primera línea.\nEl taller dijo: “Una cita.”\nOcho aldeas digitales.\n", encoding="utf-8"
    )
    assert mini.faithfulness() == []
    mini.edit("lessons/01-uno.yaml", "quote: Una cita.", "quote: Una citación.")
    issue = _one(mini.faithfulness(), "quote-not-in-source")
    assert issue.related[0].line == 2
    assert codes(mini.faithfulness()) == ["quote-not-in-source"]


def test_quote_from_a_source_without_file(sample: Workbench) -> None:
    sample.edit("course.yaml", "    file: seeds/gdt-mexico.md\n", "")
    issues = sample.lint()
    assert set(codes(issues)) == {"quote-unverified"}
    messages = [i.message for i in issues]
    assert sum(m.startswith("quotation") for m in messages) == 5
    assert sum(m.startswith("key figures") for m in messages) >= 3
