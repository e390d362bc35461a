"""The instructor guide names a block without a title by its kind alone ("PREGUNTAS", not
"PREGUNTAS :")."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from courseware.build import build_course

MINI = Path(__file__).resolve().parents[1] / "load" / "testdata" / "mini"


def test_a_block_without_title_has_no_dangling_colon(tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    build_course(root, tmp_path / "dist", ["pdf"])
    guide = next((tmp_path / "dist" / "mini" / "pdf").glob("*guia*.pdf"))
    text = subprocess.run(
        ["pdftotext", str(guide), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [line.strip() for line in text.splitlines()]
    assert any(line.upper().startswith("PREGUNTAS") for line in lines), lines
    assert not [line for line in lines if line.rstrip().endswith(":") and "PREGUNTAS" in line]
