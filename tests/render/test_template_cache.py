"""Compiled templates kept between builds never change what a build makes."""

from __future__ import annotations

from pathlib import Path

import pytest

from courseware.load import load_course
from courseware.render.html import render_site
from courseware.themes import CACHE_ENV

from .conftest import COURSE_DIR, course_copy


def _course_with_own_theme(root: Path, footer: str) -> Path:
    course = course_copy(COURSE_DIR, root, theme={"name": "propio"})
    theme = course / "themes" / "propio"
    (theme / "partials").mkdir(parents=True)
    (theme / "theme.yml").write_text("extends: default\n", encoding="utf-8")
    (theme / "partials" / "footer.html").write_text(footer, encoding="utf-8")
    return course


def test_cached_templates_give_the_same_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, "off")
    loaded = load_course(COURSE_DIR)
    plain = render_site(loaded)
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    first = render_site(loaded)
    stored = sorted((tmp_path / "cache").rglob("*.cache"))
    assert len(stored) >= 10  # base, lesson, blocks, partials...
    again = render_site(loaded)  # now loaded from the stored code
    assert first == plain and again == plain


def test_an_edited_template_is_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    course = _course_with_own_theme(tmp_path / "course", "<footer>primero</footer>\n")
    assert b"primero" in render_site(load_course(course))["index.html"]
    (course / "themes" / "propio" / "partials" / "footer.html").write_text(
        "<footer>segundo</footer>\n", encoding="utf-8"
    )
    page = render_site(load_course(course))["index.html"]
    assert b"segundo" in page and b"primero" not in page


def test_an_unusable_cache_folder_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(blocked))
    files = render_site(load_course(COURSE_DIR))
    assert b"<html" in files["index.html"]
    # A folder whose entries are not cached code is read as a miss, not an error.
    folder = tmp_path / "garbage"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    render_site(load_course(COURSE_DIR))
    for stored in folder.rglob("*.cache"):
        stored.write_bytes(b"not bytecode")
    assert render_site(load_course(COURSE_DIR)) == files
