"""Read Aiken (single-choice questions as plain text) into bank data."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from courseware.errors import CoursewareError, Issue, SourceSpan
from courseware.quizimport.common import BankBuilder

_CHOICE = re.compile(r"^([A-Z])[.)]\s+(.*)$")
_ANSWER = re.compile(r"^ANSWER:\s*([A-Z])\s*$", re.IGNORECASE)


def read_aiken(path: Path, text: str) -> BankBuilder:
    """Parse Aiken text; errors cite ``file:line``."""
    bank = BankBuilder(path)
    prompt: list[str] = []
    choices: list[tuple[str, str]] = []
    start = 0

    def error(message: str, line: int) -> None:
        raise CoursewareError(
            Issue("error", f"Aiken: {message}", SourceSpan(path, line, 1), code="aiken-syntax")
        )

    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if answer := _ANSWER.match(stripped):
            letters = [letter for letter, _ in choices]
            if not prompt or len(choices) < 2:
                error("a question needs a prompt and at least two choices before ANSWER:", number)
            if answer.group(1).upper() not in letters:
                error(
                    f"ANSWER: {answer.group(1)} is not one of the choices {', '.join(letters)}",
                    number,
                )
            question: dict[str, Any] = {
                "type": "single_choice",
                "prompt": " ".join(prompt),
                "choices": [
                    {
                        "text": text,
                        **({"correct": True} if letter == answer.group(1).upper() else {}),
                    }
                    for letter, text in choices
                ],
            }
            bank.add(question, None, f"q{len(bank.questions) + 1}")
            prompt, choices = [], []
        elif (choice := _CHOICE.match(stripped)) and prompt:
            choices.append((choice.group(1), choice.group(2).strip()))
        elif choices:
            error("expected another choice (A. ...) or ANSWER:", number)
        else:
            if not prompt:
                start = number
            prompt.append(stripped)
    if prompt or choices:
        error("the last question has no ANSWER: line", start or 1)
    return bank
