"""Module divider pages of the workbook and the guide: what the module holds, with pages."""

from __future__ import annotations

import re

import pytest

from courseware.load import LoadedCourse
from courseware.render.pdf import PdfNames
from tests.pdf.conftest import PageTexts
from tests.pdf.helpers import normalize


def _first_page(pages: list[str], text: str) -> int:
    """1-based number of the first page that holds ``text`` (compared normalized)."""
    return next(n for n, page in enumerate(pages, 1) if normalize(text) in normalize(page))


@pytest.mark.parametrize("doc", ["workbook", "guide"])
def test_a_divider_lists_its_lessons_with_times_and_pages(
    pdf_pages: PageTexts, loaded: LoadedCourse, names: PdfNames, doc: str
) -> None:
    pages = pdf_pages[getattr(names, doc)]
    for number, module in enumerate(loaded.course.modules, start=1):
        divider = next(
            n
            for n, page in enumerate(pages, 1)
            if f"módulo {number}" in page.casefold() and "en este módulo" in page.casefold()
        )
        text = pages[divider - 1]
        assert normalize(module.title) in normalize(text)
        assert "lecciones" in text or "lección" in text
        for lesson in module.lessons:
            # the lesson title, then leader dots, then the page its own heading is on
            start = next(
                n
                for n in range(divider + 1, len(pages) + 1)
                if lesson.title[:25] in pages[n - 1].replace("\n", " ")
            )
            line = re.search(
                re.escape(lesson.title[-12:]) + r"[^\n]*?(\d+)\s*$", text, re.MULTILINE
            )
            assert line is not None, (doc, lesson.title, text)
            assert int(line.group(1)) == start, (doc, lesson.title)
            if lesson.duration:
                assert "min" in text or " h" in text


def test_a_divider_names_what_the_module_teaches(
    pdf_pages: PageTexts, loaded: LoadedCourse, names: PdfNames
) -> None:
    pages = pdf_pages[names.workbook]
    course = loaded.course
    module = course.modules[0]
    named = {oid for lesson in module.lessons for oid in lesson.objectives}
    divider = pages[_first_page(pages, "Lo que enseña este módulo") - 1]
    for objective in course.objectives:
        assert (normalize(objective.text) in normalize(divider)) == (objective.id in named)
