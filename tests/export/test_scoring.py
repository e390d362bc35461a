"""The one scoring implementation (shared with the HTML knowledge checks): every type's score()."""

from __future__ import annotations

import pytest

from courseware.model.quiz import QuizBank
from courseware.scoring import accepted_spellings, score, strip_accents


def _q(bank: QuizBank, ident: str):  # type: ignore[no-untyped-def]
    return next(q for q in bank.questions if q.id == ident)


def test_single_choice(bank: QuizBank) -> None:
    q = _q(bank, "ce-definicion")
    assert score(q, [0]) == 1.0 and score(q, [1]) == 0.0 and score(q, []) == 0.0


def test_multiple_response_partial_and_all_or_nothing(bank: QuizBank) -> None:
    partial = _q(bank, "mr-canales")
    assert score(partial, [0, 1, 2]) == 1.0
    assert score(partial, [0]) == pytest.approx(1 / 3, abs=1e-6)
    assert score(partial, [0, 1, 2, 3]) == 0.0  # the wrong choice takes everything back
    strict = _q(bank, "mr-seguridad")
    assert (
        score(strict, [0, 1]) == 1.0
        and score(strict, [0]) == 0.0
        and score(strict, [0, 1, 2]) == 0.0
    )


def test_true_false(bank: QuizBank) -> None:
    q = _q(bank, "tf-envios")
    assert score(q, False) == 1.0 and score(q, True) == 0.0


def test_short_answer_accents_case_and_credit(bank: QuizBank) -> None:
    q = _q(bank, "sa-termino")
    assert score(q, "comercio electrónico") == 1.0
    assert score(q, "Comercio  Electronico") == 1.0
    assert score(q, "e-commerce") == 0.5
    assert score(q, "comercio") == 0.0
    strict = _q(bank, "sa-sigla")
    assert score(strict, "RFC") == 1.0 and score(strict, "rfc") == 0.0


def test_numeric_exact_tolerance_range(bank: QuizBank) -> None:
    assert score(_q(bank, "num-ganancia"), "80") == 1.0
    assert score(_q(bank, "num-ganancia"), "81") == 0.0
    assert score(_q(bank, "num-tolerancia"), "25,53") == 1.0
    assert score(_q(bank, "num-tolerancia"), "25.6") == 0.0
    assert score(_q(bank, "num-rango"), "90") == 1.0 and score(_q(bank, "num-rango"), "49.9") == 0.0
    assert score(_q(bank, "num-rango"), "mucho") == 0.0


def test_matching_ordering_cloze_essay(bank: QuizBank) -> None:
    match = _q(bank, "match-pagos")
    right = {p.left: p.right for p in match.pairs}
    assert score(match, right) == 1.0
    assert score(match, {**right, "Tarjeta": "Trueque de perlas"}) == pytest.approx(2 / 3, abs=1e-6)
    order = _q(bank, "ord-venta")
    assert (
        score(order, list(order.items)) == 1.0 and score(order, list(reversed(order.items))) == 0.0
    )
    cloze = _q(bank, "cloze-precio")
    assert score(cloze, {"b1": "Costo", "b2": "utilidad", "b3": "pesos"}) == 1.0
    assert score(cloze, {"b1": "costo"}) == pytest.approx(1 / 3, abs=1e-6)
    assert score(_q(bank, "essay-plan"), "texto") is None


def test_accepted_spellings() -> None:
    assert strip_accents("Comercio Electrónico ñ") == "Comercio Electronico n"
    assert accepted_spellings("comercio electrónico", accent_sensitive=False) == [
        "comercio electrónico",
        "comercio electronico",
    ]
    assert accepted_spellings("comercio electrónico", accent_sensitive=True) == [
        "comercio electrónico"
    ]
    assert accepted_spellings("  RFC ", accent_sensitive=False) == ["RFC"]
