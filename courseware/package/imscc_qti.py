"""The CC 1.1 QTI profile: one ``<item>`` per question (six types), shared by the cartridge.

Each item carries its points as ``cc_weighting`` (Moodle's converter reads it as the
question's default mark), the prompt, the response processing that sets ``SCORE`` 0..100, and
its feedback.
"""

from __future__ import annotations

from typing import Protocol

from lxml import etree

from courseware.export.common import Env, number, strings
from courseware.model.quiz import (
    EssayQuestion,
    MultipleResponseQuestion,
    NumericQuestion,
    ShortAnswerQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from courseware.package.common import Prepared, xml_document
from courseware.scoring import AnyQuestion, accepted_spellings


class Cartridge(Protocol):
    """What an item needs of the cartridge it goes into: the course, and its texts as HTML."""

    prepared: Prepared

    def html(
        self, env: Env, markdown: str | None, question: AnyQuestion, *, inline: bool = False
    ) -> str: ...


QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def qti(
    parent: etree._Element | None, tag: str, text: str | None = None, **attrs: str
) -> etree._Element:
    """A QTI element (a new root with the namespaces when ``parent`` is None)."""
    name = f"{{{QTI}}}{tag}"
    if parent is None:
        node = etree.Element(name, attrs, nsmap={None: QTI, "xsi": XSI})
    else:
        node = etree.SubElement(parent, name, attrs)
    if text is not None:
        node.text = text
    return node


def qti_meta(parent: etree._Element, fields: list[tuple[str, str]]) -> None:
    """A ``<qtimetadata>`` block of label/entry pairs."""
    box = qti(parent, "qtimetadata")
    for label, entry in fields:
        row = qti(box, "qtimetadatafield")
        qti(row, "fieldlabel", label)
        qti(row, "fieldentry", entry)


def qti_material(parent: etree._Element, text: str, texttype: str = "text/html") -> None:
    """A ``<material><mattext>`` child."""
    qti(qti(parent, "material"), "mattext", text, texttype=texttype)


class QtiItem:
    """Builds one CC QTI item: presentation, response processing and feedback."""

    def __init__(self, cart: Cartridge, env: Env, question: AnyQuestion, kind: str) -> None:
        self.cart = cart
        self.env = env
        self.question = question
        self.kind = kind
        self.processing = qti(None, "resprocessing")
        self.feedback: list[tuple[str, str]] = []

    def html(self, markdown: str | None, *, inline: bool = False) -> str:
        return self.cart.html(self.env, markdown, self.question, inline=inline)

    def condition(self, *, cont: bool) -> tuple[etree._Element, etree._Element]:
        """A new respcondition and its conditionvar."""
        rc = qti(self.processing, "respcondition")
        rc.set("continue", "Yes" if cont else "No")
        return rc, qti(rc, "conditionvar")

    def show(self, rc: etree._Element, ident: str, markdown: str | None) -> None:
        """Display feedback ``ident`` (with this text) when ``rc`` matches."""
        if not markdown:
            return
        qti(rc, "displayfeedback", feedbacktype="Response", linkrefid=ident)
        if ident not in dict(self.feedback):
            self.feedback.append((ident, self.html(markdown)))

    def build(self) -> etree._Element:
        question = self.question
        node = qti(None, "item", ident=f"q-{question.id}", title=question.title or question.id)
        fields = [("cc_profile", self.kind)]
        if float(question.points).is_integer() and 1 <= question.points <= 99:
            fields.append(("cc_weighting", str(int(question.points))))
        if isinstance(question, EssayQuestion):
            fields.append(("qmd_computerscored", "No"))
        qti_meta(qti(node, "itemmetadata"), fields)
        presentation = qti(node, "presentation")
        qti_material(presentation, self.html(question.prompt))
        decvar = qti(qti(self.processing, "outcomes"), "decvar", varname="SCORE", vartype="Decimal")
        decvar.set("minvalue", "0")
        decvar.set("maxvalue", "100")
        fb = question.feedback
        if fb and fb.general:
            rc, cond = self.condition(cont=True)
            qti(cond, "other")
            self.show(rc, "general_fb", fb.general)
        if isinstance(
            question, SingleChoiceQuestion | MultipleResponseQuestion | TrueFalseQuestion
        ):
            self.choices(question, presentation)
        elif isinstance(question, ShortAnswerQuestion | NumericQuestion):
            self.fill_in(question, presentation)
        else:
            rs = qti(presentation, "response_str", ident="response1", rcardinality="Single")
            qti(qti(rs, "render_fib"), "response_label", ident="answer1", rshuffle="No")
        if fb and fb.incorrect and not isinstance(question, EssayQuestion):
            rc, cond = self.condition(cont=False)
            qti(cond, "other")
            self.show(rc, "general_incorrect_fb", fb.incorrect)
        node.append(self.processing)
        for ident, html in self.feedback:
            qti_material(qti(qti(node, "itemfeedback", ident=ident), "flow_mat"), html)
        return node

    def choices(
        self,
        question: SingleChoiceQuestion | MultipleResponseQuestion | TrueFalseQuestion,
        presentation: etree._Element,
    ) -> None:
        multiple = isinstance(question, MultipleResponseQuestion)
        lid = qti(
            presentation,
            "response_lid",
            ident="response1",
            rcardinality="Multiple" if multiple else "Single",
        )
        render = qti(lid, "render_choice")
        if isinstance(question, TrueFalseQuestion):
            say = strings(self.cart.prepared.loaded.course.language)
            true, false = say["true"], say["false"]
            labels = [("true", true), ("false", false)]
            right = ["true" if question.answer else "false"]
            wrong = ["false" if question.answer else "true"]
        else:
            labels = [
                (f"c{i}", self.html(c.text, inline=True)) for i, c in enumerate(question.choices)
            ]
            right = [f"c{i}" for i, c in enumerate(question.choices) if c.correct]
            wrong = [f"c{i}" for i, c in enumerate(question.choices) if not c.correct]
        for ident, text in labels:
            qti_material(qti(render, "response_label", ident=ident), text)
        rc, cond = self.condition(cont=False)
        if multiple:
            group = qti(cond, "and")
            for ident in right:
                qti(group, "varequal", ident, respident="response1")
            for ident in wrong:
                qti(qti(group, "not"), "varequal", ident, respident="response1")
        else:
            qti(cond, "varequal", right[0], respident="response1")
        qti(rc, "setvar", "100", varname="SCORE", action="Set")
        self.show(rc, "correct_fb", question.feedback.correct if question.feedback else None)

    def fill_in(
        self, question: ShortAnswerQuestion | NumericQuestion, presentation: etree._Element
    ) -> None:
        rs = qti(presentation, "response_str", ident="response1", rcardinality="Single")
        qti(qti(rs, "render_fib"), "response_label", ident="answer1", rshuffle="No")
        accepted: list[tuple[list[str], float, bool]] = []
        if isinstance(question, ShortAnswerQuestion):
            for answer in sorted(question.answers, key=lambda a: -a.credit):
                spellings = accepted_spellings(
                    answer.text, accent_sensitive=question.accent_sensitive
                )
                accepted.append((spellings, answer.credit, question.case_sensitive))
        else:
            assert question.answer is not None
            text = number(question.answer)
            accepted.append(([text] + ([text.replace(".", ",")] if "." in text else []), 1, False))
        correct = question.feedback.correct if question.feedback else None
        for spellings, credit, case in accepted:
            for spelling in spellings:  # the CC profile has no <or>: one condition each
                rc, cond = self.condition(cont=False)
                qti(cond, "varequal", spelling, respident="response1", case="Yes" if case else "No")
                qti(rc, "setvar", number(credit * 100), varname="SCORE", action="Set")
                if credit == 1:
                    self.show(rc, "correct_fb", correct)


def qti_document(root: etree._Element) -> bytes:
    """The QTI document as bytes, without unused namespace declarations."""
    etree.cleanup_namespaces(root)
    return xml_document(root)


__all__ = ["QTI", "XSI", "QtiItem", "qti", "qti_document", "qti_material", "qti_meta"]
