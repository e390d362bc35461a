"""IMS QTI 2.1 content package: one assessmentItem per question, one assessmentTest per quiz."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from lxml import etree

from courseware.export import xhtml
from courseware.export.common import (
    Env,
    ExportResult,
    Image,
    letter_first,
    number,
    question_title,
    strings,
    xml_bytes,
    zip_bytes,
)
from courseware.export.moodle_xml import rubric_html
from courseware.model.quiz import (
    BLANK_PATTERN,
    ClozeQuestion,
    DrawQuestions,
    EssayQuestion,
    MatchingQuestion,
    MultipleResponseQuestion,
    NumericQuestion,
    OrderingQuestion,
    Quiz,
    ShortAnswerQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from courseware.scoring import AnyQuestion, accepted_spellings, choice_credits, strip_accents

NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA = f"{NS} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
MD = "http://www.imsglobal.org/xsd/imsmd_v1p2"
QMD = "http://www.imsglobal.org/xsd/imsqti_metadata_v2p1"
TOOL = "courseware"
LOM_DIFFICULTY = {"easy": "easy", "medium": "medium", "hard": "difficult"}
INTERACTIONS = {
    "single_choice": "choiceInteraction",
    "multiple_response": "choiceInteraction",
    "true_false": "choiceInteraction",
    "short_answer": "textEntryInteraction",
    "numeric": "textEntryInteraction",
    "matching": "matchInteraction",
    "ordering": "orderInteraction",
    "cloze": "textEntryInteraction",
    "essay": "extendedTextInteraction",
}


def q(tag: str) -> str:
    """A QTI 2.1 element name."""
    return f"{{{NS}}}{tag}"


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """Append a QTI element with attributes and optional text."""
    element = etree.SubElement(parent, q(tag), attrs)
    if text is not None:
        element.text = text
    return element


def item_path(question: AnyQuestion) -> str:
    """Where a question's item lives in the package."""
    return f"items/{letter_first(question.id)}.xml"


class _Item:
    """Builds one assessmentItem."""

    def __init__(self, env: Env, question: AnyQuestion) -> None:
        self.env = env
        self.question = question
        self.images: list[Image] = []
        self.root = etree.Element(q("assessmentItem"), nsmap={None: NS, "xsi": XSI})
        self.root.set(f"{{{XSI}}}schemaLocation", SCHEMA)
        self.root.set("identifier", letter_first(question.id))
        self.root.set("title", question_title(question))
        self.root.set(XML_LANG, env.language)
        self.root.set("adaptive", "false")
        self.root.set("timeDependent", "false")
        self.root.set("toolName", TOOL)
        self.root.set("toolVersion", "1")
        self.responses: list[etree._Element] = []
        self.body = etree.Element(q("itemBody"))
        self.processing = etree.Element(q("responseProcessing"))
        self.feedback_ids: list[str] = []
        self.modal: list[etree._Element] = []

    # --- content --------------------------------------------------------------------------
    def flow(
        self, markdown: str, parent: etree._Element, hook: xhtml.TextHook | None = None
    ) -> None:
        rendered = self.env.html(markdown, span=self.question.span)
        self.images.extend(i for i in rendered.images if i not in self.images)
        html = rendered.with_sources(self.src)
        xhtml.append(parent, xhtml.convert(html, NS, text_hook=hook))

    def src(self, image: Image) -> str:
        if self.env.options.embed_images:
            return image.data_uri
        return "../" + media_href(image)

    # --- declarations -----------------------------------------------------------------------
    def response(
        self, identifier: str, cardinality: str, base_type: str, correct: list[str]
    ) -> etree._Element:
        declaration = etree.Element(
            q("responseDeclaration"),
            identifier=identifier,
            cardinality=cardinality,
            baseType=base_type,
        )
        if correct:
            container = sub(declaration, "correctResponse")
            for value in correct:
                sub(container, "value", value)
        self.responses.append(declaration)
        return declaration

    def mapping(
        self,
        declaration: etree._Element,
        entries: Sequence[tuple[str, float, bool | None]],
        upper: float,
    ) -> None:
        mapping = sub(
            declaration, "mapping", defaultValue="0", lowerBound="0", upperBound=number(upper)
        )
        seen: set[str] = set()
        for key, value, case_sensitive in entries:
            folded = key if case_sensitive is not False else key.casefold()
            if folded in seen:
                continue
            seen.add(folded)
            entry = sub(mapping, "mapEntry", mapKey=key, mappedValue=number(value))
            if case_sensitive is not None:
                entry.set("caseSensitive", "true" if case_sensitive else "false")

    # --- response processing ---------------------------------------------------------------
    def score_if(self, condition: etree._Element, value: float) -> None:
        """SCORE = value when ``condition`` holds, else 0."""
        rc = sub(self.processing, "responseCondition")
        branch = sub(rc, "responseIf")
        branch.append(condition)
        set_value = sub(branch, "setOutcomeValue", identifier="SCORE")
        sub(set_value, "baseValue", number(value), baseType="float")
        other = sub(sub(rc, "responseElse"), "setOutcomeValue", identifier="SCORE")
        sub(other, "baseValue", "0", baseType="float")

    def score_mapped(self, identifier: str) -> None:
        """SCORE = the mapped value of the response (0 if there is none)."""
        rc = sub(self.processing, "responseCondition")
        branch = sub(rc, "responseIf")
        branch.append(_expr("isNull", _var(identifier)))
        sub(sub(branch, "setOutcomeValue", identifier="SCORE"), "baseValue", "0", baseType="float")
        other = sub(sub(rc, "responseElse"), "setOutcomeValue", identifier="SCORE")
        other.append(_expr("mapResponse", identifier=identifier))

    def score_expression(self, expression: etree._Element) -> None:
        set_value = sub(self.processing, "setOutcomeValue", identifier="SCORE")
        set_value.append(expression)

    def feedback(
        self, identifier: str, markdown: str | None, condition: etree._Element | None = None
    ) -> None:
        """Modal feedback ``identifier`` shown when ``condition`` holds (always if None)."""
        if not markdown:
            return
        modal = etree.Element(
            q("modalFeedback"), outcomeIdentifier="FEEDBACK", identifier=identifier, showHide="show"
        )
        self.flow(markdown, modal)
        self.modal.append(modal)
        self.feedback_ids.append(identifier)
        add = _set_feedback([_base("identifier", identifier)])
        if condition is None:
            self.processing.append(add)
        else:
            rc = sub(self.processing, "responseCondition")
            branch = sub(rc, "responseIf")
            branch.append(condition)
            branch.append(add)

    def right_wrong_feedback(self) -> None:
        feedback = self.question.feedback
        if feedback is None:
            return
        self.feedback("correct", feedback.correct, _full_marks())
        self.feedback("incorrect", feedback.incorrect, _expr("not", _full_marks()))
        self.feedback("general", feedback.general)

    # --- assembly ------------------------------------------------------------------------------
    def build(self) -> bytes:
        root = self.root
        for declaration in self.responses:
            root.append(declaration)
        _outcome(root, "SCORE", "float", "0")
        _outcome(root, "MAXSCORE", "float", number(self.question.points))
        if self.feedback_ids:
            outcome = sub(
                root,
                "outcomeDeclaration",
                identifier="FEEDBACK",
                cardinality="multiple",
                baseType="identifier",
            )
            del outcome
        root.append(self.body)
        if len(self.processing):
            root.append(self.processing)
        for modal in self.modal:
            root.append(modal)
        return xml_bytes(root)


def _outcome(parent: etree._Element, identifier: str, base_type: str, default: str) -> None:
    outcome = sub(
        parent,
        "outcomeDeclaration",
        identifier=identifier,
        cardinality="single",
        baseType=base_type,
    )
    sub(sub(outcome, "defaultValue"), "value", default)


def _full_marks() -> etree._Element:
    """SCORE >= MAXSCORE, allowing for the rounding of summed shares."""
    almost = _expr("subtract", _var("MAXSCORE"), _base("float", "0.000001"))
    return _expr("gte", _var("SCORE"), almost)


def _var(identifier: str) -> etree._Element:
    return etree.Element(q("variable"), identifier=identifier)


def _base(base_type: str, value: str) -> etree._Element:
    element = etree.Element(q("baseValue"), baseType=base_type)
    element.text = value
    return element


def _expr(tag: str, *children: etree._Element, **attrs: str) -> etree._Element:
    element = etree.Element(q(tag), attrs)
    element.extend(children)
    return element


def _set_feedback(values: list[etree._Element]) -> etree._Element:
    element = etree.Element(q("setOutcomeValue"), identifier="FEEDBACK")
    element.append(_expr("multiple", _var("FEEDBACK"), *values))
    return element


def media_href(image: Image) -> str:
    """The package path (URL-encoded) of an image."""
    return "media/" + quote(image.path)


# --- question types ------------------------------------------------------------------------
def _choice_item(
    item: _Item,
    question: SingleChoiceQuestion | MultipleResponseQuestion | TrueFalseQuestion,
    shuffle: bool,
) -> None:
    s = strings(item.env.language)
    choices: list[tuple[str, str, bool, str | None]]
    if isinstance(question, TrueFalseQuestion):
        choices = [
            ("true", s["true"], question.answer is True, None),
            ("false", s["false"], question.answer is False, None),
        ]
        credits = [1.0 if c[2] else 0.0 for c in choices]
        multiple = False
    else:
        choices = [
            (f"choice-{n}", c.text, c.correct, c.feedback)
            for n, c in enumerate(question.choices, start=1)
        ]
        credits = choice_credits(question)
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
        item.env.lose(
            question.id,
            "accent-insensitive matching is approximated: accented and unaccented spellings "
            "are accepted, partly accented ones are not",
        )


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
            item.env.lose(
                question.id,
                "accent-insensitive matching is approximated: accented and unaccented "
                "spellings are accepted, partly accented ones are not",
            )


def _essay_item(item: _Item, question: EssayQuestion) -> None:
    item.response("RESPONSE", "single", "string", [])
    item.flow(question.prompt, item.body)
    interaction = sub(
        item.body, "extendedTextInteraction", responseIdentifier="RESPONSE", expectedLines="10"
    )
    if question.max_words:
        interaction.set("expectedLength", str(question.max_words * 6))
    if question.min_words or question.max_words:
        item.env.lose(
            question.id, "word limits: QTI 2.1 has no word count; only an expected length is set"
        )
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
        env.lose(question.id, "hint: QTI 2.1 items have no hint without adaptive templates")
    return item.build(), item.images


# --- tests and package -------------------------------------------------------------------------
def _test(env: Env, quiz: Quiz) -> bytes:
    root = etree.Element(q("assessmentTest"), nsmap={None: NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA)
    root.set("identifier", letter_first(quiz.id))
    root.set("title", quiz.title)
    root.set("toolName", TOOL)
    root.set("toolVersion", "1")
    _outcome(root, "SCORE", "float", "0")
    _outcome(root, "MAXSCORE", "float", "0")
    passing = quiz.passing_score
    if passing is None and env.course is not None:
        passing = env.course.settings.passing_score
    if passing is not None:
        _outcome(root, "PASS", "boolean", "false")
    if quiz.time_limit:
        sub(root, "timeLimits", maxTime=str(quiz.time_limit * 60))
    part = sub(
        root,
        "testPart",
        identifier="part-1",
        navigationMode="nonlinear",
        submissionMode="simultaneous",
    )
    section = sub(
        part, "assessmentSection", identifier="section-1", title=quiz.title, visible="true"
    )
    if quiz.shuffle_questions:
        sub(section, "ordering", shuffle="true")
    for n, (item, questions) in enumerate(env.quiz_parts(quiz), start=1):
        if isinstance(item, DrawQuestions):
            pool = questions
            group = sub(
                section,
                "assessmentSection",
                identifier=f"draw-{n}",
                title=f"{quiz.title} ({n})",
                visible="false",
            )
            sub(group, "selection", select=str(min(item.draw, len(pool))))
            if quiz.shuffle_questions:
                sub(group, "ordering", shuffle="true")
            targets, parent = pool, group
        else:
            targets, parent = questions, section
        for question in targets:
            sub(
                parent,
                "assessmentItemRef",
                identifier=f"ref-{n}-{letter_first(question.id)}",
                href="../" + item_path(question),
            )
            if not quiz.shuffle_choices and getattr(question, "shuffle", False):
                env.lose(
                    quiz.id,
                    f"shuffle_choices: false: item {question.id!r} keeps its own shuffle "
                    f"setting in QTI 2.1",
                )
    processing = sub(root, "outcomeProcessing")
    for outcome in ("SCORE", "MAXSCORE"):
        setter = sub(processing, "setOutcomeValue", identifier=outcome)
        setter.append(_expr("sum", etree.Element(q("testVariables"), variableIdentifier=outcome)))
    if passing is not None:
        setter = sub(processing, "setOutcomeValue", identifier="PASS")
        setter.append(
            _expr(
                "gte",
                _var("SCORE"),
                _expr("product", _var("MAXSCORE"), _base("float", number(passing))),
            )
        )
    if quiz.attempts:
        env.lose(
            quiz.id,
            f"attempts ({quiz.attempts}): QTI 2.1 tests do not limit attempts; set it in the LMS",
        )
    return xml_bytes(root)


def _lom(
    parent: etree._Element, title: str, language: str, keywords: list[str], difficulty: str | None
) -> None:
    lom = etree.SubElement(parent, f"{{{MD}}}lom")
    general = etree.SubElement(lom, f"{{{MD}}}general")
    title_el = etree.SubElement(general, f"{{{MD}}}title")
    etree.SubElement(title_el, f"{{{MD}}}langstring", {XML_LANG: language}).text = title
    etree.SubElement(general, f"{{{MD}}}language").text = language
    for keyword in keywords:
        kw = etree.SubElement(general, f"{{{MD}}}keyword")
        etree.SubElement(kw, f"{{{MD}}}langstring", {XML_LANG: language}).text = keyword
    if difficulty:
        educational = etree.SubElement(lom, f"{{{MD}}}educational")
        diff = etree.SubElement(educational, f"{{{MD}}}difficulty")
        source = etree.SubElement(diff, f"{{{MD}}}source")
        etree.SubElement(source, f"{{{MD}}}langstring", {XML_LANG: "x-none"}).text = "LOMv1.0"
        value = etree.SubElement(diff, f"{{{MD}}}value")
        etree.SubElement(value, f"{{{MD}}}langstring", {XML_LANG: "x-none"}).text = LOM_DIFFICULTY[
            difficulty
        ]


def _manifest(env: Env, items: list[tuple[AnyQuestion, list[Image]]], tests: list[Quiz]) -> bytes:
    bank = env.bank
    nsmap = {None: CP, "imsmd": MD, "imsqti": QMD, "xsi": XSI}
    root = etree.Element(
        f"{{{CP}}}manifest", nsmap=nsmap, identifier=letter_first(f"manifest-{bank.id}")
    )
    root.set(
        f"{{{XSI}}}schemaLocation",
        f"{CP} http://www.imsglobal.org/xsd/imscp_v1p1.xsd {MD} "
        f"http://www.imsglobal.org/xsd/imsmd_v1p2p4.xsd "
        f"{QMD} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_metadata_v2p1.xsd",
    )
    metadata = etree.SubElement(root, f"{{{CP}}}metadata")
    etree.SubElement(metadata, f"{{{CP}}}schema").text = "QTIv2.1 Package"
    etree.SubElement(metadata, f"{{{CP}}}schemaversion").text = "1.0.0"
    _lom(metadata, bank.title, env.language, [], None)
    etree.SubElement(root, f"{{{CP}}}organizations")
    resources = etree.SubElement(root, f"{{{CP}}}resources")
    media: dict[str, Image] = {}
    for quiz in tests:
        resource = etree.SubElement(
            resources,
            f"{{{CP}}}resource",
            identifier=f"test-{letter_first(quiz.id)}",
            type="imsqti_test_xmlv2p1",
            href=f"tests/{letter_first(quiz.id)}.xml",
        )
        etree.SubElement(resource, f"{{{CP}}}file", href=f"tests/{letter_first(quiz.id)}.xml")
        ids: list[str] = []
        for _item, questions in env.quiz_parts(quiz):
            ids.extend(f"item-{letter_first(question.id)}" for question in questions)
        for ident in dict.fromkeys(ids):
            etree.SubElement(resource, f"{{{CP}}}dependency", identifierref=ident)
    for question, images in items:
        ident = letter_first(question.id)
        resource = etree.SubElement(
            resources,
            f"{{{CP}}}resource",
            identifier=f"item-{ident}",
            type="imsqti_item_xmlv2p1",
            href=item_path(question),
        )
        meta = etree.SubElement(resource, f"{{{CP}}}metadata")
        category = env.category_of(question)
        keywords = list(question.tags) + ([category.title] if category else [])
        keywords += [f"objective:{o}" for o in question.objectives]
        if question.source:
            keywords.append(f"source:{question.source}")
        _lom(meta, question_title(question), env.language, keywords, question.difficulty)
        qti = etree.SubElement(meta, f"{{{QMD}}}qtiMetadata")
        etree.SubElement(qti, f"{{{QMD}}}timeDependent").text = "false"
        interaction = INTERACTIONS[question.type]
        etree.SubElement(qti, f"{{{QMD}}}interactionType").text = interaction
        if isinstance(question, ClozeQuestion) and any(b.choices for b in question.blanks):
            etree.SubElement(qti, f"{{{QMD}}}interactionType").text = "inlineChoiceInteraction"
        etree.SubElement(qti, f"{{{QMD}}}feedbackType").text = (
            "nonadaptive" if _has_feedback(question) else "none"
        )
        etree.SubElement(qti, f"{{{QMD}}}solutionAvailable").text = (
            "false" if question.type == "essay" else "true"
        )
        etree.SubElement(qti, f"{{{QMD}}}toolName").text = TOOL
        etree.SubElement(resource, f"{{{CP}}}file", href=item_path(question))
        for image in images:
            key = f"media-{letter_first(image.path.replace('/', '-'), 'm')}"
            media[key] = image
            etree.SubElement(resource, f"{{{CP}}}dependency", identifierref=key)
    for key, image in sorted(media.items()):
        resource = etree.SubElement(
            resources,
            f"{{{CP}}}resource",
            identifier=key,
            type="webcontent",
            href=media_href(image),
        )
        etree.SubElement(resource, f"{{{CP}}}file", href=media_href(image))
    return xml_bytes(root)


def _has_feedback(question: AnyQuestion) -> bool:
    if question.feedback and (
        question.feedback.correct or question.feedback.incorrect or question.feedback.general
    ):
        return True
    if isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion):
        return any(c.feedback for c in question.choices)
    if isinstance(question, ShortAnswerQuestion):
        return any(a.feedback for a in question.answers)
    return False


def export_qti21(env: Env) -> ExportResult:
    """``<bank-id>-qti21.zip``: imsmanifest.xml, items/*.xml, tests/*.xml and media/."""
    files: dict[str, bytes] = {}
    items: list[tuple[AnyQuestion, list[Image]]] = []
    seen: dict[str, str] = {}
    for question in env.questions:
        ident = letter_first(question.id)
        if ident in seen:
            env.error(
                f"questions {seen[ident]!r} and {question.id!r} get the same QTI identifier "
                f"{ident!r}",
                question.span,
                code="qti-identifier",
            )
            continue
        seen[ident] = question.id
        data, images = _item_bytes(env, question, shuffle=True)
        files[item_path(question)] = data
        items.append((question, [] if env.options.embed_images else images))
    for quiz in env.bank.quizzes:
        files[f"tests/{letter_first(quiz.id)}.xml"] = _test(env, quiz)
    files["imsmanifest.xml"] = _manifest(env, items, env.bank.quizzes)
    for _question, images in items:
        for image in images:
            files["media/" + image.path] = image.data
    return env.result({f"{env.bank.id}-qti21.zip": zip_bytes(files, env.options)})
