"""Syntax errors teach: each usual YAML slip is named, placed and told how to fix."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from courseware.cli import main
from courseware.errors import CoursewareError, Issue
from courseware.load.yaml import parse_yaml
from tests.load.conftest import CourseCopy, run_check

F = Path("f.yaml")

PARSER_WORDS = ("mapping values", "block collection", "block mapping", "scanning", "token")

SLIPS = [
    # (text, line, column, words in the message, words in the hint)
    pytest.param(
        "blocks:\n  - type: text\n     body: hola\n",
        (3, 6),
        ("indented 5 spaces", "use 4"),
        ("4 spaces",),
        id="three-more-spaces-in-a-list-item",
    ),
    pytest.param(
        "objectives:\n   - uno\n  - dos\n",
        (3, 3),
        ("indented 2 spaces", "use 3"),
        ("3 spaces",),
        id="list-items-not-aligned",
    ),
    pytest.param(
        "title: Nota: para recordar\n",
        (1, 12),
        ("`title`", '": "'),
        ('title: "Nota: para recordar"',),
        id="unquoted-colon",
    ),
    pytest.param(
        "title: A\nmeta:\n\tid: b\n",
        (3, 1),
        ("tab",),
        ("spaces",),
        id="tab",
    ),
    pytest.param(
        'title: "Hola\nid: b\n',
        (1, 8),
        ('quote "', "never closed"),
        ('matching "',),
        id="unclosed-quote",
    ),
    pytest.param(
        "tags: [a, b\nid: c\n",
        (1, 7),
        ("[", "not closed before line 2"),
        ("]", "quotes"),
        id="unclosed-bracket",
    ),
    pytest.param(
        "title: A\n- uno\n",
        (2, 1),
        ("list item", "key"),
        ("objectives:",),
        id="list-item-for-a-key",
    ),
    pytest.param(
        "title:Hola\nid: a\n",
        (1, 7),
        ("no space after the colon",),
        ("title: Hola",),
        id="no-space-after-colon",
    ),
    pytest.param(
        'title: "Hola" mundo\n',
        (1, 15),
        ("after the closing quote",),
        ("quote the whole value",),
        id="text-after-quote",
    ),
]


def issue_of(text: str) -> Issue:
    with pytest.raises(CoursewareError) as info:
        parse_yaml(text, F)
    [issue] = info.value.issues
    return issue


@pytest.mark.parametrize(("text", "place", "says", "fix"), SLIPS)
def test_each_slip_says_what_happened_and_how_to_fix(
    text: str, place: tuple[int, int], says: tuple[str, ...], fix: tuple[str, ...]
) -> None:
    issue = issue_of(text)
    assert issue.code == "yaml-syntax" and issue.span is not None
    assert (issue.span.line, issue.span.column) == place
    assert all(word in issue.message for word in says), issue.message
    assert issue.hint is not None and all(word in issue.hint for word in fix), issue.hint
    assert not any(word in issue.message for word in PARSER_WORDS), issue.message


def test_an_unusual_error_keeps_the_parser_words_and_a_hint() -> None:
    issue = issue_of("a: 1\n---\nb: 2\n")
    assert issue.code == "yaml-syntax" and issue.hint and "indentation" in issue.hint


def test_check_prints_the_slip_with_caret_and_hint(mini_copy: CourseCopy) -> None:
    place = mini_copy.find(r"^title: ", "lessons/*.yaml")
    mini_copy.replace_line(place, "title: Nota: para recordar")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", str(mini_copy.root)])
    text = out.getvalue() + err.getvalue()
    assert code == 1
    assert f":{place.line}:12: error: the text of `title` contains" in text
    assert "title: Nota: para recordar\n" in text
    assert "\n" + " " * (len(f"{place.line:>4} | ") + 11) + "^\n" in text
    assert '= put the text in quotes: title: "Nota: para recordar"' in text
    assert "Traceback" not in text


@pytest.mark.parametrize(
    ("old", "new", "says", "fix"),
    [
        (
            "license: CC-BY-4.0\n",
            "license: CC-BY-4.0\nsettings:\n  - allow_html: false\n",
            "expected a mapping",
            'the keys of `settings` go straight under it, indented, with no "- "',
        ),
        (
            "  - id: obj-a\n    text:",
            "  id: obj-a\n  text:",
            "expected a list",
            'each entry of `objectives` is a list item: start it with "- "',
        ),
    ],
    ids=["list-item-where-a-mapping-is-expected", "mapping-where-a-list-is-expected"],
)
def test_a_list_for_a_mapping_and_back_say_how_to_fix(
    mini_copy: CourseCopy, old: str, new: str, says: str, fix: str
) -> None:
    course = mini_copy.root / "course.yaml"
    text = course.read_text(encoding="utf-8")
    assert old in text
    course.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, report = run_check(mini_copy.root)
    [error] = report["diagnostics"]
    assert code == 1 and says in error["message"] and fix in error["hint"]
