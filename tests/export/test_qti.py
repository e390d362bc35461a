"""QTI 2.1 package and Canvas QTI 1.2 zip: official XSDs, images, determinism."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from courseware.export import ExportOptions, export_bank
from courseware.model.quiz import QuizBank
from tests.export.conftest import Export


def _unzip(data: bytes, into: Path) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(into)
        return archive.namelist()


def test_qti21_validates(
    export: Export, tmp_path: Path, validators: ModuleType, bank: QuizBank
) -> None:
    names = _unzip(export("qti21").files["comercio-digital-qti21.zip"], tmp_path)
    items = [n for n in names if n.startswith("items/")]
    assert len(items) == sum(q.status != "draft" for q in bank.questions)
    assert sorted(n for n in names if n.startswith("tests/")) == [
        "tests/practica-final.xml",
        "tests/repaso-modulo-2.xml",
    ]
    assert "media/img/mapa-aldea.png" in names and "media/img/collar de perlas.png" in names
    for name in items + [n for n in names if n.startswith("tests/")]:
        assert validators.xsd_errors("qti21-item", tmp_path / name) == [], name
    assert validators.xsd_errors("qti21-manifest", tmp_path / "imsmanifest.xml") == []
    manifest = (tmp_path / "imsmanifest.xml").read_text(encoding="utf-8")
    assert 'href="media/img/collar%20de%20perlas.png"' in manifest
    assert 'src="../media/img/mapa-aldea.png"' in (tmp_path / "items/ce-imagen.xml").read_text(
        encoding="utf-8"
    )


def test_qti12_canvas_validates(export: Export, tmp_path: Path, validators: ModuleType) -> None:
    names = _unzip(export("qti12").files["comercio-digital-canvas.zip"], tmp_path)
    documents = [
        n
        for n in names
        if n.endswith(".xml") and "assessment_meta" not in n and n != "imsmanifest.xml"
    ]
    assert sorted(documents) == [
        "comercio-digital/comercio-digital.xml",
        "practica-final/practica-final.xml",
        "repaso-modulo-2/repaso-modulo-2.xml",
    ]  # fmt: skip
    for name in documents:
        assert validators.xsd_errors("qti12", tmp_path / name) == [], name
    bank_xml = (tmp_path / "comercio-digital/comercio-digital.xml").read_text(encoding="utf-8")
    for canvas_type in (
        "multiple_choice_question",
        "multiple_answers_question",
        "true_false_question",
        "short_answer_question",
        "numerical_question",
        "matching_question",
        "fill_in_multiple_blanks_question",
        "essay_question",
    ):
        assert f"<fieldentry>{canvas_type}</fieldentry>" in bank_xml
    assert "%24IMS-CC-FILEBASE%24/images/img/mapa-aldea.png" in bank_xml


def test_embedded_images(export: Export, tmp_path: Path) -> None:
    names = _unzip(export("qti21", embed_images=True).files["comercio-digital-qti21.zip"], tmp_path)
    assert not any(n.startswith("media/") for n in names)
    assert 'src="data:image/png;base64,' in (tmp_path / "items/ce-imagen.xml").read_text(
        encoding="utf-8"
    )
    xml = export("moodle", embed_images=True).files["comercio-digital.xml"].decode()
    assert "@@PLUGINFILE@@" not in xml and "data:image/png;base64," in xml


@pytest.mark.parametrize(
    "fmt", ["qti21", "qti12", "moodle", "gift", "print", "csv", "json", "aiken"]
)
def test_byte_identical_across_runs(export: Export, fmt: str) -> None:
    assert export(fmt).files == export(fmt).files


def test_zip_timestamps(bank: QuizBank, course_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    data = export_bank(bank, "qti21", course_dir=course_dir, options=ExportOptions()).files[
        "comercio-digital-qti21.zip"
    ]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {(2023, 11, 14, 22, 13, 20)}


def test_missing_image_is_an_error(export: Export) -> None:
    bank = QuizBank.model_validate(
        {"id": "b", "title": "B", "questions": [
            {"id": "q", "type": "true_false", "prompt": "![x](img/no-existe.png) ¿Sí?",
             "answer": True}]}
    )  # fmt: skip
    issues = export("qti21", bank).issues
    assert [i.code for i in issues] == ["image-missing"]
