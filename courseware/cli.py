"""Command line: parse arguments, call the library, print results. Nothing else lives here."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from courseware.cli_parser import build_parser
from courseware.errors import CoursewareError
from courseware.i18n import instructor_language, messages, speaking

Handler = Callable[[argparse.Namespace], int]

if TYPE_CHECKING:
    from courseware.build import BuildSettings


def _cmd_check(args: argparse.Namespace) -> int:
    from courseware import check_course, load_course
    from courseware.diagnostics import issues_json, print_issues

    try:
        issues = check_course(load_course(args.course))
    except CoursewareError as exc:
        issues = exc.issues
    failed = any(i.severity == "error" for i in issues) or (args.strict and bool(issues))
    if args.format == "json":
        sys.stdout.write(issues_json(issues) + "\n")
    else:
        print_issues(issues, sys.stderr)
        if not failed:
            sys.stderr.write(args.say("cli.check_ok", course=args.course) + "\n")
    return 1 if failed else 0


def _settings(args: argparse.Namespace) -> BuildSettings:
    from courseware.build import BuildSettings

    kinds = _formats(getattr(args, "kinds", None))
    return BuildSettings(
        page_size=getattr(args, "page_size", None),
        jobs=getattr(args, "jobs", None),
        package_kinds=tuple(kinds) if kinds else None,
        quiz_formats=tuple(getattr(args, "quiz_formats", None) or ()) or None,
        sco_per_module=getattr(args, "sco_per_module", False),
        base_iri=getattr(args, "base_iri", None),
    )


def _cmd_build(args: argparse.Namespace) -> int:
    from courseware.build import build_course, build_options
    from courseware.courses import find_courses

    args.settings = _settings(args)
    courses = find_courses(args.course)
    if len(courses) == 1 and not args.force and not args.shard:
        from courseware.cache import is_up_to_date

        formats = _formats(args.format)
        if is_up_to_date(courses[0], Path(args.out), build_options(formats, args.settings)):
            if not args.quiet:
                sys.stderr.write(
                    args.say("cli.up_to_date", course=args.course, out=args.out) + "\n"
                )
            return 0
    from functools import partial

    from courseware.console import run_build

    return run_build(partial(build_course, reuse=not args.force), args)


def _formats(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [f.strip() for value in values for f in value.split(",") if f.strip()]


def _cmd_schema(args: argparse.Namespace) -> int:
    from courseware.schema import write_schemas

    for path in write_schemas(Path(args.out)):
        sys.stderr.write(args.say("cli.wrote", path=path) + "\n")
    return 0


def _cmd_new(args: argparse.Namespace) -> int:
    from courseware.scaffold import create_course

    created = create_course(Path(args.path), language=args.language, title=args.title)
    for path in created:
        sys.stderr.write(args.say("cli.created", path=path) + "\n")
    sys.stderr.write(args.say("cli.next", step=f"courseware check {args.path}") + "\n")
    return 0


def _cmd_package(args: argparse.Namespace) -> int:
    kinds = _formats(args.kinds)
    if kinds:
        from courseware.package import package_kind

        for kind in kinds:
            package_kind(kind)  # a clear error for an unknown kind
    args.format = ["packages"]
    return _cmd_build(args)


def _cmd_serve(args: argparse.Namespace) -> int:
    from courseware.serve import serve

    def log(message: str) -> None:
        sys.stderr.write(message + "\n")

    try:
        serve(Path(args.course), port=args.port, log=log)
    except OSError as exc:
        sys.stderr.write(args.say("cli.cannot_serve", port=args.port, reason=exc.strerror) + "\n")
        return 1
    return 0


def _cmd_draft(args: argparse.Namespace) -> int:
    from courseware.draft import plan_draft, write_plan

    plan = plan_draft(
        Path(args.source),
        Path(args.course),
        lesson_id=args.id,
        language=args.language,
        add=args.add,
        module=args.module,
    )
    for path in write_plan(plan):
        sys.stderr.write(args.say("cli.wrote", path=path) + "\n")
    for step in plan.next_steps:
        sys.stderr.write(args.say("cli.next", step=step) + "\n")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from rich.console import Console

    from courseware.load import load_course
    from courseware.report import coverage, render_coverage_html, render_coverage_table

    cov = coverage(load_course(args.course).course)
    Console().print(render_coverage_table(cov))
    if args.html:
        Path(args.html).write_text(render_coverage_html(cov), encoding="utf-8")
        sys.stderr.write(args.say("cli.wrote", path=args.html) + "\n")
    return 0


def _cmd_export_quiz(args: argparse.Namespace) -> int:
    from courseware.console import run_export_quiz

    return run_export_quiz(args)


def _cmd_import_quiz(args: argparse.Namespace) -> int:
    from courseware.quizimport.command import run_import

    return run_import(args)


_HANDLERS: dict[str, Handler] = {
    "new": _cmd_new,
    "check": _cmd_check,
    "build": _cmd_build,
    "package": _cmd_package,
    "serve": _cmd_serve,
    "draft": _cmd_draft,
    "report": _cmd_report,
    "schema": _cmd_schema,
    "export-quiz": _cmd_export_quiz,
    "import-quiz": _cmd_import_quiz,
}
"""The function that runs each command."""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``courseware`` command."""
    lang, rest = _lang_flag(sys.argv[1:] if argv is None else argv)
    say = messages(instructor_language(lang, os.environ))
    parser = build_parser(say)
    args = parser.parse_args(rest)
    args.say = say
    handler = _HANDLERS.get(args.command or "")
    if handler is None:
        parser.print_help()
        return 2
    try:
        with speaking(say.language):  # diagnostics in the instructor's language
            return handler(args)
    except CoursewareError as exc:
        from courseware.diagnostics import print_issues

        with speaking(say.language):
            print_issues(exc.issues, sys.stderr)
        return 1
    except KeyboardInterrupt:
        sys.stderr.write(say("cli.interrupted") + "\n")
        return 130


def _lang_flag(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """``--lang`` (anywhere on the line) read first, so that ``--help`` is in that language."""
    early = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    early.add_argument("--lang", default=None)
    known, rest = early.parse_known_args(list(argv))
    lang: str | None = known.lang
    return lang, rest


def run() -> NoReturn:
    """The ``courseware`` command: :func:`main`, its result as the exit status."""
    sys.exit(main())


if __name__ == "__main__":
    run()
