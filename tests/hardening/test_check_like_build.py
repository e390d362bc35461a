"""``check`` reports at file:line what ``build`` would refuse, so a course that checks
clean builds."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from .hostile import MINI

BROKEN_WIDE_PNG = (
    b"\x89PNG\r\n\x1a\n"
    + struct.pack(">I", 13)
    + b"IHDR"
    + struct.pack(">IIBBBBB", 4000, 10, 8, 2, 0, 0, 0)
    + b"\0\0\0\0garbage"
)
"""A header saying 4,000 pixels wide (so the build scales it) over data that is no PNG."""


def _run(*args: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "courseware", *args],
        capture_output=True,
        text=True,
        check=False,
        env={
            k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")
        },  # English messages
    )
    assert "Traceback" not in done.stderr
    return done.returncode, done.stderr


def _lesson_text(root: Path, text: str) -> None:
    lesson = root / "lessons" / "01-uno.yaml"
    body = lesson.read_text(encoding="utf-8")
    lesson.write_text(body.replace("Hola **mundo**.", json.dumps(text)), encoding="utf-8")


def _prompt(root: Path, text: str) -> None:
    bank = root / "banks" / "b.yaml"
    body = bank.read_text(encoding="utf-8")
    bank.write_text(body.replace("prompt: ¿Cuál?", f"prompt: {json.dumps(text)}"), "utf-8")


CASES = {
    "raw image missing (the issue's case)": (
        _prompt,
        '¿Cuál? <img src="missing.png" alt="m">',
        "b.yaml:6:13: error: image 'missing.png' not found",
    ),
    "raw remote image": (
        _prompt,
        '¿Cuál? <img src="https://example.org/x.png" alt="r">',
        "b.yaml:6:13: error: image 'https://example.org/x.png' is not a file of the course",
    ),
    "raw remote image in a lesson": (
        _lesson_text,
        'Hola <img src="http://example.org/x.png" alt="r">',
        "01-uno.yaml:7:11: error: image 'http://example.org/x.png' is not a file of the course",
    ),
    "link to a source file": (
        _lesson_text,
        "Hola [notas](banks/b.yaml)",
        "01-uno.yaml:7:11: error: 'banks/b.yaml' is not a lesson file of this course",
    ),
    "image the build cannot scale": (
        _lesson_text,
        "Hola ![una foto ancha](media/ancha.png)",
        "01-uno.yaml:7:11: error: image 'media/ancha.png': not a readable PNG image",
    ),
    "file over a generated page": (
        _lesson_text,
        "Hola [inicio](index.html)",
        "01-uno.yaml:7:11: error: course file 'index.html' has the path of a page",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_reports_what_build_refuses(tmp_path: Path, case: str) -> None:
    edit, text, expected = CASES[case]
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    (root / "media" / "ancha.png").write_bytes(BROKEN_WIDE_PNG)
    (root / "index.html").write_text("<p>una página propia</p>\n", encoding="utf-8")
    code, stderr = _run("check", str(root))
    assert code == 0, stderr  # the files alone are fine while nothing uses them
    edit(root, text)
    code, stderr = _run("check", str(root))
    assert code == 1 and expected in stderr, stderr
    code, stderr = _run("build", str(root), "-o", str(tmp_path / "dist"), "-q")
    assert code == 1 and expected in stderr, stderr
