"""The high-contrast theme extends the default one, overriding only what differs.

Nu (test_html.py::test_nu_html_checker) and axe (tests/a11y) check its pages too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from courseware.errors import CoursewareError
from courseware.themes import BUILTIN_THEMES, builtin_names, resolve_theme
from tests.render.conftest import SECOND_THEME

THEME_DIR = BUILTIN_THEMES / SECOND_THEME


def test_theme_is_small_and_extends_default() -> None:
    assert SECOND_THEME in builtin_names()
    files = sorted(p.relative_to(THEME_DIR).as_posix() for p in THEME_DIR.rglob("*") if p.is_file())
    assert files == [
        "assets/alto-contraste.css",
        "blocks/image.html",
        "partials/pager.html",
        "theme.yml",
    ]
    theme = resolve_theme(SECOND_THEME)
    assert [t.name for t in theme.chain] == [SECOND_THEME, "default"]
    assert theme.min_contrast() == 7
    assert theme.stylesheets() == ["assets/alto-contraste.css"]


def test_overridden_templates_used_the_rest_inherited(
    second_theme_files: dict[str, bytes], sample_files: dict[str, bytes]
) -> None:
    lesson = second_theme_files["ficha-y-fotos.html"].decode()
    default = sample_files["ficha-y-fotos.html"].decode()
    # partials/pager.html of the theme: where the lesson is in the course
    assert '<p class="cw-pager-position">Lección 6 de 9</p>' in lesson
    assert "cw-pager-position" not in default
    # blocks/image.html of the theme: a link to the full-size image (lesson 1 has an image)
    first = second_theme_files["aldeas-taobao.html"].decode()
    assert '<a href="media/modelo-aldea-taobao.svg">Ver la imagen a tamaño completo</a>' in first
    assert "cw-full-size" not in sample_files["aldeas-taobao.html"].decode()
    # everything else comes from the default theme, unchanged
    assert lesson.count('class="cw-question"') == default.count('class="cw-question"')
    for marker in (
        '<a class="cw-skip" href="#cw-main">',
        'class="cw-toc"',
        "cw-callout",
        "cw-check",
    ):
        assert marker in lesson and marker in default, marker
    # the extra stylesheet comes after the default ones (with those of the lesson's
    # accordion, process, hotspot, ordering question and glossary terms), before the colours
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', lesson)
    assert links == [
        "assets/courseware.css",
        "assets/blocks/accordion.css",
        "assets/blocks/process.css",
        "assets/blocks/hotspot.css",
        "assets/blocks/ordering.css",
        "assets/glossary.css",
        "assets/alto-contraste.css",
        "assets/colors.css",
        "assets/print.css",
    ]
    for asset in ("assets/courseware.css", "assets/quiz.js", "assets/courseware.js"):
        assert second_theme_files[asset] == sample_files[asset], asset
    # the theme's palette: white panels
    colors = second_theme_files["assets/colors.css"].decode()
    assert "--cw-bg:#ffffff" in colors and "--cw-tint:#ffffff" in colors


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("css: [missing.css]\n", "stylesheet 'missing.css' not found"),
        ("css: extra.css\n", "`css` must list stylesheets"),
        ("css: [../theme.yml]\n", "must be a path inside assets/"),
        ("min_contrast: 30\n", "`min_contrast` must be a ratio from 3 to 21"),
        ("min_contrast: yes\n", "`min_contrast` must be a ratio from 3 to 21"),
    ],
)
def test_bad_theme_settings_are_reported(tmp_path: Path, settings: str, message: str) -> None:
    theme = tmp_path / "themes" / "mio"
    theme.mkdir(parents=True)
    (theme / "theme.yml").write_text("extends: default\n" + settings, encoding="utf-8")
    with pytest.raises(CoursewareError, match=re.escape(message)):
        resolve_theme("mio", tmp_path)


def test_a_course_theme_can_extend_the_second_theme(tmp_path: Path) -> None:
    theme = tmp_path / "themes" / "mio"
    (theme / "assets").mkdir(parents=True)
    (theme / "assets" / "mio.css").write_text("body { letter-spacing: .02em; }\n")
    (theme / "theme.yml").write_text(f"extends: {SECOND_THEME}\ncss: [mio.css]\n")
    resolved = resolve_theme("mio", tmp_path)
    assert [t.name for t in resolved.chain] == ["mio", SECOND_THEME, "default"]
    assert resolved.stylesheets() == ["assets/alto-contraste.css", "assets/mio.css"]
    assert resolved.min_contrast() == 7
