"""Drawing: WeasyPrint turns each planned document into a PDF, in a process pool."""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from courseware.errors import Issue
from courseware.load.paths import split_url
from courseware.parallel import run_in_processes
from courseware.render.pdf.fetch import FetchRefused, confined_fetcher
from courseware.render.pdf.options import PDF_VARIANT
from courseware.render.pdf.plan import PdfJob, PdfPlan


@dataclass(frozen=True)
class PdfResult:
    """What drawing one document gave: the PDF, or a refused URL or an error."""

    relpath: str
    pdf: bytes | None
    error: str | None = None
    refused: str | None = None
    warnings: tuple[str, ...] = ()
    seconds: float = 0.0


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_IMAGE_CACHE: dict[str, Any] = {}
"""Per-process cache of decoded images: the same pictures appear in several documents."""


def draw_pdf(job: PdfJob) -> PdfResult:
    """Draw one PDF with WeasyPrint (a process-pool task; imports WeasyPrint)."""
    weasyprint = importlib.import_module("weasyprint")
    fatal = importlib.import_module("weasyprint.urls").FatalURLFetchingError

    started = time.perf_counter()
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        document = weasyprint.HTML(
            string=job.html, base_url=job.base_url, url_fetcher=confined_fetcher(job.roots)
        )
        pdf = document.write_pdf(
            pdf_variant=PDF_VARIANT,
            pdf_identifier=job.identifier,
            cache=_IMAGE_CACHE,
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


WORKER_MODULES = ("weasyprint", "courseware.render.pdf.draw")
"""What a worker process that draws PDFs imports (see :meth:`courseware.parallel.Workers.start`)."""


def warm_up() -> None:
    """In a worker started early: what the first PDF would do before drawing (fonts)."""
    importlib.import_module("weasyprint").HTML(string="<p>.</p>").render()


def draw_all(jobs: Sequence[PdfJob], workers: int) -> list[PdfResult]:
    """Draw every job, the largest first, in ``workers`` processes (1: in this process)."""
    ordered = sorted(jobs, key=lambda j: -j.cost())
    if workers <= 1 or len(ordered) <= 1:
        return [draw_pdf(job) for job in ordered]
    return run_in_processes(draw_pdf, ordered, workers)


def results_to_files(
    plan: PdfPlan, results: Iterable[PdfResult]
) -> tuple[dict[str, bytes], list[Issue]]:
    files: dict[str, bytes] = {}
    issues: list[Issue] = []
    seen: set[str] = set()
    for result in results:
        if result.pdf is not None:
            files[result.relpath] = result.pdf
        elif result.refused is not None:
            relpath = _course_relpath(result.refused, plan)
            issues.append(
                Issue(
                    "error",
                    f"{result.relpath}: refused to read {result.refused}: {result.error}",
                    plan.spans.get(relpath) if relpath else None,
                    hint="images and files must lie inside the course folder",
                    code="pdf-fetch",
                )
            )
        else:
            issues.append(Issue("error", f"{result.relpath}: {result.error}", code="pdf"))
        for message in result.warnings:
            if message not in seen:
                seen.add(message)
                issues.append(Issue("warning", f"PDF: {message}", code="pdf-warning"))
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
