"""Each printed document is laid out on its own, so its numbers are its own.

Why these tests: cutting the handouts out of the workbook's layout would be faster (one
layout instead of two) but would print the workbook's page numbers, title, heading levels
and "see page" numbers in a handout. These tests hold what a handout must show.
"""

from __future__ import annotations

import re
import shutil

import pytest

from courseware.load import LoadedCourse, load_course
from courseware.render.pdf import PdfNames, draw_pdf, plan_pdfs
from tests.pdf.conftest import SAMPLE_COURSE, PageTexts
from tests.pdf.helpers import normalize, reader


def _outline(data: bytes) -> list[tuple[str, int]]:
    """(title, 1-based page) of the top-level outline entries."""
    pdf = reader(data)
    return [
        (str(item.title), pdf.get_destination_page_number(item) + 1)
        for item in pdf.outline
        if not isinstance(item, list)
    ]


def test_each_handout_numbers_its_own_pages(
    pdf_files: dict[str, bytes], pdf_pages: PageTexts, loaded: LoadedCourse, names: PdfNames
) -> None:
    for number, lesson in enumerate(loaded.course.lessons(), start=1):
        name = names.handout(number, lesson)
        pages = pdf_pages[name]
        total = len(pages)
        for page_no, text in enumerate(pages, start=1):
            assert f"Página {page_no} de {total}" in text, (name, page_no)
        assert _outline(pdf_files[name])[0] == (f"Lección {number}. {lesson.title}", 1)
        metadata = reader(pdf_files[name]).metadata
        assert metadata is not None and metadata.title == f"Lección {number}: {lesson.title}"


def test_workbook_pages_count_on_across_lessons(
    pdf_pages: PageTexts, loaded: LoadedCourse, names: PdfNames
) -> None:
    pages = pdf_pages[names.workbook]
    for page_no, text in enumerate(pages[1:], start=2):  # the cover has no label
        assert f"Página {page_no} de {len(pages)}" in text, page_no


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> tuple[LoadedCourse, dict[str, str]]:
    """The sample with a link from lesson 2 to lesson 1's file; workbook, guide and the
    handout of lesson 2 drawn, as text."""
    course = tmp_path_factory.mktemp("linked") / "curso"
    shutil.copytree(SAMPLE_COURSE, course)
    lesson = course / "lessons" / "02-aldea-de-las-perlas.yaml"
    text = lesson.read_text(encoding="utf-8")
    link = "  Repasa [las aldeas Taobao](lessons/01-aldeas-taobao.yaml) antes.\n"
    lesson.write_text(text.replace("  funciona.\n", "  funciona.\n" + link, 1), "utf-8")
    loaded = load_course(course)
    plan = plan_pdfs(loaded)
    assert not [i.format() for i in plan.issues if i.severity == "error"]
    names = PdfNames(loaded.course.id, loaded.course.language)
    wanted = {names.workbook, names.guide, names.handout(2, loaded.course.lessons()[1])}
    texts: dict[str, str] = {}
    for job in plan.jobs:
        if job.relpath in wanted:
            result = draw_pdf(job)
            assert result.pdf is not None, result.error
            pdf = reader(result.pdf)
            texts[job.relpath] = "\f".join(p.extract_text() or "" for p in pdf.pages)
    return loaded, texts


def test_a_lesson_link_names_the_page_where_the_document_prints_it(
    linked: tuple[LoadedCourse, dict[str, str]],
) -> None:
    loaded, texts = linked
    names = PdfNames(loaded.course.id, loaded.course.language)
    first = loaded.course.lessons()[0]
    for doc in (names.workbook, names.guide):
        pages = texts[doc].split("\f")
        start = next(
            n
            for n, p in enumerate(pages, 1)
            if n > 3 and normalize(f"Lección 1. {first.title}") in normalize(p)
        )
        said = re.search(r"lasaldeastaobao\(lección1,pág\.(\d+)\)", normalize(texts[doc]))
        assert said is not None, doc
        assert int(said.group(1)) == start, doc
    handout = texts[names.handout(2, loaded.course.lessons()[1])]
    assert "lasaldeastaobao(lección1)antes" in normalize(handout)  # not printed here: no page
    assert "pág." not in handout
