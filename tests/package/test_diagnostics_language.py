"""Package diagnostics speak the instructor's language (``--lang``), from the catalogue."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from courseware.cli import main
from courseware.i18n import speaking
from courseware.load import load_course
from courseware.package.runtime import final_quiz

MINI = Path(__file__).resolve().parents[1] / "load" / "testdata" / "mini"
SAMPLE = Path(__file__).resolve().parents[2] / "courses" / "aldeas-digitales"


@pytest.mark.parametrize(
    ("lang", "message", "hint"),
    [
        ("es", "error: formato de paquete desconocido: 'nope'", "= elija entre: scorm12, "),
        ("en", "error: unknown package format 'nope'", "= choose from: scorm12, "),
    ],
)
def test_an_unknown_package_format(
    lang: str, message: str, hint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--lang", lang, "package", str(MINI), "--format", "nope", "--out", str(tmp_path)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert message in err and hint in err and "Traceback" not in err
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("lang", "message", "hint"),
    [
        (
            "es",
            "el cuestionario final 'nope' no es un cuestionario de ningún banco",
            "ponga en `final_quiz:` el id de un cuestionario de alguno de los bancos del curso",
        ),
        (
            "en",
            "final quiz 'nope' is not a quiz of any bank",
            "set `final_quiz:` to the id of a quiz in one of the course's banks",
        ),
    ],
)
def test_a_final_quiz_no_bank_has(lang: str, message: str, hint: str, tmp_path: Path) -> None:
    course = tmp_path / "curso"
    shutil.copytree(SAMPLE, course, ignore=shutil.ignore_patterns("media"))
    yaml_file = course / "course.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    yaml_file.write_text(text.replace("final_quiz: examen-final", "final_quiz: nope"))
    loaded = load_course(course)
    with speaking(lang):
        quiz, issues = final_quiz(loaded)
    assert quiz is None
    assert [(i.message, i.hint, i.code) for i in issues] == [(message, hint, "unknown-quiz")]
