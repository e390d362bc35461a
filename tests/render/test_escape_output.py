"""Built-in templates write ``{{ ... }}`` through escape_output: markupsafe's text, no
wrapper. Checked against markupsafe itself and against a stock Jinja2 environment."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment, StrictUndefined
from markupsafe import Markup, escape

from courseware.themes import _BuiltInThemeEnvironment, escape_output


class _Html:
    def __init__(self, text: str) -> None:
        self.text = text

    def __html__(self) -> str:
        return f"<b>{self.text}</b>"


class _Text(str):
    """A str subclass that is not Markup: escaped like any text."""


values = st.one_of(
    st.text(),
    st.text().map(Markup),
    st.text().map(_Text),
    st.text().map(_Html),
    st.integers(),
    st.floats(allow_nan=False),
    st.none(),
    st.booleans(),
)


@given(values)
def test_escape_output_writes_what_markupsafe_escape_writes(value: Any) -> None:
    written = escape_output(value)
    assert written == str(escape(value))
    assert type(written) in (str, Markup)


TEMPLATES = {
    "page.html": (
        "{% extends 'base.html' %}{% block body %}{{ text }}|{{ safe }}|{{ number }}|"
        "{% for item in items %}{{ item }}{% endfor %}|{% include 'part.html' %}|"
        "{% set block_set %}<i>{{ text }}</i>{% endset %}{{ block_set }}|"
        "{{ macro_out() }}{% endblock %}"
    ),
    "base.html": "<main>{% block body %}{% endblock %}</main>{{ text|upper }}",
    "part.html": (
        "{{ text ~ '&' }}{{ safe|safe }}{% autoescape false %}{{ text }}{% endautoescape %}"
    ),
}


@given(st.text(), st.text(), st.lists(st.text(), max_size=3))
def test_built_in_environment_renders_what_stock_jinja2_renders(
    text: str, safe: str, items: list[str]
) -> None:
    pages = []
    for kind in (Environment, _BuiltInThemeEnvironment):
        env = kind(loader=DictLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined)
        env.globals["macro_out"] = lambda: Markup("<hr>")
        context = {"text": text, "safe": Markup(safe), "number": 3.5, "items": items}
        pages.append(env.get_template("page.html").render(context))
    assert pages[0] == pages[1]
