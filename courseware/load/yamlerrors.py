"""YAML syntax errors explained: what the author slipped on and how to fix it.

The parser's words ("mapping values are not allowed in this context") name its state, not
the slip. We read the parser's problem and the source lines around it, recognise the usual
slips (a tab, a misaligned line, an unquoted colon, an unclosed quote or bracket, a list
item where a key belongs) and say them in the locale catalogue's words; anything else keeps
the parser's text with a generic hint.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from courseware.errors import Issue, SourceSpan
from courseware.i18n import instructor_messages

_Slip = tuple[str, int, int, dict[str, object]]
"""(catalogue key, line, column, fields): the explanation and where its caret goes."""


def syntax_issue(exc: yaml.MarkedYAMLError, text: str, path: Path) -> Issue:
    """The diagnostic for a YAML syntax error in ``text`` (read from ``path``)."""
    say = instructor_messages()
    lines = text.splitlines() or [""]
    slip = _recognise(exc, lines)
    if slip is None:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{exc.problem} ({exc.context})"
        message = say("yaml.other", problem=problem)
        hint = say("yaml.other.hint")
    else:
        key, line, column, fields = slip
        message = say(f"yaml.{key}", **fields)
        hint = say(f"yaml.{key}.hint", **fields)
    return Issue("error", message, SourceSpan(path, line, column), hint=hint, code="yaml-syntax")


def _recognise(exc: yaml.MarkedYAMLError, lines: list[str]) -> _Slip | None:
    problem, context = exc.problem or "", exc.context or ""
    mark, opened = exc.problem_mark, exc.context_mark
    if mark is None:
        return None
    row = min(mark.line, len(lines) - 1)
    tab = _tab_in_indent(lines, row)
    if tab is not None:
        return tab
    if "quoted scalar" in context and opened is not None:
        quote = lines[opened.line][opened.column : opened.column + 1] or '"'
        return "unclosed_quote", opened.line + 1, opened.column + 1, {"quote": quote}
    if ("flow sequence" in context or "flow mapping" in context) and opened is not None:
        bracket = "[" if "sequence" in context else "{"
        close = "]" if bracket == "[" else "}"
        fields: dict[str, object] = {"open": bracket, "close": close, "line": mark.line + 1}
        return "unclosed_bracket", opened.line + 1, opened.column + 1, fields
    if "cannot start any token" in problem:
        char = lines[row][mark.column : mark.column + 1]
        return "bad_start", mark.line + 1, mark.column + 1, {"char": char}
    if "mapping values are not allowed" in problem:
        return _stray_colon(lines, row, mark.column)
    if "expected key" in problem or "expected '-' indicator" in problem:
        return _misplaced_line(lines, row, mark.column)
    return None


def _tab_in_indent(lines: list[str], row: int) -> _Slip | None:
    """A tab among the leading blanks of the error's line or the one before it."""
    for index in (row, row - 1):
        if 0 <= index < len(lines):
            lead = re.match(r"[ \t]*", lines[index])
            if lead and "\t" in lead.group():
                return "tab", index + 1, lead.group().index("\t") + 1, {"line": index + 1}
    return None


def _stray_colon(lines: list[str], row: int, column: int) -> _Slip:
    """``key: text: more`` (a colon in the value), ``key:value`` or a line indented too far."""
    text = lines[row]
    key = re.match(r"\s*(?:-\s+)?([^:#]+?):\s+(.*)$", text)
    if key and column > key.end(1) + 1:
        value = key.group(2).rstrip()
        fields: dict[str, object] = {"key": key.group(1), "value": value}
        return "colon_in_value", row + 1, column + 1, fields
    above = _previous(lines, row)
    if above is not None:
        glued = re.match(r"\s*(?:-\s+)?([\w-]+):(\S.*)$", lines[above])
        if glued:
            fields = {"key": glued.group(1), "value": glued.group(2)}
            return "colon_no_space", above + 1, len(glued.group(1)) + 2, fields
    return _misplaced_line(lines, row, column)


def _misplaced_line(lines: list[str], row: int, column: int) -> _Slip:
    """A line whose indentation, or whose ``- ``, does not fit the lines above it."""
    text = lines[row]
    indent = len(text) - len(text.lstrip(" "))
    above = _previous(lines, row)
    fields: dict[str, object]
    if text.lstrip().startswith("- ") or text.strip() == "-":
        items = {len(t) - len(t.lstrip(" ")) for t in lines[:row] if t.lstrip().startswith("- ")}
        if not items:
            return "item_for_key", row + 1, indent + 1, {}
        if indent not in items:
            expected = min(items, key=lambda c: (abs(c - indent), c))
            line = (above or 0) + 1
            fields = {"expected": expected, "n": indent, "line": line, "line_here": row + 1}
            return "indent", row + 1, indent + 1, fields
    if column > indent and text[:column].rstrip().endswith(('"', "'")):
        return "after_quote", row + 1, column + 1, {}
    if above is None:
        return "mix", row + 1, indent + 1, {}
    above_lead = len(lines[above]) - len(lines[above].lstrip(" "))
    expected = _sibling_indent(lines, row, indent, above_lead)
    if expected == indent:
        return "mix", row + 1, indent + 1, {}
    fields = {"expected": expected, "n": indent, "line": above + 1, "line_here": row + 1}
    return "indent", row + 1, indent + 1, fields


def _sibling_indent(lines: list[str], row: int, indent: int, above: int) -> int:
    """The indentation the line most likely meant: the nearest one used above it."""
    candidates: set[int] = set()
    for text in lines[:row]:
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        lead = len(text) - len(text.lstrip(" "))
        candidates.add(lead)
        item = re.match(r"(\s*-\s+)\S", text)
        if item:
            candidates.add(len(item.group(1)))
    return min(candidates or {0}, key=lambda c: (abs(c - indent), c != above, c))


def _previous(lines: list[str], row: int) -> int | None:
    """The nearest line above ``row`` with content (not blank, not only a comment)."""
    for index in range(row - 1, -1, -1):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index
    return None
