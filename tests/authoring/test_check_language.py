"""``check`` speaks the instructor's language: --lang, then LC_ALL, LC_MESSAGES, LANG; English
by default. Messages, hints and the count line all come from the catalogue; codes stay."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.authoring.conftest import Workbench

VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


def check(bench: Workbench, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``courseware check`` of the course in a clean locale (only ``env``'s variables set)."""
    clean = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    return subprocess.run(
        [sys.executable, "-m", "courseware", "check", str(bench.root), *args],
        capture_output=True,
        text=True,
        env={**clean, **env},
        timeout=120,
    )


def _misspell_title(bench: Workbench) -> None:
    bench.edit("course.yaml", "title: Curso mínimo", "titel: Curso mínimo")


SPANISH = ["--lang", "es"], {"LANG": "en_US.UTF-8"}
LOCALE = [], {"LANG": "es_MX.UTF-8"}
MESSAGES = [], {"LC_MESSAGES": "es_ES.UTF-8", "LANG": "en_US.UTF-8"}


@pytest.mark.parametrize(("args", "env"), [SPANISH, LOCALE, MESSAGES])
def test_a_schema_error_in_spanish(mini: Workbench, args: list[str], env: dict[str, str]) -> None:
    _misspell_title(mini)
    run = check(mini, *args, **env)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "course.yaml:1:1: error: falta la clave obligatoria `title`" in run.stderr
    assert "= añada `title: ...`" in run.stderr
    assert "course.yaml:2:1: error: clave desconocida `titel` en el curso" in run.stderr
    assert "¿quiso decir `title`?" in run.stderr
    assert "= se esperaba una de: " in run.stderr  # the hint
    assert "unknown key" not in run.stderr and "expected one of" not in run.stderr


def test_c_locale_and_no_locale_mean_english(mini: Workbench) -> None:
    _misspell_title(mini)
    for env in ({"LC_ALL": "C", "LANG": "es_MX.UTF-8"}, {}):
        run = check(mini, **env)
        assert run.returncode == 1
        assert "course.yaml:2:1: error: unknown key `titel` in course; did you mean" in run.stderr
        assert "= expected one of: " in run.stderr and "clave" not in run.stderr


def test_a_yaml_slip_in_spanish(mini: Workbench) -> None:
    mini.edit("course.yaml", "title: Curso mínimo", "title: Nota: para recordar")
    run = check(mini, "--lang", "es")
    assert run.returncode == 1
    assert "contiene «: », que YAML lee como el comienzo de otra clave" in run.stderr
    assert 'ponga el texto entre comillas: title: "Nota: para recordar"' in run.stderr


def test_warnings_and_their_hints_in_spanish(mini: Workbench) -> None:
    mini.edit("course.yaml", "        objectives: [obj-a]\n", "")
    run = check(mini, LANG="es_MX.UTF-8")
    assert run.returncode == 0, run.stderr
    assert "aviso: la lección 'dos' no nombra ningún objetivo" in run.stderr
    assert "añada `objectives: [<id-del-objetivo>]`" in run.stderr
    assert "siléncielo con `# courseware: ignore[lesson-no-objective] <motivo>`" in run.stderr
    assert "0 error(es), 3 aviso(s)" in run.stderr
    english = check(mini)
    assert "warning: lesson 'dos' names no objective" in english.stderr
    assert "0 error(s), 3 warning(s)" in english.stderr


def test_codes_stay_the_same_in_every_language(mini: Workbench) -> None:
    _misspell_title(mini)
    found = [
        json.loads(check(mini, "--format", "json", "--lang", lang).stdout)["diagnostics"]
        for lang in ("en", "es")
    ]
    assert (
        [d["code"] for d in found[0]]
        == [d["code"] for d in found[1]]
        == ["missing-key", "unknown-key"]
    )
    assert found[0][0]["message"] != found[1][0]["message"]


def test_check_errors_in_spanish(mini: Workbench, tmp_path: Path) -> None:
    mini.edit("course.yaml", "    file: seeds/nota.md", "    file: seeds/no-hay.md")
    run = check(mini, "--lang", "es-MX")
    assert run.returncode == 1
    assert "error: archivo de fuente 'seeds/no-hay.md': no se encuentra" in run.stderr
    assert "la ruta es relativa a la carpeta del curso" in run.stderr


def _bad_duration_and_score(bench: Workbench) -> None:
    bench.edit("course.yaml", 'version: "1.0"', 'version: "1.0"\nduration: un rato largo')
    bench.edit("course.yaml", "modules:", "settings:\n  passing_score: 70\nmodules:")


OLD_ENGLISH = (
    "cannot read",
    "as a duration",
    "write minutes",
    "score is",
    "instead of",
    "Duration",
)


def test_model_errors_in_spanish(mini: Workbench) -> None:
    _bad_duration_and_score(mini)
    run = check(mini, "--lang", "es", LANG="en_US.UTF-8")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert (
        "error: no se puede leer 'un rato largo' como duración: escriba minutos (45, \"45 min\")"
        in run.stderr
    )
    assert '= duración en minutos: 45, "45 min", "1 h 30 min"' in run.stderr  # the hint
    assert (
        'error: una puntuación es una fracción de 0 a 1: escriba 0.7 o "70%" en lugar de 70'
        in run.stderr
    )
    assert '= una fracción de 0 a 1, o un porcentaje: 0.7 o "70%"' in run.stderr
    assert not [words for words in OLD_ENGLISH if words in run.stderr]


def test_model_errors_in_english_are_unchanged(mini: Workbench) -> None:
    _bad_duration_and_score(mini)
    run = check(mini, "--lang", "en")
    assert run.returncode == 1
    assert (
        "error: cannot read 'un rato largo' as a duration: write minutes (45, \"45 min\") "
        'or hours and minutes ("1 h", "1 h 30 min")' in run.stderr
    )
    assert '= Duration in minutes: 45, "45 min", "1 h 30 min".' in run.stderr
    assert (
        'error: a score is a fraction from 0 to 1: write 0.7 or "70%" instead of 70' in run.stderr
    )
    assert "duración" not in run.stderr and "puntuación" not in run.stderr


def test_a_missing_media_file_in_spanish(mini: Workbench) -> None:
    mini.edit("lessons/01-uno.yaml", "src: media/punto.png", "src: media/falta.png")
    run = check(mini, "--lang", "es")
    assert run.returncode == 1
    assert "error: imagen 'media/falta.png': no se encuentra" in run.stderr
    assert "= la ruta es relativa a la carpeta del curso" in run.stderr
    assert "not found" not in run.stderr and "relative to" not in run.stderr
    english = check(mini, "--lang", "en")
    assert "error: image 'media/falta.png' not found" in english.stderr


def test_an_image_that_cannot_be_published_in_spanish(mini: Workbench) -> None:
    from PIL import Image

    Image.new("RGB", (3000, 10)).save(mini.path("media/punto.png"), "GIF")  # wide, GIF as .png
    run = check(mini, "--lang", "es")
    assert run.returncode == 1
    assert "'media/punto.png': el archivo contiene datos GIF, no PNG" in run.stderr
    assert "the file is" not in run.stderr
    english = check(mini, "--lang", "en")
    assert "'media/punto.png': the file is GIF data, not PNG" in english.stderr


def test_a_theme_error_in_spanish(mini: Workbench) -> None:
    mini.edit("course.yaml", 'version: "1.0"', 'version: "1.0"\ntheme:\n  name: inexistente')
    run = check(mini, "--lang", "es")
    assert run.returncode == 1
    assert "error: no se encuentra el tema 'inexistente'" in run.stderr
    assert "= temas incluidos: " in run.stderr and "built-in" not in run.stderr
    english = check(mini, "--lang", "en")
    assert "error: theme 'inexistente' not found" in english.stderr
    assert "= built-in themes: " in english.stderr


def test_a_constraint_of_the_schema_in_spanish(mini: Workbench) -> None:
    mini.edit("course.yaml", "modules:", "settings:\n  passing_score: 150\nmodules:")
    run = check(mini, "--lang", "es")
    assert run.returncode == 1
    assert "error: el valor debe ser menor o igual que 1\n" in run.stderr
    assert "input should" not in run.stderr
    english = check(mini, "--lang", "en")
    assert "error: input should be less than or equal to 1\n" in english.stderr
