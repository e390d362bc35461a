"""File checks: media and linked files exist inside the course and have a usable type;
Markdown links lead to course files, generated pages or lessons."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache, partial
from pathlib import Path, PurePosixPath
from typing import Any

from courseware.checks_walk import iter_markdown
from courseware.errors import Issue, SourceSpan
from courseware.i18n import says
from courseware.load.paths import PathEscapeError, is_file, resolve_inside, split_url
from courseware.model import Course
from courseware.render.markdown import lesson_key, lesson_of, references

SOURCE_SUFFIXES = {".yaml", ".yml"}
"""Course source files: never published (they hold instructor notes)."""
IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif"}
VIDEO_TYPES = {".mp4", ".webm", ".ogv", ".m4v"}
AUDIO_TYPES = {".mp3", ".ogg", ".oga", ".opus", ".m4a", ".wav", ".webm"}
CAPTION_TYPES = {".vtt"}


def _error(
    message: str,
    span: SourceSpan | None,
    hint: str | None = None,
    code: str = "reference",
    related: Iterable[SourceSpan | None] = (),
) -> Issue:
    return Issue(
        "error",
        message,
        span,
        hint=hint,
        code=code,
        related=tuple(s for s in related if s is not None),
    )


@lru_cache(maxsize=4096)
def _resolve(root: Path, relative: str) -> Path:
    """:func:`resolve_inside`, once per path in a run of the checks (cleared by each)."""
    return resolve_inside(root, relative)


def _resolves(root: Path, relative: str) -> bool:
    """True if ``relative`` is a path inside the course (the file may not exist)."""
    try:
        _resolve(root, relative)
    except PathEscapeError:
        return False
    return True


Spot = Callable[[], SourceSpan | None]
"""Where a value is, worked out only if there is a problem to report (most have none)."""


def _check_file(
    root: Path,
    relative: str | None,
    kinds: set[str],
    what: str,
    spot: Spot,
    issues: list[Issue],
) -> None:
    if relative is None:
        return
    try:
        target = _resolve(root, relative)
    except PathEscapeError as exc:
        hint = says("check.path-escape.hint")
        issues.append(_error(str(exc), spot(), hint=hint, code="path-escape"))
        return
    what = says(f"check.what.{what.replace(' ', '_')}")
    if kinds and target.suffix.lower() not in kinds:
        issues.append(
            _error(
                says("check.file-type", what=what, path=repr(relative)),
                spot(),
                hint=says("check.file-type.hint", types=", ".join(sorted(kinds))),
                code="file-type",
            )
        )
    if not is_file(target):
        issues.append(
            _error(
                says("check.missing-file", what=what, path=repr(relative)),
                spot(),
                hint=says("check.missing-file.hint"),
                code="missing-file",
            )
        )
    elif kinds is IMAGE_TYPES and (problem := _publish_problem(target)):
        message = says("check.bad-image", what=what, path=repr(relative), problem=problem)
        hint = says("check.bad-image.hint")
        issues.append(_error(message, spot(), hint=hint, code="bad-image"))


@lru_cache(maxsize=4096)
def _publish_problem(target: Path) -> str | None:
    """:func:`courseware.media.publish_problem`, once per image in a run of the checks."""
    from courseware.media import publish_problem

    return publish_problem(target)


def _generated_pages(obj: Any) -> frozenset[str]:
    """Paths the HTML build writes itself (a course file published there would clash)."""
    pages = {"index.html", "glossary.html", "sources.html"}
    if isinstance(obj, Course):
        pages |= {f"{lesson.id}.html" for lesson in obj.lessons()}
    return frozenset(pages)


def _clashes(root: Path, relative: str, generated: frozenset[str]) -> bool:
    """True if ``relative`` is an existing course file the build would publish over a page
    of its own."""
    clean = PurePosixPath(relative.replace("\\", "/"))
    name = clean.as_posix().removeprefix("./")
    return name in generated and _resolves(root, relative) and is_file(_resolve(root, relative))


def is_page_link(url: str) -> bool:
    """True for ``x.html`` or ``x.html#frag`` with no folder: a page the HTML build writes.

    Why: such links point at generated pages, not course files; ``lint_course`` reports
    the ones that lead nowhere (``dead-link``), so the missing-file check should skip them.
    """
    parts = split_url(url)
    if parts is None:
        return False
    name = parts.path.removeprefix("./")
    return not parts.scheme and not parts.netloc and "/" not in name and name.endswith(".html")


def check_markdown_links(
    root: Path, obj: Any, issues: list[Issue], lessons: Mapping[str, tuple[int, int]] | None = None
) -> None:
    """Images in Markdown must be course files; local links must exist; a link to a YAML
    file must name one of ``lessons`` (lesson file keys, see ``lesson_files``)."""
    generated = _generated_pages(obj)
    lessons = lessons or {}
    for node, name, text in iter_markdown(obj):
        if "](" not in text and "]:" not in text and "<" not in text:
            continue  # no inline link, reference definition, autolink or raw HTML
        spot = partial(node.field_span, name)
        for ref in references(text):
            if ref.is_local and _clashes(root, ref.path, generated):
                issues.append(
                    _error(
                        says("check.file-clash", path=repr(ref.path)),
                        spot(),
                        hint=says("check.file-clash.hint"),
                        code="file-clash",
                    )
                )
                continue
            if ref.kind == "image" and not ref.is_local:
                issues.append(
                    _error(
                        says("check.remote-image", url=repr(ref.url)),
                        spot(),
                        hint=says("check.remote-image.hint"),
                        code="remote-image",
                    )
                )
            elif ref.is_local:
                if PurePosixPath(ref.path).suffix.lower() in SOURCE_SUFFIXES:
                    if ref.kind == "link" and lesson_of(ref.url, lessons):
                        continue  # a lesson: every output links its page, chapter or page number
                    issues.append(_not_a_lesson(ref.path, lessons, spot()))
                    continue
                if (
                    ref.kind == "link"
                    and is_page_link(ref.path)
                    and not is_file(root / ref.path)
                    and _resolves(root, ref.path)
                ):
                    continue  # a link to a generated page: the linter checks those
                _check_file(
                    root,
                    ref.path,
                    IMAGE_TYPES if ref.kind == "image" else set(),
                    "image" if ref.kind == "image" else "linked_file",
                    spot,
                    issues,
                )


def _not_a_lesson(
    path: str, lessons: Mapping[str, tuple[int, int]], span: SourceSpan | None
) -> Issue:
    """A link to a YAML file that is no lesson of the course."""
    match = difflib.get_close_matches(lesson_key(path), list(lessons), n=1, cutoff=0.6)
    example = match[0] if match else next(iter(lessons), "lessons/02-name.yaml")
    if match:
        hint = says("check.source-link.hint_close", name=repr(match[0]), example=example)
    else:
        hint = says("check.source-link.hint", example=example)
    return _error(
        says("check.source-link", path=repr(path)),
        span,
        hint=hint,
        code="source-link",
    )
