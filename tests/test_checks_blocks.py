"""`courseware check` on broken scenarios and sorts: each error at its file:line, all at once."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tests.load.conftest import run_check

SAMPLE = Path(__file__).resolve().parents[1] / "courses" / "aldeas-digitales"
LESSON8 = "lessons/08-transmision-en-vivo.yaml"
LESSON9 = "lessons/09-confianza-y-plan.yaml"


def _broken(tmp_path: Path, lesson: str, *edits: tuple[str, str]) -> tuple[Path, Any]:
    course = tmp_path / "c"
    shutil.copytree(SAMPLE, course)
    path = course / lesson
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    code, report = run_check(course)
    assert code == 1
    return path, [d for d in report["diagnostics"] if d["severity"] == "error"]


def _line(path: Path, fragment: str, skip: int = 0) -> int:
    found = [
        n
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if fragment in line
    ]
    return found[skip]


def _codes(errors: list[dict[str, Any]]) -> list[str]:
    return sorted(str(e["code"]) for e in errors)


def test_the_sample_scenario_and_sort_pass(tmp_path: Path) -> None:
    code, report = run_check(SAMPLE)
    assert code == 0, report["diagnostics"]


def test_a_dead_choice_is_reported_at_its_goto(tmp_path: Path) -> None:
    path, errors = _broken(tmp_path, LESSON8, ("goto: final-promesa", "goto: final-promeza"))
    # The misspelt target is dead, and the ending it meant is now never reached.
    assert _codes(errors) == ["dead-choice", "unreachable-node"]
    dead = next(e for e in errors if e["code"] == "dead-choice")
    assert dead["line"] == _line(path, "goto: final-promeza")
    assert "'final-promeza'" in dead["message"] and "final-promesa" in dead["hint"]
    lost = next(e for e in errors if e["code"] == "unreachable-node")
    assert lost["line"] == _line(path, "- id: final-promesa")


def test_a_loop_with_no_way_out(tmp_path: Path) -> None:
    """Both choices of `ignorar` lead back to it: no ending is reachable from there."""
    path, errors = _broken(
        tmp_path,
        LESSON8,
        (
            "          - text: Te disculpas y atiendes el comentario.\n            goto: revisar",
            "          - text: Te disculpas y atiendes el comentario.\n            goto: ignorar",
        ),
        ("            goto: final-silencio", "            goto: ignorar"),
    )
    codes = _codes(errors)
    assert "no-ending" in codes and "unreachable-node" in codes
    stuck = next(e for e in errors if e["code"] == "no-ending")
    assert stuck["line"] == _line(path, "- id: ignorar")
    assert next(e for e in errors if e["code"] == "unreachable-node")["line"] == _line(
        path, "- id: final-silencio"
    )


def test_duplicate_node_and_unknown_start(tmp_path: Path) -> None:
    path, errors = _broken(
        tmp_path,
        LESSON8,
        ("      - id: culpar\n", "      - id: ignorar\n"),
        ("    id: paquete\n", "    id: paquete\n    start: inicio\n"),
    )
    assert "duplicate-id" in _codes(errors) and "unknown-node" in _codes(errors)
    duplicate = next(e for e in errors if e["code"] == "duplicate-id")
    assert duplicate["line"] == _line(path, "- id: ignorar", skip=1)
    start = next(e for e in errors if e["code"] == "unknown-node")
    assert start["line"] == _line(path, "start: inicio")


def test_an_ending_with_choices_cannot_score(tmp_path: Path) -> None:
    path, errors = _broken(
        tmp_path,
        LESSON8,
        (
            "        title: Revisas el pedido\n",
            "        title: Revisas el pedido\n        score: 1\n",
        ),
    )
    (error,) = errors
    assert error["line"] == _line(path, "score: 1", skip=0)
    assert "only an ending" in error["message"]


def test_a_sort_item_in_two_categories(tmp_path: Path) -> None:
    path, errors = _broken(
        tmp_path,
        LESSON9,
        (
            "          - Pagan de más y te piden que devuelvas la diferencia\n",
            "          - Pagan de más y te piden que devuelvas la diferencia\n"
            "          - Revisaste en tu banca que la transferencia llegó\n",
        ),
    )
    (error,) = errors
    assert error["code"] == "duplicate-item"
    assert error["line"] == _line(path, "Revisaste en tu banca que la transferencia", skip=1)
