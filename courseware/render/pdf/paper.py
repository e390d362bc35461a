"""Quizzes on paper: fixed shuffles, lettered options, the questions a printed quiz shows."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from courseware.errors import Issue
from courseware.i18n import says
from courseware.model.quiz import (
    ClozeQuestion,
    DrawQuestions,
    MatchingQuestion,
    MultipleResponseQuestion,
    NumericQuestion,
    OrderingQuestion,
    PickQuestion,
    Quiz,
    QuizBank,
    ShortAnswerQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from courseware.render.pdf.options import Strings
from courseware.render.pieces import ClozePiece
from courseware.scoring import AnyQuestion

T = TypeVar("T")


def seeded(items: Sequence[T], seed: str) -> list[tuple[int, T]]:
    """Items with their index, in an order fixed by ``seed`` (never the authored one if > 1)."""

    def rank(index: int) -> bytes:
        return hashlib.sha256(f"{seed}\x00{index}".encode()).digest()

    order = sorted(range(len(items)), key=rank)
    if len(items) > 1 and order == list(range(len(items))):
        order = order[1:] + order[:1]
    return [(i, items[i]) for i in order]


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Option:
    """A printed option: its letter, text and whether it is right."""

    letter: str
    text: str
    correct: bool


def choice_options(question: AnyQuestion) -> list[Option]:
    """Lettered options of a choice or true/false question, in a fixed shuffled order."""
    if isinstance(question, TrueFalseQuestion):
        return []
    assert isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion)
    choices = list(enumerate(question.choices))
    if question.shuffle:
        choices = seeded(question.choices, question.id)
    return [
        Option(LETTERS[n % 26], choice.text, choice.correct)
        for n, (_, choice) in enumerate(choices)
    ]


@dataclass(frozen=True)
class MatchingPaper:
    """A matching question on paper: numbered left items, lettered right items."""

    lefts: list[tuple[int, str, str]]
    """(number, left text, letter of its pair)."""
    rights: list[tuple[str, str]]
    """(letter, text), pairs and distractors shuffled."""


def matching_paper(question: MatchingQuestion) -> MatchingPaper:
    """Lay out a matching question with a fixed order of the right column."""
    rights = [p.right for p in question.pairs] + list(question.distractors)
    unique = list(dict.fromkeys(rights))
    lettered = [(LETTERS[n % 26], text) for n, (_, text) in enumerate(seeded(unique, question.id))]
    letter_of = {text: letter for letter, text in lettered}
    lefts = [(n, p.left, letter_of[p.right]) for n, p in enumerate(question.pairs, start=1)]
    return MatchingPaper(lefts, lettered)


def ordering_paper(question: OrderingQuestion) -> list[tuple[str, int, str]]:
    """(letter, right position from 1, item) in a fixed shuffled order."""
    return [
        (LETTERS[n % 26], index + 1, item)
        for n, (index, item) in enumerate(seeded(question.items, question.id))
    ]


@dataclass(frozen=True)
class PaperQuiz:
    """A quiz as printed: its questions and which of them were drawn at random."""

    bank: QuizBank
    quiz: Quiz
    questions: list[AnyQuestion]
    drawn: list[int] = field(default_factory=list)
    """1-based numbers of the drawn questions."""
    draws: list[tuple[DrawQuestions, int, int]] = field(default_factory=list)
    """(draw item, how many were drawn, pool size)."""


def paper_quiz(bank: QuizBank, quiz: Quiz, issues: list[Issue] | None = None) -> PaperQuiz:
    """The questions a printed quiz shows: its picks, then each draw made with a fixed seed.

    Why: a paper has one version, so the draw is seeded by the quiz id; every copy and
    its key agree, and a rebuild prints the same questions. Drafts are left out.
    """
    log = issues if issues is not None else []
    ready = [q for q in bank.questions if q.status != "draft"]
    by_id = {q.id: q for q in ready}
    picked = {item.question for item in quiz.items if isinstance(item, PickQuestion)}
    questions: list[AnyQuestion] = []
    drawn: list[int] = []
    draws: list[tuple[DrawQuestions, int, int]] = []
    for index, item in enumerate(quiz.items):
        if isinstance(item, PickQuestion):
            question = by_id.get(item.question)
            if question is None:
                log.append(
                    Issue(
                        "warning",
                        says("pdf.quiz-pick", quiz=repr(quiz.id), question=repr(item.question)),
                        item.span or quiz.span,
                        hint=says("pdf.quiz-pick.hint"),
                        code="pdf-quiz-pick",
                    )
                )
            else:
                questions.append(question)
            continue
        pool = _pool(item, ready, picked | {q.id for q in questions})
        if len(pool) < item.draw:
            log.append(
                Issue(
                    "warning",
                    says("export.quiz.small-pool", quiz=repr(quiz.id), draw=item.draw, n=len(pool)),
                    item.span or quiz.span,
                    code="pdf-quiz-pool",
                )
            )
        chosen = [q for _, q in seeded(pool, f"{quiz.id}/{index}")][: item.draw]
        for question in chosen:
            questions.append(question)
            drawn.append(len(questions))
        draws.append((item, len(chosen), len(pool)))
    return PaperQuiz(bank, quiz, questions, drawn, draws)


def _pool(item: DrawQuestions, ready: list[AnyQuestion], taken: set[str]) -> list[AnyQuestion]:
    """The questions a draw picks from: of its category and tags, not picked or drawn yet."""
    return [
        q
        for q in ready
        if q.id not in taken
        and (item.category is None or q.category == item.category)
        and all(tag in q.tags for tag in item.tags)
    ]


def answer_text(
    question: AnyQuestion, s: Strings, cloze_parts: Callable[[ClozeQuestion], list[ClozePiece]]
) -> str:
    """The right answer in words, for keys: "B) Luz natural", "1-C, 2-A", "(1) 400"."""
    if isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion):
        text = "; ".join(f"{o.letter}) {o.text}" for o in choice_options(question) if o.correct)
        if isinstance(question, MultipleResponseQuestion):
            rule = "partial_credit" if question.partial_credit else "all_or_nothing"
            text += f" · {s(rule)}"
        return text
    if isinstance(question, TrueFalseQuestion):
        return s("quiz.true") if question.answer else s("quiz.false")
    if isinstance(question, ShortAnswerQuestion):
        full = [a.text for a in question.answers if a.credit == 1]
        text = " / ".join(full)
        partial = [f"{a.text}: {a.credit * 100:g} %" for a in question.answers if a.credit < 1]
        if partial:
            text += f" ({'; '.join(partial)})"
        rules = [s("case_sensitive")] * question.case_sensitive
        rules += [s("accent_sensitive")] * question.accent_sensitive
        return text + (f" · {', '.join(rules)}" if rules else "")
    if isinstance(question, NumericQuestion):
        unit = f" {question.unit}" if question.unit else ""
        if question.answer is None:
            return s("range", low=f"{question.low:g}", high=f"{question.high:g}") + unit
        if question.tolerance:
            value = s(
                "tolerance", answer=f"{question.answer:g}", tolerance=f"{question.tolerance:g}"
            )
            return value + unit
        return f"{question.answer:g}{unit}"
    if isinstance(question, MatchingQuestion):
        return ", ".join(f"{n}-{letter}" for n, _, letter in matching_paper(question).lefts)
    if isinstance(question, OrderingQuestion):
        rows = sorted(ordering_paper(question), key=lambda row: row[1])
        return ", ".join(letter for letter, _, _ in rows)
    if isinstance(question, ClozeQuestion):
        blanks = [v for kind, v, _ in cloze_parts(question) if kind == "blank"]
        return "; ".join(f"({n}) {' / '.join(b.answers)}" for n, b in enumerate(blanks, 1))
    return s("manual")
