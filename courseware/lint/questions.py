"""Question banks: answer patterns and duplicate questions."""

from __future__ import annotations

import re
from typing import Any

from courseware.i18n import says
from courseware.lint.findings import (
    _Finding,
    _ready,
    _warn,
)
from courseware.lint.numbers import (
    _LETTERS,
)
from courseware.lint.text import (
    fold,
)
from courseware.model import Course
from courseware.model.quiz import (
    ClozeQuestion,
    MatchingQuestion,
    MultipleResponseQuestion,
    OrderingQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)


def _answer_patterns(course: Course) -> list[_Finding]:
    findings: list[_Finding] = []
    for bank in course.banks:
        choice = [
            q for q in bank.questions if isinstance(q, SingleChoiceQuestion) and q.status == "ready"
        ]
        if len(choice) >= 3:
            longest = []
            positions = set()
            for question in choice:
                sizes = [len(fold(c.text)) for c in question.choices]
                right = next(i for i, c in enumerate(question.choices) if c.correct)
                positions.add(right)
                if all(sizes[right] > s for i, s in enumerate(sizes) if i != right):
                    longest.append(question)
            if len(longest) == len(choice):
                findings.append(
                    _warn(
                        "answer-longest",
                        says("lint.answer-longest", bank=repr(bank.id)),
                        bank.field_span("id"),
                        says("lint.answer-longest.hint"),
                        owner=bank,
                        related=[q.span for q in choice[:5]],
                    )
                )
            if len(positions) == 1:
                place = positions.pop() + 1
                findings.append(
                    _warn(
                        "answer-position",
                        says("lint.answer-position", bank=repr(bank.id), place=place),
                        bank.field_span("id"),
                        says("lint.answer-position.hint"),
                        owner=bank,
                        related=[q.span for q in choice[:5]],
                    )
                )
        truths = [
            q for q in bank.questions if isinstance(q, TrueFalseQuestion) and q.status == "ready"
        ]
        if len(truths) >= 4 and len({q.answer for q in truths}) == 1:
            word = says("lint.answer-position." + ("true" if truths[0].answer else "false"))
            findings.append(
                _warn(
                    "answer-position",
                    says("lint.answer-position.truth", bank=repr(bank.id), word=word),
                    bank.field_span("id"),
                    says("lint.answer-position.truth.hint"),
                    owner=bank,
                    related=[q.span for q in truths[:5]],
                )
            )
    return findings


def _fingerprint(question: Any) -> str:
    """What a question asks: the letters of its folded texts (choices in any order), then
    the numbers in them. Each text is folded once: folding is the same text by text as
    all at once, and folding a folded text changes nothing."""
    parts = [question.type, question.prompt]
    folded = [question.type, fold(question.prompt)]
    if isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion):
        choices = sorted(fold(c.text) for c in question.choices)
        parts += choices
        folded += choices
    elif isinstance(question, ClozeQuestion):
        parts.append(question.text)
        folded.append(fold(question.text))
    elif isinstance(question, MatchingQuestion):
        pairs = sorted(f"{p.left}={p.right}" for p in question.pairs)
        parts += pairs
        folded += [fold(p) for p in pairs]
    elif isinstance(question, OrderingQuestion):
        parts += question.items
        folded += [fold(i) for i in question.items]
    return " ".join(_LETTERS.findall(" | ".join(folded)) + _DIGIT_RUNS.findall(" ".join(parts)))


_DIGIT_RUNS = re.compile(r"\d+")


def _duplicates(course: Course) -> list[_Finding]:
    seen: dict[str, Any] = {}
    findings: list[_Finding] = []
    for question in _ready(course):
        key = _fingerprint(question)
        first = seen.setdefault(key, question)
        if first is not question:
            findings.append(
                _warn(
                    "duplicate-question",
                    says("lint.duplicate-question", id=repr(question.id), first=repr(first.id)),
                    question.field_span("id"),
                    says("lint.duplicate-question.hint"),
                    owner=question,
                    related=[first.field_span("id")],
                )
            )
    return findings
