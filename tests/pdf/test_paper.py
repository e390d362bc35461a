"""Pure helpers of the print renderer: draws, option order, names, CSS strings."""

from __future__ import annotations

import pytest

from courseware.load import LoadedCourse
from courseware.render.pdf import (
    Strings,
    css_page_label,
    css_string,
    default_page_size,
    matching_paper,
    ordering_paper,
    page_size_from,
    paper_quiz,
    seeded,
    shift_headings,
    unlink_local,
)


def test_seeded_order_is_stable_and_never_the_authored_one() -> None:
    items = ["a", "b", "c", "d"]
    assert seeded(items, "x") == seeded(items, "x")
    assert [i for i, _ in seeded(items, "x")] != [0, 1, 2, 3]
    assert sorted(v for _, v in seeded(items, "y")) == items


def test_paper_quiz_picks_then_draws_with_a_fixed_seed(loaded: LoadedCourse) -> None:
    for bank in loaded.course.banks:
        for quiz in bank.quizzes:
            first = paper_quiz(bank, quiz)
            again = paper_quiz(bank, quiz)
            assert [q.id for q in first.questions] == [q.id for q in again.questions]
            ids = [q.id for q in first.questions]
            assert len(ids) == len(set(ids))
            picks = [i.question for i in quiz.items if hasattr(i, "question")]
            assert ids[: len(picks)] == picks
            assert first.drawn == list(range(len(picks) + 1, len(ids) + 1))
            assert all(q.status != "draft" for q in first.questions)


def test_matching_and_ordering_keys_agree_with_the_layout(loaded: LoadedCourse) -> None:
    for question in loaded.course.questions().values():
        if question.type == "matching":
            layout = matching_paper(question)  # type: ignore[arg-type]
            letters = dict(layout.rights)
            for (_, left, letter), pair in zip(layout.lefts, question.pairs, strict=True):  # type: ignore[attr-defined]
                assert left == pair.left and letters[letter] == pair.right
        if question.type == "ordering":
            rows = ordering_paper(question)  # type: ignore[arg-type]
            by_position = [item for _, _, item in sorted(rows, key=lambda r: r[1])]
            assert by_position == question.items  # type: ignore[attr-defined]


def test_page_size_by_region() -> None:
    assert default_page_size("es-MX") == "Letter"
    assert default_page_size("en-US") == "Letter"
    assert default_page_size("es") == "A4"
    assert default_page_size("es-ES") == "A4"
    assert default_page_size("pt-Latn-BR") == "A4"
    assert page_size_from("letter") == "Letter" and page_size_from("A4") == "A4"
    assert page_size_from(None) is None and page_size_from("auto") is None
    with pytest.raises(ValueError):
        page_size_from("A5")


def test_css_strings_cannot_escape_the_style_element() -> None:
    assert css_string('a"b</style><x>') == '"a\\22 b\\3c /style\\3e \\3c x\\3e "'
    assert css_page_label("Página {page} de {pages}") == (
        '"Página " counter(page) " de " counter(pages)'
    )


def test_strings_fall_back_to_the_local_table() -> None:
    es = Strings("es-MX")
    assert es("page", page=3, pages=24) == "Página 3 de 24"
    assert es.date("2026-11-25") == "25 de noviembre de 2026"
    assert es.duration(90) == "1 h 30 min"
    assert Strings("en")("file.key") == "key"
    assert Strings("fr")("answer") == "Answer:"


def test_markdown_helpers() -> None:
    assert shift_headings("<h2>a</h2><h3>b</h3>", 4) == "<h4>a</h4><h5>b</h5>"
    html = unlink_local(
        '<p><a href="seeds/notes.md">notas</a> y <a href="https://x.org">web</a></p>'
    )
    assert 'href="seeds' not in html and "<span>notas</span>" in html
    assert 'href="https://x.org"' in html
