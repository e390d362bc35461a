"""Checks that need the whole course: unique ids, references that resolve, files that exist."""

from __future__ import annotations

import difflib
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache, lru_cache, partial
from pathlib import Path, PurePosixPath
from typing import Any

from courseware.checks_authoring import authoring_issues, unlisted_question
from courseware.checks_blocks import block_issues
from courseware.errors import Issue, SourceSpan
from courseware.load.paths import PathEscapeError, is_file, resolve_inside, split_url
from courseware.model import Course, QuizBank
from courseware.model.base import MarkdownText, Node, node_fields
from courseware.model.blocks import (
    AudioBlock,
    CaseStudyBlock,
    HotspotBlock,
    ImageBlock,
    KeyFiguresBlock,
    KnowledgeCheckBlock,
    ProcessBlock,
    QuoteBlock,
    VideoBlock,
)
from courseware.model.quiz import DrawQuestions, PickQuestion
from courseware.render.markdown import lesson_key, lesson_of, references

RESERVED_PAGES = {"index", "glossary", "sources", "print", "assets", "media"}
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


def _unique(items: Iterable[Node], key: str, kind: str, issues: list[Issue]) -> dict[str, Node]:
    found: dict[str, Node] = {}
    for item in items:
        value = getattr(item, key)
        if value is None:
            continue
        norm = value.casefold() if key == "term" else value
        if norm in found:
            first = found[norm].field_span(key)
            issues.append(
                _error(
                    f"duplicate {kind} {key} {value!r}"
                    + (f" (first used at {first})" if first else ""),
                    item.field_span(key),
                    hint=f"{kind} {key}s must be unique",
                    code="duplicate-id",
                    related=[first],
                )
            )
        else:
            found[norm] = item
    return found


@cache
def _markdown_fields(cls: type[Node]) -> tuple[str, ...]:
    hints = typing.get_type_hints(cls, include_extras=True)
    names = []
    for name in cls.model_fields:
        if _has_marker(hints.get(name)):
            names.append(name)
    return tuple(names)


def _has_marker(annotation: Any) -> bool:
    if annotation is None:
        return False
    if typing.get_origin(annotation) is typing.Annotated and any(
        m is MarkdownText for m in typing.get_args(annotation)[1:]
    ):
        return True
    return any(_has_marker(arg) for arg in typing.get_args(annotation))


def iter_nodes(obj: Any) -> Iterator[Node]:
    """Every model object inside ``obj``, depth first (parents before children, in order).

    Why a stack, not recursion: nested generators cost a step per level for every node.
    """
    stack = [obj]
    pop, push = stack.pop, stack.extend
    nesting = (Node, list)  # a tuple: isinstance checks it faster than a union
    while stack:
        item = pop()
        if isinstance(item, Node):
            yield item
            names = node_fields(type(item))
            if names:
                values = [getattr(item, name) for name in names]
                push([v for v in reversed(values) if isinstance(v, nesting)])
        elif isinstance(item, list):
            push([v for v in reversed(item) if isinstance(v, nesting)])


def iter_markdown(obj: Any) -> Iterator[tuple[Node, str, str]]:
    """(owner, field name, Markdown text) for every Markdown field inside ``obj``."""
    for node in iter_nodes(obj):
        for name in _markdown_fields(type(node)):
            value = getattr(node, name)
            if isinstance(value, list):
                for text in value:
                    if isinstance(text, str):
                        yield node, name, text
            elif isinstance(value, str):
                yield node, name, value


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
        issues.append(_error(str(exc), spot(), code="path-escape"))
        return
    if kinds and target.suffix.lower() not in kinds:
        issues.append(
            _error(
                f"{what} {relative!r} has an unsupported type",
                spot(),
                hint="expected one of: " + ", ".join(sorted(kinds)),
                code="file-type",
            )
        )
    if not is_file(target):
        issues.append(
            _error(
                f"{what} {relative!r} not found",
                spot(),
                hint="the path is relative to the course folder",
                code="missing-file",
            )
        )
    elif kinds is IMAGE_TYPES and (problem := _publish_problem(target)):
        issues.append(_error(f"{what} {relative!r}: {problem}", spot(), code="bad-image"))


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
                        f"course file {ref.path!r} has the path of a page the build writes",
                        spot(),
                        hint="rename the file, or link the page without a file of that name",
                        code="file-clash",
                    )
                )
                continue
            if ref.kind == "image" and not ref.is_local:
                issues.append(
                    _error(
                        f"image {ref.url!r} is not a file of the course",
                        spot(),
                        hint="copy the image into the course folder (pages must work offline)",
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
                    "image" if ref.kind == "image" else "linked file",
                    spot,
                    issues,
                )


def _not_a_lesson(
    path: str, lessons: Mapping[str, tuple[int, int]], span: SourceSpan | None
) -> Issue:
    """A link to a YAML file that is no lesson of the course."""
    match = difflib.get_close_matches(lesson_key(path), list(lessons), n=1, cutoff=0.6)
    example = match[0] if match else next(iter(lessons), "lessons/02-name.yaml")
    hint = (
        f"did you mean {match[0]!r}? " if match else ""
    ) + f"link a lesson by its file as course.yaml lists it, e.g. [next lesson]({example})"
    return _error(
        f"{path!r} is not a lesson file of this course (links to YAML files must name a lesson"
        " listed in course.yaml, relative to the course folder)",
        span,
        hint=hint,
        code="source-link",
    )


def check_bank(bank: QuizBank, course: Course | None) -> list[Issue]:
    """Ids and references inside one bank."""
    issues: list[Issue] = []
    categories = _unique(bank.categories, "id", "category", issues)
    # Within a course, question ids are checked course-wide (once) by check_course.
    questions = _unique(bank.questions, "id", "question", issues if course is None else [])
    _unique(bank.quizzes, "id", "quiz", issues)
    for question in bank.questions:
        if question.category is not None and question.category not in categories:
            issues.append(
                _error(
                    f"unknown category {question.category!r}",
                    question.field_span("category"),
                    hint=_known(categories),
                    code="unknown-category",
                )
            )
    for quiz in bank.quizzes:
        for item in quiz.items:
            if isinstance(item, PickQuestion):
                target = questions.get(item.question)
                if target is None:
                    issues.append(
                        _error(
                            f"unknown question id {item.question!r} in quiz {quiz.id!r}",
                            item.field_span("question"),
                            hint=_close(item.question, questions),
                            code="unknown-question",
                        )
                    )
                elif getattr(target, "status", "ready") == "draft":
                    issues.append(
                        _error(
                            f"question {item.question!r} is a draft",
                            item.field_span("question"),
                            hint="set `status: ready` once reviewed",
                            code="draft-question",
                        )
                    )
            elif isinstance(item, DrawQuestions):
                if item.category is not None and item.category not in categories:
                    issues.append(
                        _error(
                            f"unknown category {item.category!r}",
                            item.field_span("category"),
                            hint=_known(categories),
                            code="unknown-category",
                        )
                    )
                    continue
                pool = [
                    q
                    for q in bank.questions
                    if q.status == "ready"
                    and (item.category is None or q.category == item.category)
                    and set(item.tags) <= set(q.tags)
                ]
                if len(pool) < item.draw:
                    issues.append(
                        _error(
                            f"cannot draw {item.draw} questions: the pool has only {len(pool)}",
                            item.field_span("draw"),
                            code="small-pool",
                        )
                    )
    return issues


def _known(ids: dict[str, Node]) -> str:
    return "known: " + (", ".join(sorted(ids)) if ids else "none defined")


def _close(value: str, ids: dict[str, Any]) -> str | None:

    match = difflib.get_close_matches(value, list(ids), n=1, cutoff=0.6)
    return f"did you mean {match[0]!r}?" if match else None


def check_course(
    course: Course, root: Path, lesson_paths: Mapping[str, tuple[int, int]] | None = None
) -> list[Issue]:
    """Every cross-reference and file check of a course valid field by field (``lesson_paths``:
    the lesson files links may name, from ``render.markdown.lesson_files``)."""
    _resolve.cache_clear()  # one run sees one state of the folder
    _publish_problem.cache_clear()
    issues: list[Issue] = []
    objectives = _unique(course.objectives, "id", "objective", issues)
    sources = _unique(course.sources, "id", "source", issues)
    _unique(course.glossary, "term", "glossary", issues)
    _unique(course.modules, "id", "module", issues)
    lessons = _unique(course.lessons(), "id", "lesson", issues)
    _unique(course.banks, "id", "bank", issues)
    all_questions = _unique(
        [q for b in course.banks for q in b.questions], "id", "question", issues
    )
    quizzes = _unique([z for b in course.banks for z in b.quizzes], "id", "quiz", issues)

    for lesson_id, lesson in lessons.items():
        if lesson_id in RESERVED_PAGES:
            issues.append(
                _error(
                    f"lesson id {lesson_id!r} is reserved for a generated page",
                    lesson.field_span("id"),
                    hint="choose another id",
                    code="reserved-id",
                )
            )

    def need(ids: dict[str, Node], value: str | None, kind: str, spot: Spot) -> None:
        if value is not None and value not in ids:
            elsewhere = unlisted_question(course, root, value) if kind == "question" else None
            issues.append(
                _error(
                    f"unknown {kind} {value!r}",
                    spot(),
                    hint=elsewhere or _close(value, ids) or _known(ids),
                    code=f"unknown-{kind}",
                )
            )

    for lesson in course.lessons():
        for index, objective in enumerate(lesson.objectives):
            need(objectives, objective, "objective", partial(lesson.item_span, "objectives", index))
        for block in lesson.blocks:
            if isinstance(block, QuoteBlock | CaseStudyBlock):
                need(sources, block.source, "source", partial(block.field_span, "source"))
            elif isinstance(block, KeyFiguresBlock):
                for figure in block.figures:
                    need(sources, figure.source, "source", partial(figure.field_span, "source"))
            elif isinstance(block, KnowledgeCheckBlock):
                for index, qid in enumerate(block.questions):
                    spot = partial(block.item_span, "questions", index)
                    need(all_questions, qid, "question", spot)
                    question = all_questions.get(qid)
                    if question is not None and getattr(question, "status", "ready") == "draft":
                        issues.append(
                            _error(
                                f"question {qid!r} is a draft",
                                spot(),
                                hint="set `status: ready` once reviewed",
                                code="draft-question",
                            )
                        )
            elif isinstance(block, ImageBlock | HotspotBlock):
                _check_file(
                    root, block.src, IMAGE_TYPES, "image", partial(block.field_span, "src"), issues
                )
            elif isinstance(block, ProcessBlock):
                for step in block.steps:
                    spot = partial(step.field_span, "image")
                    _check_file(root, step.image, IMAGE_TYPES, "image", spot, issues)
            elif isinstance(block, VideoBlock | AudioBlock):
                kinds = VIDEO_TYPES if isinstance(block, VideoBlock) else AUDIO_TYPES
                _check_file(
                    root, block.src, kinds, block.type, partial(block.field_span, "src"), issues
                )
                if isinstance(block, VideoBlock):
                    _check_file(
                        root,
                        block.poster,
                        IMAGE_TYPES,
                        "poster",
                        partial(block.field_span, "poster"),
                        issues,
                    )
                for track in block.captions:
                    _check_file(
                        root,
                        track.src,
                        CAPTION_TYPES,
                        "captions",
                        partial(track.field_span, "src"),
                        issues,
                    )
    for bank in course.banks:
        issues.extend(check_bank(bank, course))
        for question in bank.questions:
            for index, objective in enumerate(question.objectives):
                need(
                    objectives,
                    objective,
                    "objective",
                    partial(question.item_span, "objectives", index),
                )
            need(sources, question.source, "source", partial(question.field_span, "source"))
    for source in course.sources:
        _check_file(
            root, source.file, set(), "source file", partial(source.field_span, "file"), issues
        )
    _check_file(
        root,
        course.theme.logo,
        IMAGE_TYPES,
        "logo",
        partial(course.theme.field_span, "logo"),
        issues,
    )
    if course.cover is not None:
        spot = partial(course.cover.field_span, "image")
        _check_file(root, course.cover.image, IMAGE_TYPES, "cover", spot, issues)
    if course.settings.final_quiz is not None:
        need(
            quizzes,
            course.settings.final_quiz,
            "quiz",
            partial(course.settings.field_span, "final_quiz"),
        )
    check_markdown_links(root, course, issues, lesson_paths)
    issues.extend(block_issues(course))
    issues.extend(theme_issues(course, root))
    issues.extend(authoring_issues(course, root))
    return issues


def theme_issues(course: Course, root: Path) -> list[Issue]:
    """What a build would refuse in the course's theme: a missing theme or parent, a theme
    folder or file leading outside the course, a template that does not parse."""
    from courseware.errors import CoursewareError
    from courseware.themes import resolve_theme

    try:
        theme = resolve_theme(course.theme.name, root, course.theme.field_span("name"))
    except CoursewareError as exc:
        return list(exc.issues)
    return theme.syntax_issues()
