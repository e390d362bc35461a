"""The contents list: every lesson on every page for a normal course; folded for long ones."""

from __future__ import annotations

import re
from pathlib import Path

from courseware.load import load_course
from courseware.render.html import (
    TOC_ALL_LESSONS,
    TOC_ALL_MODULES,
    TOC_NEAR_MODULES,
    page_weights,
    render_site,
)
from tests.package.synthetic import write_course

CURRENT = re.compile(r'<a href="([^"]+)"[^>]* aria-current="page"')


def _toc(page: bytes) -> str:
    html = page.decode("utf-8")
    return html[html.index('<nav id="cw-toc"') : html.index("</nav>", html.index('id="cw-toc"'))]


def _lesson_links(toc: str) -> list[str]:
    return re.findall(r'<li><a href="(leccion-\d+\.html)"', toc)


def test_a_short_course_lists_every_lesson_and_marks_the_page(tmp_path: Path) -> None:
    course = write_course(tmp_path / "corto", lessons=12, modules=3)
    site = render_site(load_course(course))
    pages = sorted(p for p in site if p.endswith(".html"))
    for name in pages:
        toc = _toc(site[name])
        assert len(_lesson_links(toc)) == 12
        # Pages the list does not show (a glossary of a course without one) mark nothing.
        listed = f'href="{name}"' in toc
        assert CURRENT.findall(toc) == ([name] if listed else []), name


def test_a_long_course_folds_the_other_modules(tmp_path: Path) -> None:
    lessons, modules = TOC_ALL_LESSONS + 30, 9
    course = write_course(tmp_path / "largo", lessons=lessons, modules=modules)
    loaded = load_course(course)
    site = render_site(loaded)
    lesson_pages = {les.id: mod for mod in loaded.course.modules for les in mod.lessons}
    for lesson_id, module in lesson_pages.items():
        toc = _toc(site[f"{lesson_id}.html"])
        assert CURRENT.findall(toc) == [f"{lesson_id}.html"]
        assert _lesson_links(toc) == [f"{les.id}.html" for les in module.lessons]
        folded = re.findall(r'<a class="cw-toc-module" href="([^"]+)"', toc)
        others = [m.lessons[0].id + ".html" for m in loaded.course.modules if m is not module]
        assert folded == others
    index = _toc(site["index.html"])
    assert CURRENT.findall(index) == ["index.html"] and not _lesson_links(index)
    assert len(re.findall(r'class="cw-toc-module"', index)) == modules
    # Folding keeps the pages light however long the course is.
    assert max(page_weights(site).values()) < 60_000


def test_a_course_of_many_modules_lists_the_nearest_and_links_the_map(tmp_path: Path) -> None:
    modules = TOC_ALL_MODULES + 8
    course = write_course(tmp_path / "enorme", lessons=modules * 4, modules=modules)
    loaded = load_course(course)
    site = render_site(loaded)
    order = loaded.course.modules
    window = 2 * TOC_NEAR_MODULES + 1
    for at, module in enumerate(order):
        for lesson in module.lessons:
            toc = _toc(site[f"{lesson.id}.html"])
            assert CURRENT.findall(toc) == [f"{lesson.id}.html"]
            assert _lesson_links(toc) == [f"{les.id}.html" for les in module.lessons]
            listed = re.findall(r'class="cw-toc-module"(?: href="([^"]+)")?', toc)
            first = min(max(0, at - TOC_NEAR_MODULES), len(order) - window)
            near = order[first : first + window]
            assert len(listed) == window and module in near
            assert [h for h in listed if h] == [
                m.lessons[0].id + ".html" for m in near if m is not module
            ]
            # The list is numbered as the course is, and the rest is one link away.
            assert f'<ol class="cw-toc-modules" start="{first + 1}">' in toc or first == 0
            assert f"Ver los {modules} módulos" in toc
            assert 'href="index.html#cw-map-title"' in toc
    index = site["index.html"].decode()
    assert 'id="cw-map-title"' in index
    assert len(re.findall(r'<section class="cw-module"', index)) == modules


def test_a_folded_course_of_few_modules_names_them_all(tmp_path: Path) -> None:
    course = write_course(tmp_path / "doce", lessons=TOC_ALL_LESSONS + 12, modules=TOC_ALL_MODULES)
    loaded = load_course(course)
    site = render_site(loaded)
    for lesson in loaded.course.lessons():
        toc = _toc(site[f"{lesson.id}.html"])
        assert len(re.findall(r'class="cw-toc-module"', toc)) == TOC_ALL_MODULES
        assert "index.html#cw-map-title" not in toc
