"""Page weight: the bytes a learner's phone downloads for a page, and warnings over budget."""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from urllib.parse import unquote

from courseware.errors import Issue
from courseware.i18n import says
from courseware.load import LoadedCourse

PAGE_BUDGET = 60_000
"""Bytes a page may weigh with the stylesheets and scripts it links (media left out)."""

_LINKED = re.compile(r"<(?:link|script)\b[^>]*?\s(?:href|src)=\"([^\"#?]+)\"", re.IGNORECASE)


def page_weights(files: dict[str, bytes]) -> dict[str, int]:
    """Bytes of each HTML page plus every stylesheet and script of the package it links.

    Why: on a phone over a slow connection the first visit downloads all of it; images,
    audio and video are left out (they load lazily or on demand).
    """
    weights: dict[str, int] = {}
    for name, data in files.items():
        if not name.endswith(".html"):
            continue
        base = posixpath.dirname(name)
        linked = {
            posixpath.normpath(posixpath.join(base, unquote(html_lib.unescape(url))))
            for url in _LINKED.findall(data.decode("utf-8", "replace"))
        }
        weights[name] = len(data) + sum(
            len(files[url]) for url in linked if url.endswith((".css", ".js")) and url in files
        )
    return weights


def weight_issues(
    files: dict[str, bytes], loaded: LoadedCourse | None = None, budget: int = PAGE_BUDGET
) -> list[Issue]:
    """A warning for each page heavier than ``budget``, at its lesson when ``loaded`` is given."""
    spans = {f"{les.id}.html": les.span for les in loaded.course.lessons()} if loaded else {}
    return [
        Issue(
            "warning",
            says(
                "render.page-weight",
                page=name,
                kb=f"{weight / 1000:.1f}",
                budget=f"{budget / 1000:.0f}",
            ),
            spans.get(name),
            hint=says("render.page-weight.hint"),
            code="page-weight",
        )
        for name, weight in sorted(page_weights(files).items())
        if weight > budget
    ]
