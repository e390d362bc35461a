"""Faithfulness: quotations and key figures against the source files they cite."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from courseware.errors import Issue
from courseware.i18n import says
from courseware.lint.findings import (
    _Finding,
    _warn,
)
from courseware.lint.numbers import (
    find_numbers,
)
from courseware.lint.sources import (
    _ELISION,
    SourceText,
    _stems,
)
from courseware.lint.text import (
    fold,
    normalize_quote,
)
from courseware.model import Course
from courseware.model.base import Node
from courseware.model.blocks import (
    KeyFiguresBlock,
    QuoteBlock,
)


def _quote_parts(quote: str) -> list[str]:
    text = normalize_quote(quote).strip().strip("\"'").strip()
    text = text.replace("`", "").replace("*", "")
    parts = [p.strip(" …").removesuffix("...").removeprefix("...").strip() for p in
             _ELISION.split(text)]  # fmt: skip
    return [p for p in parts if p]


def _quote_difference(quote: str, source: SourceText, line: int) -> str | None:
    """'source has «X» where the quote has «Y»', comparing with the text near ``line``."""
    starts = [i for i, (n, _) in enumerate(source.where) if n >= line]
    if not starts:
        return None
    wanted = " ".join(_quote_parts(quote)).split()
    lo = max(0, starts[0] - len(" ".join(wanted)))
    region = source.text[lo : starts[0] + 2 * len(" ".join(wanted)) + 40].split()
    ops = difflib.SequenceMatcher(None, wanted, region, autojunk=False).get_opcodes()
    equal = [k for k, op in enumerate(ops) if op[0] == "equal"]
    if not equal:
        return None
    for tag, i1, i2, j1, j2 in ops[equal[0] : equal[-1] + 1]:
        if tag != "equal":
            nothing = says("lint.quote-not-in-source.nothing")
            have = " ".join(wanted[i1:i2]) or nothing
            has = " ".join(region[j1:j2]) or nothing
            return says("lint.quote-not-in-source.difference", has=has, have=have)
    return None


def _quote_issue(block: QuoteBlock, source: SourceText, label: str) -> Issue | None:
    parts = _quote_parts(block.quote)
    at = 0
    for part in parts:
        found = source.find(part, at)
        if found < 0:
            line = source.closest_line(part)
            difference = _quote_difference(part, source, line)
            return Issue(
                "error",
                says("lint.quote-not-in-source", label=label),
                block.field_span("quote"),
                hint=says(
                    "lint.quote-not-in-source.hint_difference",
                    difference=difference,
                    hint=says("lint.quote-not-in-source.hint"),
                )
                if difference
                else says("lint.quote-not-in-source.hint"),
                code="quote-not-in-source",
                related=(source.span(line),),
            )
        at = found + len(part)
    return None


def _figure_issue(
    value: str, label: str, node: Node, source: SourceText, name: str
) -> Issue | None:
    numbers = find_numbers(value)
    span = node.field_span("value")
    if not numbers:
        folded = fold(normalize_quote(value))
        if re.search(rf"(?<!\w){re.escape(folded)}(?!\w)", source.folded):
            return None
        return Issue(
            "error",
            says("lint.figure-not-in-source", value=value, name=name),
            span,
            hint=says("lint.figure-not-in-source.hint"),
            code="figure-not-in-source",
            related=(source.span(source.closest_line(label)),),
        )
    units = _stems(_strip_numbers(value))
    about = _stems(label)
    for number in numbers:
        hits = [
            (source.line_with(first, n.text), stems)
            for first, _, found, stems in source.sentences
            for n in found
            if n.value == number.value
        ]
        if not hits:
            return Issue(
                "error",
                says(
                    "lint.figure-not-in-source.number",
                    number=repr(number.text),
                    label=label,
                    name=name,
                ),
                span,
                hint=says("lint.figure-not-in-source.number.hint"),
                code="figure-not-in-source",
                related=(source.span(source.closest_line(label)),),
            )
        if not any(units <= stems and (not about or about & stems) for _, stems in hits):
            return Issue(
                "error",
                says("lint.figure-not-in-source.label", value=repr(value), name=name, label=label),
                span,
                hint=says("lint.figure-not-in-source.label.hint"),
                code="figure-not-in-source",
                related=tuple(source.span(line) for line, _ in hits[:3]),
            )
    return None


def _strip_numbers(text: str) -> str:
    out = text
    for number in reversed(find_numbers(text)):
        out = out[: number.start] + " " + out[number.end :]
    return out


def _source_texts(course: Course, root: Path) -> dict[str, SourceText | None]:
    from courseware.load.paths import PathEscapeError, resolve_inside
    from courseware.load.yaml import display_path

    texts: dict[str, SourceText | None] = {}
    for source in course.sources:
        if source.id in texts:
            continue
        if source.file is None:
            texts[source.id] = None
            continue
        try:
            path = resolve_inside(root, source.file)
        except PathEscapeError:
            continue  # checks.py reports it
        if path.is_file():
            read = SourceText.read(path, display_path(path))
            if read is not None:
                texts[source.id] = read
    return texts


def faithfulness_issues(course: Course, root: Path) -> list[Issue]:
    """Errors for quotations not verbatim in their source and key figures it does not state."""
    texts = _source_texts(course, root)
    issues: list[Issue] = []
    for lesson in course.lessons():
        for block in lesson.blocks:
            if isinstance(block, QuoteBlock):
                source = texts.get(block.source)
                if source is not None:
                    issue = _quote_issue(block, source, f"{block.source!r} ({source.path})")
                    if issue is not None:
                        issues.append(issue)
            elif isinstance(block, KeyFiguresBlock):
                for figure in block.figures:
                    source = texts.get(figure.source) if figure.source else None
                    if source is not None:
                        issue = _figure_issue(
                            figure.value,
                            figure.label,
                            figure,
                            source,
                            f"{figure.source!r} ({source.path})",
                        )
                        if issue is not None:
                            issues.append(issue)
    return issues


def _unverifiable(course: Course) -> list[_Finding]:
    without_file = {s.id for s in course.sources if s.file is None}
    findings: list[_Finding] = []
    for lesson in course.lessons():
        for block in lesson.blocks:
            if isinstance(block, QuoteBlock):
                cited, what = {block.source}, says("lint.quote-unverified.quote")
                span = block.field_span("source")
            elif isinstance(block, KeyFiguresBlock):
                cited = {f.source for f in block.figures if f.source}
                what, span = says("lint.quote-unverified.figures"), block.span
            else:
                continue
            for source in sorted(cited & without_file):
                findings.append(
                    _warn(
                        "quote-unverified",
                        says("lint.quote-unverified", what=what, source=repr(source)),
                        span,
                        says("lint.quote-unverified.hint"),
                        owner=block,
                    )
                )
    return findings
