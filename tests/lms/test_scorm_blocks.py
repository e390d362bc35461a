"""Scored blocks in the real Moodle 5.1: video cues, a scenario and a sort, SCORM 1.2 and 2004.

The sample course built with ``settings.score_blocks: true``. In Moodle's own player
(tests/lms/play.mjs, mode ``blocks``) the student answers the two questions the video asks
at its cues (the first right, the second wrong), sorts the sort block rightly, takes the
scenario's first choices to an ending and passes the final quiz. Then Moodle's own API
(``scorm_get_tracks``, ``grade_get_grades``: tests/lms/scorm_tracks.php) says what it kept:
one interaction per block with its id, type and result, and a score that counts them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from courseware.load import load_course
from courseware.package.runtime import final_quiz, scored_blocks
from tests.lms.conftest import HERE, SAMPLE, Moodle, once_per_run, play

KINDS = ("scorm12", "scorm2004")


@pytest.fixture(scope="session")
def scored_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample course with ``score_blocks: true``."""
    folder = tmp_path_factory.mktemp("lms-blocks") / SAMPLE.name
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("dist", ".courseware-cache"))
    yaml = folder / "course.yaml"
    text = yaml.read_text(encoding="utf-8")
    assert "\nsettings:\n" in text and "score_blocks" not in text
    yaml.write_text(text.replace("\nsettings:\n", "\nsettings:\n  score_blocks: true\n", 1))
    return folder


@pytest.fixture(scope="session")
def block_runs(
    moodle: Moodle,
    scored_course: Path,
    testrun_uid: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Any]:
    """Per package kind: what play.mjs did and what scorm_tracks.php read back."""

    def compute() -> dict[str, Any]:
        out = tmp_path_factory.mktemp("lms-blocks-dist")
        cmd = [sys.executable, "-m", "courseware", "build", str(scored_course), "--out", str(out)]
        cmd += ["--format", "packages", "--quiet", "--jobs", "1"]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        cmids = {}
        for kind in KINDS:
            zip_path = out / SAMPLE.name / "packages" / f"{SAMPLE.name}-{kind}.zip"
            added = moodle.php("scorm_add.php", zip_path)
            assert added.code == 0 and added.data is not None, added.describe()
            cmids[kind] = str(added.data["cmid"])
        data = play(moodle, [f"{c}:blocks" for c in cmids.values()], out)
        by_cmid = {str(r.get("cmid")): r for r in data["runs"]}
        result = {}
        for kind, cmid in cmids.items():
            stored = moodle.php(HERE / "scorm_tracks.php", cmid)
            assert stored.data is not None, stored.describe()
            result[kind] = {"played": by_cmid.get(cmid, {}), "stored": stored.data}
        return result

    return dict(once_per_run(moodle, "scorm-blocks", testrun_uid, compute))


def result_of(score: float, v12: bool) -> str:
    """The interaction result the runtime reports for a block's score."""
    if score >= 1:
        return "correct"
    if score <= 0:
        return "wrong" if v12 else "incorrect"
    return f"{score:g}"


def expected_blocks(course: Path) -> dict[str, dict[str, Any]]:
    return scored_blocks(load_course(course))


@pytest.mark.parametrize("kind", KINDS)
def test_moodle_keeps_each_block_as_an_interaction(
    block_runs: dict[str, Any], scored_course: Path, kind: str
) -> None:
    run = block_runs[kind]
    played, stored = run["played"], run["stored"]
    assert "error" not in played, played
    cues = played["blocks"]["cues"]
    assert [(c["answered"], c["status"] != "") for c in cues] == [
        ("right", True),
        ("wrong", True),
    ], cues
    by_id = {i["id"]: i for i in stored["interactions"]}
    blocks = expected_blocks(scored_course)
    assert set(blocks) <= set(by_id), (list(blocks), list(by_id))
    v12 = kind == "scorm12"
    for key, meta in blocks.items():
        got = by_id[key]
        if meta["k"] == "sort":
            assert got["type"] == "matching" and got["result"] == "correct", got
        elif meta["k"] == "scenario":
            assert got["type"] == ("performance" if v12 else "other"), got
            ending = next(b for b in played["blocks"]["blocks"] if b["kind"] == "scenario")
            assert got["result"] == result_of(ending["score"], v12), (got, ending)
    tf, num = (by_id[k] for k, m in blocks.items() if m["k"] == "cue")
    assert tf["type"] == "true-false" and tf["result"] == "correct", tf
    assert num["type"] == "numeric" and num["result"] == ("wrong" if v12 else "incorrect"), num
    response = "student_response" if v12 else "learner_response"
    assert tf[response] == ("t" if v12 else "true")
    # a cue's answer is not also kept as a knowledge-check answer under the question's id
    assert not {m["q"] for m in blocks.values() if m["k"] == "cue"} & set(by_id)


@pytest.mark.parametrize("kind", KINDS)
def test_moodle_score_counts_the_blocks(
    block_runs: dict[str, Any], scored_course: Path, kind: str
) -> None:
    run = block_runs[kind]
    played, stored = run["played"], run["stored"]
    assert {a["answered"] for a in played["answered"]} == {"right"}, played["answered"]
    final, _ = final_quiz(load_course(scored_course))
    assert final is not None
    ending = next(b for b in played["blocks"]["blocks"] if b["kind"] == "scenario")["score"]
    # quiz 1 x drawn; sort 1, scenario's ending, cue right 1, cue wrong 0
    expected = (final.drawn + 1 + ending + 1 + 0) / (final.drawn + 4)
    tracks = stored["tracks"]
    raw = tracks["cmi.core.score.raw" if kind == "scorm12" else "cmi.score.raw"]
    assert float(raw) == pytest.approx(expected * 100, abs=0.01)
    assert stored["score_raw"] == pytest.approx(expected * 100, abs=0.01)  # what Moodle grades
    status = "cmi.core.lesson_status" if kind == "scorm12" else "cmi.success_status"
    assert tracks[status] == "passed"  # passing is the quiz's
    suspend = tracks["cmi.suspend_data"]
    assert re.fullmatch(r"1\..*\.rs00[0-9a-z]{2}rs", suspend), suspend  # cues, scenario, sort
    gradebook = stored["gradebook"]
    assert gradebook["finalgrade"] == gradebook["grademax"]  # "Learning objects": passed
