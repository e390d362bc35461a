"""What every quiz exporter shares: options, results, losses, ids, numbers, HTML and images."""

from __future__ import annotations

import base64
import mimetypes
import os
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path, PurePosixPath

import lxml.html
from lxml import etree

from courseware.errors import Issue, SourceSpan
from courseware.i18n import messages
from courseware.load.paths import is_file
from courseware.model.course import Course
from courseware.model.quiz import Category, DrawQuestions, PickQuestion, Quiz, QuizBank
from courseware.render.markdown import Reference, plain_text, render_markdown
from courseware.scoring import AnyQuestion
from courseware.svg import clean_svg

DEFAULT_EPOCH = 315532800  # 1980-01-01T00:00:00Z, the earliest time a zip entry can hold

COMPRESSED_SUFFIXES = frozenset(
    {
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".mp3",
        ".mp4",
        ".m4a",
        ".webm",
        ".ogg",
        ".oga",
        ".ogv",
        ".zip",
        ".gz",
        ".woff",
        ".woff2",
        ".pdf",
    }
)
"""Files that are compressed already: zips store them instead of deflating them again."""


def is_compressed(name: str) -> bool:
    """True if ``name`` (a path in a zip) is a file that deflating would not shrink."""
    return PurePosixPath(name).suffix.lower() in COMPRESSED_SUFFIXES


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Choices that change what an export contains."""

    embed_images: bool = False
    """Put images inline as data URIs (for LMSs that rewrite file paths on import)."""
    language: str | None = None
    """Language of printable strings; the bank's, then the course's, then Spanish."""
    source_date_epoch: int | None = None
    """Timestamp of zip entries; ``SOURCE_DATE_EPOCH`` from the environment if None."""
    allow_html: bool = False
    """Keep raw HTML of Markdown unsanitised (the course's ``settings.allow_html``)."""


@dataclass(frozen=True, slots=True)
class Loss:
    """Something a target format could not express for one question (or quiz)."""

    question_id: str
    target: str
    what: str


@dataclass
class ExportResult:
    """Files by relative path, what each target lost, and problems found."""

    files: dict[str, bytes] = field(default_factory=dict)
    losses: list[Loss] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no issue is an error."""
        return not any(i.severity == "error" for i in self.issues)

    def merge(self, other: ExportResult, prefix: str = "") -> None:
        """Add another result's files (under ``prefix``), losses and issues."""
        for name, data in other.files.items():
            self.files[prefix + name] = data
        self.losses.extend(other.losses)
        self.issues.extend(other.issues)


@dataclass(frozen=True, slots=True)
class Image:
    """A local image a text refers to."""

    path: str  # POSIX path inside the course folder
    data: bytes

    @property
    def mime(self) -> str:
        """Media type guessed from the extension."""
        return mimetypes.guess_type(self.path)[0] or "application/octet-stream"

    @property
    def data_uri(self) -> str:
        """The image inline as ``data:`` URI."""
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


class Env:
    """One export run: bank, course folder, options, and a log of losses and issues."""

    def __init__(
        self,
        bank: QuizBank,
        target: str,
        *,
        course: Course | None = None,
        course_dir: Path,
        options: ExportOptions,
    ) -> None:
        self.bank = bank
        self.target = target
        self.course = course
        self.course_dir = course_dir
        self.options = options
        self.losses: list[Loss] = []
        self.issues: list[Issue] = []
        self.images: dict[str, Image] = {}
        self._missing: set[str] = set()

    # --- log -------------------------------------------------------------------------
    def lose(self, subject_id: str, what: str) -> None:
        """Record that this target cannot express ``what`` for a question or quiz."""
        loss = Loss(subject_id, self.target, what)
        if loss not in self.losses:
            self.losses.append(loss)

    def error(
        self, message: str, span: SourceSpan | None, *, code: str, hint: str | None = None
    ) -> None:
        """Record an error that stops this question from being exported correctly."""
        self.issues.append(Issue("error", message, span, hint=hint, code=code))

    def warn(self, message: str, span: SourceSpan | None, *, code: str) -> None:
        """Record a warning."""
        self.issues.append(Issue("warning", message, span, code=code))

    def result(self, files: dict[str, bytes]) -> ExportResult:
        """Files plus the log, as an :class:`ExportResult`."""
        return ExportResult(files, list(self.losses), list(self.issues))

    # --- bank ------------------------------------------------------------------------
    @cached_property
    def language(self) -> str:
        """Language tag for printable strings."""
        return (
            self.options.language
            or self.bank.language
            or (self.course.language if self.course else None)
            or "es"
        )

    @cached_property
    def questions(self) -> list[AnyQuestion]:
        """Questions to export, in bank order: drafts are left out."""
        return [q for q in self.bank.questions if q.status != "draft"]

    @cached_property
    def by_id(self) -> dict[str, AnyQuestion]:
        """Exported questions by id."""
        return {q.id: q for q in self.questions}

    def category_of(self, question: AnyQuestion) -> Category | None:
        """The question's category object, if it has one."""
        for category in self.bank.categories:
            if category.id == question.category:
                return category
        return None

    def grouped(
        self, questions: Iterable[AnyQuestion] | None = None
    ) -> list[tuple[Category | None, list[AnyQuestion]]]:
        """Questions grouped by category: uncategorised first, then categories in bank order."""
        chosen = list(self.questions if questions is None else questions)
        groups: list[tuple[Category | None, list[AnyQuestion]]] = []
        loose = [q for q in chosen if q.category is None or self.category_of(q) is None]
        if loose:
            groups.append((None, loose))
        for category in self.bank.categories:
            members = [q for q in chosen if q.category == category.id]
            if members:
                groups.append((category, members))
        return groups

    def pool(self, item: DrawQuestions) -> list[AnyQuestion]:
        """The questions a draw picks from: same category (if given) and all the tags."""
        return [
            q
            for q in self.questions
            if (item.category is None or q.category == item.category)
            and all(tag in q.tags for tag in item.tags)
        ]

    def quiz_parts(
        self, quiz: Quiz
    ) -> list[tuple[PickQuestion | DrawQuestions, list[AnyQuestion]]]:
        """Each quiz item with the questions it covers (draft picks are logged and dropped).

        A draw's pool leaves out the questions the quiz picks by id, so none shows twice.
        """
        parts: list[tuple[PickQuestion | DrawQuestions, list[AnyQuestion]]] = []
        picked = {item.question for item in quiz.items if isinstance(item, PickQuestion)}
        for item in quiz.items:
            if isinstance(item, PickQuestion):
                question = self.by_id.get(item.question)
                if question is None:
                    self.warn(
                        f"quiz {quiz.id!r} picks question {item.question!r}, which is a draft or "
                        "missing; it is left out",
                        item.span or quiz.span,
                        code="quiz-draft-pick",
                    )
                    continue
                parts.append((item, [question]))
            else:
                pool = [q for q in self.pool(item) if q.id not in picked]
                if len(pool) < item.draw:
                    self.warn(
                        f"quiz {quiz.id!r} draws {item.draw} questions from a pool of {len(pool)}",
                        item.span or quiz.span,
                        code="quiz-small-pool",
                    )
                if pool:
                    parts.append((item, pool))
        return parts

    # --- text --------------------------------------------------------------------------
    def html(self, markdown: str, *, span: SourceSpan | None, inline: bool = False) -> Rendered:
        """Markdown as sanitised HTML, with the local images it shows."""
        html, sources = _export_html(markdown, self.options.allow_html, inline)
        return Rendered(html, self._images_in(sources, span))

    def _images_in(self, sources: Sequence[str], span: SourceSpan | None) -> list[Image]:
        found: list[Image] = []
        for src in sources:
            ref = Reference("image", src)
            if not ref.is_local:
                continue
            image = self.image(ref.path, span)
            if image is not None and image not in found:
                found.append(image)
        return found

    def image(self, path: str, span: SourceSpan | None) -> Image | None:
        """Read a local image of the course (cached); an error if it is missing or outside."""
        clean = PurePosixPath(path)
        if path in self.images:
            return self.images[path]
        target = (self.course_dir / clean).resolve()
        inside = target.is_relative_to(self.course_dir.resolve())
        if not inside or ".." in clean.parts or not is_file(target):
            if path not in self._missing:
                self._missing.add(path)
                self.error(
                    f"image {path!r} not found in the course folder",
                    span,
                    code="image-missing",
                    hint="image paths are relative to the course folder",
                )
            return None
        data = target.read_bytes()
        image = Image(clean.as_posix(), clean_svg(data) if clean.suffix.lower() == ".svg" else data)
        self.images[path] = image
        return image


@dataclass(frozen=True, slots=True)
class Rendered:
    """HTML of a Markdown text and the local images it shows."""

    html: str
    images: list[Image]

    def with_sources(self, source: Callable[[Image], str]) -> str:
        """The HTML with each local image's ``src`` replaced by ``source(image)``."""
        if not self.images:
            return self.html
        by_path = {image.path: image for image in self.images}
        fragments = html_fragments(self.html)
        for fragment in fragments:
            if isinstance(fragment, str):
                continue
            for img in fragment.iter("img"):
                ref = Reference("image", img.get("src", ""))
                if ref.is_local and ref.path in by_path:
                    img.set("src", source(by_path[ref.path]))
        return "".join(
            f if isinstance(f, str) else lxml.html.tostring(f, encoding="unicode")
            for f in fragments
        )


@lru_cache(maxsize=16384)
def cached_markdown(markdown: str, allow_html: bool = False, inline: bool = False) -> str:
    """``render_markdown``, remembered: every format of every bank renders the same texts."""
    return render_markdown(markdown, allow_html=allow_html, inline=inline)


@lru_cache(maxsize=16384)
def cached_plain_text(markdown: str) -> str:
    """``plain_text``, remembered (titles and Aiken lines of the same prompts)."""
    return plain_text(markdown)


@lru_cache(maxsize=16384)
def _export_html(markdown: str, allow_html: bool, inline: bool) -> tuple[str, tuple[str, ...]]:
    """Markdown as export HTML (stripped) and the ``src`` of each image in it."""
    html = cached_markdown(markdown, allow_html, inline)
    html = html.replace('<img loading="lazy" ', "<img ")  # a page hint, noise in exports
    return html.strip(), tuple(image_sources(html)) if "<img" in html.lower() else ()


def html_fragments(html: str) -> list[str | lxml.html.HtmlElement]:
    """An HTML fragment parsed into leading text and elements."""
    if not html.strip():
        return []
    return list(lxml.html.fragments_fromstring(html))


def image_sources(html: str) -> list[str]:
    """The ``src`` of every image in an HTML fragment."""
    return [
        img.get("src", "")
        for fragment in html_fragments(html)
        if not isinstance(fragment, str)
        for img in fragment.iter("img")
    ]


# --- identifiers and numbers ------------------------------------------------------------
def letter_first(ident: str, prefix: str = "q") -> str:
    """An id starting with an ASCII letter (as QTI and XML need), stable across builds."""
    ascii_id = unicodedata.normalize("NFKD", ident).encode("ascii", "ignore").decode("ascii")
    ascii_id = re.sub(r"[^A-Za-z0-9_.-]", "-", ascii_id)
    if not ascii_id[:1].isalpha():
        ascii_id = f"{prefix}-{ascii_id}" if ascii_id else prefix
    return ascii_id


def number(value: float) -> str:
    """A number without exponent or needless zeros: 2, 0.5, 0.00001, -3.25."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


MOODLE_FRACTIONS: tuple[float, ...] = (
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3,
    0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0,
)  # fmt: skip
"""The grade fractions Moodle accepts on import (and their negatives)."""


def moodle_percent(credit: float) -> str | None:
    """A credit fraction as a Moodle percentage ("33.33333"), or None if Moodle cannot hold it.

    Why: Moodle's importer rejects (or, if asked, rounds) any fraction that is not in its
    list, within 1e-5; we report those instead of letting Moodle round silently.
    """
    for allowed in MOODLE_FRACTIONS:
        if abs(abs(credit) - allowed) < 1e-5:
            percent = number(round(allowed * 100, 5))
            return f"-{percent}" if credit < 0 and allowed else percent
    return None


def question_title(question: AnyQuestion, limit: int = 80) -> str:
    """The title, or the start of the prompt's text, for LMS lists."""
    if question.title:
        return question.title
    text = cached_plain_text(question.prompt)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def tag_list(question: AnyQuestion) -> list[str]:
    """Tags plus difficulty, objectives and source as prefixed tags (LMSs have nothing better)."""
    tags = list(question.tags)
    if question.difficulty:
        tags.append(f"difficulty:{question.difficulty}")
    tags.extend(f"objective:{o}" for o in question.objectives)
    if question.source:
        tags.append(f"source:{question.source}")
    return tags


# --- output ------------------------------------------------------------------------------
def xml_bytes(root: etree._Element) -> bytes:
    """An XML document as pretty-printed UTF-8 with declaration."""
    etree.indent(root, space="  ")
    body = str(etree.tostring(root, encoding="unicode", pretty_print=True))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode("utf-8")


def zip_epoch(options: ExportOptions) -> int:
    """Timestamp for zip entries: the option, else ``SOURCE_DATE_EPOCH``, else 1980-01-01."""
    if options.source_date_epoch is not None:
        return max(options.source_date_epoch, DEFAULT_EPOCH)
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return max(int(env), DEFAULT_EPOCH) if env.isdigit() else DEFAULT_EPOCH


def zip_bytes(files: dict[str, bytes], options: ExportOptions) -> bytes:
    """A zip of ``files``, entries sorted with one fixed timestamp (reproducible).

    Text is deflated; images and other compressed media are stored as they are.
    """
    import io
    import time

    stamp = time.gmtime(zip_epoch(options))[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if is_compressed(name) else zipfile.ZIP_DEFLATED
            info.create_system = 3  # as Unix made it, wherever it is made (Windows says 0)
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()


# --- printable strings ---------------------------------------------------------------------
def strings(language: str) -> dict[str, str]:
    """Quiz-paper strings (``paper.*`` of the catalogue) for a BCP 47 tag, prefix removed."""
    return messages(language).prefixed("paper.")


def answer_text(question: AnyQuestion, s: dict[str, str]) -> str:
    """The right answer in words, for keys and spreadsheets."""
    from courseware.model import quiz as q

    if isinstance(question, q.SingleChoiceQuestion | q.MultipleResponseQuestion):
        return " | ".join(c.text for c in question.choices if c.correct)
    if isinstance(question, q.TrueFalseQuestion):
        return s["true"] if question.answer else s["false"]
    if isinstance(question, q.ShortAnswerQuestion):
        return " | ".join(
            a.text if a.credit == 1 else f"{a.text} ({number(a.credit * 100)} %)"
            for a in question.answers
        )
    if isinstance(question, q.NumericQuestion):
        unit = f" {question.unit}" if question.unit else ""
        if question.answer is None:
            return s["between"].format(low=number(question.low), high=number(question.high)) + unit
        if question.tolerance:
            return (
                s["tolerance"].format(
                    answer=number(question.answer), tolerance=number(question.tolerance)
                )
                + unit
            )
        return number(question.answer) + unit
    if isinstance(question, q.MatchingQuestion):
        return " | ".join(f"{p.left} → {p.right}" for p in question.pairs)
    if isinstance(question, q.OrderingQuestion):
        return " → ".join(question.items)
    if isinstance(question, q.ClozeQuestion):
        return " | ".join(f"[{b.id}] " + " / ".join(b.answers) for b in question.blanks)
    return s["manual"]
