"""SCORM 1.2 and 2004 in the real Moodle 5.1: add-instance, passing score, student runs.

Each package is added twice (one activity for a passing run, one for a failing run, so every
run is a first attempt). One php -S and one Chromium play all four runs (tests/lms/play.mjs).
"""

from __future__ import annotations

import functools
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from courseware.load import load_course
from courseware.package.common import mastery_percent
from tests.lms.conftest import HARNESS, SAMPLE, Moodle

# One worker plays all runs (pytest --dist loadgroup, as tests/run.sh runs it); the lock
# keeps two players off the one port in any other mode.
pytestmark = pytest.mark.xdist_group("moodle-player")
KINDS = ("scorm12", "scorm2004")
MODES = ("pass", "fail")
PLAY = Path(__file__).parent / "play.mjs"


@functools.cache
def course_passing() -> float:
    """The sample course's passing score (its final quiz's, else the course setting)."""
    course = load_course(SAMPLE).course
    final = course.settings.final_quiz
    quiz = next((q for b in course.banks for q in b.quizzes if q.id == final), None)
    if quiz is not None and quiz.passing_score is not None:
        return quiz.passing_score
    return course.settings.passing_score


def passing_for_sco(kind: str) -> float:
    """What the SCO must be handed: mastery_score in percent (1.2), scaled 0..1 (2004)."""
    passing = course_passing()
    return float(mastery_percent(passing)) if kind == "scorm12" else passing


@pytest.fixture(scope="module")
def added(moodle: Moodle, sample_dist: Path) -> dict[tuple[str, str], dict[str, Any]]:
    """scorm_add.php's JSON for each (package kind, run mode)."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for kind in KINDS:
        zip_path = sample_dist / "packages" / f"{SAMPLE.name}-{kind}.zip"
        for mode in MODES:
            run = moodle.php("scorm_add.php", zip_path)
            assert run.data is not None, run.describe()
            out[kind, mode] = {"code": run.code, **run.data}
    return out


@pytest.fixture(scope="module")
def played(
    moodle: Moodle, added: dict[tuple[str, str], dict[str, Any]], tmp_path_factory: Any
) -> dict[tuple[str, str], dict[str, Any]]:
    """The four student runs in Moodle's player, by (package kind, run mode)."""
    runs = [f"{added[k, m]['cmid']}:{m}" for k in KINDS for m in MODES if added[k, m]["accepted"]]
    assert runs, "no package was accepted"
    out_dir = tmp_path_factory.mktemp("lms-play")
    with FileLock(str(moodle.dir.parent / "moodle.play.lock"), timeout=900):
        proc = subprocess.run(
            ["node", str(PLAY), str(moodle.dir), str(HARNESS), *runs, "--out", str(out_dir)],
            capture_output=True,
            text=True,
            env=moodle.proc_env(),
            timeout=600,
        )
    data = json.loads(proc.stdout) if proc.stdout.strip().startswith("{") else None
    assert data is not None, f"play.mjs exit {proc.returncode}: {proc.stderr[-3000:]}"
    by_cmid = {r.get("cmid"): r for r in data["runs"]}
    return {(k, m): by_cmid.get(added[k, m].get("cmid"), {}) for k in KINDS for m in MODES}


@pytest.mark.parametrize("kind", KINDS)
def test_moodle_accepts_the_package_with_the_course_passing_score(
    added: dict[tuple[str, str], dict[str, Any]], kind: str
) -> None:
    result = added[kind, "pass"]
    assert result["accepted"] and result["code"] == 0, (result["exception"], result["validation"])
    assert result["messages"] == []
    assert result["version"] == {"scorm12": "SCORM_1.2", "scorm2004": "SCORM_1.3"}[kind]
    (sco,) = [s for s in result["scos"] if s["scormtype"] == "sco"]
    assert float(sco["passing_score"]["value"]) == passing_for_sco(kind), sco["passing_score"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_student_who_answers_right_passes_with_full_grade(
    played: dict[tuple[str, str], dict[str, Any]], kind: str
) -> None:
    run = played[kind, "pass"]
    assert "error" not in run, run
    assert {a["answered"] for a in run["answered"]} == {"right"}, run["answered"]
    assert float(run["passing_score_seen_by_sco"]) == passing_for_sco(kind)
    (tracks,) = run["moodle"]["attempts"].values()
    status = "cmi.core.lesson_status" if kind == "scorm12" else "cmi.success_status"
    assert tracks[status] == "passed", tracks
    score = "cmi.core.score.raw" if kind == "scorm12" else "cmi.score.raw"
    assert float(tracks[score]) == 100
    gradebook = run["moodle"]["gradebook"]
    assert gradebook["finalgrade"] == gradebook["grademax"] == 1


@pytest.mark.parametrize("kind", KINDS)
def test_a_student_who_answers_wrong_fails_with_grade_zero(
    played: dict[tuple[str, str], dict[str, Any]], kind: str
) -> None:
    run = played[kind, "fail"]
    assert "error" not in run, run
    assert {a["answered"] for a in run["answered"]} == {"wrong"}, run["answered"]
    (tracks,) = run["moodle"]["attempts"].values()
    status = "cmi.core.lesson_status" if kind == "scorm12" else "cmi.success_status"
    assert tracks[status] == "failed", tracks
    score = "cmi.core.score.raw" if kind == "scorm12" else "cmi.score.raw"
    assert float(tracks[score]) < course_passing() * 100
    assert run["moodle"]["gradebook"]["finalgrade"] == 0
