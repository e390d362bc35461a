"""The final quiz offers its submit button only once every question can be checked.

Seen in Moodle's player on a loaded machine: a submit pressed after lms.js had made the button
but before quiz.js had made the check buttons scored 0. Here quiz.js arrives 1.5 s late.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.package.conftest import extract
from tests.validators import chromium_path, node_path

SCRIPT = Path(__file__).parent / "slow_quiz.mjs"


@pytest.mark.parametrize("kind", ["web", "scorm12"])
def test_submit_appears_only_after_the_questions_can_be_checked(
    kind: str, sample_packages: dict[str, bytes], tmp_path: Path
) -> None:
    root = extract(sample_packages[f"aldeas-digitales-{kind}.zip"], tmp_path / kind)
    env = {"CHROMIUM_PATH": chromium_path(), "PATH": os.environ.get("PATH", "")}
    proc = subprocess.run(
        [node_path(), str(SCRIPT), str(root), "quiz-examen-final.html", "1500"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["errors"] == [] and report["pageErrors"] == [], report
    assert report["questionsShown"] > 0
    assert report["checkButtons"] >= report["questionsShown"], report
