"""No-op rebuilds: nothing is rendered when inputs, theme, toolkit and options are unchanged."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from courseware import build as build_module
from courseware.cli import main
from courseware.load import LoadedCourse

MINI = Path(__file__).parent / "load" / "testdata" / "mini"


@pytest.fixture
def counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []

    def page(
        loaded: LoadedCourse, done: object, settings: object, cache: object, emit: object
    ) -> tuple[dict[str, bytes], list[object]]:
        calls.append(loaded.course.id)
        return {"index.html": loaded.course.title.encode()}, []

    monkeypatch.setattr(build_module, "PRODUCERS", {"html": page})
    return calls


def test_second_build_does_nothing(tmp_path: Path, counted: list[str]) -> None:
    course = tmp_path / "mini"
    shutil.copytree(MINI, course)
    out = tmp_path / "dist"
    assert main(["build", str(course), "-o", str(out), "-q"]) == 0
    assert main(["build", str(course), "-o", str(out), "-q"]) == 0
    assert counted == ["mini"]
    # Touching a file without changing it is still a no-op.
    lesson = course / "lessons" / "01-uno.yaml"
    os.utime(lesson, ns=(1, 1))
    assert main(["build", str(course), "-o", str(out), "-q"]) == 0
    assert counted == ["mini"]
    # A real edit rebuilds.
    lesson.write_text(lesson.read_text().replace("Lección uno", "Lección 1"))
    assert main(["build", str(course), "-o", str(out), "-q"]) == 0
    assert counted == ["mini", "mini"]
    # Other options rebuild; so do --force and a damaged output.
    assert main(["build", str(course), "-o", str(out), "-q", "--force"]) == 0
    (out / "mini" / "html" / "index.html").write_text("tampered")
    assert main(["build", str(course), "-o", str(out), "-q"]) == 0
    assert counted == ["mini"] * 4
    assert (out / "mini" / "html" / "index.html").read_text() == "Curso mínimo"


def test_noop_build_imports_nothing_heavy(tmp_path: Path, counted: list[str]) -> None:
    course = tmp_path / "mini"
    shutil.copytree(MINI, course)
    out = tmp_path / "dist"
    assert main(["build", str(course), "-o", str(out), "-q", "-f", "html"]) == 0
    code = (
        "import sys\n"
        "from courseware.cli import main\n"
        f"rc = main(['build', {str(course)!r}, '-o', {str(out)!r}, '-f', 'html'])\n"
        "heavy = [m for m in ('weasyprint', 'pydantic', 'jinja2', 'lxml', 'yaml', 'rich')"
        " if m in sys.modules]\n"
        "print(rc, heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "0 []", result.stderr
    assert "up to date" in result.stderr
