"""The answer part of a GIFT question (between ``{`` and ``}``), as Moodle reads it."""

from __future__ import annotations

import re
from typing import Any

from courseware.export.values import number
from courseware.i18n import says
from courseware.quizimport.common import (
    ReadError,
    choice_weights,
    fold_spellings,
    with_feedback,
)
from courseware.quizimport.gift_text import plain, restore, rich

_WEIGHT = re.compile(r"\s*%(-?\d+(?:\.\d+)?)%")
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_RANGE = re.compile(rf"({_NUMBER})\.\.({_NUMBER})")
_VALUE = re.compile(rf"({_NUMBER})(?::({_NUMBER}))?")


class GiftError(ReadError):
    """A question Moodle would not import either (message and hint)."""


BRACES = {"open": "{", "close": "}"}
"""Fields for catalogue strings that show GIFT's braces (a template keeps ``{`` for fields)."""


_ORDERING = re.compile(
    r">\s*(\d+)\s*(ALL|EXACT|RANDOM|REL|CONTIGUOUS|CONTIG)?\s*"
    r"(HORIZONTAL|HORI|H|1|VERTICAL|VERT|V|0)?\s*"
    r"(ALL_OR_NOTHING|ABSOLUTE_POSITION|ABSOLUTE|ABS|RELATIVE_NEXT_EXCLUDE_LAST|"
    r"RELATIVE_NEXT_INCLUDE_LAST|RELATIVE_ONE_PREVIOUS_AND_NEXT|RELATIVE_ALL_PREVIOUS_AND_NEXT|"
    r"RELATIVE_TO_CORRECT|RELATIVE|REL|LONGEST_ORDERED_SUBSET|LONGEST_CONTIGUOUS_SUBSET)?\s*"
    r"(SHOW|TRUE|YES|1|HIDE|FALSE|NO|0)?\s*(none|123|abc|ABCD|iii|IIII)?\s*(.*?)\s*$",
    re.S,
)
"""The ordering question's GIFT syntax (Moodle's qtype_ordering): ``{>count options items}``."""


def _ordering(match: re.Match[str], fmt: str, notes: list[str]) -> dict[str, Any]:
    items = [plain(line, fmt) for line in match.group(7).split("\n") if line.strip()]
    settings = {"selecttype": match.group(2), "layouttype": match.group(3),
                "gradingtype": match.group(4), "showgrading": match.group(5),
                "numberingstyle": match.group(6)}  # fmt: skip
    shown = {k: v for k, v in settings.items() if v and v not in {"ALL", "VERTICAL", "VERT",
             "V", "0", "ALL_OR_NOTHING", "SHOW", "TRUE", "YES", "1", "none"}}  # fmt: skip
    if int(match.group(1)) not in {0, len(items)} and match.group(2) not in {None, "ALL"}:
        shown["selectcount"] = match.group(1)
    for key, value in shown.items():
        notes.append(says("quizimport.lost.gift.ordering", setting=f"{key} {value}"))
    return {"type": "ordering", "items": items}


def _weight(text: str) -> tuple[float | None, str]:
    match = _WEIGHT.match(text)
    if not match:
        return None, text
    return float(match.group(1)) / 100, text[match.end() :]


def _feedback(raw: str) -> tuple[str, str | None]:
    text, mark, feedback = raw.partition("#")
    return text, (feedback if mark and feedback.strip() else None)


def _tokens(body: str) -> list[tuple[str, str]]:
    """``=a ~b`` -> [("=", "a"), ("~", "b")] (escaped marks are already protected)."""
    parts = re.split(r"([=~])", body)
    return [(parts[n], parts[n + 1]) for n in range(1, len(parts) - 1, 2)]


def parse_answers(body: str, fmt: str) -> tuple[dict[str, Any], list[str]]:
    """Question data from the answer part, and loss notes; a GiftError if it cannot be read."""
    notes: list[str] = []
    stripped = body.strip()
    if not stripped:
        return {"type": "essay"}, notes
    if stripped.startswith("#"):
        return _numeric(stripped[1:], fmt, notes), notes
    if stripped.startswith(">") and (ordering := _ORDERING.match(stripped)):
        return _ordering(ordering, fmt, notes), notes
    head = stripped.partition("#")[0]
    if head.strip() in {"T", "TRUE", "F", "FALSE"}:
        return _true_false(head.strip(), stripped.partition("#")[2], fmt), notes
    tokens = _tokens(stripped)
    lead = stripped[: stripped.index(tokens[0][0])] if tokens else stripped
    if lead.strip():
        # As Moodle reads it: a wrong choice when there are ~ answers, else an answer.
        tokens.insert(0, ("~" if any(m == "~" for m, _ in tokens) else "=", lead))
    if all(m == "=" for m, _ in tokens) and any("->" in text for _, text in tokens):
        return _matching(tokens, fmt, notes), notes
    if all(m == "=" for m, _ in tokens):
        return _short(tokens, fmt, notes), notes
    return _choices(tokens, fmt, notes), notes


def _true_false(head: str, after: str, fmt: str) -> dict[str, Any]:
    question: dict[str, Any] = {"type": "true_false", "answer": head.startswith("T")}
    wrong, _, right = after.partition("#")
    given = {k: v for k, v in (("correct", rich(right, fmt)), ("incorrect", rich(wrong, fmt))) if v}
    if given:
        question["feedback"] = given
    return question


def _matching(tokens: list[tuple[str, str]], fmt: str, notes: list[str]) -> dict[str, Any]:
    pairs: list[dict[str, str]] = []
    distractors: list[str] = []
    for _, raw in tokens:
        left, arrow, right = raw.partition("->")
        if not arrow:
            raise GiftError(
                says("quizimport.gift.no-arrow", answer=repr(restore(raw).strip())),
                says("quizimport.gift.no-arrow.hint"),
            )
        right_text, fb = _feedback(right)
        if fb:
            notes.append(
                says(
                    "quizimport.lost.pair-feedback",
                    left=repr(plain(left, fmt)),
                    feedback=restore(fb).strip(),
                )
            )
        if plain(left, fmt):
            pairs.append({"left": plain(left, fmt), "right": plain(right_text, "plain")})
        else:
            distractors.append(plain(right_text, "plain"))
    question: dict[str, Any] = {"type": "matching", "pairs": pairs}
    if distractors:
        question["distractors"] = distractors
    return question


def _short(tokens: list[tuple[str, str]], fmt: str, notes: list[str]) -> dict[str, Any]:
    answers: list[dict[str, Any]] = []
    wrong: str | None = None
    for _, raw in tokens:
        weight, rest = _weight(raw)
        text, fb = _feedback(rest)
        value = plain(text, fmt)
        if value == "*" and not weight:
            wrong = rich(fb, fmt) if fb else None
            continue
        if weight is not None and weight <= 0:
            notes.append(
                with_feedback(
                    says(
                        "quizimport.lost.gift.partial-answer",
                        answer=repr(value),
                        percent=number(weight * 100),
                    ),
                    restore(fb).strip() if fb else None,
                )
            )
            continue
        answer: dict[str, Any] = {"text": value.replace("\\*", "*")}
        if weight is not None and weight != 1:
            answer["credit"] = min(weight, 1.0)
        if fb:
            answer["feedback"] = rich(fb, fmt)
        answers.append(answer)
    keep, accent_sensitive = fold_spellings([a["text"] for a in answers], case_sensitive=False)
    question: dict[str, Any] = {"type": "short_answer", "answers": [answers[i] for i in keep]}
    if accent_sensitive:
        question["accent_sensitive"] = True
    if wrong:
        question["feedback"] = {"incorrect": wrong}
    return question


def _choices(tokens: list[tuple[str, str]], fmt: str, notes: list[str]) -> dict[str, Any]:
    single = any(m == "=" for m, _ in tokens)
    choices = []
    for mark, raw in tokens:
        weight, rest = _weight(raw)
        text, fb = _feedback(rest)
        choice: dict[str, Any] = {"text": plain(text, fmt)}
        credit = 1.0 if mark == "=" and weight is None else (weight or 0.0)
        if single and 0 < credit < 1:
            notes.append(
                says(
                    "quizimport.lost.partial-choice",
                    choice=repr(choice["text"]),
                    percent=number(credit * 100),
                )
            )
        if credit >= 1 or (not single and credit > 0):
            choice["correct"] = True
        if not single:
            choice["weight"] = max(-1.0, min(credit, 1.0))
        if fb:
            choice["feedback"] = rich(fb, fmt)
        choices.append(choice)
    if single:
        for choice in [c for c in choices if c.get("correct")][1:]:
            del choice["correct"]
            notes.append(says("quizimport.lost.gift.second-right", choice=repr(choice["text"])))
        return {"type": "single_choice", "choices": choices}
    question = {"type": "multiple_response", "choices": choices}
    choice_weights(question)
    return question


def _numeric(body: str, fmt: str, notes: list[str]) -> dict[str, Any]:
    text, mark, wrong = body.partition("~")
    parts = [p for p in text.split("=")]
    if len(parts) > 1 and not parts[0].strip():
        parts = parts[1:]
    question: dict[str, Any] = {"type": "numeric"}
    for raw in parts:
        weight, rest = _weight(raw)
        value_text, fb = _feedback(rest)
        value = restore(value_text).strip()
        credit = 1.0 if weight is None else weight
        parsed = _numeric_value(value)
        if parsed is None:
            raise GiftError(
                says("quizimport.gift.not-number", value=repr(value)),
                says("quizimport.gift.not-number.hint", **BRACES),
            )
        if credit == 1 and "answer" not in question and "min" not in question:
            question.update(parsed)
            if fb:
                question["feedback"] = {"correct": rich(fb, fmt)}
            continue
        notes.append(
            with_feedback(
                says(
                    "quizimport.lost.numeric-answer",
                    answer=value,
                    percent=number(credit * 100),
                ),
                restore(fb).strip() if fb else None,
            )
        )
    if "answer" not in question and "min" not in question:
        raise GiftError(
            says("quizimport.gift.no-full-credit"),
            says("quizimport.gift.no-full-credit.hint", **BRACES),
        )
    if mark:
        wrong_text = wrong.strip()
        wrong_text = wrong_text[1:] if wrong_text.startswith("#") else wrong_text
        if wrong_text.strip():
            question.setdefault("feedback", {})["incorrect"] = rich(wrong_text, fmt)
    return question


def _numeric_value(value: str) -> dict[str, float] | None:
    if match := _RANGE.fullmatch(value):
        low, high = float(match.group(1)), float(match.group(2))
        return {"min": low, "max": high} if low <= high else None
    if match := _VALUE.fullmatch(value):
        out = {"answer": float(match.group(1))}
        if match.group(2) and float(match.group(2)):
            out["tolerance"] = abs(float(match.group(2)))
        return out
    return None
