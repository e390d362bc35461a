"""lint_course: the sample is clean; every warning is a warning with a one-line fix."""

from __future__ import annotations

from courseware.lint import LINT_CODES, lint_course
from courseware.load import LoadedCourse
from tests.authoring.conftest import Workbench
from tests.lint.conftest import (
    LESSON1,
    add_bank,
)


def test_sample_course_has_no_warnings(sample_loaded: LoadedCourse) -> None:
    issues = lint_course(sample_loaded.course, sample_loaded.root)
    assert issues == [], "\n".join(i.format() for i in issues)


def test_every_warning_is_a_warning_with_a_one_line_fix(sample: Workbench) -> None:
    add_bank(sample)
    sample.edit(LESSON1, "objectives: [obj-modelo-taobao]\n", "")
    issues = sample.lint()
    assert issues
    for issue in issues:
        assert issue.severity == "warning"
        assert issue.span is not None and issue.span.line >= 1
        assert issue.hint and "\n" not in issue.hint
        assert issue.code in LINT_CODES
