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
        loaded: LoadedCourse, done: object, settings: object, cache: object
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


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_edit_made_during_a_build_is_rebuilt_next_time(
    tmp_path: Path, counted: list[str], monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    """The stamp holds the files as the build read them, not as they are at its end."""
    course = tmp_path / "mini"
    shutil.copytree(MINI, course)
    out = tmp_path / "dist"
    lesson = course / "lessons" / "01-uno.yaml"
    page = build_module.PRODUCERS["html"]

    def edit_then_draw(*args: object) -> tuple[dict[str, bytes], list[object]]:
        # The instructor saves a lesson after it was read, before the build ends.
        lesson.write_text(lesson.read_text().replace("Lección uno", "Lección 1"))
        return page(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "PRODUCERS", {"html": edit_then_draw})
    assert main(["build", str(course), "-o", str(out), "-q", "-j", jobs]) == 0
    monkeypatch.setattr(build_module, "PRODUCERS", {"html": page})
    assert main(["build", str(course), "-o", str(out), "-q", "-j", jobs]) == 0
    assert counted == ["mini", "mini"]  # not "up to date" with the stale page
    assert main(["build", str(course), "-o", str(out), "-q", "-j", jobs]) == 0
    assert counted == ["mini", "mini"]
