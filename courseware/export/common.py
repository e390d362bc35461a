"""What every quiz exporter shares: options, results, losses, the run's log, files and zips.

Texts as HTML with their images live in :mod:`courseware.export.rich`; ids, numbers and
answers in words in :mod:`courseware.export.values` (both re-exported here).
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath

from lxml import etree

from courseware.errors import Issue, SourceSpan
from courseware.export.rich import (
    Image,
    Rendered,
    cached_markdown,
    cached_plain_text,
    export_html,
    html_fragments,
    image_sources,
)
from courseware.export.values import (
    MOODLE_FRACTIONS,
    answer_text,
    letter_first,
    moodle_percent,
    number,
    question_title,
    tag_list,
)
from courseware.i18n import FALLBACK, messages, says
from courseware.load.paths import is_file
from courseware.model.course import Course
from courseware.model.quiz import Category, DrawQuestions, PickQuestion, Quiz, QuizBank
from courseware.render.markdown import Reference
from courseware.scoring import AnyQuestion
from courseware.svg import clean_svg

__all__ = [
    "COMPRESSED_SUFFIXES",
    "LOSS_PREFIX",
    "MOODLE_FRACTIONS",
    "Env",
    "ExportOptions",
    "ExportResult",
    "Image",
    "Loss",
    "LossValue",
    "Rendered",
    "answer_text",
    "cached_markdown",
    "cached_plain_text",
    "html_fragments",
    "image_sources",
    "is_compressed",
    "letter_first",
    "moodle_percent",
    "number",
    "question_title",
    "strings",
    "tag_list",
    "xml_bytes",
    "zip_bytes",
    "zip_epoch",
]

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
    """Language of printable strings; the bank's, then the course's, then English."""
    source_date_epoch: int | None = None
    """Timestamp of zip entries; ``SOURCE_DATE_EPOCH`` from the environment if None."""
    allow_html: bool = False
    """Keep raw HTML of Markdown unsanitised (the course's ``settings.allow_html``)."""


LOSS_PREFIX = "export.loss."
"""Catalogue keys of the loss sentences: ``export.loss.<key>`` in ``courseware/locales``."""

LossValue = str | tuple[str, ...]
"""A field of a loss sentence: text as is, or loss keys (words) joined with commas."""


@dataclass(frozen=True, slots=True)
class Loss:
    """Something a target format could not express for one question (or quiz).

    The sentence is a catalogue key and its fields, worded when shown: :meth:`text` in a
    language, :attr:`what` in English (``report.json`` and other tools).
    """

    question_id: str
    target: str
    key: str
    fields: tuple[tuple[str, LossValue], ...] = ()

    def text(self, language: str = FALLBACK) -> str:
        """The sentence in ``language`` (course language, then its base, then English)."""
        say = messages(language)
        values = {
            name: ", ".join(say(LOSS_PREFIX + k) for k in value)
            if isinstance(value, tuple)
            else value
            for name, value in self.fields
        }
        return say(LOSS_PREFIX + self.key, **values)

    @property
    def what(self) -> str:
        """The sentence in English."""
        return self.text(FALLBACK)


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
    def lose(self, subject_id: str, key: str, **fields: LossValue) -> None:
        """Record that this target cannot express something for a question or quiz.

        ``key`` names the sentence (``export.loss.<key>`` in the catalogue), ``fields`` fill it.
        """
        loss = Loss(subject_id, self.target, key, tuple(sorted(fields.items())))
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
            or FALLBACK
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
                        says(
                            "export.quiz.draft-pick",
                            quiz=repr(quiz.id),
                            question=repr(item.question),
                        ),
                        item.span or quiz.span,
                        code="quiz-draft-pick",
                    )
                    continue
                parts.append((item, [question]))
            else:
                pool = [q for q in self.pool(item) if q.id not in picked]
                if len(pool) < item.draw:
                    self.warn(
                        says(
                            "export.quiz.small-pool",
                            quiz=repr(quiz.id),
                            draw=item.draw,
                            n=len(pool),
                        ),
                        item.span or quiz.span,
                        code="quiz-small-pool",
                    )
                if pool:
                    parts.append((item, pool))
        return parts

    # --- text --------------------------------------------------------------------------
    def html(self, markdown: str, *, span: SourceSpan | None, inline: bool = False) -> Rendered:
        """Markdown as sanitised HTML, with the local images it shows."""
        html, sources = export_html(markdown, self.options.allow_html, inline)
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
                    says("export.image-missing", path=repr(path)),
                    span,
                    code="image-missing",
                    hint=says("export.image-missing.hint"),
                )
            return None
        data = target.read_bytes()
        image = Image(clean.as_posix(), clean_svg(data) if clean.suffix.lower() == ".svg" else data)
        self.images[path] = image
        return image


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
