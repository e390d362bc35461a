"""Command line: parse arguments, call the library, print results. Nothing else lives here."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from courseware import __version__
from courseware.errors import CoursewareError
from courseware.i18n import Messages, instructor_language, messages, speaking

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
    from courseware.build import build_course, build_options, find_courses

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


_ARGPARSE_WORDS = {
    r"^usage: ": "cli.argparse.usage",
    r"^positional arguments:$": "cli.argparse.positionals",
    r"^options:$": "cli.argparse.options",
    r"show this help message and exit": "cli.argparse.help",
    r"show program's version number and exit": "cli.argparse.version",
}
"""argparse's own English words in help text, and the catalogue keys that replace them."""


def _parser_class(say: Messages) -> type[argparse.ArgumentParser]:
    """An ArgumentParser whose help and usage text speak ``say``'s language (subparsers too)."""

    def localise(text: str) -> str:
        for pattern, key in _ARGPARSE_WORDS.items():
            text = re.sub(pattern, say(key).replace("\\", r"\\"), text, flags=re.MULTILINE)
        return text

    class LocalisedParser(argparse.ArgumentParser):
        def format_help(self) -> str:
            return localise(super().format_help())

        def format_usage(self) -> str:
            return localise(super().format_usage())

    return LocalisedParser


def build_parser(say: Messages | None = None) -> argparse.ArgumentParser:
    """The argument parser, its help in the instructor's language (English by default)."""
    say = say or messages("en")
    parser = _parser_class(say)(prog="courseware", description=say("cli.help.description"))
    parser.add_argument("--lang", metavar="LANG", help=say("cli.help.lang"))
    parser.add_argument("--version", action="version", version="courseware " + __version__)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    new = sub.add_parser("new", help=say("cli.help.new"))
    new.add_argument("path", help=say("cli.help.new.path"))
    new.add_argument("--language", default="es-MX", help=say("cli.help.new.language"))
    new.add_argument("--title", default=None, help=say("cli.help.new.title"))
    new.set_defaults(handler=_cmd_new)

    check = sub.add_parser("check", help=say("cli.help.check"))
    check.add_argument("course", help=say("cli.help.check.course"))
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument("--strict", action="store_true", help=say("cli.help.check.strict"))
    check.set_defaults(handler=_cmd_check)

    build = sub.add_parser("build", help=say("cli.help.build"))
    build.add_argument("course", help=say("cli.help.build.course"))
    build.add_argument("--out", "-o", default="dist", help=say("cli.help.build.out"))
    build.add_argument(
        "--format",
        "-f",
        action="append",
        default=None,
        help=say("cli.help.build.format"),
    )
    build.add_argument(
        "--quiz-format",
        dest="quiz_formats",
        action="append",
        choices=["qti21", "qti12", "moodle", "gift", "aiken", "csv", "json", "print"],
        help=say("cli.help.build.quiz_format"),
    )
    build.add_argument(
        "--package",
        dest="kinds",
        action="append",
        choices=["scorm12", "scorm2004", "imscc", "cmi5", "web"],
        help=say("cli.help.build.package"),
    )
    build.add_argument("--quiet", "-q", action="store_true", help=say("cli.help.build.quiet"))
    build.add_argument("--force", action="store_true", help=say("cli.help.build.force"))
    build.add_argument(
        "--page-size",
        choices=["A4", "Letter"],
        default=None,
        help=say("cli.help.build.page_size"),
    )
    build.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        help=say("cli.help.build.jobs"),
    )
    build.add_argument(
        "--shard",
        default=None,
        metavar="I/N",
        help=say("cli.help.build.shard"),
    )
    build.set_defaults(handler=_cmd_build)

    package = sub.add_parser("package", help=say("cli.help.package"))
    package.add_argument("course", help=say("cli.help.package.course"))
    package.add_argument(
        "--format",
        "-f",
        dest="kinds",
        action="append",
        default=None,
        help=say("cli.help.package.format"),
    )
    package.add_argument("--out", "-o", default="dist", help=say("cli.help.package.out"))
    package.add_argument(
        "--sco-per-module",
        action="store_true",
        help=say("cli.help.package.sco_per_module"),
    )
    package.add_argument("--base-iri", default=None, help=say("cli.help.package.base_iri"))
    package.add_argument("--quiet", "-q", action="store_true", help=say("cli.help.package.quiet"))
    package.add_argument("--force", action="store_true", help=say("cli.help.package.force"))
    package.add_argument("--shard", default=None, metavar="I/N", help=argparse.SUPPRESS)
    package.set_defaults(handler=_cmd_package)

    serve = sub.add_parser("serve", help=say("cli.help.serve"))
    serve.add_argument("course", help=say("cli.help.serve.course"))
    serve.add_argument("--port", "-p", type=int, default=8000, help=say("cli.help.serve.port"))
    serve.set_defaults(handler=_cmd_serve)

    draft = sub.add_parser("draft", help=say("cli.help.draft"))
    draft.add_argument("--from", dest="source", required=True, help=say("cli.help.draft.from"))
    draft.add_argument("--course", required=True, help=say("cli.help.draft.course"))
    draft.add_argument("--id", default=None, help=say("cli.help.draft.id"))
    draft.add_argument("--language", default=None, help=say("cli.help.draft.language"))
    draft.add_argument("--add", action="store_true", help=say("cli.help.draft.add"))
    draft.add_argument("--module", default=None, help=say("cli.help.draft.module"))
    draft.set_defaults(handler=_cmd_draft)

    report = sub.add_parser("report", help=say("cli.help.report"))
    report.add_argument("course", help=say("cli.help.report.course"))
    report.add_argument("--html", default=None, metavar="FILE", help=say("cli.help.report.html"))
    report.set_defaults(handler=_cmd_report)

    schema = sub.add_parser("schema", help=say("cli.help.schema"))
    schema.add_argument("--out", default="schema", help=say("cli.help.schema.out"))
    schema.set_defaults(handler=_cmd_schema)

    export = sub.add_parser("export-quiz", help=say("cli.help.export_quiz"))
    export.add_argument("bank", help=say("cli.help.export_quiz.bank"))
    export.add_argument("--format", "-f", required=True, help=say("cli.help.export_quiz.format"))
    export.add_argument("--out", "-o", default=None, help=say("cli.help.export_quiz.out"))
    export.add_argument(
        "--embed-images", action="store_true", help=say("cli.help.export_quiz.embed_images")
    )
    export.set_defaults(handler=_cmd_export_quiz)

    imp = sub.add_parser("import-quiz", help=say("cli.help.import_quiz"))
    from courseware.quizimport.command import add_arguments

    add_arguments(imp)
    imp.set_defaults(handler=_cmd_import_quiz)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``courseware`` command."""
    lang, rest = _lang_flag(sys.argv[1:] if argv is None else argv)
    say = messages(instructor_language(lang, os.environ))
    parser = build_parser(say)
    args = parser.parse_args(rest)
    args.say = say
    handler: Handler | None = getattr(args, "handler", None)
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
