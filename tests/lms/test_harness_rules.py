"""The layer's own rules: no harness -> every test skips with the reason; a harness whose
setup fails -> the tests fail (a broken harness must never pass as skipped)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.validators import REPO_ROOT

ONE_TEST = "tests/lms/test_cartridge.py::test_restores_without_warnings"


def run_with_harness(harness: Path) -> subprocess.CompletedProcess[str]:
    """pytest on one real-Moodle test, with the harness folder replaced."""
    env = {**os.environ, "COURSEWARE_MOODLE_HARNESS": str(harness)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "0", "-rsf", ONE_TEST],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_without_the_harness_the_tests_skip_and_say_why(tmp_path: Path) -> None:
    proc = run_with_harness(tmp_path / "absent")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 skipped" in proc.stdout
    assert "no Moodle harness at" in proc.stdout and "../shared/lms/moodle" in proc.stdout


def test_a_harness_whose_setup_fails_fails_the_tests(tmp_path: Path) -> None:
    harness = tmp_path / "broken"
    harness.mkdir()
    (harness / "setup.sh").write_text("echo 'setup.sh: ERROR: no PostgreSQL' >&2\nexit 1\n")
    proc = run_with_harness(harness)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "1 error" in proc.stdout and "skipped" not in proc.stdout
    assert "setup.sh" in proc.stdout and "no PostgreSQL" in proc.stdout
