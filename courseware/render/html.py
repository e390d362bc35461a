"""Course -> static HTML package: home page, one page per lesson, glossary, sources, assets.

``render_site`` is pure: it returns ``{relpath: bytes}`` and writes nothing. Pages come from
the course's theme (Jinja2, autoescaped, StrictUndefined). Media files are copied as they
are referenced while rendering, so only what a learner can reach is published, at the
same relative path as in the course folder (Markdown links keep working).

Given a :class:`~courseware.incremental.UnitCache`, a page whose key is unchanged is taken
from it instead of rendered. A key covers what the page can show: the course "frame" (the
course without lesson blocks and banks: titles and ids in the navigation, settings, glossary,
sources), the page's own lesson and the questions its knowledge checks use, every course
file but the YAML sources, the theme files and the toolkit. A theme from the course folder
may read anything, so with one the frame is the whole course.

The site is drawn in layers, one module each: :mod:`~courseware.render.site_media` (course
files and Markdown), :mod:`~courseware.render.site_pages` (the page list, the contents list,
citations, glossary), :mod:`~courseware.render.site_keys` (page keys for incremental builds)
and this module (templates, drawing, worker processes). Page weights are in
:mod:`~courseware.render.page_weight`; small pure helpers in
:mod:`~courseware.render.html_helpers`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from courseware.errors import CoursewareError
from courseware.i18n import Messages, messages, says
from courseware.incremental import Unit, UnitCache
from courseware.load import LoadedCourse
from courseware.media import image_size
from courseware.model import Course, Lesson, Module
from courseware.model.quiz import ClozeQuestion
from courseware.parallel import run_in_processes
from courseware.render.glossary_links import (
    TermScopes,
    glossary_terms,
    html_term,
)
from courseware.render.html_helpers import (
    CONTENT_SECURITY_POLICY,
    collation_key,
    json_script,
    seeded_order,
    shuffled,
    sized_images,
    slug,
)
from courseware.render.instructor import OUTPUT as INSTRUCTOR
from courseware.render.instructor import STYLESHEET, lesson_plan
from courseware.render.markdown import lesson_files
from courseware.render.page_weight import PAGE_BUDGET, page_weights, weight_issues
from courseware.render.pieces import (
    ClozePiece,
    cloze_pieces,
    course_minutes,
    module_minutes,
    shift_headings,
)
from courseware.render.search import SEARCH_INDEX, search_index
from courseware.render.site_keys import SiteKeys
from courseware.render.site_pages import (
    TOC_ALL_LESSONS,
    TOC_ALL_MODULES,
    TOC_NEAR_MODULES,
    Citation,
    Drawn,
    Page,
)
from courseware.sandbox import TemplateView, confine, frozen
from courseware.themes import Theme, color_css, resolve_theme


@dataclass
class _Site(SiteKeys):
    """Everything one build needs; collects the course files that pages reference."""

    loaded: LoadedCourse
    theme: Theme
    ui: Messages
    files: dict[str, bytes] = field(default_factory=dict)
    anchors: dict[str, list[str]] = field(default_factory=dict)
    max_image_width: int | None = None
    """Scale wider PNG/JPEG down to this; None: the course's ``settings.max_image_width``."""
    cache: UnitCache | None = None
    """Pages of earlier builds, by key; None renders every page."""
    instructor: bool = False
    """Draw the instructor view: notes and timing plans shown (:mod:`.instructor`)."""

    def __post_init__(self) -> None:
        self._published = {}
        self._drawn = {}
        """(text, top heading, inline) -> HTML, for texts without references."""
        self._located = {}
        """Course files found so far (one render sees one state of the folder)."""
        self._tocs = {}
        """Contents lists rendered so far: "" for the whole course, else per open module."""
        self._outline = None
        """Digest of the course outline (modules and lessons without their blocks)."""
        self._refs = set()
        """Course files published by the page being rendered (stored with it in the cache)."""
        self.output = INSTRUCTOR if self.instructor else "html"
        """The output drawn, as the cache names its pages."""
        self._theme_assets = self.theme.assets()
        self._js_strings = self.ui.prefixed("js.")
        self.lessons = self.course.lessons()
        self.module_of = {les.id: mod for mod in self.course.modules for les in mod.lessons}
        self._lesson_files = {
            id(lesson): self.loaded.sources[where]
            for m, module in enumerate(self.course.modules)
            for j, lesson in enumerate(module.lessons)
            if (where := ("modules", m, "lessons", j)) in self.loaded.sources
        }
        """Lesson object id -> (path as written, digest) of the file it was read from."""
        self._lesson_places = lesson_files(self.loaded.sources)
        self.questions = {
            q.id: q for bank in self.course.banks for q in bank.questions if q.status != "draft"
        }
        self.objectives = {o.id: o for o in self.course.objectives}
        self.sources = {s.id: s for s in self.course.sources}
        linked = self.course.settings.link_glossary
        self._terms = glossary_terms(self.course.glossary) if linked else []
        self._definitions: dict[str, Markup] = {}
        self._scopes = TermScopes(self._terms, html_term(self._definition), {})
        """Glossary links of the lesson pages being drawn (see ``term_scope`` in templates);
        its memo holds the linkings of the page being drawn."""
        self._glossed: dict[str, bool] = {}
        """Lesson id -> whether its page links a glossary term."""
        for lesson in self.lessons:
            used: set[str] = set()
            names = []
            for number, block in enumerate(lesson.blocks, start=1):
                name = block.id if block.id and block.id not in used else f"cw-b{number}"
                used.add(name)
                names.append(name)
            self.anchors[lesson.id] = names

    def cloze_parts(self, question: ClozeQuestion) -> list[ClozePiece]:
        """The cloze text as ("html", Markup, 0) and ("blank", Blank, n) pieces."""
        return cloze_pieces(question, str(self.markdown(question.text, top=4)))

    def module_minutes(self, module: Module) -> int | None:
        """Sum of the lesson durations, if any lesson has one."""
        return module_minutes(module)

    def course_minutes(self) -> int | None:
        """The course duration, or the sum of its lessons."""
        return course_minutes(self.course)

    # pages -----------------------------------------------------------------------------

    def environment(self) -> Environment:
        env = self.theme.environment(
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        ui = self.ui
        env.globals.update(
            course=self.course,
            site=self.view(),
            t=ui,
            md=self.markdown,
            term_scope=self._scopes.open,
            link_terms=self._scopes.link,
            media=self.media,
            image_size=self.size,
            duration=ui.duration,
            date=ui.date,
            shuffle=shuffled,
            num=lambda x: f"{x:g}",
            csp=CONTENT_SECURITY_POLICY,
            theme_css=self.theme.stylesheets(),
            instructor=self.instructor,
            lesson_plan=lambda lesson: lesson_plan(lesson, ui),
        )
        if env.sandboxed:  # a course theme: helpers without their objects
            env.globals.update(confine(env.globals))
        return env

    def view(self) -> TemplateView:
        """What templates see as ``site``: read-only data and confined helpers, never the
        site itself (its files, cache and course folder are the build's own)."""
        return TemplateView(
            lessons=tuple(self.lessons),
            objectives=frozen(self.objectives),
            sources=frozen(self.sources),
            checks=self.checks,
            cloze_parts=self.cloze_parts,
            module_minutes=self.module_minutes,
            course_minutes=self.course_minutes,
            uses_glossary=self.uses_glossary,
            question_types=self.question_types,
        )

    def page_data(self, kind: str, lesson: Lesson | None, keys: dict[str, Any]) -> Markup:
        data = {
            "course": self.course.id,
            "page": kind,
            "lesson": lesson.id if lesson else None,
            "lessons": [les.id for les in self.lessons] if kind == "index" else [],
            "strings": self._js_strings,
            "keys": keys,
        }
        return json_script(data)

    # pages -----------------------------------------------------------------------------

    def _draw(self, env: Environment, task: Page) -> Drawn:
        """One page's bytes and the course files it published."""
        context = dict(task.context)
        lesson = context.get("lesson")
        keys = self.answer_keys(lesson) if isinstance(lesson, Lesson) else {}
        context["toc"] = self.toc(env, task.out, context.get("module"))
        self._refs = set()
        if self._scopes.memo:
            self._scopes.memo.clear()  # only this page's linkings are looked up again
        with self.theme.reporting(task.template):
            text = env.get_template(task.template).render(
                page={"kind": task.kind, "path": task.out, "title": task.title},
                page_data=self.page_data(task.kind, lesson, keys),
                **{"lesson": None, "module": None, "prev": None, "next": None, **context},
            )
        return text.encode("utf-8"), sorted(self._refs)

    def render(self, jobs: int = 1, parallel_from: int = 0) -> dict[str, bytes]:
        """Every file of the package: pages from the cache where their key is unchanged,
        the others drawn (by ``jobs`` processes from ``parallel_from`` pages to draw)."""
        env = self.environment()
        tasks = self.pages()
        keys = [""] * len(tasks)
        pages: dict[str, bytes] = {}
        todo: list[int] = []
        if self.cache is not None:
            base = self.base_key()
            keys = [self._key(env, base, task) for task in tasks]
        for index, (task, key) in enumerate(zip(tasks, keys, strict=True)):
            unit = self.cache.get(self.output, key, task.out) if self.cache is not None else None
            if unit is not None and self._reuse(unit):
                pages[task.out] = unit.data
            else:
                todo.append(index)
        drawn = self._draw_many(env, tasks, todo, jobs, parallel_from)
        for index, (data, refs) in zip(todo, drawn, strict=True):
            task = tasks[index]
            for relpath in refs:
                found, target = self._locate(relpath, None)
                self._add(found, target, None)
            pages[task.out] = data
            if self.cache is not None:
                self.cache.put(self.output, keys[index], task.out, Unit(data, {"files": refs}))
        out = {k: v for k, v in self._theme_assets.items() if self.instructor or k != STYLESHEET}
        colors = color_css(self.theme.colors(), self.course.theme.colors, self.theme.min_contrast())
        out["assets/colors.css"] = colors.encode()
        out.update(pages)
        order = [f"{lesson.id}.html" for lesson in self.course.lessons()]
        strings = {
            "found": self.ui("search.found", n="{n}", q="{q}"),
            "none": self.ui("search.none", q="{q}"),
        }
        out[SEARCH_INDEX] = search_index(pages, [*order, "glossary.html", "sources.html"], strings)
        for relpath, data in self.files.items():
            if relpath in out:
                raise self.error(says("render.file-clash", path=repr(relpath)), None)
            out[relpath] = data
        return dict(sorted(out.items()))

    def _draw_many(
        self, env: Environment, tasks: list[Page], todo: list[int], jobs: int, least: int
    ) -> list[Drawn]:
        """The pages ``todo`` (indices into ``tasks``), drawn here or, when there are at
        least ``least``, by ``jobs`` worker processes (the same bytes).

        A worker gets the course as JSON and draws runs of pages by their index. A page a
        worker cannot draw is drawn here again, where the error can name its file:line.
        """
        if jobs < 2 or len(todo) < max(least, 2):
            return [self._draw(env, tasks[i]) for i in todo]
        size = -(-len(todo) // (jobs * RUNS_PER_WORKER))
        runs = [todo[i : i + size] for i in range(0, len(todo), size)]
        course, root = self.course.model_dump_json(), str(self.loaded.root)
        setup = (course, root, self.max_image_width, self.instructor)
        try:
            drawn = run_in_processes(_draw_run, runs, jobs, _start_drawing, setup, (__name__,))
        except CoursewareError:
            return [self._draw(env, tasks[i]) for i in todo]
        return [page for run in drawn for page in run]


_worker: tuple[_Site, Environment, list[Page]] | None = None
"""In a worker process: the site it draws pages of (see :func:`_start_drawing`)."""


def _start_drawing(
    course_json: str, root: str, max_image_width: int | None, instructor: bool
) -> None:
    """In a worker: the site of the course given as JSON, ready to draw pages."""
    global _worker
    course = Course.model_validate_json(course_json)
    loaded = LoadedCourse(course, Path(root))
    theme = resolve_theme(course.theme.name, loaded.root, None)
    ui = messages(course.language)
    site = _Site(loaded, theme, ui, max_image_width=max_image_width, instructor=instructor)
    _worker = (site, site.environment(), site.pages())


def _draw_run(indices: list[int]) -> list[Drawn]:
    """In a worker: the pages at ``indices``."""
    assert _worker is not None, "a page run before the worker's site"
    site, env, tasks = _worker
    return [site._draw(env, tasks[i]) for i in indices]


PARALLEL_PAGES = 2000
"""Pages to draw from which worker processes draw them. Why so many: a worker starts with
the course as JSON to validate, and on two cores it paid off only past about 2,000 pages
(see bench/RESULTS.md)."""

RUNS_PER_WORKER = 4
"""Runs of pages each worker gets (a worker that ends early takes another)."""


def render_site(
    loaded: LoadedCourse,
    *,
    max_image_width: int | None = None,
    cache: UnitCache | None = None,
    jobs: int = 1,
    parallel_from: int = PARALLEL_PAGES,
    instructor: bool = False,
) -> dict[str, bytes]:
    """Render the course as a static HTML package: relpath (posix) -> file bytes.

    ``max_image_width`` overrides the course's ``settings.max_image_width`` (0: no scaling).
    With ``cache``, pages whose inputs did not change are taken from it (same bytes).
    ``jobs`` above 1 lets that many worker processes draw the pages when there are at least
    ``parallel_from`` to draw (the same bytes). ``instructor``: the instructor view
    (:mod:`~courseware.render.instructor`), never for learners.
    """
    course = loaded.course
    theme = resolve_theme(course.theme.name, loaded.root, course.theme.field_span("name"))
    ui = messages(course.language)
    site = _Site(
        loaded, theme, ui, max_image_width=max_image_width, cache=cache, instructor=instructor
    )
    return site.render(jobs, parallel_from)


__all__ = [
    "CONTENT_SECURITY_POLICY",
    "PAGE_BUDGET",
    "TOC_ALL_LESSONS",
    "TOC_ALL_MODULES",
    "TOC_NEAR_MODULES",
    "Citation",
    "collation_key",
    "image_size",
    "json_script",
    "page_weights",
    "render_site",
    "seeded_order",
    "shift_headings",
    "sized_images",
    "slug",
    "weight_issues",
]
