"""Fixtures for loader tests: copies of courses to break, and a check runner."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from courseware.cli import main

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "courses" / "aldeas-digitales"
MINI = Path(__file__).parent / "testdata" / "mini"


@dataclass
class Place:
    """A line found in a course file: relative path, 1-based line number and its text."""

    path: Path
    line: int
    text: str

    def column_of(self, fragment: str) -> int:
        """1-based column where ``fragment`` starts on the line."""
        return self.text.index(fragment) + 1


class CourseCopy:
    """A throwaway copy of a course that tests edit line by line."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def find(self, pattern: str, glob: str = "**/*.yaml", skip: int = 0) -> Place:
        """The first line matching ``pattern`` (regex), in file-name order."""
        regex = re.compile(pattern)
        seen = 0
        for path in sorted(self.root.glob(glob)):
            for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if regex.search(text):
                    if seen == skip:
                        return Place(path, number, text)
                    seen += 1
        raise AssertionError(f"no line matches {pattern!r} in {glob}")

    def replace_line(self, place: Place, *new_lines: str) -> None:
        """Replace the line at ``place`` by zero or more lines."""
        lines = place.path.read_text(encoding="utf-8").splitlines()
        lines[place.line - 1 : place.line] = list(new_lines)
        place.path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_check(root: Path) -> tuple[int, dict[str, Any]]:
    """Run `courseware check --format json` in process; return (exit code, report)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["check", str(root), "--format", "json"])
    return code, json.loads(out.getvalue())


@pytest.fixture
def sample_copy(tmp_path: Path) -> CourseCopy:
    """A fresh copy of the sample course."""
    target = tmp_path / "aldeas-digitales"
    shutil.copytree(SAMPLE, target)
    return CourseCopy(target)


@pytest.fixture
def mini_copy(tmp_path: Path) -> CourseCopy:
    """A fresh copy of the minimal test course."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return CourseCopy(target)
