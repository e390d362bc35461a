"""Quiz bank exporters: QTI 2.1 and 1.2, Moodle XML, GIFT, Aiken, CSV, JSON and printable HTML.

Each format is one module with one entry point ``export_x(env) -> ExportResult``; the
registry below names them. Everything here is pure: files come back as bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from courseware.export.aiken import export_aiken
from courseware.export.common import Env, ExportOptions, ExportResult, Loss
from courseware.export.csv import export_csv
from courseware.export.gift import export_gift
from courseware.export.json import export_json
from courseware.export.moodle_xml import export_moodle_xml
from courseware.export.printable import export_print
from courseware.export.qti12 import export_qti12
from courseware.export.qti21 import export_qti21
from courseware.export.report import report_json, report_markdown
from courseware.model.course import Course
from courseware.model.quiz import QuizBank

Exporter = Callable[[Env], ExportResult]

FORMATS: dict[str, Exporter] = {
    "qti21": export_qti21,
    "qti12": export_qti12,
    "moodle": export_moodle_xml,
    "gift": export_gift,
    "aiken": export_aiken,
    "csv": export_csv,
    "json": export_json,
    "print": export_print,
}
"""Format name -> exporter. Output names: see each module (``<bank-id>.<ext>``)."""

__all__ = [
    "FORMATS",
    "ExportOptions",
    "ExportResult",
    "Loss",
    "export_bank",
    "export_course_quizzes",
]


def export_bank(
    bank: QuizBank,
    fmt: str,
    *,
    course: Course | None = None,
    course_dir: Path,
    options: ExportOptions | None = None,
) -> ExportResult:
    """One bank in one format: files named ``<bank-id>...`` plus losses and issues."""
    try:
        exporter = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown quiz format {fmt!r}; known: {', '.join(FORMATS)}") from None
    options = options or ExportOptions(allow_html=bool(course and course.settings.allow_html))
    env = Env(bank, fmt, course=course, course_dir=course_dir, options=options)
    return exporter(env)


PARALLEL_BANKS = 10
"""Courses with fewer banks export in the build's own process (forking costs more)."""


def export_course_quizzes(
    course: Course, course_dir: Path, options: ExportOptions | None = None, jobs: int = 1
) -> ExportResult:
    """All banks, all formats (``<format>/<file>``), plus ``report.json`` and ``report.md``.

    ``jobs`` above 1 exports the formats in that many forked processes (same result).
    """
    from courseware.background import fork_map

    formats = list(FORMATS)

    def one_format(index: int) -> list[ExportResult]:
        fmt = formats[index]
        return [
            export_bank(bank, fmt, course=course, course_dir=course_dir, options=options)
            for bank in course.banks
        ]

    work = len(course.banks) >= PARALLEL_BANKS
    by_format = fork_map(one_format, len(formats), jobs if work else 1)
    total = ExportResult()
    for b in range(len(course.banks)):
        for f, fmt in enumerate(formats):
            total.merge(by_format[f][b], prefix=f"{fmt}/")
    shown = [issue.relative_to(course_dir) for issue in total.issues]
    total.files["report.json"] = report_json(total.losses, shown)
    total.files["report.md"] = report_markdown(total.losses, shown, language=course.language)
    return total
