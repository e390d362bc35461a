"""The walk over a course's model objects that the checks and the linter share."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from courseware.checks import iter_markdown, iter_nodes
from courseware.load import load_course
from courseware.model.base import Node

SAMPLE = Path(__file__).resolve().parents[2] / "courses" / "aldeas-digitales"


def _reference_walk(obj: Any) -> list[Node]:
    """Every model object, parents before children, fields and lists in order (recursive)."""
    found: list[Node] = []
    if isinstance(obj, Node):
        found.append(obj)
        for name in type(obj).model_fields:
            found.extend(_reference_walk(getattr(obj, name)))
    elif isinstance(obj, list | tuple):
        for item in obj:
            found.extend(_reference_walk(item))
    elif isinstance(obj, dict):
        for item in obj.values():
            found.extend(_reference_walk(item))
    return found


def test_every_model_object_is_walked_once_in_document_order() -> None:
    course = load_course(SAMPLE).course
    walked = list(iter_nodes(course))
    assert [id(n) for n in walked] == [id(n) for n in _reference_walk(course)]
    assert len(walked) > 100


def test_every_markdown_text_is_found_with_its_owner() -> None:
    course = load_course(SAMPLE).course
    found = list(iter_markdown(course))
    lesson = course.modules[0].lessons[0]
    assert (lesson, "summary", lesson.summary) in found
    for node, name, text in found:
        value = getattr(node, name)
        assert text == value or text in value
    assert len({(id(n), name, text) for n, name, text in found}) == len(found)


def test_each_object_knows_its_file_without_its_places() -> None:
    nodes = list(iter_nodes(load_course(SAMPLE).course))
    assert len({n.source_file for n in nodes}) > 5  # course.yaml, lessons, banks
    for node in nodes:
        span = node.span
        assert span is not None and node.source_file == span.path
