"""What drawing the PDFs reports is in the instructor's language (``--lang``), also when
the words come from a worker process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

MINI = Path(__file__).resolve().parents[1] / "load" / "testdata" / "mini"
VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """The mini course with a theme whose print stylesheet reads a file outside it."""
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    course = root / "course.yaml"
    course.write_text(course.read_text(encoding="utf-8") + "theme:\n  name: fuga\n", "utf-8")
    theme = root / "themes" / "fuga"
    (theme / "pdf").mkdir(parents=True)
    (theme / "theme.yml").write_text("extends: default\n", encoding="utf-8")
    leak = "body { background: url(file:///etc/passwd); }\n"
    (theme / "pdf" / "print.css").write_text(leak, encoding="utf-8")
    return root


def _build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    return subprocess.run(
        [sys.executable, "-m", "courseware", "build", str(root), "-f", "pdf", *args],
        capture_output=True,
        text=True,
        env={**clean, "LANG": "en_US.UTF-8"},
        timeout=300,
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_refused_file_is_reported_in_spanish(mini: Path, tmp_path: Path, jobs: str) -> None:
    run = _build(mini, "-o", str(tmp_path / "dist"), "-j", jobs, "--lang", "es")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "no se leyó file:///etc/passwd: fuera de la carpeta del curso" in run.stderr
    assert "las imágenes y los archivos deben estar dentro de la carpeta del curso" in run.stderr
    assert "refused to read" not in run.stderr and "must lie inside" not in run.stderr
    assert not (tmp_path / "dist" / "mini" / "pdf").exists()


def test_and_in_english_without_a_language(mini: Path, tmp_path: Path) -> None:
    run = _build(mini, "-o", str(tmp_path / "dist"), "-j", "2")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "refused to read file:///etc/passwd: outside the course folder" in run.stderr
    assert "images and files must lie inside the course folder" in run.stderr
