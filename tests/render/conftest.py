"""Fixtures for the HTML renderer tests: the test course, the sample course, their packages."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from courseware.load import LoadedCourse, load_course
from courseware.render.html import render_site

TESTDATA = Path(__file__).parent / "testdata"
COURSE_DIR = TESTDATA / "curso-prueba"
REPO = Path(__file__).resolve().parents[2]
SAMPLE_COURSE = REPO / "courses" / "aldeas-digitales"
SECOND_THEME = "alto-contraste"


def write_site(files: dict[str, bytes], out: Path) -> Path:
    """Write a rendered package to ``out`` (tests only; the build writes atomically)."""
    for relpath, data in files.items():
        target = out / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return out


def course_copy(source: Path, root: Path, **course_changes: Any) -> Path:
    """Copy a course folder to ``root`` and set top-level keys of its ``course.yaml``.

    e.g. ``course_copy(SAMPLE_COURSE, tmp, theme={"name": "alto-contraste"})``.
    """
    shutil.copytree(source, root)
    course_file = root / "course.yaml"
    data = yaml.safe_load(course_file.read_text(encoding="utf-8"))
    data.update(course_changes)
    course_file.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return root


def html_pages(folder: Path) -> list[str]:
    """The HTML pages of a written package, relative to ``folder``, sorted."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))


@pytest.fixture(scope="session")
def loaded() -> LoadedCourse:
    """The test course that uses every block and question type."""
    return load_course(COURSE_DIR)


@pytest.fixture(scope="session")
def site_files(loaded: LoadedCourse) -> dict[str, bytes]:
    """render_site() of the test course."""
    return render_site(loaded)


@pytest.fixture(scope="session")
def site_dir(site_files: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test course's HTML package written to a temporary folder."""
    return write_site(site_files, tmp_path_factory.mktemp("html"))


@pytest.fixture(scope="session")
def sample_files() -> dict[str, bytes]:
    """render_site() of the sample course (courses/aldeas-digitales), default theme."""
    return render_site(load_course(SAMPLE_COURSE))


@pytest.fixture(scope="session")
def sample_dir(sample_files: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample course's HTML package written to a temporary folder."""
    return write_site(sample_files, tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="session")
def second_theme_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """render_site() of a copy of the sample course set to the high-contrast theme."""
    root = course_copy(
        SAMPLE_COURSE, tmp_path_factory.mktemp("alto") / "course", theme={"name": SECOND_THEME}
    )
    return render_site(load_course(root))


@pytest.fixture(scope="session")
def second_theme_dir(
    second_theme_files: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The high-contrast sample package written to a temporary folder."""
    return write_site(second_theme_files, tmp_path_factory.mktemp("alto-site"))
