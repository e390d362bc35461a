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
context, shared with the EPUB), ``plan`` (documents as HTML), ``job`` (what goes to a
worker and back), ``draw`` (WeasyPrint in a pool), ``keys`` (cache keys), ``produce``
(:func:`render_pdfs`).

The names below are imported when first used (PEP 562), so that a worker process, which
imports only ``draw`` (and so this package), does not import the planner, the course model
and the templates: that import was a third of a second before the first PDF.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from courseware.render.pdf.draw import draw_all, draw_pdf, results_to_files
    from courseware.render.pdf.fetch import (
        FetchRefused,
        allowed_file,
        confined_fetcher,
        real_url,
        virtual_url,
    )
    from courseware.render.pdf.job import PDF_VARIANT, PdfJob, PdfResult
    from courseware.render.pdf.keys import PdfKeys, fetchable_course_files
    from courseware.render.pdf.markup import css_page_label, css_string, unlink_local
    from courseware.render.pdf.options import (
        PdfNames,
        PdfOptions,
        Strings,
        build_time,
        default_page_size,
        page_size_from,
    )
    from courseware.render.pdf.paper import matching_paper, ordering_paper, paper_quiz, seeded
    from courseware.render.pdf.plan import PdfPlan, plan_pdfs
    from courseware.render.pdf.printer import Printer
    from courseware.render.pdf.produce import render_pdfs
    from courseware.render.pieces import shift_headings

_HOMES = {
    "PdfResult": "courseware.render.pdf.job",
    "draw_all": "courseware.render.pdf.draw",
    "draw_pdf": "courseware.render.pdf.draw",
    "results_to_files": "courseware.render.pdf.draw",
    "FetchRefused": "courseware.render.pdf.fetch",
    "allowed_file": "courseware.render.pdf.fetch",
    "confined_fetcher": "courseware.render.pdf.fetch",
    "real_url": "courseware.render.pdf.fetch",
    "virtual_url": "courseware.render.pdf.fetch",
    "PDF_VARIANT": "courseware.render.pdf.job",
    "PdfJob": "courseware.render.pdf.job",
    "PdfKeys": "courseware.render.pdf.keys",
    "fetchable_course_files": "courseware.render.pdf.keys",
    "css_page_label": "courseware.render.pdf.markup",
    "css_string": "courseware.render.pdf.markup",
    "unlink_local": "courseware.render.pdf.markup",
    "PdfNames": "courseware.render.pdf.options",
    "PdfOptions": "courseware.render.pdf.options",
    "Strings": "courseware.render.pdf.options",
    "build_time": "courseware.render.pdf.options",
    "default_page_size": "courseware.render.pdf.options",
    "page_size_from": "courseware.render.pdf.options",
    "matching_paper": "courseware.render.pdf.paper",
    "ordering_paper": "courseware.render.pdf.paper",
    "paper_quiz": "courseware.render.pdf.paper",
    "seeded": "courseware.render.pdf.paper",
    "PdfPlan": "courseware.render.pdf.plan",
    "plan_pdfs": "courseware.render.pdf.plan",
    "Printer": "courseware.render.pdf.printer",
    "render_pdfs": "courseware.render.pdf.produce",
    "shift_headings": "courseware.render.pieces",
}
"""Exported name -> the module that defines it."""


def __getattr__(name: str) -> Any:
    """An exported name, imported from its module on first use (then kept here)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


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
    "results_to_files",
    "seeded",
    "shift_headings",
    "unlink_local",
    "virtual_url",
]
