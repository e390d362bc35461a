"""Theme files are course files: a theme folder, template, include, asset or stylesheet
that leads outside the course folder is an error at file:line that ``check`` reports."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2 import TemplateError

from courseware.build import build_course
from courseware.errors import CoursewareError
from courseware.themes import BUILTIN_THEMES, resolve_theme

from .sandbox_probes import MINI

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")


def _course(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    course = root / "course.yaml"
    course.write_text(course.read_text(encoding="utf-8") + "theme:\n  name: evil\n", "utf-8")
    theme = root / "themes" / "evil"
    (theme / "partials").mkdir(parents=True)
    (theme / "assets").mkdir()
    (theme / "theme.yml").write_text("extends: default\n", encoding="utf-8")
    return root, theme


def _check(root: Path) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "courseware", "check", str(root)],
        capture_output=True,
        text=True,
        check=False,
        env={
            k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")
        },  # English messages
    )
    assert "Traceback" not in done.stderr
    return done.returncode, done.stderr


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the course, standing for /etc/passwd."""
    path = tmp_path / "secret.txt"
    path.write_text("root:x:0:0:SECRET\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "link",
    ["leak.txt", "partials/footer.html", "assets/x.css", "assets/unlisted.js", "partials"],
)
def test_a_link_out_of_a_course_theme_is_an_error_check_reports(
    tmp_path: Path, secret: Path, link: str
) -> None:
    root, theme = _course(tmp_path)
    target = theme / link
    if link == "partials":
        shutil.rmtree(target)
        (tmp_path / "outside").mkdir()
        (tmp_path / "outside" / "footer.html").write_text("{% include 'x' %}", "utf-8")
        target.symlink_to(tmp_path / "outside", target_is_directory=True)
    else:
        target.symlink_to(secret)
    if link == "leak.txt":
        (theme / "partials" / "footer.html").write_text("{% include 'leak.txt' %}\n", "utf-8")
    if link == "assets/x.css":
        (theme / "theme.yml").write_text("extends: default\ncss: [x.css]\n", "utf-8")
    code, stderr = _check(root)
    assert code == 1
    assert "course.yaml:" in stderr and f"themes/evil/{link} lead(s) outside the course" in stderr
    with pytest.raises(CoursewareError):
        build_course(root, tmp_path / "dist", ["html"])
    assert not (tmp_path / "dist" / "mini" / "html").exists()


def test_a_theme_folder_outside_the_course_is_an_error(tmp_path: Path) -> None:
    root, theme = _course(tmp_path)
    shutil.rmtree(theme)
    elsewhere = tmp_path / "shared-themes" / "evil"
    elsewhere.mkdir(parents=True)
    (elsewhere / "theme.yml").write_text("extends: default\n", encoding="utf-8")
    theme.symlink_to(elsewhere, target_is_directory=True)
    code, stderr = _check(root)
    assert code == 1
    assert "course.yaml:" in stderr and "theme folder themes/evil leads outside" in stderr


def test_a_link_made_after_the_check_is_still_refused_by_the_loader(
    tmp_path: Path, secret: Path
) -> None:
    root, theme = _course(tmp_path)
    resolved = resolve_theme("evil", root)
    (theme / "leak.txt").symlink_to(secret)
    with pytest.raises(TemplateError, match=r"'leak\.txt' leads outside the course folder"):
        resolved.environment().get_template("leak.txt")


def test_a_link_inside_the_course_and_the_built_in_themes_are_fine(tmp_path: Path) -> None:
    root, theme = _course(tmp_path)
    (theme / "assets" / "punto.png").symlink_to(root / "media" / "punto.png")
    assert _check(root)[0] == 0
    assert BUILTIN_THEMES.is_dir()


def test_a_template_that_does_not_parse_is_reported_by_check(tmp_path: Path) -> None:
    root, theme = _course(tmp_path)
    (theme / "partials" / "footer.html").write_text("<footer>\n{% if %}\n", "utf-8")
    code, stderr = _check(root)
    assert code == 1
    assert "themes/evil/partials/footer.html:2:1: error: template syntax error" in stderr
