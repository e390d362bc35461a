"""Command line: parse arguments, call the library, print results. Nothing else lives here."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from courseware import __version__
from courseware.errors import CoursewareError

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
            sys.stderr.write(f"{args.course}: ok\n")
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
                sys.stderr.write(f"{args.course}: up to date ({args.out})\n")
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
        sys.stderr.write(f"wrote {path}\n")
    return 0


def _cmd_new(args: argparse.Namespace) -> int:
    from courseware.scaffold import create_course

    created = create_course(Path(args.path), language=args.language, title=args.title)
    for path in created:
        sys.stderr.write(f"created {path}\n")
    sys.stderr.write(f"next: courseware check {args.path}\n")
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
        sys.stderr.write(f"error: cannot serve on 127.0.0.1:{args.port}: {exc.strerror}\n")
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
        sys.stderr.write(f"wrote {path}\n")
    for step in plan.next_steps:
        sys.stderr.write(f"next: {step}\n")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from rich.console import Console

    from courseware.load import load_course
    from courseware.report import coverage, render_coverage_html, render_coverage_table

    cov = coverage(load_course(args.course).course)
    Console().print(render_coverage_table(cov))
    if args.html:
        Path(args.html).write_text(render_coverage_html(cov), encoding="utf-8")
        sys.stderr.write(f"wrote {args.html}\n")
    return 0


def _cmd_export_quiz(args: argparse.Namespace) -> int:
    from courseware.console import run_export_quiz

    return run_export_quiz(args)


def _cmd_import_quiz(args: argparse.Namespace) -> int:
    from courseware.quizimport.command import run_import

    return run_import(args)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (kept import-light so `--help` is instant)."""
    parser = argparse.ArgumentParser(
        prog="courseware",
        description=(
            "Author e-learning courses as YAML; build HTML, PDFs, quiz banks and LMS packages."
        ),
    )
    parser.add_argument("--version", action="version", version="courseware " + __version__)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    new = sub.add_parser("new", help="start a course folder from a template")
    new.add_argument("path", help="folder to create, e.g. courses/mi-curso")
    new.add_argument("--language", default="es-MX", help="BCP 47 tag of the course (default es-MX)")
    new.add_argument("--title", default=None, help="course title")
    new.set_defaults(handler=_cmd_new)

    check = sub.add_parser("check", help="validate a course and report every problem")
    check.add_argument("course", help="course folder")
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.set_defaults(handler=_cmd_check)

    build = sub.add_parser("build", help="build the course outputs into DIR/<course-id>/")
    build.add_argument("course", help="course folder, or a folder of courses")
    build.add_argument("--out", "-o", default="dist", help="output folder (default: dist)")
    build.add_argument(
        "--format",
        "-f",
        action="append",
        default=None,
        help="build only these outputs: html, quiz, pdf, packages (repeatable; overrides"
        " `outputs: build:` in course.yaml)",
    )
    build.add_argument(
        "--quiz-format",
        dest="quiz_formats",
        action="append",
        choices=["qti21", "qti12", "moodle", "gift", "aiken", "csv", "json", "print"],
        help="export only these quiz formats (repeatable; overrides `outputs: quiz:`)",
    )
    build.add_argument(
        "--package",
        dest="kinds",
        action="append",
        choices=["scorm12", "scorm2004", "imscc", "cmi5", "web"],
        help="make only these LMS packages (repeatable; overrides `outputs: packages:`)",
    )
    build.add_argument("--quiet", "-q", action="store_true", help="no progress display")
    build.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    build.add_argument(
        "--page-size",
        choices=["A4", "Letter"],
        default=None,
        help="PDF paper size (default: by the course language's region, Letter for es-MX)",
    )
    build.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        help="processes that may work at once: PDFs, and the pages of large courses"
        " (default: every core; 1: this process only)",
    )
    build.add_argument(
        "--shard",
        default=None,
        metavar="I/N",
        help="build only a stable 1/N share of the courses (for CI matrices)",
    )
    build.set_defaults(handler=_cmd_build)

    package = sub.add_parser("package", help="make LMS packages (SCORM, Common Cartridge, cmi5)")
    package.add_argument("course", help="course folder, or a folder of courses")
    package.add_argument(
        "--format",
        "-f",
        dest="kinds",
        action="append",
        default=None,
        help="scorm12, scorm2004, imscc, cmi5, web (repeatable or comma-separated; default all)",
    )
    package.add_argument("--out", "-o", default="dist", help="output folder (default: dist)")
    package.add_argument(
        "--sco-per-module",
        action="store_true",
        help="SCORM: one SCO per module instead of one for the course",
    )
    package.add_argument("--base-iri", default=None, help="cmi5: publisher IRI of course ids")
    package.add_argument("--quiet", "-q", action="store_true", help="no progress display")
    package.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    package.add_argument("--shard", default=None, metavar="I/N", help=argparse.SUPPRESS)
    package.set_defaults(handler=_cmd_package)

    serve = sub.add_parser("serve", help="live preview on 127.0.0.1, rebuilt when files change")
    serve.add_argument("course", help="course folder")
    serve.add_argument("--port", "-p", type=int, default=8000, help="port (default 8000; 0 = any)")
    serve.set_defaults(handler=_cmd_serve)

    draft = sub.add_parser("draft", help="draft a lesson and questions from a source article")
    draft.add_argument("--from", dest="source", required=True, help="article (.md or .txt)")
    draft.add_argument("--course", required=True, help="course folder to write into")
    draft.add_argument("--id", default=None, help="lesson id (default: from the title)")
    draft.add_argument("--language", default=None, help="article language (default: guess)")
    draft.add_argument("--add", action="store_true", help="also list the lesson in course.yaml")
    draft.add_argument("--module", default=None, help="module id for --add (default: the last)")
    draft.set_defaults(handler=_cmd_draft)

    report = sub.add_parser("report", help="objective x lesson x question coverage")
    report.add_argument("course", help="course folder")
    report.add_argument("--html", default=None, metavar="FILE", help="also write an HTML page")
    report.set_defaults(handler=_cmd_report)

    schema = sub.add_parser("schema", help="write JSON Schemas for editor autocompletion")
    schema.add_argument("--out", default="schema", help="folder (default: schema)")
    schema.set_defaults(handler=_cmd_schema)

    export = sub.add_parser("export-quiz", help="export one quiz bank to one format")
    export.add_argument("bank", help="bank file, e.g. courses/x/banks/b.yaml")
    export.add_argument(
        "--format", "-f", required=True, help="qti21, qti12, moodle, gift, aiken, csv, json, print"
    )
    export.add_argument("--out", "-o", default=None, help="output file or folder")
    export.add_argument("--embed-images", action="store_true", help="images as data: URIs")
    export.set_defaults(handler=_cmd_export_quiz)

    imp = sub.add_parser(
        "import-quiz", help="convert GIFT, Moodle XML, Aiken or QTI (Canvas) to a YAML bank"
    )
    from courseware.quizimport.command import add_arguments

    add_arguments(imp)
    imp.set_defaults(handler=_cmd_import_quiz)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``courseware`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return handler(args)
    except CoursewareError as exc:
        from courseware.diagnostics import print_issues

        print_issues(exc.issues, sys.stderr)
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130


def run() -> NoReturn:
    """The ``courseware`` command: :func:`main`, its result as the exit status."""
    sys.exit(main())


if __name__ == "__main__":
    run()
