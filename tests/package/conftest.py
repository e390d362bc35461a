"""Fixtures for the package tests: the sample course, its packages, answer plans, walk.mjs."""

from __future__ import annotations

import io
import json
import os
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from courseware.load import LoadedCourse, load_course
from courseware.model.quiz import (
    ClozeQuestion,
    EssayQuestion,
    MatchingQuestion,
    MultipleResponseQuestion,
    NumericQuestion,
    OrderingQuestion,
    ShortAnswerQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from courseware.package import build_packages
from courseware.package.common import PackageOptions
from courseware.render.html import render_site
from courseware.scoring import AnyQuestion
from tests.validators import REPO_ROOT, chromium_path, node_path

SAMPLE = REPO_ROOT / "courses" / "aldeas-digitales"
WALK = Path(__file__).parent / "walk.mjs"


def extract(data: bytes, folder: Path) -> Path:
    """Unzip a package into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(folder)
    return folder


def right_answer(question: AnyQuestion) -> Any:
    """A fully correct response, in the shape quiz.js reads from the page."""
    if isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion):
        return [i for i, c in enumerate(question.choices) if c.correct]
    if isinstance(question, TrueFalseQuestion):
        return question.answer
    if isinstance(question, ShortAnswerQuestion):
        return next(a.text for a in question.answers if a.credit == 1)
    if isinstance(question, NumericQuestion):
        return f"{(question.low + question.high) / 2:g}"
    if isinstance(question, MatchingQuestion):
        return {p.left: p.right for p in question.pairs}
    if isinstance(question, OrderingQuestion):
        return list(question.items)
    if isinstance(question, ClozeQuestion):
        return {b.id: b.answers[0] for b in question.blanks}
    assert isinstance(question, EssayQuestion)
    return "Una respuesta escrita."


def wrong_answer(question: AnyQuestion) -> Any:
    """A response that earns nothing."""
    if isinstance(question, SingleChoiceQuestion):
        return [next(i for i, c in enumerate(question.choices) if not c.correct)]
    if isinstance(question, MultipleResponseQuestion):
        wrong = [i for i, c in enumerate(question.choices) if not c.correct]
        return wrong[:1]
    if isinstance(question, TrueFalseQuestion):
        return not question.answer
    if isinstance(question, ShortAnswerQuestion):
        return "zzz"
    if isinstance(question, NumericQuestion):
        return f"{question.high + 1000:g}"
    if isinstance(question, MatchingQuestion):
        rights = [p.right for p in question.pairs]
        return {p.left: rights[(i + 1) % len(rights)] for i, p in enumerate(question.pairs)}
    if isinstance(question, OrderingQuestion):
        return list(reversed(question.items))
    if isinstance(question, ClozeQuestion):
        return {
            b.id: next((c for c in b.choices if c not in b.answers), "zzz") for b in question.blanks
        }
    return "x"


def answers(
    loaded: LoadedCourse, *, correct: bool, except_ids: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Responses to every question of the course: right (or wrong), flipped for ``except_ids``."""
    out = {}
    for bank in loaded.course.banks:
        for q in bank.questions:
            good = correct != (q.id in except_ids)
            out[q.id] = right_answer(q) if good else wrong_answer(q)
    return out


def run_walk(spec: dict[str, Any]) -> dict[str, Any]:
    """Run walk.mjs with ``spec`` and return its report."""
    env = {"CHROMIUM_PATH": chromium_path(), "PATH": os.environ.get("PATH", "")}
    proc = subprocess.run(
        [node_path(), str(WALK)],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, f"walk.mjs failed:\n{proc.stderr}\n{proc.stdout[:3000]}"
    report: dict[str, Any] = json.loads(proc.stdout)
    return report


@pytest.fixture(scope="session")
def sample() -> LoadedCourse:
    """The Spanish sample course (9 lessons, final quiz ``examen-final``)."""
    return load_course(SAMPLE)


@pytest.fixture(scope="session")
def sample_site(sample: LoadedCourse) -> dict[str, bytes]:
    """render_site() of the sample course."""
    return render_site(sample)


@pytest.fixture(scope="session")
def sample_packages(sample: LoadedCourse, sample_site: dict[str, bytes]) -> dict[str, bytes]:
    """Every package of the sample course, by file name."""
    out, issues = build_packages(sample, sample_site, None, PackageOptions(source_date_epoch=0))
    assert not [i for i in issues if i.severity == "error"], issues
    return out
