"""Read Moodle XML question files into bank data."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lxml import etree

from courseware.errors import CoursewareError, Issue, SourceSpan
from courseware.export.common import html_fragments
from courseware.export.moodle_xml import MODEL_ANSWER_CLASS, RUBRIC_CLASS
from courseware.quizimport.common import (
    BankBuilder,
    choice_weights,
    fold_spellings,
    set_title,
    split_tags,
)
from courseware.quizimport.markdown import html_to_markdown, html_to_text

_CODE = re.compile(
    r"\{(\d*):(SHORTANSWER|SA|MW|SHORTANSWER_C|SAC|MWC|MULTICHOICE\w*|MC\w*|NUMERICAL|NM):((?:\\.|[^}])*)\}"
)


def _text(element: etree._Element | None, path: str = "text") -> str:
    if element is None:
        return ""
    found = element.find(path) if path else element
    return (found.text or "") if found is not None else ""


def _rich(question: etree._Element, tag: str) -> str:
    element = question.find(tag)
    if element is None:
        return ""
    html = _text(element).replace("@@PLUGINFILE@@/", "")
    html = re.sub(r'src="([^"]*)"', lambda m: f'src="{unquote(m.group(1))}"', html)
    fmt = element.get("format", "html")
    return html_to_markdown(html) if fmt in {"html", "moodle_auto_format"} else html.strip()


def _float(value: str | None, default: float = 0.0) -> float:
    try:
        return float(value) if value not in (None, "") else default
    except ValueError:
        return default


def _answers(question: etree._Element) -> list[tuple[float, str, str]]:
    out = []
    for answer in question.findall("answer"):
        fmt = answer.get("format", "")
        raw = _text(answer)
        text = html_to_text(raw) if fmt == "html" else raw.strip()
        out.append((_float(answer.get("fraction")) / 100, text, _rich(answer, "feedback")))
    return out


def _feedback(question: etree._Element, **extra: str | None) -> dict[str, str]:
    values = {
        "correct": _rich(question, "correctfeedback"),
        "incorrect": _rich(question, "incorrectfeedback"),
    }
    values.update({k: v for k, v in extra.items() if v})
    values["general"] = _rich(question, "generalfeedback")
    return {k: v for k, v in values.items() if v}


def _choice(question: etree._Element) -> dict[str, Any]:
    single = (question.findtext("single") or "true").strip().lower() in {"true", "1"}
    choices = []
    for fraction, text, feedback in _answers(question):
        choice: dict[str, Any] = {"text": text}
        if fraction > 0:
            choice["correct"] = True
        if not single:
            choice["weight"] = round(fraction, 7)
        if feedback:
            choice["feedback"] = feedback
        choices.append(choice)
    shuffle = (question.findtext("shuffleanswers") or "true").strip().lower() in {"true", "1"}
    data: dict[str, Any] = {
        "type": "single_choice" if single else "multiple_response",
        "choices": choices,
    }
    if not single:
        choice_weights(data)
    if not shuffle:
        data["shuffle"] = False
    data["feedback"] = _feedback(question)
    return data


def _short(question: etree._Element) -> dict[str, Any]:
    case_sensitive = (question.findtext("usecase") or "0").strip() == "1"
    answers: list[dict[str, Any]] = []
    wrong = None
    for fraction, text, feedback in _answers(question):
        if text == "*" and fraction == 0:
            wrong = feedback
            continue
        answer: dict[str, Any] = {"text": text.replace("\\*", "*")}
        if fraction != 1:
            answer["credit"] = fraction
        if feedback:
            answer["feedback"] = feedback
        answers.append(answer)
    keep, accent_sensitive = fold_spellings(
        [a["text"] for a in answers], case_sensitive=case_sensitive
    )
    data: dict[str, Any] = {"type": "short_answer", "answers": [answers[i] for i in keep]}
    if case_sensitive:
        data["case_sensitive"] = True
    if accent_sensitive:
        data["accent_sensitive"] = True
    data["feedback"] = _feedback(question, incorrect=wrong)
    return data


def _numeric(question: etree._Element) -> dict[str, Any]:
    data: dict[str, Any] = {"type": "numeric"}
    wrong = right = None
    for answer in question.findall("answer"):
        fraction = _float(answer.get("fraction")) / 100
        text = _text(answer).strip()
        if text == "*":
            wrong = _rich(answer, "feedback")
            continue
        if fraction == 1 and "answer" not in data:
            data["answer"] = _float(text)
            tolerance = _float(answer.findtext("tolerance"))
            if tolerance:
                data["tolerance"] = tolerance
            right = _rich(answer, "feedback")
    unit = question.findtext("units/unit/unit_name")
    if unit:
        data["unit"] = unit.strip()
    data["feedback"] = _feedback(question, correct=right, incorrect=wrong)
    return data


def _matching(question: etree._Element) -> dict[str, Any]:
    pairs, distractors = [], []
    for sub in question.findall("subquestion"):
        left = (
            html_to_text(_text(sub)) if sub.get("format", "html") == "html" else _text(sub).strip()
        )
        right = _text(sub, "answer/text").strip()
        if left:
            pairs.append({"left": left, "right": right})
        else:
            distractors.append(right)
    data: dict[str, Any] = {"type": "matching", "pairs": pairs}
    if distractors:
        data["distractors"] = distractors
    data["feedback"] = _feedback(question)
    return data


def _ordering(question: etree._Element) -> dict[str, Any]:
    ranked = sorted(_answers(question), key=lambda a: a[0])
    return {
        "type": "ordering",
        "items": [text for _, text, _ in ranked],
        "feedback": _feedback(question),
    }


def _cloze_answers(body: str) -> list[tuple[str, float]]:
    parts = re.split(r"(?<!\\)~", body)
    out = []
    for part in parts:
        part = part.split("#")[0] if not re.search(r"\\#", part) else re.split(r"(?<!\\)#", part)[0]
        fraction = 0.0
        if part.startswith("="):
            fraction, part = 1.0, part[1:]
        elif m := re.match(r"%(-?\d+(?:\.\d+)?)%", part):
            fraction, part = float(m.group(1)) / 100, part[m.end() :]
        out.append((re.sub(r"\\(.)", r"\1", part).strip(), fraction))
    return out


def _cloze(question: etree._Element) -> dict[str, Any]:
    html = _text(question.find("questiontext")).replace("@@PLUGINFILE@@/", "")
    blanks: list[dict[str, Any]] = []

    def replace(match: re.Match[str]) -> str:
        kind = match.group(2)
        answers = _cloze_answers(match.group(3))
        blank: dict[str, Any] = {"id": f"b{len(blanks) + 1}"}
        if kind.startswith(("MULTICHOICE", "MC")):
            blank["choices"] = [html_to_text(a) for a, _ in answers]
            blank["answers"] = [html_to_text(a) for a, f in answers if f == 1]
        else:
            texts = [html_to_text(a).replace("\\*", "*") for a, f in answers if f == 1]
            case_sensitive = kind in {"SHORTANSWER_C", "SAC", "MWC"}
            keep, accent_sensitive = fold_spellings(texts, case_sensitive=case_sensitive)
            blank["answers"] = [texts[i] for i in keep]
            if case_sensitive:
                blank["case_sensitive"] = True
            if accent_sensitive:
                blank["accent_sensitive"] = True
        blanks.append(blank)
        return f"[[{blank['id']}]]"

    marked = _CODE.sub(replace, html)
    fragments = [f for f in html_fragments(marked) if not isinstance(f, str)]
    lead = 0
    while lead < len(fragments) - 1 and "[[" not in etree.tostring(
        fragments[lead], encoding="unicode"
    ):
        lead += 1
    prompt_html = "".join(
        etree.tostring(f, encoding="unicode", with_tail=False) for f in fragments[:lead]
    )
    text_html = (
        "".join(etree.tostring(f, encoding="unicode", with_tail=False) for f in fragments[lead:])
        or marked
    )
    text = html_to_markdown(text_html).replace("\\[\\[", "[[").replace("\\]\\]", "]]")
    return {
        "type": "cloze",
        "prompt": html_to_markdown(prompt_html) or html_to_text(_text(question.find("name"))),
        "text": text,
        "blanks": blanks,
        "feedback": _feedback(question),
    }


def _essay(question: etree._Element) -> dict[str, Any]:
    data: dict[str, Any] = {"type": "essay"}
    info = _text(question.find("graderinfo"))
    for fragment in html_fragments(info):
        if isinstance(fragment, str):
            continue
        if fragment.get("class") == RUBRIC_CLASS:
            rubric = []
            for row in fragment.iter("tr"):
                cells = row.findall("td")
                criterion: dict[str, Any] = {
                    "criterion": cells[0].text_content().strip(),
                    "points": _float(cells[1].text_content()),
                }
                inner = (
                    "".join(etree.tostring(c, encoding="unicode") for c in cells[2])
                    if len(cells) > 2
                    else ""
                )
                if inner.strip():
                    criterion["description"] = html_to_markdown(inner)
                rubric.append(criterion)
            data["rubric"] = rubric
        elif fragment.get("class") == MODEL_ANSWER_CLASS:
            data["model_answer"] = html_to_markdown(
                "".join(etree.tostring(c, encoding="unicode") for c in fragment)
            )
        elif info.strip():
            data["model_answer"] = html_to_markdown(info)
            break
    for tag, key in (("minwordlimit", "min_words"), ("maxwordlimit", "max_words")):
        value = (question.findtext(tag) or "").strip()
        if value.isdigit() and int(value):
            data[key] = int(value)
    data["feedback"] = _feedback(question)
    return data


def _truefalse(question: etree._Element) -> dict[str, Any]:
    answer = True
    right = wrong = ""
    for fraction, text, feedback in _answers(question):
        value = text.strip().lower() in {"true", "verdadero", "1"}
        if fraction == 1:
            answer, right = value, feedback
        else:
            wrong = feedback
    return {
        "type": "true_false",
        "answer": answer,
        "feedback": _feedback(question, correct=right, incorrect=wrong),
    }


READERS = {
    "multichoice": _choice,
    "truefalse": _truefalse,
    "shortanswer": _short,
    "numerical": _numeric,
    "matching": _matching,
    "ordering": _ordering,
    "cloze": _cloze,
    "multianswer": _cloze,
    "essay": _essay,
}


def read_moodle_xml(path: Path, text: str) -> BankBuilder:
    """Parse a Moodle XML file; errors cite ``file:line``."""
    bank = BankBuilder(path)
    try:
        root = etree.fromstring(
            text.lstrip("\ufeff").encode("utf-8"),
            etree.XMLParser(resolve_entities=False, no_network=True),
        )
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        raise CoursewareError(
            Issue(
                "error", f"Moodle XML: {exc.msg}", SourceSpan(path, line, 1), code="moodle-syntax"
            )
        ) from None
    for element in root.iter("question"):
        qtype = element.get("type", "")
        idnumber = (element.findtext("idnumber") or "").strip() or None
        if qtype == "category":
            bank.enter_category(_text(element.find("category")), idnumber)
            continue
        reader = READERS.get(qtype)
        name = html_to_text(_text(element.find("name")))
        if reader is None:
            bank.notes.append(
                f"line {element.sourceline}: {qtype!r} question {name!r} skipped (no such type "
                f"here)"
            )
            continue
        data = reader(element)
        if not data.get("feedback"):
            data.pop("feedback", None)
        if qtype not in {"cloze", "multianswer"}:
            data["prompt"] = _rich(element, "questiontext")
        grade = element.findtext("defaultgrade")
        if grade and _float(grade, 1) != 1 and qtype not in {"cloze", "multianswer"}:
            data["points"] = _float(grade, 1)
        hint = element.find("hint")
        if hint is not None and _text(hint).strip():
            data["hint"] = _rich(element, "hint")
        data.update(split_tags([t.text or "" for t in element.findall("tags/tag/text")]))
        set_title(data, name)
        bank.add(data, idnumber, name)
    return bank
