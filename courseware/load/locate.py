"""Map pydantic validation errors back to YAML positions, with messages authors understand."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, Union

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from courseware.errors import Issue, SourceSpan
from courseware.i18n import instructor_messages, says
from courseware.load.yaml import DataPath, Positions

_TYPE_NAMES = {
    "string_type": "string_type",
    "int_type": "int",
    "int_parsing": "int",
    "int_from_float": "int",
    "float_type": "float",
    "float_parsing": "float",
    "bool_type": "bool",
    "bool_parsing": "bool",
    "list_type": "list",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
    "dict_type": "mapping",
}
"""pydantic's error type -> the catalogue's name of what was expected (``load.type.*``)."""


def _key_of(path: DataPath) -> str:
    """The nearest key naming ``path`` (``objectives`` for ("objectives",))."""
    return next((str(p) for p in reversed(path) if isinstance(p, str)), "the item")


def _describe(value: Any) -> str:
    if value is None:
        return says("load.value.null")
    if isinstance(value, bool):
        return says("load.value.bool", value=str(value).lower())
    if isinstance(value, int | float):
        return says("load.value.number", value=repr(value))
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return says("load.value.text", value=repr(short))
    if isinstance(value, list):
        return says("load.value.list")
    if isinstance(value, dict):
        return says("load.value.mapping")
    return type(value).__name__


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types an annotation may hold (Annotated, Optional and unions opened)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        out: list[Any] = []
        for arg in typing.get_args(annotation):
            out.extend(_unwrap(arg))
        return out
    return [annotation]


def _tag_of(model: type[BaseModel]) -> str | None:
    field = model.model_fields.get("type")
    if field is None:
        return None
    args = typing.get_args(field.annotation)
    return str(args[0]) if args else None


def walk_loc(
    root: type[BaseModel], loc: tuple[str | int, ...]
) -> tuple[DataPath, type[BaseModel] | None]:
    """Strip union tags and member names from ``loc``; return the data path and the model there."""
    path: list[str | int] = []
    candidates: list[Any] = [root]
    for part in loc:
        models = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
        # A union member chosen by tag or by class name: narrow, don't descend.
        if isinstance(part, str) and len(models) > 1:
            chosen = [m for m in models if _tag_of(m) == part or m.__name__ == part]
            if chosen:
                candidates = chosen
                continue
        if isinstance(part, int):
            nxt: list[Any] = []
            for cand in candidates:
                if typing.get_origin(cand) in (list, tuple):
                    for arg in typing.get_args(cand):
                        nxt.extend(_unwrap(arg))
            path.append(part)
            candidates = nxt
            continue
        nxt = []
        for model in models:
            field = model.model_fields.get(part)
            if field is not None:
                nxt.extend(_unwrap(field.annotation))
        path.append(part)
        candidates = nxt
    models = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
    return tuple(path), (models[0] if len(models) == 1 else None)


def _kind_name(model: type[BaseModel]) -> str:
    tag = _tag_of(model)
    if tag is None:
        name = model.__name__.lower()
        key = f"load.model.{name}"
        return says(key) if key in instructor_messages().strings else name
    kind = "question" if model.__name__.endswith("Question") else "block"
    return says(f"load.kind.{kind}", tag=tag)


def _field_help(model: type[BaseModel] | None, name: str) -> str | None:
    if model is None:
        return None
    field = model.model_fields.get(name)
    return field.description if field is not None else None


def issues_from_validation(
    details: list[ErrorDetails], root: type[BaseModel], positions: Positions
) -> list[Issue]:
    """Turn pydantic error details into Issues at the right file:line:col."""
    issues: list[Issue] = []
    seen: set[tuple[str, str]] = set()
    for detail in details:
        issue = _issue(detail, root, positions)
        key = (str(issue.span), issue.message)
        if key not in seen:
            seen.add(key)
            issues.append(issue)
    return issues


def _issue(detail: ErrorDetails, root: type[BaseModel], positions: Positions) -> Issue:
    kind = detail["type"]
    loc = tuple(detail["loc"])
    value = detail.get("input")
    ctx = detail.get("ctx") or {}
    if kind == "extra_forbidden":
        return _unknown_key(root, loc, positions)
    if kind == "missing":
        return _missing_key(root, loc, positions)
    path, _ = walk_loc(root, loc)
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return _bad_tag(kind, ctx, path, positions)
    span = positions.value(path)
    if kind in _TYPE_NAMES:
        return _wrong_type(kind, value, path, span)
    if kind == "string_pattern_mismatch" and (
        (path and path[-1] == "id") or "a-z0-9" in str(ctx.get("pattern", ""))
    ):
        return Issue(
            "error",
            says("load.bad-id", value=_describe(value)),
            span,
            hint=says("load.bad-id.hint"),
            code="bad-id",
        )
    if kind == "literal_error":
        return Issue(
            "error",
            says("load.bad-value", value=_describe(value)),
            span,
            hint=says("load.bad-value.hint", expected=ctx.get("expected")),
            code="bad-value",
        )
    if kind == "too_short":
        return Issue(
            "error",
            _too_short(value, ctx.get("min_length")),
            span,
            hint=says("load.too-short.hint", least=ctx.get("min_length")),
            code="too-short",
        )
    return _value_error(detail, root, path, positions)


def _unknown_key(root: type[BaseModel], loc: tuple[str | int, ...], positions: Positions) -> Issue:
    """A key the model does not have, with the nearest one it has."""
    parent_path, parent_model = walk_loc(root, loc[:-1])
    name = str(loc[-1])
    allowed = sorted(parent_model.model_fields) if parent_model else []
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    where = says("load.unknown-key.where", kind=_kind_name(parent_model)) if parent_model else ""
    listing = ", ".join(a for a in allowed if a != "type")
    if close:
        message = says("load.unknown-key.close", name=name, where=where, close=close[0])
    else:
        message = says("load.unknown-key", name=name, where=where)
    return Issue(
        "error",
        message,
        positions.key((*parent_path, name)),
        hint=says("load.unknown-key.hint", keys=listing)
        if listing
        else says("load.unknown-key.hint_none"),
        code="unknown-key",
    )


def _missing_key(root: type[BaseModel], loc: tuple[str | int, ...], positions: Positions) -> Issue:
    parent_path, parent_model = walk_loc(root, loc[:-1])
    name = str(loc[-1])
    help_text = _field_help(parent_model, name)
    return Issue(
        "error",
        says("load.missing-key", name=name),
        positions.value(parent_path),
        hint=says("load.missing-key.hint_help", name=name, help=help_text)
        if help_text and instructor_messages().language.split("-")[0] == "en"
        else says("load.missing-key.hint", name=name),
        code="missing-key",
    )


def _bad_tag(kind: str, ctx: dict[str, Any], path: DataPath, positions: Positions) -> Issue:
    """A ``type:`` missing, or naming no kind of block or question."""
    expected = str(ctx.get("expected_tags", ""))
    if kind == "union_tag_not_found":
        return Issue(
            "error",
            says("load.missing-type"),
            positions.value(path),
            hint=says("load.missing-type.hint", expected=expected),
            code="missing-type",
        )
    return Issue(
        "error",
        says("load.unknown-type", tag=repr(ctx.get("tag"))),
        positions.value((*path, "type")),
        hint=says("load.unknown-type.hint", expected=expected),
        code="unknown-type",
    )


def _wrong_type(kind: str, value: Any, path: DataPath, span: SourceSpan | None) -> Issue:
    """A value of the wrong kind: text for a number, a list for a mapping..."""
    name = _TYPE_NAMES[kind]
    expected = says(f"load.type.{name}")
    hint = says("load.wrong-type.hint", expected=expected)
    if kind == "string_type" and isinstance(value, int | float | bool):
        hint = (
            says("load.wrong-type.quote", value=value)
            if not isinstance(value, bool)
            else says("load.wrong-type.quote_bool")
        )
    elif name == "mapping" and isinstance(value, list):
        hint = says("yaml.want_mapping.hint", key=_key_of(path))
    elif name == "list" and isinstance(value, dict):
        hint = says("yaml.want_list.hint", key=_key_of(path))
    return Issue(
        "error",
        says("load.wrong-type", expected=expected, found=_describe(value)),
        span,
        hint=hint,
        code="wrong-type",
    )


def _value_error(
    detail: ErrorDetails, root: type[BaseModel], path: DataPath, positions: Positions
) -> Issue:
    """A validator's own message (``Value error, ...``), at the part it names (``at``)."""
    kind = detail["type"]
    loc = tuple(detail["loc"])
    span = positions.value(path)
    error = (detail.get("ctx") or {}).get("error")
    at = getattr(error, "at", None)
    if isinstance(at, tuple) and at:
        span = positions.value((*path, *at))
    message = detail["msg"]
    worded = _constraint(kind, detail.get("ctx") or {})
    if worded is not None:
        message = worded
    elif message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    elif message.startswith("Assertion failed, "):
        message = message[len("Assertion failed, ") :]
    else:
        message = message[0].lower() + message[1:]
    return Issue(
        "error", message, span, hint=_value_hint(error, root, loc), code=kind.replace("_", "-")
    )


_CONSTRAINTS = frozenset(
    {
        "greater_than_equal",
        "greater_than",
        "less_than_equal",
        "less_than",
        "string_too_long",
        "string_too_short",
        "too_long",
        "string_pattern_mismatch",
    }
)
"""pydantic's own constraint errors the catalogue words (``load.constraint.<type>``)."""


def _constraint(kind: str, ctx: dict[str, Any]) -> str | None:
    """A pydantic constraint error in the instructor's language; None in English, where
    pydantic's own words stay (or for an error type the catalogue does not word)."""
    if kind not in _CONSTRAINTS or instructor_messages().language.split("-")[0] == "en":
        return None
    try:
        shown = {
            k: f"{v:g}" if isinstance(v, int | float) and not isinstance(v, bool) else v
            for k, v in ctx.items()
        }
        return says(f"load.constraint.{kind}", **shown)
    except (KeyError, IndexError):  # a context without the field the catalogue names
        return None


def _value_hint(error: object, root: type[BaseModel], loc: tuple[str | int, ...]) -> str | None:
    """The catalogue's hint for a worded model error (``<key>.hint``, else the hint of the key's
    group: ``model.score.hint`` for ``model.score.text``), else the field's help in English
    (the field descriptions are not in the catalogue)."""
    key = getattr(error, "key", None)
    strings = instructor_messages().strings
    for name in (key, key.rpartition(".")[0]) if isinstance(key, str) else ():
        if f"{name}.hint" in strings:
            return says(f"{name}.hint")
    if instructor_messages().language.split("-")[0] != "en":
        return None
    return _field_help(*_parent(root, loc))


def _parent(
    root: type[BaseModel], loc: tuple[str | int, ...]
) -> tuple[type[BaseModel] | None, str]:
    if not loc or not isinstance(loc[-1], str):
        return None, ""
    _, parent = walk_loc(root, loc[:-1])
    return parent, loc[-1]


def _too_short(value: Any, least: Any) -> str:
    """The message of a too-short value: how many items a short list needs (tabs need 2)."""
    if isinstance(value, list) and value and isinstance(least, int):
        return says("load.too-short.items", least=least, n=len(value))
    return says("load.too-short.list" if isinstance(value, list) else "load.too-short")
