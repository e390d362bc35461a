"""IMS QTI 2.1 content package: one assessmentItem per question, one assessmentTest per quiz."""

from __future__ import annotations

from lxml import etree

from courseware.export.common import (
    Env,
    ExportResult,
    Image,
    letter_first,
    number,
    question_title,
    xml_bytes,
    zip_bytes,
)
from courseware.export.qti21_item import (
    CP,
    INTERACTIONS,
    LOM_DIFFICULTY,
    MD,
    NS,
    QMD,
    SCHEMA,
    TOOL,
    XML_LANG,
    XSI,
    _base,
    _expr,
    _outcome,
    _var,
    item_path,
    media_href,
    q,
    sub,
)
from courseware.export.qti21_items import (
    _item_bytes,
)
from courseware.i18n import says
from courseware.model.quiz import (
    ClozeQuestion,
    DrawQuestions,
    MultipleResponseQuestion,
    Quiz,
    ShortAnswerQuestion,
    SingleChoiceQuestion,
)
from courseware.scoring import AnyQuestion


def _sections(env: Env, quiz: Quiz, root: etree._Element) -> None:
    """The test part: one section, a hidden sub-section per draw, an item ref per question."""
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
                env.lose(quiz.id, "qti21.shuffle", item=repr(question.id))


def _test_processing(root: etree._Element, passing: float | None) -> None:
    """SCORE and MAXSCORE summed over the items; PASS when SCORE reaches the passing share."""
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
    _sections(env, quiz, root)
    _test_processing(root, passing)
    if quiz.attempts:
        env.lose(quiz.id, "qti21.attempts", attempts=str(quiz.attempts))
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


def _test_resource(env: Env, resources: etree._Element, quiz: Quiz) -> None:
    """A test's resource, depending on the items it may ask."""
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


def _item_resource(
    env: Env,
    resources: etree._Element,
    question: AnyQuestion,
    images: list[Image],
    media: dict[str, Image],
) -> None:
    """An item's resource with its LOM and QTI metadata; its images are added to ``media``."""
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
        _test_resource(env, resources, quiz)
    for question, images in items:
        _item_resource(env, resources, question, images, media)
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
                says(
                    "export.qti21.same-identifier",
                    first=repr(seen[ident]),
                    second=repr(question.id),
                    ident=repr(ident),
                ),
                question.span,
                code="qti-identifier",
                hint=says("export.qti21.same-identifier.hint"),
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
