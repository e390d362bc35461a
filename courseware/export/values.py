"""How exports write values: ids, numbers, Moodle's grade fractions, titles, tags, answers."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from courseware.export.rich import cached_plain_text
from courseware.scoring import AnyQuestion


# --- identifiers and numbers ------------------------------------------------------------
def letter_first(ident: str, prefix: str = "q") -> str:
    """An id starting with an ASCII letter (as QTI and XML need), stable across builds."""
    ascii_id = unicodedata.normalize("NFKD", ident).encode("ascii", "ignore").decode("ascii")
    ascii_id = re.sub(r"[^A-Za-z0-9_.-]", "-", ascii_id)
    if not ascii_id[:1].isalpha():
        ascii_id = f"{prefix}-{ascii_id}" if ascii_id else prefix
    return ascii_id


def number(value: float) -> str:
    """A number without exponent or needless zeros: 2, 0.5, 0.00001, -3.25."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


MOODLE_FRACTIONS: tuple[float, ...] = (
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3,
    0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0,
)  # fmt: skip
"""The grade fractions Moodle accepts on import (and their negatives)."""


def moodle_percent(credit: float) -> str | None:
    """A credit fraction as a Moodle percentage ("33.33333"), or None if Moodle cannot hold it.

    Why: Moodle's importer rejects (or, if asked, rounds) any fraction that is not in its
    list, within 1e-5; we report those instead of letting Moodle round silently.
    """
    for allowed in MOODLE_FRACTIONS:
        if abs(abs(credit) - allowed) < 1e-5:
            percent = number(round(allowed * 100, 5))
            return f"-{percent}" if credit < 0 and allowed else percent
    return None


def question_title(question: AnyQuestion, limit: int = 80) -> str:
    """The title, or the start of the prompt's text, for LMS lists."""
    if question.title:
        return question.title
    text = cached_plain_text(question.prompt)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def tag_list(question: AnyQuestion) -> list[str]:
    """Tags plus difficulty, objectives and source as prefixed tags (LMSs have nothing better)."""
    tags = list(question.tags)
    if question.difficulty:
        tags.append(f"difficulty:{question.difficulty}")
    tags.extend(f"objective:{o}" for o in question.objectives)
    if question.source:
        tags.append(f"source:{question.source}")
    return tags


def answer_text(question: AnyQuestion, s: dict[str, str]) -> str:
    """The right answer in words, for keys and spreadsheets."""
    from courseware.model import quiz as q

    if isinstance(question, q.SingleChoiceQuestion | q.MultipleResponseQuestion):
        return " | ".join(c.text for c in question.choices if c.correct)
    if isinstance(question, q.TrueFalseQuestion):
        return s["true"] if question.answer else s["false"]
    if isinstance(question, q.ShortAnswerQuestion):
        return " | ".join(
            a.text if a.credit == 1 else f"{a.text} ({number(a.credit * 100)} %)"
            for a in question.answers
        )
    if isinstance(question, q.NumericQuestion):
        unit = f" {question.unit}" if question.unit else ""
        if question.answer is None:
            return s["between"].format(low=number(question.low), high=number(question.high)) + unit
        if question.tolerance:
            return (
                s["tolerance"].format(
                    answer=number(question.answer), tolerance=number(question.tolerance)
                )
                + unit
            )
        return number(question.answer) + unit
    if isinstance(question, q.MatchingQuestion):
        return " | ".join(f"{p.left} → {p.right}" for p in question.pairs)
    if isinstance(question, q.OrderingQuestion):
        return " → ".join(question.items)
    if isinstance(question, q.ClozeQuestion):
        return " | ".join(f"[{b.id}] " + " / ".join(b.answers) for b in question.blanks)
    return s["manual"]
