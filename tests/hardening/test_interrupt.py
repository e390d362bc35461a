"""Builds killed at random moments never leave dist/ half-written; the next build recovers."""

from __future__ import annotations

import hashlib
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

MINI = Path(__file__).resolve().parents[1] / "load" / "testdata" / "mini"


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def build(course: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "courseware",
            "build",
            str(course),
            "-o",
            str(out),
            "-q",
            "--force",
            "-f",
            "html",
            "-f",
            "quiz",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_sigkill_at_random_moments(tmp_path: Path) -> None:
    course = tmp_path / "mini"
    shutil.copytree(MINI, course)
    out = tmp_path / "dist"
    assert build(course, out).wait(timeout=120) == 0
    old = snapshot(out / "mini")
    lesson = course / "lessons" / "01-uno.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("Lección uno", "Lección nueva"))
    reference = tmp_path / "reference"
    assert build(course, reference).wait(timeout=120) == 0
    new = snapshot(reference / "mini")
    assert old != new
    rng = random.Random(7)
    for _ in range(8):
        proc = build(course, out)
        time.sleep(rng.uniform(0.2, 2.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        final = out / "mini"
        if final.exists():
            assert snapshot(final) in (old, new), "a killed build left a mixed output"
        else:
            # Killed between the two renames: the swapped-out copy is kept for recovery.
            assert any(p.name.startswith(".mini.old-") for p in out.iterdir())
    assert build(course, out).wait(timeout=120) == 0
    assert snapshot(out / "mini") == new
    leftovers = [p.name for p in out.iterdir() if p.name.startswith((".mini.tmp", ".mini.old"))]
    assert leftovers == []
