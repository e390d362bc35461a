"""Numbers in text, written with digits or spelled out (Spanish and English)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from courseware.lint.text import (
    fold,
)

# Numbers written with digits: "800", "1,400", "1.400", "8 000", "2,5".
_DIGITS = re.compile(
    r"(?<![\w.,])(?:(\d{1,3})(?P<sep>[,.\u00a0\u202f ])(\d{3})(?:(?P=sep)\d{3})*|\d+)"
    r"(?:[.,](\d+))?(?!\w)"
)

_ES_WORDS = {
    "cero": 0, "uno": 1, "un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
    "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12,
    "trece": 13, "catorce": 14, "quince": 15, "dieciseis": 16, "diecisiete": 17,
    "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiuno": 21, "veintiun": 21,
    "veintiuna": 21, "veintidos": 22, "veintitres": 23, "veinticuatro": 24,
    "veinticinco": 25, "veintiseis": 26, "veintisiete": 27, "veintiocho": 28,
    "veintinueve": 29, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
    "setenta": 70, "ochenta": 80, "noventa": 90, "cien": 100, "ciento": 100,
}  # fmt: skip
_ES_HUNDREDS = {
    "doscient": 200, "trescient": 300, "cuatrocient": 400, "quinient": 500,
    "seiscient": 600, "setecient": 700, "sietecient": 700, "ochocient": 800,
    "novecient": 900,
}  # fmt: skip
_EN_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_MULTIPLIERS = {"mil": 1_000, "thousand": 1_000, "millon": 1_000_000, "millones": 1_000_000,
                "million": 1_000_000}  # fmt: skip
_WEAK = {"un", "una", "uno", "one"}
"""Words that are articles more often than numbers: a number only before a multiplier."""
_LETTERS = re.compile(r"[^\W\d_]+")


def _word_value(word: str) -> int | None:
    folded = fold(word)
    if folded in _ES_WORDS:
        return _ES_WORDS[folded]
    if folded in _EN_WORDS:
        return _EN_WORDS[folded]
    for stem, value in _ES_HUNDREDS.items():
        if folded in (stem + "os", stem + "as"):
            return value
    return None


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """A number found in a text: its value, where it is and whether it is spelled out."""

    value: float
    start: int
    end: int
    text: str
    spelled: bool


def _digit_value(match: re.Match[str]) -> float:
    whole = match.group(0)
    decimals = match.group(4)
    integer = whole[: len(whole) - len(decimals) - 1] if decimals else whole
    digits = re.sub(r"\D", "", integer)
    return float(f"{digits}.{decimals}") if decimals else float(digits)


def _spelled_numbers(text: str) -> Iterator[NumberMatch]:
    words = [(m.start(), m.end(), m.group(0)) for m in _LETTERS.finditer(text)]
    i = 0
    while i < len(words):
        run: list[tuple[int, int, str]] = []
        j = i
        while j < len(words):
            start, end, word = words[j]
            gap = text[run[-1][1] : start] if run else ""
            if run and gap.strip() not in ("", "-"):
                break
            low = fold(word)
            if _word_value(word) is not None or low in _MULTIPLIERS or low == "hundred":
                run.append(words[j])
                j += 1
            elif run and low in ("y", "and") and j + 1 < len(words):
                before = fold(run[-1][2])
                after = _word_value(words[j + 1][2])
                tens = low == "y" and _word_value(before) in range(30, 100, 10)
                scale = low == "and" and (before == "hundred" or before in _MULTIPLIERS)
                if after is None or not ((tens and 0 < after < 10) or scale):
                    break
                run.append(words[j])
                j += 1
            else:
                break
        if not run:
            i += 1
            continue
        folded_run = [fold(w) for _, _, w in run]
        if len(run) == 1 and (folded_run[0] in _WEAK or folded_run[0] == "hundred"):
            i = j
            continue
        total = current = 0
        for word in folded_run:
            if word in ("y", "and"):
                continue
            if word == "hundred":
                current = max(current, 1) * 100
            elif word in _MULTIPLIERS:
                total += max(current, 1) * _MULTIPLIERS[word]
                current = 0
            else:
                current += _word_value(word) or 0
        start, end = run[0][0], run[-1][1]
        yield NumberMatch(float(total + current), start, end, text[start:end], True)
        i = j


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number in a text, written with digits ("1,400", "8 000") or words ("ocho")."""
    found = [
        NumberMatch(_digit_value(m), m.start(), m.end(), m.group(0), False)
        for m in _DIGITS.finditer(text)
    ]
    found.extend(_spelled_numbers(text))
    return sorted(found, key=lambda n: n.start)
