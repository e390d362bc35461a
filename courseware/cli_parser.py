"""The command line's parser: one small function per command, help in the instructor's language.

Only arguments live here; :mod:`courseware.cli` maps each command to the function that runs it.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, NoReturn

from courseware import __version__
from courseware.i18n import Messages, messages

if TYPE_CHECKING:
    Commands = argparse._SubParsersAction[argparse.ArgumentParser]
    """What ``add_subparsers`` returns: each command is added to it."""


_ARGPARSE_WORDS = {
    r"^usage: ": "cli.argparse.usage",
    r"^positional arguments:$": "cli.argparse.positionals",
    r"^options:$": "cli.argparse.options",
    r"show this help message and exit": "cli.argparse.help",
    r"show program's version number and exit": "cli.argparse.version",
}
"""argparse's own English words in help text, and the catalogue keys that replace them."""

_ARGPARSE_ERRORS = (
    (r"argument (?P<name>\S+): (?P<message>.+)", "cli.argparse.argument"),
    (r"the following arguments are required: (?P<names>.+)", "cli.argparse.required"),
    (r"unrecognized arguments: (?P<names>.+)", "cli.argparse.unrecognized"),
    (r"one of the arguments (?P<names>.+) is required", "cli.argparse.one_of"),
    (r"not allowed with argument (?P<name>.+)", "cli.argparse.not_allowed"),
    (r"expected one argument", "cli.argparse.expected_one"),
    (
        r"invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)",
        "cli.argparse.invalid_choice",
    ),
    (r"invalid (?P<type>\S+) value: (?P<value>.+)", "cli.argparse.invalid_value"),
    (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)", "cli.argparse.ambiguous"),
)
"""argparse's usage errors (its English msgids as patterns) and the catalogue keys that word
them; an error not listed stays in argparse's words."""


def localise_error(message: str, say: Messages) -> str:
    """An argparse error message in ``say``'s language."""
    for pattern, key in _ARGPARSE_ERRORS:
        found = re.fullmatch(pattern, message, flags=re.DOTALL)
        if found:
            fields = found.groupdict()
            if "message" in fields:
                fields["message"] = localise_error(fields["message"], say)
            return say(key, **fields)
    return message


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

        def error(self, message: str) -> NoReturn:
            self.print_usage(sys.stderr)
            self.exit(2, f"{self.prog}: {say('diag.error')}: {localise_error(message, say)}\n")

    return LocalisedParser


def _add_new(sub: Commands, say: Messages) -> None:
    """The ``new`` command and its options."""
    new = sub.add_parser("new", help=say("cli.help.new"))
    new.add_argument("path", help=say("cli.help.new.path"))
    new.add_argument("--language", default="es-MX", help=say("cli.help.new.language"))
    new.add_argument("--title", default=None, help=say("cli.help.new.title"))


def _add_check(sub: Commands, say: Messages) -> None:
    """The ``check`` command and its options."""
    check = sub.add_parser("check", help=say("cli.help.check"))
    check.add_argument("course", help=say("cli.help.check.course"))
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument("--strict", action="store_true", help=say("cli.help.check.strict"))


def _add_build(sub: Commands, say: Messages) -> None:
    """The ``build`` command and its options."""
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


def _add_package(sub: Commands, say: Messages) -> None:
    """The ``package`` command and its options."""
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


def _add_serve(sub: Commands, say: Messages) -> None:
    """The ``serve`` command and its options."""
    serve = sub.add_parser("serve", help=say("cli.help.serve"))
    serve.add_argument("course", help=say("cli.help.serve.course"))
    serve.add_argument("--port", "-p", type=int, default=8000, help=say("cli.help.serve.port"))


def _add_draft(sub: Commands, say: Messages) -> None:
    """The ``draft`` command and its options."""
    draft = sub.add_parser("draft", help=say("cli.help.draft"))
    draft.add_argument("--from", dest="source", required=True, help=say("cli.help.draft.from"))
    draft.add_argument("--course", required=True, help=say("cli.help.draft.course"))
    draft.add_argument("--id", default=None, help=say("cli.help.draft.id"))
    draft.add_argument("--language", default=None, help=say("cli.help.draft.language"))
    draft.add_argument("--add", action="store_true", help=say("cli.help.draft.add"))
    draft.add_argument("--module", default=None, help=say("cli.help.draft.module"))


def _add_report(sub: Commands, say: Messages) -> None:
    """The ``report`` command and its options."""
    report = sub.add_parser("report", help=say("cli.help.report"))
    report.add_argument("course", help=say("cli.help.report.course"))
    report.add_argument("--html", default=None, metavar="FILE", help=say("cli.help.report.html"))


def _add_schema(sub: Commands, say: Messages) -> None:
    """The ``schema`` command and its options."""
    schema = sub.add_parser("schema", help=say("cli.help.schema"))
    schema.add_argument("--out", default="schema", help=say("cli.help.schema.out"))


def _add_export_quiz(sub: Commands, say: Messages) -> None:
    """The ``export-quiz`` command and its options."""
    export = sub.add_parser("export-quiz", help=say("cli.help.export_quiz"))
    export.add_argument("bank", help=say("cli.help.export_quiz.bank"))
    export.add_argument("--format", "-f", required=True, help=say("cli.help.export_quiz.format"))
    export.add_argument("--out", "-o", default=None, help=say("cli.help.export_quiz.out"))
    export.add_argument(
        "--embed-images", action="store_true", help=say("cli.help.export_quiz.embed_images")
    )


def _add_import_quiz(sub: Commands, say: Messages) -> None:
    """The ``import-quiz`` command and its options."""
    imp = sub.add_parser("import-quiz", help=say("cli.help.import_quiz"))
    from courseware.quizimport.command import add_arguments

    add_arguments(imp)


_COMMANDS: tuple[Callable[[Commands, Messages], None], ...] = (
    _add_new,
    _add_check,
    _add_build,
    _add_package,
    _add_serve,
    _add_draft,
    _add_report,
    _add_schema,
    _add_export_quiz,
    _add_import_quiz,
)
"""One function per command, in the order ``--help`` lists them."""


def build_parser(say: Messages | None = None) -> argparse.ArgumentParser:
    """The argument parser, its help in the instructor's language (English by default)."""
    say = say or messages("en")
    parser = _parser_class(say)(prog="courseware", description=say("cli.help.description"))
    parser.add_argument("--lang", metavar="LANG", help=say("cli.help.lang"))
    parser.add_argument("--version", action="version", version="courseware " + __version__)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in _COMMANDS:
        add(sub, say)
    return parser
