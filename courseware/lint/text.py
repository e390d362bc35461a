"""Text helpers shared with ``courseware.draft``: folding, words, reading time, quotes."""

from __future__ import annotations

import re
import unicodedata

LEARNER_WPM = {"es": 180, "en": 200}
"""Reading speed of the courses' learners, in words per minute, by primary language."""
DEFAULT_WPM = 180


class _NoMarks(dict[int, int | None]):
    """``str.translate`` table that drops combining marks (Unicode category Mn).

    Filled as characters turn up: a lookup per character in C instead of a Python call.
    """

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.category(chr(code)) == "Mn" else code
        self[code] = kept
        return kept


_NO_MARKS = _NoMarks()


def fold(text: str) -> str:
    """Casefold, strip accents and collapse whitespace (for loose comparisons)."""
    bare = unicodedata.normalize("NFD", text.casefold()).translate(_NO_MARKS)
    return " ".join(bare.split())


WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


_PUNCTUATION = '.,;:!?¡¿()*"'
"""Punctuation common in prose that never joins two words (unlike ' ’ and -)."""


def count_words(text: str) -> int:
    """Words in a text (letters or digits, hyphenated words count once).

    The words are ``WORD``'s matches. Why not always the pattern: it costs about 12 µs a
    paragraph, and most prose is words between spaces and plain punctuation, which
    ``split`` counts exactly in a third of that; anything else goes to the pattern.
    """
    for mark in _PUNCTUATION:
        if mark in text:
            text = text.replace(mark, " ")
    pieces = text.split()
    if not pieces or "".join(pieces).isalnum():
        return len(pieces)
    return len(WORD.findall(text))


def reading_minutes(words: int, language: str) -> float:
    """Minutes a learner needs to read ``words`` words in ``language`` (a BCP 47 tag)."""
    wpm = LEARNER_WPM.get(language.split("-")[0].lower(), DEFAULT_WPM)
    return words / wpm


_QUOTE_MARKS = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "″": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "‹": "'",
        "›": "'",
        "′": "'",
    }
)


def normalize_quote(text: str) -> str:
    """Text for verbatim comparison: typographic quotes made plain, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_QUOTE_MARKS).split())
