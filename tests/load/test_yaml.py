"""The YAML reader: positions, and everything unsafe or ambiguous refused with a place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courseware.errors import CoursewareError, SourceSpan
from courseware.load.yaml import parse_yaml, read_yaml

F = Path("f.yaml")


def error_of(text: str) -> CoursewareError:
    with pytest.raises(CoursewareError) as info:
        parse_yaml(text, F)
    return info.value


def test_positions_of_values_and_keys() -> None:
    doc = parse_yaml("a: 1\nb:\n  - x\n  - {c: 2}\n", F)
    assert doc.data == {"a": 1, "b": ["x", {"c": 2}]}
    assert doc.positions.exact(("a",)) == SourceSpan(F, 1, 4)
    assert doc.positions.exact(("b", 1, "c")) == SourceSpan(F, 4, 9)
    assert doc.positions.key(("b",)) == SourceSpan(F, 2, 1)
    assert doc.positions.exact(("b", 1, "d")) is None
    assert doc.positions.value(("b", 1, "d")) == SourceSpan(F, 4, 5)  # nearest: the mapping


def test_dates_stay_text() -> None:
    assert parse_yaml("date: 2024-05-01\n", F).data == {"date": "2024-05-01"}


def test_duplicate_key_is_an_error_at_the_second_key() -> None:
    issue = error_of("id: a\ntitle: x\nid: b\n").issues[0]
    assert issue.code == "yaml-duplicate-key"
    assert (issue.span.line, issue.span.column) == (3, 1)  # type: ignore[union-attr]
    assert issue.related[0].line == 1


def test_every_duplicate_is_reported() -> None:
    assert len(error_of("a: 1\na: 2\nb: {c: 1, c: 2}\n").issues) == 2


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['echo hi']\n",
        "a: !!python/name:os.system\n",
        "a: !custom 1\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!set {x, y}\n",
    ],
)
def test_tags_are_refused(text: str) -> None:
    assert error_of(text).issues[0].code == "yaml-tag"


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    issue = error_of("\n".join(lines) + "\n").issues[0]
    assert issue.code == "yaml-too-large"


def test_small_aliases_are_fine() -> None:
    assert parse_yaml("a: &x [1, 2]\nb: *x\n", F).data == {"a": [1, 2], "b": [1, 2]}


def test_merge_keys_are_refused() -> None:
    assert error_of("base: &b {x: 1}\nother:\n  <<: *b\n").issues[0].code == "yaml-merge"


def test_syntax_error_has_line_and_column() -> None:
    issue = error_of("a: 1\nb: [1, 2\nc: 3\n").issues[0]
    assert issue.code == "yaml-syntax"
    assert issue.span is not None and (issue.span.line, issue.span.column) == (2, 4)


def test_tab_indentation_is_a_syntax_error() -> None:
    issue = error_of("a:\n\tb: 1\n").issues[0]
    assert issue.code == "yaml-syntax" and issue.span is not None and issue.span.line == 2


def test_non_text_keys_are_refused_with_quoting_hint() -> None:
    issue = error_of("yes: 1\n").issues[0]
    assert issue.code == "yaml-key" and issue.hint is not None and '"yes"' in issue.hint


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\r\nb: x\r\n")
    doc = read_yaml(path)
    assert doc.data == {"a": 1, "b": "x"}
    span = doc.positions.exact(("b",))
    assert span is not None and span.line == 2


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(CoursewareError) as info:
        read_yaml(path)
    issue = info.value.issues[0]
    assert issue.code == "encoding" and issue.span is not None
    assert (issue.span.line, issue.span.column) == (2, 7)


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: '" + b"x" * (3 * 1024 * 1024) + b"'\n")
    with pytest.raises(CoursewareError) as info:
        read_yaml(path)
    assert info.value.issues[0].code == "file-too-large"


def test_multiple_documents_are_refused() -> None:
    assert error_of("a: 1\n---\nb: 2\n").issues[0].code == "yaml-syntax"


def test_table_row_error_points_at_the_row(tmp_path: Path) -> None:
    import shutil

    from courseware.load import load_course

    course = tmp_path / "mini"
    shutil.copytree(Path(__file__).parent / "testdata" / "mini", course)
    lesson = course / "lessons" / "01-uno.yaml"
    lesson.write_text(
        lesson.read_text()
        + "  - type: table\n    columns: [a, b]\n    rows:\n      - [x, y]\n      - [x, y, z]\n"
    )
    with pytest.raises(CoursewareError) as info:
        load_course(course)
    issue = info.value.issues[0]
    assert issue.span is not None and (issue.span.line, issue.span.column) == (20, 9)
    assert "row 2 has 3 cells" in issue.message


_SCALARS = st.one_of(
    st.sampled_from(
        ["", "~", "null", "Null", "yes", "No", "on", "OFF", "true", "False", "0", "-1", "+7",
         "0x1F", "0o17", "017", "1_000", "3.5", "-.5", ".inf", "-.Inf", ".nan", "1e3", "6.02e+23",
         "2026-12-03", "2026-12-03 10:00:00", "<<", "=", "1:30", "190:20:30", "venta", "año",
         "'citado'", '"doble"', "'12'", '"true"', "'~'",
         "! 12", "!!str 12", "| bloque", "> plegado"]
    ),
    st.text(alphabet="0123456789.-+eE_:xob", max_size=8),
)  # fmt: skip


def _tags(node: Any) -> Any:
    """A node's tag, with its children's (mapping pairs as [key, value])."""
    if not isinstance(node.value, list):
        return node.tag
    children = []
    for item in node.value:
        if isinstance(item, tuple):
            children.append([_tags(item[0]), _tags(item[1])])
        else:
            children.append(_tags(item))
    return [node.tag, children]


@settings(max_examples=300, deadline=None)
@given(st.lists(_SCALARS, min_size=1, max_size=8))
def test_our_resolver_tags_nodes_as_the_safe_loader_does(scalars: list[str]) -> None:
    import yaml

    from courseware.load import yaml as course_yaml

    class Reference(yaml.CSafeLoader):  # type: ignore[misc,name-defined]
        yaml_implicit_resolvers = course_yaml._IMPLICIT

    lines = [f"k{i}: {s}" for i, s in enumerate(scalars)] + [f"- {s}" for s in scalars[:1]]
    text = "\n".join(lines[:-1]) + "\nlist:\n" + "\n".join("  - " + s for s in scalars)
    try:
        expected = _tags(Reference(text).get_single_node())
    except yaml.YAMLError:
        return
    assert _tags(course_yaml._Loader(text).get_single_node()) == expected
