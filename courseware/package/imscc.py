"""IMS Common Cartridge 1.1: the lessons as web pages, the quizzes as CC QTI assessments.

For LMSs that import cartridges (Canvas, Moodle, Blackboard, Brightspace). The site goes
under ``web_resources/``; each lesson is a ``webcontent`` resource in the organisation,
grouped by module. Each quiz becomes a ``cc.exam.v0p1`` assessment (a bank without quizzes
becomes one assessment of all its questions), and every question also goes into the
cartridge's one question bank. The CC 1.1 QTI profile has six question types and no random
draws: matching, ordering and cloze questions, ranges and tolerances are left out, and a
quiz's draws are fixed at build time (the same selection on every build); one warning lists
what was lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from courseware.errors import Issue
from courseware.export.common import Env, ExportOptions, Image, Rendered, number
from courseware.i18n import messages
from courseware.model.quiz import (
    DrawQuestions,
    EssayQuestion,
    MultipleResponseQuestion,
    NumericQuestion,
    Quiz,
    QuizBank,
    ShortAnswerQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from courseware.package.common import PackageOptions, Prepared, xml_document
from courseware.package.runtime import STRINGS
from courseware.package.scorm12 import manifest_id
from courseware.render.html import seeded_order
from courseware.scoring import AnyQuestion, accepted_spellings

CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOMM = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
LOMR = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource"
QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
PROFILE = "http://www.imsglobal.org/profile/cc/ccv1p1"
MANIFEST_LOCATION = (
    f"{CP} {PROFILE}/ccv1p1_imscp_v1p2_v1p0.xsd "
    f"{LOMM} {PROFILE}/LOM/ccv1p1_lommanifest_v1p0.xsd "
    f"{LOMR} {PROFILE}/LOM/ccv1p1_lomresource_v1p0.xsd"
)
QTI_LOCATION = f"{QTI} {PROFILE}/ccv1p1_qtiasiv1p2p1_v1p0.xsd"
ASSESSMENT = "imsqti_xmlv1p2/imscc_xmlv1p1/assessment"
QUESTION_BANK = "imsqti_xmlv1p2/imscc_xmlv1p1/question-bank"
WEB = "web_resources/"
FILEBASE = "$IMS-CC-FILEBASE$/"


def _q(
    parent: etree._Element | None, tag: str, text: str | None = None, **attrs: str
) -> etree._Element:
    name = f"{{{QTI}}}{tag}"
    if parent is None:
        node = etree.Element(name, attrs, nsmap={None: QTI, "xsi": XSI})
    else:
        node = etree.SubElement(parent, name, attrs)
    if text is not None:
        node.text = text
    return node


def _meta(parent: etree._Element, fields: list[tuple[str, str]]) -> None:
    box = _q(parent, "qtimetadata")
    for label, entry in fields:
        row = _q(box, "qtimetadatafield")
        _q(row, "fieldlabel", label)
        _q(row, "fieldentry", entry)


def _material(parent: etree._Element, text: str, texttype: str = "text/html") -> None:
    _q(_q(parent, "material"), "mattext", text, texttype=texttype)


@dataclass
class _Cartridge:
    """Collects assessments, images and what the profile could not express."""

    prepared: Prepared
    files: dict[str, bytes] = field(default_factory=dict)
    images: dict[str, bytes] = field(default_factory=dict)
    left_out: dict[str, str] = field(default_factory=dict)
    fixed_draws: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def env(self, bank: QuizBank) -> Env:
        course = self.prepared.loaded.course
        options = ExportOptions(allow_html=course.settings.allow_html)
        return Env(
            bank, "imscc", course=course, course_dir=self.prepared.loaded.root, options=options
        )

    def html(
        self, env: Env, markdown: str | None, question: AnyQuestion, *, inline: bool = False
    ) -> str:
        if not markdown:
            return ""
        rendered: Rendered = env.html(markdown, span=question.span, inline=inline)
        for image in rendered.images:
            self.images[image.path] = image.data

        def source(image: Image) -> str:
            return FILEBASE + WEB + image.path

        return rendered.with_sources(source)

    # --- items ---------------------------------------------------------------------------
    def item(self, env: Env, question: AnyQuestion) -> etree._Element | None:
        """One CC QTI item, or None (recorded) when the profile has no such question type."""
        kind = self._kind(question)
        if kind is None:
            return None
        return _Item(self, env, question, kind).build()

    def _kind(self, question: AnyQuestion) -> str | None:
        if isinstance(question, SingleChoiceQuestion):
            return "cc.multiple_choice.v0p1"
        if isinstance(question, MultipleResponseQuestion):
            return "cc.multiple_response.v0p1"
        if isinstance(question, TrueFalseQuestion):
            return "cc.true_false.v0p1"
        if isinstance(question, ShortAnswerQuestion):
            return "cc.fib.v0p1"
        if isinstance(question, NumericQuestion):
            if question.answer is not None and question.tolerance == 0:
                return "cc.fib.v0p1"
            self.left_out[question.id] = "numeric range or tolerance"
            return None
        if isinstance(question, EssayQuestion):
            return "cc.essay.v0p1"
        self.left_out[question.id] = question.type
        return None

    # --- documents -----------------------------------------------------------------------
    def assessment(
        self,
        ident: str,
        quiz_title: str,
        questions: list[tuple[Env, AnyQuestion]],
        attempts: int | None,
        minutes: int | None,
    ) -> bytes | None:
        items = [node for env, q in questions if (node := self.item(env, q)) is not None]
        if not items:
            return None
        root = _q(None, "questestinterop")
        root.set(f"{{{XSI}}}schemaLocation", QTI_LOCATION)
        assessment = _q(root, "assessment", ident=ident, title=quiz_title)
        fields = [
            ("cc_profile", "cc.exam.v0p1"),
            ("qmd_assessmenttype", "Examination"),
            ("qmd_scoretype", "Percentage"),
        ]
        if minutes:
            fields.append(("qmd_timelimit", str(minutes)))
        fields.append(
            ("cc_maxattempts", str(attempts) if attempts and attempts <= 5 else "unlimited")
        )
        _meta(assessment, fields)
        section = _q(assessment, "section", ident="root_section")
        for node in items:
            section.append(node)
        return _qti_document(root)

    def bank(self) -> bytes | None:
        items: list[etree._Element] = []
        for bank in self.prepared.loaded.course.banks:
            env = self.env(bank)
            items.extend(node for q in env.questions if (node := self.item(env, q)) is not None)
            self.issues.extend(i for i in env.issues if i not in self.issues)
        if not items:
            return None
        root = _q(None, "questestinterop")
        root.set(f"{{{XSI}}}schemaLocation", QTI_LOCATION)
        objectbank = _q(root, "objectbank", ident="question-bank")
        for node in items:
            objectbank.append(node)
        return _qti_document(root)

    def quiz_questions(self, env: Env, quiz: Quiz) -> list[tuple[Env, AnyQuestion]]:
        chosen: list[AnyQuestion] = []
        for item, pool in env.quiz_parts(quiz):
            if isinstance(item, DrawQuestions):
                if item.draw < len(pool):
                    self.fixed_draws.append(quiz.id)
                picked = [q for _, q in seeded_order(pool, f"{quiz.id}:{len(chosen)}")][: item.draw]
                chosen.extend(q for q in picked if q not in chosen)
            else:
                chosen.extend(q for q in pool if q not in chosen)
        return [(env, q) for q in chosen]


class _Item:
    """Builds one CC QTI item: presentation, response processing and feedback."""

    def __init__(self, cart: _Cartridge, env: Env, question: AnyQuestion, kind: str) -> None:
        self.cart = cart
        self.env = env
        self.question = question
        self.kind = kind
        self.processing = _q(None, "resprocessing")
        self.feedback: list[tuple[str, str]] = []

    def html(self, markdown: str | None, *, inline: bool = False) -> str:
        return self.cart.html(self.env, markdown, self.question, inline=inline)

    def condition(self, *, cont: bool) -> tuple[etree._Element, etree._Element]:
        """A new respcondition and its conditionvar."""
        rc = _q(self.processing, "respcondition")
        rc.set("continue", "Yes" if cont else "No")
        return rc, _q(rc, "conditionvar")

    def show(self, rc: etree._Element, ident: str, markdown: str | None) -> None:
        """Display feedback ``ident`` (with this text) when ``rc`` matches."""
        if not markdown:
            return
        _q(rc, "displayfeedback", feedbacktype="Response", linkrefid=ident)
        if ident not in dict(self.feedback):
            self.feedback.append((ident, self.html(markdown)))

    def build(self) -> etree._Element:
        question = self.question
        node = _q(None, "item", ident=f"q-{question.id}", title=question.title or question.id)
        fields = [("cc_profile", self.kind)]
        if float(question.points).is_integer() and 1 <= question.points <= 99:
            fields.append(("cc_weighting", str(int(question.points))))
        if isinstance(question, EssayQuestion):
            fields.append(("qmd_computerscored", "No"))
        _meta(_q(node, "itemmetadata"), fields)
        presentation = _q(node, "presentation")
        _material(presentation, self.html(question.prompt))
        decvar = _q(_q(self.processing, "outcomes"), "decvar", varname="SCORE", vartype="Decimal")
        decvar.set("minvalue", "0")
        decvar.set("maxvalue", "100")
        fb = question.feedback
        if fb and fb.general:
            rc, cond = self.condition(cont=True)
            _q(cond, "other")
            self.show(rc, "general_fb", fb.general)
        if isinstance(
            question, SingleChoiceQuestion | MultipleResponseQuestion | TrueFalseQuestion
        ):
            self.choices(question, presentation)
        elif isinstance(question, ShortAnswerQuestion | NumericQuestion):
            self.fill_in(question, presentation)
        else:
            rs = _q(presentation, "response_str", ident="response1", rcardinality="Single")
            _q(_q(rs, "render_fib"), "response_label", ident="answer1", rshuffle="No")
        if fb and fb.incorrect and not isinstance(question, EssayQuestion):
            rc, cond = self.condition(cont=False)
            _q(cond, "other")
            self.show(rc, "general_incorrect_fb", fb.incorrect)
        node.append(self.processing)
        for ident, html in self.feedback:
            _material(_q(_q(node, "itemfeedback", ident=ident), "flow_mat"), html)
        return node

    def choices(
        self,
        question: SingleChoiceQuestion | MultipleResponseQuestion | TrueFalseQuestion,
        presentation: etree._Element,
    ) -> None:
        multiple = isinstance(question, MultipleResponseQuestion)
        lid = _q(
            presentation,
            "response_lid",
            ident="response1",
            rcardinality="Multiple" if multiple else "Single",
        )
        render = _q(lid, "render_choice")
        if isinstance(question, TrueFalseQuestion):
            language = self.cart.prepared.loaded.course.language.split("-")[0]
            true, false = STRINGS_TF.get(language, STRINGS_TF["en"])
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
            _material(_q(render, "response_label", ident=ident), text)
        rc, cond = self.condition(cont=False)
        if multiple:
            group = _q(cond, "and")
            for ident in right:
                _q(group, "varequal", ident, respident="response1")
            for ident in wrong:
                _q(_q(group, "not"), "varequal", ident, respident="response1")
        else:
            _q(cond, "varequal", right[0], respident="response1")
        _q(rc, "setvar", "100", varname="SCORE", action="Set")
        self.show(rc, "correct_fb", question.feedback.correct if question.feedback else None)

    def fill_in(
        self, question: ShortAnswerQuestion | NumericQuestion, presentation: etree._Element
    ) -> None:
        rs = _q(presentation, "response_str", ident="response1", rcardinality="Single")
        _q(_q(rs, "render_fib"), "response_label", ident="answer1", rshuffle="No")
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
                _q(cond, "varequal", spelling, respident="response1", case="Yes" if case else "No")
                _q(rc, "setvar", number(credit * 100), varname="SCORE", action="Set")
                if credit == 1:
                    self.show(rc, "correct_fb", correct)


STRINGS_TF = {"es": ("Verdadero", "Falso"), "en": ("True", "False")}


def _qti_document(root: etree._Element) -> bytes:
    etree.cleanup_namespaces(root)
    return xml_document(root)


def _cp(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    node = etree.SubElement(parent, f"{{{CP}}}{tag}", attrs)
    if text is not None:
        node.text = text
    return node


def build_imscc(
    prepared: Prepared, options: PackageOptions
) -> tuple[dict[str, bytes], list[Issue]]:
    """Files of the cartridge (relpath -> bytes) and a warning listing what CC 1.1 lost."""
    loaded = prepared.loaded
    course = loaded.course
    language = course.language
    ui = messages(language)
    cart = _Cartridge(prepared)
    site = dict(prepared.html)

    assessments: list[tuple[str, str, str]] = []  # (resource id, title, file)
    final_id = prepared.quiz.quiz.id if prepared.quiz else None
    ordered: list[tuple[QuizBank, Quiz | None]] = []
    for bank in course.banks:
        for quiz in bank.quizzes:
            ordered.append((bank, quiz))
        if not bank.quizzes:
            ordered.append((bank, None))
    ordered.sort(key=lambda pair: 0 if pair[1] is not None and pair[1].id == final_id else 1)
    for bank, maybe_quiz in ordered:
        env = cart.env(bank)
        if maybe_quiz is None:
            ident, title, folder = bank.id, bank.title, "banks"
            questions = [(env, q) for q in env.questions]
            data = cart.assessment(ident, title, questions, None, None)
        else:
            ident, title, folder = maybe_quiz.id, maybe_quiz.title, "quizzes"
            questions = cart.quiz_questions(env, maybe_quiz)
            data = cart.assessment(
                ident, title, questions, maybe_quiz.attempts, maybe_quiz.time_limit
            )
        cart.issues.extend(i for i in env.issues if i not in cart.issues)
        if data is not None:
            path = f"{folder}/{ident}/assessment.xml"
            cart.files[path] = data
            assessments.append((f"res-{folder[:-1]}-{ident}", title, path))
    bank_data = cart.bank()
    for path, data in cart.images.items():
        site.setdefault(path, data)

    root = etree.Element(
        f"{{{CP}}}manifest",
        {"identifier": manifest_id(course.id, course.version, "imscc")},
        nsmap={None: CP, "lomimscc": LOMM, "lom": LOMR, "xsi": XSI},
    )
    root.set(f"{{{XSI}}}schemaLocation", MANIFEST_LOCATION)
    metadata = _cp(root, "metadata")
    _cp(metadata, "schema", "IMS Common Cartridge")
    _cp(metadata, "schemaversion", "1.1.0")
    general = etree.SubElement(etree.SubElement(metadata, f"{{{LOMM}}}lom"), f"{{{LOMM}}}general")
    title = etree.SubElement(general, f"{{{LOMM}}}title")
    etree.SubElement(title, f"{{{LOMM}}}string", language=language).text = course.title
    etree.SubElement(general, f"{{{LOMM}}}language").text = language
    organization = _cp(
        _cp(root, "organizations"), "organization", identifier="org", structure="rooted-hierarchy"
    )
    top = _cp(organization, "item", identifier="root")
    home = _cp(top, "item", identifier="item-home", identifierref="res-home")
    _cp(home, "title", ui("nav.home"))
    for module in course.modules:
        folder = _cp(top, "item", identifier=f"module-{module.id}")
        _cp(folder, "title", module.title)
        for lesson in module.lessons:
            entry = _cp(
                folder,
                "item",
                identifier=f"lesson-{lesson.id}",
                identifierref=f"res-lesson-{lesson.id}",
            )
            _cp(entry, "title", lesson.title)
    if assessments:
        folder = _cp(top, "item", identifier="assessments")
        strings = STRINGS.get(language.split("-")[0].lower(), STRINGS["en"])
        _cp(folder, "title", strings["questions"])
        for ident, quiz_title, _ in assessments:
            entry = _cp(folder, "item", identifier=f"item-{ident}", identifierref=ident)
            _cp(entry, "title", quiz_title)

    resources = _cp(root, "resources")
    lesson_pages = {f"{lesson.id}.html" for lesson in course.lessons()}
    shared = _cp(resources, "resource", identifier="res-site", type="webcontent")
    for name in sorted(site):
        if name not in lesson_pages and name != "index.html":
            _cp(shared, "file", href=WEB + name)
    page = _cp(
        resources, "resource", identifier="res-home", type="webcontent", href=WEB + "index.html"
    )
    _cp(page, "file", href=WEB + "index.html")
    _cp(page, "dependency", identifierref="res-site")
    for lesson in course.lessons():
        href = WEB + f"{lesson.id}.html"
        page = _cp(
            resources,
            "resource",
            identifier=f"res-lesson-{lesson.id}",
            type="webcontent",
            href=href,
        )
        _cp(page, "file", href=href)
        _cp(page, "dependency", identifierref="res-site")
    for ident, _, path in assessments:
        resource = _cp(resources, "resource", identifier=ident, type=ASSESSMENT)
        _cp(resource, "file", href=path)
        if cart.images:
            _cp(resource, "dependency", identifierref="res-site")
    if bank_data is not None:
        resource = _cp(resources, "resource", identifier="res-question-bank", type=QUESTION_BANK)
        _cp(resource, "file", href="question-bank.xml")
        cart.files["question-bank.xml"] = bank_data

    files = {WEB + name: data for name, data in site.items()}
    files.update(cart.files)
    files["imsmanifest.xml"] = xml_document(root)
    issues = list(cart.issues)
    lost = []
    if cart.left_out:
        listed = ", ".join(f"{qid} ({why})" for qid, why in sorted(cart.left_out.items()))
        lost.append(f"questions IMS CC 1.1 cannot express were left out: {listed}")
    if cart.fixed_draws:
        quizzes = ", ".join(sorted(set(cart.fixed_draws)))
        lost.append(f"random draws are fixed at build time in quizzes: {quizzes}")
    if lost:
        issues.append(
            Issue(
                "warning",
                "Common Cartridge package: " + "; ".join(lost),
                hint="the QTI 2.1, Moodle XML and SCORM packages keep them",
                code="imscc-loss",
            )
        )
    return files, issues


__all__ = ["build_imscc"]
