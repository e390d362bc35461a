"""Every field of the sample course, given a wrong type or deleted, is reported at its own line.

Expected places are found in the text (markers, indentation), not with the loader's positions.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from courseware.errors import CoursewareError
from courseware.load import load_course

SAMPLE = Path(__file__).resolve().parents[2] / "courses" / "aldeas-digitales"
MARKER = "zz-wrong-type-marker"
KEY_LINE = re.compile(r"^(?P<indent>\s*(?:- )?)(?P<key>[a-z_]+):(?:\s|$)")


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*prefix, index))


def _shape(path: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple("#" if isinstance(p, int) else p for p in path)


def _cases() -> list[tuple[str, tuple[Any, ...]]]:
    """One case per distinct field position (list indexes folded), per file kind."""
    cases, seen = [], set()
    for file in sorted(SAMPLE.rglob("*.yaml")):
        relative = str(file.relative_to(SAMPLE))
        kind = relative.split("/")[0] if "/" in relative else relative
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        for path in _paths(data):
            if (kind == "course.yaml" and path[:1] == ("banks",)) or path[-1:] == ("lessons",):
                continue  # file references are tested in test_broken_courses
            if kind == "course.yaml" and "lessons" in path:
                continue
            key = (kind, _shape(path))
            if key not in seen:
                seen.add(key)
                cases.append((relative, path))
    return cases


CASES = _cases()


def _errors(root: Path) -> list[tuple[str, int, int, str]]:
    try:
        load_course(root)
    except CoursewareError as exc:
        return [
            (
                i.span.path.name if i.span else "",
                i.span.line if i.span else 0,
                i.span.column if i.span else 0,
                i.message,
            )
            for i in exc.errors
        ]
    return []


def _set(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    old = parent[path[-1]]
    parent[path[-1]] = value
    return old


@pytest.mark.parametrize(
    ("relative", "path"), CASES, ids=[f"{r}:{'.'.join(map(str, p))}" for r, p in CASES]
)
def test_wrong_type_is_reported_at_the_value(
    tmp_path: Path, relative: str, path: tuple[Any, ...]
) -> None:
    root = tmp_path / "c"
    shutil.copytree(SAMPLE, root)
    file = root / relative
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    old = _set(data, path, None)
    wrong: Any = MARKER if isinstance(old, dict | list) else {MARKER: 1}
    if path[-1] == "type":
        wrong = MARKER  # an unknown tag: reported at the value too
    _set(data, path, wrong)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    file.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    line = next(n for n, t in enumerate(lines, 1) if MARKER in t)
    column = lines[line - 1].index(MARKER) + 1
    errors = _errors(root)
    assert errors, "a wrong type must be an error"
    assert any((name, ln, col) == (file.name, line, column) for name, ln, col, _ in errors), (
        f"expected {file.name}:{line}:{column}",
        errors,
    )


def _parent_start(lines: list[str], number: int, column: int) -> tuple[int, int]:
    """Line and column where the mapping holding the key at (number, column) starts."""
    start = number
    for n in range(number - 1, 0, -1):
        text = lines[n - 1]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        indent = len(text) - len(text.lstrip(" "))
        if indent + 1 == column and KEY_LINE.match(text):
            start = n
            continue
        if text.startswith("- ", column - 3) and indent + 3 == column:
            return n, column
        if indent + 1 < column:
            break
        if indent + 1 > column:
            continue
    return start, column


REQUIRED_CASES = [
    (r, p)
    for r, p in CASES
    if isinstance(p[-1], str)
    and p[-1]
    in {
        "id",
        "title",
        "prompt",
        "body",
        "text",
        "quote",
        "source",
        "src",
        "alt",
        "instructions",
        "language",
        "version",
        "license",
        "description",
        "audience",
        "columns",
        "rows",
        "answer",
        "answers",
        "items",
        "pairs",
        "choices",
        "figures",
        "value",
        "label",
        "term",
        "definition",
        "name",
        "left",
        "right",
        "blanks",
        "questions",
        "publisher",
        "criterion",
        "points",
    }
]


@pytest.mark.parametrize(
    ("relative", "path"),
    REQUIRED_CASES,
    ids=[f"{r}:{'.'.join(map(str, p))}" for r, p in REQUIRED_CASES],
)
def test_deleting_a_field_is_reported_or_harmless(
    tmp_path: Path, relative: str, path: tuple[Any, ...]
) -> None:
    root = tmp_path / "c"
    shutil.copytree(SAMPLE, root)
    file = root / relative
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    del parent[path[-1]]
    if not parent:
        pytest.skip("the mapping would be empty")
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    file.write_text(text, encoding="utf-8")
    errors = _errors(root)
    if not errors:
        return  # an optional field (e.g. a quote's speaker): deleting it is fine
    missing = [e for e in errors if f"`{path[-1]}`" in e[3] and "missing" in e[3]]
    if not missing:
        return  # not a required key here; a dependent check fired instead (asserted elsewhere)
    # The remaining first key of the parent mapping, found in the text.
    first_key = next(iter(parent))
    lines = text.splitlines()
    candidates = []
    for n, t in enumerate(lines, 1):
        m = KEY_LINE.match(t)
        if m and m["key"] == first_key:
            candidates.append((n, len(m["indent"]) + 1))
    assert any((e[1], e[2]) in candidates for e in missing), (missing, candidates)
