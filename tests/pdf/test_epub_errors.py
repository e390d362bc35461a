"""EPUB refusals speak the instructor's language, from the catalogue."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from courseware.errors import CoursewareError
from courseware.i18n import speaking
from courseware.load import load_course
from courseware.render.epub import render_epub
from courseware.scaffold import create_course

THEMES = Path(__file__).resolve().parents[2] / "themes"


@pytest.mark.parametrize(
    ("lang", "message", "hint"),
    [
        (
            "es",
            "el tema no tiene pdf/epub/epub.css",
            "añada pdf/epub/epub.css al tema, o extienda un tema que lo tenga (`extends: default`)",
        ),
        (
            "en",
            "the theme has no pdf/epub/epub.css",
            "add pdf/epub/epub.css to the theme, or extend a theme that has it "
            "(`extends: default`)",
        ),
    ],
)
def test_a_theme_without_the_epub_stylesheet(
    lang: str, message: str, hint: str, tmp_path: Path
) -> None:
    course = tmp_path / "curso"
    create_course(course)
    theme = course / "themes" / "desnudo"
    shutil.copytree(THEMES / "default", theme)
    (theme / "pdf" / "epub" / "epub.css").unlink()
    (theme / "theme.yml").write_text("label: Sin herencia\n", encoding="utf-8")
    yaml_file = course / "course.yaml"
    yaml_file.write_text(
        yaml_file.read_text(encoding="utf-8") + "theme:\n  name: desnudo\n", encoding="utf-8"
    )
    with speaking(lang), pytest.raises(CoursewareError) as caught:
        render_epub(load_course(course))
    assert [(i.message, i.hint, i.code) for i in caught.value.issues] == [(message, hint, "epub")]
