"""Numbers in text: digits in both conventions and number words in Spanish and English."""

from __future__ import annotations

import pytest

from courseware.lint import find_numbers


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("más de 800 familias", 800),
        ("8000 estudiantes", 8000),
        ("1,400 educators", 1400),
        ("1.400 educadores", 1400),
        ("8 000 estudiantes", 8000),
        ("8\u00a0000 estudiantes", 8000),
        ("2,5 horas", 2.5),
        ("ocho aldeas", 8),
        ("nueve instructores", 9),
        ("dieciséis talleres", 16),
        ("veinte mercados", 20),
        ("veintitrés cooperativas", 23),
        ("treinta y dos casas", 32),
        ("noventa días", 90),
        ("cien años", 100),
        ("ciento veinte artesanas", 120),
        ("cuatrocientos instructores", 400),
        ("quinientas familias", 500),
        ("ocho mil estudiantes", 8000),
        ("un millón de personas", 1_000_000),
        ("twenty-one villages", 21),
        ("one hundred and twenty", 120),
        ("eight thousand students", 8000),
    ],
)
def test_find_numbers(text: str, value: float) -> None:
    found = find_numbers(text)
    assert [n.value for n in found] == [value]


@pytest.mark.parametrize("text", ["una casa", "un pueblo", "one of them", "entre tres y cinco"])
def test_articles_and_ranges(text: str) -> None:
    assert len(find_numbers(text)) == (2 if "tres" in text else 0)
