"""The site's pages and how they link: the page list, the contents list, citations, glossary.

:class:`SitePages` is the second layer of the HTML site (``render/html.py``'s ``_Site``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from jinja2 import Environment
from markupsafe import Markup

from courseware.model import Lesson, Module
from courseware.model.blocks import (
    CalloutBlock,
    CaseStudyBlock,
    KeyFiguresBlock,
    KnowledgeCheckBlock,
    QuoteBlock,
    TextBlock,
    VideoBlock,
)
from courseware.render.glossary_links import Term, TermLinker, TermScopes, inline
from courseware.render.html_helpers import collation_key, slug
from courseware.render.site_media import SiteMedia
from courseware.scoring import AnyQuestion, answer_key

TOC_ALL_LESSONS = 60
"""Up to this many lessons every page lists them all; longer courses fold other modules."""

TOC_ALL_MODULES = 12
"""Up to this many modules a folded list names them all; beyond, only the nearest ones.

Why: on a course of a hundred modules their names were three fifths of every page's
bytes (15 KB), on phones over slow connections; the home page maps all of them.
"""

TOC_NEAR_MODULES = 2
"""Modules listed on each side of the page's own when the others are left to the home page."""


@dataclass(frozen=True)
class Citation:
    """A place in a lesson that quotes a source."""

    lesson: Lesson
    anchor: str


@dataclass(frozen=True)
class Page:
    """A page to draw: its template, path, kind, title, key inputs and template context."""

    template: str
    out: str
    kind: str
    title: str
    inputs: object
    """What the page shows beyond the frame, for its key (a lesson's is worked out late)."""
    context: dict[str, Any]


Drawn = tuple[bytes, list[str]]
"""A page drawn: its bytes and the course files it published (their paths in the site)."""


class SitePages(SiteMedia):
    """The pages of the site, the contents list they share and what they cite."""

    _terms: list[Term]
    _scopes: TermScopes
    _glossed: dict[str, bool]
    _definitions: dict[str, Markup]

    def term_links(self) -> TermLinker:
        """A new linker of glossary terms (one per lesson page: each term linked once)."""
        return TermLinker(self._scopes.terms, self._scopes.make, self._scopes.memo)

    def question_types(self, lesson: Lesson) -> set[str]:
        """The types of the questions a lesson asks (knowledge checks and video cues)."""
        checks = [b for b in lesson.blocks if isinstance(b, KnowledgeCheckBlock)]
        cued = [c.question for b in lesson.blocks if isinstance(b, VideoBlock) for c in b.cues]
        asked = [q for b in checks for q in self.checks(b)]
        return {q.type for q in asked} | {
            self.questions[q].type for q in cued if q in self.questions
        }

    def _definition(self, text: str) -> Markup:
        """A glossary definition as shown beside a term linked (the same on every page
        when it publishes no course file: then remembered)."""
        found = self._definitions.get(text)
        if found is None:
            found = inline(self.markdown(text, top=3))
            if (text, 3, False) in self._drawn:  # markdown() remembered it: no course file
                self._definitions[text] = found
        return found

    def uses_glossary(self, lesson: Lesson) -> bool:
        """Whether the lesson page links a glossary term (so it needs glossary.css)."""
        if not self._terms:
            return False
        if lesson.id not in self._glossed:
            linker = self.term_links()
            for block in lesson.blocks:
                if isinstance(block, TextBlock | CalloutBlock):
                    linker(self.markdown(block.body, top=3 if block.type == "callout" else 2))
            self._glossed[lesson.id] = bool(linker.linked)
        return self._glossed[lesson.id]

    def checks(self, block: KnowledgeCheckBlock | VideoBlock) -> list[AnyQuestion]:
        """The ready questions of a knowledge check (or a video's cues), in block order."""
        return [self.questions[q] for q in block.questions if q in self.questions]

    def citations(self) -> dict[str, list[Citation]]:
        """Source id -> places in lessons that quote it."""
        cited: dict[str, list[Citation]] = {s.id: [] for s in self.course.sources}
        # (source, lesson id, anchor) cited so far. Why not ``in`` the list: it compared
        # lessons field by field, and a source quoted in each of 1,000 lessons took 0.7 s.
        seen: set[tuple[str, str, str]] = set()

        def cite(source: str | None, lesson: Lesson, anchor: str) -> None:
            if source in cited and (source, lesson.id, anchor) not in seen:
                seen.add((source, lesson.id, anchor))
                cited[source].append(Citation(lesson, anchor))

        for lesson in self.lessons:
            for block, anchor in zip(lesson.blocks, self.anchors[lesson.id], strict=True):
                if isinstance(block, QuoteBlock | CaseStudyBlock):
                    cite(block.source, lesson, anchor)
                elif isinstance(block, KeyFiguresBlock):
                    for figure in block.figures:
                        cite(figure.source, lesson, anchor)
                elif isinstance(block, KnowledgeCheckBlock):
                    for question in self.checks(block):
                        cite(question.source, lesson, anchor)
        return cited

    def glossary(self) -> list[tuple[str, Any]]:
        """(anchor, entry) sorted alphabetically."""
        entries = sorted(self.course.glossary, key=lambda e: collation_key(e.term))
        out: list[tuple[str, Any]] = []
        used: set[str] = set()
        for entry in entries:
            anchor = "term-" + (entry.id or slug(entry.term))
            while anchor in used:
                anchor += "-2"
            used.add(anchor)
            out.append((anchor, entry))
        return out

    def answer_keys(self, lesson: Lesson) -> dict[str, Any]:
        """Question id -> answer key, for the knowledge checks and video cues of a lesson page."""
        checks = [b for b in lesson.blocks if isinstance(b, KnowledgeCheckBlock | VideoBlock)]
        return {q.id: answer_key(q) for b in checks for q in self.checks(b)}

    def toc(self, env: Environment, current: str, module: Module | None) -> Markup:
        """The course contents with ``current`` marked as the page shown.

        Why rendered once and marked after: a contents list on every page, rendered per
        page, makes a course's build time grow with the square of its lessons.
        """
        link = f'href="{quote(current)}"'
        return Markup(self.contents(env, module).replace(link, f'{link} aria-current="page"', 1))

    def contents(self, env: Environment, module: Module | None) -> str:
        """The contents list pages of ``module`` show, no page marked (rendered once)."""
        folded = len(self.lessons) > TOC_ALL_LESSONS
        variant = module.id if folded and module is not None else ""
        if variant not in self._tocs:
            with self.theme.reporting("partials/toc.html"):
                self._tocs[variant] = self._toc(env, folded, module)
        return self._tocs[variant]

    def _toc(self, env: Environment, folded: bool, module: Module | None) -> str:
        modules = self.course.modules
        start = 0
        if folded and len(modules) > TOC_ALL_MODULES:
            at = next((i for i, m in enumerate(modules) if m is module), 0)
            start = max(0, min(at - TOC_NEAR_MODULES, len(modules) - 2 * TOC_NEAR_MODULES - 1))
            modules = modules[start : start + 2 * TOC_NEAR_MODULES + 1]
        return env.get_template("partials/toc.html").render(
            page={"kind": "", "path": "", "title": ""},
            lesson=None,
            module=None,
            folded=folded,
            open_module=module if folded else None,
            toc_modules=modules,
            toc_start=start + 1,
            toc_hidden=len(self.course.modules) - len(modules),
        )

    def _lesson_context(self, number: int, lesson: Lesson) -> dict[str, Any]:
        """What a lesson page's template gets beyond the site's globals.

        ``block_types`` and ``cued_videos`` say which styles and scripts the page needs
        (worked out here: as template filters they were a tenth of the HTML step).
        """
        blocks = lesson.blocks
        return {
            "lesson": lesson,
            "module": self.module_of[lesson.id],
            "prev": self.lessons[number - 1] if number > 0 else None,
            "next": self.lessons[number + 1] if number + 1 < len(self.lessons) else None,
            "number": number + 1,
            "anchors": self.anchors[lesson.id],
            "has_checks": any(isinstance(b, KnowledgeCheckBlock) for b in blocks),
            "block_types": [b.type for b in blocks],
            "cued_videos": [b for b in blocks if isinstance(b, VideoBlock) and b.cues],
        }

    def pages(self) -> list[Page]:
        """Every page of the site, in order."""
        tasks = [Page("index.html", "index.html", "index", self.course.title, None, {})]
        for number, lesson in enumerate(self.lessons):
            tasks.append(
                Page(
                    "lesson.html",
                    f"{lesson.id}.html",
                    "lesson",
                    lesson.title,
                    None,  # worked out where the page is keyed (see _key)
                    self._lesson_context(number, lesson),
                )
            )
        tasks.append(
            Page(
                "glossary.html",
                "glossary.html",
                "glossary",
                self.ui("glossary.title"),
                None,
                {"entries": self.glossary()},
            )
        )
        cited = self.citations()
        tasks.append(
            Page(
                "sources.html",
                "sources.html",
                "sources",
                self.ui("sources.title"),
                {k: [(c.lesson.id, c.anchor) for c in v] for k, v in cited.items()},
                {"cited": cited},
            )
        )
        return tasks
