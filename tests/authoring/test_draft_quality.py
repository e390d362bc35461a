"""A draft worth keeping: on three articles of our own, at least five question types, no
duplicates, and every question answerable from its article (its figures, names and
sentences occur there); distractors are the article's own figures and names."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from courseware.cli import main
from courseware.draft import make_draft, read_article
from courseware.draft.article import article_paragraphs
from courseware.errors import CoursewareError
from courseware.lint import find_numbers, fold
from courseware.model import QuizBank
from courseware.scaffold import create_course
from tests.authoring.conftest import TESTDATA

ARTICLES = ["pagos-mercado-oaxaca.md", "tienda-cooperativa-cafe.md", "repartidores-bogota.md"]


def _plain(path: Path) -> str:
    return " ".join(" ".join(article_paragraphs(read_article(path))).split())


def _numbers(text: str) -> set[float]:
    return {n.value for n in find_numbers(text)}


def _occurs(fragment: str, article: str) -> bool:
    """A text of the article: its words occur there, numbers by value."""
    fragment = fragment.removesuffix(" …").rstrip(" %")
    if fold(fragment) in fold(article):
        return True
    numbers = find_numbers(fragment)
    if not numbers:
        return False
    words = re.sub(r"[\d.,  ]+", " ", fragment).strip()
    found = {n.value for n in numbers} <= _numbers(article)
    return found and (not words or fold(words) in fold(article))


def _facts(question: dict[str, Any]) -> list[str]:
    """Everything a question claims about the article: right answers and shown options."""
    kind = question["type"]
    if kind in ("single_choice", "multiple_response"):
        return [c["text"] for c in question["choices"]]
    if kind == "numeric":
        return [str(question["answer"])]
    if kind == "cloze":
        rest = re.split(r"\[\[[a-z0-9_-]+\]\]", question["text"])
        options = [c for b in question["blanks"] for c in b["choices"]]
        return [part.strip() for part in rest if part.strip()] + options
    if kind == "matching":
        return [v for p in question["pairs"] for v in (p["left"], p["right"])]
    if kind == "ordering":
        return list(question["items"])
    raise AssertionError(f"unexpected type {kind}")


def _swapped(choice: str, article: str) -> bool:
    """A wrong statement "N label": the label and the number are both in the article."""
    number = find_numbers(choice)[0]
    return _occurs(choice[number.end :].strip(), article) and number.value in _numbers(article)


@pytest.mark.parametrize("name", ARTICLES)
def test_a_draft_worth_keeping(name: str) -> None:
    path = TESTDATA / name
    article = _plain(path)
    draft = make_draft(path)
    bank = yaml.safe_load(draft.bank_yaml)
    QuizBank.model_validate(bank)
    questions = bank["questions"]
    assert len({q["type"] for q in questions}) >= 5
    asked = {" ".join(f"{q['prompt']} {q.get('text', '')}".split()) for q in questions}
    assert len(asked) == len(questions)  # a cloze item asks its text
    assert len({q["id"] for q in questions}) == len(questions)
    for question in questions:
        for fact in _facts(question):
            wrong = question["type"] == "multiple_response" and _swapped(fact, article)
            assert wrong or _occurs(fact, article), (question["id"], fact)
    years = [n.value for q in questions for f in _facts(q) for n in find_numbers(f)]
    assert all(v in _numbers(article) for v in years)  # no year moved to 3000
    units = [q["unit"] for q in questions if q.get("unit")]
    assert all(u == "%" or fold(u) in fold(article) for u in units)


def test_units_are_units() -> None:
    bank = yaml.safe_load(make_draft(TESTDATA / "repartidores-bogota.md").bank_yaml)
    units = {q.get("unit") for q in bank["questions"] if q["type"] == "numeric"}
    assert units - {None} <= {"%", "kilómetros", "pesos colombianos", "horas", "minutos"}


def test_ordering_and_matching_from_the_article() -> None:
    bank = yaml.safe_load(make_draft(TESTDATA / "tienda-cooperativa-cafe.md").bank_yaml)
    by_type = {q["type"]: q for q in bank["questions"]}
    assert by_type["ordering"]["items"] == [
        "La cooperativa obtuvo la certificación de comercio justo",
        "Abrió su primera cuenta en una plataforma de comercio electrónico",
        "Contrató a dos jóvenes de la comunidad para llevar las redes sociales",
        "Empezó a exportar café tostado a Canadá",
    ]
    people = next(q for q in bank["questions"] if q["id"].endswith("relaciona-personas"))
    assert {"left": "María Gómez", "right": "tesorera de la cooperativa"} in people["pairs"]


def _run(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, err.getvalue()


def test_new_course_draft_add_then_check(tmp_path: Path) -> None:
    course = tmp_path / "C"
    create_course(course)
    (course / "seeds" / "art.md").write_text(
        (TESTDATA / "pagos-mercado-oaxaca.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    before = (course / "course.yaml").read_text(encoding="utf-8")
    code, _ = _run(
        "draft", "--from", str(course / "seeds/art.md"), "--course", str(course), "--add"
    )
    assert code == 0
    data = yaml.safe_load((course / "course.yaml").read_text(encoding="utf-8"))
    assert data["banks"][-1] == "banks/pagos-celular-llegan-mercados-oaxaca-borrador.yaml"
    assert [s["id"] for s in data["sources"]] == ["art"]
    assert all(isinstance(s, dict) for s in data["sources"])
    after = (course / "course.yaml").read_text(encoding="utf-8").splitlines()
    assert [line for line in after if line in before.splitlines()] == before.splitlines()
    assert _run("check", str(course))[0] == 0


def test_from_is_read_from_the_current_folder_or_the_course(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = tmp_path / "C"
    create_course(course)
    (course / "seeds" / "art.md").write_text(
        (TESTDATA / "repartidores-bogota.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert _run("draft", "--from", "seeds/art.md", "--course", "C")[0] == 0  # the course's
    with pytest.raises(CoursewareError) as caught:
        make_draft(Path("nowhere.md"))
    assert "nowhere.md" in str(caught.value)
    code, err = _run("draft", "--from", "seeds/missing.md", "--course", "C")
    assert code == 1
    assert "relative to the current folder" in err and "relative to the course folder" in err
    assert str(tmp_path / "seeds" / "missing.md") in err


def test_who_said_never_offers_the_speaker_twice() -> None:
    # The seed names "Miguel Cuevas, Secretaría de ..." and "Cuevas": one person, one choice.
    from tests.authoring.conftest import SEED_NOTES

    for name in [SEED_NOTES, *(TESTDATA / a for a in ARTICLES)]:
        for question in yaml.safe_load(make_draft(name).bank_yaml)["questions"]:
            if "-quien-" not in question["id"]:
                continue
            right = next(c["text"] for c in question["choices"] if c.get("correct"))
            others = [c["text"] for c in question["choices"] if not c.get("correct")]
            assert len(others) >= 2
            assert not [o for o in others if right in o or o in right], question["id"]
