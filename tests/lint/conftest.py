"""Fixtures for the linter's tests: the sample course's copies (from tests/authoring) and
a bank whose right answers follow a pattern."""

from __future__ import annotations

from hypothesis import strategies as st

from courseware.errors import Issue
from tests.authoring.conftest import Workbench, codes, mini, sample, sample_loaded

__all__ = ["mini", "sample", "sample_loaded"]

LESSON1 = "lessons/01-aldeas-taobao.yaml"


LESSON2 = "lessons/02-aldea-de-las-perlas.yaml"


LESSON4 = "lessons/04-guanajuato.yaml"


EXTRA_BANK = """\
id: extra
title: Banco de prueba
questions:
  - id: x1
    type: single_choice
    prompt: ¿Qué vende la aldea de las perlas?
    choices:
      - text: Perlas recolectadas y vendidas en transmisiones en vivo
        correct: true
      - text: Café
      - text: Miel
  - id: x2
    type: single_choice
    prompt: ¿Desde qué ciudad viajó la delegación?
    choices:
      - text: Desde Hangzhou, en la provincia de Zhejiang
        correct: true
      - text: Pekín
      - text: Shanghái
  - id: x3
    type: single_choice
    prompt: ¿Quién encabezó la delegación mexicana?
    choices:
      - text: Miguel Cuevas, de la Secretaría de Educación
        correct: true
      - text: James Chang
      - text: Nadie
"""


LONG = "Café de olla de la región montañosa de Veracruz, con canela, piloncillo y clavo"


def add_bank(bench: Workbench, text: str = EXTRA_BANK) -> None:
    bench.path("banks/extra.yaml").write_text(text, encoding="utf-8")
    bench.insert_after("course.yaml", "  - banks/evaluacion-final.yaml", "  - banks/extra.yaml")


def only(issues: list[Issue], code: str) -> Issue:
    found = [i for i in issues if i.code == code]
    assert len(found) == 1, [i.format() for i in issues]
    assert codes(issues) == [code], [i.format() for i in issues]
    return found[0]


PROSE = st.text(
    alphabet=st.sampled_from(
        [*"abcñáéíóúü AZ09\n\t.,;:!?¡¿()*\"'’-_«»/…—", "\u00a0", "\u0301", "\u2003", "²"]
    ),
    max_size=80,
)
