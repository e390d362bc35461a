"""Course -> printable PDFs: lesson handouts, workbook, instructor guide and quiz papers.

``plan_pdfs`` renders each document to HTML with the theme's ``pdf/`` templates (pure and
quick). ``render_pdfs`` turns them into PDF with WeasyPrint, one document per task in a
process pool. WeasyPrint is imported only where a PDF is drawn, never when
``courseware`` is imported. Its URL fetcher serves only files inside the course folder
and the theme folders, so a course cannot pull ``/etc/passwd`` or a web address into a
PDF.

Given a :class:`~courseware.incremental.UnitCache`, a document is drawn only when its key
changed: the key covers its HTML, the drawing options, WeasyPrint's version and the bytes of
every file it can fetch (all theme files, and the course files its HTML, SVG and CSS name).
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import posixpath
import re
import time
import unicodedata
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Literal, TypeVar
from urllib.parse import quote, unquote, urljoin, urlsplit

import lxml.etree
import lxml.html
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from courseware.errors import CoursewareError, Issue, SourceSpan
from courseware.i18n import messages
from courseware.incremental import (
    Unit,
    UnitCache,
    digest,
    file_digest,
    toolkit_fingerprint,
    tree_digest,
)
from courseware.load import LoadedCourse
from courseware.load.paths import PathEscapeError, is_file, resolve_inside, split_url
from courseware.model import Course, Lesson, Module
from courseware.model.blocks import (
    ActivityBlock,
    AudioBlock,
    DiscussionBlock,
    KeyFiguresBlock,
    KnowledgeCheckBlock,
    TextBlock,
    VideoBlock,
)
from courseware.model.quiz import (
    ClozeQuestion,
    DrawQuestions,
    MatchingQuestion,
    MultipleResponseQuestion,
    NumericQuestion,
    OrderingQuestion,
    PickQuestion,
    Quiz,
    QuizBank,
    ShortAnswerQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from courseware.parallel import run_in_processes, workers_for
from courseware.render.glossary_links import print_linkers
from courseware.render.markdown import (
    lesson_files,
    link_lessons,
    plain_text,
    references,
    render_markdown,
)
from courseware.render.pieces import (
    ClozePiece,
    cloze_pieces,
    course_minutes,
    module_minutes,
    shift_headings,
)
from courseware.sandbox import TemplateView, confine, frozen
from courseware.scoring import AnyQuestion
from courseware.themes import Theme, color_properties, resolve_theme

T = TypeVar("T")

PageSize = Literal["A4", "Letter"]
LETTER_REGIONS = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "DO", "PR"})
"""Regions whose printers and shops use US Letter ("carta"); others get A4."""

SOURCE_SUFFIXES = frozenset({".yaml", ".yml"})
PDF_VARIANT = "pdf/ua-1"
"""Tagged PDF with the structure screen readers need (WeasyPrint's PDF/UA-1 variant)."""

# --- strings -----------------------------------------------------------------------------


class Strings:
    """UI strings for print: the page labels shared with HTML, then the ``print.*`` ones."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._messages = messages(language)

    def __call__(self, key: str, /, **fields: object) -> str:
        """The string for ``key`` with ``{name}`` fields filled in; a missing key is a bug."""
        strings = self._messages.strings
        full = key if not key.startswith("file.") and key in strings else f"print.{key}"
        if full not in strings:
            raise KeyError(f"no print string {key!r} for language {self.language!r}")
        return self._messages(full, **fields)  # with the plural form of ``n``

    def duration(self, minutes: int) -> str:
        """``45 min``, ``2 h``, ``1 h 30 min``."""
        return self._messages.duration(minutes)

    def date(self, text: str) -> str:
        """``2026-11-25`` -> ``25 de noviembre de 2026``; anything else stays as it is."""
        return self._messages.date(text)


# --- options and names -------------------------------------------------------------------


@dataclass(frozen=True)
class PdfOptions:
    """How to print: paper size (None: by the course's region) and worker processes."""

    page_size: PageSize | None = None
    jobs: int | None = None
    """Processes that draw PDFs at once (``--jobs``); None: every core; 1: this process."""
    source_date_epoch: int | None = None
    """Fixed build time; None reads ``SOURCE_DATE_EPOCH``, then the course ``date``."""

    def workers(self) -> int:
        """How many processes to use."""
        return workers_for(self.jobs)


def page_size_from(text: str | None) -> PageSize | None:
    """``"a4"``, ``"A4"``, ``"letter"``, ``"carta"`` -> a page size; None or "auto" -> None."""
    if text is None or text.strip().lower() in ("", "auto"):
        return None
    folded = text.strip().lower()
    if folded == "a4":
        return "A4"
    if folded in ("letter", "us-letter", "carta"):
        return "Letter"
    raise ValueError(f"unknown page size {text!r}; choose A4 or Letter")


def default_page_size(language: str) -> PageSize:
    """US Letter where the language tag names a region that uses it (es-MX, en-US), else A4."""
    region = next((p for p in language.split("-")[1:] if len(p) == 2), "")
    return "Letter" if region.upper() in LETTER_REGIONS else "A4"


@dataclass(frozen=True)
class PdfNames:
    """Output paths of the documents, named in the course language."""

    course_id: str
    language: str

    def _s(self, key: str) -> str:
        return Strings(self.language)(f"file.{key}")

    def handout(self, number: int, lesson: Lesson) -> str:
        """``lecciones/01-<lesson-id>.pdf``: numbered so the files sort in course order."""
        return f"{self._s('handouts')}/{number:02d}-{lesson.id}.pdf"

    @property
    def workbook(self) -> str:
        """``<course-id>-cuaderno.pdf``."""
        return f"{self.course_id}-{self._s('workbook')}.pdf"

    @property
    def guide(self) -> str:
        """``<course-id>-guia-instructores.pdf``."""
        return f"{self.course_id}-{self._s('guide')}.pdf"

    def quiz(self, quiz: Quiz, *, key: bool) -> str:
        """``cuestionarios/<quiz-id>-estudiante.pdf`` or ``...-clave.pdf``."""
        kind = self._s("key") if key else self._s("student")
        return f"{self._s('quizzes')}/{quiz.id}-{kind}.pdf"


def build_time(course: Course, epoch: int | None = None) -> str | None:
    """W3C date-time of the build: ``epoch``, else ``SOURCE_DATE_EPOCH``, else the course date."""
    if epoch is None and os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        epoch = int(os.environ["SOURCE_DATE_EPOCH"])
    if epoch is not None:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))
    if course.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", course.date):
        return f"{course.date}T00:00:00Z"
    return None


# --- URL fetcher ---------------------------------------------------------------------------


class FetchRefused(ValueError):
    """WeasyPrint asked for something outside the course and theme folders."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


_VIRTUAL = re.compile(r"^/courseware-root-(\d+)(/.*)?$")


def virtual_url(index: int, relpath: str = "") -> str:
    """A ``file:`` URL for ``relpath`` inside ``roots[index]`` that names no real folder.

    Why: WeasyPrint names each image in the PDF after a hash of its URL; URLs that hold the
    course's absolute path would make the same course give other bytes in another folder.
    """
    return f"file:///courseware-root-{index}/{quote(relpath)}"


def real_url(url: str, roots: Sequence[Path | str]) -> str:
    """``url`` with a :func:`virtual_url` prefix replaced by the real folder it stands for."""
    parts = split_url(url)
    if parts is None:
        return url
    match = _VIRTUAL.match(parts.path) if parts.scheme.lower() == "file" else None
    if match is None or parts.netloc not in ("", "localhost") or int(match[1]) >= len(roots):
        return url
    folder = Path(roots[int(match[1])]).resolve().as_uri()
    return folder + (match[2] or "/") + (f"?{parts.query}" if parts.query else "")


def allowed_file(url: str, roots: Sequence[Path | str]) -> Path:
    """The file a ``file:`` URL names, if it lies inside one of ``roots``; else FetchRefused.

    Symlinks are resolved before the check. Course source files (YAML) are refused too:
    they hold instructor notes and answers.
    """
    parts = split_url(real_url(url, roots))
    if parts is None:
        raise FetchRefused(url, "a malformed address")
    if parts.scheme.lower() != "file":
        what = f"a {parts.scheme}: address" if parts.scheme else "not a file address"
        raise FetchRefused(url, f"{what}; a PDF may only use files inside the course folder")
    if parts.netloc not in ("", "localhost"):
        raise FetchRefused(url, "a file on another host")
    target = Path(unquote(parts.path)).resolve()
    bases = [Path(r).resolve() for r in roots]
    if not any(target == b or b in target.parents for b in bases):
        raise FetchRefused(url, "outside the course folder and the theme folders")
    if target.suffix.lower() in SOURCE_SUFFIXES:
        raise FetchRefused(url, "a course source file (it may hold instructor notes)")
    if not is_file(target):
        raise FetchRefused(url, "no such file")
    return target


_MIME = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}


def confined_fetcher(roots: Sequence[Path | str]) -> Any:
    """A WeasyPrint URL fetcher that serves only files inside ``roots`` (imports WeasyPrint).

    Any refused URL stops the rendering: WeasyPrint raises ``FatalURLFetchingError``
    whose ``__cause__`` is the :class:`FetchRefused`.
    """
    urls = importlib.import_module("weasyprint.urls")
    bases = tuple(Path(r).resolve() for r in roots)

    def fetch(self: Any, url: str, headers: Any = None) -> Any:
        if url.startswith("data:"):
            return urls.URLFetcher.fetch(self, url, headers)  # inline data reads no file
        path = allowed_file(url, bases)
        mime = _MIME.get(path.suffix.lower(), "application/octet-stream")
        return urls.URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

    confined = type("ConfinedFetcher", (urls.URLFetcher,), {"fetch": fetch})
    return confined(fail_on_errors=True)


# --- paper helpers ---------------------------------------------------------------------


def seeded(items: Sequence[T], seed: str) -> list[tuple[int, T]]:
    """Items with their index, in an order fixed by ``seed`` (never the authored one if > 1)."""

    def rank(index: int) -> bytes:
        return hashlib.sha256(f"{seed}\x00{index}".encode()).digest()

    order = sorted(range(len(items)), key=rank)
    if len(items) > 1 and order == list(range(len(items))):
        order = order[1:] + order[:1]
    return [(i, items[i]) for i in order]


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Option:
    """A printed option: its letter, text and whether it is right."""

    letter: str
    text: str
    correct: bool


def choice_options(question: AnyQuestion) -> list[Option]:
    """Lettered options of a choice or true/false question, in a fixed shuffled order."""
    if isinstance(question, TrueFalseQuestion):
        return []
    assert isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion)
    choices = list(enumerate(question.choices))
    if question.shuffle:
        choices = seeded(question.choices, question.id)
    return [
        Option(LETTERS[n % 26], choice.text, choice.correct)
        for n, (_, choice) in enumerate(choices)
    ]


@dataclass(frozen=True)
class MatchingPaper:
    """A matching question on paper: numbered left items, lettered right items."""

    lefts: list[tuple[int, str, str]]
    """(number, left text, letter of its pair)."""
    rights: list[tuple[str, str]]
    """(letter, text), pairs and distractors shuffled."""


def matching_paper(question: MatchingQuestion) -> MatchingPaper:
    """Lay out a matching question with a fixed order of the right column."""
    rights = [p.right for p in question.pairs] + list(question.distractors)
    unique = list(dict.fromkeys(rights))
    lettered = [(LETTERS[n % 26], text) for n, (_, text) in enumerate(seeded(unique, question.id))]
    letter_of = {text: letter for letter, text in lettered}
    lefts = [(n, p.left, letter_of[p.right]) for n, p in enumerate(question.pairs, start=1)]
    return MatchingPaper(lefts, lettered)


def ordering_paper(question: OrderingQuestion) -> list[tuple[str, int, str]]:
    """(letter, right position from 1, item) in a fixed shuffled order."""
    return [
        (LETTERS[n % 26], index + 1, item)
        for n, (index, item) in enumerate(seeded(question.items, question.id))
    ]


@dataclass(frozen=True)
class PaperQuiz:
    """A quiz as printed: its questions and which of them were drawn at random."""

    bank: QuizBank
    quiz: Quiz
    questions: list[AnyQuestion]
    drawn: list[int] = field(default_factory=list)
    """1-based numbers of the drawn questions."""
    draws: list[tuple[DrawQuestions, int, int]] = field(default_factory=list)
    """(draw item, how many were drawn, pool size)."""


def paper_quiz(bank: QuizBank, quiz: Quiz, issues: list[Issue] | None = None) -> PaperQuiz:
    """The questions a printed quiz shows: its picks, then each draw made with a fixed seed.

    Why: a paper has one version, so the draw is seeded by the quiz id; every copy and
    its key agree, and a rebuild prints the same questions. Drafts are left out.
    """
    log = issues if issues is not None else []
    ready = [q for q in bank.questions if q.status != "draft"]
    by_id = {q.id: q for q in ready}
    picked = {item.question for item in quiz.items if isinstance(item, PickQuestion)}
    questions: list[AnyQuestion] = []
    drawn: list[int] = []
    draws: list[tuple[DrawQuestions, int, int]] = []
    for index, item in enumerate(quiz.items):
        if isinstance(item, PickQuestion):
            question = by_id.get(item.question)
            if question is None:
                log.append(
                    Issue(
                        "warning",
                        f"quiz {quiz.id!r} picks {item.question!r}, a draft or missing question;"
                        " the printed quiz leaves it out",
                        item.span or quiz.span,
                        code="pdf-quiz-pick",
                    )
                )
            else:
                questions.append(question)
            continue
        taken = {q.id for q in questions}
        pool = [
            q
            for q in ready
            if q.id not in picked
            and q.id not in taken
            and (item.category is None or q.category == item.category)
            and all(tag in q.tags for tag in item.tags)
        ]
        if len(pool) < item.draw:
            log.append(
                Issue(
                    "warning",
                    f"quiz {quiz.id!r} draws {item.draw} questions from a pool of {len(pool)}",
                    item.span or quiz.span,
                    code="pdf-quiz-pool",
                )
            )
        chosen = [q for _, q in seeded(pool, f"{quiz.id}/{index}")][: item.draw]
        for question in chosen:
            questions.append(question)
            drawn.append(len(questions))
        draws.append((item, len(chosen), len(pool)))
    return PaperQuiz(bank, quiz, questions, drawn, draws)


# --- Markdown for print ------------------------------------------------------------------


def _is_local(href: str) -> bool:
    parts = split_url(href)
    return parts is not None and not parts.scheme and not parts.netloc and bool(parts.path)


def unlink_local(html: str, keep: Container[str] = ()) -> str:
    """Turn links to course files (and links without a target) into plain text.

    Why: on paper a link to a course file would name a path on the build machine, and an
    EPUB may only link to what it packs.
    """
    if "<a" not in html:
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    changed = False
    for anchor in root.iter("a"):
        href = anchor.get("href")
        if href is None or (_is_local(href) and href not in keep):  # none left, or a course file
            anchor.tag = "span"
            for name in list(anchor.attrib):
                del anchor.attrib[name]
            changed = True
    if not changed:
        return html
    # The wrapper serialised whole, then taken off: its text is escaped like any other
    # (joining ``root.text`` by hand once turned ``&lt;script&gt;`` into a live script).
    whole: str = lxml.html.tostring(root, encoding="unicode")
    return whole.removeprefix("<div>").removesuffix("</div>")


def block_kind(block: Any, s: Strings) -> str:
    """The label of a block's type: "Actividad", "Tabla", "Consejo"."""
    kind: str = block.type
    if kind == "callout":
        return s(f"callout.{block.kind}")
    if kind in {"activity", "case_study", "discussion"}:
        return s(f"{kind}.label")
    if kind in {"video", "audio"}:
        return s(f"media.{kind}")
    if kind == "table":
        return s("table.label")
    if kind == "knowledge_check":
        return s("questions")
    return s(kind)


def block_title(block: Any) -> str:
    """A short name for a block: its title, caption, first heading or first words."""
    for name in ("title", "caption"):
        value = getattr(block, name, None)
        if isinstance(value, str) and value.strip():
            return _clip(plain_text(value))
    if isinstance(block, TextBlock):
        heading = re.search(r"^#{1,6}\s+(.+)$", block.body, re.MULTILINE)
        text = heading.group(1) if heading else block.body
        return _clip(plain_text(text))
    if isinstance(block, DiscussionBlock):
        return _clip(plain_text(block.prompt))
    text = getattr(block, "quote", None) or getattr(block, "alt", None) or ""
    return _clip(plain_text(str(text)))


def _clip(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def block_minutes(block: Any) -> int | None:
    """Minutes a block takes in class, when the course says."""
    if isinstance(block, ActivityBlock | VideoBlock | AudioBlock):
        return block.duration
    return None


def css_string(text: str) -> Markup:
    """A CSS string literal, safe inside a ``<style>`` element."""
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<>&\n\r' or ord(c) < 32 else c for c in text)
    return Markup(f'"{escaped}"')


def css_page_label(template: str) -> Markup:
    """``Página {page} de {pages}`` as CSS ``content``: strings and page counters."""
    parts: list[str] = []
    for piece in re.split(r"(\{page\}|\{pages\})", template):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(str(css_string(piece)))
    return Markup(" ".join(parts))


# --- the print context ---------------------------------------------------------------------


class Printer:
    """Everything the print templates need: strings, Markdown, media, questions, keys.

    ``mode`` is "pdf" (paper: answer space, file URLs) or "epub" (reflowable: no answer
    space, course files collected for the package).
    """

    def __init__(
        self,
        loaded: LoadedCourse,
        theme: Theme,
        *,
        mode: Literal["pdf", "epub"] = "pdf",
        page_size: PageSize = "A4",
        stamp: str | None = None,
    ) -> None:
        self.loaded = loaded
        self.course: Course = loaded.course
        self.root = loaded.root.resolve()
        self.theme = theme
        self.mode = mode
        self.page_size = page_size
        self.stamp = stamp
        self.s = Strings(self.course.language)
        self.files: dict[str, Path] = {}
        """Course files the documents use: relpath -> path."""
        self.issues: list[Issue] = []
        """Errors found while rendering (bad files); the documents are not drawn then."""
        self.lessons = self.course.lessons()
        self.module_of: dict[str, Module] = {
            les.id: mod for mod in self.course.modules for les in mod.lessons
        }
        self.lesson_number = {les.id: n for n, les in enumerate(self.lessons, start=1)}
        self.module_number = {mod.id: n for n, mod in enumerate(self.course.modules, start=1)}
        self.questions: dict[str, AnyQuestion] = {
            q.id: q for bank in self.course.banks for q in bank.questions if q.status != "draft"
        }
        self.objectives = {o.id: o for o in self.course.objectives}
        self.sources = {s.id: s for s in self.course.sources}
        self._env: Environment | None = None
        self._lesson_places = lesson_files(loaded.sources)
        self._chapters = frozenset(self.chapter(lesson) for lesson in self.lessons)

    # files ------------------------------------------------------------------------------

    def error(self, message: str, span: SourceSpan | None) -> CoursewareError:
        """A render error at ``span`` (to raise where nothing sensible can be printed)."""
        return CoursewareError(Issue("error", message, span, code="pdf"))

    def fail(self, message: str, span: SourceSpan | None) -> str:
        """Record an error and go on, so one build reports every bad file; returns ""."""
        issue = Issue("error", message, span, code="pdf")
        if issue not in self.issues:
            self.issues.append(issue)
        return ""

    def media(self, path: str, span: SourceSpan | None = None) -> str:
        """Relative URL of a course file a block shows (checked to lie inside the course)."""
        try:
            target = resolve_inside(self.root, path)
        except PathEscapeError as exc:
            return self.fail(str(exc), span)
        if target.suffix.lower() in SOURCE_SUFFIXES:
            return self.fail(f"{path!r} is a course source file, not a picture", span)
        if not is_file(target):
            return self.fail(f"file {path!r} not found in the course folder", span)
        relpath = target.relative_to(self.root).as_posix()
        self.files[relpath] = target
        return quote(relpath)

    def md(self, text: str | None, top: int = 3, inline: bool = False, span: Any = None) -> Markup:
        """Markdown -> safe HTML; local images are checked, links to course files unlinked."""
        if not text:
            return Markup("")
        for ref in references(text):
            if ref.kind != "image":
                continue
            if ref.is_local:
                self.media(posixpath.normpath(ref.path), span)
            else:
                self.fail(
                    f"image {ref.url!r} is not a file inside the course folder; printed"
                    " documents use only course files",
                    span,
                )
        html = render_markdown(text, allow_html=self.course.settings.allow_html, inline=inline)
        html = html.replace(' loading="lazy"', "")
        html = link_lessons(html, self._lesson_places, self._lesson_href, self._lesson_attrs)
        return Markup(shift_headings(unlink_local(html, self._chapters), top))

    def chapter(self, lesson: Lesson) -> str:
        """The EPUB document of a lesson: ``02-cifras.xhtml``."""
        return f"{self.lesson_number[lesson.id]:02d}-{lesson.id}.xhtml"

    def _lesson_href(self, place: tuple[int, int], fragment: str) -> str:
        """Where a link to a lesson's file leads: its chapter (EPUB) or its first page."""
        lesson = self.course.modules[place[0]].lessons[place[1]]
        if self.mode == "epub":
            return self.chapter(lesson) + (f"#{fragment}" if fragment else "")
        return f"#l-{lesson.id}"

    def _lesson_attrs(self, place: tuple[int, int]) -> dict[str, str]:
        """On paper a lesson link says which lesson and, where it is printed, the page."""
        if self.mode == "epub":
            return {}
        lesson = self.course.modules[place[0]].lessons[place[1]]
        number = self.s("lesson", n=self.lesson_number[lesson.id])
        return {"class": "cw-see", "data-lesson": number, "data-page": self.s("see_page")}

    # questions --------------------------------------------------------------------------

    def checks(self, block: KnowledgeCheckBlock) -> list[AnyQuestion]:
        """The ready questions of a knowledge check, in block order."""
        return [self.questions[q] for q in block.questions if q in self.questions]

    def cloze_parts(self, question: ClozeQuestion) -> list[ClozePiece]:
        """The cloze text as ("html", Markup, 0) and ("blank", Blank, n) pieces."""
        return cloze_pieces(question, str(self.md(question.text, top=4)))

    def quizzes(self, issues: list[Issue] | None = None) -> list[PaperQuiz]:
        """Every quiz of every bank, as printed."""
        return [
            paper_quiz(bank, quiz, issues) for bank in self.course.banks for quiz in bank.quizzes
        ]

    def pool_label(self, item: DrawQuestions, bank: QuizBank) -> str:
        """What a draw picks from, in words."""
        parts: list[str] = []
        if item.category:
            title = next((c.title for c in bank.categories if c.id == item.category), None)
            parts.append(self.s("pool_category", title=title or item.category))
        if item.tags:
            parts.append(self.s("pool_tags", tags=", ".join(item.tags)))
        return "; ".join(parts) or self.s("pool_all")

    def options(self, question: AnyQuestion) -> list[Option]:
        """Lettered options of a choice or true/false question."""
        if isinstance(question, TrueFalseQuestion):
            return [
                Option("A", self.s("quiz.true"), question.answer),
                Option("B", self.s("quiz.false"), not question.answer),
            ]
        return choice_options(question)

    def answer(self, question: AnyQuestion) -> str:
        """The right answer in words, for keys: "B) Luz natural", "1-C, 2-A", "(1) 400"."""
        s = self.s
        if isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion):
            text = "; ".join(f"{o.letter}) {o.text}" for o in choice_options(question) if o.correct)
            if isinstance(question, MultipleResponseQuestion):
                rule = "partial_credit" if question.partial_credit else "all_or_nothing"
                text += f" · {s(rule)}"
            return text
        if isinstance(question, TrueFalseQuestion):
            return s("quiz.true") if question.answer else s("quiz.false")
        if isinstance(question, ShortAnswerQuestion):
            full = [a.text for a in question.answers if a.credit == 1]
            text = " / ".join(full)
            partial = [f"{a.text}: {a.credit * 100:g} %" for a in question.answers if a.credit < 1]
            if partial:
                text += f" ({'; '.join(partial)})"
            rules = [s("case_sensitive")] * question.case_sensitive
            rules += [s("accent_sensitive")] * question.accent_sensitive
            return text + (f" · {', '.join(rules)}" if rules else "")
        if isinstance(question, NumericQuestion):
            unit = f" {question.unit}" if question.unit else ""
            if question.answer is None:
                return s("range", low=f"{question.low:g}", high=f"{question.high:g}") + unit
            if question.tolerance:
                value = s(
                    "tolerance", answer=f"{question.answer:g}", tolerance=f"{question.tolerance:g}"
                )
                return value + unit
            return f"{question.answer:g}{unit}"
        if isinstance(question, MatchingQuestion):
            return ", ".join(f"{n}-{letter}" for n, _, letter in matching_paper(question).lefts)
        if isinstance(question, OrderingQuestion):
            rows = sorted(ordering_paper(question), key=lambda row: row[1])
            return ", ".join(letter for letter, _, _ in rows)
        if isinstance(question, ClozeQuestion):
            blanks = [v for kind, v, _ in self.cloze_parts(question) if kind == "blank"]
            return "; ".join(f"({n}) {' / '.join(b.answers)}" for n, b in enumerate(blanks, 1))
        return s("manual")

    # structure --------------------------------------------------------------------------

    def lesson_minutes(self, lesson: Lesson) -> list[tuple[int, Any, int | None]]:
        """(number, block, minutes) of the blocks of a lesson."""
        return [(n, b, block_minutes(b)) for n, b in enumerate(lesson.blocks, start=1)]

    def open_minutes(self, lesson: Lesson) -> int | None:
        """Lesson minutes no block claims (None when the lesson has no duration)."""
        if lesson.duration is None:
            return None
        claimed = sum(m or 0 for _, _, m in self.lesson_minutes(lesson))
        return max(0, lesson.duration - claimed)

    def materials(self, lesson: Lesson) -> list[str]:
        """Every material the activities of a lesson list, once each."""
        found: dict[str, None] = {}
        for block in lesson.blocks:
            if isinstance(block, ActivityBlock):
                found.update(dict.fromkeys(block.materials))
        return list(found)

    def notes(self, lesson: Lesson) -> list[tuple[int, Any]]:
        """(block number, block) of the blocks with facilitation notes."""
        return [(n, b) for n, b in enumerate(lesson.blocks, start=1) if b.instructor_notes]

    def module_minutes(self, module: Module) -> int | None:
        """Sum of the lesson durations, if any lesson has one."""
        return module_minutes(module)

    def course_minutes(self) -> int | None:
        """The course duration, or the sum of its lessons."""
        return course_minutes(self.course)

    def cited(self, source_id: str) -> list[Lesson]:
        """Lessons that quote a source."""
        found: list[Lesson] = []
        for lesson in self.lessons:
            for block in lesson.blocks:
                ids: list[str | None] = [getattr(block, "source", None)]
                if isinstance(block, KeyFiguresBlock):
                    ids += [f.source for f in block.figures]
                if isinstance(block, KnowledgeCheckBlock):
                    ids += [q.source for q in self.checks(block)]
                if source_id in ids and lesson not in found:
                    found.append(lesson)
        return found

    def glossary(self) -> list[Any]:
        """Glossary entries in alphabetical order (accents ignored, ñ after n)."""

        def key(term: str) -> str:
            folded = term.casefold().replace("ñ", "n~")
            return "".join(c for c in _nfd(folded) if not _mark(c))

        return sorted(self.course.glossary, key=lambda e: key(e.term))

    # templates --------------------------------------------------------------------------

    def stylesheet_url(self, name: str) -> str:
        """URL of a theme file under ``pdf/``, child theme first (see :func:`virtual_url`)."""
        for index, folder in enumerate(self.theme.chain, start=1):
            candidate = folder.path / "pdf" / name
            if candidate.is_file():
                return virtual_url(index, f"pdf/{name}")
        raise self.error(f"theme {self.theme.name!r} has no pdf/{name}", None)

    def roots(self) -> tuple[str, ...]:
        """Folders the URL fetcher may read: the course and every theme of the chain."""
        return (str(self.root), *(str(t.path.resolve()) for t in self.theme.chain))

    def colors(self) -> Markup:
        """``--cw-*`` colour properties of the theme and course, as CSS declarations."""
        props = color_properties(self.theme.colors(), self.course.theme.colors)
        props["--cw-bg"] = "#ffffff"
        return Markup("".join(f"{k}:{v};" for k, v in props.items() if _COLOR.match(v)))

    def view(self) -> TemplateView:
        """What templates see as ``printer``: read-only data and confined helpers, never
        the printer itself (its files are what the EPUB packs, its root a path)."""
        return TemplateView(
            lessons=tuple(self.lessons),
            module_of=frozen(self.module_of),
            lesson_number=frozen(self.lesson_number),
            module_number=frozen(self.module_number),
            objectives=frozen(self.objectives),
            sources=frozen(self.sources),
            checks=self.checks,
            cloze_parts=self.cloze_parts,
            pool_label=self.pool_label,
            lesson_minutes=self.lesson_minutes,
            open_minutes=self.open_minutes,
            materials=self.materials,
            notes=self.notes,
            module_minutes=self.module_minutes,
            course_minutes=self.course_minutes,
            cited=self.cited,
            glossary=self.glossary,
        )

    def environment(self) -> Environment:
        """The Jinja2 environment of the theme (autoescaped, strict)."""
        if self._env is None:
            env = self.theme.environment(
                autoescape=True,
                undefined=StrictUndefined,
                trim_blocks=True,
                lstrip_blocks=True,
            )
            env.globals.update(
                course=self.course,
                printer=self.view(),
                t=self.s,
                md=self.md,
                media=self.media,
                duration=self.s.duration,
                date=self.s.date,
                num=lambda x: f"{x:g}",
                options=self.options,
                answer=self.answer,
                matching=matching_paper,
                ordering=ordering_paper,
                kind_of=lambda b: block_kind(b, self.s),
                title_of=block_title,
                css_string=css_string,
                mode=self.mode,
            )
            scopes, env.globals["term_anchors"] = print_linkers(self.course, self.mode, self.md)
            env.globals.update(term_scope=scopes.open, link_terms=scopes.link)
            if env.sandboxed:  # a course theme: helpers without their objects
                env.globals.update(confine(env.globals))
            self._env = env
        return self._env

    def render(self, template: str, **context: Any) -> str:
        """Render one document template."""
        with self.theme.reporting(template):
            html = self.environment().get_template(template).render(**context)
        return _unlink_absent_lessons(html) if "cw-see" in html else html


_SEE = re.compile(r'<a href="#(l-[^"]+)" class="cw-see"')


def _unlink_absent_lessons(html: str) -> str:
    """Lesson links whose lesson this document does not print keep its name, not a link
    (a handout holds one lesson; the workbook and the guide hold them all)."""

    def fix(match: re.Match[str]) -> str:
        return match.group(0) if f'id="{match.group(1)}"' in html else '<a class="cw-see"'

    return _SEE.sub(fix, html)


_COLOR = re.compile(r"^#[0-9a-fA-F]{3,6}$")


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _mark(char: str) -> bool:
    return unicodedata.category(char) == "Mn"


# --- planning --------------------------------------------------------------------------


@dataclass(frozen=True)
class PdfJob:
    """One PDF to draw: where it goes, its HTML and what the fetcher may read."""

    relpath: str
    html: str
    base_url: str
    roots: tuple[str, ...]
    identifier: bytes

    def cost(self) -> int:
        """A rough size, to start the longest documents first."""
        return len(self.html)


@dataclass
class PdfPlan:
    """Every document as HTML, plus what the planning found."""

    jobs: list[PdfJob] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    spans: dict[str, SourceSpan | None] = field(default_factory=dict)
    """Course file relpath -> span of (one) block that uses it, for fetcher errors."""


def plan_pdfs(loaded: LoadedCourse, options: PdfOptions | None = None) -> PdfPlan:
    """Render every printable document to HTML (no WeasyPrint here)."""
    options = options or PdfOptions()
    course = loaded.course
    theme = resolve_theme(course.theme.name, loaded.root, course.theme.field_span("name"))
    page_size = options.page_size or default_page_size(course.language)
    printer = Printer(
        loaded,
        theme,
        page_size=page_size,
        stamp=build_time(course, options.source_date_epoch),
    )
    names = PdfNames(course.id, course.language)
    plan = PdfPlan()
    roots = printer.roots()
    base_url = virtual_url(0)
    common: dict[str, Any] = {
        "stylesheet": printer.stylesheet_url("print.css"),
        "page_size": page_size,
        "page_label": css_page_label(printer.s("page", page="{page}", pages="{pages}")),
        "stamp": printer.stamp,
        "colors": printer.colors(),
    }

    def add(relpath: str, template: str, **context: Any) -> None:
        try:
            html = printer.render(template, **common, **context)
        except CoursewareError as exc:
            plan.issues.extend(exc.issues)
            return
        digest = hashlib.sha256(f"{course.id}\x00{course.version}\x00{relpath}".encode())
        plan.jobs.append(PdfJob(relpath, html, base_url, roots, digest.hexdigest()[:32].encode()))

    for number, lesson in enumerate(printer.lessons, start=1):
        add(
            names.handout(number, lesson),
            "pdf/handout.html",
            lesson=lesson,
            module=printer.module_of[lesson.id],
        )
    add(names.workbook, "pdf/workbook.html")
    add(names.guide, "pdf/guide.html", quizzes=printer.quizzes())
    for paper in printer.quizzes(plan.issues):
        for key in (False, True):
            add(names.quiz(paper.quiz, key=key), "pdf/quiz.html", paper=paper, key=key)
    plan.issues.extend(printer.issues)
    for lesson in printer.lessons:
        for block in lesson.blocks:
            src = getattr(block, "src", None)
            if isinstance(src, str) and not isinstance(block, VideoBlock | AudioBlock):
                try:
                    relpath = resolve_inside(printer.root, src).relative_to(printer.root)
                except (PathEscapeError, ValueError):
                    continue
                plan.spans.setdefault(relpath.as_posix(), block.field_span("src"))
    return plan


# --- drawing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PdfResult:
    """What drawing one document gave: the PDF, or a refused URL or an error."""

    relpath: str
    pdf: bytes | None
    error: str | None = None
    refused: str | None = None
    warnings: tuple[str, ...] = ()
    seconds: float = 0.0


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_IMAGE_CACHE: dict[str, Any] = {}
"""Per-process cache of decoded images: the same pictures appear in several documents."""


def draw_pdf(job: PdfJob) -> PdfResult:
    """Draw one PDF with WeasyPrint (a process-pool task; imports WeasyPrint)."""
    weasyprint = importlib.import_module("weasyprint")
    fatal = importlib.import_module("weasyprint.urls").FatalURLFetchingError

    started = time.perf_counter()
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        document = weasyprint.HTML(
            string=job.html, base_url=job.base_url, url_fetcher=confined_fetcher(job.roots)
        )
        pdf = document.write_pdf(
            pdf_variant=PDF_VARIANT,
            pdf_identifier=job.identifier,
            cache=_IMAGE_CACHE,
        )
    except fatal as exc:
        cause = exc.__cause__
        if isinstance(cause, FetchRefused):
            return PdfResult(job.relpath, None, cause.reason, cause.url)
        return PdfResult(job.relpath, None, str(cause or exc))
    finally:
        logger.removeHandler(handler)
    seconds = time.perf_counter() - started
    return PdfResult(job.relpath, bytes(pdf), warnings=tuple(handler.messages), seconds=seconds)


def _warm() -> None:
    """Worker initializer: import WeasyPrint once per worker process."""
    importlib.import_module("weasyprint")


def draw_all(jobs: Sequence[PdfJob], workers: int) -> list[PdfResult]:
    """Draw every job, the largest first, in ``workers`` processes (1: in this process)."""
    ordered = sorted(jobs, key=lambda j: -j.cost())
    if workers <= 1 or len(ordered) <= 1:
        return [draw_pdf(job) for job in ordered]
    return run_in_processes(draw_pdf, ordered, workers, _warm)


def _results_to_files(
    plan: PdfPlan, results: Iterable[PdfResult]
) -> tuple[dict[str, bytes], list[Issue]]:
    files: dict[str, bytes] = {}
    issues: list[Issue] = []
    seen: set[str] = set()
    for result in results:
        if result.pdf is not None:
            files[result.relpath] = result.pdf
        elif result.refused is not None:
            relpath = _course_relpath(result.refused, plan)
            issues.append(
                Issue(
                    "error",
                    f"{result.relpath}: refused to read {result.refused}: {result.error}",
                    plan.spans.get(relpath) if relpath else None,
                    hint="images and files must lie inside the course folder",
                    code="pdf-fetch",
                )
            )
        else:
            issues.append(Issue("error", f"{result.relpath}: {result.error}", code="pdf"))
        for message in result.warnings:
            if message not in seen:
                seen.add(message)
                issues.append(Issue("warning", f"PDF: {message}", code="pdf-warning"))
    return files, issues


def _course_relpath(url: str, plan: PdfPlan) -> str | None:
    if not plan.jobs or not url.startswith("file:"):
        return None
    parts = split_url(url)
    if parts is None:
        return None
    base = PurePosixPath(unquote(urlsplit(plan.jobs[0].base_url).path))
    path = PurePosixPath(unquote(parts.path))
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return None


# --- incremental -------------------------------------------------------------------------

_LEAF_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".ico", ".ttf", ".otf", ".woff", ".woff2"}
)
"""Files that name no other file (unless they turn out to be markup)."""
_MAX_SCAN = 8 * 1024 * 1024
_QUOTED = re.compile(r"""(?=(["'])([^<>\n]*?)\1)""")
"""From every quote to the next one of its kind (overlapping, so no quote hides a URL)."""
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.IGNORECASE)


def _candidates(text: str) -> set[str]:
    """Every string in markup or CSS that might be a URL (over-inclusive on purpose)."""
    found = {m.group(2) for m in _QUOTED.finditer(text)}
    found.update(next(g for g in m.groups() if g is not None) for m in _CSS_URL.finditer(text))
    return found


def _html_candidates(html: str) -> set[str]:
    """Attribute values (quoted or not) and CSS URLs of an HTML document."""
    found = _candidates(html)
    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return found
    for element in root.iter():
        for value in element.attrib.values():
            found.add(value)
            found.update(re.split(r"[\s,]+", value))
    return found


def _names_in(path: Path) -> set[str] | None:
    """What a fetched file may name in turn: nothing for a picture or font, None if huge."""
    with open(path, "rb") as handle:
        head = handle.read(256)
    if path.suffix.lower() in _LEAF_SUFFIXES and head.lstrip()[:1] != b"<":
        return set()
    if path.stat().st_size > _MAX_SCAN:
        return None
    text = path.read_bytes().decode("utf-8", "replace")
    return _html_candidates(text) if text.lstrip()[:1] == "<" else _candidates(text)


def fetchable_course_files(
    html: str,
    base_url: str,
    root: Path,
    others: Sequence[Path | str] = (),
    memo: dict[Path, set[str] | None] | None = None,
) -> set[Path] | None:
    """Course files a document can fetch: those its HTML names, and those they name in turn.

    References are followed through the course folder ``root`` and the ``others`` folders
    (the themes, whose files the key hashes in full, so they are not returned). None when
    that cannot be told (a ``<base>`` element, a huge referenced file): then every course
    file counts. ``memo`` keeps what each file names, across documents.
    """
    if re.search(r"<base[\s>/]", html, re.IGNORECASE):
        return None
    root = root.resolve()
    folders = [root, *(Path(o).resolve() for o in others)]
    memo = {} if memo is None else memo
    seen: set[Path] = set()
    queue = [(base_url, text) for text in _html_candidates(html)]
    while queue:
        base, name = queue.pop()
        try:
            joined = urljoin(base, name.strip())
        except ValueError:  # a malformed address: nothing to fetch
            continue
        parts = split_url(real_url(joined, folders))
        if parts is None or parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            continue
        path = Path(unquote(parts.path)).resolve()
        if path in seen or not any(path.is_relative_to(f) for f in folders):
            continue
        seen.add(path)
        if not is_file(path):
            continue
        if path not in memo:
            memo[path] = _names_in(path)
        names = memo[path]
        if names is None:
            return None
        queue.extend((path.as_uri(), n) for n in names)
    return {p for p in seen if p.is_relative_to(root)}


class PdfKeys:
    """Cache keys of the documents of one plan (file digests shared between documents)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._digests: dict[Path, str] = {}
        self._themes: dict[tuple[str, ...], str] = {}
        self._all: str | None = None
        self._names: dict[Path, set[str] | None] = {}

    def _file(self, path: Path) -> str:
        if path not in self._digests:
            self._digests[path] = file_digest(path) if is_file(path) else "-"
        return self._digests[path]

    def key(self, job: PdfJob) -> str:
        """The key of ``job``: a change to anything it can read changes it."""
        themes = tuple(r for r in job.roots if Path(r).resolve() != self.root)
        if themes not in self._themes:
            self._themes[themes] = digest([tree_digest(Path(r)) for r in themes])
        files = fetchable_course_files(job.html, job.base_url, self.root, themes, self._names)
        if files is None:
            if self._all is None:
                self._all = tree_digest(self.root, SOURCE_SUFFIXES)
            course: object = self._all
        else:
            course = sorted((p.relative_to(self.root).as_posix(), self._file(p)) for p in files)
        return digest(
            "pdf",
            toolkit_fingerprint(),
            PDF_VARIANT,
            job.relpath,
            job.html,
            job.base_url,
            list(job.roots),
            job.identifier.decode("ascii", "replace"),
            self._themes[themes],
            course,
        )


def _cached_result(job: PdfJob, unit: Unit) -> PdfResult | None:
    warnings = unit.meta.get("warnings")
    if not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings):
        return None
    return PdfResult(job.relpath, unit.data, warnings=tuple(warnings))


def render_pdfs(
    loaded: LoadedCourse, options: PdfOptions | None = None, cache: UnitCache | None = None
) -> tuple[dict[str, bytes], list[Issue]]:
    """Every printable PDF of the course: ``{relpath: bytes}`` and the issues found.

    With ``cache``, documents whose key is unchanged are taken from it, not drawn.
    """
    options = options or PdfOptions()
    done: dict[str, PdfResult] = {}
    keys: dict[str, str] = {}
    plan = plan_pdfs(loaded, options)
    if any(i.severity == "error" for i in plan.issues):
        return {}, plan.issues
    todo = plan.jobs
    if cache is not None:
        todo = []
        keyer = PdfKeys(loaded.root)
        for job in plan.jobs:
            keys[job.relpath] = keyer.key(job)
            unit = cache.get("pdf", keys[job.relpath], job.relpath)
            result = _cached_result(job, unit) if unit is not None else None
            if result is None:
                todo.append(job)
            else:
                done[job.relpath] = result
    for result in draw_all(todo, options.workers()):
        done[result.relpath] = result
        if cache is not None and result.pdf is not None:
            unit = Unit(result.pdf, {"warnings": list(result.warnings)})
            cache.put("pdf", keys[result.relpath], result.relpath, unit)
    ordered = [done[job.relpath] for job in sorted(plan.jobs, key=lambda j: -j.cost())]
    files, issues = _results_to_files(plan, ordered)
    return dict(sorted(files.items())), plan.issues + issues


__all__ = [
    "FetchRefused",
    "PdfJob",
    "PdfKeys",
    "PdfNames",
    "PdfOptions",
    "PdfPlan",
    "PdfResult",
    "Printer",
    "allowed_file",
    "confined_fetcher",
    "default_page_size",
    "draw_all",
    "draw_pdf",
    "fetchable_course_files",
    "page_size_from",
    "paper_quiz",
    "plan_pdfs",
    "render_pdfs",
]
