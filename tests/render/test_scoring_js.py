"""The page scorer (themes/default/assets/quiz.js) gives the same credit as scoring.score()."""

from __future__ import annotations

import json
import math
import random
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from courseware.model import Question
from courseware.scoring import _parse_number, answer_key, normalize_text, score
from courseware.themes import BUILTIN_THEMES, minify_js
from tests.validators import node_path

QUIZ_JS = BUILTIN_THEMES / "default" / "assets" / "quiz.js"
RUNNER = Path(__file__).parent / "js_score.mjs"

QUESTIONS: dict[str, dict[str, Any]] = {
    "single": {
        "type": "single_choice",
        "choices": [{"text": "A", "correct": True}, {"text": "B"}, {"text": "C"}],
    },
    "multi-partial": {
        "type": "multiple_response",
        "choices": [
            {"text": "A", "correct": True},
            {"text": "B", "correct": True},
            {"text": "C", "correct": True},
            {"text": "D"},
            {"text": "E"},
        ],
    },
    "multi-all-or-nothing": {
        "type": "multiple_response",
        "partial_credit": False,
        "choices": [{"text": "A", "correct": True}, {"text": "B", "correct": True}, {"text": "C"}],
    },
    "multi-weights": {
        "type": "multiple_response",
        "choices": [
            {"text": "A", "correct": True, "weight": 0.7},
            {"text": "B", "correct": True, "weight": 0.3},
            {"text": "C", "weight": -0.5},
        ],
    },
    "tf": {"type": "true_false", "answer": True},
    "tf-false": {"type": "true_false", "answer": False},
    "short": {
        "type": "short_answer",
        "answers": [
            {"text": "Comercio electrónico"},
            {"text": "comercio", "credit": 0.5},
            {"text": "Ñandú", "credit": 0.25},
        ],
    },
    "short-strict": {
        "type": "short_answer",
        "case_sensitive": True,
        "accent_sensitive": True,
        "answers": [{"text": "Straße"}, {"text": "São Paulo", "credit": 0.5}],
    },
    "numeric": {"type": "numeric", "answer": 180, "tolerance": 0.5},
    "numeric-range": {"type": "numeric", "min": 10, "max": 20},
    "matching": {
        "type": "matching",
        "pairs": [
            {"left": "A", "right": "1"},
            {"left": "B", "right": "2"},
            {"left": "C", "right": "1"},
        ],
        "distractors": ["X"],
    },
    "ordering": {"type": "ordering", "items": ["a", "b", "c"]},
    "cloze": {
        "type": "cloze",
        "text": "Una [[b1]] con luz [[b2]].",
        "blanks": [
            {"id": "b1", "answers": ["foto", "fotografía"]},
            {
                "id": "b2",
                "answers": ["Natural"],
                "case_sensitive": True,
                "choices": ["Natural", "de flash"],
            },
        ],
    },
    "essay": {"type": "essay", "model_answer": "..."},
}

NUMBERS = [
    "180",
    "180,4",
    "180.6",
    "180.5000001",
    "179,5",
    " 180 ",
    "1,80",
    "1.000",
    "1,000,000",
    "180 pesos",
    "1_80",
    "1__80",
    "_180",
    "inf",
    "-Infinity",
    "nan",
    "NaN",
    "",
    "0x10",
    "1e2",
    "1E+02",
    "+180",
    "180.",
    ".5",
    "1 8 0",
    "18\u00a00",
    "18\u20030",
    "\t180\n",
    "١٨٠",
    "1,5,3",
    "1.5.3",
    "--1",
    "1e",
    "e1",
    "١",
    "𝟏𝟖𝟎",
    "１８０",
]
"""Numeric responses, tricky ones included (Python float() grammar, commas, spaces)."""

RESPONSES: dict[str, list[Any]] = {
    "single": [[], [0], [1], [0, 1], [5], [0, 0], None, [-1]],
    "multi-partial": [
        [],
        [0],
        [0, 1],
        [0, 1, 2],
        [0, 3],
        [0, 1, 3],
        [3, 4],
        [0, 1, 2, 3, 4],
        [9],
        None,
    ],
    "multi-all-or-nothing": [[0, 1], [0], [0, 1, 2], [0, 1, 9], [1, 0], [], None],
    "multi-weights": [[0], [1], [0, 1], [0, 2], [0, 1, 2], [2]],
    "tf": [True, False, None, "true", 1],
    "tf-false": [True, False, None, 0],
    "short": [
        "comercio electronico",
        "  COMERCIO \t Electrónico ",
        "Comercio\u00a0electrónico",
        "comercio",
        "",
        None,
        "nandu",
        "ÑANDÚ",
        "comercio electrónico.",
        "comercio\u3000electrónico",
    ],
    "short-strict": [
        "Straße",
        "strasse",
        "STRASSE",
        "Strasse",
        "São Paulo",
        "Sao Paulo",
        " São  Paulo ",
    ],
    "numeric": [*NUMBERS, None],
    "numeric-range": ["10", "20", "20.0000000001", "9.9999999999", "-15", "1e1", "15,5", "2e1"],
    "matching": [
        {},
        {"A": "1"},
        {"A": "1", "B": "2", "C": "1"},
        {"A": "X", "B": "2"},
        None,
        {"Z": "1"},
        {"A": "1", "B": "1", "C": "1"},
    ],
    "ordering": [["a", "b", "c"], ["b", "a", "c"], ["a", "b"], [], None, ["a", "b", "c", "d"]],
    "cloze": [
        {"b1": "FOTOGRAFIA", "b2": "Natural"},
        {"b1": "foto", "b2": "natural"},
        {},
        None,
        {"b1": " foto "},
        {"b2": "Natural"},
        {"b1": "Fotografía ", "b2": " Natural"},
    ],
    "essay": ["un texto", "", None],
}

# Characters where casefold, accents or whitespace are easy to get wrong.
ALPHABET = (
    "aAeEnNñÑoOuUüÜáÁéÉíÍóÓúÚçÇ ßẞſςΣσİıﬁﬀµKÅǅǄŉǰ"
    "\u0301\u0303\u0308\u0327\u0345"  # combining marks
    " \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
    "\ufeff\u200b"  # not whitespace for Python
    "0123456789.,-_"
)


def _finite(value: float | None) -> float | str | None:
    if value is None or math.isfinite(value):
        return value
    return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")


def _run_js(payload: dict[str, Any], script: Path = QUIZ_JS) -> dict[str, Any]:
    proc = subprocess.run(
        [node_path(), str(RUNNER), str(script)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


@pytest.fixture(scope="module")
def questions() -> dict[str, Any]:
    adapter: TypeAdapter[Any] = TypeAdapter(Question)
    return {
        name: adapter.validate_python({"id": name, "prompt": "?", **data})
        for name, data in QUESTIONS.items()
    }


def test_every_question_type_has_vectors(questions: dict[str, Any]) -> None:
    from courseware.model import QUESTION_TYPES

    assert {q.type for q in questions.values()} == set(QUESTION_TYPES)


@pytest.mark.parametrize("minified", [False, True], ids=["source", "published"])
def test_js_scorer_matches_python(
    questions: dict[str, Any], minified: bool, tmp_path: Path
) -> None:
    """The scorer as written and as the build publishes it (minified) agree with Python."""
    script = QUIZ_JS
    if minified:
        script = tmp_path / "quiz.js"
        script.write_text(minify_js(QUIZ_JS.read_text(encoding="utf-8")), encoding="utf-8")
        assert script.stat().st_size < QUIZ_JS.stat().st_size
    rng = random.Random(20261125)
    texts = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12))) for _ in range(400)]
    numbers = NUMBERS + [
        "".join(rng.choice("0123456789 ,._e+-\u00a0\t") for _ in range(rng.randint(1, 8)))
        for _ in range(400)
    ]
    cases = [(name, response) for name, responses in RESPONSES.items() for response in responses]
    # Short answers and cloze blanks typed as random text, too.
    cases += [("short", text) for text in texts[:100]]
    cases += [("cloze", {"b1": text, "b2": text}) for text in texts[100:150]]
    flags = [(c, a) for c in (False, True) for a in (False, True)]
    text_cases = [(text, c, a) for text in texts for c, a in flags]
    payload = {
        "cases": [{"key": answer_key(questions[n]), "response": r} for n, r in cases],
        "texts": text_cases,
        "numbers": numbers,
    }
    result = _run_js(payload, script)

    mismatches = []
    for (name, response), got in zip(cases, result["scores"], strict=True):
        want = score(questions[name], response)
        if (want is None) != (got is None) or (want is not None and abs(want - got) > 1e-9):
            mismatches.append(f"{name} {response!r}: python {want} js {got}")
    for (text, c, a), got in zip(text_cases, result["texts"], strict=True):
        want = normalize_text(text, case_sensitive=c, accent_sensitive=a)
        if want != got:
            mismatches.append(f"normalize {text!r} case={c} accent={a}: python {want!r} js {got!r}")
    for text, got in zip(numbers, result["numbers"], strict=True):
        want = _finite(_parse_number(text))
        if want != got:
            mismatches.append(f"parse_number {text!r}: python {want!r} js {got!r}")
    assert not mismatches, "\n".join(mismatches[:40])
