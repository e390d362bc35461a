"""Read Aiken (single-choice questions as plain text) into bank data."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from courseware.quizimport.common import BankBuilder
from courseware.quizimport.markdown import text_to_markdown

_CHOICE = re.compile(r"^([A-Z])[.)]\s+(.*)$")
_ANSWER = re.compile(r"^ANSWER:\s*([A-Z])\s*$", re.IGNORECASE)


class _Pending:
    """The question being read: its first line, prompt lines and choices."""

    def __init__(self) -> None:
        self.start = 0
        self.prompt: list[str] = []
        self.choices: list[tuple[str, str]] = []
        self.broken: str | None = None


def read_aiken(path: Path, text: str) -> BankBuilder:
    """Parse Aiken text; each question that cannot be read is reported and skipped."""
    bank = BankBuilder(path, "Aiken")
    q = _Pending()
    for number, line in enumerate(text.lstrip("\ufeff").split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if answer := _ANSWER.match(stripped):
            _finish(bank, q, answer.group(1).upper(), number)
            q = _Pending()
        elif (choice := _CHOICE.match(stripped)) and q.prompt:
            q.choices.append((choice.group(1), choice.group(2).strip()))
        elif q.choices:
            q.broken = q.broken or f"line {number}: expected another choice (A. ...) or ANSWER:"
        else:
            q.start = q.start or number
            q.prompt.append(stripped)
    if q.prompt or q.choices:
        bank.skip(q.start or 1, "the last question has no ANSWER: line", "end it with ANSWER: A")
    return bank


def _finish(bank: BankBuilder, q: _Pending, letter: str, line: int) -> None:
    letters = [c for c, _ in q.choices]
    if q.broken:
        bank.skip(q.start or line, q.broken, "each choice is one line: a letter, '.' or ')', text")
        return
    if not q.prompt or len(q.choices) < 2:
        bank.skip(
            q.start or line, "a question needs a prompt and at least two choices before ANSWER:"
        )
        return
    if letter not in letters:
        bank.skip(
            line,
            f"ANSWER: {letter} is not one of the choices {', '.join(letters)}",
            f"write ANSWER: followed by one of {', '.join(letters)}",
        )
        return
    question: dict[str, Any] = {
        "type": "single_choice",
        "prompt": text_to_markdown(" ".join(q.prompt)),
        "choices": [
            {"text": text, **({"correct": True} if c == letter else {})} for c, text in q.choices
        ],
    }
    bank.add(question, None, None, q.start)
