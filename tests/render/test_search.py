"""The offline search index: every page's words, folded as search.js folds a query."""

from __future__ import annotations

import html
import json
import re

from courseware.render.search import SEARCH_INDEX, WORD, fold, page_words, search_index


def _index(data: bytes) -> dict[str, list[list[str]]]:
    text = data.decode("utf-8")
    assert text.startswith("window.CoursewareSearch=") and text.endswith(";\n")
    loaded: dict[str, list[list[str]]] = json.loads(text[len("window.CoursewareSearch=") : -2])
    return loaded


def _pages_with(index: dict[str, list[list[str]]], word: str) -> list[str]:
    numbers = {
        int(n) for key, words in index["groups"] if word in words.split() for n in key.split(",")
    }
    return [index["pages"][n][0] for n in sorted(numbers)]


def test_fold_drops_accents_and_capitals() -> None:
    assert fold("Envío GRATIS, Pequeña") == "envio gratis, pequena"


def test_index_of_pages_main_content_only() -> None:
    pages = {
        "a.html": "<html><body><nav>Menú Zanahoria</nav><main><h1>Título A</h1>"
        "<p>Envío gratis</p><script>var secreto;</script></main></body></html>".encode(),
        "b.html": b"<html><body><main><h1>B</h1><p>gratis x</p></main></body></html>",
        "c.html": b"<html><body><main><h1>C</h1></main></body></html>",
    }
    index = _index(search_index(pages, ["b.html", "a.html", "missing.html"]))
    assert index["pages"] == [["b.html", "B"], ["a.html", "Título A"]]
    assert _pages_with(index, "gratis") == ["b.html", "a.html"]
    assert _pages_with(index, "envio") == ["a.html"]
    assert _pages_with(index, "zanahoria") == [] and _pages_with(index, "secreto") == []
    assert _pages_with(index, "x") == []  # one-letter words are not indexed


def test_sample_index_is_built_with_the_site(sample_files: dict[str, bytes]) -> None:
    index = _index(sample_files[SEARCH_INDEX])
    assert [p[0] for p in index["pages"]][-2:] == ["glossary.html", "sources.html"]
    assert len(index["pages"]) == 11
    assert _pages_with(index, "paqueteria")  # «paquetería», folded
    assert len(sample_files[SEARCH_INDEX]) < 30_000
    assert set(index["strings"]) == {"found", "none"}  # the pages need not carry them
    for name in ("index.html", "transmision-en-vivo.html", "glossary.html", "sources.html"):
        page = sample_files[name].decode()
        # a search box in every page's header; its script and index load on first use
        assert '<form class="cw-find" id="cw-find" role="search" hidden>' in page, name
        assert "search.js" not in page and "search-index.js" not in page, name
    assert b'"assets/search.js"' in sample_files["assets/courseware.js"]


def test_glossary_definitions_are_not_indexed() -> None:
    page = (
        '<main><h1>T</h1><p>Las <span class="cw-gloss"><a class="cw-term" href="g">pymes</a>'
        '<span class="cw-def" id="d" role="tooltip">Pequeña <em>empresa</em>.</span></span>'
        " crecen</p></main>"
    )
    index = _index(search_index({"a.html": page.encode()}, ["a.html"]))
    assert _pages_with(index, "pymes") == ["a.html"] and _pages_with(index, "crecen")
    assert _pages_with(index, "empresa") == []


def test_words_are_those_of_the_whole_folded_text() -> None:
    # decomposed accents, a final sigma, tags between letters, entities, repeats
    main = (
        "<h1>Caf\u0065\u0301s</h1><p>ΟΔΟΣ odos <b>B</b>gratis&nbsp;envío, caf\u00e9s;"
        " Σοφός ΣΟΦΌΣ AT&amp;T ﬁn İstanbul</p><p>gratis  gratis</p>"
    )
    known: dict[str, list[str]] = {}
    title, words = page_words(f"<main>{main}</main>".encode(), known)
    whole = set(WORD.findall(fold(html.unescape(re.sub("<[^>]*>", " ", main)))))
    assert title == "Caf\u0065\u0301s" and words == whole
    assert "cafes" in words and "gratis" in words and "envio" in words
    assert page_words(f"<main>{main}</main>".encode(), known) == (title, words)
