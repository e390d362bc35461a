"""Moodle XML question types, read into bank data (cloze and drag-and-drop in moodle_cloze)."""

from __future__ import annotations

from typing import Any

from lxml import etree

from courseware.export.moodle_xml import MODEL_ANSWER_CLASS, RUBRIC_CLASS
from courseware.export.values import number
from courseware.i18n import says
from courseware.quizimport.common import choice_weights, fold_spellings, with_feedback
from courseware.quizimport.markdown import html_to_markdown
from courseware.quizimport.moodle_text import QuestionReader, element_text


def fraction(answer: etree._Element) -> float:
    """An answer's grade fraction (``fraction="50"`` -> 0.5)."""
    try:
        return float(answer.get("fraction") or 0) / 100
    except ValueError:
        return 0.0


def combined_feedback(r: QuestionReader, **given: str | None) -> dict[str, str]:
    values = {"correct": r.rich("correctfeedback"), "incorrect": r.rich("incorrectfeedback")}
    for key, value in given.items():
        if value:
            if values.get(key) and values[key] != value:
                r.notes.append(
                    says(
                        "quizimport.lost.feedback-replaced",
                        which=says(f"quizimport.lost.which.{key}"),
                        feedback=repr(values[key]),
                    )
                )
            values[key] = value
    partly = r.rich("partiallycorrectfeedback")
    if partly and partly != values.get("incorrect"):
        r.notes.append(says("quizimport.lost.partly-correct", feedback=partly))
    values["general"] = r.rich("generalfeedback")
    return {k: v for k, v in values.items() if v}


def multichoice(r: QuestionReader) -> dict[str, Any]:
    single = r.flag("single", True)
    choices = []
    for answer in r.findall("answer"):
        credit = fraction(answer)
        choice: dict[str, Any] = {"text": r.plain(answer, "choice")}
        if credit >= 1 or (not single and credit > 0):
            choice["correct"] = True
        if not single:
            choice["weight"] = round(max(-1.0, min(credit, 1.0)), 7)
        if single and 0 < credit < 1:
            r.notes.append(
                says(
                    "quizimport.lost.partial-choice",
                    choice=repr(choice["text"]),
                    percent=number(credit * 100),
                )
            )
        feedback = r.rich(answer.find("feedback"))
        if feedback:
            choice["feedback"] = feedback
        choices.append(choice)
    if single:
        for choice in [c for c in choices if c.get("correct")][1:]:
            del choice["correct"]
            r.notes.append(says("quizimport.lost.second-right", choice=repr(choice["text"])))
    data: dict[str, Any] = {
        "type": "single_choice" if single else "multiple_response",
        "choices": choices,
    }
    if not single:
        choice_weights(data)
    if not r.flag("shuffleanswers", True):
        data["shuffle"] = False
    data["feedback"] = combined_feedback(r)
    return data


def truefalse(r: QuestionReader) -> dict[str, Any]:
    answer, right, wrong = True, "", ""
    for element in r.findall("answer"):
        value = element_text(element).strip().lower() in {"true", "verdadero", "1", "vrai"}
        feedback = r.rich(element.find("feedback"))
        if fraction(element) >= 1:
            answer, right = value, feedback
        else:
            wrong = feedback
    return {
        "type": "true_false",
        "answer": answer,
        "feedback": combined_feedback(r, correct=right, incorrect=wrong),
    }


def shortanswer(r: QuestionReader) -> dict[str, Any]:
    case_sensitive = r.value("usecase", "0") == "1"
    answers: list[dict[str, Any]] = []
    wrong = None
    for element in r.findall("answer"):
        credit, text = fraction(element), r.plain(element, "answer")
        feedback = r.rich(element.find("feedback"))
        if text == "*" and credit == 0:
            wrong = feedback
            continue
        if credit <= 0:
            r.notes.append(
                with_feedback(
                    says(
                        "quizimport.lost.partial-answer",
                        answer=repr(text),
                        percent=number(credit * 100),
                    ),
                    feedback,
                )
            )
            continue
        answer: dict[str, Any] = {"text": text.replace("\\*", "*")}
        if credit != 1:
            answer["credit"] = min(credit, 1.0)
        if feedback:
            answer["feedback"] = feedback
        answers.append(answer)
    keep, accents = fold_spellings([a["text"] for a in answers], case_sensitive=case_sensitive)
    data: dict[str, Any] = {"type": "short_answer", "answers": [answers[i] for i in keep]}
    if case_sensitive:
        data["case_sensitive"] = True
    if accents:
        data["accent_sensitive"] = True
    data["feedback"] = combined_feedback(r, incorrect=wrong)
    return data


def numerical(r: QuestionReader) -> dict[str, Any]:
    data: dict[str, Any] = {"type": "numeric"}
    right = wrong = None
    for element in r.findall("answer"):
        credit, text = fraction(element), element_text(element).strip()
        feedback = r.rich(element.find("feedback"))
        tolerance = element.findtext("tolerance") or "0"
        if text == "*":
            wrong = feedback
            continue
        try:
            value, spread = float(text), abs(float(tolerance))
        except ValueError:
            r.notes.append(says("quizimport.lost.not-a-number", answer=repr(text)))
            continue
        if credit >= 1 and "answer" not in data:
            data["answer"] = value
            if spread:
                data["tolerance"] = spread
            right = feedback
            continue
        r.notes.append(
            with_feedback(
                says(
                    "quizimport.lost.numeric-answer",
                    answer=f"{text} ± {tolerance}",
                    percent=number(credit * 100),
                ),
                feedback,
            )
        )
    _units(r, data)
    data["feedback"] = combined_feedback(r, correct=right, incorrect=wrong)
    return data


def _units(r: QuestionReader, data: dict[str, Any]) -> None:
    units = r.find("units")
    if units is None:
        return
    for n, unit in enumerate(units.findall("unit")):
        name = (unit.findtext("unit_name") or "").strip()
        multiplier = (unit.findtext("multiplier") or "1").strip()
        if n == 0 and name and float(multiplier or 1) == 1:
            data["unit"] = name
        elif name:
            r.notes.append(says("quizimport.lost.unit", unit=repr(name), multiplier=multiplier))
    showunits = r.value("showunits", "3")
    if showunits != "3" and data.get("unit"):
        r.notes.append(says("quizimport.lost.unit-graded"))


def matching(r: QuestionReader) -> dict[str, Any]:
    pairs, distractors = [], []
    for sub in r.findall("subquestion"):
        left = r.plain(sub, "item")
        right = element_text(sub.find("answer")).strip()
        if left:
            pairs.append({"left": left, "right": right})
        else:
            distractors.append(right)
    r.flag("shuffleanswers", True)
    data: dict[str, Any] = {"type": "matching", "pairs": pairs}
    if distractors:
        data["distractors"] = distractors
    data["feedback"] = combined_feedback(r)
    return data


def ordering(r: QuestionReader) -> dict[str, Any]:
    # As Moodle reads it: the answers' order is the right order (fraction is only a sort key
    # Moodle rewrites on saving).
    items = [r.plain(answer, "item") for answer in r.findall("answer")]
    return {"type": "ordering", "items": items, "feedback": combined_feedback(r)}


def essay(r: QuestionReader) -> dict[str, Any]:
    data: dict[str, Any] = {"type": "essay"}
    info = r.find("graderinfo")
    html = r.html(info) if info is not None else ""
    _grader_info(data, html)
    for tag, key in (("minwordlimit", "min_words"), ("maxwordlimit", "max_words")):
        value = r.value(tag)
        if value.isdigit() and int(value):
            data[key] = int(value)
    template = r.rich("responsetemplate")
    if template:
        r.notes.append(says("quizimport.lost.response-template", template=template))
    data["feedback"] = combined_feedback(r)
    return data


def _grader_info(data: dict[str, Any], info: str) -> None:
    from courseware.export.rich import html_fragments

    if not info.strip():
        return
    fragments = [f for f in html_fragments(info) if not isinstance(f, str)]
    ours = [f for f in fragments if f.get("class") in {RUBRIC_CLASS, MODEL_ANSWER_CLASS}]
    if not ours:
        data["model_answer"] = html_to_markdown(info)
        return
    for fragment in ours:
        if fragment.get("class") == RUBRIC_CLASS:
            rubric = []
            for row in fragment.iter("tr"):
                cells = row.findall("td")
                criterion: dict[str, Any] = {
                    "criterion": cells[0].text_content().strip(),
                    "points": float(cells[1].text_content() or 0),
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
        else:
            data["model_answer"] = html_to_markdown(
                "".join(etree.tostring(c, encoding="unicode") for c in fragment)
            )
