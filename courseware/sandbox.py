"""The sandbox course themes render in: strings out, nothing else reachable.

A course's own theme is untrusted input. Its templates run in Jinja2's immutable sandbox
(no ``list.append``, ``dict.update``...) with one more rule: an attribute is readable only
on plain data (strings, numbers, tuples, lists, mappings, ``Markup``), on the course model
(its fields and a few read-only methods), on frozen records, on Jinja2's own template
objects, and on a :class:`TemplateView` (the names a build hands to templates). Anything
else (a ``Path``, a module, the build's own objects, a function's attributes) is out of
reach. Where a model method returns a place in a source file (``field_span``), a template
gets an opaque :class:`Place`: it can pass it back to a helper, never read the path.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable, Mapping
from pathlib import PurePath
from typing import Any

from jinja2 import defaults, environment, runtime, utils
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup
from pydantic import BaseModel

from courseware.errors import SourceSpan

PLAIN = (str, Markup, int, float, complex, bool, bytes, tuple, list, dict, set, frozenset)
"""Types whose public attributes are read-only, or refused by the immutable sandbox."""
MODEL_METHODS = frozenset({"field_span", "item_span", "lessons", "questions", "low", "high"})
"""Methods and properties of the course model templates may use besides the fields."""
JINJA_OBJECTS = (
    runtime.LoopContext,
    runtime.Macro,
    runtime.TemplateReference,
    runtime.BlockReference,
    environment.TemplateModule,
    utils.Namespace,
    utils.Cycler,
    utils.Joiner,
    types.MappingProxyType,
)
"""Jinja2's own template-side objects (their private parts stay closed by the sandbox)."""


_JINJA_GLOBALS = dict(defaults.DEFAULT_NAMESPACE)


class Place:
    """A place in a source file, as a template sees it: opaque, printed as nothing.

    Why: a span names a file on the build machine (an absolute path when the course lies
    outside the working folder); a template may only hand it back to a helper.
    """

    __slots__ = ("_span",)

    def __init__(self, span: SourceSpan) -> None:
        self._span = span

    def __str__(self) -> str:
        return ""

    def __repr__(self) -> str:
        return "<place>"


class Helper:
    """A function templates may call, and nothing more: no attributes, a plain name.

    Why: a bound method prints as its object (``{{ md }}`` would show the site, and with
    it the course folder's absolute path), and its ``__self__`` is the build's state.
    """

    __slots__ = ("_function", "_name")
    _function: Callable[..., Any]
    _name: str

    def __init__(self, function: Callable[..., Any], name: str) -> None:
        object.__setattr__(self, "_function", function)
        object.__setattr__(self, "_name", name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._function(*args, **kwargs)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a helper is read-only")

    def __repr__(self) -> str:
        return f"<helper {self._name}>"


def confine(names: Mapping[str, Any]) -> dict[str, Any]:
    """``names`` as a course theme may see them: callables as :class:`Helper`, lists and
    mappings read-only (Jinja2's own globals, such as ``range``, are left as they are)."""
    out: dict[str, Any] = {}
    for name, value in names.items():
        if value is _JINJA_GLOBALS.get(name) or isinstance(value, Helper | TemplateView | type):
            out[name] = value
        elif callable(value):
            out[name] = Helper(value, name)
        else:
            out[name] = frozen(value)
    return out


class TemplateView:
    """The read-only names a build gives templates: plain values and confined helpers."""

    __slots__ = ("_names",)
    _names: Mapping[str, Any]

    def __init__(self, **names: Any) -> None:
        object.__setattr__(self, "_names", types.MappingProxyType(confine(names)))

    def __getattr__(self, name: str) -> Any:
        try:
            return self._names[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a template view is read-only")

    def __contains__(self, name: str) -> bool:
        return name in self._names

    def __repr__(self) -> str:
        return f"<view {', '.join(self._names)}>"


def readable(obj: Any, attr: str) -> bool:
    """True if a course theme may read ``obj.attr`` (the sandbox checks privates first)."""
    kind = type(obj)
    if kind in PLAIN or isinstance(obj, JINJA_OBJECTS):
        return True
    if isinstance(obj, TemplateView):
        return attr in obj
    if isinstance(obj, BaseModel):
        return attr in kind.model_fields or attr in MODEL_METHODS
    if isinstance(obj, tuple):  # a named tuple: its fields, and what tuples have
        return True
    if dataclasses.is_dataclass(obj) and kind.__dataclass_params__.frozen:
        return attr in {f.name for f in dataclasses.fields(obj)}
    return False


def _unwrap(value: Any) -> Any:
    return value._span if isinstance(value, Place) else value


def _wrap(value: Any) -> Any:
    return Place(value) if isinstance(value, SourceSpan) else value


class CourseThemeSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, closed to everything but plain data and the helpers."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(value, PurePath | types.ModuleType):
            return False
        return bool(super().is_safe_attribute(obj, attr, value)) and readable(obj, attr)

    def is_safe_callable(self, obj: Any) -> bool:
        if isinstance(getattr(obj, "__self__", None), PurePath):
            return False
        return bool(super().is_safe_callable(obj))

    def call(
        __self,
        __context: runtime.Context,
        __obj: Callable[..., Any],
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        """Call ``__obj`` with places unwrapped; a place it returns is wrapped."""
        args = tuple(_unwrap(a) for a in args)
        kwargs = {k: _unwrap(v) for k, v in kwargs.items()}
        return _wrap(super().call(__context, __obj, *args, **kwargs))


def frozen(value: Any) -> Any:
    """``value`` as read-only plain data: mappings as proxies, lists as tuples (one level)."""
    if isinstance(value, Mapping):
        return types.MappingProxyType(dict(value))
    if isinstance(value, list):
        return tuple(value)
    return value
