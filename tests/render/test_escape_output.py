"""Built-in templates write ``{{ ... }}`` through escape_output: markupsafe's text, no
wrapper, and include templates by a faster path. Checked against markupsafe itself and
against a stock Jinja2 environment."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment, StrictUndefined, pass_context
from markupsafe import Markup, escape

import courseware.themes
from courseware.themes import BuiltInThemeEnvironment, _generator, escape_output


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
        "{% for item in items %}{% set kind = loop.cycle('a', 'b') %}"
        "{% include 'kinds/' ~ kind ~ '.html' %}{% endfor %}"
        "{% include ['missing.html', 'kinds/nested.html'] %}"
        "{% include 'missing.html' ignore missing %}"
        "{% include 'kinds/plain.html' without context %}{% include chosen %}"
    ),
    "kinds/a.html": "[a {{ item }} {{ loop.index }} {{ text|length }}{% set local = 1 %}]",
    "kinds/b.html": "[b {{ item is defined }}{% include 'kinds/nested.html' %}]",
    "kinds/nested.html": "({{ text }}{{ outer }})",
    "kinds/plain.html": "{{ macro_out() }}{{ text is defined }}",
}


@given(st.text(), st.text(), st.lists(st.text(), max_size=3))
def test_built_in_environment_renders_what_stock_jinja2_renders(
    text: str, safe: str, items: list[str]
) -> None:
    pages = []
    for kind in (Environment, BuiltInThemeEnvironment):
        env = kind(loader=DictLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined)
        env.globals["macro_out"] = lambda: Markup("<hr>")
        context = {
            "text": text,
            "safe": Markup(safe),
            "number": 3.5,
            "items": items,
            "outer": "<o>",
            "chosen": env.get_template("kinds/nested.html"),
        }
        pages.append(env.get_template("page.html").render(context))
    assert pages[0] == pages[1]


def test_template_globals_of_its_own_are_kept_apart() -> None:
    env = BuiltInThemeEnvironment(autoescape=True)
    env.globals["who"] = "everyone"
    own = env.from_string("{{ who }}", globals={"who": "<me>"})
    shared = env.from_string("{{ who }}")
    assert (own.render(), shared.render()) == ("&lt;me&gt;", "everyone")
    assert env.globals["who"] == "everyone"


def test_templates_compiled_by_another_code_generator_are_kept_apart(
    monkeypatch: Any,
) -> None:
    """Compiled templates are cached on disk by generator: a changed generator (another
    toolkit version) must not run code written by the old one."""
    before = _generator()

    def visit_Include(self: Any, node: Any, frame: Any) -> None:
        super(courseware.themes._EscapeOnce, self).visit_Include(node, frame)

    monkeypatch.setattr(courseware.themes._EscapeOnce, "visit_Include", visit_Include)
    _generator.cache_clear()
    try:
        assert _generator() != before
    finally:
        monkeypatch.undo()
        _generator.cache_clear()
    assert _generator() == before


CALLS = {
    "calls.html": (
        "{% macro box(x) %}[{{ x }}{{ caller() if caller is defined else '' }}]{% endmacro %}"
        "{{ shout(text) }}|{{ shout(text=text) }}|{{ shout(*items) }}|{{ shout(**named) }}|"
        "{{ who_calls() }}|{{ box(shout(text)) }}|{% call box(1) %}c{% endcall %}|"
        "{% for item in items %}{{ shout(item, loop.cycle('a', 'b')) }}{{ who_calls() }}"
        "{% endfor %}|{% set kept = shout(text) %}{{ kept }}|{{ 'x'.join(items) }}"
    ),
}


@given(st.text(), st.lists(st.text(), max_size=3))
def test_direct_helpers_render_what_stock_jinja2_renders(text: str, items: list[str]) -> None:
    """Helpers named in ``direct_helpers`` are called straight away; context-taking
    functions, macros and methods still get what Jinja2 gives them."""
    calls: list[str] = []

    def shout(*args: str, **kwargs: str) -> str:
        calls.append("shout")
        return "!".join([*args, *kwargs.values()]).upper()

    @pass_context
    def who_calls(context: Any) -> str:
        return str(context.get("text"))

    pages = []
    for kind in (Environment, BuiltInThemeEnvironment):
        env = kind(loader=DictLoader(CALLS), autoescape=True, undefined=StrictUndefined)
        env.globals.update(shout=shout, who_calls=who_calls)
        if isinstance(env, BuiltInThemeEnvironment):
            env.direct_helpers = {id(shout): shout}
        context = {"text": text, "items": items, "named": {"a": text}}
        pages.append(env.get_template("calls.html").render(context))
    assert pages[0] == pages[1]
    assert calls.count("shout") == 2 * (6 + len(items))


def test_direct_helpers_skip_context_call() -> None:
    """The point of it: a direct helper never goes through ``context.call``."""
    env = BuiltInThemeEnvironment(loader=DictLoader(CALLS), autoescape=True)
    through: list[object] = []

    class Counting(env.context_class):  # type: ignore[name-defined,misc]
        def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            through.append(__obj)
            return super().call(__obj, *args, **kwargs)

    env.context_class = Counting
    helper = str.upper
    env.globals["shout"] = helper
    env.direct_helpers = {id(helper): helper}
    assert (
        env.from_string("{{ shout('a') }}{% for x in 'bc' %}{{ shout(x) }}{% endfor %}").render()
        == "ABC"
    )
    assert through == []
    env.direct_helpers = {}
    env.from_string("{{ shout('a') }}").render()
    assert through == [helper]
