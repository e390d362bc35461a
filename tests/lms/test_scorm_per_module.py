"""A SCO per module (``--sco-per-module``) in Moodle 5.1's own player, SCORM 1.2 and 2004.

Each package is added twice. In the first activity student1 enters the final quiz's SCO (the
Enter form with that SCO's id) and answers every question right. In the second, student1
enters the first module's SCO, reads its lessons one after the other with each page's "next"
link, leaves, then enters the quiz SCO and answers every question wrong. One php -S and one
Chromium play the six runs (tests/lms/play.mjs with ``CMID:MODE:SCOID``). Moodle keeps one
set of tracks per SCO (tests/lms/scorm_tracks.php CMID SCOID reads them with
``scorm_get_tracks``) and grades the activity from all of them; the harness adds activities
with Moodle's "Learning objects" grading, the method made for several SCOs (the number of
SCOs completed or passed, out of the number of SCOs), and tests/lms/scorm_grading.php says
what the other methods, Moodle's site default "Highest grade" among them, make of the same
tracks.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from courseware.load import LoadedCourse
from tests.lms.conftest import HERE, SAMPLE, Moodle, once_per_run, play
from tests.lms.test_scorm import course_passing, passing_for_sco

KINDS = ("scorm12", "scorm2004")
METHODS = ("learning objects", "highest", "average", "sum")


@pytest.fixture(scope="session")
def per_module_runs(
    moodle: Moodle, testrun_uid: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """Per "kind:mode": the activity as added, its player runs, every SCO's tracks, the grades.

    Done once per test run (one php -S on one port), every quiz run a first attempt.
    """

    def compute() -> dict[str, Any]:
        out = tmp_path_factory.mktemp("lms-per-module-play")
        cmd = [sys.executable, "-m", "courseware", "package", str(SAMPLE), "--out", str(out)]
        cmd += ["--sco-per-module", "--format", "scorm12,scorm2004", "--quiet"]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        added: dict[str, Any] = {}
        runs = []
        for kind in KINDS:
            for mode in ("pass", "fail"):
                run = moodle.php(
                    "scorm_add.php", out / SAMPLE.name / "packages" / f"{SAMPLE.name}-{kind}.zip"
                )
                assert run.code == 0 and run.data is not None, run.describe()
                added[f"{kind}:{mode}"] = run.data
                scos = {
                    s["identifier"]: s["id"] for s in run.data["scos"] if s["scormtype"] == "sco"
                }
                if mode == "fail":
                    runs.append(f"{run.data['cmid']}:module:{next(iter(scos.values()))}")
                runs.append(f"{run.data['cmid']}:{mode}:{scos['item-quiz']}")
        data = play(moodle, runs, out)
        result = {}
        for key, activity in added.items():
            cmid = str(activity["cmid"])
            tracks = {}
            for sco in activity["scos"]:
                if sco["scormtype"] == "sco":
                    read = moodle.php(HERE / "scorm_tracks.php", cmid, str(sco["id"]))
                    assert read.data is not None, read.describe()
                    tracks[sco["identifier"]] = read.data["tracks"]
            graded = moodle.php(HERE / "scorm_grading.php", cmid, "[{}]")
            assert graded.code == 0 and graded.data is not None, graded.describe()
            result[key] = {
                "added": activity,
                "runs": {r["mode"]: r for r in data["runs"] if r.get("cmid") == activity["cmid"]},
                "tracks": tracks,
                "grades": [r["finalgrade"] for r in graded.data["rows"]],
            }
        return result

    return dict(once_per_run(moodle, "scorm-per-module", testrun_uid, compute))


def status_of(kind: str, tracks: dict[str, str]) -> tuple[str, ...]:
    """What the SCO reported: lesson_status (1.2); completion and success status (2004)."""
    if kind == "scorm12":
        return (tracks["cmi.core.lesson_status"],)
    return (tracks["cmi.completion_status"], tracks["cmi.success_status"])


def raw_score(kind: str, tracks: dict[str, str]) -> float:
    return float(tracks["cmi.core.score.raw" if kind == "scorm12" else "cmi.score.raw"])


@pytest.mark.parametrize("kind", KINDS)
def test_moodle_lists_a_sco_per_module_and_one_for_the_quiz(
    per_module_runs: dict[str, Any], sample_course: LoadedCourse, kind: str
) -> None:
    added = per_module_runs[f"{kind}:pass"]["added"]
    scos = [s for s in added["scos"] if s["scormtype"] == "sco"]
    modules = [f"item-{m.id}" for m in sample_course.course.modules]
    assert [s["identifier"] for s in scos] == [*modules, "item-quiz"]
    assert float(scos[-1]["passing_score"]["value"]) == passing_for_sco(kind)


@pytest.mark.parametrize("kind", KINDS)
def test_a_module_sco_shows_its_lessons_and_its_next_links_walk_them(
    per_module_runs: dict[str, Any], sample_course: LoadedCourse, kind: str
) -> None:
    run = per_module_runs[f"{kind}:fail"]["runs"]["module"]
    assert "error" not in run, run
    module = sample_course.course.modules[0]
    lessons = [lesson.id for lesson in module.lessons]
    played = run["module"]
    assert played["scope"] == {"sco": module.id, "start": lessons[0], "lessons": lessons}
    pages = played["pages"]
    assert [p["page"] for p in pages] == [f"{lesson}.html" for lesson in lessons]
    assert [p["title"].strip() for p in pages] == [lesson.title for lesson in module.lessons]
    assert all(p["visible"] and p["text"] > 1000 for p in pages), pages
    assert [p["next"] for p in pages[:-1]] == [p["page"] for p in pages[1:]]
    # the last lesson's "next" leads on to the next module's first lesson, inside this SCO:
    # what is read there counts for this SCO's state, not for the next module's SCO
    following = sample_course.course.modules[1].lessons[0].id
    assert pages[-1]["next"] == f"{following}.html"
    assert played["summary"] == {
        "completed": True,
        "success": "passed",
        "score": None,
        "location": lessons[-1],
    }


@pytest.mark.parametrize("kind", KINDS)
def test_moodle_keeps_the_module_sco_completion_for_that_sco_only(
    per_module_runs: dict[str, Any], sample_course: LoadedCourse, kind: str
) -> None:
    activity = per_module_runs[f"{kind}:fail"]
    run = activity["runs"]["module"]
    assert run["sco_tracks"]["identifier"] == f"item-{sample_course.course.modules[0].id}"
    tracks = run["sco_tracks"]["tracks"]
    # a module without a quiz: seeing its lessons is its pass; it has no score (the quiz
    # SCO's is the grade)
    expected = ("passed",) if kind == "scorm12" else ("completed", "passed")
    assert status_of(kind, tracks) == expected, tracks
    assert not [
        k for k in tracks if k.startswith("cmi.") and ".score" in k and "objectives" not in k
    ]
    assert tracks["score_raw"] == ""  # what Moodle's grading reads: no score
    assert run["sco_tracks"]["status"] == expected[0]  # what Moodle's reports and grading read
    # the other modules' SCOs were never entered: Moodle keeps nothing for them
    others = [f"item-{m.id}" for m in sample_course.course.modules[1:]]
    assert [activity["tracks"][sco] for sco in others] == [None] * len(others)
    # one SCO of five completed: "Learning objects" gives 1 of 5
    assert run["sco_tracks"]["gradebook"] == {"grademax": 5, "finalgrade": 1}


@pytest.mark.parametrize("kind", KINDS)
def test_the_quiz_sco_answered_right_passes_and_counts_one_sco(
    per_module_runs: dict[str, Any], kind: str
) -> None:
    activity = per_module_runs[f"{kind}:pass"]
    run = activity["runs"]["pass"]
    assert "error" not in run, run
    assert {a["answered"] for a in run["answered"]} == {"right"}, run["answered"]
    assert float(run["passing_score_seen_by_sco"]) == passing_for_sco(kind)
    assert run["sco_tracks"]["identifier"] == "item-quiz"
    tracks = run["sco_tracks"]["tracks"]
    expected = ("passed",) if kind == "scorm12" else ("completed", "passed")
    assert status_of(kind, tracks) == expected, (run["sco_result_text"], tracks)
    assert raw_score(kind, tracks) == 100
    assert activity["tracks"]["item-quiz"] == tracks
    # "Learning objects": the quiz SCO, 1 of 5 (no module SCO was entered); the gradebook
    # shows what Moodle computed
    assert run["sco_tracks"]["gradebook"] == {"grademax": 5, "finalgrade": 1}
    assert run["moodle"]["gradebook"]["finalgrade"] == 1


@pytest.mark.parametrize("kind", KINDS)
def test_the_quiz_sco_answered_wrong_fails_and_does_not_count(
    per_module_runs: dict[str, Any], kind: str
) -> None:
    activity = per_module_runs[f"{kind}:fail"]
    run = activity["runs"]["fail"]
    assert "error" not in run, run
    assert {a["answered"] for a in run["answered"]} == {"wrong"}, run["answered"]
    tracks = run["sco_tracks"]["tracks"]
    # completion: final_quiz (the sample's): a failed quiz leaves the 2004 SCO incomplete,
    # which is what keeps "Learning objects" (it reads cmi.completion_status) from counting it
    expected = ("failed",) if kind == "scorm12" else ("incomplete", "failed")
    assert status_of(kind, tracks) == expected, (run["sco_result_text"], tracks)
    assert raw_score(kind, tracks) < course_passing() * 100
    # the module SCO read before kept its own status: the quiz SCO did not overwrite it
    module = next(iter(activity["tracks"].values()))
    assert module == activity["runs"]["module"]["sco_tracks"]["tracks"]
    assert activity["tracks"]["item-quiz"] == tracks
    # "Learning objects": the module SCO still counts, the failed quiz SCO does not: 1 of 5
    assert run["sco_tracks"]["gradebook"] == {"grademax": 5, "finalgrade": 1}


@pytest.mark.parametrize("kind", KINDS)
def test_what_each_grading_method_makes_of_the_played_scos(
    per_module_runs: dict[str, Any], kind: str
) -> None:
    """Learning objects counts SCOs completed or passed; the others read the raw scores.

    Only the quiz SCO has a score, so Highest grade (Moodle's site default), Average and Sum
    give the quiz's score: 100 when it is passed, 0 when it is failed, however many modules
    were read (a module SCO reporting 100 % once made them all 100 after a failed quiz).
    """
    grades = {
        key: dict(zip(METHODS, r["grades"], strict=True)) for key, r in per_module_runs.items()
    }
    passed = {"learning objects": 1, "highest": 100, "average": 100, "sum": 100}
    assert grades[f"{kind}:pass"] == passed
    assert grades[f"{kind}:fail"] == {"learning objects": 1, "highest": 0, "average": 0, "sum": 0}
