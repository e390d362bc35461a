"""QTI 1.2 as Canvas imports it (the flavour of Canvas's exporter and text2qti), zipped.

The zip holds the whole bank as an ``objectbank`` (a Canvas question bank) and one
``assessment`` per quiz with its Canvas settings (``assessment_meta.xml``).
"""

from __future__ import annotations

from urllib.parse import quote

from lxml import etree

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
from courseware.scoring import AnyQuestion, accepted_spellings, strip_accents

NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = f"{NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"
CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
CANVAS = "http://canvas.instructure.com/xsd/cccv1p0"
FILEBASE = "%24IMS-CC-FILEBASE%24/"


def e(
    parent: etree._Element | None, tag: str, text: str | None = None, **attrs: str
) -> etree._Element:
    """A QTI 1.2 element (appended to ``parent`` when given)."""
    name = f"{{{NS}}}{tag}"
    element = (
        etree.Element(name, attrs) if parent is None else etree.SubElement(parent, name, attrs)
    )
    if text is not None:
        element.text = text
    return element


def _material(parent: etree._Element, text: str, texttype: str = "text/html") -> None:
    e(e(parent, "material"), "mattext", text, texttype=texttype)


class _Item:
    """Builds one Canvas item."""

    def __init__(self, env: Env, question: AnyQuestion, ident: str, canvas_type: str) -> None:
        self.env = env
        self.question = question
        self.ident = ident
        self.images: list[Image] = []
        self.root = e(None, "item", ident=ident, title=question_title(question))
        meta = e(e(self.root, "itemmetadata"), "qtimetadata")
        self.answer_ids: list[str] = []
        self._meta = meta
        fields = {
            "question_type": canvas_type,
            "points_possible": number(question.points),
            "assessment_question_identifierref": f"{ident}-ref",
        }
        for label, value in fields.items():
            field = e(meta, "qtimetadatafield")
            e(field, "fieldlabel", label)
            e(field, "fieldentry", value)
        self.presentation = e(self.root, "presentation")
        self.processing = e(None, "resprocessing")
        decvar = e(e(self.processing, "outcomes"), "decvar", maxvalue="100", minvalue="0")
        decvar.set("varname", "SCORE")
        decvar.set("vartype", "Decimal")
        self.feedbacks: list[tuple[str, str]] = []

    def html(self, markdown: str | None) -> str:
        if not markdown:
            return ""
        rendered = self.env.html(markdown, span=self.question.span)
        self.images.extend(i for i in rendered.images if i not in self.images)
        if self.env.options.embed_images:
            return rendered.with_sources(lambda image: image.data_uri)
        return rendered.with_sources(lambda image: FILEBASE + media_path(image, quoted=True))

    def condition(self, *, cont: bool) -> tuple[etree._Element, etree._Element]:
        """A new respcondition and its conditionvar."""
        rc = etree.SubElement(
            self.processing, f"{{{NS}}}respcondition", {"continue": "Yes" if cont else "No"}
        )
        return rc, e(rc, "conditionvar")

    def feedback(self, ident: str, markdown: str | None) -> bool:
        if not markdown:
            return False
        self.feedbacks.append((ident, self.html(markdown)))
        return True

    def show(self, rc: etree._Element, ident: str) -> None:
        e(rc, "displayfeedback", feedbacktype="Response", linkrefid=ident)

    def general(self) -> None:
        feedback = self.question.feedback
        if feedback and self.feedback("general_fb", feedback.general):
            rc, cond = self.condition(cont=True)
            e(cond, "other")
            self.show(rc, "general_fb")

    def set_score(self, rc: etree._Element, value: str = "100", action: str = "Set") -> None:
        e(rc, "setvar", value, action=action, varname="SCORE")

    def right_wrong(self, rc: etree._Element) -> None:
        """Correct feedback on the scoring condition, incorrect feedback on ``other``."""
        feedback = self.question.feedback
        if feedback and self.feedback("correct_fb", feedback.correct):
            self.show(rc, "correct_fb")
        if feedback and self.feedback("general_incorrect_fb", feedback.incorrect):
            rc2, cond = self.condition(cont=True)
            e(cond, "other")
            self.show(rc2, "general_incorrect_fb")

    def build(self) -> etree._Element:
        if self.answer_ids:
            field = e(None, "qtimetadatafield")
            e(field, "fieldlabel", "original_answer_ids")
            e(field, "fieldentry", ",".join(self.answer_ids))
            self._meta.insert(2, field)
        self.root.append(self.processing)
        for ident, html in self.feedbacks:
            fb = e(self.root, "itemfeedback", ident=ident)
            _material(e(fb, "flow_mat"), html)
        return self.root


def media_path(image: Image, *, quoted: bool = False) -> str:
    """Where an image goes in the zip (Canvas's file area)."""
    return "images/" + (quote(image.path) if quoted else image.path)


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
        item.env.lose(
            question.id,
            "scoring: Canvas applies its own partial-credit rule to multiple answers "
            "(explicit weights and all-or-nothing are not kept)",
        )


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
            question.id,
            "partial-credit answers: Canvas short answers are all-or-nothing; "
            + ", ".join(repr(a.text) for a in partial)
            + " left out",
        )
    if question.case_sensitive:
        item.env.lose(question.id, "case sensitivity: Canvas short answers ignore case")
    if not question.accent_sensitive and any(
        strip_accents(a.text) != a.text for a in question.answers
    ):
        item.env.lose(
            question.id,
            "accent-insensitive matching is approximated: accented and unaccented spellings "
            "are accepted, partly accented ones are not",
        )


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
        item.env.lose(
            item.question.id,
            f"right/wrong feedback: Canvas drops it for {item.question.type} questions",
        )


def blank_name(blank_id: str) -> str:
    """A Canvas blank name (letters, digits, underscores)."""
    return letter_first(blank_id, "b").replace("-", "_").replace(".", "_")


def _cloze(item: _Item, question: ClozeQuestion) -> None:
    dropdowns = all(b.choices for b in question.blanks)
    if not dropdowns and any(b.choices for b in question.blanks):
        item.env.lose(
            question.id,
            "drop-down blanks: Canvas cannot mix them with typed blanks; they become typed",
        )
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
            item.env.lose(
                question.id, f"case sensitivity of blank {blank.id!r}: Canvas blanks ignore case"
            )
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
        item.env.lose(
            question.id,
            "rubric and model answer: Canvas QTI has no grader information (add a Canvas rubric)",
        )
    if question.min_words or question.max_words:
        item.env.lose(question.id, "word limits: Canvas essays have none")
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
        env.lose(
            question.id, "ordering questions: Canvas (classic quizzes) has no such type; left out"
        )
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
        env.lose(question.id, "hint: Canvas quizzes have no hints")
    if (
        isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion)
        and not question.shuffle
    ):
        env.lose(question.id, "shuffle: false: Canvas shuffles answers per quiz, not per question")
    return item.build(), item.images


def _document() -> etree._Element:
    root = etree.Element(f"{{{NS}}}questestinterop", nsmap={None: NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA)
    return root


def _bank(env: Env, images: dict[str, Image]) -> bytes:
    root = _document()
    bank = e(root, "objectbank", ident=letter_first(env.bank.id))
    meta = e(bank, "qtimetadata")
    field = e(meta, "qtimetadatafield")
    e(field, "fieldlabel", "bank_title")
    e(field, "fieldentry", env.bank.title)
    for question in env.questions:
        built = item_element(env, question, letter_first(question.id))
        if built:
            bank.append(built[0])
            images.update((i.path, i) for i in built[1])
    return xml_bytes(root)


def _assessment(env: Env, quiz: Quiz, images: dict[str, Image]) -> bytes:
    root = _document()
    test = e(root, "assessment", ident=letter_first(quiz.id), title=quiz.title)
    meta = e(test, "qtimetadata")
    field = e(meta, "qtimetadatafield")
    e(field, "fieldlabel", "cc_maxattempts")
    e(field, "fieldentry", str(quiz.attempts or 1))
    section = e(test, "section", ident="root_section")
    quiz_id = letter_first(quiz.id)
    for n, (part, questions) in enumerate(env.quiz_parts(quiz), start=1):
        parent = section
        if isinstance(part, DrawQuestions):
            parent = e(
                section, "section", ident=f"{quiz_id}-group-{n}", title=f"{quiz.title} ({n})"
            )
            selection = e(e(parent, "selection_ordering"), "selection")
            e(selection, "selection_number", str(min(part.draw, len(questions))))
            points = {q.points for q in questions}
            e(e(selection, "selection_extension"), "points_per_item", number(max(points)))
            if len(points) > 1:
                env.lose(
                    quiz.id,
                    f"draw {n}: Canvas gives every question of a group the same points "
                    f"({number(max(points))})",
                )
        for question in questions:
            built = item_element(env, question, f"{quiz_id}-{letter_first(question.id)}")
            if built:
                parent.append(built[0])
                images.update((i.path, i) for i in built[1])
    if quiz.passing_score is not None:
        env.lose(quiz.id, "passing_score: Canvas quizzes have no pass mark")
    if quiz.shuffle_questions:
        env.lose(
            quiz.id, "shuffle_questions: Canvas classic quizzes only shuffle inside question groups"
        )
    return xml_bytes(root)


def _meta(env: Env, quiz: Quiz) -> bytes:
    root = etree.Element(
        f"{{{CANVAS}}}quiz", nsmap={None: CANVAS, "xsi": XSI}, identifier=letter_first(quiz.id)
    )
    root.set(f"{{{XSI}}}schemaLocation", f"{CANVAS} https://canvas.instructure.com/xsd/cccv1p0.xsd")
    points = 0.0
    for part, questions in env.quiz_parts(quiz):
        count = min(part.draw, len(questions)) if isinstance(part, DrawQuestions) else 1
        points += count * max(q.points for q in questions)
    values = {
        "title": quiz.title,
        "description": env.html(quiz.description, span=quiz.span).html if quiz.description else "",
        "shuffle_answers": "true" if quiz.shuffle_choices else "false",
        "scoring_policy": "keep_highest",
        "quiz_type": "assignment",
        "points_possible": number(points),
        "show_correct_answers": "true",
        "allowed_attempts": str(quiz.attempts or 1),
        "one_question_at_a_time": "false",
        "cant_go_back": "false",
        "available": "false",
    }
    if quiz.time_limit:
        values["time_limit"] = str(quiz.time_limit)
    for tag, value in values.items():
        etree.SubElement(root, f"{{{CANVAS}}}{tag}").text = value
    return xml_bytes(root)


def _manifest(env: Env, images: dict[str, Image]) -> bytes:
    root = etree.Element(
        f"{{{CP}}}manifest", nsmap={None: CP}, identifier=letter_first(f"manifest-{env.bank.id}")
    )
    metadata = etree.SubElement(root, f"{{{CP}}}metadata")
    etree.SubElement(metadata, f"{{{CP}}}schema").text = "IMS Content"
    etree.SubElement(metadata, f"{{{CP}}}schemaversion").text = "1.1.3"
    etree.SubElement(root, f"{{{CP}}}organizations")
    resources = etree.SubElement(root, f"{{{CP}}}resources")
    bank_id = letter_first(env.bank.id)
    resource = etree.SubElement(
        resources, f"{{{CP}}}resource", identifier=f"{bank_id}-bank", type="imsqti_xmlv1p2"
    )
    etree.SubElement(resource, f"{{{CP}}}file", href=f"{bank_id}/{bank_id}.xml")
    for quiz in env.bank.quizzes:
        quiz_id = letter_first(quiz.id)
        resource = etree.SubElement(
            resources, f"{{{CP}}}resource", identifier=quiz_id, type="imsqti_xmlv1p2"
        )
        etree.SubElement(resource, f"{{{CP}}}file", href=f"{quiz_id}/{quiz_id}.xml")
        etree.SubElement(resource, f"{{{CP}}}dependency", identifierref=f"{quiz_id}-meta")
        meta = etree.SubElement(
            resources,
            f"{{{CP}}}resource",
            identifier=f"{quiz_id}-meta",
            type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
            href=f"{quiz_id}/assessment_meta.xml",
        )
        etree.SubElement(meta, f"{{{CP}}}file", href=f"{quiz_id}/assessment_meta.xml")
    for n, path in enumerate(sorted(images), start=1):
        href = media_path(images[path], quoted=True)
        resource = etree.SubElement(
            resources,
            f"{{{CP}}}resource",
            identifier=f"{bank_id}-image-{n}",
            type="webcontent",
            href=href,
        )
        etree.SubElement(resource, f"{{{CP}}}file", href=href)
    return xml_bytes(root)


def export_qti12(env: Env) -> ExportResult:
    """``<bank-id>-canvas.zip``: the bank as a Canvas question bank plus one quiz per quiz "
    "definition."""
    files: dict[str, bytes] = {}
    images: dict[str, Image] = {}
    bank_id = letter_first(env.bank.id)
    files[f"{bank_id}/{bank_id}.xml"] = _bank(env, images)
    for quiz in env.bank.quizzes:
        quiz_id = letter_first(quiz.id)
        files[f"{quiz_id}/{quiz_id}.xml"] = _assessment(env, quiz, images)
        files[f"{quiz_id}/assessment_meta.xml"] = _meta(env, quiz)
    if env.options.embed_images:
        images = {}
    files["imsmanifest.xml"] = _manifest(env, images)
    for image in images.values():
        files[media_path(image)] = image.data
    return env.result({f"{env.bank.id}-canvas.zip": zip_bytes(files, env.options)})
