"""One parse per distinct Markdown text: the checks, the linter and the HTML pages share it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import example, given, settings
from markdown_it import MarkdownIt

from courseware.load import load_course
from courseware.render import markdown
from courseware.render.html import render_site
from tests.render.conftest import SAMPLE_COURSE
from tests.render.test_markdown import TEXT


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[str, str]]:
    """Every (method, text) markdown-it parses from now on, with an empty memo to start from."""
    markdown._parse.cache_clear()
    markdown._render.cache_clear()
    counts: Counter[tuple[str, str]] = Counter()

    def counting(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(self: MarkdownIt, src: str, *args: Any, **kwargs: Any) -> Any:
            counts[(name, src)] += 1
            return original(self, src, *args, **kwargs)

        return wrapper

    # On the class, so that every parser object counts, not only the shared one.
    for name in ("parse", "parseInline"):
        monkeypatch.setattr(MarkdownIt, name, counting(name, getattr(MarkdownIt, name)))
    fast = markdown._fast_parser()
    if fast is not None:  # markdown-it.rs, which draws the texts without links or HTML

        class Counting:
            def render(self, src: str) -> str:
                counts[("render (rs)", src)] += 1
                return fast.render(src)

        monkeypatch.setattr(markdown, "_fast_parser", Counting)
    return counts


def test_load_and_render_parse_each_text_once(parses: Counter[tuple[str, str]]) -> None:
    render_site(load_course(SAMPLE_COURSE))  # load runs the checks and the linter
    assert len(parses) > 50  # the sample course has plenty of Markdown
    assert {key: n for key, n in parses.items() if n > 1} == {}


def test_references_and_render_share_one_parse(parses: Counter[tuple[str, str]]) -> None:
    text = "Mira ![una canasta de palma](media/a.png) y [esto](b.html)."
    refs = markdown.references(text)
    assert [(r.kind, r.url, r.alt) for r in refs] == [
        ("image", "media/a.png", "una canasta de palma"),
        ("link", "b.html", ""),
    ]
    refs.clear()  # the caller's list is its own: the memo is not changed
    html, again = markdown.render_with_references(text)
    assert [r.kind for r in again] == ["image", "link"]
    assert markdown.render_with_references(text, allow_html=True)[1] == again
    assert 'alt="una canasta de palma"' in html
    assert sum(parses.values()) == 1


@settings(max_examples=1000, deadline=None)
@given(text=TEXT)
@example(text="![*negrita* y `código`](a.png)")
@example(text="[![dentro](i.png)](enlace.html)")
def test_references_match_a_fresh_parse(text: str) -> None:
    tokens = markdown._parser().parse(text)
    fresh = [
        (t.type, t.attrGet("src") or t.attrGet("href") or "", t.content)
        for t in markdown._walk(tokens)
        if t.type in {"image", "link_open"}
    ]
    assert [
        ("image" if r.kind == "image" else "link_open", r.url, r.alt)
        for r in markdown.references(text)
    ] == [(kind, str(url), content if kind == "image" else "") for kind, url, content in fresh]
