"""The course, its modules and lessons."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from courseware.model.base import (
    Id,
    InlineText,
    Markdown,
    Minutes,
    ModelError,
    Node,
    Score,
    WebAddress,
)
from courseware.model.blocks import Block
from courseware.model.quiz import QuizBank

_BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|\d{3}))?(-[A-Za-z0-9]{5,8})*$")
_COLOR = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def _language(value: str) -> str:
    if not _BCP47.match(value):
        raise ModelError("model.language", value=repr(value))
    return value


LanguageTag = Annotated[str, AfterValidator(_language), Field(description="BCP 47 tag: es-MX, en.")]


def _color(value: str) -> str:
    if not _COLOR.match(value):
        raise ModelError("model.color", value=repr(value))
    return value


Color = Annotated[str, AfterValidator(_color)]


class Author(Node):
    """A person who wrote the course."""

    name: InlineText
    email: str | None = None
    affiliation: InlineText | None = None
    role: InlineText | None = None


class Objective(Node):
    """A learning objective: what a learner can do after the course."""

    id: Id
    text: InlineText


class Source(Node):
    """A source article the course draws on."""

    id: Id
    title: InlineText
    publisher: InlineText
    date: str | None = Field(default=None, description="Publication date, YYYY or YYYY-MM-DD.")
    language: LanguageTag | None = None
    url: WebAddress | None = None
    author: InlineText | None = None
    file: str | None = Field(default=None, description="Source notes under the course's seeds/.")
    note: Markdown | None = None


class GlossaryEntry(Node):
    """A term and its definition."""

    term: InlineText
    definition: Markdown
    id: Id | None = None


class Cover(Node):
    """The course's cover: a picture on the home page and the EPUB cover."""

    image: str = Field(min_length=1, description="Image path inside the course folder.")
    alt: InlineText = Field(description="What the picture shows, for screen readers.")


class ThemeColors(Node):
    """Colour overrides of the theme."""

    primary: Color | None = None
    accent: Color | None = None
    background: Color | None = None
    text: Color | None = None


class ThemeSettings(Node):
    """Which theme to use and what to override."""

    name: Id = "default"
    colors: ThemeColors = Field(default_factory=ThemeColors)
    logo: str | None = Field(default=None, description="Logo image inside the course folder.")


class Lesson(Node):
    """One lesson: a page of content blocks."""

    id: Id
    title: InlineText
    duration: Minutes | None = None
    objectives: list[Id] = Field(
        default_factory=list, description="Objective ids this lesson serves."
    )
    summary: Markdown | None = None
    blocks: list[Block] = Field(min_length=1)


class Module(Node):
    """A group of lessons."""

    id: Id
    title: InlineText
    description: Markdown | None = None
    lessons: list[Lesson] = Field(
        min_length=1,
        description="Lessons inline, or paths of lesson files: `- lessons/01-intro.yaml`.",
    )


class Settings(Node):
    """Build and behaviour settings."""

    allow_html: bool = Field(default=False, description="Keep raw HTML in Markdown unsanitised.")
    passing_score: Score = Field(default=0.7)
    completion: str = Field(default="all_lessons", pattern="^(all_lessons|final_quiz)$")
    final_quiz: Id | None = None
    score_blocks: bool = Field(
        default=False,
        description="Scored blocks (scenario endings, sort) count toward the course score "
        "with the final quiz, one point each beside the quiz's drawn questions.",
    )
    link_glossary: bool = Field(
        default=True,
        description="Link each glossary term where it first appears in a lesson's text, "
        "with its definition (a footnote on paper).",
    )


OutputName = Literal["html", "instructor", "quiz", "pdf", "packages"]
QuizFormat = Literal["qti21", "qti12", "moodle", "gift", "aiken", "csv", "json", "print"]
PackageKindName = Literal["scorm12", "scorm2004", "imscc", "cmi5", "web"]


class OutputChoice(Node):
    """Which outputs a build makes (``courseware build`` options override each list)."""

    build: list[OutputName] | None = Field(
        default=None,
        description="Outputs to build (default: all): html, instructor, quiz, pdf, packages.",
    )
    quiz: list[QuizFormat] | None = Field(
        default=None, description="Quiz bank formats (default: all), e.g. [moodle, gift]."
    )
    packages: list[PackageKindName] | None = Field(
        default=None, description="LMS packages (default: all), e.g. [scorm12, imscc]."
    )


class Course(Node):
    """A whole course (``course.yaml``)."""

    id: Id
    title: InlineText
    subtitle: InlineText | None = None
    language: LanguageTag
    version: str = Field(min_length=1, description='Course version, e.g. "1.0.0" (quote it).')
    date: str | None = Field(default=None, description="Release date YYYY-MM-DD.")
    authors: list[Author] = Field(min_length=1)
    license: InlineText
    description: Markdown
    summary: Markdown | None = Field(
        default=None, description="One or two sentences for the home page's cover."
    )
    cover: Cover | None = None
    audience: Markdown
    duration: Minutes | None = None
    objectives: list[Objective] = Field(min_length=1)
    sources: list[Source] = Field(default_factory=list)
    glossary: list[GlossaryEntry] = Field(default_factory=list)
    theme: ThemeSettings = Field(default_factory=ThemeSettings)
    settings: Settings = Field(default_factory=Settings)
    outputs: OutputChoice = Field(default_factory=OutputChoice)
    modules: list[Module] = Field(min_length=1)
    banks: list[QuizBank] = Field(
        default_factory=list,
        description="Paths of bank files (default: every banks/*.yaml).",
    )

    def lessons(self) -> list[Lesson]:
        """All lessons in course order."""
        return [lesson for module in self.modules for lesson in module.lessons]

    def questions(self) -> dict[str, object]:
        """Every question by id, across banks."""
        return {q.id: q for bank in self.banks for q in bank.questions}
