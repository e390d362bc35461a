"""Read Aiken (single-choice questions as plain text) into bank data."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from courseware.i18n import says
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
            q.broken = q.broken or says("quizimport.aiken.broken", line=number)
        else:
            q.start = q.start or number
            q.prompt.append(stripped)
    if q.prompt or q.choices:
        bank.skip(
            q.start or 1,
            says("quizimport.aiken.no-answer"),
            says("quizimport.aiken.no-answer.hint"),
        )
    return bank


def _finish(bank: BankBuilder, q: _Pending, letter: str, line: int) -> None:
    letters = [c for c, _ in q.choices]
    if q.broken:
        bank.skip(q.start or line, q.broken, says("quizimport.aiken.broken.hint"))
        return
    if not q.prompt or len(q.choices) < 2:
        bank.skip(
            q.start or line,
            says("quizimport.aiken.too-few"),
            says("quizimport.aiken.too-few.hint"),
        )
        return
    if letter not in letters:
        bank.skip(
            line,
            says("quizimport.aiken.bad-letter", letter=letter, letters=", ".join(letters)),
            says("quizimport.aiken.bad-letter.hint", letters=", ".join(letters)),
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
