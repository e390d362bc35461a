"""Learner-facing text that shows an internal path of the course (``seeds/x.md``,
``lessons/x.yaml``, ``banks/x.yaml``): learners cannot open those files."""

from __future__ import annotations

import re

from courseware.checks_walk import iter_markdown
from courseware.i18n import says
from courseware.lint.findings import _Finding, _locate, _warn
from courseware.model import Course

INTERNAL_FOLDERS = ("seeds", "lessons", "banks")
"""Folders of a course that no output publishes."""

INSTRUCTOR_ONLY = frozenset({"instructor_notes"})
"""Markdown fields learners never see."""

_PATH = re.compile(
    r"(?<![\w/.-])(?:\./)?(?:" + "|".join(INTERNAL_FOLDERS) + r")/[^\s`'\"()\[\]<>*,;|]+"
)
_HIDDEN = re.compile(r"\]\([^)\n]*\)|^[ \t]*\[[^\]\n]+\]:.*$|<[^>\n]*>", re.M)
"""Link targets, reference definitions and tags or autolinks: never shown as text."""


def visible_paths(text: str) -> list[str]:
    """The internal course paths a Markdown text shows (link targets left out)."""
    if "/" not in text:
        return []
    shown = _HIDDEN.sub(" ", text)
    return [m.group(0).rstrip(".:") for m in _PATH.finditer(shown)]


def _internal_paths(course: Course) -> list[_Finding]:
    findings: list[_Finding] = []
    for node, name, text in iter_markdown(course):
        paths = visible_paths(text) if name not in INSTRUCTOR_ONLY else []
        field = node.field_span(name) if paths else None  # found only where it is needed
        for path in paths:
            found = _warn(
                "internal-path",
                says("lint.internal-path", path=repr(path)),
                _locate(field, path),
                says("lint.internal-path.hint"),
                owner=node,
            )
            # An ignore comment can sit by the field's key: a block of text holds no comment.
            anchors = (*found.anchors, field) if field else found.anchors
            findings.append(_Finding(found.issue, anchors))
    return findings
