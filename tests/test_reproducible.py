"""Two builds of the same input give identical bytes, whatever the folder, hash seed or clock."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "courses" / "aldeas-digitales"


def _build(course: Path, out: Path, seed: str, tz: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": tz}
    env.pop("SOURCE_DATE_EPOCH", None)
    run = subprocess.run(
        [sys.executable, "-m", "courseware", "build", str(course), "-o", str(out), "-q", "-j", "2"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]


def _hashes(out: Path) -> dict[str, str]:
    return {
        path.relative_to(out).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(out.rglob("*"))
        if path.is_file()
    }


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "aldeas-digitales", tmp_path / "b" / "otro-nombre"
    shutil.copytree(SAMPLE, first)
    shutil.copytree(SAMPLE, second)
    _build(first, tmp_path / "out-a", seed="1", tz="UTC")
    _build(second, tmp_path / "out-b", seed="2", tz="America/Mexico_City")
    a = _hashes(tmp_path / "out-a" / "aldeas-digitales")
    b = _hashes(tmp_path / "out-b" / "aldeas-digitales")
    outputs = {name.split("/")[0] for name in a}
    assert outputs == {"html", "instructor", "quiz", "pdf", "packages"}
    assert any(name.endswith(".pdf") for name in a) and any(name.endswith(".zip") for name in a)
    assert sorted(a) == sorted(b)
    differ = [name for name in a if a[name] != b[name]]
    assert not differ, f"{len(differ)} file(s) differ between two builds: {differ[:10]}"
