"""Shared pieces of the course model: the strict base class, ids, durations, spans."""

from __future__ import annotations

import re
import typing
from functools import cache
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from courseware.errors import SourceSpan
from courseware.i18n import says

if typing.TYPE_CHECKING:
    from pathlib import Path

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"

Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        max_length=80,
        description=(
            "Identifier: lowercase letters, digits, '-' and '_', starting with a letter or digit."
        ),
    ),
]
"""An identifier authors choose; stable across rebuilds, so exports derive their ids from it."""


class LocatedValueError(ValueError):
    """A validation error about a part of the object: ``at`` is the data path below it.

    Why: errors raised in model validators are reported at the object; this lets the
    diagnostics point at the offending row, choice or blank instead.
    """

    def __init__(self, message: str, *at: str | int) -> None:
        super().__init__(message)
        self.at = at


class ModelError(LocatedValueError):
    """A validator's error worded by the catalogue (``key``, a ``model.*`` key) in the
    instructor's language (:func:`courseware.i18n.speaking`); ``at`` as in the base class.

    The loader adds the catalogue's ``<key>.hint`` when there is one.
    """

    def __init__(self, key: str, *at: str | int, **fields: object) -> None:
        super().__init__(says(key, **fields), *at)
        self.key = key


class MarkdownText:
    """Marker in ``Annotated`` metadata: this string is Markdown (rendered, link-checked)."""


Markdown = Annotated[
    str, MarkdownText, Field(description="Markdown text (CommonMark with tables).")
]


def _number_to_text(value: Any) -> Any:
    """YAML reads 800 or 2.5 as numbers; where text is expected, take them as written."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


InlineText = Annotated[str, Field(min_length=1, description="A short line of plain text.")]

WEB_SCHEMES = ("http", "https", "mailto")
"""What a URL field may hold (one rule for every such field: sources, video and audio)."""
_UNSAFE_IN_URL = re.compile(r"[\x00-\x20\x7f]")


def _web_address(value: str) -> str:
    from courseware.load.paths import split_url  # the model loads before the loader

    parts = None if _UNSAFE_IN_URL.search(value) else split_url(value)
    scheme = parts.scheme.lower() if parts else ""
    if parts is None or scheme not in WEB_SCHEMES or not (parts.netloc or scheme == "mailto"):
        raise ModelError("model.web-address", value=repr(value))
    return value


WebAddress = Annotated[
    str,
    AfterValidator(_web_address),
    Field(
        description="An http://, https:// or mailto: address.",
        json_schema_extra={"pattern": "^([Hh][Tt][Tt][Pp][Ss]?://[^/]|[Mm][Aa][Ii][Ll][Tt][Oo]:)"},
    ),
]
Cell = Annotated[str, BeforeValidator(_number_to_text), Field(description="Inline Markdown.")]
"""Text where authors naturally write numbers (table cells, figure values)."""

_DURATION = re.compile(
    r"^\s*(?:(?P<h>\d+(?:[.,]\d+)?)\s*h(?:oras?|ours?|rs?)?)?\s*"
    r"(?:(?P<m>\d+)\s*(?:min(?:utos?|utes?)?|m))?\s*$",
    re.IGNORECASE,
)


_NUMBER_WORDS = {
    "un": 1, "una": 1, "uno": 1, "one": 1, "an": 1, "a": 1, "dos": 2, "two": 2, "tres": 3,
    "three": 3, "cuatro": 4, "four": 4, "cinco": 5, "five": 5, "seis": 6, "six": 6,
    "diez": 10, "ten": 10, "quince": 15, "fifteen": 15, "veinte": 20, "twenty": 20,
    "treinta": 30, "thirty": 30, "cuarenta": 40, "forty": 40, "noventa": 90, "ninety": 90,
}  # fmt: skip


def _spelled(text: str) -> str:
    """ "una hora" -> "1 hora", "hora y media" -> "1 hora 30 min"."""
    lowered = text.lower().strip()
    if re.fullmatch(r"(?:media|half an?)\s+(?:hora|hour)", lowered):
        return "30 min"
    half = re.search(r"\s+(?:y\s+media|and\s+a\s+half)$", lowered)
    if half:
        lowered = lowered[: half.start()]
    words = [str(_NUMBER_WORDS.get(w, w)) for w in lowered.split()]
    if words and not words[0][0].isdigit():
        words.insert(0, "1")  # "hora y media"
    return " ".join(words) + (" 30 min" if half else "")


def _minutes_of(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    match = _DURATION.match(text)
    if match and (match["h"] or match["m"]):
        hours = float((match["h"] or "0").replace(",", "."))
        return round(hours * 60) + int(match["m"] or 0)
    short = re.fullmatch(r"(\d+)\s*h\s*(\d+)", text, re.IGNORECASE)  # "1h30"
    if short:
        return int(short[1]) * 60 + int(short[2])
    return None


def parse_minutes(value: Any) -> Any:
    """Accept 45, "45 min", "1 h", "1h30", "1 h 30 min", "1.5 h", "una hora" -> minutes.

    Text that is no duration raises an error that says what to write instead.
    """
    if isinstance(value, bool) or not isinstance(value, str):
        return value
    text = value.strip()
    minutes = _minutes_of(text)
    if minutes is None and re.search(r"[^\W\d_]", text):
        minutes = _minutes_of(_spelled(text))
    if minutes is None:
        raise ModelError("model.duration", value=repr(value))
    return minutes


def parse_score(value: Any) -> Any:
    """Accept 0.7 or "70%" (a percentage is unambiguous); refuse 70 with a hint."""
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*%\s*", value)
        if match:
            return float(match[1].replace(",", ".")) / 100
        raise ModelError("model.score.text", value=repr(value))
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 < value <= 100:
        raise ModelError("model.score.hundred", value=value, fraction=value / 100)
    return value


_TRUTH = {"verdadero": True, "verdadera": True, "cierto": True, "sí": True, "si": True,
          "falso": False, "falsa": False}  # fmt: skip


def parse_truth(value: Any) -> Any:
    """Accept Spanish words for true and false ("verdadero", "falso") besides YAML's own."""
    if isinstance(value, str) and value.strip().lower() in _TRUTH:
        return _TRUTH[value.strip().lower()]
    return value


Truth = Annotated[
    bool,
    BeforeValidator(parse_truth),
    WithJsonSchema({"anyOf": [{"type": "boolean"}, {"enum": sorted(_TRUTH)}]}),
]
"""A true/false value: true/false, yes/no, or verdadero/falso."""

_SCORE_SCHEMA = {
    "anyOf": [
        {"type": "number", "minimum": 0, "maximum": 1},
        {"type": "string", "pattern": r"^\s*\d+(?:[.,]\d+)?\s*%\s*$"},
    ],
    "description": 'A fraction from 0 to 1, or a percentage: 0.7 or "70%".',
}
Score = Annotated[
    float, Field(ge=0, le=1), BeforeValidator(parse_score), WithJsonSchema(_SCORE_SCHEMA)
]


Minutes = Annotated[
    int,
    BeforeValidator(parse_minutes),
    Field(ge=0, le=100_000, description='Duration in minutes: 45, "45 min", "1 h 30 min".'),
]


class Node(BaseModel):
    """Base of every model object: unknown keys are errors, and each object knows its span."""

    model_config = ConfigDict(extra="forbid", frozen=False, validate_default=False)

    # Where a node's place is kept: ``_where`` in its ``__dict__``, set by the loader. Not
    # a pydantic private attribute: pydantic would then run Python code for every object it
    # builds (half the validation time of a large course). Pydantic ignores the key when
    # dumping and comparing (it compares fields only).
    #
    # ``_where`` is (positions of the course's YAML, data path of this object): spans are
    # looked up late. Why late: a course has hundreds of thousands of values and only a few
    # spans are ever shown, so copying every span into every object at load time is wasted.

    def locate(self, positions: Any, path: tuple[str | int, ...]) -> None:
        """Remember where this object is: its data path in the course's ``positions``."""
        self.__dict__["_where"] = (positions, path)

    @property
    def span(self) -> SourceSpan | None:
        """Where this object starts in its YAML file."""
        where = self.__dict__.get("_where")
        if where is None:
            return None
        span: SourceSpan | None = where[0].value(where[1])
        return span

    @property
    def source_file(self) -> Path | None:
        """The file this object was read from (no place in it is looked up)."""
        where = self.__dict__.get("_where")
        if where is None:
            return None
        file: Path | None = where[0].part(where[1])[0].file
        return file

    def field_span(self, name: str) -> SourceSpan | None:
        """Where the value of field ``name`` starts, falling back to the object's span."""
        where = self.__dict__.get("_where")
        if where is None:
            return None
        span: SourceSpan | None = where[0].exact((*where[1], name))
        return span or self.span

    def item_span(self, name: str, index: int) -> SourceSpan | None:
        """Where item ``index`` of list field ``name`` is, falling back to the field's span."""
        where = self.__dict__.get("_where")
        if where is None:
            return None
        span: SourceSpan | None = where[0].exact((*where[1], name, index))
        return span or self.field_span(name)


@cache
def node_fields(cls: type[Node]) -> tuple[str, ...]:
    """Fields of ``cls`` whose type can hold model objects (the others need no walk)."""
    hints = typing.get_type_hints(cls, include_extras=True)
    return tuple(name for name in cls.model_fields if _holds_node(hints.get(name)))


def _holds_node(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, Node):
        return True
    return any(_holds_node(arg) for arg in typing.get_args(annotation))


class BlockBase(Node):
    """Fields every block shares."""

    id: Id | None = Field(default=None, description="Optional id, for links and warnings.")
    instructor_notes: Markdown | None = Field(
        default=None,
        description="Facilitation notes for instructors only; never shown to learners.",
    )
