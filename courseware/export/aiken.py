"""Aiken: single-choice questions as plain text; every other type is skipped and reported."""

from __future__ import annotations

import string

from courseware.export.common import Env, ExportResult, cached_plain_text
from courseware.i18n import says
from courseware.model.quiz import SingleChoiceQuestion


def _line(text: str) -> str:
    return " ".join(text.split())


def export_aiken(env: Env) -> ExportResult:
    """The bank's single-choice questions as ``<bank-id>.txt`` (Aiken allows 26 choices at most)."""
    blocks: list[str] = []
    skipped: list[str] = []
    for question in env.questions:
        if not isinstance(question, SingleChoiceQuestion):
            skipped.append(question.id)
            env.lose(question.id, "aiken.type", type=question.type)
            continue
        if len(question.choices) > len(string.ascii_uppercase):
            env.lose(question.id, "aiken.choices")
            continue
        lines = [_line(cached_plain_text(question.prompt))]
        for letter, choice in zip(string.ascii_uppercase, question.choices, strict=False):
            lines.append(f"{letter}. {_line(choice.text)}")
        answer = next(i for i, c in enumerate(question.choices) if c.correct)
        lines.append(f"ANSWER: {string.ascii_uppercase[answer]}")
        blocks.append("\n".join(lines))
        _losses(env, question)
    if skipped:
        env.warn(
            says("export.aiken.skipped", n=len(skipped), questions=", ".join(skipped)),
            env.bank.span,
            code="aiken-skipped",
        )
    for quiz in env.bank.quizzes:
        env.lose(quiz.id, "aiken.quiz")
    text = "\n\n".join(blocks) + ("\n" if blocks else "")
    return env.result({f"{env.bank.id}.txt": text.encode("utf-8")})


def _losses(env: Env, question: SingleChoiceQuestion) -> None:
    from courseware.export.gift import is_plain

    if not is_plain(question.prompt):
        env.lose(question.id, "aiken.formatting")
    lost: list[str] = []
    if question.feedback or any(c.feedback for c in question.choices):
        lost.append("aiken.part.feedback")
    if question.hint:
        lost.append("aiken.part.hint")
    if question.points != 1:
        lost.append("aiken.part.points")
    if question.tags or question.difficulty or question.objectives or question.source:
        lost.append("aiken.part.metadata")
    if question.category:
        lost.append("aiken.part.category")
    if not question.shuffle:
        lost.append("aiken.part.shuffle")
    if lost:
        env.lose(question.id, "aiken.only", parts=tuple(lost))
