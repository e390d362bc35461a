"""The printable PDFs of the sample course, read back with pypdf."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf.generic import DictionaryObject, IndirectObject

from courseware.load import LoadedCourse, load_course
from courseware.render.markdown import plain_text
from courseware.render.pdf import (
    PdfNames,
    PdfOptions,
    draw_pdf,
    paper_quiz,
    plan_pdfs,
)
from courseware.scoring import AnyQuestion
from tests.pdf.conftest import PageTexts
from tests.pdf.helpers import normalize, reader

LETTER = (612, 792)
A4 = (595, 842)


def _lessons(loaded: LoadedCourse) -> list[Any]:
    return loaded.course.lessons()


def _check_questions(loaded: LoadedCourse, lesson: Any) -> list[AnyQuestion]:
    questions = loaded.course.questions()
    return [
        questions[qid]  # type: ignore[misc]
        for block in lesson.blocks
        if block.type == "knowledge_check"
        for qid in block.questions
    ]


def _quizzes(loaded: LoadedCourse) -> list[Any]:
    return [(bank, quiz) for bank in loaded.course.banks for quiz in bank.quizzes]


def _text(pages: list[str]) -> str:
    return normalize(" ".join(pages))


# --- the set of documents ------------------------------------------------------------------


def test_every_document_is_built(
    pdf_files: dict[str, bytes], loaded: LoadedCourse, names: PdfNames
) -> None:
    expected = {names.handout(n, les) for n, les in enumerate(_lessons(loaded), start=1)}
    expected |= {names.workbook, names.guide}
    for _, quiz in _quizzes(loaded):
        expected |= {names.quiz(quiz, key=False), names.quiz(quiz, key=True)}
    assert set(pdf_files) == expected
    assert names.workbook == "aldeas-digitales-cuaderno.pdf"
    assert names.quiz(_quizzes(loaded)[0][1], key=True).startswith("cuestionarios/")
    assert all(data.startswith(b"%PDF-1.7") for data in pdf_files.values())


@pytest.mark.parametrize(
    ("kind", "low", "high"),
    [("handout", 2, 8), ("workbook", 30, 70), ("guide", 20, 60), ("quiz", 1, 6)],
)
def test_page_counts(
    pdf_files: dict[str, bytes], names: PdfNames, kind: str, low: int, high: int
) -> None:
    if kind == "workbook":
        chosen = [names.workbook]
    elif kind == "guide":
        chosen = [names.guide]
    elif kind == "handout":
        chosen = [n for n in pdf_files if n.startswith("lecciones/")]
    else:
        chosen = [n for n in pdf_files if n.startswith("cuestionarios/")]
    assert chosen
    for name in chosen:
        pages = len(reader(pdf_files[name]).pages)
        assert low <= pages <= high, f"{name}: {pages} pages"


# --- text where it should be -----------------------------------------------------------------


def test_lesson_titles(pdf_pages: PageTexts, loaded: LoadedCourse, names: PdfNames) -> None:
    workbook = _text(pdf_pages[names.workbook])
    guide = _text(pdf_pages[names.guide])
    lessons = _lessons(loaded)
    for number, lesson in enumerate(lessons, start=1):
        title = normalize(lesson.title)
        assert title in workbook, lesson.title
        assert title in guide, lesson.title
        handout = _text(pdf_pages[names.handout(number, lesson)])
        assert title in handout
        others = [normalize(o.title) for o in lessons if o is not lesson]
        assert not [o for o in others if o in handout and o not in title]


def test_knowledge_check_questions_in_handout_workbook_and_guide(
    pdf_pages: PageTexts, loaded: LoadedCourse, names: PdfNames
) -> None:
    workbook = _text(pdf_pages[names.workbook])
    guide = _text(pdf_pages[names.guide])
    for number, lesson in enumerate(_lessons(loaded), start=1):
        handout = _text(pdf_pages[names.handout(number, lesson)])
        for question in _check_questions(loaded, lesson):
            prompt = normalize(plain_text(question.prompt))
            assert prompt in handout, (lesson.id, question.id)
            assert prompt in workbook, question.id
            assert prompt in guide, question.id


def test_quiz_questions_in_both_papers(
    pdf_pages: PageTexts, loaded: LoadedCourse, names: PdfNames
) -> None:
    for bank, quiz in _quizzes(loaded):
        paper = paper_quiz(bank, quiz)
        assert len(paper.questions) == sum(
            1 if hasattr(item, "question") else item.draw for item in quiz.items
        )
        student = _text(pdf_pages[names.quiz(quiz, key=False)])
        key = _text(pdf_pages[names.quiz(quiz, key=True)])
        for question in paper.questions:
            prompt = normalize(plain_text(question.prompt))
            assert prompt in student, (quiz.id, question.id)
            assert prompt in key, (quiz.id, question.id)


def test_student_papers_have_no_answers_and_keys_do(
    pdf_pages: PageTexts, loaded: LoadedCourse, names: PdfNames
) -> None:
    for bank, quiz in _quizzes(loaded):
        count = len(paper_quiz(bank, quiz).questions)
        student = " ".join(pdf_pages[names.quiz(quiz, key=False)])
        key = " ".join(pdf_pages[names.quiz(quiz, key=True)])
        assert "Respuesta:" not in student and "(correcta)" not in student
        assert "Clave de respuestas" not in student
        assert key.count("Respuesta:") == count, quiz.id
        assert "(correcta)" in key
        shown = normalize(
            " ".join(
                q.model_dump_json(exclude={"answers", "feedback", "hint"})
                for q in paper_quiz(bank, quiz).questions
            )
        )
        for question in paper_quiz(bank, quiz).questions:
            if question.type == "short_answer":
                for answer in question.answers:  # type: ignore[union-attr]
                    if normalize(answer.text) not in shown:
                        assert normalize(answer.text) not in normalize(student)
                        assert normalize(answer.text) in normalize(key)


def test_learner_documents_never_show_instructor_notes(
    pdf_pages: PageTexts, loaded: LoadedCourse, names: PdfNames
) -> None:
    notes = [
        normalize(plain_text(block.instructor_notes))[:60]
        for lesson in _lessons(loaded)
        for block in lesson.blocks
        if block.instructor_notes
    ]
    assert notes
    guide = _text(pdf_pages[names.guide])
    for name, pages in pdf_pages.items():
        if name == names.guide:
            continue
        text = _text(pages)
        assert not [n for n in notes if n in text], name
    assert all(n in guide for n in notes)


def test_drawn_questions_are_announced(
    pdf_pages: PageTexts, loaded: LoadedCourse, names: PdfNames
) -> None:
    for _bank, quiz in _quizzes(loaded):
        if any(hasattr(item, "draw") for item in quiz.items):
            student = _text(pdf_pages[names.quiz(quiz, key=False)])
            assert normalize("El sorteo es fijo") in student
            assert normalize(quiz.id) in student


# --- structure: contents, outline, fonts, metadata ----------------------------------------------


def _outline(data: bytes) -> list[tuple[str, int]]:
    pdf = reader(data)
    found: list[tuple[str, int]] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((str(item.title), pdf.get_destination_page_number(item) + 1))

    walk(pdf.outline)
    return found


def _toc_entries(pages: list[str]) -> list[tuple[str, int]]:
    """(text, page) of each line of the contents page that ends with a page number."""
    toc = next(p for p in pages if p.lstrip().startswith("Contenido"))
    entries: list[tuple[str, int]] = []
    pending = ""
    for line in toc.splitlines()[1:]:
        match = re.search(r"^(.*?)[\s.]*(\d+)\s*$", line)
        if match and "..." in line:
            entries.append((pending + " " + match.group(1), int(match.group(2))))
            pending = ""
        else:
            pending += " " + line
    return entries


@pytest.mark.parametrize("doc", ["workbook", "guide"])
def test_contents_page_numbers_match_the_headings(
    pdf_files: dict[str, bytes], pdf_pages: PageTexts, names: PdfNames, doc: str
) -> None:
    data = pdf_files[getattr(names, doc)]
    outline = [(normalize(re.sub(r"^Lección \d+\.\s*", "", t)), p) for t, p in _outline(data)]
    entries = _toc_entries(pdf_pages[getattr(names, doc)])
    assert len(entries) >= 10
    for text, page in entries:
        target = normalize(text)
        matches = [p for title, p in outline if title and target.endswith(title)]
        assert matches, f"no heading for contents line {text!r}"
        assert page in matches, f"{text!r}: contents says {page}, heading on {matches}"
    assert max(p for _, p in entries) <= len(reader(data).pages)


def test_outline_has_every_lesson(
    pdf_files: dict[str, bytes], loaded: LoadedCourse, names: PdfNames
) -> None:
    titles = [t for t, _ in _outline(pdf_files[names.workbook])]
    for number, lesson in enumerate(_lessons(loaded), start=1):
        assert f"Lección {number}. {lesson.title}" in titles
    for module in loaded.course.modules:
        assert module.title in titles


def _resolve(obj: Any) -> Any:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _fonts(data: bytes) -> dict[str, DictionaryObject]:
    """BaseFont -> font descriptor of every font on every page."""
    found: dict[str, DictionaryObject] = {}
    for page in reader(data).pages:
        resources = _resolve(page.get("/Resources")) or {}
        fonts = _resolve(resources.get("/Font")) or {}
        for ref in fonts.values():
            font = _resolve(ref)
            if "/DescendantFonts" in font:
                font = _resolve(_resolve(font["/DescendantFonts"])[0])
            found[str(font["/BaseFont"])] = _resolve(font["/FontDescriptor"])
    return found


def test_fonts_are_embedded_and_are_the_theme_font(
    pdf_files: dict[str, bytes], names: PdfNames
) -> None:
    for name, data in pdf_files.items():
        fonts = _fonts(data)
        assert fonts, name
        for base, descriptor in fonts.items():
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, (name, base)
        assert any("Open-Sans" in base for base in fonts), name
    # Without pictures (whose SVG text asks for its own fonts) only the shipped font is used.
    for name in (names.guide, *[n for n in pdf_files if n.startswith("cuestionarios/")]):
        assert all("Open-Sans" in base for base in _fonts(pdf_files[name])), name


def test_metadata_language_and_tags(
    pdf_files: dict[str, bytes], loaded: LoadedCourse, names: PdfNames
) -> None:
    course = loaded.course
    for name, data in pdf_files.items():
        pdf = reader(data)
        root = pdf.trailer["/Root"]
        assert root["/Lang"] == course.language, name
        assert "/StructTreeRoot" in root, name
        assert _resolve(root["/MarkInfo"])["/Marked"], name
        assert pdf.metadata is not None
        assert pdf.metadata.title, name
        assert pdf.metadata.author == course.authors[0].name, name
        assert pdf.metadata["/CreationDate"].startswith("D:2026"), name
        assert b"pdfuaid" in _resolve(root["/Metadata"]).get_data()
    assert reader(pdf_files[names.workbook]).metadata.title.startswith(course.title)  # type: ignore[union-attr]


def test_page_size_follows_the_region_or_the_option(
    pdf_files: dict[str, bytes], loaded: LoadedCourse, names: PdfNames
) -> None:
    box = reader(pdf_files[names.workbook]).pages[0].mediabox
    assert (round(box.width), round(box.height)) == LETTER  # es-MX prints on US Letter
    plan = plan_pdfs(loaded, PdfOptions(page_size="A4"))
    job = next(j for j in plan.jobs if j.relpath.startswith("cuestionarios/"))
    result = draw_pdf(job)
    assert result.pdf is not None
    box = reader(result.pdf).pages[0].mediabox
    assert (round(box.width), round(box.height)) == A4


def test_page_label_and_running_header(pdf_pages: PageTexts, names: PdfNames) -> None:
    pages = pdf_pages[names.workbook]
    total = len(pages)
    assert f"Página 3 de {total}" in pages[2]
    assert "Página 1 de" not in pages[0]  # the cover has no header or footer
    header = pages[5].replace("\n", " ")
    assert "Aldeas digitales: de las aldeas Taobao a las comunidades de México" in header
    assert "De China a México: el modelo de las aldeas Taobao" in header  # module of page 6


def test_rebuild_is_byte_identical(pdf_files: dict[str, bytes], loaded: LoadedCourse) -> None:
    plan = plan_pdfs(loaded)
    chosen = [j for j in plan.jobs if j.relpath.endswith(("01-aldeas-taobao.pdf", "-clave.pdf"))]
    for job in chosen[:2]:
        result = draw_pdf(job)
        assert result.pdf == pdf_files[job.relpath], job.relpath


def test_source_date_epoch_sets_the_dates(loaded: LoadedCourse) -> None:
    plan = plan_pdfs(loaded, PdfOptions(source_date_epoch=1700000000))
    assert 'content="2023-11-14T22:13:20Z"' in plan.jobs[0].html


def test_importing_courseware_does_not_import_weasyprint() -> None:
    code = (
        "import sys, courseware.cli, courseware.render.pdf, courseware.render.epub;"
        "sys.exit('weasyprint' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root, check=False).returncode == 0


def test_every_block_and_question_type_prints() -> None:
    prueba = load_course(
        Path(__file__).resolve().parents[1] / "render" / "testdata" / "curso-prueba"
    )
    types = {block.type for lesson in prueba.course.lessons() for block in lesson.blocks}
    assert len(types) == 12 and len({q.type for q in prueba.course.questions().values()}) == 9
    plan = plan_pdfs(prueba)
    assert not plan.issues
    guide = next(job for job in plan.jobs if "guia" in job.relpath)
    assert "Se califica a mano." in guide.html  # the essay's key
    assert 'href="javascript' not in " ".join(job.html for job in plan.jobs)
