"""Moodle XML building blocks: texts Moodle's parser reads back whole, images as files,
question heads and tails, grade fractions and answers."""

from __future__ import annotations

import base64
import html
import re
from urllib.parse import quote

from lxml import etree

from courseware.errors import SourceSpan
from courseware.export.common import (
    Env,
    Image,
    Rendered,
    moodle_percent,
    number,
    question_title,
    tag_list,
)
from courseware.i18n import says
from courseware.scoring import AnyQuestion

PENALTY = "0.3333333"


class Unrepresentable(Exception):
    """A question Moodle cannot hold (the message says why)."""


def _text(parent: etree._Element, value: str) -> etree._Element:
    """A ``<text>`` child holding ``value`` as Moodle's parser will read it back.

    Moodle's XML parser drops every whitespace-only chunk of character data, and the parser
    splits escaped text at each entity and line break, so the newline between ``&lt;/p&gt;``
    and ``&lt;p&gt;`` would vanish. A CDATA section arrives in one piece (as in Moodle's own
    export); text that contains ``]]>`` cannot be one and stays escaped.
    """
    element = etree.SubElement(parent, "text")
    _fill(element, value)
    return element


def _fill(element: etree._Element, value: str) -> None:
    """Set ``element``'s text, as CDATA when Moodle's parser would lose whitespace of it."""
    if _CHUNKED.search(value) and "]]>" not in value:
        element.text = etree.CDATA(value)
    else:
        element.text = value


_CHUNKED = re.compile(r"[<>&\r\n]")


def _plain(parent: etree._Element, tag: str, value: str, fmt: str = "html") -> etree._Element:
    element = etree.SubElement(parent, tag, format=fmt)
    _text(element, html.escape(value, quote=False) if fmt == "html" else value)
    return element


def _embed(env: Env, parent: etree._Element, rendered: Rendered) -> str:
    """The HTML of ``rendered`` for Moodle; packaged images become ``<file>`` children."""
    if env.options.embed_images:
        return rendered.with_sources(lambda image: image.data_uri)
    for image in rendered.images:
        folder, _, name = ("/" + image.path).rpartition("/")
        file = etree.SubElement(parent, "file", name=name, path=folder + "/", encoding="base64")
        file.text = base64.b64encode(image.data).decode("ascii")
    return rendered.with_sources(_pluginfile)


def _pluginfile(image: Image) -> str:
    return "@@PLUGINFILE@@/" + quote(image.path)


def _rich(
    env: Env,
    parent: etree._Element,
    tag: str,
    markdown: str | None,
    *,
    span: SourceSpan | None = None,
) -> etree._Element:
    """A ``<tag format="html"><text>`` element from Markdown (empty if None)."""
    element = etree.SubElement(parent, tag, format="html")
    text = _text(element, "")
    if markdown:
        _fill(text, _embed(env, element, env.html(markdown, span=span)))
    return element


def _head(
    env: Env, question: AnyQuestion, qtype: str, prompt_html: str | None = None
) -> etree._Element:
    element = etree.Element("question", type=qtype)
    _text(etree.SubElement(element, "name"), question_title(question))
    text = etree.SubElement(element, "questiontext", format="html")
    body = _text(text, "")
    _fill(
        body,
        prompt_html
        if prompt_html is not None
        else _embed(env, text, env.html(question.prompt, span=question.span)),
    )
    general = question.feedback.general if question.feedback else None
    _rich(env, element, "generalfeedback", general)
    etree.SubElement(element, "defaultgrade").text = number(question.points)
    etree.SubElement(element, "penalty").text = "0" if qtype == "essay" else PENALTY
    etree.SubElement(element, "hidden").text = "0"
    etree.SubElement(element, "idnumber").text = question.id
    return element


def _combined(env: Env, element: etree._Element, question: AnyQuestion) -> None:
    feedback = question.feedback
    _rich(env, element, "correctfeedback", feedback.correct if feedback else None)
    _rich(env, element, "partiallycorrectfeedback", feedback.incorrect if feedback else None)
    _rich(env, element, "incorrectfeedback", feedback.incorrect if feedback else None)
    # Moodle writes and reads it with a value (qtype_ordering reads the element's text).
    etree.SubElement(element, "shownumcorrect").text = "1"


def _tail(
    env: Env, element: etree._Element, question: AnyQuestion, *, hints: bool = True
) -> etree._Element:
    if question.hint:
        if hints:
            _rich(env, element, "hint", question.hint)
        else:
            env.lose(question.id, "moodle.hint", type=str(element.get("type")))
    tags = tag_list(question)
    if tags:
        container = etree.SubElement(element, "tags")
        for tag in tags:
            _text(etree.SubElement(container, "tag"), tag)
    return element


def _fraction(credit: float, what: str) -> str:
    percent = moodle_percent(credit)
    if percent is None:
        raise Unrepresentable(
            says(
                "export.moodle.bad-credit",
                what=what,
                credit=f"{credit:.6g}",
                percent=f"{credit * 100:.4g}",
            )
        )
    return percent


def _answer(
    env: Env, parent: etree._Element, fraction: str, text: str, *, fmt: str, feedback: str | None
) -> etree._Element:
    answer = etree.SubElement(parent, "answer", fraction=fraction, format=fmt)
    _text(answer, html.escape(text, quote=False) if fmt == "html" else text)
    _rich(env, answer, "feedback", feedback)
    return answer


def _wildcard_escape(text: str) -> str:
    # In short-answer answers "*" is a wildcard; a literal one is written "\*".
    return text.replace("*", "\\*")
