"""Builds killed at random moments, PDFs included, never leave dist/ half-written nor block
the next build; a file system that refuses (full, read-only, ``--out`` a file) is one clear
error, and the last output stays whole."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

MINI = Path(__file__).resolve().parents[1] / "load" / "testdata" / "mini"
FAULTS = Path(__file__).resolve().parent / "faults"
ROOT = Path(__file__).resolve().parents[2]


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


def _processes_marked(mark: str) -> list[int]:
    """Processes (Linux /proc) whose environment holds ``mark``: a build and its workers."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if mark.encode() in environ and state not in ("Z", "X"):
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc (Linux)")
def test_a_build_killed_while_drawing_pdfs_blocks_nothing_and_leaves_no_worker(
    tmp_path: Path,
) -> None:
    course = tmp_path / "mini"
    shutil.copytree(MINI, course)
    out = tmp_path / "dist"
    mark = f"COURSEWARE_TEST_BUILD={os.getpid()}-{tmp_path.name}"
    env = {**os.environ, mark.split("=")[0]: mark.split("=")[1]}
    command = [sys.executable, "-m", "courseware", "build", str(course), "-o", str(out), "-q"]
    rng = random.Random(11)
    for _ in range(4):
        proc = subprocess.Popen(
            [*command, "--force", "-f", "pdf", "-j", "2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(1.0, 4.0))  # loading, drawing with two workers, or writing
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        deadline = time.monotonic() + 20
        while _processes_marked(mark) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _processes_marked(mark) == [], "a worker outlived its killed build"
    done = subprocess.run([*command, "-f", "pdf", "-f", "html"], env=env, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert (out / "mini" / "pdf").is_dir() and (out / "mini" / "html" / "index.html").is_file()
    assert sorted(p.name for p in out.iterdir()) == [".courseware", ".mini.lock", "mini"]


def _faulty_build(out: Path, fault: str, course: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(FAULTS), str(ROOT)]),
        "COURSEWARE_TEST_FAULT": fault,
        "COURSEWARE_TEST_FAULT_DIR": str(out),
    }
    command = [sys.executable, "-m", "courseware", "build", str(course), "-o", str(out)]
    return subprocess.run(
        [*command, "-q", "--force", "-f", "html"], env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("enospc", "error: no space left on the disk of {out}"),
        ("erofs", "error: cannot write into {out}: Read-only file system"),
        ("file", "error: the output folder {out} is a file"),
    ],
)
def test_a_file_system_that_refuses_is_one_clear_error_and_the_output_stays(
    tmp_path: Path, fault: str, message: str
) -> None:
    course = tmp_path / "mini"
    shutil.copytree(MINI, course)
    out = tmp_path / "dist"
    if fault == "file":
        out.write_bytes(b"not a folder")
        before = {"dist": out.read_bytes()}
    else:
        assert build(course, out).wait(timeout=120) == 0
        before = snapshot(out)
        lesson = course / "lessons" / "01-uno.yaml"
        lesson.write_text(lesson.read_text(encoding="utf-8").replace("Lección uno", "Otra"))
    result = _faulty_build(out, fault, course)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error")]
    assert errors == [message.format(out=out)], result.stderr
    after = {"dist": out.read_bytes()} if fault == "file" else snapshot(out)
    assert after == before
    if fault != "file":
        leftovers = [p.name for p in out.iterdir() if p.name.startswith((".mini.tmp", ".mini.old"))]
        assert leftovers == []
