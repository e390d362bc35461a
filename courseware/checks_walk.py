"""Walking the course model: every node, and every Markdown text with its owner."""

from __future__ import annotations

import typing
from collections.abc import Iterator
from functools import cache
from typing import Any

from courseware.model.base import MarkdownText, Node, node_fields


@cache
def _markdown_fields(cls: type[Node]) -> tuple[str, ...]:
    hints = typing.get_type_hints(cls, include_extras=True)
    names = []
    for name in cls.model_fields:
        if _has_marker(hints.get(name)):
            names.append(name)
    return tuple(names)


def _has_marker(annotation: Any) -> bool:
    if annotation is None:
        return False
    if typing.get_origin(annotation) is typing.Annotated and any(
        m is MarkdownText for m in typing.get_args(annotation)[1:]
    ):
        return True
    return any(_has_marker(arg) for arg in typing.get_args(annotation))


def iter_nodes(obj: Any) -> Iterator[Node]:
    """Every model object inside ``obj``, depth first (parents before children, in order).

    Why a stack, not recursion: nested generators cost a step per level for every node.
    """
    stack = [obj]
    pop, push = stack.pop, stack.extend
    nesting = (Node, list)  # a tuple: isinstance checks it faster than a union
    while stack:
        item = pop()
        if isinstance(item, Node):
            yield item
            names = node_fields(type(item))
            if names:
                values = [getattr(item, name) for name in names]
                push([v for v in reversed(values) if isinstance(v, nesting)])
        elif isinstance(item, list):
            push([v for v in reversed(item) if isinstance(v, nesting)])


def iter_markdown(obj: Any) -> Iterator[tuple[Node, str, str]]:
    """(owner, field name, Markdown text) for every Markdown field inside ``obj``."""
    for node in iter_nodes(obj):
        for name in _markdown_fields(type(node)):
            value = getattr(node, name)
            if isinstance(value, list):
                for text in value:
                    if isinstance(text, str):
                        yield node, name, text
            elif isinstance(value, str):
                yield node, name, value
