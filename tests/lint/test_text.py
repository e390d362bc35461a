"""Text helpers: folding, word counts, reading speed by language."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from courseware.lint import reading_minutes
from tests.lint.conftest import (
    PROSE,
)


def test_reading_speed_depends_on_language() -> None:
    assert reading_minutes(1800, "es-MX") == 10
    assert reading_minutes(2000, "en") == 10


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_fold_drops_exactly_the_combining_marks(text: str) -> None:
    import unicodedata

    from courseware.lint import fold

    decomposed = unicodedata.normalize("NFD", text.casefold())
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    assert fold(text) == " ".join(bare.split())
    assert fold("  Comunicación  EN línea ") == "comunicacion en linea"


@settings(max_examples=1500, deadline=None)
@given(st.one_of(PROSE, st.text(max_size=40)))
def test_word_counts_are_the_patterns_however_they_are_counted(text: str) -> None:
    from courseware.lint.text import WORD, count_words

    assert count_words(text) == len(WORD.findall(text))
