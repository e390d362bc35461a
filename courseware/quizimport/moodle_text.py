"""One Moodle XML question as it is read: texts in their formats, embedded files, leftovers.

Every child element a reader does not use, and whose value is not the one our exporter
writes by default, becomes a loss note: nothing is dropped in silence.
"""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import unquote

from lxml import etree

from courseware.i18n import says
from courseware.quizimport.markdown import (
    html_to_markdown,
    html_to_text,
    moodle_to_markdown,
    text_to_markdown,
)
from courseware.quizimport.media import MediaStore, clean_path

DEFAULTS: dict[str, set[str]] = {
    "penalty": {"0.3333333", "0.33333", "0.3333334", "0", "0.0000000", "1", "1.0000000"},
    "hidden": {"0"},
    "answernumbering": {"abc", "none", "ABCD", "123", "iii", "IIII"},
    "showstandardinstruction": {"0", "1"},
    "shownumcorrect": {"", "1"},
    "unitgradingtype": {"0"},
    "unitpenalty": {"0.1000000", "0.1", "0"},
    "showunits": {"3", "0", "1", "2"},
    "unitsleft": {"0"},
    "layouttype": {"VERTICAL", "HORIZONTAL"},
    "selecttype": {"ALL"},
    "selectcount": {"0"},
    "gradingtype": {"ALL_OR_NOTHING"},
    "showgrading": {"SHOW", "HIDE"},
    "numberingstyle": {"none"},
    "responseformat": {"editor", "editorfilepicker", "plain", "monospaced", "noinline"},
    "responserequired": {"1", "0"},
    "responsefieldlines": {"15", "10", "5", "20", "25", "30", "35", "40"},
    "attachments": {"0"},
    "attachmentsrequired": {"0"},
    "maxbytes": {"0"},
    "filetypeslist": {""},
    "responsetemplate": {""},
    "graderinfo": {""},
    "correctfeedback": {""},
    "incorrectfeedback": {""},
    "partiallycorrectfeedback": {""},
    "generalfeedback": {""},
    "defaultgrade": {"1", "1.0000000", "1.0"},
    "idnumber": {""},
    "tags": {""},
    "usecase": {"0"},
    "shuffleanswers": {"true", "1", "false", "0"},
    "single": {"true", "false", "1", "0"},
    "image": {""},
    "image_base64": {""},
    "unitgradingtypes": {"0"},
    "instructions": {""},
}
"""Values of elements the bank has no field for that mean nothing lost (display settings,
or what our exporter writes for every question)."""

_PLUGINFILE = re.compile(r"@@PLUGINFILE@@/([^\"'\s<>)]*)")
_IMG = re.compile(r"<img\b[^>]*\bsrc=[\"']([^\"']*)", re.I)


def element_text(element: etree._Element | None) -> str:
    """The ``<text>`` of an element, or the element's own text."""
    if element is None:
        return ""
    found = element.find("text")
    if found is not None:
        return found.text or ""
    return element.text or "" if not len(element) else ""


def leaf_value(element: etree._Element) -> str:
    """The value of a setting element (its text, or its ``<text>`` child's)."""
    return element_text(element).strip()


class QuestionReader:
    """Reads one ``<question>``: which children were used, loss notes, files found."""

    def __init__(self, element: etree._Element, media: MediaStore) -> None:
        self.element = element
        self.media = media
        self.used: set[str] = {"name", "questiontext"}
        self.notes: list[str] = []

    def find(self, tag: str) -> etree._Element | None:
        """A child element, marked as used."""
        self.used.add(tag)
        return self.element.find(tag)

    def findall(self, tag: str) -> list[etree._Element]:
        """Child elements, marked as used."""
        self.used.add(tag)
        return list(self.element.findall(tag))

    def value(self, tag: str, default: str = "") -> str:
        """A setting's value, marked as used."""
        found = self.find(tag)
        return leaf_value(found) if found is not None else default

    def flag(self, tag: str, default: bool) -> bool:
        """A true/false setting."""
        value = self.value(tag).lower()
        return default if not value else value in {"true", "1", "yes"}

    # --- texts ------------------------------------------------------------------------
    def html(self, element: etree._Element | None) -> str:
        """The HTML of a text element, its embedded files kept and references rewritten."""
        if element is None:
            return ""
        found: dict[str, str] = {}
        for file in element.findall("file"):
            name = file.get("name") or "file"
            folder = file.get("path") or "/"
            try:
                data = base64.b64decode((file.text or "").strip(), validate=False)
            except (binascii.Error, ValueError):
                self.notes.append(says("quizimport.lost.bad-base64", name=repr(name)))
                continue
            ref = self.media.add(folder, name, data)
            found[clean_path(folder, name)] = ref
        raw = element_text(element)

        def swap(match: re.Match[str]) -> str:
            target = unquote(match.group(1))
            folder, _, name = target.rpartition("/")
            if clean_path(folder, name) in found:
                return found[clean_path(folder, name)]
            self.notes.append(says("quizimport.lost.missing-file", name=repr(target)))
            return "media/" + clean_path(folder, name)

        raw = _PLUGINFILE.sub(swap, raw) if "@@PLUGINFILE@@" in raw else raw
        return self.media.data_uris(raw)

    def rich(self, tag_or_element: str | etree._Element | None) -> str:
        """A text element as Markdown, read in its ``format``."""
        element = self.find(tag_or_element) if isinstance(tag_or_element, str) else tag_or_element
        if element is None:
            return ""
        html = self.html(element)
        fmt = element.get("format", "html")
        if fmt == "markdown":
            return html.strip()
        if fmt == "plain_text":
            return text_to_markdown(html)
        if fmt == "moodle_auto_format":
            return moodle_to_markdown(html)
        return html_to_markdown(html)

    def plain(self, element: etree._Element | None, what: str) -> str:
        """A choice or item as plain text; images in it are kept as files and noted."""
        if element is None:
            return ""
        html = self.html(element)
        fmt = element.get("format", "html")
        if fmt in {"plain_text", "markdown"}:
            return html.strip()
        text = html_to_text(html) if ("<" in html or "&" in html) else " ".join(html.split())
        for src in _IMG.findall(html):
            self.notes.append(
                says(
                    "quizimport.lost.image-in-choice",
                    what=says(f"quizimport.lost.what.{what}"),
                    text=repr(text),
                    src=src,
                )
            )
        return text

    def leftovers(self) -> None:
        """Loss notes for every unused child whose value is not a harmless default."""
        for child in self.element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if not tag or tag in self.used:
                continue
            value = leaf_value(child)
            if value in DEFAULTS.get(tag, ()):
                continue
            shown = " ".join(value.split())
            if len(shown) > 200:
                shown = shown[:199] + "…"
            self.notes.append(
                says(
                    "quizimport.lost.unused-tag", tag=f"<{tag}> {shown!r}" if shown else f"<{tag}>"
                )
            )
