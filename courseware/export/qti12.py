"""QTI 1.2 as Canvas imports it (the flavour of Canvas's exporter and text2qti), zipped.

The zip holds the whole bank as an ``objectbank`` (a Canvas question bank) and one
``assessment`` per quiz with its Canvas settings (``assessment_meta.xml``).
"""

from __future__ import annotations

from lxml import etree

from courseware.export.common import (
    Env,
    ExportResult,
    Image,
    letter_first,
    number,
    xml_bytes,
    zip_bytes,
)
from courseware.export.qti12_item import (
    CANVAS,
    CP,
    NS,
    SCHEMA,
    XSI,
    e,
    media_path,
)
from courseware.export.qti12_items import (
    item_element,
)
from courseware.model.quiz import (
    DrawQuestions,
    Quiz,
)


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
                env.lose(quiz.id, "qti12.draw_points", draw=str(n), points=number(max(points)))
        for question in questions:
            built = item_element(env, question, f"{quiz_id}-{letter_first(question.id)}")
            if built:
                parent.append(built[0])
                images.update((i.path, i) for i in built[1])
    if quiz.passing_score is not None:
        env.lose(quiz.id, "qti12.passing_score")
    if quiz.shuffle_questions:
        env.lose(quiz.id, "qti12.shuffle_questions")
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
