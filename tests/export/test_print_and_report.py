"""Printable HTML, the registry, the course export and its losses report."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

from courseware.export import FORMATS, export_course_quizzes
from courseware.load import load_course
from tests.export.conftest import SAMPLE_COURSE, Export


def test_printable_student_and_key(export: Export) -> None:
    files = export("print").files
    student = files["comercio-digital-estudiante.html"].decode()
    key = files["comercio-digital-clave.html"].decode()
    assert student.startswith("<!DOCTYPE html>") and '<html lang="es-MX">' in student
    assert "@media print" in student and "Nombre" in student
    for text in ("✔", "Clave de respuestas", "Respuesta modelo", "comercio electronico"):
        assert text not in student
    assert student.count('class="question"') == key.count('class="question"') == 19
    assert "Clave de respuestas" in key and "✔" in key and "Respuesta modelo" in key
    assert 'class="blank correct">ganancia / utilidad<' in key
    # Self-contained: images inline, nothing fetched.
    assert 'src="img/' not in student and "data:image/png;base64," in student
    assert "<link" not in student and "<script" not in student


def test_printable_in_english(export: Export) -> None:
    key = export("print", language="en").files["comercio-digital-key.html"].decode()
    assert "Answer key" in key and "True" not in key.split("<body>")[0]


def test_every_format_registered() -> None:
    assert sorted(FORMATS) == sorted(
        ["qti21", "qti12", "moodle", "gift", "aiken", "csv", "json", "print"]
    )


def test_json_answer_keys(export: Export) -> None:
    data = json.loads(export("json").files["comercio-digital.json"])
    ids = [q["id"] for q in data["questions"]]
    assert "borrador-1" not in ids and len(ids) == 19
    canales = next(q for q in data["questions"] if q["id"] == "mr-canales")
    assert canales["answer_key"]["credits"] == [1 / 3, 1 / 3, 1 / 3, -1.0]


def test_aiken_skips_with_a_warning(export: Export) -> None:
    result = export("aiken")
    (warning,) = result.issues
    assert (
        warning.severity == "warning"
        and "mr-canales" in warning.message
        and "essay-plan" in warning.message
    )
    assert all(loss.target == "aiken" for loss in result.losses)


def test_sample_course_every_bank_every_format(tmp_path: Path, validators: ModuleType) -> None:
    loaded = load_course(SAMPLE_COURSE)
    course = loaded.course
    result = export_course_quizzes(course, SAMPLE_COURSE)
    assert [i.format() for i in result.issues if i.severity == "error"] == []
    questions = [q for bank in course.banks for q in bank.questions if q.status != "draft"]
    assert len(questions) >= 30
    for bank in course.banks:
        for name in (
            f"moodle/{bank.id}.xml",
            f"gift/{bank.id}.gift",
            f"qti21/{bank.id}-qti21.zip",
            f"qti12/{bank.id}-canvas.zip",
            f"aiken/{bank.id}.txt",
            f"csv/{bank.id}.csv",
            f"json/{bank.id}.json",
            f"print/{bank.id}-estudiante.html",
            f"print/{bank.id}-clave.html",
        ):
            assert name in result.files, name
        gift = tmp_path / f"{bank.id}.gift"
        gift.write_bytes(result.files[f"gift/{bank.id}.gift"])
        parsed = validators.gift_parse(gift, summary=True)
        expressible = [
            q for q in bank.questions if q.status != "draft" and q.type not in {"cloze", "ordering"}
        ]
        assert parsed["ok"] and parsed["count"] == len(expressible), bank.id
        moodle = tmp_path / f"{bank.id}.xml"
        moodle.write_bytes(result.files[f"moodle/{bank.id}.xml"])
        assert validators.moodle_parse(moodle)["ok"]
    report = json.loads(result.files["report.json"])
    assert set(report["losses"]) <= set(FORMATS)
    assert "ordering" in result.files["report.md"].decode()
    for loss in result.losses:
        assert loss.target in FORMATS and loss.what


def test_report_lists_losses_per_target(export: Export) -> None:
    from courseware.export.report import report_json, report_markdown

    losses = export("gift").losses + export("qti12").losses
    data = json.loads(report_json(losses, []))
    assert "cloze (several blanks)" in " ".join(data["losses"]["gift"]["cloze-precio"])
    assert any("ordering" in w for w in data["losses"]["qti12"]["ord-venta"])
    text = report_markdown(losses, [], language="es").decode()
    assert "## gift" in text and "## qti12" in text and "`sa-sigla`" in text
