"""Every diagnostic an instructor reads comes from the catalogue (issue 23, item 9).

An AST walk over the package: no ``Issue(...)``, and no function that hands its argument on
as an issue's message or hint, is given English text written in the code; every key the
code asks for is in every catalogue, with the same ``{fields}``.
"""

from __future__ import annotations

import ast
import json
import string
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

import courseware
from courseware.i18n import LOCALES_DIR, available

PACKAGE = Path(courseware.__file__).resolve().parent

OWNED_ELSEWHERE: frozenset[str] = frozenset()
"""Files still to convert (none left)."""

CARRIERS: dict[str, dict[int | str, str]] = {
    "GiftError": {0: "message", 1: "hint"},
    "Unrepresentable": {0: "message"},
}
"""Exceptions whose text becomes a diagnostic's message (and hint) further up."""

SAYING = frozenset({"says", "_says", "say"})
"""Calls whose first argument is a catalogue key."""


def _trees() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


@cache
def _parsed() -> tuple[tuple[str, ast.Module], ...]:
    return tuple(_trees())


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def _written(node: ast.expr) -> bool:
    """True for text written in the code: a literal, f-string, or a join or sum of them."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _written(node.left) or _written(node.right)
    if isinstance(node, ast.IfExp):
        return _written(node.body) or _written(node.orelse)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in ("format", "join") and _written(node.func.value)
    return False


ISSUE_PARTS: dict[int | str, str] = {1: "message", "message": "message", 3: "hint", "hint": "hint"}
"""Where ``Issue(...)`` takes its message and hint."""

REPLACE_PARTS: dict[int | str, str] = {"message": "message", "hint": "hint"}
"""Where ``dataclasses.replace(issue, ...)`` takes a new message and hint."""


def _issue_parts(call: ast.Call) -> dict[int | str, str]:
    """Where ``call`` takes an issue's message and hint, if it makes one."""
    if _name(call) == "Issue":
        return ISSUE_PARTS
    if isinstance(call.func, ast.Name) and call.func.id == "replace":  # not str.replace
        return REPLACE_PARTS
    return {}


def _argument(call: ast.Call, where: int | str) -> ast.expr | None:
    if isinstance(where, int):
        return call.args[where] if where < len(call.args) else None
    return next((k.value for k in call.keywords if k.arg == where), None)


def _handed_on(value: ast.expr) -> set[str]:
    """Names whose text becomes the message or hint: not a field of a catalogue string,
    unless the field is itself a ``message`` or ``hint``."""
    if isinstance(value, ast.Name):
        return {value.id}
    if isinstance(value, ast.Call) and _name(value) in SAYING:
        fields = [k.value for k in value.keywords if k.arg in ("message", "hint")]
        return set().union(*(_handed_on(f) for f in fields))
    return set().union(
        *(_handed_on(c) for c in ast.iter_child_nodes(value) if isinstance(c, ast.expr))
    )


def _carriers() -> dict[str, dict[int | str, str]]:
    """Functions that put a parameter into an Issue's message or hint: name -> its places."""
    found: dict[str, dict[int | str, str]] = {n: dict(p) for n, p in CARRIERS.items()}
    for _, tree in _parsed():
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef):
                continue
            params = [a.arg for a in func.args.args if a.arg not in ("self", "cls")]
            params += [a.arg for a in func.args.kwonlyargs]
            used: set[str] = set()
            for call in ast.walk(func):
                if isinstance(call, ast.Call):
                    for where in _issue_parts(call):
                        value = _argument(call, where)
                        if value is not None:
                            used |= _handed_on(value)
            places = found.setdefault(func.name, {}) if used & set(params) else {}
            for index, param in enumerate(params):
                if param in used:
                    if param in (a.arg for a in func.args.args):
                        places[index] = param
                    places[param] = param
    found["Issue"] = ISSUE_PARTS
    return found


def _english_in_code() -> dict[str, list[str]]:
    """file -> ``line: call(part)`` for every diagnostic text written in the code."""
    carriers = _carriers()
    found: dict[str, list[str]] = {}
    for rel, tree in _parsed():
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            for where, part in (_issue_parts(call) or carriers.get(str(_name(call)), {})).items():
                value = _argument(call, where)
                if value is not None and _written(value):
                    found.setdefault(rel, []).append(f"{call.lineno}: {_name(call)}({part})")
    return found


def test_no_diagnostic_is_written_in_english_in_the_code() -> None:
    found = _english_in_code()
    assert {f: lines for f, lines in found.items() if f not in OWNED_ELSEWHERE} == {}


def test_the_allow_list_only_holds_files_still_to_convert() -> None:
    assert sorted(OWNED_ELSEWHERE - set(_english_in_code())) == []


def test_the_walk_sees_a_diagnostic_written_in_the_code() -> None:
    tree = ast.parse(
        "def fail(path, message, *, hint=None):\n"
        "    raise CoursewareError(Issue('error', message, hint=hint))\n"
        "fail(p, 'plain English')\n"
        "Issue('error', says('k'), hint=f'also {english}')\n"
        "def quiet(issues, how):\n"
        "    return [replace(i, hint=f'{i.hint}; {how}') for i in issues]\n"
        "quiet(found, 'not needed? ' + more)\n"
    )
    calls = [c for c in ast.walk(tree) if isinstance(c, ast.Call)]
    assert [_name(c) for c in calls if any(_written(a) for a in c.args[1:2])] == ["fail", "quiet"]
    assert any(_written(k.value) for c in calls for k in c.keywords if k.arg == "hint")


@cache
def _catalogue(name: str) -> dict[str, str]:
    data: dict[str, str] = json.loads((LOCALES_DIR / f"{name}.json").read_text("utf-8"))
    return data


def _keys_in_code() -> set[str]:
    keys = set()
    for _, tree in _parsed():
        for call in ast.walk(tree):
            if isinstance(call, ast.Call) and _name(call) in SAYING and call.args:
                first = call.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    keys.add(first.value)
    return keys


@pytest.mark.parametrize("language", available())
def test_every_key_the_code_says_is_in_every_catalogue(language: str) -> None:
    keys = _keys_in_code()
    assert len(keys) > 300
    assert sorted(keys - set(_catalogue(language))) == []


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_translation_has_the_fields_of_the_english_string() -> None:
    english = _catalogue("en")
    differ = {
        (language, key)
        for language in available()
        for key, template in _catalogue(language).items()
        if key in english and _fields(template) != _fields(english[key])
    }
    assert sorted(differ) == []
