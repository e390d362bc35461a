"""The build pipeline: load -> render each output -> write everything at once.

Producers get a :class:`~courseware.incremental.UnitCache` of the last build's pages and
PDFs: what did not change is reused, byte for byte; the report says what was rendered.
"""

from __future__ import annotations

import functools
import gc
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from courseware.errors import CoursewareError, Issue

if TYPE_CHECKING:
    from courseware.background import Background
    from courseware.cache import FileState
    from courseware.incremental import UnitCache
    from courseware.load import LoadedCourse
    from courseware.write import Staging

Outputs = dict[str, dict[str, bytes]]
"""Output name -> {relpath: bytes}: what earlier producers made (packages wrap the HTML)."""


@dataclass(frozen=True)
class BuildSettings:
    """Choices from the command line that change outputs (part of the no-op fingerprint)."""

    page_size: str | None = None
    """PDF paper: "A4" or "Letter"; None picks by the course's region (Letter for es-MX)."""
    jobs: int | None = None
    """Worker processes for HTML pages and PDFs; the cores this process may use if None."""
    package_kinds: tuple[str, ...] | None = None
    """LMS packages to make (scorm12, scorm2004, imscc, cmi5, web); all if None."""
    sco_per_module: bool = False
    """SCORM: one SCO per module instead of one for the course."""
    base_iri: str | None = None
    """cmi5 publisher IRI."""

    def workers(self) -> int:
        """How many processes may draw pages and PDFs."""
        return max(1, self.jobs) if self.jobs is not None else available_cores()

    def fingerprint(self) -> dict[str, object]:
        """The settings that change output bytes (jobs does not)."""
        data = asdict(self)
        data.pop("jobs")
        return data


def available_cores() -> int:
    """Cores this process may run on (a container's share, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


Emit = Callable[[str, bytes], object]
"""Writes one file of an output (path inside it, bytes) into the build's folder right away."""
Producer = Callable[
    ["LoadedCourse", Outputs, BuildSettings, "UnitCache", Emit],
    tuple[dict[str, bytes], list[Issue]],
]
"""Makes one output; may reuse units from the cache (logging them under its output name).
It returns every file it makes; it may hand some to ``emit`` as soon as they are made
(files it emits must be returned too, with the same bytes)."""
Progress = Callable[[str, str], None]
"""Called with (output name, event) where event is "start" or "done"."""


def _html(
    loaded: LoadedCourse, done: Outputs, settings: BuildSettings, cache: UnitCache, emit: Emit
) -> tuple[dict[str, bytes], list[Issue]]:
    from courseware.render.html import render_site

    return render_site(loaded, cache=cache, jobs=settings.workers(), emit=emit), []


def _quiz(
    loaded: LoadedCourse, done: Outputs, settings: BuildSettings, cache: UnitCache, emit: Emit
) -> tuple[dict[str, bytes], list[Issue]]:
    from courseware.export import export_course_quizzes

    result = export_course_quizzes(loaded.course, loaded.root, jobs=settings.workers(), cache=cache)
    return result.files, result.issues


def _packages(
    loaded: LoadedCourse, done: Outputs, settings: BuildSettings, cache: UnitCache, emit: Emit
) -> tuple[dict[str, bytes], list[Issue]]:
    from courseware.package import PackageOptions, build_packages

    options = PackageOptions(
        kinds=settings.package_kinds,
        sco_per_module=settings.sco_per_module,
        base_iri=settings.base_iri,
    )
    return build_packages(loaded, done["html"], done.get("quiz"), options, settings.workers())


def _pdf(
    loaded: LoadedCourse, done: Outputs, settings: BuildSettings, cache: UnitCache, emit: Emit
) -> tuple[dict[str, bytes], list[Issue]]:
    from courseware.render.epub import render_epub
    from courseware.render.pdf import PdfOptions, page_size_from, render_pdfs

    options = PdfOptions(page_size=page_size_from(settings.page_size), jobs=settings.workers())
    files, issues = render_pdfs(loaded, options, cache)
    book, book_issues = render_epub(loaded)  # cheap: made anew every time
    for relpath in book:
        cache.touch("pdf", rendered=relpath)
    return {**files, **book}, issues + book_issues


PRODUCERS: dict[str, Producer] = {
    "html": _html,
    "quiz": _quiz,
    "pdf": _pdf,
    "packages": _packages,
}
"""Output folder name -> producer; each fills ``DIR/<course-id>/<name>/``."""


@dataclass
class OutputSummary:
    """What one output produced."""

    name: str
    files: int
    bytes: int
    seconds: float
    rendered: list[str] = field(default_factory=list)
    """Files made anew: HTML pages and PDF documents rendered, or every file of an output
    that is always rebuilt (quiz, packages). Copied assets and media are in neither list."""
    reused: list[str] = field(default_factory=list)
    """Pages and documents taken unchanged from the last build's cache."""


@dataclass
class BuildReport:
    """The result of a build, for the summary table."""

    course_id: str
    path: Path
    outputs: list[OutputSummary] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    seconds: float = 0.0


DEPENDS: dict[str, tuple[str, ...]] = {"packages": ("html",)}
"""Outputs that need others first: e.g. packages wrap the HTML."""


RENDERERS = {
    "html": "courseware.render.html",
    "quiz": "courseware.export",
    "pdf": "courseware.render.pdf",
    "packages": "courseware.package",
}
"""The module each output is made by: imported while the course files are read."""


def _import_renderers(names: list[str]) -> None:
    import importlib

    for name in names:
        importlib.import_module(RENDERERS[name])


def _with_dependencies(chosen: list[str]) -> list[str]:
    """Chosen outputs plus what they depend on, in build order."""
    needed = set(chosen)
    for name in chosen:
        needed.update(DEPENDS.get(name, ()))
    return [name for name in PRODUCERS if name in needed]


def find_courses(path: Path | str) -> list[Path]:
    """The course folders under ``path``: itself if it holds course.yaml, else its children."""
    folder = Path(path)
    if (folder / "course.yaml").is_file() or not folder.is_dir():
        return [folder]
    return sorted(child for child in folder.iterdir() if (child / "course.yaml").is_file())


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/4"`` -> (2, 4); raise CoursewareError for anything else."""
    try:
        index_text, count_text = text.split("/")
        index, count = int(index_text), int(count_text)
    except ValueError:
        index, count = 0, 0
    if not 1 <= index <= count:
        raise CoursewareError(
            Issue(
                "error",
                f"bad shard {text!r}",
                hint="write I/N with 1 <= I <= N, e.g. 2/4",
                code="bad-shard",
            )
        )
    return index, count


def in_shard(course_dir: Path, index: int, count: int) -> bool:
    """Stable assignment of a course to one of ``count`` shards, from its folder name.

    Why a hash, not a position: adding a course to the catalogue moves no other course.
    """
    import zlib

    return zlib.crc32(course_dir.name.encode("utf-8")) % count == index - 1


def build_options(
    formats: list[str] | None, settings: BuildSettings | None = None
) -> dict[str, object]:
    """What besides the inputs decides the output (part of the no-op check)."""
    from courseware import __version__

    return {
        "formats": sorted(formats or available_formats()),
        "version": __version__,
        "settings": (settings or BuildSettings()).fingerprint(),
    }


def available_formats() -> list[str]:
    """Output names the build knows, in build order."""
    return list(PRODUCERS)


def build_course(
    course_dir: Path | str,
    out_dir: Path | str = "dist",
    formats: list[str] | None = None,
    progress: Progress | None = None,
    settings: BuildSettings | None = None,
    *,
    reuse: bool = True,
) -> BuildReport:
    """Build the chosen outputs (default: all) of a course into ``out_dir/<course-id>/``.

    ``reuse`` False renders everything (``--force``); the cache is refreshed either way.
    """
    started = time.perf_counter()
    chosen = formats or available_formats()
    unknown = [f for f in chosen if f not in PRODUCERS]
    if unknown:
        raise CoursewareError(
            Issue(
                "error",
                f"unknown output format {unknown[0]!r}",
                hint="choose from: " + ", ".join(PRODUCERS),
                code="bad-format",
            )
        )
    notify = progress or (lambda name, event: None)
    settings = settings or BuildSettings()
    from courseware.incremental import open_cache
    from courseware.load import load_course

    cache = open_cache(course_dir, out_dir, read=reuse)
    notify("load", "start")
    workers = settings.workers()
    from courseware.background import Background, frozen_heap
    from courseware.cache import hash_inputs, stat_inputs

    # The stamp of what the build reads: listed now, before any file is read, and hashed
    # in a forked child while this process starts reading (a core is idle then).
    listing = stat_inputs(Path(course_dir))
    inputs = Background(hash_inputs, Path(course_dir), Path(out_dir), listing, fork=workers > 1)

    # Why freeze: the loaded course lives to the end of the build, and the collector
    # walking it again and again is wasted work.
    try:
        with frozen_heap():
            # Nothing renders from the teaching warnings: with more than one core they are
            # worked out in a forked child while the checks run and the outputs render.
            loaded = load_course(
                course_dir,
                lint="background" if workers > 1 else True,
                jobs=workers,
                cache=cache,
                meanwhile=lambda: _import_renderers(_with_dependencies(chosen)),
                later=True,  # the checks run while the pages are drawn (see _produce)
            )
            gc.freeze()  # what the load made, too
            # The parses are all known once the course is loaded: the teaching child
            # stores them first, while the outputs render (stored with the rest at the
            # end, they were most of what the build last waited for).
            return _produce(
                loaded, chosen, settings, cache, notify, Path(out_dir), started, course_dir, inputs
            )
    finally:
        inputs.cancel()  # the build failed, or the stamp has it already


def _emit(staging: Staging, output: str, relpath: str, data: bytes) -> None:
    staging.write(f"{output}/{relpath}", data)


def _ignore(relpath: str, data: bytes) -> None:
    """Files of an output made only for another (HTML for packages) are not written."""


def _teaching(loaded: LoadedCourse) -> list[Issue]:
    """The load's warnings, then the teaching warnings (waiting for them if need be)."""
    teaching = loaded.teaching.result() if loaded.teaching is not None else []
    return [*loaded.warnings, *teaching]


def _produce(
    loaded: LoadedCourse,
    chosen: list[str],
    settings: BuildSettings,
    cache: UnitCache,
    notify: Progress,
    out_dir: Path,
    started: float,
    course_dir: Path | str,
    inputs: Background[dict[str, FileState]],
) -> BuildReport:
    """The outputs of a loaded course, written into ``out_dir/<course-id>/``."""
    workers = settings.workers()
    notify("load", "done")
    course_id = loaded.course.id
    tree: dict[str, bytes] = {}
    report = BuildReport(course_id, Path(out_dir) / course_id, warnings=[])
    errors: list[Issue] = []
    done: Outputs = {}
    from courseware.background import Background, in_thread
    from courseware.cache import record_build
    from courseware.load.yaml import PARSE_SPACE
    from courseware.write import Staging

    # A partial package run keeps the other packages already in the folder.
    merge = {"packages"} if settings.package_kinds is not None else set()
    try:
        # Outputs may write files as soon as they have them (pages while the rest are
        # drawn); nothing replaces the course's folder in ``out_dir`` before the commit.
        with Staging(Path(out_dir), course_id) as staging:
            for name in _with_dependencies(chosen):
                notify(name, "start")
                step = time.perf_counter()
                emit = functools.partial(_emit, staging, name) if name in chosen else _ignore
                if name != "html":  # the HTML renderer confirms while its workers draw
                    loaded.confirm()
                try:
                    files, issues = PRODUCERS[name](loaded, done, settings, cache, emit)
                except Exception:
                    loaded.confirm()  # a course that fails the checks is told so, first
                    raise
                done[name] = files
                if name not in chosen:
                    continue
                errors.extend(i for i in issues if i.severity == "error")
                report.warnings.extend(i for i in issues if i.severity == "warning")
                for relpath, data in files.items():
                    tree[f"{name}/{relpath}"] = data
                rendered, reused = cache.log(name) or (sorted(files), [])
                report.outputs.append(
                    OutputSummary(
                        name,
                        len(files),
                        sum(len(d) for d in files.values()),
                        time.perf_counter() - step,
                        rendered,
                        reused,
                    )
                )
                notify(name, "done")
            loaded.confirm()  # done by now, unless the outputs made no page
            if errors:
                raise CoursewareError(errors + _teaching(loaded) + report.warnings)
            notify("write", "start")
            # The units for the next build are written by a forked child meanwhile (it has
            # them in memory already); a unit that is missing or torn is only rendered again.
            stored = (PARSE_SPACE,) if loaded.teaching is not None else ()  # by that child
            saving = Background(cache.save, None, stored, fork=workers > 1)
            try:
                staging.commit(tree, produced=set(chosen), merge=merge)
                # The stamp (a walk of the output, 20 ms for 1,000 pages) is written in a
                # thread while this process waits for the teaching warnings and the cache:
                # nothing written depends on either, so the files went out first.
                stamped = in_thread(
                    record_build,
                    Path(course_dir),
                    Path(out_dir),
                    course_id,
                    build_options(chosen, settings),
                    inputs.result(),
                )
                try:
                    teaching = _teaching(loaded)
                finally:
                    stamped()
            finally:
                saving.result()
    except BaseException:
        if loaded.teaching is not None:
            loaded.teaching.cancel()
        raise
    report.warnings[:0] = teaching
    notify("write", "done")
    report.seconds = time.perf_counter() - started
    return report
