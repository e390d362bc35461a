"""`build C/course.yaml` and `check C/course.yaml` take the course folder that file is in."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

from courseware.build import build_course
from courseware.cli import main

MINI = Path(__file__).resolve().parent / "load" / "testdata" / "mini"


def test_a_course_yaml_path_names_its_folder(tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        assert main(["check", str(root / "course.yaml")]) == 0, out.getvalue()
    build_course(root / "course.yaml", tmp_path / "dist", ["quiz"])
    assert (tmp_path / "dist" / "mini" / "quiz" / "report.json").is_file()


def test_a_folder_without_course_yaml_says_which_folder_to_give(tmp_path: Path) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        assert main(["check", str(tmp_path)]) == 1
    assert "give the course folder (the one holding course.yaml)" in out.getvalue()
