"""QTI 1.2 (Canvas) items: one writer per question type, and an item element."""

from __future__ import annotations

from lxml import etree

from courseware.export.common import (
    Env,
    Image,
    letter_first,
    number,
    strings,
)
from courseware.export.qti12_item import (
    _Item,
    _material,
    e,
)
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
from courseware.scoring import AnyQuestion, accepted_spellings, strip_accents


def _choices(
    item: _Item, question: SingleChoiceQuestion | MultipleResponseQuestion | TrueFalseQuestion
) -> None:
    s = strings(item.env.language)
    options: list[tuple[str, bool, str | None]]
    if isinstance(question, TrueFalseQuestion):
        options = [
            (s["true"], question.answer is True, None),
            (s["false"], question.answer is False, None),
        ]
    else:
        options = [(c.text, c.correct, c.feedback) for c in question.choices]
    idents = [f"{item.ident}-{n}" for n in range(1, len(options) + 1)]
    item.answer_ids = idents
    multiple = isinstance(question, MultipleResponseQuestion)
    _material(item.presentation, item.html(question.prompt))
    lid = e(
        item.presentation,
        "response_lid",
        ident="response1",
        rcardinality="Multiple" if multiple else "Single",
    )
    render = e(lid, "render_choice")
    for ident, (text, _correct, _fb) in zip(idents, options, strict=True):
        label = e(render, "response_label", ident=ident)
        _material(label, text, "text/plain")
    item.general()
    for ident, (_text, _correct, fb) in zip(idents, options, strict=True):
        if item.feedback(f"{ident}_fb", fb):
            rc, cond = item.condition(cont=True)
            e(cond, "varequal", ident, respident="response1")
            item.show(rc, f"{ident}_fb")
    rc, cond = item.condition(cont=False)
    if multiple:
        both = e(cond, "and")
        for ident, (_text, correct, _fb) in zip(idents, options, strict=True):
            if correct:
                e(both, "varequal", ident, respident="response1")
            else:
                e(e(both, "not"), "varequal", ident, respident="response1")
    else:
        right = next(i for i, o in zip(idents, options, strict=True) if o[1])
        e(cond, "varequal", right, respident="response1")
    item.set_score(rc)
    item.right_wrong(rc)
    if isinstance(question, MultipleResponseQuestion):
        item.env.lose(question.id, "qti12.scoring")


def _short(item: _Item, question: ShortAnswerQuestion) -> None:
    _material(item.presentation, item.html(question.prompt))
    fib = e(
        e(item.presentation, "response_str", ident="response1", rcardinality="Single"), "render_fib"
    )
    e(fib, "response_label", ident="answer1", rshuffle="No")
    item.general()
    full = [a for a in question.answers if a.credit == 1]
    partial = [a for a in question.answers if a.credit < 1]
    spellings: list[str] = []
    for n, answer in enumerate(full, start=1):
        forms = accepted_spellings(answer.text, accent_sensitive=question.accent_sensitive)
        spellings.extend(f for f in forms if f.casefold() not in {x.casefold() for x in spellings})
        if item.feedback(f"{item.ident}-{n}_fb", answer.feedback):
            rc, cond = item.condition(cont=True)
            for form in forms:
                e(cond, "varequal", form, respident="response1")
            item.show(rc, f"{item.ident}-{n}_fb")
    item.answer_ids = [f"{item.ident}-{n}" for n in range(1, len(spellings) + 1)]
    rc, cond = item.condition(cont=False)
    for spelling in spellings:
        e(cond, "varequal", spelling, respident="response1")
    item.set_score(rc)
    item.right_wrong(rc)
    if partial:
        item.env.lose(
            question.id, "qti12.partial", answers=", ".join(repr(a.text) for a in partial)
        )
    if question.case_sensitive:
        item.env.lose(question.id, "qti12.case")
    if not question.accent_sensitive and any(
        strip_accents(a.text) != a.text for a in question.answers
    ):
        item.env.lose(question.id, "accents")


def _numeric(item: _Item, question: NumericQuestion) -> None:
    _material(
        item.presentation,
        item.html(question.prompt) + (f"<p>({question.unit})</p>" if question.unit else ""),
    )
    fib = e(
        e(item.presentation, "response_str", ident="response1", rcardinality="Single"),
        "render_fib",
        fibtype="Decimal",
    )
    e(fib, "response_label", ident="answer1")
    item.general()
    rc, cond = item.condition(cont=False)
    if question.answer is not None:
        either = e(cond, "or")
        e(either, "varequal", number(question.answer), respident="response1")
        both = e(either, "and")
        e(both, "vargte", number(question.low), respident="response1")
        e(both, "varlte", number(question.high), respident="response1")
    else:
        e(cond, "vargte", number(question.low), respident="response1")
        e(cond, "varlte", number(question.high), respident="response1")
    item.set_score(rc)
    item.right_wrong(rc)


def _matching(item: _Item, question: MatchingQuestion) -> None:
    _material(item.presentation, item.html(question.prompt))
    rights = [p.right for p in question.pairs] + list(question.distractors)
    right_ids = [f"{item.ident}-r{n}" for n in range(1, len(rights) + 1)]
    item.answer_ids = [f"{item.ident}-l{n}" for n in range(1, len(question.pairs) + 1)]
    for n, pair in enumerate(question.pairs, start=1):
        lid = e(item.presentation, "response_lid", ident=f"response_{item.ident}-l{n}")
        _material(lid, pair.left, "text/plain")
        render = e(lid, "render_choice")
        for ident, text in zip(right_ids, rights, strict=True):
            _material(e(render, "response_label", ident=ident), text, "text/plain")
    item.general()
    share = number(round(100 / len(question.pairs), 4))
    for n, _pair in enumerate(question.pairs, start=1):
        rc, cond = item.condition(cont=True)
        e(cond, "varequal", right_ids[n - 1], respident=f"response_{item.ident}-l{n}")
        item.set_score(rc, share, "Add")
    _combined_loss(item)


def _combined_loss(item: _Item) -> None:
    feedback = item.question.feedback
    if feedback and (feedback.correct or feedback.incorrect):
        item.env.lose(item.question.id, "qti12.feedback", type=item.question.type)


def blank_name(blank_id: str) -> str:
    """A Canvas blank name (letters, digits, underscores)."""
    return letter_first(blank_id, "b").replace("-", "_").replace(".", "_")


def _cloze(item: _Item, question: ClozeQuestion) -> None:
    dropdowns = all(b.choices for b in question.blanks)
    if not dropdowns and any(b.choices for b in question.blanks):
        item.env.lose(question.id, "qti12.dropdowns")
    text = BLANK_PATTERN.sub(lambda m: f"[{blank_name(m.group(1))}]", question.text)
    _material(item.presentation, item.html(question.prompt) + "\n" + item.html(text))
    share = number(round(100 / len(question.blanks), 4))
    answer_ids: list[str] = []
    accepted: dict[str, list[str]] = {}
    for blank in question.blanks:
        name = blank_name(blank.id)
        lid = e(item.presentation, "response_lid", ident=f"response_{name}")
        _material(lid, name, "text/plain")
        render = e(lid, "render_choice")
        if dropdowns:
            options = list(blank.choices)
        else:
            options = []
            for answer in blank.answers:
                for form in accepted_spellings(answer, accent_sensitive=blank.accent_sensitive):
                    if form.casefold() not in {o.casefold() for o in options}:
                        options.append(form)
        for n, option in enumerate(options, start=1):
            ident = f"{item.ident}-{name}-{n}"
            answer_ids.append(ident)
            _material(e(render, "response_label", ident=ident), option, "text/plain")
            if dropdowns and option not in blank.answers:
                continue
            accepted.setdefault(name, []).append(ident)
        if blank.case_sensitive and not dropdowns:
            item.env.lose(question.id, "qti12.blank_case", blank=repr(blank.id))
    item.answer_ids = answer_ids
    item.general()
    for name, idents in accepted.items():
        for ident in idents:
            rc, cond = item.condition(cont=True)
            e(cond, "varequal", ident, respident=f"response_{name}")
            item.set_score(rc, share, "Add")
    _combined_loss(item)


def _essay(item: _Item, question: EssayQuestion) -> None:
    _material(item.presentation, item.html(question.prompt))
    fib = e(
        e(item.presentation, "response_str", ident="response1", rcardinality="Single"), "render_fib"
    )
    e(fib, "response_label", ident="answer1", rshuffle="No")
    item.general()
    _rc, cond = item.condition(cont=False)
    e(cond, "other")
    if question.rubric or question.model_answer:
        item.env.lose(question.id, "qti12.rubric")
    if question.min_words or question.max_words:
        item.env.lose(question.id, "qti12.word_limits")
    _combined_loss(item)


CANVAS_TYPES = {
    "single_choice": "multiple_choice_question",
    "multiple_response": "multiple_answers_question",
    "true_false": "true_false_question",
    "short_answer": "short_answer_question",
    "numeric": "numerical_question",
    "matching": "matching_question",
    "essay": "essay_question",
}


def item_element(
    env: Env, question: AnyQuestion, ident: str
) -> tuple[etree._Element, list[Image]] | None:
    """One question as a Canvas item, or None (with a loss) if Canvas has no such type."""
    if isinstance(question, OrderingQuestion):
        env.lose(question.id, "qti12.ordering")
        return None
    if isinstance(question, ClozeQuestion):
        canvas_type = (
            "multiple_dropdowns_question"
            if all(b.choices for b in question.blanks)
            else "fill_in_multiple_blanks_question"
        )
    else:
        canvas_type = CANVAS_TYPES[question.type]
    item = _Item(env, question, ident, canvas_type)
    if isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion | TrueFalseQuestion):
        _choices(item, question)
    elif isinstance(question, ShortAnswerQuestion):
        _short(item, question)
    elif isinstance(question, NumericQuestion):
        _numeric(item, question)
    elif isinstance(question, MatchingQuestion):
        _matching(item, question)
    elif isinstance(question, ClozeQuestion):
        _cloze(item, question)
    else:
        _essay(item, question)
    if question.hint:
        env.lose(question.id, "qti12.hint")
    if (
        isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion)
        and not question.shuffle
    ):
        env.lose(question.id, "qti12.shuffle")
    return item.build(), item.images
