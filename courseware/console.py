"""Terminal presentation for long-running commands: rich progress and summary tables."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from courseware.errors import CoursewareError, Issue
from courseware.i18n import Messages, messages


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


class LazyConsole:
    """rich's console on stderr, made on first use.

    Why: importing rich costs more than a tenth of a second before any file is read;
    a quiet build (``-q``, as in CI) prints nothing through it.
    """

    def __init__(self) -> None:
        self._rich: Any = None

    @property
    def rich(self) -> Any:
        if self._rich is None:
            from rich.console import Console

            self._rich = Console(stderr=True)
        return self._rich

    @property
    def is_terminal(self) -> bool:
        return bool(self.rich.is_terminal)

    def print(self, *objects: Any, **options: Any) -> None:
        self.rich.print(*objects, **options)


def _say(args: argparse.Namespace) -> Messages:
    """The instructor's strings chosen by the CLI (English when called without it)."""
    say: Messages = getattr(args, "say", None) or messages("en")
    return say


def run_build(build: Callable[..., Any], args: argparse.Namespace) -> int:
    """Build one course, or every course of a folder (optionally one shard of them)."""
    from courseware.courses import find_courses, in_shard, parse_shard
    from courseware.diagnostics import print_issues

    console = LazyConsole()
    formats: list[str] | None = None
    if args.format:
        formats = [f.strip() for value in args.format for f in value.split(",") if f.strip()]
    courses = find_courses(args.course)
    if getattr(args, "shard", None):
        index, count = parse_shard(args.shard)
        courses = [c for c in courses if in_shard(c, index, count)]
    if not courses:
        console.print(_say(args)("cli.no_course", course=args.course))
        return 0
    failed = 0
    for course in courses:
        try:
            report = _build_one(build, course, args, formats, console)
        except CoursewareError as exc:
            if len(courses) == 1:
                raise
            print_issues(exc.issues, sys.stderr)
            console.print(f"[bold red]{_say(args)('cli.failed')}[/]: {course}")
            failed += 1
            continue
        if report.warnings:
            print_issues(report.warnings, sys.stderr)
        if not args.quiet:
            _summary(report, console, _say(args))
    if len(courses) > 1:
        say = _say(args)
        built = say("cli.courses_built", n=len(courses) - failed)
        console.print(f"{built}, {say('cli.courses_failed', n=failed)}")
    return 1 if failed else 0


def _build_one(
    build: Callable[..., Any],
    course: Path,
    args: argparse.Namespace,
    formats: list[str] | None,
    console: LazyConsole,
) -> Any:
    from courseware.build import available_formats

    show = not args.quiet and console.is_terminal
    if not show:

        def quiet_progress(name: str, event: str) -> None:
            if not args.quiet and event == "done" and name in available_formats():
                console.print(_say(args)("cli.built", course=course, output=name), highlight=False)

        return build(course, args.out, formats, quiet_progress, args.settings)
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console.rich,
        transient=True,
    ) as bar:
        from courseware.build import steps

        task = bar.add_task(f"{course.name}", total=len(steps(formats)))

        planned: list[str] = []

        def progress(name: str, event: str) -> None:
            if event == "planned":  # the steps of the outputs chosen (course.yaml too)
                planned.append(name)
                bar.update(task, total=len(planned))
            elif event == "start":
                bar.update(task, description=f"{course.name}: {name}")
            else:
                bar.advance(task)

        return build(course, args.out, formats, progress, args.settings)


def _summary(report: Any, console: LazyConsole, say: Messages) -> None:
    from rich.table import Table

    console.print(f"[bold]{report.course_id}[/bold] → {report.path}", highlight=False)
    table = Table()
    table.add_column(say("cli.table.output"))
    for column in ("files", "rendered", "reused", "size", "time"):
        table.add_column(say(f"cli.table.{column}"), justify="right")
    for out in report.outputs:
        table.add_row(
            out.name,
            str(out.files),
            str(len(out.rendered)),
            str(len(out.reused)),
            _size(out.bytes),
            f"{out.seconds:.2f} s",
        )
    table.add_row(
        say("cli.table.total"),
        str(sum(o.files for o in report.outputs)),
        str(sum(len(o.rendered) for o in report.outputs)),
        str(sum(len(o.reused) for o in report.outputs)),
        _size(sum(o.bytes for o in report.outputs)),
        f"{report.seconds:.2f} s",
        style="bold",
    )
    console.print(table)


def run_export_quiz(args: argparse.Namespace) -> int:
    """Export one bank to one format and write the files."""
    from courseware.export import FORMATS, ExportOptions, export_bank
    from courseware.load import load_bank

    if args.format not in FORMATS:
        raise CoursewareError(
            Issue(
                "error",
                _say(args)("cli.unknown_format", format=repr(args.format)),
                hint=_say(args)("cli.choose_from", choices=", ".join(FORMATS)),
                code="bad-format",
            )
        )
    bank_path = Path(args.bank)
    bank = load_bank(bank_path)
    from courseware.checks import check_bank

    problems = [i for i in check_bank(bank, None) if i.severity == "error"]
    if problems:
        raise CoursewareError(problems)
    course_dir = bank_path.parent.parent if bank_path.parent.name == "banks" else bank_path.parent
    options = ExportOptions(embed_images=args.embed_images)
    result = export_bank(bank, args.format, course_dir=course_dir, options=options)
    from courseware.diagnostics import print_issues

    errors = [i for i in result.issues if i.severity == "error"]
    if errors:
        raise CoursewareError(result.issues)
    out = Path(args.out) if args.out else Path(".")
    if len(result.files) == 1 and args.out and not out.is_dir():
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(next(iter(result.files.values())))
        sys.stderr.write(_say(args)("cli.wrote", path=out) + "\n")
    else:
        for relpath, data in sorted(result.files.items()):
            target = out / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            sys.stderr.write(_say(args)("cli.wrote", path=target) + "\n")
    for loss in result.losses:
        say = _say(args)
        line = say(
            "cli.loss", question=loss.question_id, target=loss.target, what=loss.text(say.language)
        )
        sys.stderr.write(line + "\n")
    print_issues([i for i in result.issues if i.severity == "warning"], sys.stderr)
    return 0
