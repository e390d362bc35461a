"""CSV for spreadsheets: one row per question (UTF-8 with BOM, so spreadsheet programs keep
accents).
"""

from __future__ import annotations

import csv
import io
import re

from courseware.export.common import Env, ExportResult, answer_text, number, strings
from courseware.model.quiz import (
    ClozeQuestion,
    MatchingQuestion,
    MultipleResponseQuestion,
    OrderingQuestion,
    ShortAnswerQuestion,
    SingleChoiceQuestion,
)
from courseware.scoring import AnyQuestion

COLUMNS = (
    "id", "type", "category", "title", "prompt", "options", "answer", "points", "difficulty",
    "tags", "objectives", "source", "hint", "feedback",
)  # fmt: skip


FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
"""First characters that make a spreadsheet read a cell as a formula (full-width too)."""
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def cell(text: str) -> str:
    """``text`` as a cell no spreadsheet runs: one starting like a formula gets a ``'``
    in front, as OWASP recommends against CSV injection (a plain number stays as it is).
    """
    if text and text[0] in FORMULA_START and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def _options(question: AnyQuestion) -> str:
    if isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion):
        return " | ".join(c.text for c in question.choices)
    if isinstance(question, MatchingQuestion):
        return " | ".join([p.right for p in question.pairs] + list(question.distractors))
    if isinstance(question, OrderingQuestion):
        return " | ".join(sorted(question.items))
    if isinstance(question, ClozeQuestion):
        return question.text.strip()
    return ""


def _specific_feedback(question: AnyQuestion) -> bool:
    if question.feedback and (question.feedback.correct or question.feedback.incorrect):
        return True
    if isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion):
        return any(c.feedback for c in question.choices)
    if isinstance(question, ShortAnswerQuestion):
        return any(a.feedback for a in question.answers)
    return False


def export_csv(env: Env) -> ExportResult:
    """``<bank-id>.csv``: the columns of :data:`COLUMNS`; texts are the Markdown sources."""
    s = strings(env.language)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(COLUMNS)
    for question in env.questions:
        feedback = question.feedback.general if question.feedback else None
        row = [
            question.id,
            question.type,
            question.category or "",
            question.title or "",
            question.prompt.strip(),
            _options(question),
            answer_text(question, s),
            number(question.points),
            question.difficulty or "",
            ";".join(question.tags),
            ";".join(question.objectives),
            question.source or "",
            (question.hint or "").strip(),
            (feedback or "").strip(),
        ]
        writer.writerow([cell(text) for text in row])
        if _specific_feedback(question):
            env.lose(question.id, "csv.feedback")
    for quiz in env.bank.quizzes:
        env.lose(quiz.id, "csv.quiz")
    return env.result({f"{env.bank.id}.csv": ("\ufeff" + buffer.getvalue()).encode("utf-8")})
