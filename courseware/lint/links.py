"""Dead links: anchors and pages a lesson's Markdown points to."""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path

from courseware.checks_files import is_page_link
from courseware.i18n import says
from courseware.lint.findings import (
    _Finding,
    _locate,
    _warn,
)
from courseware.lint.teaching import (
    _MarkdownText,
)
from courseware.load.paths import is_file, split_url
from courseware.model import Course

PAGES = ("index", "glossary", "sources", "print")
"""Pages every HTML build has besides one ``<lesson-id>.html`` per lesson."""


def anchor_slug(text: str) -> str:
    """The ASCII slug ``render/html.py`` makes of a glossary term (kept in step by a test)."""
    ascii_text = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "x"


def page_anchors(course: Course) -> dict[str, set[str]]:
    """The anchors of each HTML page, named as ``render/html.py`` names them."""
    pages: dict[str, set[str]] = {
        "index": {f"objective-{o.id}" for o in course.objectives}
        | {f"module-{m.id}" for m in course.modules},
        "glossary": {"term-" + (e.id or anchor_slug(e.term)) for e in course.glossary},
        "sources": set(),
        "print": set(),
    }
    for lesson in course.lessons():
        used: set[str] = set()
        for number, block in enumerate(lesson.blocks, start=1):
            used.add(block.id if block.id and block.id not in used else f"cw-b{number}")
        pages[lesson.id] = used
    return pages


def _link_problem(
    url: str, page: str | None, pages: dict[str, set[str]], root: Path
) -> tuple[str, str] | None:
    """(problem, fix) for a link that points nowhere; None if it resolves."""
    if url in ("", "#"):
        return says("lint.dead-link.empty"), says("lint.dead-link.empty.hint")
    if url.startswith("#"):
        fragment = url[1:]
        # Off a lesson page, any page's anchor: made only here (once per link of a course
        # of a thousand lessons, it was most of the linter's time).
        here = pages[page] if page in pages else set().union(*pages.values())
        if fragment in here or fragment.startswith("cw-"):
            return None
        if fragment in pages and fragment not in PAGES:
            return (
                says("lint.dead-link.lesson", url=repr(url), fragment=repr(fragment)),
                says("lint.dead-link.lesson.hint", fragment=fragment),
            )
        close = difflib.get_close_matches(fragment, sorted(here | set(pages)), 1)
        fix = None
        if close and close[0] in here:
            fix = says("lint.dead-link.close", target=f"#{close[0]}")
        if close and close[0] in pages:
            fix = says("lint.dead-link.close", target=f"{close[0]}.html")
        return (
            says("lint.dead-link", url=repr(url)),
            fix or says("lint.dead-link.hint"),
        )
    parts = split_url(url)
    if parts is None or parts.scheme or parts.netloc:
        return None
    name = parts.path.removeprefix("./")
    if not is_page_link(url) or is_file(root / name):
        return None  # a course file: checks.py reports missing ones
    stem = name.removesuffix(".html")
    if stem not in pages:
        close = difflib.get_close_matches(stem, sorted(pages), 1)
        return (
            says("lint.dead-link.page", url=repr(url), stem=repr(stem)),
            says("lint.dead-link.close", target=f"{close[0]}.html")
            if close
            else says("lint.dead-link.page.hint"),
        )
    fragment = parts.fragment
    if fragment and stem not in ("sources", "print") and fragment not in pages[stem]:
        if fragment.startswith("cw-"):
            return None
        close = difflib.get_close_matches(fragment, sorted(pages[stem]), 1)
        return (
            says("lint.dead-link.anchor", url=repr(url), name=repr(name), fragment=repr(fragment)),
            says("lint.dead-link.close", target=f"{stem}.html#{close[0]}")
            if close
            else says("lint.dead-link.anchor.hint", fragment=fragment, stem=repr(stem)),
        )
    return None


def _links(course: Course, root: Path, texts: list[_MarkdownText]) -> list[_Finding]:
    pages = page_anchors(course)
    findings: list[_Finding] = []
    for text in texts:
        for url in text.links:
            found = _link_problem(url.strip(), text.page, pages, root)
            if found is not None:
                problem, fix = found
                findings.append(
                    _warn(
                        "dead-link",
                        problem,
                        _locate(text.node.field_span(text.name), f"]({url}", 2),
                        fix,
                        owner=text.node,
                    )
                )
    return findings
