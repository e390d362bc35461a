"""Keyboard only: every question type answered, hints opened, focus always visible, motion.

tests/a11y/keyboard.mjs drives headless Chromium with Tab, Shift+Tab, arrow keys, Space,
Enter and typing, never the mouse; it then runs axe on the page as the learner left it.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from courseware.model import QUESTION_TYPES
from tests.a11y.conftest import SAMPLE, SAMPLE_HIGH, TEST_COURSE
from tests.a11y.test_axe import WCAG_TAGS
from tests.validators import chromium_path, node_path

SCRIPT = Path(__file__).parent / "keyboard.mjs"
QUIZ_PAGE = f"{TEST_COURSE}/repaso.html"
WALKS = [f"{SAMPLE}/transmision-en-vivo.html", f"{SAMPLE_HIGH}/ficha-y-fotos.html"]
WALKS += [f"{SAMPLE}/index.html"]


@pytest.fixture(scope="module")
def keyboard(packages: Path) -> dict[str, Any]:
    args = [node_path(), str(SCRIPT), str(packages), "--quiz", QUIZ_PAGE]
    for page in WALKS:
        args += ["--walk", page]
    args += ["--motion", f"{SAMPLE}/index.html", "--tags", ",".join(WCAG_TAGS)]
    env = {**os.environ, "CHROMIUM_PATH": chromium_path()}
    proc = subprocess.run(args, capture_output=True, text=True, timeout=300, env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    report: dict[str, Any] = json.loads(proc.stdout)
    assert report["errors"] == [], report["errors"]
    assert report["pageErrors"] == [] and report["consoleErrors"] == []
    assert report["blockedRequests"] == []
    return report


def test_every_question_type_answered_with_the_keyboard(keyboard: dict[str, Any]) -> None:
    quiz = keyboard["quiz"]
    assert set(QUESTION_TYPES) <= set(quiz)
    for kind in QUESTION_TYPES:
        if kind == "essay":
            assert quiz[kind]["open"] is True  # model answer opened with Enter
            assert quiz[kind]["words"].startswith("11 ")
            continue
        assert quiz[kind]["status"] == "cw-status cw-status-right", kind
        assert quiz[kind]["hint"] is True, kind  # hint opened with Space


def test_focus_is_always_visible(keyboard: dict[str, Any]) -> None:
    quiz = keyboard["quiz"]
    assert quiz["focusStops"] >= 20
    assert quiz["focusHidden"] == [] and quiz["focusOffScreen"] == []
    for page in WALKS:
        walk = keyboard["walks"][page]
        assert walk["stops"] >= 15, page
        assert walk["hidden"] == [] and walk["offScreen"] == [], page
        # The first Tab reaches the skip link, shown; Enter moves the focus to the content.
        skip = {"first": "a.cw-skip", "visible": True, "after": "main#cw-main.cw-main"}
        assert walk["skip"] == skip, page


def test_no_axe_findings_after_answering(keyboard: dict[str, Any]) -> None:
    axe = keyboard["axe"]
    assert axe["passes"] >= 15
    assert axe["violations"] == []


def test_reduced_motion_is_respected(keyboard: dict[str, Any]) -> None:
    motion = keyboard["motion"]
    assert motion["noPreference"]["scroll"] == "smooth"
    assert motion["noPreference"]["transition"] != "0s"
    assert motion["reduce"]["scroll"] == "auto"
    assert motion["reduce"]["transition"] == "0s"
