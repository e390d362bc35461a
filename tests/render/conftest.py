"""Fixtures for the HTML renderer tests: the test course, its rendered package on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from courseware.load import LoadedCourse, load_course
from courseware.render.html import render_site

TESTDATA = Path(__file__).parent / "testdata"
COURSE_DIR = TESTDATA / "curso-prueba"


def write_site(files: dict[str, bytes], out: Path) -> Path:
    """Write a rendered package to ``out`` (tests only; the build writes atomically)."""
    for relpath, data in files.items():
        target = out / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return out


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
