"""Fixtures for the accessibility tests: the packages to check, side by side in one folder.

Why one folder: a single axe or keyboard run (one node, one Chromium) covers them all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from courseware.load import load_course
from courseware.render.html import render_site
from tests.render.conftest import (
    COURSE_DIR,
    SAMPLE_COURSE,
    SECOND_THEME,
    course_copy,
    write_site,
)

TEST_COURSE = "prueba"
"""Subfolder of the test course (tests/render/testdata): every block and question type."""
SAMPLE = "muestra"
"""Subfolder of the sample course (courses/aldeas-digitales), default theme."""
SAMPLE_HIGH = "muestra-" + SECOND_THEME
"""Subfolder of the sample course in the high-contrast theme."""
SAMPLE_SCORM = "muestra-scorm12"
"""Subfolder of the sample course's SCORM 1.2 package, unzipped (opened from file://)."""


@pytest.fixture(scope="session")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test course, the sample course and the sample in the second theme, rendered."""
    root = tmp_path_factory.mktemp("a11y")
    high = course_copy(
        SAMPLE_COURSE, tmp_path_factory.mktemp("course") / "c", theme={"name": SECOND_THEME}
    )
    for name, course in ((TEST_COURSE, COURSE_DIR), (SAMPLE, SAMPLE_COURSE), (SAMPLE_HIGH, high)):
        write_site(render_site(load_course(course)), root / name)
    return root


@pytest.fixture(scope="session")
def scorm_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample course's SCORM 1.2 package files, unzipped (in a folder of their own)."""
    from courseware.package.common import PackageOptions, prepare
    from courseware.package.scorm12 import build_scorm12

    loaded = load_course(SAMPLE_COURSE)
    files, _ = build_scorm12(prepare(loaded, render_site(loaded)), PackageOptions())
    return write_site(files, tmp_path_factory.mktemp("scorm") / SAMPLE_SCORM)
