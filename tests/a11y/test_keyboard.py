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
from tests.a11y.conftest import SAMPLE, SAMPLE_HIGH, SAMPLE_SCORM, TEST_COURSE
from tests.a11y.test_axe import WCAG_TAGS
from tests.validators import chromium_path, node_path

SCRIPT = Path(__file__).parent / "keyboard.mjs"
QUIZ_PAGE = f"{TEST_COURSE}/repaso.html"
WALKS = [f"{SAMPLE}/transmision-en-vivo.html", f"{SAMPLE_HIGH}/ficha-y-fotos.html"]
WALKS += [f"{SAMPLE}/index.html"]
BLOCK_LESSONS = ["gdt-y-ewtp", "ficha-y-fotos", "precio-y-envio", "confianza-y-plan"]
BLOCK_LESSONS += ["aldea-de-las-perlas"]
BLOCK_LESSONS += ["transmision-en-vivo"]
"""Sample lessons with flip cards, a process and a hotspot, tabs and a reveal, an accordion
and a sort, a scenario, a video with cues."""
BLOCK_PAGES = [f"{SAMPLE}/{name}.html" for name in BLOCK_LESSONS]
BLOCK_PAGES += [f"{SAMPLE_HIGH}/{name}.html" for name in BLOCK_LESSONS]
GLOSSARY_PAGES = [f"{SAMPLE}/precio-y-envio.html", f"{SAMPLE_HIGH}/precio-y-envio.html"]
"""A lesson whose text names glossary terms: «costo unitario» first."""


@pytest.fixture(scope="module")
def keyboard(packages: Path) -> dict[str, Any]:
    args = [node_path(), str(SCRIPT), str(packages), "--quiz", QUIZ_PAGE]
    for page in WALKS:
        args += ["--walk", page]
    for page in BLOCK_PAGES:
        args += ["--blocks", page]
    args += ["--search", f"{SAMPLE}/index.html", "--search", f"{SAMPLE}/transmision-en-vivo.html"]
    for page in GLOSSARY_PAGES:
        args += ["--glossary", page]
    if os.environ.get("COURSEWARE_SHOTS"):  # screenshots to look at
        args += ["--shots", os.environ["COURSEWARE_SHOTS"]]
    args += ["--motion", f"{SAMPLE}/index.html", "--tags", ",".join(WCAG_TAGS)]
    return _run(args)


def _run(args: list[str]) -> dict[str, Any]:
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


def _assert_blocks_work(blocks: dict[str, Any]) -> None:
    """Every disclosure opened, every tab list and process driven as the ARIA patterns say."""
    kinds = {d["block"] for page in blocks.values() for d in page["disclosures"]}
    assert {"cw-flips", "cw-reveal", "cw-accordion"} <= kinds
    for page, found in blocks.items():
        assert all(d["open"] and d["shown"] for d in found["disclosures"]), page
        assert found["focusHidden"] == [], page
        for tabs in found["tabs"]:
            last = tabs["tabs"] - 1
            expected = {"start": 0, "right": 1, "end": last, "wrap": 0, "left": last, "home": 0}
            for key, index in expected.items():
                state = tabs[key]
                assert state["selected"] == state["focused"] == index, (page, key)
                assert state["shown"] == [i == index for i in range(last + 1)], (page, key)
            assert tabs["tabInto"] == "tabpanel", page
        for process in found["process"]:
            assert (process["first"], process["last"]) == (0, process["steps"] - 1), page
            assert process["status"] == f"Paso {process['steps']} de {process['steps']}"
            assert process["live"] == "polite"
            # "Next" is disabled on the last step: the focus moves to "Previous", which works.
            assert process["focusAfterLast"] == "Paso anterior"
            assert process["back"] == process["steps"] - 2
        for scenario in found["scenario"]:
            assert scenario["start"] == {"shown": ["comentario"], "focused": False}, page
            # Enter on a choice shows one moment, the one it leads to, and focuses it.
            assert all(len(s["shown"]) == 1 and s["focused"] for s in scenario["path"]), page
            assert scenario["path"][-1]["shown"][0].startswith("final-"), page
            assert scenario["canRestart"] and scenario["after"]["shown"] == ["comentario"]
            assert scenario["chosen"] is False  # started again: nothing chosen yet
        for hotspot in found["hotspot"]:
            assert hotspot["pins"] >= 2, page
            for pin in hotspot["opened"]:  # a button that opens its note and moves there
                assert pin == {
                    "role": "button",
                    "expanded": "true",
                    "open": True,
                    "focusOnNote": True,
                }, page
        for cues in found["cues"]:
            before, asked, after = cues["before"], cues["asked"], cues["after"]
            assert before["boxHidden"] and not any(before["shown"]), page
            assert not asked["boxHidden"] and asked["shown"] == [True, False], page
            assert asked["paused"] and asked["focusInFirst"], page
            assert after["focusOnVideo"], page
        for sort in found["sort"]:
            assert all(sort["moved"]) and sort["right"] == sort["items"], page
            assert sort["result"] == f"{sort['items']} de {sort['items']} bien clasificados"


def test_interactive_blocks_with_the_keyboard(keyboard: dict[str, Any]) -> None:
    blocks = keyboard["blocks"]
    assert set(blocks) == set(BLOCK_PAGES)
    _assert_blocks_work(blocks)
    assert sum(len(b["tabs"]) for b in blocks.values()) == 2  # one tab list, in both themes
    assert sum(len(b["process"]) for b in blocks.values()) == 2
    assert sum(len(b["scenario"]) for b in blocks.values()) == 2
    assert sum(len(b["sort"]) for b in blocks.values()) == 2
    assert sum(len(b["hotspot"]) for b in blocks.values()) == 2
    assert sum(len(b["cues"]) for b in blocks.values()) == 2
    for page, found in blocks.items():
        assert found["axe"]["passes"] >= 15, page
        assert found["axe"]["violations"] == [], page


def test_interactive_blocks_work_from_file_in_the_scorm_package(scorm_site: Path) -> None:
    """The unzipped SCORM 1.2 package, opened from disk with no LMS: the blocks still work."""
    args = [node_path(), str(SCRIPT), str(scorm_site.parent), "--file-url"]
    for name in BLOCK_LESSONS:
        args += ["--blocks", f"{SAMPLE_SCORM}/{name}.html"]
    args += ["--search", f"{SAMPLE_SCORM}/index.html"]
    report = _run(args)
    blocks = report["blocks"]
    assert len(blocks) == len(BLOCK_LESSONS)
    _assert_blocks_work(blocks)
    _assert_search_works(report["search"][f"{SAMPLE_SCORM}/index.html"])


def _assert_search_works(search: dict[str, Any]) -> None:
    """ "ENVIO gratis" finds the two lessons that say «envío gratis» (accents, capitals)."""
    assert search["status"] == "2 páginas contienen «ENVIO gratis»."
    assert search["found"] == ["ficha-y-fotos.html", "precio-y-envio.html"]
    assert search["focusHidden"] == []
    assert search["firstResultFocused"].startswith("La ficha de un producto")  # Tab, Tab
    assert search["afterEscape"] is True


def test_offline_search_by_keyboard(keyboard: dict[str, Any]) -> None:
    """From the home page and from a lesson: the box is in every page's header."""
    _assert_search_works(keyboard["search"][f"{SAMPLE}/index.html"])
    _assert_search_works(keyboard["search"][f"{SAMPLE}/transmision-en-vivo.html"])


def test_glossary_definition_by_keyboard(keyboard: dict[str, Any]) -> None:
    """WCAG 1.4.13: the definition shows on focus, Esc dismisses it, it comes back."""
    assert set(keyboard["glossary"]) == set(GLOSSARY_PAGES)
    for page, found in keyboard["glossary"].items():
        assert found["link"]["text"].split() == ["costo", "unitario"], page
        assert found["link"]["href"] == "glossary.html#term-costo-unitario", page
        assert found["link"]["description"].startswith("Lo que cuesta producir"), page
        assert found["shownOnFocus"] and found["hiddenByEscape"] and found["shownAgain"], page
        assert found["focusHidden"] == [], page
        assert found["axe"]["violations"] == [], page
