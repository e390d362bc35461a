"""GIFT as Moodle documents it: one fixture per construct, read into the bank's fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from courseware.quizimport import import_bank
from tests.quizimport.helpers import TESTDATA

GIFT = TESTDATA / "gift"


def _questions(name: str) -> list[dict[str, Any]]:
    result = import_bank(GIFT / name)
    assert not result.issues, [i.message for i in result.issues]
    data = yaml.safe_load(result.yaml)
    return list(data["questions"])


def test_choice_with_per_choice_feedback_id_and_tags() -> None:
    (q,) = _questions("multiple_choice.gift")
    assert (q["id"], q["type"], q["title"]) == ("capital-mx", "single_choice", "Capital")
    assert [c.get("correct", False) for c in q["choices"]] == [True, False, False]
    assert q["choices"][1]["feedback"] == "No, es la capital de Jalisco."
    assert (q["difficulty"], q["tags"]) == ("easy", ["geografia"])


def test_weights_including_negative_make_multiple_response() -> None:
    (q,) = _questions("multiple_answers.gift")
    assert q["type"] == "multiple_response"
    assert [c.get("weight") for c in q["choices"]] == [0.5, 0.5, -1.0, -1.0]
    assert q["choices"][2]["feedback"] == "No: 4 = 2 × 2"  # escaped = inside feedback


def test_true_false_feedback_wrong_then_right() -> None:
    first, second = _questions("true_false.gift")
    assert first["answer"] is True
    assert first["feedback"] == {"correct": "¡Bien!", "incorrect": "Revisa la orientación."}
    assert second["answer"] is False


def test_short_answer_partial_credit_and_catch_all_feedback() -> None:
    (q,) = _questions("short_answer.gift")
    assert q["answers"][0] == {"text": "Grant"}
    assert q["answers"][1]["credit"] == 0.5
    assert q["feedback"] == {"incorrect": "Piensa en el nombre de la tumba."}


def test_numeric_tolerance_range_partial_and_wrong_feedback() -> None:
    (pi,) = _questions("numeric_tolerance.gift")
    assert (pi["answer"], pi["tolerance"], pi["feedback"]) == (3.14, 0.005, {"correct": "Muy bien"})
    (span,) = _questions("numeric_range.gift")
    assert (span["min"], span["max"]) == (1, 5)
    (wrong,) = _questions("numeric_wrong_feedback.gift")
    assert (wrong["answer"], wrong["tolerance"]) == (3, 2)
    assert wrong["feedback"] == {"incorrect": "Completamente mal"}
    result = import_bank(GIFT / "numeric_partial.gift")
    (q,) = yaml.safe_load(result.yaml)["questions"]
    assert q["answer"] == 1822 and q["feedback"]["incorrect"] == "Totalmente incorrecto."
    assert "# lost: numeric answer 1822:2 earning 50% is not kept (feedback: Cerca" in result.yaml


def test_general_feedback_and_essay_and_matching() -> None:
    (tf,) = _questions("general_feedback.gift")
    assert tf["feedback"] == {"general": "Es aritmética básica."}
    (essay,) = _questions("essay.gift")
    assert essay["type"] == "essay"
    (match,) = _questions("matching.gift")
    assert [p["right"] for p in match["pairs"]] == ["Ottawa", "Roma", "Tokio"]
    assert match["distractors"] == ["Lima"]


def test_format_tags_per_question_and_per_answer() -> None:
    (q,) = _questions("format_tags.gift")
    assert q["prompt"] == "¿Cuál es **mayor**?"
    assert [c["text"] for c in q["choices"]] == ["azul < rojo", "verde", "amarillo"]
    assert q["choices"][0]["feedback"] == "*sí*"


def test_every_escape_survives_and_backslashes_are_kept() -> None:
    (q,) = _questions("escapes.gift")
    assert q["title"] == "Escapes: todo"
    from courseware.render.markdown import plain_text

    assert plain_text(q["prompt"]) == (
        "Texto con ~ tilde, = igual, # almohadilla, { llaves }, dos puntos : y barra A \\ B \\\\ C."
    )
    assert [c["text"] for c in q["choices"]] == ["sí = cierto", "no ~ falso"]


def test_nested_categories_and_category_id() -> None:
    data = yaml.safe_load(import_bank(GIFT / "category.gift").yaml)
    assert data["title"] == "Historia"
    assert [(c["id"], c["title"]) for c in data["categories"]] == [
        ("siglos", "Siglos / XIX"),
        ("siglos-xx", "Siglos / XX"),
    ]
    assert [q["category"] for q in data["questions"]] == ["siglos", "siglos-xx"]


def test_missing_word_and_description_are_noted() -> None:
    result = import_bank(GIFT / "missing_word.gift")
    (q,) = yaml.safe_load(result.yaml)["questions"]
    assert q["prompt"] == "Moodle cuesta _____ descargarlo."
    assert "# lost: the answer sits inside the text" in result.yaml
    result = import_bank(GIFT / "description.gift")
    assert result.imported == 1 and "Moodle description" in result.yaml


def test_one_bad_question_does_not_stop_the_others(tmp_path: Path) -> None:
    result = import_bank(GIFT / "broken.gift")
    assert result.imported == 2
    assert [(i.span.line if i.span else 0, i.severity) for i in result.issues] == [
        (3, "warning"),
        (5, "warning"),
    ]
    assert all("pydantic" not in i.message and "http" not in i.message for i in result.issues)
    assert "'doce' is not a number" in result.issues[0].message


def test_issue_numeric_with_feedback_on_every_answer_imports(tmp_path: Path) -> None:
    """The file of the report: nine questions, one numeric with wrong-answer feedback."""
    path = tmp_path / "nueve.gift"
    blocks = [f"Pregunta {n}{{=sí ~no}}" for n in range(8)] + ["¿1 + 2?{#3:2~#Completely wrong}"]
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    result = import_bank(path)
    assert (result.imported, result.issues) == (9, [])


def test_two_right_answers_keep_the_first_and_note_the_other(tmp_path: Path) -> None:
    path = tmp_path / "dos.gift"
    path.write_text("¿Cuál?{=a =b ~c}\n", encoding="utf-8")
    result = import_bank(path)
    (q,) = yaml.safe_load(result.yaml)["questions"]
    assert [c.get("correct", False) for c in q["choices"]] == [True, False, False]
    assert "choice 'b' is also fully right in Moodle" in result.yaml


def test_ordering_in_moodles_gift_syntax() -> None:
    result = import_bank(GIFT / "ordering.gift")
    (q,) = yaml.safe_load(result.yaml)["questions"]
    assert (q["type"], q["items"]) == ("ordering", ["Mercurio", "Venus", "Tierra"])
    assert "gradingtype ABSOLUTE_POSITION is not kept" in result.yaml
