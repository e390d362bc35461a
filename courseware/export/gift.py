"""GIFT, Moodle's text format: choice, multiple answer, true/false, short, numeric,
matching, essay.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from courseware.export.common import (
    Env,
    ExportResult,
    cached_markdown,
    moodle_percent,
    number,
    question_title,
    tag_list,
)
from courseware.i18n import says
from courseware.model.quiz import (
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
from courseware.scoring import AnyQuestion, accepted_spellings, choice_credits, strip_accents

SPECIAL = frozenset("\\~=#{}:")
"""Characters GIFT reads as syntax; a backslash before each makes it literal."""


def escape(text: str) -> str:
    """Text as literal GIFT: ``\\ ~ = # { } :`` backslashed and newlines written ``\\n``."""
    out = "".join("\\" + ch if ch in SPECIAL else ch for ch in text)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def one_line(text: str) -> str:
    """``text`` for a line of its own (a ``//`` comment, ``$CATEGORY:``): every run of white
    space, line breaks included, becomes one space, so no text can start a line of GIFT."""
    return " ".join(text.split())


def is_plain(markdown: str) -> bool:
    """True if the Markdown renders to one paragraph of exactly its own text (no markup)."""
    text = markdown.strip()
    if not text or "\n" in text or "<" in text or "&" in text:
        return False
    rendered = cached_markdown(text).strip()
    expected = html.escape(text, quote=False).replace('"', "&quot;")
    return rendered == f"<p>{expected}</p>"


class _Writer:
    """Writes one question's texts in the question's format (plain or HTML)."""

    def __init__(
        self, env: Env, question: AnyQuestion, rich: Sequence[str | None], inline: Sequence[str]
    ):
        self.env = env
        self.question = question
        self.html = not all(is_plain(t) for t in rich if t) or any(
            "<" in t or "&" in t for t in inline
        )

    def rich(self, markdown: str | None) -> str:
        """A Markdown text (prompt, feedback) as escaped GIFT."""
        if not markdown:
            return ""
        if not self.html:
            return escape(markdown.strip())
        rendered = self.env.html(markdown, span=self.question.span)
        return escape(rendered.with_sources(lambda image: image.data_uri))

    def inline(self, text: str) -> str:
        """A plain text (choice, item) as escaped GIFT."""
        return escape(html.escape(text, quote=False) if self.html else text)


def _rich_texts(question: AnyQuestion) -> list[str | None]:
    texts: list[str | None] = [question.prompt]
    if question.feedback:
        texts += [question.feedback.correct, question.feedback.incorrect, question.feedback.general]
    if isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion):
        texts += [c.feedback for c in question.choices]
    if isinstance(question, ShortAnswerQuestion):
        texts += [a.feedback for a in question.answers]
    return texts


def _inline_texts(question: AnyQuestion) -> list[str]:
    if isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion):
        return [c.text for c in question.choices]
    if isinstance(question, MatchingQuestion):
        return [p.left for p in question.pairs]
    return []


def export_gift(env: Env) -> ExportResult:
    """The bank as ``<bank-id>.gift`` (UTF-8); cloze and ordering questions are reported as lost."""
    bank = env.bank
    title = one_line(bank.title)
    blocks = [f"// {title} [{bank.id}]\n// courseware GIFT export: one question per block"]
    for category, questions in env.grouped():
        path = [title] + ([one_line(category.title)] if category else [])
        idnumber = f"{bank.id}.{category.id}" if category else bank.id
        blocks.append(
            f"// [id:{idnumber}]\n$CATEGORY: $course$/top/"
            + "/".join(p.replace("/", "//") for p in path)
        )
        for question in questions:
            block = _question(env, question)
            if block:
                blocks.append(block)
    for quiz in bank.quizzes:
        env.lose(quiz.id, "gift.quiz")
    return env.result({f"{bank.id}.gift": ("\n\n".join(blocks) + "\n").encode("utf-8")})


def _question(env: Env, question: AnyQuestion) -> str | None:
    if isinstance(question, ClozeQuestion):
        env.lose(question.id, "gift.cloze")
        return None
    if isinstance(question, OrderingQuestion):
        env.lose(question.id, "gift.ordering")
        return None
    w = _Writer(env, question, _rich_texts(question), _inline_texts(question))
    general = question.feedback.general if question.feedback else None
    answers = _answers(env, w, question)
    if answers is None:
        return None
    if general:
        answers.append("####" + w.rich(general))
    head = [f"// [id:{question.id}]" + "".join(f" [tag:{t}]" for t in tag_list(question))]
    prompt = ("[html]" if w.html else "") + w.rich(question.prompt)
    body = f"::{escape(question_title(question))}::{prompt}{{"
    if answers:
        body += "\n" + "\n".join("\t" + a for a in answers) + "\n"
    body += "}"
    _common_losses(env, question)
    return "\n".join([*head, body])


def _common_losses(env: Env, question: AnyQuestion) -> None:
    if question.hint:
        env.lose(question.id, "gift.hint")
    if question.points != 1:
        env.lose(question.id, "gift.points", points=number(question.points))
    feedback = question.feedback
    if (
        feedback
        and (feedback.correct or feedback.incorrect)
        and not isinstance(question, TrueFalseQuestion | ShortAnswerQuestion)
    ):
        if isinstance(question, NumericQuestion) and not feedback.incorrect:
            return
        env.lose(question.id, "gift.feedback")


def _answers(env: Env, w: _Writer, question: AnyQuestion) -> list[str] | None:
    if isinstance(question, SingleChoiceQuestion):
        _shuffle_loss(env, question)
        return [
            _mark("=" if c.correct else "~", w.inline(c.text)) + _feedback(w, c.feedback)
            for c in question.choices
        ]
    if isinstance(question, MultipleResponseQuestion):
        lines: list[str] = []
        for choice, credit in zip(question.choices, choice_credits(question), strict=True):
            percent = moodle_percent(credit)
            if percent is None:
                env.error(
                    says(
                        "export.gift.bad-credit",
                        question=repr(question.id),
                        what=says("export.moodle.choice", text=repr(choice.text)),
                        credit=f"{credit:.6g}",
                    ),
                    question.span,
                    code="moodle-fraction",
                )
                return None
            lines.append(f"~%{percent}%" + w.inline(choice.text) + _feedback(w, choice.feedback))
        if not question.partial_credit:
            env.lose(question.id, "gift.all_or_nothing")
        _shuffle_loss(env, question)
        return lines
    if isinstance(question, TrueFalseQuestion):
        feedback = question.feedback
        wrong = w.rich(feedback.incorrect) if feedback else ""
        right = w.rich(feedback.correct) if feedback else ""
        letter = "TRUE" if question.answer else "FALSE"
        tail = f"#{wrong}#{right}" if (wrong or right) else ""
        return [letter + tail]
    if isinstance(question, ShortAnswerQuestion):
        return _short(env, w, question)
    if isinstance(question, NumericQuestion):
        return _numeric(env, w, question)
    if isinstance(question, MatchingQuestion):
        lines = [
            "=" + w.inline(pair.left.replace("->", "→")) + " -> " + escape(pair.right)
            for pair in question.pairs
        ]
        if any("->" in p.left for p in question.pairs):
            env.lose(question.id, "gift.arrow")
        lines += ["= -> " + escape(d) for d in question.distractors]
        return lines
    assert isinstance(question, EssayQuestion)
    if question.rubric or question.model_answer:
        env.lose(question.id, "gift.rubric")
    if question.min_words or question.max_words:
        env.lose(question.id, "gift.word_limits")
    return []


def _mark(mark: str, text: str, weight: str = "") -> str:
    """``=text`` or ``~text``; a text starting with "%" gets an explicit weight, or it would "
    "be one."""
    if not weight and text.startswith("%"):
        weight = "%100%" if mark == "=" else "%0%"
    return mark + weight + text


def _feedback(w: _Writer, markdown: str | None) -> str:
    return "#" + w.rich(markdown) if markdown else ""


def _shuffle_loss(env: Env, question: SingleChoiceQuestion | MultipleResponseQuestion) -> None:
    if not question.shuffle:
        env.lose(question.id, "gift.shuffle")


def _short(env: Env, w: _Writer, question: ShortAnswerQuestion) -> list[str] | None:
    lines: list[str] = []
    seen: set[str] = set()
    correct = question.feedback.correct if question.feedback else None
    for answer in question.answers:
        percent = moodle_percent(answer.credit)
        if percent is None:
            env.error(
                says(
                    "export.gift.bad-credit",
                    question=repr(question.id),
                    what=says("export.moodle.answer", text=repr(answer.text)),
                    credit=f"{answer.credit:.6g}",
                ),
                question.span,
                code="moodle-fraction",
            )
            return None
        weight = "" if answer.credit == 1 else f"%{percent}%"
        feedback = answer.feedback or (correct if answer.credit == 1 else None)
        for spelling in accepted_spellings(answer.text, accent_sensitive=question.accent_sensitive):
            if spelling.casefold() in seen:
                continue
            seen.add(spelling.casefold())
            text = escape(spelling.replace("*", "\\*"))
            lines.append(_mark("=", text, weight) + _feedback(w, feedback))
    wrong = question.feedback.incorrect if question.feedback else None
    if wrong:
        lines.append("=%0%*" + _feedback(w, wrong))
    if question.case_sensitive:
        env.lose(question.id, "gift.case")
    if not question.accent_sensitive and any(
        strip_accents(a.text) != a.text for a in question.answers
    ):
        env.lose(question.id, "accents")
    return lines


def _numeric(env: Env, w: _Writer, question: NumericQuestion) -> list[str]:
    if question.answer is not None:
        value = number(question.answer) + (
            f":{number(question.tolerance)}" if question.tolerance else ""
        )
    else:
        value = f"{number(question.low)}..{number(question.high)}"
    correct = question.feedback.correct if question.feedback else None
    if question.unit:
        env.lose(question.id, "gift.unit", unit=question.unit)
    return ["#=" + value + _feedback(w, correct)]
