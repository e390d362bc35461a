"""Draft questions on single facts: numeric, single choice (figure or speaker).

Rules every generator keeps: the right answer is copied from the article, distractors are
other figures or names of the same article (never invented values), and no two questions
share a prompt.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from courseware.draft.facts import Facts, full_name
from courseware.draft.figures import Figure, is_unit
from courseware.draft.texts import texts
from courseware.scaffold import slugify

MAX_CHOICES = 4
EXCERPT_WORDS = 18

Question = dict[str, Any]


def excerpt(sentence: str, start: int, end: int, words: int = EXCERPT_WORDS) -> tuple[str, str]:
    """(before, after): the sentence around a span, cut to about ``words`` words each side."""
    before, after = sentence[:start].split(), sentence[end:].split()
    head = ("… " if len(before) > words else "") + " ".join(before[-words:])
    tail = " ".join(after[:words]) + (" …" if len(after) > words else "")
    gap_before = " " if head and sentence[:start].endswith((" ", "\u00a0")) else ""
    gap_after = " " if tail and sentence[end:].startswith((" ", "\u00a0")) else ""
    return head + gap_before, gap_after + tail


def blanked(figure: Figure) -> str:
    """The figure's sentence with its number replaced by ``____``."""
    head, tail = excerpt(figure.sentence, figure.end - len(figure.written), figure.end)
    return f"{head}____{tail}"


def is_percent(figure: Figure) -> bool:
    """True if the article gives the figure as a percentage."""
    return "%" in figure.value or "ciento" in figure.value or "cent" in figure.value


def distractors(
    figure: Figure, figures: Iterable[Figure], most: int = MAX_CHOICES - 1
) -> list[str]:
    """Other figures of the article of the same kind, closest in size first, as written."""
    same = [
        g
        for g in figures
        if g.number != figure.number
        and is_percent(g) == is_percent(figure)
        and g.shown != figure.shown
    ]
    same.sort(key=lambda g: abs(math.log10(g.number) - math.log10(figure.number)))
    chosen: list[str] = []
    for other in same:
        if other.shown not in chosen and len(chosen) < most:
            chosen.append(other.shown)
    return chosen


def number(value: float) -> int | float:
    """A float as an int when it is whole (YAML shows 800, not 800.0)."""
    return int(value) if value.is_integer() else value


class Drafting:
    """State shared by the generators: ids, prompts already used, common fields."""

    def __init__(self, prefix: str, title: str, language: str, source: str | None) -> None:
        self.prefix = prefix
        self.title = title
        self.text = texts(language)
        self.source = source
        self.ids: set[str] = set()
        self.prompts: set[str] = set()
        self.questions: list[Question] = []

    def add(self, kind: str, key: str, question: Question) -> bool:
        """Add a question unless its prompt (with its answer key) is already there."""
        fingerprint = " ".join(f"{question['prompt']} {key}".casefold().split())
        if fingerprint in self.prompts:
            return False
        self.prompts.add(fingerprint)
        base = f"{self.prefix}-{kind}-{slugify(key)[:28].strip('-')}"
        qid, counter = base, 2
        while qid in self.ids:
            qid, counter = f"{base}-{counter}", counter + 1
        self.ids.add(qid)
        common: Question = {"id": qid, "type": question.pop("type"), "status": "draft"}
        if self.source:
            common["source"] = self.source
        self.questions.append({**common, **question})
        return True

    def feedback(self, sentence: str) -> dict[str, str]:
        """Feedback quoting the sentence of the article the answer is in."""
        return {"general": self.text["says"].format(sentence=sentence)}


def numeric(state: Drafting, figure: Figure) -> bool:
    """A numeric question: the figure's sentence with the number blanked out."""
    question: Question = {
        "type": "numeric",
        "prompt": state.text["numeric"].format(title=state.title, sentence=blanked(figure)),
        "answer": number(figure.number),
        "tolerance": 0,
    }
    if is_percent(figure):
        question["unit"] = "%"
    elif is_unit(figure.label):
        question["unit"] = figure.label
    question["feedback"] = state.feedback(figure.sentence)
    return state.add("num", figure.label, question)


def single_figure(state: Drafting, figure: Figure, figures: tuple[Figure, ...]) -> bool:
    """A single-choice question on a figure; distractors are the article's other figures."""
    others = distractors(figure, figures)
    if len(others) < 2:
        return False
    choices = [{"text": figure.shown, "correct": True}] + [{"text": o} for o in others]
    question: Question = {
        "type": "single_choice",
        "prompt": state.text["single"].format(title=state.title, sentence=blanked(figure)),
        "choices": choices,
        "feedback": state.feedback(figure.sentence),
    }
    return state.add("cifra", figure.label, question)


def _same_person(a: str, b: str) -> bool:
    return a == b or a.endswith(" " + b) or b.endswith(" " + a)


def _speaker(name: str | None, facts: Facts) -> str | None:
    """The speaker's name alone: "Miguel Cuevas, Secretaría de ..." -> "Miguel Cuevas"."""
    full = full_name(name, facts.people)
    return full.split(",")[0].strip() or None if full else None


def who_said(state: Drafting, facts: Facts) -> int:
    """Single-choice questions "who said ...?"; distractors are the article's other people."""
    names: list[str] = []
    for candidate in [p.name for p in facts.people] + [
        _speaker(q.speaker, facts) or "" for q in facts.quotations
    ]:
        if candidate and not any(_same_person(candidate, n) for n in names):
            names.append(candidate)
    added = 0
    for quote in facts.quotations:
        said = _speaker(quote.speaker, facts)
        if not said:
            continue
        name = next((n for n in names if _same_person(n, said)), said)
        others = [n for n in names if not _same_person(n, name)][: MAX_CHOICES - 1]
        if len(others) < 2:
            continue
        question: Question = {
            "type": "single_choice",
            "prompt": state.text["who"].format(title=state.title, quote=quote.text),
            "choices": [{"text": name, "correct": True}] + [{"text": n} for n in others],
        }
        added += state.add("quien", name, question)
    return added
