"""Moodle's embedded-answer (cloze) questions, and gap-select and drag-into-text as cloze."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from courseware.export.rich import html_fragments
from courseware.export.values import number
from courseware.i18n import says
from courseware.quizimport.common import fold_spellings
from courseware.quizimport.markdown import html_to_markdown, html_to_text
from courseware.quizimport.moodle_text import QuestionReader, element_text
from courseware.quizimport.moodle_types import combined_feedback

_CODE = re.compile(r"\{(\d*):([A-Z_]+):((?:\\.|[^}\\])*)\}")
_WEIGHT = re.compile(r"%(-?\d+(?:\.\d+)?)%")
_GAP = re.compile(r"\[\[(\d+)\]\]")
_CHOICE_KINDS = ("MULTICHOICE", "MC", "MULTIRESPONSE", "MR")
_TEXT_KINDS = {"SHORTANSWER", "SA", "MW", "SHORTANSWER_C", "SAC", "MWC", "NUMERICAL", "NM"}


def _split(body: str, mark: str) -> list[str]:
    return [p for p in re.split(rf"(?<!\\){mark}", body)]


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _answers(body: str) -> list[tuple[str, float, str]]:
    """(answer, credit, feedback) of each answer in a code's answer list."""
    out = []
    for part in _split(body, "~"):
        pieces = _split(part, "#")
        text = pieces[0]
        feedback = part[len(text) + 1 :] if len(pieces) > 1 else ""
        credit = 0.0
        if text.startswith("="):
            credit, text = 1.0, text[1:]
        elif match := _WEIGHT.match(text):
            credit, text = float(match.group(1)) / 100, text[match.end() :]
        out.append((html_to_text(_unescape(text)), credit, html_to_text(_unescape(feedback))))
    return out


def _blank(r: QuestionReader, n: int, weight: str, kind: str, body: str) -> dict[str, Any]:
    blank: dict[str, Any] = {"id": f"b{n}"}
    answers = _answers(body)
    base = kind.rstrip("S") if kind.endswith(("_S", "CS", "RS", "VS", "HS")) else kind
    where = says("quizimport.lost.blank", n=n)
    if weight not in {"", "1"}:
        r.notes.append(says("quizimport.lost.cloze.weight", where=where, weight=weight))
    for text, credit, feedback in answers:
        if feedback:
            r.notes.append(
                says(
                    "quizimport.lost.cloze.feedback",
                    where=where,
                    answer=repr(text),
                    feedback=feedback,
                )
            )
        if 0 < credit < 1 or credit < 0:
            r.notes.append(
                says(
                    "quizimport.lost.cloze.partial",
                    where=where,
                    answer=repr(text),
                    percent=number(credit * 100),
                )
            )
    full = [text for text, credit, _ in answers if credit >= 1]
    if base.startswith(_CHOICE_KINDS):
        blank["choices"] = list(dict.fromkeys(text for text, _, _ in answers))
        blank["answers"] = full
        if base.startswith(("MULTIRESPONSE", "MR")):
            r.notes.append(says("quizimport.lost.cloze.ticks", where=where))
        elif base not in {"MULTICHOICE", "MC"}:
            r.notes.append(says("quizimport.lost.cloze.layout", where=where, kind=kind))
        return blank
    if base not in _TEXT_KINDS:
        r.notes.append(says("quizimport.lost.cloze.unknown-kind", where=where, kind=kind))
    texts = [t.replace("\\*", "*") for t in full]
    case_sensitive = base in {"SHORTANSWER_C", "SAC", "MWC"}
    if base in {"NUMERICAL", "NM"}:
        r.notes.append(says("quizimport.lost.cloze.numeric", where=where))
        texts = [t.split(":")[0] for t in texts]
    keep, accents = fold_spellings(texts, case_sensitive=case_sensitive)
    blank["answers"] = [texts[i] for i in keep]
    if case_sensitive:
        blank["case_sensitive"] = True
    if accents:
        blank["accent_sensitive"] = True
    return blank


def _split_prompt(marked: str, name: str) -> tuple[str, str]:
    """(prompt, text) Markdown: leading blocks without blanks are the prompt."""
    fragments = html_fragments(marked)
    blocks = [f for f in fragments if not isinstance(f, str)]
    loose = any(isinstance(f, str) and f.strip() for f in fragments) or any(
        (f.tail or "").strip() for f in blocks
    )
    if loose or not blocks:
        text = html_to_markdown(marked)
        return name, text
    lead = 0
    while lead < len(blocks) - 1 and "[[" not in etree.tostring(blocks[lead], encoding="unicode"):
        lead += 1
    prompt = "".join(etree.tostring(f, encoding="unicode", with_tail=False) for f in blocks[:lead])
    text = "".join(etree.tostring(f, encoding="unicode", with_tail=False) for f in blocks[lead:])
    return html_to_markdown(prompt) or name, html_to_markdown(text)


def _finish(r: QuestionReader, marked: str, blanks: list[dict[str, Any]]) -> dict[str, Any]:
    name = html_to_text(element_text(r.element.find("name")))
    prompt, text = _split_prompt(marked, name)
    text = text.replace("\\[\\[", "[[").replace("\\]\\]", "]]")
    text = re.sub(r"\[\[(b\d+)\\\]\\\]|\\\[\\\[(b\d+)\]\]", r"[[\1\2]]", text)
    return {
        "type": "cloze",
        "prompt": prompt,
        "text": text,
        "blanks": blanks,
        "feedback": combined_feedback(r),
    }


def cloze(r: QuestionReader) -> dict[str, Any]:
    """A multianswer question: each ``{1:SHORTANSWER:=...}`` becomes a blank."""
    html = r.html(r.element.find("questiontext"))
    blanks: list[dict[str, Any]] = []

    def replace(match: re.Match[str]) -> str:
        blank = _blank(r, len(blanks) + 1, match.group(1), match.group(2), match.group(3))
        blanks.append(blank)
        return f"[[{blank['id']}]]"

    marked = _CODE.sub(replace, html)
    return _finish(r, marked, blanks)


def gaps(r: QuestionReader) -> dict[str, Any]:
    """gapselect and ddwtos: ``[[n]]`` is a gap whose answer is option n of its group."""
    qtype = r.element.get("type", "")
    tag = "selectoption" if qtype == "gapselect" else "dragbox"
    options = [
        (element_text(o).strip(), (o.findtext("group") or "1").strip()) for o in r.findall(tag)
    ]
    html = r.html(r.element.find("questiontext"))
    blanks: list[dict[str, Any]] = []

    def replace(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        if not 0 <= index < len(options):
            r.notes.append(says("quizimport.lost.gap-no-option", gap=f"[[{index + 1}]]"))
            return match.group(0)
        answer, group = options[index]
        blank = {
            "id": f"b{len(blanks) + 1}",
            "answers": [answer],
            "choices": list(dict.fromkeys(t for t, g in options if g == group)),
        }
        blanks.append(blank)
        return f"[[{blank['id']}]]"

    marked = _GAP.sub(replace, html)
    if qtype == "ddwtos":
        r.notes.append(says("quizimport.lost.drag-into-text"))
    for element in r.findall(tag):
        if element.find("infinite") is not None:
            r.notes.append(says("quizimport.lost.infinite"))
            break
    return _finish(r, marked, blanks)
