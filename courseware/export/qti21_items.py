"""QTI 2.1 items: one writer per question type, and an item's bytes."""

from __future__ import annotations

from lxml import etree

from courseware.export import xhtml
from courseware.export.common import (
    Env,
    Image,
    letter_first,
    number,
    strings,
)
from courseware.export.moodle_xml import rubric_html
from courseware.export.qti21_item import (
    NS,
    _base,
    _expr,
    _Item,
    _var,
    q,
    sub,
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
from courseware.scoring import AnyQuestion, accepted_spellings, choice_credits, strip_accents


def _choice_rows(
    item: _Item,
    question: SingleChoiceQuestion | MultipleResponseQuestion | TrueFalseQuestion,
) -> tuple[list[tuple[str, str, bool, str | None]], list[float]]:
    """(identifier, text, correct, feedback) of each choice, and each choice's credit."""
    if isinstance(question, TrueFalseQuestion):
        s = strings(item.env.language)
        choices: list[tuple[str, str, bool, str | None]] = [
            ("true", s["true"], question.answer is True, None),
            ("false", s["false"], question.answer is False, None),
        ]
        return choices, [1.0 if c[2] else 0.0 for c in choices]
    choices = [
        (f"choice-{n}", c.text, c.correct, c.feedback)
        for n, c in enumerate(question.choices, start=1)
    ]
    return choices, choice_credits(question)


def _choice_item(
    item: _Item,
    question: SingleChoiceQuestion | MultipleResponseQuestion | TrueFalseQuestion,
    shuffle: bool,
) -> None:
    choices, credits = _choice_rows(item, question)
    multiple = isinstance(question, MultipleResponseQuestion)
    points = question.points
    declaration = item.response(
        "RESPONSE",
        "multiple" if multiple else "single",
        "identifier",
        [c[0] for c in choices if c[2]],
    )
    all_or_nothing = isinstance(question, MultipleResponseQuestion) and not question.partial_credit
    if not all_or_nothing:
        item.mapping(
            declaration,
            [
                (c[0], credit * points, None)
                for c, credit in zip(choices, credits, strict=True)
                if credit
            ],
            points,
        )
    item.flow(question.prompt, item.body)
    interaction = sub(
        item.body,
        "choiceInteraction",
        responseIdentifier="RESPONSE",
        shuffle="true" if shuffle else "false",
        maxChoices="0" if multiple else "1",
    )
    for identifier, text, _correct, _feedback in choices:
        sub(interaction, "simpleChoice", text, identifier=identifier)
    if all_or_nothing:
        item.score_if(
            _expr("match", _var("RESPONSE"), _expr("correct", identifier="RESPONSE")), points
        )
    else:
        item.score_mapped("RESPONSE")
    for identifier, _text, _correct, feedback in choices:
        chosen = (
            _expr("member", _base("identifier", identifier), _var("RESPONSE"))
            if multiple
            else _expr("match", _var("RESPONSE"), _base("identifier", identifier))
        )
        item.feedback(f"fb-{identifier}", feedback, chosen)


def _short_item(item: _Item, question: ShortAnswerQuestion) -> None:
    spellings = [
        (spelling, answer.credit * question.points)
        for answer in question.answers
        for spelling in accepted_spellings(answer.text, accent_sensitive=question.accent_sensitive)
    ]
    best = next(a.text for a in question.answers if a.credit == 1)
    declaration = item.response("RESPONSE", "single", "string", [best])
    item.mapping(
        declaration, [(s, v, question.case_sensitive) for s, v in spellings], question.points
    )
    item.flow(question.prompt, item.body)
    sub(
        sub(item.body, "p"),
        "textEntryInteraction",
        responseIdentifier="RESPONSE",
        expectedLength=str(max(len(best) + 5, 15)),
    )
    item.score_mapped("RESPONSE")
    for n, answer in enumerate(question.answers, start=1):
        matches = [
            _expr(
                "stringMatch",
                _var("RESPONSE"),
                _base("string", s),
                caseSensitive="true" if question.case_sensitive else "false",
            )
            for s in accepted_spellings(answer.text, accent_sensitive=question.accent_sensitive)
        ]
        condition = matches[0] if len(matches) == 1 else _expr("or", *matches)
        item.feedback(f"fb-answer-{n}", answer.feedback, condition)
    if not question.accent_sensitive and any(
        strip_accents(a.text) != a.text for a in question.answers
    ):
        item.env.lose(question.id, "accents")


def _numeric_item(item: _Item, question: NumericQuestion) -> None:
    middle = question.answer if question.answer is not None else (question.low + question.high) / 2
    item.response("RESPONSE", "single", "float", [number(middle)])
    item.flow(question.prompt, item.body)
    line = sub(item.body, "p")
    sub(line, "textEntryInteraction", responseIdentifier="RESPONSE", expectedLength="10")
    if question.unit:
        line[-1].tail = " " + question.unit
    inside = _expr(
        "and",
        _expr("not", _expr("isNull", _var("RESPONSE"))),
        _expr("gte", _var("RESPONSE"), _base("float", number(question.low))),
        _expr("lte", _var("RESPONSE"), _base("float", number(question.high))),
    )
    item.score_if(inside, question.points)


def _matching_item(item: _Item, question: MatchingQuestion) -> None:
    lefts = [(f"left-{n}", p.left) for n, p in enumerate(question.pairs, start=1)]
    rights = [(f"right-{n}", p.right) for n, p in enumerate(question.pairs, start=1)]
    rights += [
        (f"right-{len(question.pairs) + n}", d) for n, d in enumerate(question.distractors, start=1)
    ]
    pairs = [f"{lid} {rid}" for (lid, _), (rid, _) in zip(lefts, rights, strict=False)]
    declaration = item.response("RESPONSE", "multiple", "directedPair", pairs)
    share = question.points / len(pairs)
    item.mapping(declaration, [(p, share, None) for p in pairs], question.points)
    item.flow(question.prompt, item.body)
    interaction = sub(
        item.body,
        "matchInteraction",
        responseIdentifier="RESPONSE",
        shuffle="true",
        maxAssociations=str(len(lefts)),
    )
    left_set = sub(interaction, "simpleMatchSet")
    for identifier, text in lefts:
        sub(left_set, "simpleAssociableChoice", text, identifier=identifier, matchMax="1")
    right_set = sub(interaction, "simpleMatchSet")
    for identifier, text in rights:
        sub(right_set, "simpleAssociableChoice", text, identifier=identifier, matchMax="1")
    item.score_expression(_expr("mapResponse", identifier="RESPONSE"))


def _ordering_item(item: _Item, question: OrderingQuestion) -> None:
    ids = [f"item-{n}" for n in range(1, len(question.items) + 1)]
    item.response("RESPONSE", "ordered", "identifier", ids)
    item.flow(question.prompt, item.body)
    interaction = sub(item.body, "orderInteraction", responseIdentifier="RESPONSE", shuffle="true")
    for identifier, text in zip(ids, question.items, strict=True):
        sub(interaction, "simpleChoice", text, identifier=identifier)
    item.score_if(
        _expr("match", _var("RESPONSE"), _expr("correct", identifier="RESPONSE")), question.points
    )


def _cloze_item(item: _Item, question: ClozeQuestion) -> None:
    share = question.points / len(question.blanks)
    blanks = {b.id: b for b in question.blanks}
    response_ids = {b.id: "RESPONSE-" + letter_first(b.id, "b") for b in question.blanks}
    for blank in question.blanks:
        rid = response_ids[blank.id]
        if blank.choices:
            ids = {c: f"{rid}-{n}" for n, c in enumerate(blank.choices, start=1)}
            declaration = item.response(rid, "single", "identifier", [ids[blank.answers[0]]])
            item.mapping(declaration, [(ids[a], share, None) for a in blank.answers], share)
        else:
            declaration = item.response(rid, "single", "string", [blank.answers[0]])
            entries = [
                (s, share, blank.case_sensitive)
                for a in blank.answers
                for s in accepted_spellings(a, accent_sensitive=blank.accent_sensitive)
            ]
            item.mapping(declaration, entries, share)

    def hook(text: str) -> xhtml.Mixed:
        out: xhtml.Mixed = []
        last = 0
        for match in BLANK_PATTERN.finditer(text):
            out.append(text[last : match.start()])
            blank = blanks[match.group(1)]
            rid = response_ids[blank.id]
            if blank.choices:
                element = etree.Element(
                    q("inlineChoiceInteraction"), responseIdentifier=rid, shuffle="false"
                )
                for n, choice in enumerate(blank.choices, start=1):
                    sub(element, "inlineChoice", choice, identifier=f"{rid}-{n}")
            else:
                length = max(len(a) for a in blank.answers) + 3
                element = etree.Element(
                    q("textEntryInteraction"), responseIdentifier=rid, expectedLength=str(length)
                )
            out.append(element)
            last = match.end()
        out.append(text[last:])
        return [part for part in out if not isinstance(part, str) or part]

    item.flow(question.prompt, item.body)
    item.flow(question.text, item.body, hook)
    total = _expr("sum", *(_expr("mapResponse", identifier=rid) for rid in response_ids.values()))
    item.score_expression(total)
    for blank in question.blanks:
        if not blank.accent_sensitive and any(strip_accents(a) != a for a in blank.answers):
            item.env.lose(question.id, "accents")


def _essay_item(item: _Item, question: EssayQuestion) -> None:
    item.response("RESPONSE", "single", "string", [])
    item.flow(question.prompt, item.body)
    interaction = sub(
        item.body, "extendedTextInteraction", responseIdentifier="RESPONSE", expectedLines="10"
    )
    if question.max_words:
        interaction.set("expectedLength", str(question.max_words * 6))
    if question.min_words or question.max_words:
        item.env.lose(question.id, "qti21.word_limits")
    guide = rubric_html(question)
    if guide:
        block = sub(item.body, "rubricBlock", view="scorer")
        xhtml.append(block, xhtml.convert(guide, NS))


def _item_bytes(env: Env, question: AnyQuestion, shuffle: bool) -> tuple[bytes, list[Image]]:
    item = _Item(env, question)
    if isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion):
        _choice_item(item, question, shuffle and question.shuffle)
    elif isinstance(question, TrueFalseQuestion):
        _choice_item(item, question, False)
    elif isinstance(question, ShortAnswerQuestion):
        _short_item(item, question)
    elif isinstance(question, NumericQuestion):
        _numeric_item(item, question)
    elif isinstance(question, MatchingQuestion):
        _matching_item(item, question)
    elif isinstance(question, OrderingQuestion):
        _ordering_item(item, question)
    elif isinstance(question, ClozeQuestion):
        _cloze_item(item, question)
    else:
        _essay_item(item, question)
    item.right_wrong_feedback()
    if question.hint:
        env.lose(question.id, "qti21.hint")
    return item.build(), item.images
