"""QTI 2.1 assessmentItem parts: element names, the item builder, processing expressions."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from lxml import etree

from courseware.export import xhtml
from courseware.export.common import (
    Env,
    Image,
    letter_first,
    number,
    question_title,
    xml_bytes,
)
from courseware.scoring import AnyQuestion

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
