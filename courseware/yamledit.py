"""Edits of an author's YAML files that keep them as the author wrote them.

Why ruamel.yaml: a round trip keeps comments, key order, quoting, block scalars and the
file's indentation, so a command that registers a lesson, bank or source in
``course.yaml`` changes only the lines it adds.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.util import load_yaml_guess_indent

from courseware.errors import CoursewareError, Issue
from courseware.i18n import says


def _refuse(message: str, hint: str | None = None) -> CoursewareError:
    return CoursewareError(Issue("error", message, hint=hint, code="yaml-edit"))


class Document:
    """A YAML file loaded for a round trip: edit ``data``, then ``text()``."""

    def __init__(self, text: str, name: str = "course.yaml") -> None:
        self.name = name
        self.newline = "\r\n" if "\r\n" in text else "\n"
        text = text.replace("\r\n", "\n")
        try:
            _, indent, offset = load_yaml_guess_indent(text)
        except YAMLError as exc:
            raise _refuse(
                says("yamledit.invalid", name=name, error=exc), says("yamledit.invalid.hint")
            ) from None
        offset = offset or 0
        self._yaml = YAML()
        self._yaml.preserve_quotes = True
        self._yaml.width = 4096
        self._yaml.indent(mapping=(indent - offset) or 2, sequence=indent or 2, offset=offset)
        self.data: Any = self._yaml.load(text)
        if not isinstance(self.data, CommentedMap):
            raise _refuse(says("yamledit.not-mapping", name=name), says("yamledit.invalid.hint"))

    def text(self) -> str:
        """The edited file, with its original line endings."""
        out = io.StringIO()
        self._yaml.dump(self.data, out)
        return out.getvalue().replace("\n", self.newline)

    def seq(self, parent: Any, key: str, where: str) -> CommentedSeq:
        """The list under ``key`` of ``parent``; refuse anything else."""
        value = parent.get(key) if isinstance(parent, Mapping) else None
        if not isinstance(value, CommentedSeq):
            raise _refuse(
                says("yamledit.not-list", where=where, name=self.name),
                says("yamledit.not-list.hint"),
            )
        return value


def append(seq: CommentedSeq, item: Any) -> None:
    """Append ``item`` after the last entry, keeping blank lines after the list below it.

    ruamel attaches the blank lines and comments that follow a list to its last item; they
    move to the new last item so the new entry sits right after the old one. An end-of-line
    comment stays on its own entry.
    """
    seq.append(item)
    last = len(seq) - 2
    token = seq.ca.items.get(last)
    if last < 0 or not token or token[0] is None:
        return
    value = token[0].value
    head, newline, rest = value.partition("\n")
    if not newline or not rest:
        return
    if head.strip():  # "  # the intro\n\n" -> the comment stays, the blank lines move
        token[0].value = head + "\n"
        moved = type(token[0])("\n" + rest, token[0].start_mark, None)
    else:
        seq.ca.items.pop(last)
        moved = token[0]
    seq.ca.items[last + 1] = [moved, None, None, None]


def _module(doc: Document, module: str | None) -> Any:
    modules = doc.seq(doc.data, "modules", "`modules`")
    if module is None:
        if not modules:
            raise _refuse(
                says("yamledit.no-module", name=doc.name), says("yamledit.no-module.hint")
            )
        return modules[-1]
    for entry in modules:
        if isinstance(entry, Mapping) and entry.get("id") == module:
            return entry
    known = ", ".join(str(m.get("id")) for m in modules if isinstance(m, Mapping))
    raise _refuse(
        says("yamledit.unknown-module", module=repr(module), name=doc.name),
        says("yamledit.unknown-module.hint", modules=known),
    )


def register(
    text: str,
    *,
    lesson: str | None = None,
    module: str | None = None,
    bank: str | None = None,
    source: dict[str, str] | None = None,
    name: str = "course.yaml",
) -> str:
    """``course.yaml`` text with a lesson (in a module), a bank and a source registered.

    A bank goes under ``banks:`` only when the course lists its banks (otherwise every
    ``banks/*.yaml`` is read already); a source goes under ``sources:``, which is created
    after the objectives when missing. Entries already there are not repeated.
    """
    doc = Document(text, name)
    if lesson is not None:
        lessons = doc.seq(_module(doc, module), "lessons", "the module's `lessons`")
        if lesson not in lessons:
            append(lessons, lesson)
    if bank is not None and "banks" in doc.data:
        banks = doc.seq(doc.data, "banks", "`banks`")
        if bank not in banks:
            append(banks, bank)
    if source is not None:
        _add_source(doc, source)
    return doc.text()


def _add_source(doc: Document, source: dict[str, str]) -> None:
    entry = CommentedMap(source)
    if "sources" not in doc.data:
        keys = list(doc.data)
        after = next((k for k in ("objectives", "duration", "description") if k in keys), None)
        position = keys.index(after) + 1 if after else len(keys)
        doc.data.insert(position, "sources", CommentedSeq([entry]))
        return
    sources = doc.seq(doc.data, "sources", "`sources`")
    if not any(isinstance(s, Mapping) and s.get("id") == source.get("id") for s in sources):
        append(sources, entry)
