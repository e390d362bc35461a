"""The cmi5 package launched as an LMS launches it, against a loopback LRS stub, then Ralph.

The stub plays the LMS's part (fetch URL, LMS.LaunchData, the AU's state documents, the
"launched" statement); the AU must then send initialized, answered..., passed or failed,
completed, terminated, all with the registration and the LMS's session id, in that order.
Every test runs twice: ``[stub]`` keeps the statements itself (the fast first check),
``[ralph]`` passes the statements resource through to a real Ralph LRS
(tests/package/ralph.py), which validates and stores them, and the tests read them back
from Ralph.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from courseware.load import LoadedCourse
from courseware.package.cmi5 import au_iri, course_iri
from courseware.package.common import PackageOptions
from tests.package.conftest import answers, extract, run_walk
from tests.package.lrs import Lrs
from tests.package.ralph import Ralph

ACTIVITY = "https://lms.example.org/cmi5/au/aldeas-digitales"
ACTOR = {
    "objectType": "Agent",
    "name": "Ana",
    "account": {"homePage": "https://lms.example.org", "name": "ana"},
}
CUES = {"tf-cientos-comunidades": True, "num-aldeas-digitales": "12"}  # right, wrong (8)
PASS_REG = "0a9b3f4e-1111-4c1d-9e8f-000000000001"
FAIL_REG = "0a9b3f4e-2222-4c1d-9e8f-000000000002"
XAPI = "http://adlnet.gov/expapi/verbs/"
CMI5 = "https://w3id.org/xapi/cmi5/context/"
SESSION = CMI5 + "extensions/sessionid"


@pytest.fixture(scope="module", params=["stub", "ralph"])
def lrs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lrs]:
    ralph = Ralph(tmp_path_factory.mktemp("ralph")) if request.param == "ralph" else None
    stub = Lrs(upstream=ralph)
    try:
        yield stub
    finally:
        stub.close()
        if ralph:
            ralph.close()


@pytest.fixture(scope="module")
def report(
    lrs: Lrs,
    sample: LoadedCourse,
    sample_packages: dict[str, bytes],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("cmi5")
    extract(sample_packages["aldeas-digitales-cmi5.zip"], root / "cmi5")
    publisher = au_iri(course_iri(sample.course.id, PackageOptions()))
    good = answers(sample, correct=True, except_ids=("sc-final-idea-central",))
    bad = answers(sample, correct=False)
    scenarios = [
        {
            "name": "pass",
            "version": "cmi5",
            "package": "cmi5",
            "sessions": [
                {
                    "launch": "lms.html?"
                    + lrs.enrol(
                        PASS_REG, ACTIVITY, publisher, ACTOR, move_on="Passed", mastery=0.7
                    ),
                    "steps": [
                        {"do": "walk", "lessons": None, "blocks": True, "cues": CUES},
                        {"do": "quiz", "answers": good},
                        {"do": "exit"},
                    ],
                }
            ],
        },
        {
            "name": "fail",
            "version": "cmi5",
            "package": "cmi5",
            "sessions": [
                {
                    "launch": "lms.html?"
                    + lrs.enrol(
                        FAIL_REG, ACTIVITY, publisher, ACTOR, move_on="Passed", mastery=0.7
                    ),
                    "steps": [
                        {"do": "walk", "lessons": None},
                        {"do": "quiz", "answers": bad},
                        {"do": "close"},
                    ],
                }
            ],
        },
    ]
    result = run_walk({"root": str(root), "lrs": lrs.url, "scenarios": scenarios})
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not all(
        any(s["verb"]["id"] == XAPI + "terminated" for s in lrs.of(reg))
        for reg in (PASS_REG, FAIL_REG)
    ):
        time.sleep(0.1)
    result["publisher"] = publisher
    return result


def verbs(statements: list[dict[str, Any]]) -> list[str]:
    return [s["verb"]["id"].removeprefix(XAPI) for s in statements]


def by_time(statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The LMS's view: statements in timestamp order (the launched one first)."""
    return sorted(statements, key=lambda s: s.get("timestamp") or "")


def _two_ordered_runs(stored: list[str], happened: list[str]) -> bool:
    """True if ``stored`` is ``happened``, or ``happened`` with one run of statements (the batch
    still on its way when the window closed, which never holds "terminated") stored after the
    last batch."""
    return any(
        stored == happened[:start] + happened[cut:] + happened[start:cut]
        and "terminated" not in happened[start:cut]
        for start in range(len(happened) + 1)
        for cut in range(start, len(happened) + 1)
    )


def test_sessions_clean(report: dict[str, Any], lrs: Lrs) -> None:
    for name, (session,) in report["scenarios"].items():
        assert not session.get("error"), (name, session.get("error"))
        assert session["pageErrors"] == [], name
        assert session["blockedRequests"] == [], name
        # the only failed load: the AU's own state document, absent on a first launch (404)
        assert all("courseware.state" in url for url in session["notFound"]), session["notFound"]
    assert lrs.bad_auth == []
    assert lrs.alternate == []  # statements and state as ordinary JSON requests
    assert lrs.refused == []


def test_passing_learner(report: dict[str, Any], lrs: Lrs) -> None:
    statements = lrs.of(PASS_REG)
    (session,) = report["scenarios"]["pass"]
    shown = session["quiz"]["shown"]
    assert verbs(statements) == [
        "launched",
        "initialized",
        *["answered"] * (4 + len(shown)),  # two video cues, the scenario, the sort; the quiz
        "completed",
        "passed",
        "terminated",
    ]
    assert verbs(by_time(statements)) == verbs(statements)
    blocks = [s for s in statements if "/blocks/" in s["object"]["id"]]
    assert [s["object"]["id"].rsplit("/", 1)[1] for s in blocks] == [
        "aldea-de-las-perlas.cw-b3.tf-cientos-comunidades",
        "aldea-de-las-perlas.cw-b3.num-aldeas-digitales",
        "transmision-en-vivo.paquete",
        "confianza-y-plan.cw-b4",
    ]
    right, wrong, scenario, sort = (s["object"]["definition"] for s in blocks)
    assert scenario["interactionType"] == "other" and sort["interactionType"] == "matching"
    assert blocks[3]["result"]["success"] is True and blocks[3]["result"]["score"]["scaled"] == 1
    # a cue answer: its question's interaction, the learner's response and the result
    assert right["interactionType"] == "true-false" and right["correctResponsesPattern"] == ["true"]
    assert blocks[0]["result"] == {"response": "true", "success": True, "score": {"scaled": 1}}
    assert wrong["interactionType"] == "numeric"
    assert blocks[1]["result"] == {"response": "12", "success": False, "score": {"scaled": 0}}
    passed = next(s for s in statements if s["verb"]["id"] == XAPI + "passed")
    assert passed["result"]["success"] is True
    assert passed["result"]["score"]["scaled"] == pytest.approx(
        (len(shown) - 1) / len(shown), abs=1e-4
    )
    assert passed["result"]["duration"].startswith("PT")
    assert passed["context"]["extensions"][CMI5 + "extensions/masteryscore"] == 0.7
    completed = next(s for s in statements if s["verb"]["id"] == XAPI + "completed")
    assert completed["result"] == {"completion": True, "duration": completed["result"]["duration"]}
    assert session["pages"][-1] == "quiz-examen-final.html"


def test_failing_learner_closing_the_window(lrs: Lrs, report: dict[str, Any]) -> None:
    stored = lrs.of(FAIL_REG)
    statements = by_time(stored)
    # Closing the window sends the last batch (what still waits, then "terminated") at once,
    # while the batch before it may still be on its way (waiting for it could lose
    # "terminated"): the LRS may store the two in either order. Each batch keeps its own
    # order, and the timestamps (the LMS's view, checked below) keep the order they happened.
    assert _two_ordered_runs(verbs(stored), verbs(statements))
    (session,) = report["scenarios"]["fail"]
    n = len(session["quiz"]["shown"])
    assert verbs(statements) == [
        "launched",
        "initialized",
        *["answered"] * n,
        "completed",  # every lesson seen and the quiz taken: completed, though not passed
        "failed",
        "terminated",
    ]
    failed = next(s for s in statements if s["verb"]["id"] == XAPI + "failed")
    assert failed["result"]["success"] is False
    assert failed["result"]["score"]["scaled"] == 0
    assert failed["context"]["extensions"][CMI5 + "extensions/masteryscore"] == 0.7
    saved = lrs.states[(FAIL_REG, ACTIVITY, "courseware.state")]
    assert saved["l"] == "quiz-examen-final" and saved["s"].startswith("1.")


def test_statements_follow_cmi5_rules(report: dict[str, Any], lrs: Lrs) -> None:
    for registration in (PASS_REG, FAIL_REG):
        statements = lrs.of(registration)
        session = statements[0]["context"]["extensions"][SESSION]
        for s in statements[1:]:
            context = s["context"]
            assert context["registration"] == registration
            assert context["extensions"][SESSION] == session
            assert s["actor"] == ACTOR
            assert s["timestamp"].endswith("Z")
            categories = {c["id"] for c in context["contextActivities"].get("category", [])}
            grouping = [g["id"] for g in context["contextActivities"]["grouping"]]
            assert grouping == [report["publisher"]]
            verb = s["verb"]["id"].removeprefix(XAPI)
            if verb == "answered":
                assert categories == set()  # cmi5 allowed statement
                assert (
                    s["object"]["definition"]["type"]
                    == "http://adlnet.gov/expapi/activities/cmi.interaction"
                )
                assert s["object"]["id"].startswith(
                    (report["publisher"] + "/questions/", report["publisher"] + "/blocks/")
                )
            else:
                assert s["object"]["id"] == ACTIVITY
                moveon = verb in ("passed", "failed", "completed")
                assert categories == {CMI5 + "categories/cmi5"} | (
                    {CMI5 + "categories/moveon"} if moveon else set()
                )
            if verb == "terminated":
                assert s["result"]["duration"].startswith("PT")


def test_exit_returns_to_the_lms(report: dict[str, Any]) -> None:
    (session,) = report["scenarios"]["pass"]
    assert session["finalUrl"].endswith("/returned")
