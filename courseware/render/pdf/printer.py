"""The print context: everything the print templates (PDF and EPUB) need."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from courseware.errors import CoursewareError, Issue, SourceSpan
from courseware.i18n import says
from courseware.load import LoadedCourse
from courseware.load.paths import PathEscapeError, is_file, resolve_inside
from courseware.model import Course, Lesson, Module, Objective
from courseware.model.blocks import ActivityBlock, KeyFiguresBlock, KnowledgeCheckBlock
from courseware.model.quiz import ClozeQuestion, DrawQuestions, QuizBank, TrueFalseQuestion
from courseware.render.glossary_links import print_linkers
from courseware.render.markdown import lesson_files, link_lessons, references, render_markdown
from courseware.render.pdf.fetch import SOURCE_SUFFIXES, virtual_url
from courseware.render.pdf.markup import (
    block_kind,
    block_minutes,
    block_title,
    css_string,
    unlink_local,
)
from courseware.render.pdf.options import PageSize, Strings
from courseware.render.pdf.paper import (
    Option,
    PaperQuiz,
    answer_text,
    choice_options,
    matching_paper,
    ordering_paper,
    paper_quiz,
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
from courseware.themes import Theme, color_properties


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

    def error(
        self, message: str, span: SourceSpan | None, hint: str | None = None
    ) -> CoursewareError:
        """A render error at ``span`` (to raise where nothing sensible can be printed)."""
        return CoursewareError(Issue("error", message, span, hint=hint, code="pdf"))

    def fail(self, message: str, span: SourceSpan | None, hint: str | None = None) -> str:
        """Record an error and go on, so one build reports every bad file; returns ""."""
        issue = Issue("error", message, span, hint=hint, code="pdf")
        if issue not in self.issues:
            self.issues.append(issue)
        return ""

    def _refuse(self, key: str, path: str, span: SourceSpan | None) -> str:
        """:meth:`fail` with the catalogue's message ``key`` about ``path`` and its hint."""
        return self.fail(says(key, path=repr(path)), span, says(f"{key}.hint"))

    def media(self, path: str, span: SourceSpan | None = None) -> str:
        """Relative URL of a course file a block shows (checked to lie inside the course)."""
        try:
            target = resolve_inside(self.root, path)
        except PathEscapeError as exc:
            return self.fail(str(exc), span)
        if target.suffix.lower() in SOURCE_SUFFIXES:
            return self.fail(
                says("pdf.print-source-file", path=repr(path)),
                span,
                says("pdf.print-source-file.hint"),
            )
        if not is_file(target):
            return self.fail(
                says("pdf.print-missing-file", path=repr(path)),
                span,
                says("pdf.print-missing-file.hint"),
            )
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
                    says("pdf.print-remote-image", url=repr(ref.url)),
                    span,
                    says("pdf.print-remote-image.hint"),
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
        return answer_text(question, self.s, self.cloze_parts)

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

    def module_objectives(self, module: Module) -> list[Objective]:
        """The course objectives its lessons name, in course order, once each."""
        named = {oid for lesson in module.lessons for oid in lesson.objectives}
        return [o for o in self.course.objectives if o.id in named]

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
        raise self.error(
            says("pdf.theme-file", theme=repr(self.theme.name), name=name),
            None,
            says("pdf.theme-file.hint", name=name),
        )

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
            module_objectives=self.module_objectives,
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
