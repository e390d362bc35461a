"""Scored blocks in SCORM 1.2 and 2004 packages, against scorm-again in headless Chromium.

The sample course with ``score_blocks`` on: the learner answers the video's two cue
questions (one right, one wrong), sorts the sort block rightly and takes the scenario's
first choices to an ending, then passes the quiz. The LMS holds the four as interactions
and a score that counts them.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from courseware.load import LoadedCourse
from courseware.package import build_packages
from courseware.package.common import PackageOptions
from courseware.package.runtime import base36, final_quiz
from courseware.render.html import render_site
from tests.package.conftest import answers, extract, run_walk

WRONG_ONE = "sc-final-idea-central"
VIDEO = "aldea-de-las-perlas.cw-b3"
CUES = {"tf-cientos-comunidades": True, "num-aldeas-digitales": "12"}  # right, wrong (8)


@pytest.fixture(scope="module")
def scored(sample: LoadedCourse) -> LoadedCourse:
    settings = sample.course.settings.model_copy(update={"score_blocks": True})
    return dataclasses.replace(
        sample, course=sample.course.model_copy(update={"settings": settings})
    )


@pytest.fixture(scope="module")
def report(scored: LoadedCourse, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("blocks")
    built, issues = build_packages(
        scored, render_site(scored), None, PackageOptions(kinds=("scorm12", "scorm2004"))
    )
    assert not [i for i in issues if i.severity == "error"]
    good = answers(scored, correct=True, except_ids=(WRONG_ONE,))
    scenarios = []
    for version, kind in (("1.2", "scorm12"), ("2004", "scorm2004")):
        extract(built[f"aldeas-digitales-{kind}.zip"], root / kind)
        steps = [
            {"do": "walk", "lessons": None, "blocks": True, "cues": CUES},
            {"do": "quiz", "answers": good},
            {"do": "close"},
        ]
        scenarios.append(
            {
                "name": kind,
                "version": version,
                "package": kind,
                "sessions": [{"launch": "lms.html", "steps": steps}],
            }
        )
    return run_walk({"root": str(root), "scenarios": scenarios})


def interactions(cmi: dict[str, str]) -> dict[str, dict[str, str]]:
    """Interactions by id: their fields, from the flattened cmi."""
    out: dict[str, dict[str, str]] = {}
    for n in range(100):
        prefix = f"cmi.interactions.{n}."
        fields = {k[len(prefix) :]: v for k, v in cmi.items() if k.startswith(prefix)}
        if not fields:
            break
        out[fields["id"]] = fields
    return out


@pytest.mark.parametrize("kind", ["scorm12", "scorm2004"])
def test_blocks_are_interactions_and_count_toward_the_score(
    report: dict[str, Any], scored: LoadedCourse, kind: str
) -> None:
    (session,) = report["scenarios"][kind]
    assert "error" not in session, session.get("error")
    assert not session["apiErrors"] and not session["pageErrors"]
    played = {b["kind"]: b for b in session["blocks"]}
    assert set(played) == {"sort", "scenario"}
    assert sorted(session["cues"]) == sorted(CUES)
    ending = float(played["scenario"]["score"])
    found = interactions(session["cmi"])
    sort = found["confianza-y-plan.cw-b4"]
    scenario = found["transmision-en-vivo.paquete"]
    assert sort["type"] == "matching" and sort["result"] == "correct"
    response = "student_response" if kind == "scorm12" else "learner_response"
    assert sort[response].count("[.]" if kind == "scorm2004" else ".") == 6
    assert scenario["type"] == ("performance" if kind == "scorm12" else "other")
    end = played["scenario"]["end"].removeprefix("paquete-")
    assert scenario[response].split(",")[-1] == end  # the path of moments, to the ending
    right, wrong = (found[f"{VIDEO}.{qid}"] for qid in CUES)
    assert right["type"] == "true-false" and right["result"] == "correct"
    assert wrong["type"] == "numeric" and wrong[response] == "12"
    assert wrong["result"] == ("wrong" if kind == "scorm12" else "incorrect")
    assert not set(CUES) & set(found)  # not also recorded as knowledge-check answers
    final, _ = final_quiz(scored)
    assert final is not None
    points = {q.id: q.points for b in scored.course.banks for q in b.questions}
    shown = session["quiz"]["shown"]
    quiz = 1 - points[WRONG_ONE] / sum(points[q] for q in shown)
    # the sort and one cue are right, the other cue wrong
    expected = (quiz * final.drawn + 1 + ending + 1 + 0) / (final.drawn + 4)
    cmi = session["cmi"]
    raw = cmi["cmi.core.score.raw" if kind == "scorm12" else "cmi.score.raw"]
    assert float(raw) == pytest.approx(expected * 100, abs=0.01)
    # the cues count: without them (sort and scenario only) the score would be higher
    without_cues = (quiz * final.drawn + 1 + ending) / (final.drawn + 2)
    assert float(raw) < without_cues * 100 - 1
    # the cues (1000, 0), the scenario, then the sort (1000)
    kept = "rs00" + base36(round(ending * 1000)).rjust(2, "0") + "rs"
    assert cmi["cmi.suspend_data"].endswith("." + kept)
