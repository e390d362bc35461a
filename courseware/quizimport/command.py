"""The ``import-quiz`` command: read, report per question, write the bank and its media."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from courseware.errors import CoursewareError, Issue, SourceSpan
from courseware.i18n import says

if TYPE_CHECKING:
    from courseware.quizimport import ImportResult

DEFAULT_MAX_MB = 2
"""The default size cap of an import, in MB (the same as course YAML files)."""

SHOWN_NOTES = 20
"""Kinds of loss listed at the end of a run (every note is in the YAML)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``import-quiz``."""
    parser.add_argument("file", help="GIFT, Moodle XML, Aiken, Canvas QTI zip or QTI 2.1 file")
    parser.add_argument(
        "--format", "-f", default=None, help="gift, moodle, aiken or qti (default: guess)"
    )
    parser.add_argument("--out", "-o", default=None, help="YAML file to write (default: stdout)")
    parser.add_argument(
        "--course",
        default=None,
        help="course folder whose media/ receives embedded files "
        "(default: the folder above --out's banks/, else --out's folder)",
    )
    parser.add_argument(
        "--max-size",
        type=int,
        default=DEFAULT_MAX_MB,
        metavar="MB",
        help=f"largest file accepted, in MB (default {DEFAULT_MAX_MB})",
    )
    parser.add_argument(
        "--strict", action="store_true", help="treat warnings (questions not imported) as errors"
    )


def _course_dir(args: argparse.Namespace) -> Path:
    if args.course:
        return Path(args.course)
    out = Path(args.out).resolve().parent
    return out.parent if out.name == "banks" else out


def _write(path: Path, text: str) -> None:
    temp = path.with_name(f".{path.name}.tmp")
    try:
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise CoursewareError(
            Issue(
                "error",
                says("quizimport.cannot-write", path=path, reason=exc.strerror or exc),
                SourceSpan(path, 1, 1),
                code="import-write",
            )
        ) from None


def _kinds(notes: list[str]) -> list[tuple[int, str]]:
    """Loss notes grouped by kind (quoted values and numbers left out), most frequent first."""
    counts: dict[str, int] = {}
    for note in notes:
        note = re.sub(r"^(\S+:\d+:\d+|line \d+): ", "", note)
        kind = re.sub(r"'[^']*'|\"[^\"]*\"|\d+(\.\d+)?", "…", note)
        kind = re.sub(r"\s*\(.*|: .*", "", kind)
        counts[kind] = counts.get(kind, 0) + 1
    return sorted(((n, k) for k, n in counts.items()), key=lambda item: (-item[0], item[1]))


def _summary(result: ImportResult, args: argparse.Namespace) -> str:
    from courseware.i18n import instructor_language, messages

    t = getattr(args, "say", None) or messages(instructor_language(None, os.environ))
    lines = [
        t("import.summary", imported=result.imported, skipped=len(result.issues),
          losses=result.losses)
    ]  # fmt: skip
    notes = [
        line.strip()[len("# lost: ") :]
        for line in result.yaml.splitlines()
        if line.strip().startswith("# lost: ")
    ]
    kinds = _kinds(notes)
    lines += [f"  {count:>5} x {kind}" for count, kind in kinds[:SHOWN_NOTES]]
    if len(kinds) > SHOWN_NOTES:
        lines.append("  " + t("import.more_losses", count=len(kinds) - SHOWN_NOTES))
    return "\n".join(lines) + "\n"


def run_import(args: argparse.Namespace) -> int:
    """Run ``import-quiz``: 0 if questions were imported, 1 if none (or, with --strict, if any
    question was not imported); nothing is written then."""
    from courseware.diagnostics import print_issues
    from courseware.quizimport import import_bank

    path = Path(args.file)
    result = import_bank(path, args.format, max_bytes=max(args.max_size, 1) * 1024 * 1024)
    print_issues(result.issues, sys.stderr)
    failed = not result.imported or (args.strict and bool(result.issues))
    sys.stderr.write(_summary(result, args))
    if failed:
        return 1
    if result.media.files and not (args.out or args.course):
        sys.stderr.write(says("cli.import.media-not-written", n=len(result.media.files)) + "\n")
    elif result.media.files:
        for written in result.media.write(_course_dir(args)):
            sys.stderr.write(says("cli.wrote", path=written) + "\n")
    if args.out:
        _write(Path(args.out), result.yaml)
        sys.stderr.write(says("cli.wrote", path=args.out) + "\n")
    else:
        sys.stdout.write(result.yaml)
    return 0
