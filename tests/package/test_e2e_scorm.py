"""SCORM 1.2 and 2004 packages against scorm-again in headless Chromium, walked like a learner.

One walk.mjs run (one browser) plays every scenario; the tests read back what the runtime
stored: completion, success, score, interactions, location, and the resume on relaunch.
"""

from __future__ import annotations

from typing import Any

import pytest

from courseware.load import LoadedCourse, load_course
from courseware.model.blocks import KnowledgeCheckBlock
from courseware.package import build_packages
from courseware.package.common import PackageOptions
from courseware.render.html import render_site
from tests.package.conftest import answers, extract, run_walk
from tests.package.synthetic import write_course

QUIZ_PAGE = "quiz-examen-final"
WRONG_ONE = "sc-final-idea-central"


def first_check(loaded: LoadedCourse) -> str:
    """The first knowledge-check question of the first lesson."""
    lesson = loaded.course.lessons()[0]
    checks = [b for b in lesson.blocks if isinstance(b, KnowledgeCheckBlock)]
    return checks[0].questions[0]


@pytest.fixture(scope="module")
def report(
    sample: LoadedCourse,
    sample_site: dict[str, bytes],
    sample_packages: dict[str, bytes],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("scorm")
    for kind in ("scorm12", "scorm2004"):
        extract(sample_packages[f"aldeas-digitales-{kind}.zip"], root / kind)
    small = load_course(write_course(root / "src-noquiz", lessons=3))
    built, _ = build_packages(
        small, render_site(small), None, PackageOptions(kinds=("scorm12", "scorm2004"))
    )
    for kind in ("scorm12", "scorm2004"):
        extract(built[f"sintetico-{kind}.zip"], root / f"noquiz-{kind}")
    split, _ = build_packages(
        sample, sample_site, None, PackageOptions(kinds=("scorm12",), sco_per_module=True)
    )
    extract(split["aldeas-digitales-scorm12.zip"], root / "modules12")

    good = answers(sample, correct=True, except_ids=(WRONG_ONE,))
    bad = answers(sample, correct=False)
    check = first_check(sample)
    checks = {check: good[check]}
    scenarios = []
    for version, kind in (("1.2", "scorm12"), ("2004", "scorm2004")):
        scenarios.append(
            {
                "name": f"{kind}-pass",
                "version": version,
                "package": kind,
                "sessions": [
                    {
                        "launch": "lms.html",
                        "steps": [
                            {"do": "walk", "lessons": None, "checks": checks},
                            {"do": "quiz", "answers": good},
                            {"do": "close"},
                        ],
                    },
                    {"launch": "lms.html", "steps": [{"do": "close"}]},
                ],
            }
        )
        scenarios.append(
            {
                "name": f"{kind}-fail",
                "version": version,
                "package": kind,
                "sessions": [
                    {
                        "launch": "lms.html",
                        "steps": [{"do": "walk", "lessons": 4}, {"do": "close"}],
                    },
                    {
                        "launch": "lms.html",
                        "steps": [
                            {"do": "walk", "lessons": None},
                            {"do": "quiz", "answers": bad},
                            {"do": "close"},
                        ],
                    },
                ],
            }
        )
        scenarios.append(
            {
                "name": f"{kind}-noquiz",
                "version": version,
                "package": f"noquiz-{kind}",
                "sessions": [
                    {
                        "launch": "lms.html",
                        "steps": [{"do": "walk", "lessons": None}, {"do": "close"}],
                    }
                ],
            }
        )
    scenarios.append(
        {
            "name": "scorm12-module",
            "version": "1.2",
            "package": "modules12",
            "sessions": [
                {
                    "launch": "lms.html?sco=aldeas-mexico",
                    "steps": [{"do": "walk", "lessons": 2}, {"do": "close"}],
                }
            ],
        }
    )
    result = run_walk({"root": str(root), "scenarios": scenarios})
    result["expected_score"] = _expected(sample, result)
    return result


def _expected(sample: LoadedCourse, result: dict[str, Any]) -> dict[str, float]:
    """Score of each passing run: every shown question right except WRONG_ONE."""
    points = {q.id: q.points for b in sample.course.banks for q in b.questions}
    out = {}
    for kind in ("scorm12", "scorm2004"):
        shown = result["scenarios"][f"{kind}-pass"][0]["quiz"]["shown"]
        total = sum(points[q] for q in shown)
        out[kind] = (total - points[WRONG_ONE]) / total
    return out


def _clean(session: dict[str, Any]) -> None:
    assert not session.get("error"), session.get("error")
    assert session["initialized"] and session["finished"]
    assert session["apiErrors"] == []
    assert session["pageErrors"] == []
    assert session["notFound"] == []
    assert session["blockedRequests"] == []
    assert not [m for m in session["console"] if m.startswith("error")], session["console"]


def _interactions(cmi: dict[str, str]) -> list[str]:
    return sorted(
        {k.split(".")[2] for k in cmi if k.startswith("cmi.interactions.") and k.endswith(".id")}
    )


def test_every_session_runs_clean(report: dict[str, Any]) -> None:
    for name, sessions in report["scenarios"].items():
        for session in sessions:
            try:
                _clean(session)
            except AssertionError as exc:
                raise AssertionError(f"{name}: {exc}") from exc


def test_scorm12_pass(report: dict[str, Any], sample: LoadedCourse) -> None:
    first, again = report["scenarios"]["scorm12-pass"]
    lessons = [f"{le.id}.html" for le in sample.course.lessons()]
    assert first["pages"] == [*lessons, f"{QUIZ_PAGE}.html"]
    cmi = first["cmi"]
    assert cmi["cmi.core.lesson_status"] == "passed"
    assert float(cmi["cmi.core.score.raw"]) == pytest.approx(
        report["expected_score"]["scorm12"] * 100, abs=0.01
    )
    assert (cmi["cmi.core.score.min"], cmi["cmi.core.score.max"]) == ("0", "100")
    assert cmi["cmi.core.lesson_location"] == QUIZ_PAGE
    assert cmi["cmi.core.exit"] == "suspend"
    assert len(_interactions(cmi)) == 1 + len(first["quiz"]["shown"])
    results = {
        cmi[f"cmi.interactions.{n}.id"]: cmi[f"cmi.interactions.{n}.result"]
        for n in _interactions(cmi)
    }
    assert results[WRONG_ONE] == "wrong"
    assert sorted(set(results.values())) == ["correct", "wrong"]
    assert first["checks"] == [first_check(sample)]
    # relaunch: resumes on the bookmark, status kept
    assert again["firstPage"] == f"{QUIZ_PAGE}.html"
    assert again["cmi"]["cmi.core.lesson_status"] == "passed"
    assert again["cmi"]["cmi.suspend_data"] == cmi["cmi.suspend_data"]


def test_scorm12_fail_resumes_at_bookmark(report: dict[str, Any], sample: LoadedCourse) -> None:
    first, second = report["scenarios"]["scorm12-fail"]
    lessons = [le.id for le in sample.course.lessons()]
    assert first["cmi"]["cmi.core.lesson_status"] == "incomplete"
    assert first["cmi"]["cmi.core.lesson_location"] == lessons[3]
    assert first["cmi"]["cmi.core.score.raw"] == ""
    assert _interactions(first["cmi"]) == []
    assert second["firstPage"] == f"{lessons[3]}.html"
    cmi = second["cmi"]
    assert cmi["cmi.core.lesson_status"] == "failed"
    assert float(cmi["cmi.core.score.raw"]) == 0
    assert len(_interactions(cmi)) == len(second["quiz"]["shown"])
    assert "Te queda 1 intento." in second["quiz"]["result"]  # the plural form for 1


def test_scorm2004_pass(report: dict[str, Any], sample: LoadedCourse) -> None:
    first, again = report["scenarios"]["scorm2004-pass"]
    cmi = first["cmi"]
    expected = report["expected_score"]["scorm2004"]
    assert cmi["cmi.completion_status"] == "completed"
    assert cmi["cmi.success_status"] == "passed"
    assert float(cmi["cmi.score.scaled"]) == pytest.approx(expected, abs=1e-4)
    assert float(cmi["cmi.score.raw"]) == pytest.approx(expected * 100, abs=0.01)
    assert cmi["cmi.location"] == QUIZ_PAGE
    assert float(cmi["cmi.progress_measure"]) == 1
    ids = _interactions(cmi)
    assert len(ids) == 1 + len(first["quiz"]["shown"])
    kinds = {cmi[f"cmi.interactions.{n}.type"] for n in ids}
    assert {"choice", "true-false", "numeric", "fill-in", "matching"} <= kinds
    assert all(cmi.get(f"cmi.interactions.{n}.learner_response") for n in ids)
    # course objectives reported, each with a completion status
    objectives = {cmi[k] for k in cmi if k.startswith("cmi.objectives.") and k.endswith(".id")}
    assert objectives == {o.id for o in sample.course.objectives}
    assert again["firstPage"] == f"{QUIZ_PAGE}.html"
    assert again["cmi"]["cmi.success_status"] == "passed"


def test_scorm2004_fail_resumes_at_bookmark(report: dict[str, Any], sample: LoadedCourse) -> None:
    first, second = report["scenarios"]["scorm2004-fail"]
    lessons = [le.id for le in sample.course.lessons()]
    assert first["cmi"]["cmi.completion_status"] == "incomplete"
    assert first["cmi"]["cmi.success_status"] == "unknown"
    assert first["cmi"]["cmi.location"] == lessons[3]
    assert float(first["cmi"]["cmi.progress_measure"]) == pytest.approx(4 / 9, abs=1e-4)
    assert second["firstPage"] == f"{lessons[3]}.html"
    cmi = second["cmi"]
    assert cmi["cmi.completion_status"] == "incomplete"  # completion rule: final quiz passed
    assert cmi["cmi.success_status"] == "failed"
    assert float(cmi["cmi.score.scaled"]) == 0
    assert len(_interactions(cmi)) == len(second["quiz"]["shown"])


@pytest.mark.parametrize("kind", ["scorm12", "scorm2004"])
def test_course_without_quiz_reports_completion_and_success(
    report: dict[str, Any], kind: str
) -> None:
    (session,) = report["scenarios"][f"{kind}-noquiz"]
    cmi = session["cmi"]
    if kind == "scorm12":
        assert cmi["cmi.core.lesson_status"] == "passed"
        assert cmi["cmi.core.score.raw"] == "100"
    else:
        assert (cmi["cmi.completion_status"], cmi["cmi.success_status"]) == ("completed", "passed")
        assert cmi["cmi.score.scaled"] == "1"


def test_one_sco_per_module(report: dict[str, Any], sample: LoadedCourse) -> None:
    (session,) = report["scenarios"]["scorm12-module"]
    module = next(m for m in sample.course.modules if m.id == "aldeas-mexico")
    assert session["firstPage"] == f"{module.lessons[0].id}.html"
    assert session["cmi"]["cmi.core.lesson_status"] == "passed"  # its two lessons seen
    assert session["cmi"]["cmi.core.lesson_location"] == module.lessons[-1].id


def test_commits_are_few(report: dict[str, Any]) -> None:
    """Not the whole state on every click: a handful of commits for a whole walk."""
    calls = report["scenarios"]["scorm12-pass"][0]["calls"]
    commits = [c for c in calls if c.startswith("LMSCommit")]
    sets = [c for c in calls if c.startswith("LMSSetValue")]
    assert 2 <= len(commits) <= 5, commits
    assert not [c for c in sets if "lesson_status" in c and "incomplete" in c][1:]
