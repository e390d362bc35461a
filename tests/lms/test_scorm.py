"""SCORM 1.2 and 2004 in the real Moodle 5.1: add-instance, passing score, student runs.

Each package is added twice (one activity for a passing run, one for a failing run, so every
run is a first attempt). One php -S and one Chromium play all four runs (tests/lms/play.mjs).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest

from courseware.load import load_course
from courseware.package.common import mastery_percent
from tests.lms.conftest import HERE, SAMPLE, Moodle, once_per_run, play

KINDS = ("scorm12", "scorm2004")
MODES = ("pass", "fail")


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


@pytest.fixture(scope="session")
def scorm_runs(
    moodle: Moodle, sample_dist: Path, testrun_uid: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """What Moodle said when adding each package twice, and the four student runs.

    Done once per test run (one php -S on one port), every run a first attempt.
    """

    def compute() -> dict[str, Any]:
        added = {}
        for kind in KINDS:
            zip_path = sample_dist / "packages" / f"{SAMPLE.name}-{kind}.zip"
            for mode in MODES:
                run = moodle.php("scorm_add.php", zip_path)
                assert run.data is not None, run.describe()
                added[f"{kind}:{mode}"] = {"code": run.code, **run.data}
        runs = [f"{r['cmid']}:{key.split(':')[1]}" for key, r in added.items() if r["accepted"]]
        data = play(moodle, runs, tmp_path_factory.mktemp("lms-play"))
        by_cmid = {r.get("cmid"): r for r in data["runs"]}
        played = {key: by_cmid.get(r.get("cmid"), {}) for key, r in added.items()}
        return {"added": added, "played": played}

    return dict(once_per_run(moodle, "scorm", testrun_uid, compute))


@pytest.fixture
def added(scorm_runs: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """scorm_add.php's JSON by "kind:mode"."""
    return dict(scorm_runs["added"])


@pytest.fixture
def played(scorm_runs: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each student run (play.mjs, with track.php's view of it) by "kind:mode"."""
    return dict(scorm_runs["played"])


@pytest.mark.parametrize("kind", KINDS)
def test_moodle_accepts_the_package_with_the_course_passing_score(
    added: dict[str, dict[str, Any]], kind: str
) -> None:
    result = added[f"{kind}:pass"]
    assert result["accepted"] and result["code"] == 0, (result["exception"], result["validation"])
    assert result["messages"] == []
    assert result["version"] == {"scorm12": "SCORM_1.2", "scorm2004": "SCORM_1.3"}[kind]
    (sco,) = [s for s in result["scos"] if s["scormtype"] == "sco"]
    assert float(sco["passing_score"]["value"]) == passing_for_sco(kind), sco["passing_score"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_student_who_answers_right_passes_with_full_grade(
    played: dict[str, dict[str, Any]], kind: str
) -> None:
    run = played[f"{kind}:pass"]
    assert "error" not in run, run
    assert {a["answered"] for a in run["answered"]} == {"right"}, run["answered"]
    assert float(run["passing_score_seen_by_sco"]) == passing_for_sco(kind)
    (tracks,) = run["moodle"]["attempts"].values()
    status = "cmi.core.lesson_status" if kind == "scorm12" else "cmi.success_status"
    assert tracks[status] == "passed", (run["sco_result_text"], run["answered"], tracks)
    score = "cmi.core.score.raw" if kind == "scorm12" else "cmi.score.raw"
    assert float(tracks[score]) == 100
    gradebook = run["moodle"]["gradebook"]
    assert gradebook["finalgrade"] == gradebook["grademax"] == 1


@pytest.mark.parametrize("kind", KINDS)
def test_a_student_who_answers_wrong_fails_with_grade_zero(
    played: dict[str, dict[str, Any]], kind: str
) -> None:
    run = played[f"{kind}:fail"]
    assert "error" not in run, run
    assert {a["answered"] for a in run["answered"]} == {"wrong"}, run["answered"]
    (tracks,) = run["moodle"]["attempts"].values()
    status = "cmi.core.lesson_status" if kind == "scorm12" else "cmi.success_status"
    assert tracks[status] == "failed", (run["sco_result_text"], run["answered"], tracks)
    score = "cmi.core.score.raw" if kind == "scorm12" else "cmi.score.raw"
    assert float(tracks[score]) < course_passing() * 100
    assert run["moodle"]["gradebook"]["finalgrade"] == 0


@pytest.mark.parametrize(
    "kind,report,grade",
    [
        ("scorm2004", {"cmi.completion_status": "completed", "cmi.success_status": "failed"}, 1),
        ("scorm2004", {"cmi.completion_status": "incomplete", "cmi.success_status": "failed"}, 0),
        ("scorm12", {"cmi.core.lesson_status": "failed"}, 0),
    ],
)
def test_what_learning_objects_grading_reads(
    moodle: Moodle, sample_dist: Path, kind: str, report: dict[str, str], grade: int
) -> None:
    """Moodle grades a 2004 SCO by its completion alone (the README's caveat): keep it true."""
    run = moodle.php("scorm_add.php", sample_dist / "packages" / f"{SAMPLE.name}-{kind}.zip")
    assert run.code == 0 and run.data is not None, run.describe()
    cmid = str(run.data["cmid"])
    assert moodle.php("mkstudent.php", f"--cmid={cmid}").code == 0
    pairs = [f"{key}={value}" for key, value in report.items()]
    graded = moodle.php(HERE / "scorm_report.php", cmid, *pairs)
    assert graded.code == 0 and graded.data is not None, graded.describe()
    assert graded.data["grademethod"] == 0  # "Learning objects", the harness's choice
    assert graded.data["finalgrade"] == grade * graded.data["grademax"]
