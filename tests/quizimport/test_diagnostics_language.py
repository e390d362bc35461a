"""`courseware import-quiz` speaks the instructor's language (``--lang``): warnings, hints,
refusals and the status lines, from the catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest

from courseware.cli import main

GIFT = "::a:: ¿Capital de Francia? {=París ~Lyon}\n\n::b:: Un texto con {=llave sin cerrar\n"
SKIPPED = {
    "es": (
        "aviso: GIFT: '{' sin su '}' de cierre; esta pregunta no se importó",
        "= cierre las respuestas con }, o escriba \\{",
        "escrito ",
    ),
    "en": (
        "warning: GIFT: '{' without a matching '}'; this question was not imported",
        "= close the answers with }, or write \\{",
        "wrote ",
    ),
}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_question_left_out(lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, out = tmp_path / "banco.gift", tmp_path / "banco.yaml"
    source.write_text(GIFT, encoding="utf-8")
    assert main(["--lang", lang, "import-quiz", str(source), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    message, hint, wrote = SKIPPED[lang]
    assert f"banco.gift:3:1: {message}" in err
    assert hint in err and f"{wrote}{out}" in err


@pytest.mark.parametrize(
    ("lang", "message", "hint"),
    [
        ("es", "no es un archivo zip legible", "indique el archivo zip que exportó la plataforma"),
        ("en", "not a readable zip file", "give the zip file the platform exported"),
    ],
)
def test_a_broken_package(
    lang: str, message: str, hint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "canvas.zip"
    source.write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["--lang", lang, "import-quiz", str(source), "--format", "qti"]) == 1
    err = capsys.readouterr().err
    assert f"canvas.zip:1:1: error: {message}" in err and f"= {hint}" in err
    assert "Traceback" not in err


NUMERIC = "¿En qué año nació Grant?{#\n=1822:0#Correcto.\n=%50%1822:2#Cerca.\n~#No.\n}\n"
LOST = {
    "es": (
        "# Importado de anio.gift con courseware import-quiz.",
        "# lost: la respuesta numérica 1822:2, que vale 50%, no se conserva "
        "(retroalimentación: Cerca.)",
        "1 x la respuesta numérica …:…, que vale …%, no se conserva",
    ),
    "en": (
        "# Imported from anio.gift by courseware import-quiz.",
        "# lost: numeric answer 1822:2 earning 50% is not kept (feedback: Cerca.)",
        "1 x numeric answer …:… earning …% is not kept",
    ),
}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_loss_notes_and_their_summary(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "anio.gift"
    source.write_text(NUMERIC, encoding="utf-8")
    assert main(["--lang", lang, "import-quiz", str(source)]) == 0
    captured = capsys.readouterr()
    header, note, summary = LOST[lang]
    assert captured.out.startswith(header + "\n") and note in captured.out
    assert summary in captured.err
