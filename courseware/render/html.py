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
"""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import posixpath
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar
from urllib.parse import quote, unquote

from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from courseware.errors import CoursewareError, Issue, SourceSpan
from courseware.i18n import Messages, messages
from courseware.incremental import (
    Unit,
    UnitCache,
    digest,
    toolkit_fingerprint,
    tree_digest,
)
from courseware.load import LoadedCourse
from courseware.load.paths import PathEscapeError, is_file, resolve_inside
from courseware.media import DEFAULT_MAX_WIDTH, ImageError, display_size, fit_width, image_size
from courseware.model import Course, Lesson, Module
from courseware.model.blocks import (
    CaseStudyBlock,
    KeyFiguresBlock,
    KnowledgeCheckBlock,
    QuoteBlock,
    VideoBlock,
)
from courseware.model.quiz import ClozeQuestion
from courseware.parallel import run_in_processes
from courseware.render.markdown import lesson_files, lesson_of, link_lessons, render_with_references
from courseware.render.pieces import (
    ClozePiece,
    cloze_pieces,
    course_minutes,
    module_minutes,
    shift_headings,
)
from courseware.render.search import SEARCH_INDEX, search_index
from courseware.sandbox import TemplateView, confine, frozen
from courseware.scoring import AnyQuestion, answer_key
from courseware.themes import Theme, color_css, resolve_theme

T = TypeVar("T")

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; media-src 'self'; font-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'"
)
"""Nothing outside the package may load; inline scripts never run (style attributes may)."""

SOURCE_SUFFIXES = {".yaml", ".yml"}


# --- small pure helpers --------------------------------------------------------------------


_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r'\ssrc="([^"]*)"')


def sized_images(html: str, sizes: dict[str, tuple[int, int]]) -> str:
    """Give ``<img>`` tags whose (decoded) src is in ``sizes`` width, height and async decoding.

    Why: an image without a size makes the text jump while it loads on a slow connection.
    """

    def add(match: re.Match[str]) -> str:
        tag = match.group(0)
        src = _SRC.search(tag)
        size = sizes.get(unquote(html_lib.unescape(src.group(1)))) if src else None
        if src is None or size is None or re.search(r"\s(width|height)=", tag):
            return tag
        extra = f' width="{size[0]}" height="{size[1]}"'
        if " decoding=" not in tag:
            extra += ' decoding="async"'
        return tag[: src.end()] + extra + tag[src.end() :]

    return _IMG.sub(add, html)


def json_script(data: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` left."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return Markup(text)


def seeded_order(items: Sequence[T], seed: str) -> list[tuple[int, T]]:
    """Items with their original index, in an order fixed by ``seed`` (stable across builds).

    Why: the page must not show options in the authored order (the answer is often first),
    yet the output must be the same on every build and in print.
    """

    def rank(index: int) -> str:
        return hashlib.sha256(f"{seed}\x00{index}".encode()).hexdigest()

    order = sorted(range(len(items)), key=rank)
    if len(items) > 1 and order == list(range(len(items))):
        order = order[1:] + order[:1]
    return [(i, items[i]) for i in order]


def slug(text: str) -> str:
    """ASCII id from text: ``Comercio electrónico`` -> ``comercio-electronico``."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    ascii_text = folded.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "x"


def collation_key(text: str) -> str:
    """Alphabetical order for Spanish and English: accents ignored, ``ñ`` after ``n``."""
    folded = text.casefold().replace("ñ", "n~")
    decomposed = unicodedata.normalize("NFD", folded)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


# --- the site ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """A place in a lesson that quotes a source."""

    lesson: Lesson
    anchor: str


@dataclass
class _Site:
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

    @property
    def course(self) -> Course:
        return self.loaded.course

    def error(self, message: str, span: SourceSpan | None) -> CoursewareError:
        return CoursewareError(Issue("error", message, span, code="render"))

    # media ---------------------------------------------------------------------------

    @property
    def image_width(self) -> int | None:
        """The widest an image may be published; 0 or None keeps every image as it is."""
        if self.max_image_width is not None:
            return self.max_image_width
        width = getattr(self.course.settings, "max_image_width", DEFAULT_MAX_WIDTH)
        return int(width) if width else None

    def _read(self, relpath: str, source: Path, span: SourceSpan | None) -> bytes:
        """The published bytes of a course file: wide images scaled down, once per build."""
        if relpath not in self._published:
            data = source.read_bytes()
            try:
                data = fit_width(data, source.suffix, self.image_width)
            except ImageError as exc:
                raise self.error(f"image {relpath!r}: {exc}", span) from None
            self._published[relpath] = data
        return self._published[relpath]

    def _add(self, relpath: str, source: Path, span: SourceSpan | None) -> None:
        self._refs.add(relpath)
        if relpath in self.files:
            return
        if PurePosixPath(relpath).suffix.lower() in SOURCE_SUFFIXES:
            raise self.error(
                f"{relpath!r} is a course source file; linking it would publish instructor notes",
                span,
            )
        self.files[relpath] = self._read(relpath, source, span)

    def _locate(self, path: str, span: SourceSpan | None) -> tuple[str, Path]:
        found = self._located.get(path)
        if found is not None:
            return found
        try:
            target = resolve_inside(self.loaded.root, path)
        except PathEscapeError as exc:
            raise self.error(str(exc), span) from None
        if not is_file(target):
            raise self.error(f"file {path!r} not found", span)
        found = target.relative_to(self.loaded.root.resolve()).as_posix(), target
        self._located[path] = found
        return found

    def media(self, path: str, span: SourceSpan | None = None) -> str:
        """URL of a course file used by a block (and add the file to the package)."""
        relpath, target = self._locate(path, span)
        self._add(relpath, target, span)
        return quote(relpath)

    def size(self, path: str, span: SourceSpan | None = None) -> tuple[int, int] | None:
        """Pixel size a course image is shown at, as published (after any scaling)."""
        relpath, target = self._locate(path, span)
        return display_size(self._read(relpath, target, span), target.suffix)

    def markdown(self, text: str | None, top: int = 2, inline: bool = False) -> Markup:
        """Markdown -> safe HTML; local images and links are added to the package."""
        if not text:
            return Markup("")
        drawn = self._drawn.get((text, top, inline))
        if drawn is not None:
            return drawn
        html, refs = render_with_references(
            text, allow_html=self.course.settings.allow_html, inline=inline
        )
        # A link whose unsafe href was removed keeps the sanitiser's rel, which is invalid.
        html = html.replace('<a rel="noopener noreferrer">', "<a>")
        if not refs:  # nothing to publish: the same HTML wherever the text recurs
            drawn = Markup(shift_headings(html, top))
            self._drawn[(text, top, inline)] = drawn
            return drawn
        sizes: dict[str, tuple[int, int]] = {}
        for ref in refs:
            if ref.is_local and lesson_of(ref.url, self._lesson_places) is None:
                relpath = posixpath.normpath(ref.path.replace("\\", "/"))
                try:
                    target = resolve_inside(self.loaded.root, ref.path)
                except PathEscapeError as exc:
                    raise self.error(str(exc), None) from None
                if is_file(target):
                    self._add(relpath, target, None)
                    size = display_size(self.files[relpath], target.suffix)
                    if ref.kind == "image" and size:
                        sizes[unquote(ref.url)] = size
        if sizes:
            html = sized_images(html, sizes)
        html = link_lessons(html, self._lesson_places, self._lesson_href)
        return Markup(shift_headings(html, top))

    def _lesson_href(self, place: tuple[int, int], fragment: str) -> str:
        """The page of the lesson a Markdown link names by its file."""
        lesson = self.course.modules[place[0]].lessons[place[1]]
        return f"{lesson.id}.html" + (f"#{fragment}" if fragment else "")

    # structure -------------------------------------------------------------------------

    def __post_init__(self) -> None:
        self._published: dict[str, bytes] = {}
        self._drawn: dict[tuple[str, int, bool], Markup] = {}
        """(text, top heading, inline) -> HTML, for texts without references."""
        self._located: dict[str, tuple[str, Path]] = {}
        """Course files found so far (one render sees one state of the folder)."""
        self._tocs: dict[str, str] = {}
        """Contents lists rendered so far: "" for the whole course, else per open module."""
        self._outline: str | None = None
        """Digest of the course outline (modules and lessons without their blocks)."""
        self._refs: set[str] = set()
        """Course files published by the page being rendered (stored with it in the cache)."""
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
        self.questions: dict[str, AnyQuestion] = {
            q.id: q for bank in self.course.banks for q in bank.questions if q.status != "draft"
        }
        self.objectives = {o.id: o for o in self.course.objectives}
        self.sources = {s.id: s for s in self.course.sources}
        for lesson in self.lessons:
            used: set[str] = set()
            names = []
            for number, block in enumerate(lesson.blocks, start=1):
                name = block.id if block.id and block.id not in used else f"cw-b{number}"
                used.add(name)
                names.append(name)
            self.anchors[lesson.id] = names

    def checks(self, block: KnowledgeCheckBlock | VideoBlock) -> list[AnyQuestion]:
        """The ready questions of a knowledge check (or a video's cues), in block order."""
        return [self.questions[q] for q in block.questions if q in self.questions]

    def citations(self) -> dict[str, list[Citation]]:
        """Source id -> places in lessons that quote it."""
        cited: dict[str, list[Citation]] = {s.id: [] for s in self.course.sources}

        def cite(source: str | None, lesson: Lesson, anchor: str) -> None:
            if source in cited and Citation(lesson, anchor) not in cited[source]:
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
            media=self.media,
            image_size=self.size,
            duration=ui.duration,
            date=ui.date,
            shuffle=_shuffle,
            num=lambda x: f"{x:g}",
            csp=CONTENT_SECURITY_POLICY,
            theme_css=self.theme.stylesheets(),
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
        )

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

    # incremental ---------------------------------------------------------------------

    def base_key(self) -> str:
        """Key of what every page may show: frame, course files, theme, toolkit, options.

        With a built-in theme the frame leaves the modules out: a page shows other lessons
        only through its navigation, which its key holds (:meth:`navigation`).
        """
        if self.theme.trusted:
            frame = self.course.model_dump(mode="json", exclude={"banks": True, "modules": True})
        else:
            frame = self.course.model_dump(mode="json")
        themes = [(t.name, tree_digest(t.path)) for t in self.theme.chain]
        files = tree_digest(self.loaded.root.resolve(), frozenset(SOURCE_SUFFIXES))
        return digest("html", toolkit_fingerprint(), themes, files, self.image_width, frame)

    def navigation(self, env: Environment, task: _Page) -> object:
        """What a page shows of the other lessons and modules, for its key.

        A lesson page of a built-in theme: its contents list as drawn, its module, the
        lessons before and after it and how many there are. Why not the whole outline: a
        course long enough to fold its contents list shows a lesson's title only on the
        pages of its module and beside it, so editing a title redraws those pages, not all.
        Other pages (home, glossary, sources) show the whole outline.
        """
        if not self.theme.trusted:
            return None  # the frame holds the whole course
        if task.kind != "lesson":
            if self._outline is None:
                # One dump of the course (pydantic's exclude is fast there, slow per module).
                blocks = {"__all__": {"lessons": {"__all__": {"blocks"}}}}
                dump = self.course.model_dump(
                    mode="json", exclude={"banks": True, "modules": blocks}
                )
                self._outline = digest(dump["modules"])
            return self._outline
        module, prev, after = (task.context[k] for k in ("module", "prev", "next"))
        return [
            self.contents(env, module),
            [module.id, module.title],
            [prev.id, prev.title] if prev else None,
            [after.id, after.title] if after else None,
            len(self.lessons),
        ]

    def lesson_inputs(self, lesson: Lesson, number: int) -> str:
        """What a lesson page shows beyond the frame: the lesson and its questions.

        A lesson read from a file of its own is that file's path and digest: it is all in
        that file. Why: dumping each lesson again cost a cold build of 1,000 lessons 0.1
        CPU-second, and hashing the long text another 0.05. A lesson written inside
        ``course.yaml`` is dumped, as pydantic's JSON (fields in model order).
        """
        checks = [b for b in lesson.blocks if isinstance(b, KnowledgeCheckBlock)]
        questions = [q.model_dump_json() for b in checks for q in self.checks(b)]
        source = self._lesson_files.get(id(lesson))
        head = json.dumps([number, self.anchors[lesson.id], source], ensure_ascii=False)
        body = [] if source else [lesson.model_dump_json()]
        return "\n".join([head, *body, *questions])

    def _reuse(self, unit: Unit) -> bool:
        """Publish the course files a stored page used; False if its record is unusable."""
        files = unit.meta.get("files")
        if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
            return False
        try:
            located = [self._locate(relpath, None) for relpath in files]
        except CoursewareError:
            return False  # rendering it again reports the problem where it lies
        for relpath, target in located:
            self._add(relpath, target, None)
        return True

    # pages -----------------------------------------------------------------------------

    def _draw(self, env: Environment, task: _Page) -> Drawn:
        """One page's bytes and the course files it published."""
        context = dict(task.context)
        lesson = context.get("lesson")
        keys = self.answer_keys(lesson) if isinstance(lesson, Lesson) else {}
        context["toc"] = self.toc(env, task.out, context.get("module"))
        self._refs = set()
        with self.theme.reporting(task.template):
            text = env.get_template(task.template).render(
                page={"kind": task.kind, "path": task.out, "title": task.title},
                page_data=self.page_data(task.kind, lesson, keys),
                **{"lesson": None, "module": None, "prev": None, "next": None, **context},
            )
        return text.encode("utf-8"), sorted(self._refs)

    def answer_keys(self, lesson: Lesson) -> dict[str, Any]:
        """Question id -> answer key, for the knowledge checks and video cues of a lesson page."""
        checks = [b for b in lesson.blocks if isinstance(b, KnowledgeCheckBlock | VideoBlock)]
        return {q.id: answer_key(q) for b in checks for q in self.checks(b)}

    def _key(self, env: Environment, base: str, task: _Page) -> str:
        """The cache key of a page: what every page shows, its path, its own inputs and
        what it shows of the rest of the course."""
        inputs: object = task.inputs
        if task.kind == "lesson":
            lesson = task.context["lesson"]
            inputs = self.lesson_inputs(lesson, task.context["number"] - 1)
        return digest(base, task.out, inputs, self.navigation(env, task))

    def pages(self) -> list[_Page]:
        """Every page of the site, in order."""
        tasks = [_Page("index.html", "index.html", "index", self.course.title, None, {})]
        for number, lesson in enumerate(self.lessons):
            tasks.append(
                _Page(
                    "lesson.html",
                    f"{lesson.id}.html",
                    "lesson",
                    lesson.title,
                    None,  # worked out where the page is keyed (see _key)
                    {
                        "lesson": lesson,
                        "module": self.module_of[lesson.id],
                        "prev": self.lessons[number - 1] if number > 0 else None,
                        "next": self.lessons[number + 1]
                        if number + 1 < len(self.lessons)
                        else None,
                        "number": number + 1,
                        "anchors": self.anchors[lesson.id],
                        "has_checks": any(
                            isinstance(b, KnowledgeCheckBlock) for b in lesson.blocks
                        ),
                    },
                )
            )
        tasks.append(
            _Page(
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
            _Page(
                "sources.html",
                "sources.html",
                "sources",
                self.ui("sources.title"),
                {k: [(c.lesson.id, c.anchor) for c in v] for k, v in cited.items()},
                {"cited": cited},
            )
        )
        return tasks

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
            unit = self.cache.get("html", key, task.out) if self.cache is not None else None
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
                self.cache.put("html", keys[index], task.out, Unit(data, {"files": refs}))
        out: dict[str, bytes] = dict(self._theme_assets)
        colors = color_css(self.theme.colors(), self.course.theme.colors, self.theme.min_contrast())
        out["assets/colors.css"] = colors.encode()
        out.update(pages)
        order = [f"{lesson.id}.html" for lesson in self.course.lessons()]
        out[SEARCH_INDEX] = search_index(pages, [*order, "glossary.html", "sources.html"])
        for relpath, data in self.files.items():
            if relpath in out:
                raise self.error(
                    f"course file {relpath!r} has the same path as a generated file", None
                )
            out[relpath] = data
        return dict(sorted(out.items()))

    def _draw_many(
        self, env: Environment, tasks: list[_Page], todo: list[int], jobs: int, least: int
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
        setup = (self.course.model_dump_json(), str(self.loaded.root), self.max_image_width)
        try:
            drawn = run_in_processes(_draw_run, runs, jobs, _start_drawing, setup)
        except CoursewareError:
            return [self._draw(env, tasks[i]) for i in todo]
        return [page for run in drawn for page in run]


_worker: tuple[_Site, Environment, list[_Page]] | None = None
"""In a worker process: the site it draws pages of (see :func:`_start_drawing`)."""


def _start_drawing(course_json: str, root: str, max_image_width: int | None) -> None:
    """In a worker: the site of the course given as JSON, ready to draw pages."""
    global _worker
    course = Course.model_validate_json(course_json)
    loaded = LoadedCourse(course, Path(root))
    theme = resolve_theme(course.theme.name, loaded.root, None)
    site = _Site(loaded, theme, messages(course.language), max_image_width=max_image_width)
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


@dataclass(frozen=True)
class _Page:
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


def _shuffle(items: Iterable[T], seed: str, enabled: bool = True) -> list[tuple[int, T]]:
    listed = list(items)
    return seeded_order(listed, seed) if enabled else list(enumerate(listed))


def render_site(
    loaded: LoadedCourse,
    *,
    max_image_width: int | None = None,
    cache: UnitCache | None = None,
    jobs: int = 1,
    parallel_from: int = PARALLEL_PAGES,
) -> dict[str, bytes]:
    """Render the course as a static HTML package: relpath (posix) -> file bytes.

    ``max_image_width`` overrides the course's ``settings.max_image_width`` (0: no scaling).
    With ``cache``, pages whose inputs did not change are taken from it (same bytes).
    ``jobs`` above 1 lets that many worker processes draw the pages when there are at least
    ``parallel_from`` to draw (the same bytes).
    """
    course = loaded.course
    theme = resolve_theme(course.theme.name, loaded.root, course.theme.field_span("name"))
    site = _Site(
        loaded, theme, messages(course.language), max_image_width=max_image_width, cache=cache
    )
    return site.render(jobs, parallel_from)


# --- page weight ---------------------------------------------------------------------------

TOC_ALL_LESSONS = 60
"""Up to this many lessons every page lists them all; longer courses fold other modules."""

TOC_ALL_MODULES = 12
"""Up to this many modules a folded list names them all; beyond, only the nearest ones.

Why: on a course of a hundred modules their names were three fifths of every page's
bytes (15 KB), on phones over slow connections; the home page maps all of them.
"""

TOC_NEAR_MODULES = 2
"""Modules listed on each side of the page's own when the others are left to the home page."""

PAGE_BUDGET = 60_000
"""Bytes a page may weigh with the stylesheets and scripts it links (media left out)."""

_LINKED = re.compile(r"<(?:link|script)\b[^>]*?\s(?:href|src)=\"([^\"#?]+)\"", re.IGNORECASE)


def page_weights(files: dict[str, bytes]) -> dict[str, int]:
    """Bytes of each HTML page plus every stylesheet and script of the package it links.

    Why: on a phone over a slow connection the first visit downloads all of it; images,
    audio and video are left out (they load lazily or on demand).
    """
    weights: dict[str, int] = {}
    for name, data in files.items():
        if not name.endswith(".html"):
            continue
        base = posixpath.dirname(name)
        linked = {
            posixpath.normpath(posixpath.join(base, unquote(html_lib.unescape(url))))
            for url in _LINKED.findall(data.decode("utf-8", "replace"))
        }
        weights[name] = len(data) + sum(
            len(files[url]) for url in linked if url.endswith((".css", ".js")) and url in files
        )
    return weights


def weight_issues(
    files: dict[str, bytes], loaded: LoadedCourse | None = None, budget: int = PAGE_BUDGET
) -> list[Issue]:
    """A warning for each page heavier than ``budget``, at its lesson when ``loaded`` is given."""
    spans = {f"{les.id}.html": les.span for les in loaded.course.lessons()} if loaded else {}
    return [
        Issue(
            "warning",
            f"page {name} weighs {weight / 1000:.1f} KB with its CSS and JS "
            f"(budget {budget / 1000:.0f} KB for phones on slow connections)",
            spans.get(name),
            hint="split the lesson into two, or move long text to a linked document",
            code="page-weight",
        )
        for name, weight in sorted(page_weights(files).items())
        if weight > budget
    ]


__all__ = [
    "CONTENT_SECURITY_POLICY",
    "PAGE_BUDGET",
    "image_size",
    "page_weights",
    "render_site",
    "weight_issues",
]
