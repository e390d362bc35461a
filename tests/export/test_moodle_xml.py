"""Moodle XML: the third-party reader, grade fractions and the unrepresentable-fraction error."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from lxml import etree

from courseware.export.common import moodle_percent
from courseware.model.quiz import QuizBank
from courseware.scoring import choice_credits
from tests.export.conftest import BANK_FILE, Export


def test_read_by_moodle_xml_parser(
    export: Export, tmp_path: Path, validators: ModuleType, bank: QuizBank
) -> None:
    path = tmp_path / "bank.xml"
    path.write_bytes(export("moodle").files["comercio-digital.xml"])
    parsed = validators.moodle_parse(path)
    assert parsed["ok"], parsed
    ready = [q for q in bank.questions if q.status != "draft"]
    expected = {
        "multichoice": sum(q.type in {"single_choice", "multiple_response"} for q in ready),
        "truefalse": sum(q.type == "true_false" for q in ready),
        "shortanswer": sum(q.type == "short_answer" for q in ready),
        "numerical": sum(q.type == "numeric" for q in ready),
        "matching": sum(q.type == "matching" for q in ready),
        "ordering": sum(q.type == "ordering" for q in ready),
        "cloze": sum(q.type == "cloze" for q in ready),
        "essay": sum(q.type == "essay" for q in ready),
        "category": 3,
    }
    assert parsed["question_types_in_file"] == expected
    multichoice = {q["name"]: q for q in parsed["questions"]["multichoice"]}
    canales = multichoice["Canales de venta"]
    assert canales["single"] is False
    gaps = parsed["questions"]["cloze"][0]["gaps"]
    assert [g["sub_type"] for g in gaps] == ["SHORTANSWER", "SHORTANSWER", "MULTICHOICE"]
    assert [o["answer"] for o in gaps[1]["options"]] == ["ganancia", "utilidad"]


def test_fractions_follow_the_scoring_module(export: Export, bank: QuizBank) -> None:
    root = etree.fromstring(export("moodle").files["comercio-digital.xml"])
    for question in bank.questions:
        if (
            question.type not in {"single_choice", "multiple_response"}
            or question.status == "draft"
        ):
            continue
        element = root.xpath(f"//question[idnumber='{question.id}']")[0]
        fractions = [float(a.get("fraction")) / 100 for a in element.findall("answer")]
        credits = choice_credits(question)  # type: ignore[arg-type]
        assert all(abs(f - c) < 1e-5 for f, c in zip(fractions, credits, strict=True)), question.id


def test_moodle_percentages() -> None:
    assert moodle_percent(1) == "100"
    assert moodle_percent(1 / 3) == "33.33333"
    assert moodle_percent(-1 / 7) == "-14.28571"
    assert moodle_percent(0.125) == "12.5"
    assert moodle_percent(0.35) is None
    assert moodle_percent(1 / 11) is None


def test_unrepresentable_fraction_is_an_error(export: Export) -> None:
    bank = QuizBank.model_validate(
        {"id": "b", "title": "B", "questions": [
            {"id": "pesos", "type": "multiple_response", "prompt": "¿Cuáles?", "choices": [
                {"text": "a", "correct": True, "weight": 0.35},
                {"text": "b", "correct": True, "weight": 0.65},
                {"text": "c"}]},
            {"id": "ok", "type": "true_false", "prompt": "¿Sí?", "answer": True}]}
    )  # fmt: skip
    for fmt in ("moodle", "gift"):
        result = export(fmt, bank)
        errors = [i for i in result.issues if i.severity == "error"]
        assert [i.code for i in errors] == ["moodle-fraction"], fmt
        assert "0.35" in errors[0].message and "pesos" in errors[0].message
    xml = export("moodle", bank).files["b.xml"].decode()
    assert "<idnumber>pesos</idnumber>" not in xml and "<idnumber>ok</idnumber>" in xml


def test_fraction_error_cites_file_and_line(export: Export, tmp_path: Path) -> None:
    from courseware.load import load_bank

    source = BANK_FILE.read_text(encoding="utf-8").replace(
        "      - text: Redes sociales\n        correct: true\n",
        "      - text: Redes sociales\n        correct: true\n        weight: 0.42\n",
    )
    path = tmp_path / "pesos.yaml"
    path.write_text(source, encoding="utf-8")
    result = export("moodle", load_bank(path))
    (error,) = [i for i in result.issues if i.severity == "error"]
    assert error.span is not None and error.span.path == path
    assert error.format().startswith(
        f"{path}:{source.splitlines().index('  - id: mr-canales') + 1}:"
    )


def test_text_survives_a_parser_that_drops_whitespace_chunks(export: Export) -> None:
    """Moodle's parser drops whitespace-only chunks: multi-line HTML must come as one CDATA."""
    data = export("moodle").files["comercio-digital.xml"]
    chunks: list[str] = []
    parser = etree.XMLParser(strip_cdata=False)
    root = etree.fromstring(data, parser)
    for text in root.iter("text"):
        if text.text and "\n" in text.text:
            chunks.append(text.text)
    assert chunks, "the bank has multi-line texts"
    # Escaped markup would reach Moodle in pieces split at each entity and line break.
    assert b"&lt;/p&gt;\n&lt;p&gt;" not in data
    assert b"<![CDATA[<p>" in data


def test_ordering_options_as_moodle_reads_them(export: Export, bank: QuizBank) -> None:
    root = etree.fromstring(export("moodle").files["comercio-digital.xml"])
    orderings = [q for q in bank.questions if q.type == "ordering" and q.status != "draft"]
    assert orderings
    for question in orderings:
        element = root.xpath(f"//question[idnumber='{question.id}']")[0]
        assert element.findtext("shownumcorrect") == "1"
        assert element.findtext("selectcount") == str(len(question.items))  # type: ignore[union-attr]
