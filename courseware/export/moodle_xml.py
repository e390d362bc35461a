"""Moodle XML: categories, every core question type, per-answer feedback and grade fractions."""

from __future__ import annotations

import html
import re

from lxml import etree

from courseware.export.common import Env, ExportResult, number, question_title, xml_bytes
from courseware.export.moodle_blocks import (
    PENALTY,
    Unrepresentable,
    _answer,
    _combined,
    _embed,
    _fill,
    _fraction,
    _head,
    _rich,
    _tail,
    _text,
    _wildcard_escape,
)
from courseware.i18n import says
from courseware.model.quiz import (
    BLANK_PATTERN,
    ClozeQuestion,
    EssayQuestion,
    MatchingQuestion,
    MultipleResponseQuestion,
    NumericQuestion,
    OrderingQuestion,
    ShortAnswerQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from courseware.render.markdown import render_markdown
from courseware.scoring import AnyQuestion, accepted_spellings, choice_credits, strip_accents

TARGET = "moodle"
RUBRIC_CLASS = "courseware-rubric"
MODEL_ANSWER_CLASS = "courseware-model-answer"


def export_moodle_xml(env: Env) -> ExportResult:
    """The bank as one Moodle XML file ``<bank-id>.xml``."""
    root = etree.Element("quiz")
    bank = env.bank
    for category, questions in env.grouped():
        path = [bank.title] + ([category.title] if category else [])
        cat = etree.SubElement(root, "question", type="category")
        _text(
            etree.SubElement(cat, "category"),
            "$course$/top/" + "/".join(_path_part(p) for p in path),
        )
        description = category.description if category else bank.description
        if description:
            _rich(env, cat, "info", description, span=(category or bank).span)
        etree.SubElement(cat, "idnumber").text = f"{bank.id}.{category.id}" if category else bank.id
        for question in questions:
            element = _question(env, question)
            if element is not None:
                root.append(element)
    for quiz in bank.quizzes:
        env.lose(quiz.id, "moodle.quiz")
    return env.result({f"{bank.id}.xml": xml_bytes(root)})


def _path_part(title: str) -> str:
    # Moodle writes a "/" inside a category name as "//".
    return title.replace("/", "//")


def _question(env: Env, question: AnyQuestion) -> etree._Element | None:
    try:
        if isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion):
            return _multichoice(env, question)
        if isinstance(question, TrueFalseQuestion):
            return _truefalse(env, question)
        if isinstance(question, ShortAnswerQuestion):
            return _shortanswer(env, question)
        if isinstance(question, NumericQuestion):
            return _numerical(env, question)
        if isinstance(question, MatchingQuestion):
            return _matching(env, question)
        if isinstance(question, OrderingQuestion):
            return _ordering(env, question)
        if isinstance(question, ClozeQuestion):
            return _cloze(env, question)
        return _essay(env, question)
    except Unrepresentable as exc:
        env.error(
            says("export.moodle.unrepresentable", question=repr(question.id), reason=exc),
            question.span,
            code="moodle-fraction",
            hint=says("export.moodle.grades.hint"),
        )
        return None


# --- question types ---------------------------------------------------------------------------
def _multichoice(
    env: Env, question: SingleChoiceQuestion | MultipleResponseQuestion
) -> etree._Element:
    credits = choice_credits(question)
    fractions = [
        _fraction(credit, says("export.moodle.choice", text=repr(choice.text)))
        for credit, choice in zip(credits, question.choices, strict=True)
    ]
    element = _head(env, question, "multichoice")
    single = isinstance(question, SingleChoiceQuestion)
    etree.SubElement(element, "single").text = "true" if single else "false"
    etree.SubElement(element, "shuffleanswers").text = "true" if question.shuffle else "false"
    etree.SubElement(element, "answernumbering").text = "abc"
    etree.SubElement(element, "showstandardinstruction").text = "1"
    _combined(env, element, question)
    if isinstance(question, MultipleResponseQuestion) and not question.partial_credit:
        env.lose(question.id, "moodle.all_or_nothing")
    for choice, fraction in zip(question.choices, fractions, strict=True):
        _answer(env, element, fraction, choice.text, fmt="html", feedback=choice.feedback)
    return _tail(env, element, question)


def _truefalse(env: Env, question: TrueFalseQuestion) -> etree._Element:
    element = _head(env, question, "truefalse")
    feedback = question.feedback
    right = feedback.correct if feedback else None
    wrong = feedback.incorrect if feedback else None
    for value in (True, False):
        correct = value is question.answer
        _answer(
            env,
            element,
            "100" if correct else "0",
            "true" if value else "false",
            fmt="moodle_auto_format",
            feedback=right if correct else wrong,
        )
    return _tail(env, element, question, hints=False)


def _shortanswer(env: Env, question: ShortAnswerQuestion) -> etree._Element:
    fractions = [
        _fraction(a.credit, says("export.moodle.answer", text=repr(a.text)))
        for a in question.answers
    ]
    element = _head(env, question, "shortanswer")
    etree.SubElement(element, "usecase").text = "1" if question.case_sensitive else "0"
    seen: set[str] = set()
    correct = question.feedback.correct if question.feedback else None
    for answer, fraction in zip(question.answers, fractions, strict=True):
        for spelling in accepted_spellings(answer.text, accent_sensitive=question.accent_sensitive):
            key = spelling if question.case_sensitive else spelling.casefold()
            if key in seen:
                continue
            seen.add(key)
            feedback = answer.feedback or (correct if answer.credit == 1 else None)
            _answer(
                env,
                element,
                fraction,
                _wildcard_escape(spelling),
                fmt="moodle_auto_format",
                feedback=feedback,
            )
    _accent_loss(env, question.id, question.accent_sensitive, [a.text for a in question.answers])
    _catch_all(env, element, question)
    return _tail(env, element, question)


def _accent_loss(env: Env, question_id: str, accent_sensitive: bool, texts: list[str]) -> None:
    if not accent_sensitive and any(strip_accents(t) != t for t in texts):
        env.lose(question_id, "accents")


def _catch_all(
    env: Env, element: etree._Element, question: AnyQuestion, *, numeric: bool = False
) -> None:
    """Feedback for wrong answers: Moodle's "*" answer with grade 0."""
    wrong = question.feedback.incorrect if question.feedback else None
    if wrong:
        answer = _answer(env, element, "0", "*", fmt="moodle_auto_format", feedback=wrong)
        if numeric:
            etree.SubElement(answer, "tolerance").text = "0"


def _numerical(env: Env, question: NumericQuestion) -> etree._Element:
    element = _head(env, question, "numerical")
    if question.answer is not None:
        middle, tolerance = question.answer, question.tolerance
    else:
        middle, tolerance = (question.low + question.high) / 2, (question.high - question.low) / 2
    correct = question.feedback.correct if question.feedback else None
    answer = _answer(
        env, element, "100", number(middle), fmt="moodle_auto_format", feedback=correct
    )
    etree.SubElement(answer, "tolerance").text = number(tolerance)
    _catch_all(env, element, question, numeric=True)
    if question.unit:
        units = etree.SubElement(element, "units")
        unit = etree.SubElement(units, "unit")
        etree.SubElement(unit, "multiplier").text = "1"
        etree.SubElement(unit, "unit_name").text = question.unit
    etree.SubElement(element, "unitgradingtype").text = "0"
    etree.SubElement(element, "unitpenalty").text = "0.1000000"
    # 3 = "units are not used": only the number is graded, as in our scoring.
    etree.SubElement(element, "showunits").text = "3"
    etree.SubElement(element, "unitsleft").text = "0"
    return _tail(env, element, question)


def _matching(env: Env, question: MatchingQuestion) -> etree._Element:
    element = _head(env, question, "matching")
    etree.SubElement(element, "shuffleanswers").text = "true"
    _combined(env, element, question)
    for pair in question.pairs:
        sub = etree.SubElement(element, "subquestion", format="html")
        _text(sub, html.escape(pair.left, quote=False))
        _text(etree.SubElement(sub, "answer"), pair.right)
    for distractor in question.distractors:
        sub = etree.SubElement(element, "subquestion", format="html")
        _text(sub, "")
        _text(etree.SubElement(sub, "answer"), distractor)
    return _tail(env, element, question)


def _ordering(env: Env, question: OrderingQuestion) -> etree._Element:
    element = _head(env, question, "ordering")
    etree.SubElement(element, "layouttype").text = "VERTICAL"
    etree.SubElement(element, "selecttype").text = "ALL"
    # With selecttype ALL every item is shown; Moodle stores a count below 2 as 2.
    etree.SubElement(element, "selectcount").text = str(len(question.items))
    etree.SubElement(element, "gradingtype").text = "ALL_OR_NOTHING"
    etree.SubElement(element, "showgrading").text = "SHOW"
    etree.SubElement(element, "numberingstyle").text = "none"
    _combined(env, element, question)
    for position, item in enumerate(question.items, start=1):
        _answer(env, element, f"{position}.0000000", item, fmt="html", feedback=None)
    env.lose(question.id, "moodle.ordering")
    return _tail(env, element, question)


def cloze_escape(text: str) -> str:
    """An answer inside Moodle's embedded-answer syntax: ``} # ~ / " \\`` are backslashed."""
    out = []
    for ch in text:
        if ch in '}#~/"\\':
            out.append("\\")
        out.append(ch)
    return html.escape("".join(out), quote=False)


def cloze_html(env: Env, question: ClozeQuestion, parent: etree._Element) -> str:
    """The prompt and the text, each blank replaced by its ``{1:SHORTANSWER:=...}`` code."""
    prompt = _embed(env, parent, env.html(question.prompt, span=question.span))
    body = _embed(env, parent, env.html(question.text, span=question.span))
    blanks = {b.id: b for b in question.blanks}

    def code(match: re.Match[str]) -> str:
        blank = blanks[match.group(1)]
        if blank.choices:
            parts = [("=" if c in blank.answers else "") + cloze_escape(c) for c in blank.choices]
            return "{1:MULTICHOICE:" + "~".join(parts) + "}"
        kind = "SHORTANSWER_C" if blank.case_sensitive else "SHORTANSWER"
        spellings: list[str] = []
        for answer in blank.answers:
            for spelling in accepted_spellings(answer, accent_sensitive=blank.accent_sensitive):
                key = spelling if blank.case_sensitive else spelling.casefold()
                if key not in {s if blank.case_sensitive else s.casefold() for s in spellings}:
                    spellings.append(spelling)
        return (
            "{1:"
            + kind
            + ":"
            + "~".join("=" + cloze_escape(s).replace("*", "\\*") for s in spellings)
            + "}"
        )

    return prompt + "\n" + BLANK_PATTERN.sub(code, body)


def _cloze(env: Env, question: ClozeQuestion) -> etree._Element:
    element = etree.Element("question", type="cloze")
    _text(etree.SubElement(element, "name"), question_title(question))
    text = etree.SubElement(element, "questiontext", format="html")
    body = _text(text, "")
    _fill(body, cloze_html(env, question, text))
    general = question.feedback.general if question.feedback else None
    _rich(env, element, "generalfeedback", general)
    etree.SubElement(element, "penalty").text = PENALTY
    etree.SubElement(element, "hidden").text = "0"
    etree.SubElement(element, "idnumber").text = question.id
    for blank in question.blanks:
        _accent_loss(env, question.id, blank.accent_sensitive, blank.answers)
    if question.feedback and (question.feedback.correct or question.feedback.incorrect):
        env.lose(question.id, "moodle.cloze_feedback")
    if question.points != len(question.blanks):
        env.lose(
            question.id,
            "moodle.cloze_points",
            blanks=str(len(question.blanks)),
            points=number(question.points),
        )
    return _tail(env, element, question)


def rubric_html(question: EssayQuestion) -> str:
    """Rubric and model answer as HTML for graders (Moodle's ``graderinfo``)."""
    parts: list[str] = []
    if question.rubric:
        rows = "".join(
            f"<tr><td>{html.escape(c.criterion)}</td><td>{number(c.points)}</td>"
            f"<td>{render_markdown(c.description).strip() if c.description else ''}</td></tr>"
            for c in question.rubric
        )
        parts.append(f'<table class="{RUBRIC_CLASS}"><tbody>{rows}</tbody></table>')
    if question.model_answer:
        parts.append(
            f'<div class="{MODEL_ANSWER_CLASS}">'
            f"{render_markdown(question.model_answer).strip()}</div>"
        )
    return "\n".join(parts)


def _essay(env: Env, question: EssayQuestion) -> etree._Element:
    element = _head(env, question, "essay")
    etree.SubElement(element, "responseformat").text = "editor"
    etree.SubElement(element, "responserequired").text = "1"
    etree.SubElement(element, "responsefieldlines").text = "15"
    if question.min_words:
        etree.SubElement(element, "minwordlimit").text = str(question.min_words)
    if question.max_words:
        etree.SubElement(element, "maxwordlimit").text = str(question.max_words)
    etree.SubElement(element, "attachments").text = "0"
    etree.SubElement(element, "attachmentsrequired").text = "0"
    etree.SubElement(element, "maxbytes").text = "0"
    etree.SubElement(element, "filetypeslist")
    grader = etree.SubElement(element, "graderinfo", format="html")
    _text(grader, rubric_html(question))
    template = etree.SubElement(element, "responsetemplate", format="html")
    _text(template, "")
    if question.rubric:
        env.lose(question.id, "moodle.rubric")
    if question.feedback and (question.feedback.correct or question.feedback.incorrect):
        env.lose(question.id, "moodle.essay_feedback")
    return _tail(env, element, question, hints=False)
