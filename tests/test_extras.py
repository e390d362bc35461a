"""The optional extra ``courseware[fast]`` (markdown-it-pyrs) changes speed, never bytes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "courses" / "aldeas-digitales"

BUILD = """
import sys
out, how = sys.argv[1:]
if how == "without":
    sys.modules["markdown_it_pyrs"] = None  # as if not installed
from courseware.cli import main
from courseware.render import markdown
assert (markdown.markdown_it_pyrs is None) == (how == "without")
sys.exit(main(["build", {sample!r}, "-o", out, "-q", "-f", "html", "-f", "quiz"]))
"""


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".courseware" not in p.parts
    }


def test_the_site_and_quizzes_are_the_same_bytes_without_the_fast_extra(tmp_path: Path) -> None:
    pytest.importorskip("markdown_it_pyrs")
    script = BUILD.format(sample=str(SAMPLE))
    for how in ("with", "without"):
        run = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / how), how], capture_output=True
        )
        assert run.returncode == 0, run.stderr.decode()[-2000:]
    with_fast, without = _tree(tmp_path / "with"), _tree(tmp_path / "without")
    assert sorted(with_fast) == sorted(without)
    assert [name for name in with_fast if with_fast[name] != without[name]] == []
