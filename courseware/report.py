"""``courseware report``: which lessons teach and which questions assess each objective."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from rich.table import Table
from rich.text import Text

from courseware.i18n import messages
from courseware.model import Course
from courseware.model.blocks import KnowledgeCheckBlock


def labels(language: str) -> dict[str, str]:
    """Interface strings of the report (``report.*`` of the catalogue) for a BCP 47 tag."""
    return messages(language).prefixed("report.")


@dataclass(frozen=True)
class LessonColumn:
    """A lesson as a column of the matrix."""

    number: int
    id: str
    title: str


@dataclass(frozen=True)
class ObjectiveRow:
    """One objective: the lessons that teach it and the questions that assess it."""

    id: str
    text: str
    lessons: tuple[str, ...]
    questions: tuple[str, ...]
    checks: tuple[tuple[str, tuple[str, ...]], ...]

    def checked_in(self, lesson_id: str) -> tuple[str, ...]:
        """Knowledge-check questions of ``lesson_id`` that assess this objective."""
        return dict(self.checks).get(lesson_id, ())

    @property
    def status(self) -> str:
        """``ok``, ``no_lesson`` or ``no_questions`` (a ``report.*`` key of the catalogue)."""
        if not self.lessons:
            return "no_lesson"
        return "ok" if self.questions else "no_questions"


@dataclass(frozen=True)
class Coverage:
    """The objective x lesson x question matrix of a course."""

    course_id: str
    title: str
    language: str
    lessons: tuple[LessonColumn, ...]
    rows: tuple[ObjectiveRow, ...]
    lessons_without_objective: tuple[str, ...]
    questions_without_objective: tuple[str, ...]
    draft_questions: int


def coverage(course: Course) -> Coverage:
    """Which lessons name each objective and which ready questions assess it."""
    ready = [q for bank in course.banks for q in bank.questions if q.status == "ready"]
    by_id = {q.id: q for q in ready}
    lessons = course.lessons()
    rows = []
    for objective in course.objectives:
        checks = []
        for lesson in lessons:
            ids = [
                qid
                for block in lesson.blocks
                if isinstance(block, KnowledgeCheckBlock)
                for qid in block.questions
                if qid in by_id and objective.id in by_id[qid].objectives
            ]
            if ids:
                checks.append((lesson.id, tuple(dict.fromkeys(ids))))
        rows.append(
            ObjectiveRow(
                objective.id,
                objective.text,
                tuple(lesson.id for lesson in lessons if objective.id in lesson.objectives),
                tuple(q.id for q in ready if objective.id in q.objectives),
                tuple(checks),
            )
        )
    drafts = sum(q.status == "draft" for bank in course.banks for q in bank.questions)
    return Coverage(
        course.id,
        course.title,
        course.language,
        tuple(LessonColumn(n, lesson.id, lesson.title) for n, lesson in enumerate(lessons, 1)),
        tuple(rows),
        tuple(lesson.id for lesson in lessons if not lesson.objectives),
        tuple(q.id for q in ready if not q.objectives),
        drafts,
    )


def _cell(row: ObjectiveRow, lesson: LessonColumn) -> str:
    taught = lesson.id in row.lessons
    checked = len(row.checked_in(lesson.id))
    return " ".join(
        part for part in ("✓" if taught else "", str(checked) if checked else "") if part
    )


def render_coverage_table(cov: Coverage) -> Table:
    """The matrix as a rich table: one row per objective, one column per lesson."""
    text = labels(cov.language)
    table = Table(title=f"{text['heading']}: {cov.title}", title_justify="left")
    table.add_column(text["objective"], overflow="fold", min_width=18)
    for lesson in cov.lessons:
        table.add_column(f"L{lesson.number}", justify="center")
    table.add_column(text["questions"], justify="right")
    table.add_column(text["status"])
    for row in cov.rows:
        status = Text(text[row.status], style="green" if row.status == "ok" else "bold red")
        table.add_row(
            f"{row.id}\n[dim]{escape_markup(row.text)}[/dim]",
            *(_cell(row, lesson) for lesson in cov.lessons),
            str(len(row.questions)),
            status,
        )
    legend = [text["legend"]]
    legend += [f"L{lesson.number} = {lesson.title} ({lesson.id})" for lesson in cov.lessons]
    gaps = [
        (text["lessons_without"], cov.lessons_without_objective),
        (text["questions_without"], cov.questions_without_objective),
    ]
    legend += [f"{name}: {', '.join(ids) or text['none']}" for name, ids in gaps]
    if cov.draft_questions:
        legend.append(f"{text['drafts']}: {cov.draft_questions}")
    table.caption = escape_markup("\n".join(legend))
    table.caption_justify = "left"
    return table


def escape_markup(value: str) -> str:
    """Text safe inside rich markup (square brackets escaped)."""
    return value.replace("[", "\\[")


_CSS = """
body { font: 16px/1.5 system-ui, sans-serif; color: #1b1b1b; background: #fff; margin: 0; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: bold; padding: .5rem 0; }
th, td { border: 1px solid #8a8a8a; padding: .35rem .5rem; vertical-align: top; }
thead th { background: #eef3f1; }
td.cell { text-align: center; white-space: nowrap; }
td.count { text-align: right; }
.id { font-family: ui-monospace, monospace; font-size: .875em; display: block; }
.gap { color: #9b1c1c; font-weight: bold; }
.ok { color: #0b6e4f; }
.qids { font-family: ui-monospace, monospace; font-size: .8em; display: block; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
      white-space: nowrap; }
.wrap { overflow-x: auto; }
"""


def _head_cells(cov: Coverage, text: dict[str, str]) -> list[str]:
    """The matrix's header row: objective, one column per lesson, questions, status."""
    e = escape
    head = [f'<th scope="col">{e(text["objective"])}</th>']
    for lesson in cov.lessons:
        head.append(
            f'<th scope="col"><span aria-hidden="true">L{lesson.number}</span>'
            f'<span class="sr">{e(text["lesson"])} {lesson.number}: {e(lesson.title)}</span></th>'
        )
    head.append(f'<th scope="col">{e(text["questions"])}</th>')
    head.append(f'<th scope="col">{e(text["status"])}</th>')
    return head


def _row_html(cov: Coverage, row: ObjectiveRow, text: dict[str, str]) -> str:
    """One objective's row: where it is taught and checked, its questions, its status."""
    e = escape
    cells = [f'<th scope="row"><span class="id">{e(row.id)}</span>{e(row.text)}</th>']
    for lesson in cov.lessons:
        taught = lesson.id in row.lessons
        checked = row.checked_in(lesson.id)
        said = [text["teaches"]] if taught else []
        if checked:
            said.append(f"{len(checked)} {text['checks']}")
        cells.append(
            f'<td class="cell"><span aria-hidden="true">{e(_cell(row, lesson))}</span>'
            f'<span class="sr">{e("; ".join(said) or "—")}</span></td>'
        )
    listed = "".join(f'<span class="qids">{e(q)}</span>' for q in row.questions)
    cells.append(f'<td class="count">{len(row.questions)}{listed}</td>')
    css = "ok" if row.status == "ok" else "gap"
    cells.append(f'<td class="{css}">{e(text[row.status])}</td>')
    return "<tr>" + "".join(cells) + "</tr>"


def _gap_items(cov: Coverage, text: dict[str, str]) -> list[str]:
    """The gaps list: lessons and questions without objectives, draft questions."""
    e = escape
    gaps = []
    for name, ids in (
        (text["lessons_without"], cov.lessons_without_objective),
        (text["questions_without"], cov.questions_without_objective),
    ):
        items = ", ".join(f"<code>{e(i)}</code>" for i in ids) or e(text["none"])
        gaps.append(f"<li>{e(name)}: {items}</li>")
    if cov.draft_questions:
        gaps.append(f"<li>{e(text['drafts'])}: {cov.draft_questions}</li>")
    return gaps


def render_coverage_html(cov: Coverage, language: str | None = None) -> str:
    """A standalone, accessible HTML page with the coverage matrix and its gaps."""
    lang = language or cov.language
    text = labels(lang)
    e = escape
    head = _head_cells(cov, text)
    body = [_row_html(cov, row, text) for row in cov.rows]
    legend = "".join(
        f"<li><strong>L{lesson.number}</strong> {e(lesson.title)} "
        f'<span class="id">{e(lesson.id)}</span></li>'
        for lesson in cov.lessons
    )
    gaps = _gap_items(cov, text)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(text['heading'])}: {e(cov.title)}</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{e(text['heading'])}</h1>\n<p>{e(cov.title)}</p>\n"
        f'<div class="wrap" tabindex="0" role="region" aria-labelledby="cw-matrix">\n'
        f'<table>\n<caption id="cw-matrix">{e(text["caption"])}</caption>\n'
        f"<thead><tr>{''.join(head)}</tr></thead>\n<tbody>\n"
        + "\n".join(body)
        + "\n</tbody>\n</table>\n</div>\n"
        f"<p>{e(text['legend'])}</p>\n<ol>{legend}</ol>\n"
        f"<h2>{e(text['gaps'])}</h2>\n<ul>{''.join(gaps)}</ul>\n"
        "</main>\n</body>\n</html>\n"
    )
