"""Links inside the course: dead anchors and pages warn, working ones do not."""

from __future__ import annotations

import pytest

from courseware.lint import lint_course
from courseware.load import LoadedCourse
from courseware.model.blocks import TextBlock
from tests.authoring.conftest import Workbench, at, codes
from tests.lint.conftest import (
    LESSON2,
    only,
)


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("[ver](#no-existe)", "no anchor"),
        ("[ver](#aldeas-taobao)", "is a lesson"),
        ("[ver]()", "no target"),
    ],
)
def test_dead_links(sample: Workbench, link: str, message: str) -> None:
    sample.insert_after(
        LESSON2, "## ¿Qué es una transmisión de venta en vivo?", "", f"      {link}"
    )
    issue = only(sample.lint(), "dead-link")
    assert message in issue.message
    assert at(issue, sample, LESSON2, sample.line_of(LESSON2, link))


def test_links_that_resolve(sample: Workbench) -> None:
    sample.insert_after(
        LESSON2,
        "## ¿Qué es una transmisión de venta en vivo?",
        "",
        "      Ver [el caso](#cw-b1), [el glosario](#cw-toc) y [fuentes](https://example.org/#x).",
    )
    assert sample.lint() == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("no-existe.html", "no page"),
        ("ficha-y-fotos.html#no-hay", "no anchor 'no-hay'"),
        ("glossary.html#term-nada", "no anchor 'term-nada'"),
    ],
)
def test_dead_page_links(sample_loaded: LoadedCourse, url: str, message: str) -> None:
    # checks.py treats `x.html` as a course file, so these are set on the loaded model.
    course = sample_loaded.course.model_copy(deep=True)
    block = next(b for b in course.lessons()[1].blocks if isinstance(b, TextBlock))
    original = block.body
    try:
        block.body = f"[{url}]({url})"
        issues = lint_course(course, sample_loaded.root)
    finally:
        block.body = original
    assert codes(issues) == ["dead-link"]
    assert message in issues[0].message


def test_page_links_that_resolve(sample_loaded: LoadedCourse) -> None:
    course = sample_loaded.course.model_copy(deep=True)
    block = next(b for b in course.lessons()[1].blocks if isinstance(b, TextBlock))
    block.body = "[a](ficha-y-fotos.html) [b](glossary.html) [c](aldeas-taobao.html#introduccion)"
    assert lint_course(course, sample_loaded.root) == []


def test_anchor_slug_matches_the_renderer() -> None:
    from courseware.lint import anchor_slug
    from courseware.render.html import slug

    for term in ("Aldea Taobao", "GDT (Global Digital Talent)", "Número de guía", "¿Qué?", "x"):
        assert anchor_slug(term) == slug(term)


def test_page_links_are_recognised() -> None:
    from courseware.lint import is_page_link

    assert is_page_link("ficha-y-fotos.html") and is_page_link("./glossary.html#term-x")
    assert not is_page_link("media/hoja.html") and not is_page_link("https://example.org/a.html")
    assert not is_page_link("media/ficha.pdf") and not is_page_link("#cw-b1")
