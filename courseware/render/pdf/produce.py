"""The PDF producer: plan every document, reuse what the cache holds, draw the rest."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from courseware.errors import Issue
from courseware.incremental import Unit, UnitCache
from courseware.load import LoadedCourse
from courseware.parallel import Workers, open_workers
from courseware.render.pdf.draw import WORKER_MODULES, draw_all, results_to_files, warm_up
from courseware.render.pdf.job import PdfJob, PdfResult
from courseware.render.pdf.keys import PdfKeys
from courseware.render.pdf.options import PdfOptions
from courseware.render.pdf.plan import plan_pdfs


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
    with _workers_while_planning(options, cache):
        return _render(loaded, options, cache)


@contextmanager
def _workers_while_planning(options: PdfOptions, cache: UnitCache | None) -> Iterator[None]:
    """With nothing to reuse, every document will be drawn: when no build holds workers
    already, they start now and import WeasyPrint while this process plans."""
    if cache is not None or options.workers() <= 1 or open_workers() is not None:
        yield
        return
    with Workers(options.workers()) as workers:
        workers.start(WORKER_MODULES, warm_up)
        yield


def _render(
    loaded: LoadedCourse, options: PdfOptions, cache: UnitCache | None
) -> tuple[dict[str, bytes], list[Issue]]:
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
    files, issues = results_to_files(plan, ordered)
    return dict(sorted(files.items())), plan.issues + issues
