"""Printable quiz (no answers) and answer key: self-contained HTML with a print stylesheet."""

from __future__ import annotations

import base64
import hashlib
import string
from typing import Any

import lxml.html
from lxml.html import builder as E

from courseware.export.common import Env, ExportResult, answer_text, html_fragments, number, strings
from courseware.i18n import messages
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
from courseware.render.html import CONTENT_SECURITY_POLICY
from courseware.scoring import AnyQuestion

CSS = """
:root { --ink: #1d1d1b; --muted: #5b5b57; --line: #9a9a94; --accent: #0b6e4f; }
* { box-sizing: border-box; }
body { font: 12pt/1.45 "DejaVu Sans", Arial, sans-serif; color: var(--ink); max-width: 48rem;
       margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; } h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem;
     border-bottom: 2px solid var(--accent); }
.identity { display: grid; grid-template-columns: 2fr 1fr 1fr; gap: 1rem; margin: 1rem 0 1.5rem; }
.identity span { display: block; border-bottom: 1px solid var(--line); padding-top: 1.2rem;
                 color: var(--muted); font-size: .85rem; }
ol.questions { padding-left: 1.6rem; } li.question { margin: 0 0 1.25rem; break-inside: avoid; }
.points { color: var(--muted); font-size: .85rem; }
.instruction { color: var(--muted); font-style: italic;
          font-size: .9rem; margin: .2rem 0; }
ul.options { list-style: none; padding-left: .3rem; } ul.options li { margin: .25rem 0; }
.box { display: inline-block; width: 1em; height: 1em; border: 1px solid var(--ink);
       margin-right: .5em;
       vertical-align: -.15em; border-radius: 2px; } .round { border-radius: 50%; }
.write { border-bottom: 1px solid var(--line); height: 1.8rem; } .blank { display: inline-block;
         min-width: 7em; border-bottom: 1px solid var(--ink); }
table.match { border-collapse: collapse; width: 100%; } table.match td { padding: .3rem .5rem;
              vertical-align: top; } img { max-width: 100%; height: auto; }
.key { background: #eef6f2; border-left: 4px solid var(--accent); padding: .4rem .7rem;
       margin: .4rem 0; }
.key p { margin: .2rem 0; } .correct { font-weight: bold; }
table.rubric { border-collapse: collapse; }
table.rubric td, table.rubric th { border: 1px solid var(--line); padding: .2rem .4rem; }
@media print {
  @page { size: letter; margin: 18mm 16mm; }
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; } .key { background: none; }
  a { color: inherit; text-decoration: none; }
}
"""


POLICY = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self'",
    "style-src 'self' 'sha256-"
    + base64.b64encode(hashlib.sha256(CSS.encode("utf-8")).digest()).decode("ascii")
    + "'",
    1,
)
"""The site pages' Content-Security-Policy, with this page's own stylesheet (by its hash):
no script runs and nothing outside the page loads (images are data: URLs)."""


def _fragment(env: Env, markdown: str | None, question: AnyQuestion | None = None) -> list[Any]:
    if not markdown:
        return []
    rendered = env.html(markdown, span=question.span if question else None)
    return list(html_fragments(rendered.with_sources(lambda image: image.data_uri)))


def _options(
    items: list[Any], *, round_boxes: bool = False, marks: list[bool] | None = None
) -> Any:
    box = "box round" if round_boxes else "box"
    lis = []
    for n, item in enumerate(items):
        li = E.LI(E.SPAN(E.CLASS(box)), item)
        if marks and marks[n]:
            li.set("class", "correct")
            li[0].tail = "✔ "
        lis.append(li)
    return E.UL(E.CLASS("options"), *lis)


def _body(env: Env, question: AnyQuestion, key: bool, s: dict[str, str]) -> list[Any]:
    parts: list[Any] = []
    if isinstance(question, ClozeQuestion):
        parts += _fragment(env, question.prompt, question)
        text = BLANK_PATTERN.sub(lambda m: f"\u2063{m.group(1)}\u2063", question.text)
        parts.append(E.DIV(*_fragment(env, text, question), E.CLASS("cloze")))
        _blanks(parts[-1], question, key)
        parts.insert(0, E.P(s["fill_blanks"], E.CLASS("instruction")))
        return parts
    parts += _fragment(env, question.prompt, question)
    if isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion):
        single = isinstance(question, SingleChoiceQuestion)
        parts.insert(0, E.P(s["choose_one" if single else "choose_many"], E.CLASS("instruction")))
        marks = [c.correct for c in question.choices] if key else None
        letters = [
            f"{string.ascii_lowercase[n % 26]}) {c.text}" for n, c in enumerate(question.choices)
        ]
        parts.append(_options(letters, round_boxes=single, marks=marks))
    elif isinstance(question, TrueFalseQuestion):
        parts.insert(0, E.P(s["true_false"], E.CLASS("instruction")))
        marks = [question.answer, not question.answer] if key else None
        parts.append(_options([s["true"], s["false"]], round_boxes=True, marks=marks))
    elif isinstance(question, ShortAnswerQuestion | NumericQuestion):
        kind = "write_number" if isinstance(question, NumericQuestion) else "write_answer"
        parts.insert(0, E.P(s[kind], E.CLASS("instruction")))
        unit = getattr(question, "unit", None)
        parts.append(E.P(E.SPAN(E.CLASS("blank")), f" {unit}" if unit else ""))
    elif isinstance(question, MatchingQuestion):
        parts.insert(0, E.P(s["match"], E.CLASS("instruction")))
        rights = sorted(
            [p.right for p in question.pairs] + list(question.distractors), key=str.casefold
        )
        rows = []
        for n in range(max(len(question.pairs), len(rights))):
            left = question.pairs[n].left if n < len(question.pairs) else ""
            right = f"{string.ascii_uppercase[n % 26]}. {rights[n]}" if n < len(rights) else ""
            rows.append(
                E.TR(
                    E.TD(f"{n + 1}. {left}" if left else ""),
                    E.TD(E.SPAN(E.CLASS("blank")) if left else ""),
                    E.TD(right),
                )
            )
        parts.append(E.TABLE(E.CLASS("match"), E.TBODY(*rows)))
    elif isinstance(question, OrderingQuestion):
        parts.insert(0, E.P(s["put_in_order"], E.CLASS("instruction")))
        shown = sorted(question.items, key=str.casefold)
        parts.append(_options(shown))
    elif isinstance(question, EssayQuestion):
        parts.insert(0, E.P(s["essay"], E.CLASS("instruction")))
        if question.min_words or question.max_words:
            low = number(question.min_words or 0)
            high = number(question.max_words) if question.max_words else "…"
            parts.append(E.P(f"({low}–{high} {s['words']})", E.CLASS("instruction")))
        parts.extend(E.DIV(E.CLASS("write")) for _ in range(8))
    return parts


def _blanks(container: Any, question: ClozeQuestion, key: bool) -> None:
    blanks = {b.id: b for b in question.blanks}
    for element in list(container.iter()):
        for attr in ("text", "tail"):
            value = getattr(element, attr)
            if not value or "\u2063" not in value:
                continue
            pieces = value.split("\u2063")
            setattr(element, attr, pieces[0])
            anchor = element
            for n in range(1, len(pieces), 2):
                blank = blanks[pieces[n]]
                label = (
                    " / ".join(blank.answers)
                    if key
                    else (" · ".join(blank.choices) if blank.choices else "")
                )
                span = E.SPAN(label, E.CLASS("blank correct" if key else "blank"))
                span.tail = pieces[n + 1] if n + 1 < len(pieces) else ""
                if attr == "text" and anchor is element:
                    element.insert(0, span)
                else:
                    anchor.addnext(span)
                anchor = span
                attr = "tail"


def _key(env: Env, question: AnyQuestion, s: dict[str, str]) -> Any:
    block = E.DIV(E.CLASS("key"), E.P(E.STRONG(s["answer"] + ": "), answer_text(question, s)))
    if isinstance(question, ShortAnswerQuestion):
        notes = [s["case_sensitive"]] if question.case_sensitive else []
        notes += [s["accent_sensitive"]] if question.accent_sensitive else []
        if notes:
            block.append(E.P(f"({', '.join(notes)})"))
    if isinstance(question, MultipleResponseQuestion):
        block.append(E.P(f"({s['partial'] if question.partial_credit else s['all_or_nothing']})"))
    if isinstance(question, EssayQuestion):
        if question.rubric:
            rows = [
                E.TR(
                    E.TD(c.criterion),
                    E.TD(number(c.points)),
                    E.TD(*_fragment(env, c.description, question)),
                )
                for c in question.rubric
            ]
            block.append(E.P(E.STRONG(s["rubric"])))
            block.append(E.TABLE(E.CLASS("rubric"), E.TBODY(*rows)))
        if question.model_answer:
            block.append(E.P(E.STRONG(s["model_answer"])))
            block.extend(_fragment(env, question.model_answer, question))
    feedback = question.feedback
    if feedback and feedback.general:
        block.append(E.P(E.STRONG(s["feedback"] + ":")))
        block.extend(_fragment(env, feedback.general, question))
    return block


def _document(env: Env, *, key: bool) -> bytes:
    s = strings(env.language)
    bank = env.bank
    title = f"{bank.title} — {s['key'] if key else s['student']}"
    body = E.BODY(E.H1(title))
    if not key:
        body.append(
            E.DIV(E.CLASS("identity"), E.SPAN(s["name"]), E.SPAN(s["group"]), E.SPAN(s["date"]))
        )
    body.extend(_fragment(env, bank.description))
    number_from = 1
    total = 0.0
    for category, questions in env.grouped():
        body.append(E.H2(category.title if category else s["uncategorised"]))
        items = E.OL(E.CLASS("questions"), start=str(number_from))
        for question in questions:
            label = s["point"] if question.points == 1 else s["points"]
            item = E.LI(
                E.CLASS("question"),
                E.P(E.SPAN(f"({number(question.points)} {label})", E.CLASS("points"))),
            )
            item.extend(_body(env, question, key, s))
            if key:
                item.append(_key(env, question, s))
            items.append(item)
            total += question.points
        number_from += len(questions)
        body.append(items)
    body.append(E.P(E.STRONG(f"{s['total']}: {number(total)} {s['points']}")))
    head = E.HEAD(
        E.META(charset="utf-8"),
        E.META({"http-equiv": "Content-Security-Policy", "content": POLICY}),
        E.META(name="viewport", content="width=device-width, initial-scale=1"),
        E.TITLE(title),
        E.STYLE(CSS),
    )
    page = E.HTML(head, body, lang=env.language)
    return bytes(
        lxml.html.tostring(page, doctype="<!DOCTYPE html>", encoding="utf-8", pretty_print=True)
    )


def export_print(env: Env) -> ExportResult:
    """``<bank-id>-student.html`` (no answers) and ``<bank-id>-key.html`` (answers, rubrics).

    The words follow the language like the PDFs' (``print.file.*``): ``-estudiante``/``-clave``.
    """
    say = messages(env.language)
    files = {
        f"{env.bank.id}-{say('print.file.student')}.html": _document(env, key=False),
        f"{env.bank.id}-{say('print.file.key')}.html": _document(env, key=True),
    }
    return env.result(files)
