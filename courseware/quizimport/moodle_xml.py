"""Read Moodle XML question files into bank data, question by question."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

from courseware.export.values import number
from courseware.i18n import says
from courseware.quizimport import moodle_types as types
from courseware.quizimport.common import BankBuilder, renamed_tags, set_title, split_tags
from courseware.quizimport.markdown import html_to_text
from courseware.quizimport.media import MediaStore
from courseware.quizimport.moodle_cloze import cloze, gaps
from courseware.quizimport.moodle_text import QuestionReader, element_text
from courseware.quizimport.source import parse_xml

READERS: dict[str, Callable[[QuestionReader], dict[str, Any]]] = {
    "multichoice": types.multichoice,
    "truefalse": types.truefalse,
    "shortanswer": types.shortanswer,
    "numerical": types.numerical,
    "matching": types.matching,
    "ordering": types.ordering,
    "essay": types.essay,
    "cloze": cloze,
    "multianswer": cloze,
    "gapselect": gaps,
    "ddwtos": gaps,
}
_WHOLE = {"cloze", "multianswer", "gapselect", "ddwtos"}
"""Types whose reader makes the prompt itself and whose mark is one point per blank."""


def read_moodle_xml(path: Path, data: bytes, media: MediaStore) -> BankBuilder:
    """Parse a Moodle XML file; each question that cannot be read is reported and skipped."""
    bank = BankBuilder(path, "Moodle XML")
    root = parse_xml(path, data, "Moodle XML")
    if root.tag != "quiz":
        bank.skip(
            root.sourceline,
            says("quizimport.moodle.not-quiz", tag=f"<{root.tag}>"),
            says("quizimport.moodle.not-quiz.hint"),
        )
        return bank
    for element in root.iter("question"):
        qtype = element.get("type", "")
        if qtype == "category":
            _category(bank, element, media)
            continue
        name = html_to_text(element_text(element.find("name")))
        reader = READERS.get(qtype)
        if qtype == "description":
            text = " ".join(html_to_text(element_text(element.find("questiontext"))).split())
            bank.notes.append(
                says(
                    "quizimport.lost.moodle.description",
                    line=element.sourceline,
                    name=repr(name),
                    text=text,
                )
            )
            continue
        if reader is None:
            bank.skip(
                element.sourceline,
                says("quizimport.moodle.unknown-type", type=qtype or "?", name=repr(name)),
                says("quizimport.unknown-type.hint"),
            )
            continue
        bank.guarded(element.sourceline, _question, bank, element, media, reader, name)
    return bank


def _category(bank: BankBuilder, element: etree._Element, media: MediaStore) -> None:
    r = QuestionReader(element, media)
    info = r.rich("info")
    idnumber = r.value("idnumber") or None
    bank.enter_category(element_text(r.find("category")), idnumber, info, element.sourceline)


def _question(
    bank: BankBuilder,
    element: etree._Element,
    media: MediaStore,
    reader: Callable[[QuestionReader], dict[str, Any]],
    name: str,
) -> None:
    r = QuestionReader(element, media)
    qtype = element.get("type", "")
    data = reader(r)
    if not data.get("feedback"):
        data.pop("feedback", None)
    if qtype not in _WHOLE:
        data["prompt"] = r.rich("questiontext") + _old_image(r)
        grade = r.value("defaultgrade", "1")
        try:
            if float(grade) != 1:
                data["points"] = float(grade)
        except ValueError:
            r.notes.append(says("quizimport.lost.mark-not-number", mark=repr(grade)))
    else:
        grade = r.value("defaultgrade")
        if grade and grade not in {str(len(data.get("blanks", []))), "1"}:
            try:
                if float(grade) != len(data.get("blanks", [])):
                    r.notes.append(says("quizimport.lost.cloze.mark", mark=number(float(grade))))
            except ValueError:
                pass
    _hints(r, data)
    tags = [element_text(t) for t in r.findall("tags") for t in t.findall("tag")]
    data.update(split_tags(tags))
    r.notes.extend(renamed_tags(tags))
    set_title(data, name)
    idnumber = r.value("idnumber") or None
    r.leftovers()
    bank.add(data, idnumber, name, element.sourceline, r.notes)


def _hints(r: QuestionReader, data: dict[str, Any]) -> None:
    hints = []
    for n, element in enumerate(r.findall("hint"), start=1):
        text = r.rich(element)
        if text:
            hints.append(text)
        options = [
            c.tag for c in element if isinstance(c.tag, str) and c.tag not in {"text", "file"}
        ]
        if options:
            r.notes.append(says("quizimport.lost.hint-options", n=n, options=", ".join(options)))
    if hints:
        data["hint"] = hints[0]
    for n, extra in enumerate(hints[1:], start=2):
        r.notes.append(says("quizimport.lost.extra-hint", n=n, hint=extra))


def _old_image(r: QuestionReader) -> str:
    """The image of Moodle's old ``<image>`` tag, kept as a file and shown after the prompt."""
    name = r.value("image")
    encoded = r.value("image_base64")
    if not name:
        return ""
    if not encoded:
        r.notes.append(says("quizimport.lost.old-image.missing", name=repr(name)))
        return ""
    try:
        payload = base64.b64decode(encoded)
    except (binascii.Error, ValueError):
        r.notes.append(says("quizimport.lost.old-image.base64", name=repr(name)))
        return ""
    folder, _, base = name.replace("\\", "/").rpartition("/")
    ref = r.media.add(folder, base, payload)
    return f"\n\n![]({ref})"
