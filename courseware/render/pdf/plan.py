"""Planning: every printable document rendered to HTML (no WeasyPrint here)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from courseware.errors import CoursewareError, Issue, SourceSpan
from courseware.load import LoadedCourse
from courseware.load.paths import PathEscapeError, resolve_inside
from courseware.model.blocks import AudioBlock, VideoBlock
from courseware.render.pdf.fetch import virtual_url
from courseware.render.pdf.job import PdfJob
from courseware.render.pdf.markup import css_page_label
from courseware.render.pdf.options import PdfNames, PdfOptions, build_time, default_page_size
from courseware.render.pdf.printer import Printer
from courseware.themes import resolve_theme


@dataclass
class PdfPlan:
    """Every document as HTML, plus what the planning found."""

    jobs: list[PdfJob] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    spans: dict[str, SourceSpan | None] = field(default_factory=dict)
    """Course file relpath -> span of (one) block that uses it, for fetcher errors."""


def plan_pdfs(loaded: LoadedCourse, options: PdfOptions | None = None) -> PdfPlan:
    """Render every printable document to HTML (no WeasyPrint here)."""
    options = options or PdfOptions()
    course = loaded.course
    theme = resolve_theme(course.theme.name, loaded.root, course.theme.field_span("name"))
    page_size = options.page_size or default_page_size(course.language)
    printer = Printer(
        loaded,
        theme,
        page_size=page_size,
        stamp=build_time(course, options.source_date_epoch),
    )
    names = PdfNames(course.id, course.language)
    plan = PdfPlan()
    roots = printer.roots()
    base_url = virtual_url(0)
    common: dict[str, Any] = {
        "stylesheet": printer.stylesheet_url("print.css"),
        "page_size": page_size,
        "page_label": css_page_label(printer.s("page", page="{page}", pages="{pages}")),
        "stamp": printer.stamp,
        "colors": printer.colors(),
    }

    def add(relpath: str, template: str, **context: Any) -> None:
        try:
            html = printer.render(template, **common, **context)
        except CoursewareError as exc:
            plan.issues.extend(exc.issues)
            return
        digest = hashlib.sha256(f"{course.id}\x00{course.version}\x00{relpath}".encode())
        plan.jobs.append(PdfJob(relpath, html, base_url, roots, digest.hexdigest()[:32].encode()))

    for number, lesson in enumerate(printer.lessons, start=1):
        add(
            names.handout(number, lesson),
            "pdf/handout.html",
            lesson=lesson,
            module=printer.module_of[lesson.id],
        )
    add(names.workbook, "pdf/workbook.html")
    add(names.guide, "pdf/guide.html", quizzes=printer.quizzes())
    for paper in printer.quizzes(plan.issues):
        for key in (False, True):
            add(names.quiz(paper.quiz, key=key), "pdf/quiz.html", paper=paper, key=key)
    plan.issues.extend(printer.issues)
    plan.spans = _file_spans(printer)
    return plan


def _file_spans(printer: Printer) -> dict[str, SourceSpan | None]:
    """Course file relpath -> span of the first block that shows it (for fetcher errors)."""
    spans: dict[str, SourceSpan | None] = {}
    for lesson in printer.lessons:
        for block in lesson.blocks:
            src = getattr(block, "src", None)
            if isinstance(src, str) and not isinstance(block, VideoBlock | AudioBlock):
                try:
                    relpath = resolve_inside(printer.root, src).relative_to(printer.root)
                except (PathEscapeError, ValueError):
                    continue
                spans.setdefault(relpath.as_posix(), block.field_span("src"))
    return spans
