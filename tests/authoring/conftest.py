"""Fixtures for the authoring tools (draft, lint, report): throwaway copies of courses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from courseware.errors import CoursewareError, Issue
from courseware.lint import FAITHFULNESS_CODES, faithfulness_issues, lint_course
from courseware.load import LoadedCourse, load_course

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "courses" / "aldeas-digitales"
MINI = REPO / "tests" / "load" / "testdata" / "mini"
SEED_NOTES = REPO / "seeds" / "gdt-mexico.md"
TESTDATA = Path(__file__).parent / "testdata"


class Workbench:
    """A copy of a course that tests edit as text, then load, lint and check."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, relative: str) -> Path:
        """A file of the course."""
        return self.root / relative

    def read(self, relative: str) -> str:
        """The text of a course file."""
        return self.path(relative).read_text(encoding="utf-8")

    def edit(self, relative: str, old: str, new: str) -> None:
        """Replace the first ``old`` by ``new`` in a course file (``old`` must be there)."""
        text = self.read(relative)
        assert old in text, f"{old!r} not in {relative}"
        self.path(relative).write_text(text.replace(old, new, 1), encoding="utf-8")

    def line_of(self, relative: str, fragment: str) -> int:
        """1-based number of the first line of a course file containing ``fragment``."""
        for number, line in enumerate(self.read(relative).splitlines(), 1):
            if fragment in line:
                return number
        raise AssertionError(f"{fragment!r} not in {relative}")

    def drop(self, relative: str, fragment: str) -> None:
        """Delete the line containing ``fragment`` and the more-indented lines under it."""
        lines = self.read(relative).splitlines()
        start = self.line_of(relative, fragment) - 1
        indent = len(lines[start]) - len(lines[start].lstrip())
        end = start + 1
        while end < len(lines) and (
            not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
        ):
            end += 1
        del lines[start:end]
        self.path(relative).write_text("\n".join(lines) + "\n", encoding="utf-8")

    def insert_after(self, relative: str, fragment: str, *new_lines: str) -> None:
        """Insert lines after the first line containing ``fragment``."""
        lines = self.read(relative).splitlines()
        at = self.line_of(relative, fragment)
        lines[at:at] = list(new_lines)
        self.path(relative).write_text("\n".join(lines) + "\n", encoding="utf-8")

    def load(self) -> LoadedCourse:
        """The course loaded and cross-checked (raises on errors)."""
        return load_course(self.root)

    def lint(self) -> list[Issue]:
        """Lint warnings of the course."""
        loaded = self.load()
        return lint_course(loaded.course, loaded.root)

    def faithfulness(self) -> list[Issue]:
        """Faithfulness errors of the course (whether or not loading already checks them)."""
        try:
            loaded = self.load()
        except CoursewareError as exc:
            found = [i for i in exc.issues if i.code in FAITHFULNESS_CODES]
            if found and len(found) == len(exc.errors):
                return found
            raise
        return faithfulness_issues(loaded.course, loaded.root)


@pytest.fixture
def sample(tmp_path: Path) -> Workbench:
    """A fresh copy of the sample course."""
    return Workbench(Path(shutil.copytree(SAMPLE, tmp_path / "aldeas-digitales")))


MINI_NOTES = "# Nota\n\nLa coordinadora dijo: «Una cita.»\n"
"""Source notes that hold mini's quotation, so the copy starts faithful."""


@pytest.fixture
def mini(tmp_path: Path) -> Workbench:
    """A fresh copy of the minimal test course, with notes that hold its quotation."""
    bench = Workbench(Path(shutil.copytree(MINI, tmp_path / "mini")))
    bench.path("seeds/nota.md").write_text(MINI_NOTES, encoding="utf-8")
    return bench


@pytest.fixture(scope="session")
def sample_loaded() -> LoadedCourse:
    """The sample course as it is in the repository (read only)."""
    return load_course(SAMPLE)


def codes(issues: list[Issue]) -> list[str]:
    """The codes of some issues, in order."""
    return [issue.code for issue in issues]


def at(issue: Issue, bench: Workbench, relative: str, line: int) -> bool:
    """True if the issue points at ``relative``:``line`` of the course."""
    assert issue.span is not None
    return issue.span.path.resolve() == bench.path(relative).resolve() and issue.span.line == line
