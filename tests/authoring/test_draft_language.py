"""`courseware draft` speaks the instructor's language (``--lang``): refusals, hints and the
``next:`` steps, from the catalogue."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from courseware.cli import main

MINI = Path(__file__).resolve().parents[1] / "load" / "testdata" / "mini"


@pytest.mark.parametrize(
    ("lang", "message", "hint"),
    [
        (
            "es",
            "no se encuentra el artículo falta.md: se buscó en {cwd} (respecto a la carpeta "
            "actual) y {course} (respecto a la carpeta del curso)",
            "indique --from como ruta desde la carpeta donde ejecuta courseware, o como ruta "
            "absoluta",
        ),
        (
            "en",
            "cannot find the article falta.md: looked at {cwd} (relative to the current folder) "
            "and {course} (relative to the course folder)",
            "give --from as a path from the folder you run courseware in, or an absolute path",
        ),
    ],
)
def test_an_article_in_neither_place(
    lang: str,
    message: str,
    hint: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["--lang", lang, "draft", "--from", "falta.md", "--course", str(MINI)]) == 1
    err = capsys.readouterr().err
    expected = message.format(cwd=tmp_path / "falta.md", course=MINI.resolve() / "falta.md")
    assert f"error: {expected}\n" in err and f"= {hint}\n" in err


@pytest.mark.parametrize(
    ("lang", "message", "hint", "step"),
    [
        (
            "es",
            "solo-titulo.md no tiene texto a partir del cual redactar un borrador",
            "indique un artículo con párrafos de texto (los títulos solos no bastan)",
            "siguiente: añada la lección a un módulo en course.yaml:  - lessons/",
        ),
        (
            "en",
            "solo-titulo.md has no text to draft from",
            "give an article with paragraphs of text (headings alone are not enough)",
            "next: add the lesson to a module in course.yaml:  - lessons/",
        ),
    ],
)
def test_an_empty_article_then_a_drafted_one(
    lang: str,
    message: str,
    hint: str,
    step: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    course = tmp_path / "mini"
    shutil.copytree(MINI, course)
    empty = tmp_path / "solo-titulo.md"
    empty.write_text("# Solo un título\n", encoding="utf-8")
    assert main(["--lang", lang, "draft", "--from", str(empty), "--course", str(course)]) == 1
    err = capsys.readouterr().err
    assert f"{message}\n" in err and f"= {hint}\n" in err
    seed = course / "seeds" / "nota.md"
    assert main(["--lang", lang, "draft", "--from", str(seed), "--course", str(course)]) == 0
    assert step in capsys.readouterr().err
