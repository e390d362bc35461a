"""The build: load -> check -> lint -> each output -> write -> stamp, as a list of steps.

Each step is a plain call; :class:`Steps` wraps progress and timing around it. Outputs are
made in memory and written all at once (:mod:`courseware.write`), so a failed build leaves
the last output as it was. Producers get a :class:`~courseware.incremental.UnitCache` of
the last build's pages and PDFs: what did not change is reused, byte for byte.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from courseware.collector import rare_collections
from courseware.errors import CoursewareError, Issue
from courseware.i18n import says
from courseware.parallel import Workers, workers_for

if TYPE_CHECKING:
    from courseware.incremental import UnitCache
    from courseware.load import LoadedCourse

T = TypeVar("T")

Outputs = dict[str, dict[str, bytes]]
"""Output name -> {relpath: bytes}: what earlier producers made (packages wrap the HTML)."""


@dataclass(frozen=True)
class BuildSettings:
    """Choices from the command line that change outputs (part of the no-op fingerprint)."""

    page_size: str | None = None
    """PDF paper: "A4" or "Letter"; None picks by the course's region (Letter for es-MX)."""
    jobs: int | None = None
    """Processes that may work at once (PDFs, pages of large courses); every core if None."""
    package_kinds: tuple[str, ...] | None = None
    """LMS packages to make (scorm12, scorm2004, imscc, cmi5, web); all if None."""
    quiz_formats: tuple[str, ...] | None = None
    """Quiz bank formats to export (moodle, gift, aiken...); all if None."""
    sco_per_module: bool = False
    """SCORM: one SCO per module instead of one for the course."""
    base_iri: str | None = None
    """cmi5 publisher IRI."""

    def workers(self) -> int:
        """How many processes may work at once (``--jobs``)."""
        return workers_for(self.jobs)

    def fingerprint(self) -> dict[str, object]:
        """The settings that change output bytes (jobs does not)."""
        data = asdict(self)
        data.pop("jobs")
        return data


Producer = Callable[
    ["LoadedCourse", Outputs, BuildSettings, "UnitCache"], tuple[dict[str, bytes], list[Issue]]
]
"""Makes one output (``{relpath: bytes}`` and its issues), given the outputs made before it;
may reuse units from the cache (logging them under its output name)."""
Progress = Callable[[str, str], None]
"""Called with (step name, event) where event is "start" or "done"; once the outputs are
chosen (after "load"), with (step name, "planned") for every step the build runs, in
order, "load" included: a progress bar's total is the number of "planned" steps."""


def _html(
    loaded: LoadedCourse, done: Outputs, settings: BuildSettings, cache: UnitCache
) -> tuple[dict[str, bytes], list[Issue]]:
    from courseware.render.html import render_site

    return render_site(loaded, cache=cache, jobs=settings.workers()), []


def _instructor(
    loaded: LoadedCourse, done: Outputs, settings: BuildSettings, cache: UnitCache
) -> tuple[dict[str, bytes], list[Issue]]:
    from courseware.render.html import render_site
    from courseware.render.instructor import ROBOTS

    site = render_site(loaded, cache=cache, jobs=settings.workers(), instructor=True)
    return {**site, "robots.txt": ROBOTS}, []


def _quiz(
    loaded: LoadedCourse, done: Outputs, settings: BuildSettings, cache: UnitCache
) -> tuple[dict[str, bytes], list[Issue]]:
    from courseware.export import export_course_quizzes

    formats = settings.quiz_formats
    result = export_course_quizzes(loaded.course, loaded.root, cache=cache, formats=formats)
    return result.files, silenceable(result.issues, says("build.silence.quiz"))


def silenceable(issues: list[Issue], how: str) -> list[Issue]:
    """``issues`` with each warning's hint saying how to stop it: ``how``."""
    return [
        replace(i, hint=says("build.silence.more", hint=i.hint, how=how) if i.hint else how)
        if i.severity == "warning"
        else i
        for i in issues
    ]


def _packages(
    loaded: LoadedCourse, done: Outputs, settings: BuildSettings, cache: UnitCache
) -> tuple[dict[str, bytes], list[Issue]]:
    from courseware.package import PackageOptions, build_packages

    options = PackageOptions(
        kinds=settings.package_kinds,
        sco_per_module=settings.sco_per_module,
        base_iri=settings.base_iri,
    )
    files, issues = build_packages(loaded, done["html"], done.get("quiz"), options)
    return files, silenceable(issues, says("build.silence.packages"))


def _pdf(
    loaded: LoadedCourse, done: Outputs, settings: BuildSettings, cache: UnitCache
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
    "instructor": _instructor,
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


def _with_dependencies(chosen: list[str]) -> list[str]:
    """Chosen outputs plus what they depend on, in build order."""
    needed = set(chosen)
    for name in chosen:
        needed.update(DEPENDS.get(name, ()))
    return [name for name in PRODUCERS if name in needed]


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


def chosen_formats(formats: list[str] | None) -> list[str]:
    """``formats`` (all if None or empty); raise CoursewareError for an unknown one."""
    chosen = formats or available_formats()
    unknown = [f for f in chosen if f not in PRODUCERS]
    if unknown:
        raise CoursewareError(
            Issue(
                "error",
                says("build.unknown-format", name=repr(unknown[0])),
                hint=says("build.unknown-format.hint", choices=", ".join(PRODUCERS)),
                code="bad-format",
            )
        )
    return chosen


def chosen_outputs(
    loaded: LoadedCourse, formats: list[str] | None, settings: BuildSettings
) -> tuple[list[str], BuildSettings]:
    """The outputs, quiz formats and package kinds to make: the command line's choice,
    else ``outputs:`` in course.yaml, else all."""
    choice = loaded.course.outputs
    chosen = chosen_formats(formats or (list(choice.build) if choice.build else None))
    quiz = settings.quiz_formats or (tuple(choice.quiz) if choice.quiz else None)
    kinds = settings.package_kinds or (tuple(choice.packages) if choice.packages else None)
    return chosen, replace(settings, quiz_formats=quiz, package_kinds=kinds)


class Steps:
    """Runs the steps of a build: tells ``progress`` when each starts and ends, and times it."""

    def __init__(self, progress: Progress | None = None) -> None:
        self.progress = progress or _silent
        self.seconds: dict[str, float] = {}

    def plan(self, names: list[str]) -> None:
        """Tell ``progress`` every step the build runs (once the outputs are chosen)."""
        for name in names:
            self.progress(name, "planned")

    def __call__(self, name: str, function: Callable[..., T], *args: Any) -> T:
        self.progress(name, "start")
        started = time.perf_counter()
        result = function(*args)
        self.seconds[name] = time.perf_counter() - started
        self.progress(name, "done")
        return result


def _silent(name: str, event: str) -> None:
    """No progress display."""


def steps(formats: list[str] | None = None) -> list[str]:
    """The names of the steps a build of ``formats`` runs, in order (for progress bars;
    without ``formats``, course.yaml's ``outputs:`` may choose fewer: see :data:`Progress`)."""
    return ["load", "check", "lint", *_with_dependencies(chosen_formats(formats)), "write", "stamp"]


@rare_collections()
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

    Raises CoursewareError with every problem found before anything is written. ``reuse``
    False renders everything (``--force``); the cache is refreshed either way. The
    garbage collector runs seldom meanwhile (:mod:`courseware.collector`)."""
    from courseware.cache import stat_inputs
    from courseware.incremental import open_cache
    from courseware.load import course_folder, load_course
    from courseware.write import write_tree

    started = time.perf_counter()
    source, out, chosen = course_folder(course_dir), Path(out_dir), chosen_formats(formats)
    settings = requested = settings or BuildSettings()
    step = Steps(progress)
    listing = stat_inputs(source)  # before any file is read: an edit made meanwhile is seen
    loaded = step("load", load_course, source)
    chosen, settings = chosen_outputs(loaded, formats, settings)
    step.plan(steps(chosen))
    warnings = step("check", check_or_raise, loaded)
    cache = open_cache(source, out, read=reuse)
    done: Outputs = {}
    issues: dict[str, list[Issue]] = {}
    with build_workers(loaded, chosen, settings, cache):
        warnings += step("lint", lint_warnings, loaded)
        for name in _with_dependencies(chosen):
            done[name], issues[name] = step(name, PRODUCERS[name], loaded, done, settings, cache)
    report = _report(loaded, out, chosen, done, issues, step, cache)
    report.warnings[:0] = warnings
    if any(i.severity == "error" for name in chosen for i in issues[name]):
        raise CoursewareError(sorted(report.warnings, key=lambda i: i.severity != "error"))
    tree = {f"{name}/{relpath}": data for name in chosen for relpath, data in done[name].items()}
    step("write", write_tree, out, loaded.course.id, tree, set(chosen))
    options = build_options(formats, requested)
    step("stamp", remember, source, out, loaded.course.id, options, listing, cache)
    report.seconds = time.perf_counter() - started
    return report


def build_workers(
    loaded: LoadedCourse, chosen: list[str], settings: BuildSettings, cache: UnitCache
) -> Workers:
    """The build's worker processes (``--jobs``), started at once when an output with
    nothing cached will need them (PDFs; a site of many pages), so that they get ready
    (import WeasyPrint) while this process lints and makes the outputs before."""
    workers, modules, warm = Workers(settings.workers()), [], None
    cold = {name for name in chosen if workers.count > 1 and not cache.stored(name).entries}
    if {"html", "instructor"} & cold:
        from courseware.render import html

        if len(loaded.course.lessons()) >= html.PARALLEL_PAGES:
            modules.append(html.__name__)
    if "pdf" in cold:
        from courseware.render.pdf import draw

        modules, warm = [*modules, *draw.WORKER_MODULES], draw.warm_up
    if modules:
        workers.start(modules, warm)
    return workers


def check(loaded: LoadedCourse) -> list[Issue]:
    """The checks of a loaded course: cross-references, course files, and quotations and
    key figures against their sources."""
    from courseware.checks import check_course
    from courseware.lint import faithfulness_issues
    from courseware.render.markdown import lesson_files

    course, root, lessons = loaded.course, loaded.root, lesson_files(loaded.sources)
    return [*check_course(course, root, lessons), *faithfulness_issues(course, root)]


def check_or_raise(loaded: LoadedCourse) -> list[Issue]:
    """The warnings of :func:`check`; raise CoursewareError if it found an error."""
    issues = check(loaded)
    if any(i.severity == "error" for i in issues):
        raise CoursewareError(issues)
    return issues


def lint_warnings(loaded: LoadedCourse) -> list[Issue]:
    """The teaching warnings of a course that passed the checks."""
    from courseware.lint import lint_course

    return lint_course(loaded.course, loaded.root)


def remember(
    course_dir: Path,
    out_dir: Path,
    course_id: str,
    options: dict[str, object],
    listing: dict[str, tuple[int, int]],
    cache: UnitCache,
) -> None:
    """Keep what the next build needs: the units it may reuse, and the no-op stamp.

    Both only save time: if either cannot be written (a full disk), the next build
    renders more, and is never told that a stale output is current.
    """
    import contextlib

    from courseware.cache import hash_inputs, record_build

    cache.save()
    with contextlib.suppress(OSError):
        inputs = hash_inputs(course_dir, out_dir, listing)
        record_build(course_dir, out_dir, course_id, options, inputs)


def _report(
    loaded: LoadedCourse,
    out_dir: Path,
    chosen: list[str],
    done: Outputs,
    issues: dict[str, list[Issue]],
    step: Steps,
    cache: UnitCache,
) -> BuildReport:
    """What each chosen output made, and its problems (errors first)."""
    course_id = loaded.course.id
    report = BuildReport(course_id, out_dir / course_id)
    for name in chosen:
        files = done[name]
        rendered, reused = cache.log(name) or (sorted(files), [])
        size = sum(len(data) for data in files.values())
        seconds = step.seconds[name]
        report.outputs.append(OutputSummary(name, len(files), size, seconds, rendered, reused))
        report.warnings += issues[name]
    return report
