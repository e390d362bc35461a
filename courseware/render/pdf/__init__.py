"""Course -> printable PDFs: lesson handouts, workbook, instructor guide and quiz papers.

``plan_pdfs`` renders each document to HTML with the theme's ``pdf/`` templates (pure and
quick). ``render_pdfs`` turns them into PDF with WeasyPrint, one document per task in a
process pool. WeasyPrint is imported only where a PDF is drawn, never when
``courseware`` is imported. Its URL fetcher serves only files inside the course folder
and the theme folders, so a course cannot pull ``/etc/passwd`` or a web address into a
PDF.

Given a :class:`~courseware.incremental.UnitCache`, a document is drawn only when its key
changed: the key covers its HTML, the drawing options, WeasyPrint's version and the bytes of
every file it can fetch (all theme files, and the course files its HTML, SVG and CSS name).

Each document is laid out on its own: a handout cut from the workbook's layout would show
the workbook's page numbers ("Página 5 de 48"), title, heading levels and "see page"
numbers (tests/pdf/test_documents.py).

Modules: ``options`` (strings, paper, names), ``fetch`` (the confined URL fetcher),
``paper`` (quizzes on paper), ``markup`` (HTML/CSS helpers), ``printer`` (the template
context, shared with the EPUB), ``plan`` (documents as HTML), ``draw`` (WeasyPrint in a
pool), ``keys`` (cache keys).
"""

from __future__ import annotations

from courseware.errors import Issue
from courseware.incremental import Unit, UnitCache
from courseware.load import LoadedCourse
from courseware.render.pdf.draw import PdfResult, draw_all, draw_pdf, results_to_files
from courseware.render.pdf.fetch import (
    FetchRefused,
    allowed_file,
    confined_fetcher,
    real_url,
    virtual_url,
)
from courseware.render.pdf.keys import PdfKeys, fetchable_course_files
from courseware.render.pdf.markup import css_page_label, css_string, unlink_local
from courseware.render.pdf.options import (
    PDF_VARIANT,
    PdfNames,
    PdfOptions,
    Strings,
    build_time,
    default_page_size,
    page_size_from,
)
from courseware.render.pdf.paper import matching_paper, ordering_paper, paper_quiz, seeded
from courseware.render.pdf.plan import PdfJob, PdfPlan, plan_pdfs
from courseware.render.pdf.printer import Printer
from courseware.render.pieces import shift_headings


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


__all__ = [
    "PDF_VARIANT",
    "FetchRefused",
    "PdfJob",
    "PdfKeys",
    "PdfNames",
    "PdfOptions",
    "PdfPlan",
    "PdfResult",
    "Printer",
    "Strings",
    "allowed_file",
    "build_time",
    "confined_fetcher",
    "css_page_label",
    "css_string",
    "default_page_size",
    "draw_all",
    "draw_pdf",
    "fetchable_course_files",
    "matching_paper",
    "ordering_paper",
    "page_size_from",
    "paper_quiz",
    "plan_pdfs",
    "real_url",
    "render_pdfs",
    "seeded",
    "shift_headings",
    "unlink_local",
    "virtual_url",
]
