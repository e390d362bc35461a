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
from courseware.export.common import Env, ExportOptions, Image, Rendered
from courseware.i18n import messages, says
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
from courseware.package.imscc_pages import cartridge_page
from courseware.package.imscc_qti import QTI, QtiItem, qti, qti_document, qti_meta
from courseware.package.runtime import ui_strings
from courseware.package.scorm12 import manifest_id
from courseware.render.html import seeded_order
from courseware.scoring import AnyQuestion

CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOMM = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
LOMR = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource"
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
        return QtiItem(self, env, question, kind).build()

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
            self.left_out[question.id] = says("package.imscc.why.range")
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
        root = qti(None, "questestinterop")
        root.set(f"{{{XSI}}}schemaLocation", QTI_LOCATION)
        assessment = qti(root, "assessment", ident=ident, title=quiz_title)
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
        qti_meta(assessment, fields)
        section = qti(assessment, "section", ident="root_section")
        for node in items:
            section.append(node)
        return qti_document(root)

    def bank(self) -> bytes | None:
        items: list[etree._Element] = []
        for bank in self.prepared.loaded.course.banks:
            env = self.env(bank)
            items.extend(node for q in env.questions if (node := self.item(env, q)) is not None)
            self.issues.extend(i for i in env.issues if i not in self.issues)
        if not items:
            return None
        root = qti(None, "questestinterop")
        root.set(f"{{{XSI}}}schemaLocation", QTI_LOCATION)
        objectbank = qti(root, "objectbank", ident="question-bank")
        for node in items:
            objectbank.append(node)
        return qti_document(root)

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


def _cp(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    node = etree.SubElement(parent, f"{{{CP}}}{tag}", attrs)
    if text is not None:
        node.text = text
    return node


def _assessments(cart: _Cartridge) -> list[tuple[str, str, str]]:
    """Each quiz (the final quiz first) and each bank without quizzes as an assessment file
    in ``cart.files``: (resource id, title, path) of those that kept at least one question."""
    final_id = cart.prepared.quiz.quiz.id if cart.prepared.quiz else None
    ordered: list[tuple[QuizBank, Quiz | None]] = []
    for bank in cart.prepared.loaded.course.banks:
        for quiz in bank.quizzes:
            ordered.append((bank, quiz))
        if not bank.quizzes:
            ordered.append((bank, None))
    ordered.sort(key=lambda pair: 0 if pair[1] is not None and pair[1].id == final_id else 1)
    assessments: list[tuple[str, str, str]] = []
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
    return assessments


def _manifest_root(prepared: Prepared) -> etree._Element:
    """The ``<manifest>`` element with its schema locations and LOM metadata."""
    course = prepared.loaded.course
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
    etree.SubElement(title, f"{{{LOMM}}}string", language=course.language).text = course.title
    etree.SubElement(general, f"{{{LOMM}}}language").text = course.language
    return root


def _organization(
    root: etree._Element,
    prepared: Prepared,
    extras: list[tuple[str, str, str]],
    assessments: list[tuple[str, str, str]],
) -> None:
    """The organisation: each child of the root item becomes a section in Moodle, its items
    the activities (the course's own pages first, then a section per module, then the quizzes)."""
    course = prepared.loaded.course
    organization = _cp(
        _cp(root, "organizations"), "organization", identifier="org", structure="rooted-hierarchy"
    )
    top = _cp(organization, "item", identifier="root")
    start = _cp(top, "item", identifier="course")
    _cp(start, "title", course.title)
    for ident, text, _ in extras:
        _cp(
            _cp(start, "item", identifier=f"item-{ident}", identifierref=f"res-{ident}"),
            "title",
            text,
        )
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
        _cp(folder, "title", ui_strings(course.language)["questions"])
        for ident, quiz_title, _ in assessments:
            entry = _cp(folder, "item", identifier=f"item-{ident}", identifierref=ident)
            _cp(entry, "title", quiz_title)


def _resources(
    root: etree._Element,
    site: dict[str, bytes],
    pages: list[tuple[str, str]],
    assessments: list[tuple[str, str, str]],
    cart: _Cartridge,
) -> None:
    """The resources: the shared site files, each page (edited for the cartridge in ``site``)
    and each assessment."""
    resources = _cp(root, "resources")
    page_files = {name for _, name in pages}
    shared = _cp(resources, "resource", identifier="res-site", type="webcontent")
    for name in sorted(site):
        if name not in page_files:
            _cp(shared, "file", href=WEB + name)
    for ident, name in pages:
        site[name] = cartridge_page(site[name])
        page = _cp(resources, "resource", identifier=ident, type="webcontent", href=WEB + name)
        _cp(page, "file", href=WEB + name)
        _cp(page, "dependency", identifierref="res-site")
    for ident, _, path in assessments:
        resource = _cp(resources, "resource", identifier=ident, type=ASSESSMENT)
        _cp(resource, "file", href=path)
        if cart.images:
            _cp(resource, "dependency", identifierref="res-site")
    if "question-bank.xml" in cart.files:
        resource = _cp(resources, "resource", identifier="res-question-bank", type=QUESTION_BANK)
        _cp(resource, "file", href="question-bank.xml")


def _loss_warning(cart: _Cartridge) -> Issue | None:
    """One warning listing the questions left out and the quizzes whose draws were fixed."""
    lost = []
    if cart.left_out:
        listed = ", ".join(f"{qid} ({why})" for qid, why in sorted(cart.left_out.items()))
        lost.append(says("package.imscc.left-out", questions=listed))
    if cart.fixed_draws:
        quizzes = ", ".join(sorted(set(cart.fixed_draws)))
        lost.append(says("package.imscc.fixed-draws", quizzes=quizzes))
    if not lost:
        return None
    return Issue(
        "warning",
        says("package.imscc.loss", losses="; ".join(lost)),
        hint=says("package.imscc.loss.hint"),
        code="imscc-loss",
    )


def build_imscc(
    prepared: Prepared, options: PackageOptions
) -> tuple[dict[str, bytes], list[Issue]]:
    """Files of the cartridge (relpath -> bytes) and a warning listing what CC 1.1 lost."""
    course = prepared.loaded.course
    ui = messages(course.language)
    cart = _Cartridge(prepared)
    site = dict(prepared.html)
    assessments = _assessments(cart)
    bank_data = cart.bank()
    if bank_data is not None:
        cart.files["question-bank.xml"] = bank_data
    for path, data in cart.images.items():
        site.setdefault(path, data)
    extras = [("home", ui("nav.home"), "index.html")]
    extras += [
        (name, ui(f"nav.{name}"), f"{name}.html")
        for name in ("glossary", "sources")
        if f"{name}.html" in site
    ]
    pages = [(f"res-{ident}", name) for ident, _, name in extras]
    pages += [(f"res-lesson-{le.id}", f"{le.id}.html") for le in course.lessons()]
    root = _manifest_root(prepared)
    _organization(root, prepared, extras, assessments)
    _resources(root, site, pages, assessments, cart)
    files = {WEB + name: data for name, data in site.items()}
    files.update(cart.files)
    files["imsmanifest.xml"] = xml_document(root)
    warning = _loss_warning(cart)
    return files, [*cart.issues, *([warning] if warning else [])]


__all__ = ["build_imscc"]
