"""Markdown rendering: the plain-text shortcut gives exactly what markdown-it and nh3 give."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from courseware.render.markdown import (
    _finish,
    _parser,
    references,
    render_markdown,
    render_with_references,
)

TRICKY = " \t\n\r\f\v\x00\u00a0\u2028\u2029\\`*_[]!<>&~#|\"'-+=.)1234567890:/()%$@"
TEXT = st.text(
    alphabet=st.sampled_from(TRICKY) | st.characters(exclude_categories=("Cs",)), max_size=40
)


def _full(text: str, inline: bool) -> str:
    md = _parser()
    html: str = md.renderInline(text) if inline else md.render(text)
    return _finish(html, allow_html=False)


@settings(max_examples=3000, deadline=None)
@given(text=TEXT, inline=st.booleans())
@example(text="1. uno", inline=False)
@example(text="\ufeff", inline=True)
@example(text="- punto", inline=False)
@example(text="Hola  ", inline=False)
@example(text="===", inline=False)
@example(text="    código", inline=False)
@example(text="Precio: 350 pesos (envío aparte)", inline=False)
def test_shortcut_matches_the_full_renderer(text: str, inline: bool) -> None:
    assert render_markdown(text, inline=inline) == _full(text, inline)


def test_the_shortcut_is_taken_for_plain_words_only() -> None:
    plain = "Las aldeas venden en línea sus especialidades locales."
    assert render_markdown(plain) == f"<p>{plain}</p>\n"
    html, refs = render_with_references("Mira ![foto](media/a.png) y [esto](b.html).")
    assert (
        [r.kind for r in refs]
        == ["image", "link"]
        == [r.kind for r in references("Mira ![foto](media/a.png) y [esto](b.html).")]
    )
    assert 'loading="lazy"' in html and 'rel="noopener noreferrer"' in html
    assert "<script" not in render_markdown("hola <script>alert(1)</script>")
