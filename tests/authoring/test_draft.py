"""courseware draft: key figures, quotations and draft questions from a source article."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from courseware.cli import main
from courseware.draft import (
    draft_lesson,
    find_figures,
    find_quotations,
    make_draft,
    plan_draft,
    write_draft,
)
from courseware.errors import CoursewareError
from courseware.lint import faithfulness_issues, lint_course
from courseware.load import load_course
from courseware.model import Lesson, QuizBank
from tests.authoring.conftest import SEED_NOTES, TESTDATA, Workbench, codes

EXPECTED_FIGURES = [
    (800, "familias"),
    (8000, "estudiantes"),
    (400, "instructores"),
    (15, "mercados"),
    (1400, "educadores"),
    (8, "aldeas"),
    (6, "estados"),
    (9, "instructores"),
]


def _figures(draft: Any) -> set[tuple[float, str]]:
    return {(f.number, f.label.split()[0].lower()) for f in draft.figures}


def _lesson(text: str) -> Lesson:
    return Lesson.model_validate(yaml.safe_load(text))


def _bank(text: str) -> QuizBank:
    return QuizBank.model_validate(yaml.safe_load(text))


# --- from the project's source notes ----------------------------------------------------


def test_figures_from_source_notes() -> None:
    draft = make_draft(SEED_NOTES)
    assert set(EXPECTED_FIGURES) <= _figures(draft)
    values = {(f.value, f.label) for f in draft.figures}
    assert ("más de 800", "familias") in values
    assert ("8", "aldeas digitales") in values
    assert ("9", "instructores mexicanos") in values
    assert ("más de 1400", "educadores") in values


def test_figure_sentences_are_kept_as_context() -> None:
    figure = next(f for f in make_draft(SEED_NOTES).figures if f.number == 800)
    assert "recolectar perlas" in figure.sentence
    assert figure.sentence[figure.end - len(figure.written) : figure.end] == "800"


def test_quotations_from_source_notes() -> None:
    quotes = make_draft(SEED_NOTES).quotations
    assert len(quotes) == 5
    first = quotes[0]
    assert first.text.startswith("El comercio electrónico está empoderando")
    assert (first.speaker, first.locator) == ("Alizilla", "párr. 2")
    cuevas = [q for q in quotes if q.speaker and q.speaker.startswith("Miguel Cuevas")]
    assert len(cuevas) == 3
    assert {q.locator for q in cuevas} == {"párr. 5", "párr. 13", "párr. 19"}


def test_draft_lesson_is_valid() -> None:
    text = draft_lesson(SEED_NOTES)
    lesson = _lesson(text)
    assert lesson.id == "programa-gdt-alibaba-trae-clases"  # from the title
    assert (
        lesson.title
        == "Programa GDT de Alibaba trae clases magistrales de economía digital a México"
    )
    kinds = [block.type for block in lesson.blocks]
    assert {"text", "key_figures", "quote"} <= set(kinds)
    assert kinds[0] == "text"
    assert lesson.duration is not None and lesson.duration % 5 == 0
    assert text.startswith("# Borrador generado por `courseware draft`")
    assert "«" in text  # source sentences kept as comments next to the figures


def test_draft_questions() -> None:
    draft = make_draft(SEED_NOTES)
    bank = _bank(draft.bank_yaml)
    assert bank.id == "programa-gdt-alibaba-trae-clases-borrador"
    assert all(q.status == "draft" for q in bank.questions)
    assert len({q.type for q in bank.questions}) >= 4
    blanks = [q for q in bank.questions if q.type in ("numeric", "single_choice")]
    assert blanks and all("____" in q.prompt for q in blanks if "¿quién" not in q.prompt)
    assert not [q for q in bank.questions if q.type == "true_false"]  # no invented values
    assert len({q.id for q in bank.questions}) == len(bank.questions)


def test_language_and_id_overrides() -> None:
    text = draft_lesson(SEED_NOTES, language="en", lesson_id="notas-gdt")
    assert _lesson(text).id == "notas-gdt"
    assert text.startswith("# Draft written by")


# --- plain text and English -------------------------------------------------------------


def test_plain_text_article() -> None:
    draft = make_draft(TESTDATA / "aldea-del-cafe.txt")
    assert draft.article.title == "La cooperativa de café que aprendió a vender en línea"
    assert [s.heading for s in draft.article.sections] == [None, "Un mercado que crece"]
    assert {(f.value, f.label) for f in draft.figures} == {
        ("más de 800", "familias productoras"),
        ("8", "aldeas"),
        ("6", "estados"),
        ("20", "talleres"),
        ("32", "jóvenes"),
        ("8 000", "visitas"),
        ("400", "pedidos"),
    }  # no year (2019, 2021), no "párrafo 3", no reading time or photo credit
    assert [(q.text[:20], q.speaker) for q in draft.quotations] == [
        ("Antes el intermediar", "María López"),
        ("Una buena foto vende", None),
    ]
    _lesson(draft.lesson_yaml)
    _bank(draft.bank_yaml)
    assert "min de lectura" not in draft.lesson_yaml


def test_english_markdown_article() -> None:
    draft = make_draft(TESTDATA / "pearl-village.md")
    assert draft.article.language == "en"
    assert draft.article.meta["publisher"] == "Courseware test fixtures"
    assert {(f.number, f.label) for f in draft.figures} == {
        (800, "families"),
        (15, "markets"),
        (1400, "educators"),
        (8, "digital villages"),
        (8000, "students"),
        (6, "states"),
        (9, "Mexican e-commerce instructors"),
    }
    (quote,) = draft.quotations
    assert quote.text == "We want our universities to learn from these entrepreneurs"
    assert quote.speaker == "Cuevas"
    bank = _bank(draft.bank_yaml)
    assert bank.language == "en"
    assert all("“How a pearl village sells online”" in q.prompt for q in bank.questions)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Viven más de 800 familias.", [("más de 800", "familias")]),
        (
            "Hay 8000 estudiantes y 400 instructores.",
            [("8000", "estudiantes"), ("400", "instructores")],
        ),
        ("Opera en 15 mercados.", [("15", "mercados")]),
        ("It runs in 15 markets.", [("15", "markets")]),
        ("Capacitó a 1,400 educadores.", [("1,400", "educadores")]),
        ("Son 8 000 estudiantes.", [("8 000", "estudiantes")]),
        ("Fundaron ocho aldeas digitales.", [("8", "aldeas digitales")]),
        ("Lideró a nueve instructores mexicanos de comercio.", [("9", "instructores mexicanos")]),
        ("Llegaron doscientos artesanos.", [("200", "artesanos")]),
        ("El 30 % de los hogares vende en línea.", [("30 %", "hogares")]),
        ("En 2019 abrió la tienda.", []),
        ("Hasta 2023 vendían tortillas.", []),  # a year, and a verb is not a unit
        ("El 70 % de ellos usa bicicleta.", []),  # a pronoun is not what a figure counts
        ("Una comisión del 25 % de cada pedido.", [("25 %", "comisión")]),
        ("Ver párr. 5 y la página 12.", []),
        ("Una familia y un pueblo.", []),
    ],
)
def test_find_figures(text: str, expected: list[tuple[str, str]]) -> None:
    language = "en" if "markets" in text else "es"
    assert [(f.value, f.label) for f in find_figures(text, language)] == expected


def test_quotations_need_an_attribution() -> None:
    text = (
        "El libro «Aldeas en red» salió ayer. «Vendemos desde casa todos los días», dijo Ana Ruiz."
    )
    assert [(q.text, q.speaker) for q in find_quotations(text)] == [
        ("Vendemos desde casa todos los días", "Ana Ruiz")
    ]
    before = "Como explicó Ana Ruiz: “Vendemos desde casa todos los días”."
    assert [q.speaker for q in find_quotations(before)] == ["Ana Ruiz"]
    long = "«" + " ".join(["palabra"] * 60) + "», dijo Ana."
    assert find_quotations(long) == []


# --- writing into a course --------------------------------------------------------------


def _check(root: Path) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(["check", str(root)])


def test_write_draft_and_add_to_sample(sample: Workbench) -> None:
    before = sample.read("course.yaml").splitlines()
    written = write_draft(SEED_NOTES, sample.root, add=True)
    assert written == [
        sample.path("lessons/programa-gdt-alibaba-trae-clases.yaml"),
        sample.path("banks/programa-gdt-alibaba-trae-clases-borrador.yaml"),
        sample.path("course.yaml"),
    ]
    after = sample.read("course.yaml").splitlines()
    added = [line for line in after if line not in before]
    assert added == [
        "      - lessons/programa-gdt-alibaba-trae-clases.yaml",
        "  - banks/programa-gdt-alibaba-trae-clases-borrador.yaml",
    ]
    assert [line for line in after if line in before] == before  # comments and order kept
    loaded = load_course(sample.root)
    assert loaded.course.lessons()[-1].id == "programa-gdt-alibaba-trae-clases"
    drafts = [q for b in loaded.course.banks for q in b.questions if q.status == "draft"]
    assert drafts and all(q.source == "gdt-mexico" for q in drafts)
    assert faithfulness_issues(loaded.course, loaded.root) == []
    issues = lint_course(loaded.course, loaded.root)
    assert codes(issues) == ["lesson-no-objective"]
    assert _check(sample.root) == 0


def test_write_draft_without_add_changes_only_new_files(sample: Workbench) -> None:
    course_yaml = sample.read("course.yaml")
    article = TESTDATA / "aldea-del-cafe.txt"
    plan = plan_draft(article, sample.root)
    assert plan.source_entry is not None and plan.source_entry["id"] == "aldea-del-cafe"
    assert plan.source_entry["file"] == "seeds/aldea-del-cafe.txt"
    assert any(
        "- lessons/cooperativa-cafe-aprendio-vender-linea.yaml" in step for step in plan.next_steps
    )
    assert any(
        "- banks/cooperativa-cafe-aprendio-vender-linea-borrador.yaml" in step
        for step in plan.next_steps
    )
    assert any("file: seeds/aldea-del-cafe.txt" in step for step in plan.next_steps)
    written = write_draft(article, sample.root)
    assert sample.path("seeds/aldea-del-cafe.txt") in written
    assert sample.read("seeds/aldea-del-cafe.txt") == article.read_text(encoding="utf-8")
    assert sample.read("course.yaml") == course_yaml
    bank = _bank(sample.read("banks/cooperativa-cafe-aprendio-vender-linea-borrador.yaml"))
    assert all(q.source is None for q in bank.questions)  # the source is not registered yet
    assert _check(sample.root) == 0


def test_added_source_entry_loads(sample: Workbench) -> None:
    write_draft(TESTDATA / "aldea-del-cafe.txt", sample.root, add=True, module="modelo-taobao")
    loaded = load_course(sample.root)
    assert loaded.course.modules[0].lessons[-1].id == "cooperativa-cafe-aprendio-vender-linea"
    source = next(s for s in loaded.course.sources if s.id == "aldea-del-cafe")
    assert source.file == "seeds/aldea-del-cafe.txt"
    assert faithfulness_issues(loaded.course, loaded.root) == []
    assert _check(sample.root) == 0


def test_draft_bank_found_automatically(mini: Workbench) -> None:
    # mini has no `banks:` key, so banks/*.yaml (the draft too) are loaded.
    write_draft(TESTDATA / "pearl-village.md", mini.root)
    loaded = load_course(mini.root)
    assert any(b.id == "how-pearl-village-sells-online-borrador" for b in loaded.course.banks)


def test_never_overwrites(sample: Workbench) -> None:
    write_draft(SEED_NOTES, sample.root)
    snapshot = sample.read("lessons/programa-gdt-alibaba-trae-clases.yaml")
    with pytest.raises(CoursewareError, match="already exists"):
        write_draft(SEED_NOTES, sample.root)
    assert sample.read("lessons/programa-gdt-alibaba-trae-clases.yaml") == snapshot
    write_draft(SEED_NOTES, sample.root, lesson_id="gdt-mexico-2")
    assert sample.path("lessons/gdt-mexico-2.yaml").is_file()


def test_refuses_a_different_seed_with_the_same_name(sample: Workbench, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "gdt-mexico.md"
    other.parent.mkdir()
    shutil.copy(TESTDATA / "pearl-village.md", other)
    with pytest.raises(CoursewareError, match="differs"):
        write_draft(other, sample.root)
    assert not sample.path("lessons/programa-gdt-alibaba-trae-clases.yaml").exists()


def test_add_keeps_flow_lists(mini: Workbench) -> None:
    mini.edit(
        "course.yaml",
        "    lessons:\n      - lessons/01-uno.yaml\n",
        "    lessons: [lessons/01-uno.yaml]\n",
    )
    mini.drop("course.yaml", "      - id: dos")
    write_draft(TESTDATA / "pearl-village.md", mini.root, add=True)
    assert (
        "    lessons: [lessons/01-uno.yaml, lessons/how-pearl-village-sells-online.yaml]\n"
        in mini.read("course.yaml")
    )
    assert mini.load().course.lessons()[-1].id == "how-pearl-village-sells-online"


def test_no_course(tmp_path: Path) -> None:
    with pytest.raises(CoursewareError, match=r"no course\.yaml"):
        write_draft(SEED_NOTES, tmp_path)
