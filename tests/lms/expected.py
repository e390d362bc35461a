"""What Moodle should store for a bank question imported from Moodle XML, GIFT or Aiken.

``expected()`` derives a flat record from courseware's bank (texts rendered the way each format
carries them: HTML for Moodle XML, plain or HTML for GIFT, plain text for Aiken); ``stored()``
reduces Moodle's own question data (tests/lms/dump_questions.php) to the same record. A field
that differs must be named by a loss the exporter reported for that question and format
(``LOSS_FIELDS`` says which loss covers which fields).
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote

from courseware.export.common import Env, Image, question_title, tag_list
from courseware.export.gift import is_plain
from courseware.export.moodle_xml import rubric_html
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
from courseware.render.markdown import plain_text
from courseware.scoring import AnyQuestion, accepted_spellings, choice_credits

Record = dict[str, Any]
FEEDBACK = {"generalfeedback", "correctfeedback", "incorrectfeedback", "answer_feedback"}
LOSS_FIELDS: list[tuple[str, set[str]]] = [
    ("hint", {"hints"}),
    ("right/wrong feedback", {"correctfeedback", "incorrectfeedback"}),
    ("points", {"defaultmark"}),
    ("unit", {"units"}),
    ("rubric and model answer", {"graderinfo"}),
    ("word limits", {"minwordlimit", "maxwordlimit"}),
    ("accent-insensitive", {"answers", "answer_feedback", "blanks"}),
    ("all-or-nothing", {"answers"}),
    ("case sensitivity", {"usecase"}),
    ("shuffle", {"shuffleanswers"}),
    ("'->'", {"subquestions"}),
    ("formatting and images", {"questiontext"}),
    ("metadata, category", FEEDBACK | {"hints", "tags", "idnumber", "category", "name"}),
]


def covered(losses: list[str]) -> set[str]:
    """The record fields these loss messages account for."""
    fields: set[str] = set()
    for loss in losses:
        for key, names in LOSS_FIELDS:
            if key in loss:
                fields |= names
    return fields


class Texts:
    """How one format writes a question's texts, as Moodle stores them."""

    def __init__(self, fmt: str, env: Env, question: AnyQuestion) -> None:
        self.fmt, self.env, self.question = fmt, env, question
        self.html = fmt == "xml" or (fmt == "gift" and _gift_html(question))

    def rich(self, markdown: str | None) -> str:
        """A Markdown text (prompt, feedback)."""
        if not markdown:
            return ""
        if self.fmt == "aiken":
            return plain_text(markdown)
        if not self.html:
            return markdown.strip()
        rendered = self.env.html(markdown, span=self.question.span)
        if self.fmt == "gift":
            return rendered.with_sources(lambda image: image.data_uri)
        return rendered.with_sources(_pluginfile)

    def inline(self, text: str) -> str:
        """A plain text the format writes as HTML when the question is HTML."""
        return html.escape(text, quote=False) if self.html and self.fmt != "aiken" else text

    @property
    def text_format(self) -> str:
        """Moodle's format of the question text: 1 HTML, 0 Moodle auto-format."""
        return "1" if self.html or self.fmt == "aiken" else "0"


def _pluginfile(image: Image) -> str:
    return "@@PLUGINFILE@@/" + quote(image.path)


def _gift_html(question: AnyQuestion) -> bool:
    rich: list[str | None] = [question.prompt]
    if question.feedback:
        fb = question.feedback
        rich += [fb.correct, fb.incorrect, fb.general]
    inline: list[str] = []
    if isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion):
        rich += [c.feedback for c in question.choices]
        inline = [c.text for c in question.choices]
    if isinstance(question, ShortAnswerQuestion):
        rich += [a.feedback for a in question.answers]
    if isinstance(question, MatchingQuestion):
        inline = [p.left for p in question.pairs]
    return not all(is_plain(t) for t in rich if t) or any("<" in t or "&" in t for t in inline)


def expected(question: AnyQuestion, fmt: str, env: Env) -> Record:
    """The record Moodle should hold for ``question`` imported from format ``fmt``."""
    t = Texts(fmt, env, question)
    fb = question.feedback
    category = env.category_of(question)
    record: Record = {
        "name": question_title(question),
        "idnumber": question.id,
        "category": "/".join(["top", env.bank.title] + ([category.title] if category else [])),
        "tags": sorted(tag_list(question)),
        "questiontext": (t.rich(question.prompt), t.text_format),
        "generalfeedback": t.rich(fb.general if fb else None),
        "defaultmark": float(question.points),
        "hints": [t.rich(question.hint)] if question.hint else [],
    }
    correct = t.rich(fb.correct if fb else None)
    wrong = t.rich(fb.incorrect if fb else None)
    if isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion):
        credits = zip(question.choices, choice_credits(question), strict=True)
        record |= {
            "qtype": "multichoice",
            "single": isinstance(question, SingleChoiceQuestion),
            "shuffleanswers": question.shuffle,
            "answers": [(t.inline(c.text), round(k, 4)) for c, k in credits],
            "answer_feedback": [t.rich(c.feedback) for c in question.choices],
            "correctfeedback": correct,
            "incorrectfeedback": wrong,
        }
    elif isinstance(question, TrueFalseQuestion):
        values = (True, False)
        record |= {
            "qtype": "truefalse",
            "answers": [(str(v).lower(), 1.0 if v is question.answer else 0.0) for v in values],
            "answer_feedback": [correct if v is question.answer else wrong for v in values],
        }
    elif isinstance(question, ShortAnswerQuestion):
        record |= _short(question, t, correct, wrong)
    elif isinstance(question, NumericQuestion):
        if question.answer is not None:
            middle, tolerance = question.answer, question.tolerance
        else:
            middle = (question.low + question.high) / 2
            tolerance = (question.high - question.low) / 2
        record |= {
            "qtype": "numerical",
            "answers": [(round(middle, 6), round(tolerance, 6), 1.0)],
            "answer_feedback": [correct],
            "incorrectfeedback": wrong,
            "units": [question.unit] if question.unit else [],
        }
    elif isinstance(question, MatchingQuestion):
        pairs = [(t.inline(p.left), p.right) for p in question.pairs]
        record |= {
            "qtype": "match",
            "subquestions": pairs + [("", d) for d in question.distractors],
            "correctfeedback": correct,
            "incorrectfeedback": wrong,
        }
    elif isinstance(question, OrderingQuestion):
        record |= {
            "qtype": "ordering",
            "answers": [(item, float(n)) for n, item in enumerate(question.items, start=1)],
            "ordering": ("0", "0", str(len(question.items)), "-1", "1"),
            "correctfeedback": correct,
            "incorrectfeedback": wrong,
        }
    elif isinstance(question, ClozeQuestion):
        record |= _cloze(question, t)
    else:
        assert isinstance(question, EssayQuestion)
        record |= {
            "qtype": "essay",
            "graderinfo": rubric_html(question) if fmt == "xml" else "",
            "minwordlimit": question.min_words,
            "maxwordlimit": question.max_words,
        }
    return record


def _short(question: ShortAnswerQuestion, t: Texts, correct: str, wrong: str) -> Record:
    answers: list[tuple[str, float]] = []
    feedback: list[str] = []
    for answer in question.answers:
        text = t.rich(answer.feedback) or (correct if answer.credit == 1 else "")
        answers.append((answer.text, round(answer.credit, 4)))
        feedback.append(text)
    return {
        "qtype": "shortanswer",
        "usecase": question.case_sensitive,
        "answers": answers,
        "answer_feedback": feedback,
        "incorrectfeedback": wrong,
    }


def _cloze(question: ClozeQuestion, t: Texts) -> Record:
    counter = iter(range(1, len(question.blanks) + 1))
    body = BLANK_PATTERN.sub(lambda _: f"{{#{next(counter)}}}", t.rich(question.text))
    blanks = {b.id: b for b in question.blanks}
    subs = []
    for match in BLANK_PATTERN.finditer(question.text):
        blank = blanks[match.group(1)]
        if blank.choices:
            answers = [(c, 1.0 if c in blank.answers else 0.0) for c in blank.choices]
            subs.append(("multichoice", answers))
        else:
            words = [s for a in blank.answers for s in accepted_spellings(a, accent_sensitive=True)]
            subs.append(("shortanswer", [(w, 1.0) for w in words]))
    return {
        "qtype": "multianswer",
        "questiontext": (t.rich(question.prompt) + "\n" + body, t.text_format),
        "blanks": subs,
        "defaultmark": float(question.points),
    }


def stored(row: Record) -> Record:
    """Moodle's question data (one dump_questions.php row) as a record like ``expected()``."""
    options = row.get("options") or {}
    answers = [a for a in row["answer_rows"] if not (a["answer"] == "*" and _f(a) == 0)]
    catch_all = [a for a in row["answer_rows"] if a["answer"] == "*" and _f(a) == 0]
    qtype = row["qtype"]
    record: Record = {
        "qtype": qtype,
        "name": row["name"],
        "idnumber": row["idnumber"],
        "category": row["category_path"],
        "tags": sorted(row["tag_names"]),
        "questiontext": (row["questiontext"], str(row["questiontextformat"])),
        "generalfeedback": row["generalfeedback"],
        "defaultmark": float(row["defaultmark"]),
        "hints": [h["hint"] for h in row["hint_rows"]],
    }
    if qtype in {"multichoice", "match", "ordering"}:
        record["correctfeedback"] = options.get("correctfeedback", "")
        record["incorrectfeedback"] = options.get("incorrectfeedback", "")
    if qtype == "multichoice":
        record["single"] = str(options["single"]) == "1"
        record["shuffleanswers"] = str(options["shuffleanswers"]) == "1"
    if qtype in {"multichoice", "truefalse", "shortanswer", "ordering"}:
        texts = [a["answer"] for a in answers]
        if qtype == "truefalse":
            texts = [x.lower() for x in texts]
        if qtype == "shortanswer":
            texts = [x.replace("\\*", "*") for x in texts]
        record["answers"] = [(x, round(_f(a), 4)) for x, a in zip(texts, answers, strict=True)]
        if qtype != "ordering":
            record["answer_feedback"] = [a["feedback"] for a in answers]
    if qtype == "shortanswer":
        record["usecase"] = str(options.get("usecase")) == "1"
    if qtype in {"shortanswer", "numerical"}:
        record["incorrectfeedback"] = catch_all[0]["feedback"] if catch_all else ""
    if qtype == "numerical":
        tolerances = {str(a["id"]): a for a in (options.get("answers") or {}).values()}
        record["answers"] = [
            (
                round(float(a["answer"]), 6),
                round(float(tolerances[str(a["id"])]["tolerance"]), 6),
                _f(a),
            )
            for a in answers
        ]
        record["answer_feedback"] = [a["feedback"] for a in answers]
        record["units"] = [u["unit"] for u in options.get("units") or []]
    if qtype == "match":
        subs = options.get("subquestions") or {}
        record["subquestions"] = [(s["questiontext"], s["answertext"]) for s in subs.values()]
    if qtype == "ordering":
        keys = ("layouttype", "selecttype", "selectcount", "gradingtype", "shownumcorrect")
        record["ordering"] = tuple(str(options[k]) for k in keys)
    if qtype == "multianswer":
        record["blanks"] = _blanks(options)
    if qtype == "essay":
        record["graderinfo"] = options.get("graderinfo") or ""
        record["minwordlimit"] = _int_or_none(options.get("minwordlimit"))
        record["maxwordlimit"] = _int_or_none(options.get("maxwordlimit"))
    return record


def _blanks(options: Record) -> list[tuple[str, list[tuple[str, float]]]]:
    out = []
    for sub in (options.get("questions") or {}).values():
        rows = (sub.get("options") or {}).get("answers") or {}
        answers = [(html.unescape(a["answer"]), _f(a)) for a in rows.values()]
        out.append((sub["qtype"], answers))
    return out


def _f(answer: Record) -> float:
    return float(answer["fraction"])


def _int_or_none(value: Any) -> int | None:
    return int(value) if value not in (None, "", "0", 0) else None


def differences(want: Record, got: Record) -> dict[str, tuple[Any, Any]]:
    """Fields of ``want`` whose value ``got`` does not have (both as the record shows them)."""
    return {k: (v, got.get(k)) for k, v in want.items() if got.get(k) != v}
