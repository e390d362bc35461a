"""Drawing: WeasyPrint turns each planned document into a PDF, in a process pool.

A worker imports this module (and WeasyPrint), so it imports nothing of the planner.
"""

from __future__ import annotations

import atexit
import importlib
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from courseware.errors import Issue
from courseware.i18n import says
from courseware.load.paths import split_url
from courseware.parallel import run_in_processes
from courseware.render.pdf.fetch import FetchRefused, confined_fetcher
from courseware.render.pdf.job import PDF_VARIANT, PdfJob, PdfResult
from courseware.render.pdf.sheets import Sheet, split_stylesheets

if TYPE_CHECKING:
    from courseware.render.pdf.plan import PdfPlan


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@dataclass
class _Batch:
    """What one process keeps between the documents of one :func:`draw_all` (the files
    they read cannot change meanwhile): decoded images, fonts and parsed stylesheets."""

    images: dict[str, Any] = field(default_factory=dict)
    sheets: dict[tuple[object, ...], tuple[Any, tuple[str, ...]] | None] = field(
        default_factory=dict
    )
    fonts: Any = None


_batch: _Batch | None = None
"""The batch of this process, between :func:`new_batch` and :func:`end_batch`."""


def new_batch() -> None:
    """Start a batch: forget what earlier documents left (files may have changed since)."""
    global _batch
    atexit.unregister(end_batch)  # once: a worker that exits normally (spawn) lets go first
    atexit.register(end_batch)
    _batch = _Batch()


def end_batch() -> None:
    """Let go of what the batch kept (WeasyPrint's fonts remove their temporary files)."""
    global _batch
    _batch = None


def draw_pdf(job: PdfJob) -> PdfResult:
    """Draw one PDF with WeasyPrint (a process-pool task; imports WeasyPrint)."""
    weasyprint = importlib.import_module("weasyprint")
    fatal = importlib.import_module("weasyprint.urls").FatalURLFetchingError

    started = time.perf_counter()
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    fetcher = confined_fetcher(job.roots)
    batch = _batch or _Batch()  # called on its own: a batch of one
    try:
        html, options = job.html, {}
        split = split_stylesheets(job.html, job.base_url)
        sheets = _parsed(batch, split[1], job, fetcher, handler) if split else None
        if split is not None and sheets is not None:
            html, options = split[0], {"stylesheets": sheets, "font_config": batch.fonts}
        document = weasyprint.HTML(string=html, base_url=job.base_url, url_fetcher=fetcher)
        pdf = document.write_pdf(
            pdf_variant=PDF_VARIANT,
            pdf_identifier=job.identifier,
            cache=batch.images,
            **options,
        )
    except fatal as exc:
        cause = exc.__cause__
        if isinstance(cause, FetchRefused):
            return PdfResult(job.relpath, None, cause.reason, cause.url)
        return PdfResult(job.relpath, None, str(cause or exc))
    finally:
        logger.removeHandler(handler)
    seconds = time.perf_counter() - started
    return PdfResult(job.relpath, bytes(pdf), warnings=tuple(handler.messages), seconds=seconds)


def _parsed(
    batch: _Batch, sheets: list[Sheet], job: PdfJob, fetcher: Any, log: _Collect
) -> list[Any] | None:
    """``sheets`` parsed by WeasyPrint, each once per batch (what parsing one logged is
    logged again for each document); None if one holds what WeasyPrint keeps per document
    (counter styles, colour profiles): then the document is drawn as it is."""
    parsed: list[Any] = []
    logged: list[str] = []
    for kind, value in sheets:
        key = (kind, value, job.base_url, job.roots)
        if key not in batch.sheets:
            batch.sheets[key] = _parse(batch, kind, value, job.base_url, fetcher, log)
        done = batch.sheets[key]
        if done is None:
            return None
        parsed.append(done[0])
        logged.extend(done[1])
    log.messages.extend(logged)
    return parsed


def _parse(
    batch: _Batch, kind: str, value: str, base_url: str, fetcher: Any, log: _Collect
) -> tuple[Any, tuple[str, ...]] | None:
    """One stylesheet parsed (with the batch's fonts), and the messages it logged."""
    weasyprint = importlib.import_module("weasyprint")
    if batch.fonts is None:
        batch.fonts = weasyprint.text.fonts.FontConfiguration()
    counters: dict[str, Any] = {}
    profiles: dict[str, Any] = {}
    source = {"url": value} if kind == "url" else {"string": value, "base_url": base_url}
    before = len(log.messages)
    css = weasyprint.CSS(
        **source,
        url_fetcher=fetcher,
        font_config=batch.fonts,
        counter_style=counters,
        color_profiles=profiles,
    )
    logged = tuple(log.messages[before:])
    del log.messages[before:]
    return None if counters or profiles else (css, logged)


WORKER_MODULES = ("weasyprint", "courseware.render.pdf.draw")
"""What a worker process that draws PDFs imports (see :meth:`courseware.parallel.Workers.start`)."""


def warm_up() -> None:
    """In a worker started early: what the first PDF would do before drawing (fonts)."""
    importlib.import_module("weasyprint").HTML(string="<p>.</p>").render()


def draw_all(jobs: Sequence[PdfJob], workers: int) -> list[PdfResult]:
    """Draw every job, the largest first, in ``workers`` processes (1: in this process)."""
    ordered = sorted(jobs, key=lambda j: -j.cost())
    if workers <= 1 or len(ordered) <= 1:
        new_batch()
        try:
            return [draw_pdf(job) for job in ordered]
        finally:
            end_batch()
    return run_in_processes(draw_pdf, ordered, workers, new_batch, (), WORKER_MODULES)


def results_to_files(
    plan: PdfPlan, results: Iterable[PdfResult]
) -> tuple[dict[str, bytes], list[Issue]]:
    """The PDFs drawn, and an issue for each document not drawn and each warning (once),
    in the instructor's language (WeasyPrint's own words stay as it wrote them)."""
    files: dict[str, bytes] = {}
    issues: list[Issue] = []
    seen: set[str] = set()
    for result in results:
        if result.pdf is not None:
            files[result.relpath] = result.pdf
        elif result.refused is not None:
            relpath = _course_relpath(result.refused, plan)
            words = {"document": result.relpath, "url": result.refused, "reason": result.error}
            issues.append(
                Issue(
                    "error",
                    says("pdf.refused", **words),
                    plan.spans.get(relpath) if relpath else None,
                    hint=says("pdf.refused.hint"),
                    code="pdf-fetch",
                )
            )
        else:
            message = says("pdf.failed", document=result.relpath, error=result.error)
            issues.append(Issue("error", message, code="pdf"))
        for message in result.warnings:
            if message not in seen:
                seen.add(message)
                issues.append(
                    Issue("warning", says("pdf.warning", message=message), code="pdf-warning")
                )
    return files, issues


def _course_relpath(url: str, plan: PdfPlan) -> str | None:
    if not plan.jobs or not url.startswith("file:"):
        return None
    parts = split_url(url)
    if parts is None:
        return None
    base = PurePosixPath(unquote(urlsplit(plan.jobs[0].base_url).path))
    path = PurePosixPath(unquote(parts.path))
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return None
