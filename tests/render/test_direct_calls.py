"""Page helpers are called straight away; anything else as Jinja2 calls it."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, pass_context

from courseware.render.html import direct_calls


def test_helpers_and_context_functions_both_work_in_loops_and_blocks() -> None:
    seen: list[tuple[Any, ...]] = []

    def helper(*args: Any, **kwargs: Any) -> str:
        seen.append((args, kwargs))
        return "h"

    @pass_context
    def with_context(context: Any, name: str) -> str:
        return str(context.get(name))

    env = Environment(autoescape=True)
    env.globals.update(helper=helper, with_context=with_context, other=lambda: "o")
    env.context_class = direct_calls([helper])
    template = env.from_string(  # what set in a loop or block is seen by the context
        "{% for x in [1, 2] %}{% set z = x * 10 %}{{ helper(x, top=3) }}{{ with_context('z') }}"
        "{% endfor %}"
        "{% block b %}{% set y = 5 %}{{ helper(y) }}{{ with_context('y') }}{{ other() }}"
        "{% endblock %}"
    )
    assert template.render() == "h10h20h5o"
    assert seen == [((1,), {"top": 3}), ((2,), {"top": 3}), ((5,), {})]
