"""Quiz bank exporters: QTI 2.1 and 1.2, Moodle XML, GIFT, Aiken, CSV, JSON and printable HTML.

Each format is one module with one entry point ``export_x(env) -> ExportResult``; the
registry below names them. Everything here is pure: files come back as bytes.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from courseware.errors import Issue
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

if TYPE_CHECKING:
    from courseware.incremental import Unit, UnitCache

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


def _unit_keys(
    course: Course, course_dir: Path, options: ExportOptions | None
) -> dict[tuple[str, str], str]:
    """Cache key of each (bank id, format): the bank, and what exporters read besides it.

    That is the course's language and settings, the options, the zip timestamp, every
    course file but the YAML sources (images in questions) and the toolkit.
    """
    from courseware.export.common import zip_epoch
    from courseware.incremental import digest, toolkit_fingerprint, tree_digest
    from courseware.load.yaml import display_path

    chosen = options or ExportOptions(allow_html=bool(course.settings.allow_html))
    base = digest(
        "quiz",
        toolkit_fingerprint(),
        str(display_path(course_dir)),
        course.language,
        course.settings.model_dump(mode="json"),
        repr(chosen),
        zip_epoch(chosen),
        tree_digest(course_dir.resolve(), frozenset({".yaml", ".yml"})),
    )
    return {
        (bank.id, fmt): digest(base, fmt, bank.model_dump_json())
        for bank in course.banks
        for fmt in FORMATS
    }


def _to_unit(result: ExportResult) -> Unit:
    """An export result as a cache unit: its files packed, losses and issues as JSON."""
    from courseware.incremental import Unit

    return Unit(
        marshal.dumps(result.files),
        {
            "losses": [[x.question_id, x.target, x.key, _fields(x)] for x in result.losses],
            "issues": [i.to_json() for i in result.issues],
        },
    )


def _fields(loss: Loss) -> list[list[object]]:
    return [
        [name, list(value) if isinstance(value, tuple) else value] for name, value in loss.fields
    ]


def _loss(question: str, target: str, key: str, fields: list[list[object]]) -> Loss:
    """A loss read back from a cache unit (a malformed entry raises ValueError or TypeError)."""
    pairs = tuple(
        (str(name), tuple(map(str, value)) if isinstance(value, list) else str(value))
        for name, value in fields
    )
    return Loss(str(question), str(target), str(key), pairs)


def _from_unit(unit: Unit) -> ExportResult | None:
    """The export result a unit holds; None if it is not one (the export is made again)."""
    try:
        files = marshal.loads(unit.data)
        losses = [_loss(*entry) for entry in unit.meta["losses"]]
        issues = [Issue.from_json(i) for i in unit.meta["issues"]]
    except (EOFError, ValueError, TypeError, KeyError):
        return None
    if not isinstance(files, dict) or not all(
        isinstance(k, str) and isinstance(v, bytes) for k, v in files.items()
    ):
        return None
    return ExportResult(files, losses, issues)


def export_course_quizzes(
    course: Course,
    course_dir: Path,
    options: ExportOptions | None = None,
    cache: UnitCache | None = None,
    formats: Sequence[str] | None = None,
) -> ExportResult:
    """All banks in ``formats`` (default: all; ``<format>/<file>``), plus ``report.json``
    and ``report.md``. With ``cache``, a bank's export whose inputs did not change is reused.
    """
    formats = [f for f in FORMATS if formats is None or f in formats]
    banks = course.banks
    keys = _unit_keys(course, course_dir, options) if cache is not None else {}
    done: dict[tuple[int, int], ExportResult] = {}
    if cache is not None:
        for b, bank in enumerate(banks):
            for f, fmt in enumerate(formats):
                unit = cache.get("quiz", keys[(bank.id, fmt)], f"{fmt}/{bank.id}")
                result = _from_unit(unit) if unit is not None else None
                if result is not None:
                    done[(b, f)] = result
    todo = [(b, f) for b in range(len(banks)) for f in range(len(formats)) if (b, f) not in done]
    for b, f in todo:
        result = export_bank(
            banks[b], formats[f], course=course, course_dir=course_dir, options=options
        )
        done[(b, f)] = result
        if cache is not None:
            key = keys[(banks[b].id, formats[f])]
            cache.put("quiz", key, f"{formats[f]}/{banks[b].id}", _to_unit(result))
    total = ExportResult()
    for b in range(len(banks)):
        for f, fmt in enumerate(formats):
            total.merge(done[(b, f)], prefix=f"{fmt}/")
    shown = [issue.relative_to(course_dir) for issue in total.issues]
    total.files["report.json"] = report_json(total.losses, shown)
    total.files["report.md"] = report_markdown(total.losses, shown, language=course.language)
    return total
