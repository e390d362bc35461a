"""Canvas QTI 1.2 zips and QTI 2.1 packages, read safely."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import yaml

from courseware.errors import CoursewareError
from courseware.quizimport import import_bank
from tests.quizimport.helpers import TESTDATA, import_into, zip_folder


def test_canvas_export_every_question_type(tmp_path: Path) -> None:
    course = tmp_path / "curso"
    result = import_into(course, zip_folder(TESTDATA / "qti12", tmp_path / "canvas.zip"))
    data = yaml.safe_load(result.yaml)
    assert data["title"] == "Repaso de geografía"
    by_title = {q.get("title"): q for q in data["questions"]}
    capital = by_title["Capital"]
    assert capital["points"] == 2 and capital["choices"][0]["correct"] is True
    assert capital["choices"][1]["feedback"] == "Es un puerto."
    assert capital["feedback"] == {
        "correct": "¡Sí!",
        "incorrect": "No.",
        "general": "Chile es largo.",
    }
    assert "](media/Uploaded%20Media/mapa.png)" in capital["prompt"]
    assert (course / "media" / "Uploaded Media" / "mapa.png").is_file()
    assert by_title["Verdad"]["answer"] is True
    assert [c.get("correct", False) for c in by_title["Primos"]["choices"]] == [True, True, False]
    assert by_title["Color"]["answers"] == [
        {"text": "azul"},
        {"text": "celeste", "feedback": "Celeste también vale."},
    ]
    assert (by_title["Raíz"]["answer"], by_title["Raíz"]["tolerance"]) == (1.414, 0.01)
    assert "numeric answer [-1.424, -1.404] is not kept" in result.yaml
    assert by_title["Ríos"]["distractors"] == ["Perú"]
    assert "feedback '601_fb': El Nilo cruza Egipto." in result.yaml
    menus = by_title["Menús"]
    assert menus["text"] == "El [[animal]] come [[comida]]."
    assert menus["blanks"][0] == {
        "id": "animal",
        "answers": ["gato"],
        "choices": ["gato", "piedra"],
    }
    assert by_title["Ensayo"]["points"] == 5
    (skipped,) = result.issues
    assert skipped.span is not None and skipped.span.path.name == "gf1a2b3c.xml"
    assert "calculated_question item 'Fórmula'" in skipped.message
    assert "text-only item 'Texto'" in result.yaml


def test_qti21_package_every_interaction(tmp_path: Path) -> None:
    result = import_bank(zip_folder(TESTDATA / "qti21", tmp_path / "qti21.zip"))
    data = yaml.safe_load(result.yaml)
    assert (data["id"], data["title"]) == ("ciencias", "Ciencias")
    by_id = {q["id"]: q for q in data["questions"]}
    assert by_id["choice"]["choices"][1] == {"text": "Júpiter", "correct": True}
    assert by_id["multiple"]["type"] == "multiple_response"
    assert by_id["text-entry"]["answers"][1] == {"text": "Ciudad de los Reyes", "credit": 0.5}
    assert (by_id["numeric"]["answer"], by_id["numeric"]["tolerance"]) == (9.8, 0.1)
    assert by_id["match"]["distractors"] == ["Berlín"]
    assert by_id["order"]["items"] == ["uno", "dos", "tres"]
    assert by_id["inline-choice"]["text"] == "El cielo es [[b1]] y el pasto [[b2]]."
    assert by_id["essay"]["type"] == "essay"
    (skipped,) = result.issues
    assert "hotspotInteraction" in skipped.message


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("members", "code"),
    [
        ({"../../evil.xml": b"<questestinterop/>"}, "import-zip-slip"),
        ({"/etc/evil.xml": b"<questestinterop/>"}, "import-zip-slip"),
        ({"bomb.xml": b"0" * 1_000_000}, "import-zip-bomb"),
    ],
)
def test_hostile_zips_are_refused(tmp_path: Path, members: dict[str, bytes], code: str) -> None:
    path = tmp_path / "hostil.zip"
    path.write_bytes(_zip(members))
    with pytest.raises(CoursewareError) as caught:
        import_bank(path)
    assert caught.value.issues[0].code == code


def test_entities_are_refused_in_packages_and_files(tmp_path: Path) -> None:
    xxe = (
        b'<?xml version="1.0"?>\n<!DOCTYPE q [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        b'<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1">&x;</assessmentItem>'
    )
    path = tmp_path / "xxe.zip"
    path.write_bytes(_zip({"items/a.xml": xxe}))
    with pytest.raises(CoursewareError) as caught:
        import_bank(path)
    assert caught.value.issues[0].code == "import-entities"
    with pytest.raises(CoursewareError) as caught:
        import_bank(TESTDATA / "moodle" / "xxe.xml")
    assert caught.value.issues[0].code == "import-entities"
    assert "root:" not in str(caught.value)


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    lol = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10 if n else "lol"}">' for n in range(10))
    path = tmp_path / "lol.xml"
    path.write_text(f'<?xml version="1.0"?><!DOCTYPE quiz [{lol}]><quiz>&l9;</quiz>')
    with pytest.raises(CoursewareError):
        import_bank(path)
