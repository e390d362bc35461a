"""The one scoring implementation: answer keys and scores shared by HTML checks and exports.

Why: the knowledge checks in the HTML pages (JavaScript) and every quiz export must award
the same credit. This module computes each question's normalised answer key once; the
exporters translate it into their formats and the page script only applies it.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from courseware.model.quiz import (
    ClozeQuestion,
    EssayQuestion,
    MatchingQuestion,
    MultipleResponseQuestion,
    NumericQuestion,
    OrderingQuestion,
    ShortAnswerQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)

AnyQuestion = (
    SingleChoiceQuestion
    | MultipleResponseQuestion
    | TrueFalseQuestion
    | ShortAnswerQuestion
    | NumericQuestion
    | MatchingQuestion
    | OrderingQuestion
    | ClozeQuestion
    | EssayQuestion
)


def normalize_text(text: str, *, case_sensitive: bool, accent_sensitive: bool) -> str:
    """Fold a typed answer for comparison: whitespace always, case and accents on request."""
    folded = " ".join(text.split())
    if not case_sensitive:
        folded = folded.casefold()
    if not accent_sensitive:
        decomposed = unicodedata.normalize("NFD", folded)
        folded = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", folded)


def choice_credits(question: SingleChoiceQuestion | MultipleResponseQuestion) -> list[float]:
    """Credit fraction (-1..1) each choice contributes when selected.

    Single choice: 1 for the right one, 0 otherwise. Multiple response with partial
    credit: each correct choice 1/n_correct, each wrong one -1/n_wrong (explicit
    ``weight`` wins). All-or-nothing: the same shares, but scoring rounds to 0 or 1.
    """
    if isinstance(question, SingleChoiceQuestion):
        return [1.0 if c.correct else 0.0 for c in question.choices]
    n_correct = sum(c.correct for c in question.choices)
    n_wrong = len(question.choices) - n_correct
    credits: list[float] = []
    for choice in question.choices:
        if choice.weight is not None:
            credits.append(choice.weight)
        elif choice.correct:
            credits.append(1.0 / n_correct)
        else:
            credits.append(-1.0 / n_wrong if n_wrong else 0.0)
    return credits


def answer_key(question: AnyQuestion) -> dict[str, Any]:
    """A JSON-ready answer key the page script and exporters read."""
    key: dict[str, Any] = {"type": question.type, "points": question.points}
    if isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion):
        key["credits"] = choice_credits(question)
        key["correct"] = [i for i, c in enumerate(question.choices) if c.correct]
        if isinstance(question, MultipleResponseQuestion):
            key["partial"] = question.partial_credit
    elif isinstance(question, TrueFalseQuestion):
        key["answer"] = question.answer
    elif isinstance(question, ShortAnswerQuestion):
        key["case_sensitive"] = question.case_sensitive
        key["accent_sensitive"] = question.accent_sensitive
        key["answers"] = [
            {
                "text": normalize_text(
                    a.text,
                    case_sensitive=question.case_sensitive,
                    accent_sensitive=question.accent_sensitive,
                ),
                "credit": a.credit,
            }
            for a in question.answers
        ]
    elif isinstance(question, NumericQuestion):
        key["low"] = question.low
        key["high"] = question.high
    elif isinstance(question, MatchingQuestion):
        key["pairs"] = [[p.left, p.right] for p in question.pairs]
    elif isinstance(question, OrderingQuestion):
        key["order"] = list(question.items)
    elif isinstance(question, ClozeQuestion):
        key["blanks"] = {
            b.id: {
                "answers": [
                    normalize_text(
                        a, case_sensitive=b.case_sensitive, accent_sensitive=b.accent_sensitive
                    )
                    for a in b.answers
                ],
                "case_sensitive": b.case_sensitive,
                "accent_sensitive": b.accent_sensitive,
            }
            for b in question.blanks
        }
    elif isinstance(question, EssayQuestion):
        key["manual"] = True
    return key


def _parse_number(text: str) -> float | None:
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    else:
        cleaned = cleaned.replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        return None


def _choice_score(
    question: SingleChoiceQuestion | MultipleResponseQuestion, response: Any
) -> float:
    credits = choice_credits(question)
    chosen = set(response or [])
    total = sum(credits[i] for i in chosen if 0 <= i < len(credits))
    total = max(0.0, min(1.0, total))
    if isinstance(question, MultipleResponseQuestion) and not question.partial_credit:
        right = {i for i, c in enumerate(question.choices) if c.correct}
        return 1.0 if chosen == right else 0.0
    return float(round(total, 6))


def _short_answer_score(question: ShortAnswerQuestion, response: Any) -> float:
    typed = normalize_text(
        str(response or ""),
        case_sensitive=question.case_sensitive,
        accent_sensitive=question.accent_sensitive,
    )
    best = 0.0
    for answer in question.answers:
        expected = normalize_text(
            answer.text,
            case_sensitive=question.case_sensitive,
            accent_sensitive=question.accent_sensitive,
        )
        if typed == expected:
            best = max(best, answer.credit)
    return best


def _numeric_score(question: NumericQuestion, response: Any) -> float:
    value = _parse_number(str(response or ""))
    if value is None:
        return 0.0
    return 1.0 if question.low - 1e-9 <= value <= question.high + 1e-9 else 0.0


def _cloze_score(question: ClozeQuestion, response: Any) -> float:
    filled = dict(response or {})
    filled_right = 0
    for blank in question.blanks:
        typed = normalize_text(
            str(filled.get(blank.id, "")),
            case_sensitive=blank.case_sensitive,
            accent_sensitive=blank.accent_sensitive,
        )
        accepted = {
            normalize_text(
                a, case_sensitive=blank.case_sensitive, accent_sensitive=blank.accent_sensitive
            )
            for a in blank.answers
        }
        filled_right += typed in accepted
    return float(round(filled_right / len(question.blanks), 6))


def score(question: AnyQuestion, response: Any) -> float | None:
    """Fraction of the points (0..1) a response earns; None for manually graded questions.

    Responses: choice questions take a list of choice indexes; true/false a bool; short
    answer and numeric a string; matching a dict left -> right; ordering a list of item
    texts; cloze a dict blank id -> string.
    """
    if isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion):
        return _choice_score(question, response)
    if isinstance(question, TrueFalseQuestion):
        return 1.0 if response is question.answer else 0.0
    if isinstance(question, ShortAnswerQuestion):
        return _short_answer_score(question, response)
    if isinstance(question, NumericQuestion):
        return _numeric_score(question, response)
    if isinstance(question, MatchingQuestion):
        matches = dict(response or {})
        matched = sum(matches.get(p.left) == p.right for p in question.pairs)
        return float(round(matched / len(question.pairs), 6))
    if isinstance(question, OrderingQuestion):
        return 1.0 if list(response or []) == list(question.items) else 0.0
    if isinstance(question, ClozeQuestion):
        return _cloze_score(question, response)
    return None


def strip_accents(text: str) -> str:
    """Text without combining accents: "electrónico" -> "electronico" (case kept)."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped)


def accepted_spellings(text: str, *, accent_sensitive: bool) -> list[str]:
    """Spellings an exact-match engine must accept to agree with :func:`normalize_text`.

    Why: LMSs compare typed answers literally (at most ignoring case). For an
    accent-insensitive answer they also get the unaccented spelling, which covers the
    common cases (fully accented or no accents at all), though not mixed ones.
    """
    spelled = " ".join(text.split())
    if accent_sensitive:
        return [spelled]
    bare = strip_accents(spelled)
    return [spelled] if bare == spelled else [spelled, bare]
