"""What a newcomer stumbles on: `new` in English, placeholders, plurals, durations that add
up, readable duration and score values, true/false in Spanish, files course.yaml omits."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from courseware.checks import check_course
from courseware.errors import CoursewareError, Issue
from courseware.i18n import messages
from courseware.load import load_course
from courseware.model import Lesson, QuizBank
from courseware.model.base import parse_minutes
from courseware.model.course import Settings
from courseware.render.html import render_site
from courseware.render.pieces import course_minutes
from courseware.scaffold import create_course
from tests.authoring.conftest import Workbench


def _warnings(root: Path, code: str) -> list[Issue]:
    loaded = load_course(root)
    return [i for i in check_course(loaded.course, loaded.root) if i.code == code]


# --- new ------------------------------------------------------------------------------


def test_new_in_english_writes_an_english_course(tmp_path: Path) -> None:
    created = create_course(tmp_path / "course", language="en")
    names = sorted(p.relative_to(tmp_path / "course").as_posix() for p in created)
    assert names == ["banks/questions.yaml", "course.yaml", "lessons/01-introduction.yaml"]
    course = load_course(tmp_path / "course").course
    assert [m.id for m in course.modules] == ["module-1"]
    assert course.lessons()[0].id == "introduction"
    assert [q.id for b in course.banks for q in b.questions] == ["q-format"]
    text = "".join(p.read_text(encoding="utf-8") for p in created)
    for spanish in ("modulo", "introduccion", "preguntas", "Mi curso", "Tu nombre"):
        assert spanish not in text


@pytest.mark.parametrize("language", ["es-MX", "en"])
def test_placeholders_are_flagged_until_replaced(tmp_path: Path, language: str) -> None:
    root = tmp_path / "course"
    create_course(root, language=language)
    found = _warnings(root, "placeholder")
    fields = sorted(str(i.span.line) for i in found if i.span)
    assert len(found) == 5 and fields  # title, author, description, audience, objective
    title = "Mi curso" if language == "es-MX" else "My course"
    assert any(title in i.message for i in found)
    course_yaml = root / "course.yaml"
    text = course_yaml.read_text(encoding="utf-8").replace(f"title: {title}", "title: Pagos")
    course_yaml.write_text(text, encoding="utf-8")
    assert len(_warnings(root, "placeholder")) == 4


def test_plural_forms_follow_cldr() -> None:
    es, en = messages("es-MX"), messages("en")
    assert es("print.lessons_count", n=1) == "1 lección"
    assert es("print.lessons_count", n=2) == "2 lecciones"
    assert es("nav.lesson_count", n=1) == "1 lección"
    assert en("print.lessons_count", n=1) == "1 lesson"
    assert en("print.lessons_count", n=0) == "0 lessons"
    assert messages("fr")("print.lessons_count", n=1) == "1 lesson"  # English fallback


def test_the_workbook_cover_says_1_leccion() -> None:
    from courseware.render.pdf import Strings

    assert Strings("es-MX")("lessons_count", n=1) == "1 lección"  # pdf/cover.html's call
    assert Strings("en")("lessons_count", n=3) == "3 lessons"


def test_a_catalog_without_plural_forms_keeps_its_own_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from courseware import i18n

    real = i18n._catalog_file
    monkeypatch.setattr(
        i18n,
        "_catalog_file",
        lambda name: {"print.lessons_count": "{n} leçons"} if name == "fr" else real(name),
    )
    i18n.messages.cache_clear()
    try:
        assert i18n.messages("fr")("print.lessons_count", n=1) == "1 leçons"  # not "1 lesson"
    finally:
        i18n.messages.cache_clear()


# --- values authors write -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("una hora", 60), ("media hora", 30), ("hora y media", 90), ("dos horas", 120),
     ("veinte minutos", 20), ("an hour", 60), ("45 min", 45), ("1 h 30 min", 90)],
)  # fmt: skip
def test_durations_in_words(text: str, minutes: int) -> None:
    assert parse_minutes(text) == minutes


def test_a_duration_that_is_no_duration_says_what_to_write() -> None:
    with pytest.raises(ValueError, match=r"cannot read 'mucho rato' as a duration.*1 h 30 min"):
        parse_minutes("mucho rato")


def test_passing_score_as_a_percentage() -> None:
    assert Settings.model_validate({"passing_score": "70%"}).passing_score == pytest.approx(0.7)
    assert Settings.model_validate({"passing_score": 0.7}).passing_score == pytest.approx(0.7)
    with pytest.raises(ValueError, match=r'write 0\.7 or "70%"'):
        Settings.model_validate({"passing_score": 70})


def test_score_and_duration_errors_in_check(mini: Workbench) -> None:
    mini.insert_after("course.yaml", "audience:", "duration: mucho rato")
    mini.insert_after("course.yaml", "audience:", "settings:", "  passing_score: setenta")
    with pytest.raises(CoursewareError) as caught:
        mini.load()
    messages_ = [str(i.message) for i in caught.value.issues]
    assert any("as a duration" in m for m in messages_)
    assert any("as a score" in m and "70%" in m for m in messages_)


def test_true_false_in_spanish() -> None:
    base = {"id": "b", "title": "B"}
    question = {"id": "q", "type": "true_false", "prompt": "¿Sí?"}
    for word, value in (("verdadero", True), ("falso", False), ("Verdadero", True)):
        bank = QuizBank.model_validate({**base, "questions": [{**question, "answer": word}]})
        assert bank.questions[0].answer is value  # type: ignore[union-attr]


# --- durations add up -----------------------------------------------------------------


def test_a_declared_total_that_disagrees_is_a_warning(mini: Workbench) -> None:
    mini.insert_after("course.yaml", "audience:", "duration: 1 h")
    mini.edit(
        "course.yaml",
        "        title: Lección en línea\n",
        "        title: L\n        duration: 45 min\n",
    )
    (issue,) = _warnings(mini.root, "duration-total")
    assert "1 h" in issue.message and "1 h 5 min" in issue.message
    assert issue.span is not None and issue.span.line == mini.line_of(
        "course.yaml", "duration: 1 h"
    )
    assert course_minutes(mini.load().course) == 65  # what the guide, home page and PDFs show
    home = render_site(mini.load())["index.html"].decode()
    assert "1 h 5 min" in home and ">1 h<" not in home


def test_a_block_longer_than_its_lesson_is_a_warning(mini: Workbench) -> None:
    mini.edit(
        "lessons/01-uno.yaml",
        "  - type: knowledge_check\n",
        "  - type: activity\n    title: Taller\n    duration: 30 min\n"
        "    instructions: Hagan la ficha.\n  - type: knowledge_check\n",
    )
    (issue,) = _warnings(mini.root, "block-longer-than-lesson")
    assert "30 min" in issue.message and "20 min" in issue.message
    assert issue.span is not None and issue.span.path.name == "01-uno.yaml"


# --- files course.yaml does not list --------------------------------------------------


def _list_banks(bench: Workbench) -> None:
    text = bench.read("course.yaml") + "banks:\n  - banks/b.yaml\n"
    bench.path("course.yaml").write_text(text, encoding="utf-8")


def test_unlisted_lesson_and_bank_files_are_warnings(mini: Workbench) -> None:
    Lesson.model_validate(yaml.safe_load(mini.read("lessons/01-uno.yaml")))
    mini.path("lessons/02-olvidada.yaml").write_text(mini.read("lessons/01-uno.yaml"))
    assert [i.message for i in _warnings(mini.root, "unlisted-lesson")] == [
        "lessons/02-olvidada.yaml is not listed in course.yaml, so no output includes it"
    ]
    _list_banks(mini)
    mini.path("banks/otra.yaml").write_text(
        "id: otra\ntitle: Otra\nquestions:\n  - id: p-otra\n    type: true_false\n"
        "    prompt: ¿Sí?\n    answer: verdadero\n",
        encoding="utf-8",
    )
    (issue,) = _warnings(mini.root, "unlisted-bank")
    assert issue.span is not None and issue.span.path.name == "otra.yaml"
    assert "banks/otra.yaml" in (issue.hint or "")


def test_an_unknown_question_says_which_unlisted_bank_has_it(mini: Workbench) -> None:
    mini.path("banks/otra.yaml").write_text(
        "id: otra\ntitle: Otra\nquestions:\n  - id: p-otra\n    type: true_false\n"
        "    prompt: ¿Sí?\n    answer: falso\n",
        encoding="utf-8",
    )
    _list_banks(mini)
    mini.edit("lessons/01-uno.yaml", "questions: [p1]", "questions: [p1, p-otra]")
    with pytest.raises(CoursewareError) as caught:
        loaded = mini.load()
        issues = check_course(loaded.course, loaded.root)
        raise CoursewareError(issues)
    (issue,) = [i for i in caught.value.issues if i.code == "unknown-question"]
    assert "banks/otra.yaml (line 4)" in (issue.hint or "")
