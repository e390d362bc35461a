"""Moodle XML: every core type, categories, hints, combined feedback, embedded files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from courseware.quizimport import ImportResult, import_bank
from tests.quizimport.helpers import TESTDATA, import_into

MOODLE = TESTDATA / "moodle"


def _read(name: str) -> tuple[ImportResult, list[dict[str, Any]]]:
    result = import_bank(MOODLE / name)
    return result, list(yaml.safe_load(result.yaml)["questions"])


def test_multichoice_single_keeps_everything_it_can() -> None:
    result, (q,) = _read("multichoice_single.xml")
    assert (q["id"], q["points"], q["shuffle"], q["hint"]) == (
        "capital-peru",
        2,
        False,
        "Está en la costa.",
    )
    assert q["feedback"] == {
        "correct": "Bien hecho.",
        "incorrect": "No.",
        "general": "Lima fue fundada en 1535.",
    }
    assert q["choices"][1]["feedback"] == "Es Ecuador."
    for note in (
        "partly correct feedback: Casi.",
        "extra hint 2 (one hint is kept): Empieza con L.",
        "'geografía'",
    ):
        assert note in result.yaml


def test_multiple_answers_numerical_units_and_partial_credit() -> None:
    _, (q,) = _read("multichoice_multiple.xml")
    assert q["type"] == "multiple_response"
    assert [c.get("correct", False) for c in q["choices"]] == [True, True, False]
    result, (n,) = _read("numerical.xml")
    assert (n["answer"], n["tolerance"], n["unit"]) == (384, 5, "mil km")
    assert n["feedback"] == {"correct": "Bien.", "incorrect": "Lejos."}
    assert "384 ± 50 earning 50% is not kept (feedback: Cerca.)" in result.yaml
    assert "unit 'km' (multiplier 1000)" in result.yaml


def test_truefalse_shortanswer_matching_ordering_essay() -> None:
    _, (tf,) = _read("truefalse.xml")
    assert tf["answer"] is False and tf["feedback"]["correct"] == "Correcto."
    _, (sa,) = _read("shortanswer.xml")
    assert sa["case_sensitive"] is True and sa["answers"][1] == {"text": "Amazon", "credit": 0.5}
    assert sa["feedback"] == {"incorrect": "Busca en un atlas."}
    _, (m,) = _read("matching.xml")
    assert m["pairs"][0] == {"left": "Nilo", "right": "Egipto"} and m["distractors"] == ["Chile"]
    result, (o,) = _read("ordering.xml")
    assert o["items"] == ["uno", "dos", "tres"]
    assert "<gradingtype> 'ABSOLUTE_POSITION'" in result.yaml
    result, (e,) = _read("essay.xml")
    assert (e["min_words"], e["max_words"]) == (50, 300)
    assert "response template" in result.yaml and "<attachments> '1'" in result.yaml


def test_cloze_from_bare_text_keeps_its_text_and_notes_partial_credit() -> None:
    result, (q,) = _read("cloze.xml")
    assert "La capital de Francia es [[b1]]" in q["text"] and "El río es el [[b2]]" in q["text"]
    assert q["text"].startswith("Completa:")
    assert q["blanks"][1] == {"id": "b2", "choices": ["Sena", "Loira"], "answers": ["Sena"]}
    for note in ("answer 'Paris' earns 50%", "answer 'Loira': No, ese es otro", "weighs 2 points"):
        assert note in result.yaml


def test_gapselect_and_ddwtos_become_drop_downs() -> None:
    _, (gap,) = _read("gapselect.xml")
    assert gap["blanks"][0] == {"id": "b1", "answers": ["gato"], "choices": ["gato", "perro"]}
    result, (dd,) = _read("ddwtos.xml")
    assert [b["answers"] for b in dd["blanks"]] == [["azul"], ["verde"]]
    assert "drag and drop into text" in result.yaml


def test_nested_category_with_info_and_idnumber() -> None:
    data = yaml.safe_load(import_bank(MOODLE / "category.xml").yaml)
    assert data["title"] == "Iota"
    assert data["categories"] == [
        {
            "id": "lambda-cat",
            "title": "Kappa / Lambda",
            "description": "Preguntas de la letra lambda.",
        }
    ]


def test_description_and_unknown_types_are_reported() -> None:
    result = import_bank(MOODLE / "description.xml")
    assert result.imported == 1 and "description 'Intro'" in result.yaml
    result = import_bank(MOODLE / "unknown_type.xml")
    (issue,) = result.issues
    assert issue.span is not None and issue.span.line == 3
    assert "calculated question 'Calc'" in issue.message


def test_embedded_files_are_written_once_and_confined(tmp_path: Path) -> None:
    course = tmp_path / "curso"
    result = import_into(course, MOODLE / "embedded_file.xml")
    (q,) = yaml.safe_load(result.yaml)["questions"]
    assert "](media/logo%20viejo.png)" in q["prompt"]
    written = sorted(p.relative_to(course).as_posix() for p in course.rglob("*.png"))
    assert written == ["media/icon.png", "media/logo viejo.png"]  # "../../icon.png" confined
    assert "shows the image media/icon.png" in result.yaml
    again = import_bank(MOODLE / "embedded_file.xml")
    assert again.media.write(course) == []  # the same files are not written twice


def test_old_image_tag(tmp_path: Path) -> None:
    course = tmp_path / "curso"
    result = import_into(course, MOODLE / "old_image.xml")
    (q,) = yaml.safe_load(result.yaml)["questions"]
    assert q["prompt"].endswith("![](media/punto.png)")
    assert (course / "media" / "punto.png").read_bytes()[:4] == b"\x89PNG"


def test_ordering_follows_the_answers_order_as_moodle_does(tmp_path: Path) -> None:
    text = (MOODLE / "ordering.xml").read_text(encoding="utf-8")
    path = tmp_path / "orden.xml"
    path.write_text(text.replace('fraction="2.0000000"', 'fraction="9"'), encoding="utf-8")
    (q,) = yaml.safe_load(import_bank(path).yaml)["questions"]
    assert q["items"] == ["uno", "dos", "tres"]  # Moodle rewrites fractions from the order
