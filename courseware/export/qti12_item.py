"""QTI 1.2 (Canvas) item parts: element helper, the item builder and media paths."""

from __future__ import annotations

from urllib.parse import quote

from lxml import etree

from courseware.export.common import (
    Env,
    Image,
    number,
    question_title,
)
from courseware.scoring import AnyQuestion

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
