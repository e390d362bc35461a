"""Checks that need the whole course: unique ids, references that resolve, files that exist."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from courseware.checks_authoring import authoring_issues, unlisted_question
from courseware.checks_blocks import block_issues
from courseware.checks_files import (
    AUDIO_TYPES,
    CAPTION_TYPES,
    IMAGE_TYPES,
    SOURCE_SUFFIXES,
    VIDEO_TYPES,
    Spot,
    _check_file,
    _publish_problem,
    _resolve,
    check_markdown_links,
    is_page_link,
)
from courseware.checks_walk import iter_markdown, iter_nodes
from courseware.errors import Issue, SourceSpan
from courseware.i18n import says
from courseware.model import Course, QuizBank
from courseware.model.base import Node
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

__all__ = [
    "AUDIO_TYPES",
    "CAPTION_TYPES",
    "IMAGE_TYPES",
    "RESERVED_PAGES",
    "SOURCE_SUFFIXES",
    "VIDEO_TYPES",
    "check_bank",
    "check_course",
    "check_markdown_links",
    "is_page_link",
    "iter_markdown",
    "iter_nodes",
    "theme_issues",
]

RESERVED_PAGES = {"index", "glossary", "sources", "print", "assets", "media"}


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
            what = {"kind": says(f"check.kind.{kind}"), "key": says(f"check.field.{key}")}
            message = says("check.duplicate-id", value=repr(value), **what)
            if first:
                message = says("check.duplicate-id.first", message=message, first=first)
            hint = says("check.duplicate-id.hint", **what)
            issues.append(
                _error(message, item.field_span(key), hint, "duplicate-id", related=[first])
            )
        else:
            found[norm] = item
    return found


def check_bank(bank: QuizBank, course: Course | None) -> list[Issue]:
    """Ids and references inside one bank."""
    issues: list[Issue] = []
    categories = _unique(bank.categories, "id", "category", issues)
    # Within a course, question ids are checked course-wide (once) by check_course.
    questions = _unique(bank.questions, "id", "question", issues if course is None else [])
    _unique(bank.quizzes, "id", "quiz", issues)
    for question in bank.questions:
        if question.category is not None and question.category not in categories:
            issues.append(_unknown_category(question.category, categories, question))
    for quiz in bank.quizzes:
        for item in quiz.items:
            if isinstance(item, PickQuestion):
                issues.extend(_pick_issues(item, quiz.id, questions))
            elif isinstance(item, DrawQuestions):
                issues.extend(_draw_issues(item, bank, categories))
    return issues


def _unknown_category(category: str, categories: dict[str, Node], node: Node) -> Issue:
    return _error(
        says("check.unknown", kind=says("check.kind.category"), value=repr(category)),
        node.field_span("category"),
        hint=_known(categories),
        code="unknown-category",
    )


def _pick_issues(item: PickQuestion, quiz: str, questions: dict[str, Node]) -> list[Issue]:
    """A quiz item naming an unknown or draft question."""
    target = questions.get(item.question)
    if target is None:
        return [
            _error(
                says("check.unknown-question.quiz", question=repr(item.question), quiz=repr(quiz)),
                item.field_span("question"),
                hint=_close(item.question, questions) or says("check.unknown-question.hint"),
                code="unknown-question",
            )
        ]
    if getattr(target, "status", "ready") == "draft":
        return [_draft(item.question, item.field_span("question"))]
    return []


def _draft(question: str, span: SourceSpan | None) -> Issue:
    return _error(
        says("check.draft-question", question=repr(question)),
        span,
        hint=says("check.draft-question.hint"),
        code="draft-question",
    )


def _draw_issues(item: DrawQuestions, bank: QuizBank, categories: dict[str, Node]) -> list[Issue]:
    """A draw from an unknown category, or from a pool smaller than the draw."""
    if item.category is not None and item.category not in categories:
        return [_unknown_category(item.category, categories, item)]
    pool = [
        q
        for q in bank.questions
        if q.status == "ready"
        and (item.category is None or q.category == item.category)
        and set(item.tags) <= set(q.tags)
    ]
    if len(pool) < item.draw:
        return [
            _error(
                says("check.small-pool", draw=item.draw, n=len(pool)),
                item.field_span("draw"),
                hint=says("check.small-pool.hint"),
                code="small-pool",
            )
        ]
    return []


def _known(ids: dict[str, Node]) -> str:
    if not ids:
        return says("check.unknown.none")
    return says("check.unknown.known", ids=", ".join(sorted(ids)))


def _close(value: str, ids: dict[str, Any]) -> str | None:
    match = difflib.get_close_matches(value, list(ids), n=1, cutoff=0.6)
    return says("check.did_you_mean", name=repr(match[0])) if match else None


class _References:
    """The course's ids by kind, and the issues of references that name none of them."""

    def __init__(self, course: Course, root: Path, issues: list[Issue]) -> None:
        self.course, self.root, self.issues = course, root, issues
        self.objectives = _unique(course.objectives, "id", "objective", issues)
        self.sources = _unique(course.sources, "id", "source", issues)
        _unique(course.glossary, "term", "glossary", issues)
        _unique(course.modules, "id", "module", issues)
        self.lessons = _unique(course.lessons(), "id", "lesson", issues)
        _unique(course.banks, "id", "bank", issues)
        questions = [q for b in course.banks for q in b.questions]
        self.questions = _unique(questions, "id", "question", issues)
        self.quizzes = _unique([z for b in course.banks for z in b.quizzes], "id", "quiz", issues)

    def need(self, ids: dict[str, Node], value: str | None, kind: str, spot: Spot) -> None:
        """Report ``value`` unless it is one of ``ids`` (None is no reference)."""
        if value is None or value in ids:
            return
        course, root = self.course, self.root
        elsewhere = unlisted_question(course, root, value) if kind == "question" else None
        self.issues.append(
            _error(
                says("check.unknown", kind=says(f"check.kind.{kind}"), value=repr(value)),
                spot(),
                hint=elsewhere or _close(value, ids) or _known(ids),
                code=f"unknown-{kind}",
            )
        )


def check_course(
    course: Course, root: Path, lesson_paths: Mapping[str, tuple[int, int]] | None = None
) -> list[Issue]:
    """Every cross-reference and file check of a course valid field by field (``lesson_paths``:
    the lesson files links may name, from ``render.markdown.lesson_files``)."""
    _resolve.cache_clear()  # one run sees one state of the folder
    _publish_problem.cache_clear()
    issues: list[Issue] = []
    refs = _References(course, root, issues)
    issues.extend(_reserved_ids(refs.lessons))
    for lesson in course.lessons():
        for index, objective in enumerate(lesson.objectives):
            spot = partial(lesson.item_span, "objectives", index)
            refs.need(refs.objectives, objective, "objective", spot)
        for block in lesson.blocks:
            _block_references(block, refs)
            _block_files(block, root, issues)
    for bank in course.banks:
        issues.extend(check_bank(bank, course))
        _question_references(bank, refs)
    for source in course.sources:
        spot = partial(source.field_span, "file")
        _check_file(root, source.file, set(), "source_file", spot, issues)
    logo = partial(course.theme.field_span, "logo")
    _check_file(root, course.theme.logo, IMAGE_TYPES, "logo", logo, issues)
    if course.cover is not None:
        cover = partial(course.cover.field_span, "image")
        _check_file(root, course.cover.image, IMAGE_TYPES, "cover", cover, issues)
    final = partial(course.settings.field_span, "final_quiz")
    refs.need(refs.quizzes, course.settings.final_quiz, "quiz", final)
    check_markdown_links(root, course, issues, lesson_paths)
    issues.extend(block_issues(course))
    issues.extend(theme_issues(course, root))
    issues.extend(authoring_issues(course, root))
    return issues


def _reserved_ids(lessons: dict[str, Node]) -> list[Issue]:
    return [
        _error(
            says("check.reserved-id", id=repr(lesson_id)),
            lesson.field_span("id"),
            hint=says("check.reserved-id.hint"),
            code="reserved-id",
        )
        for lesson_id, lesson in lessons.items()
        if lesson_id in RESERVED_PAGES
    ]


def _block_references(block: Any, refs: _References) -> None:
    """The sources and questions a block names."""
    if isinstance(block, QuoteBlock | CaseStudyBlock):
        refs.need(refs.sources, block.source, "source", partial(block.field_span, "source"))
    elif isinstance(block, KeyFiguresBlock):
        for figure in block.figures:
            refs.need(refs.sources, figure.source, "source", partial(figure.field_span, "source"))
    elif isinstance(block, KnowledgeCheckBlock):
        for index, qid in enumerate(block.questions):
            spot = partial(block.item_span, "questions", index)
            refs.need(refs.questions, qid, "question", spot)
            question = refs.questions.get(qid)
            if question is not None and getattr(question, "status", "ready") == "draft":
                refs.issues.append(_draft(qid, spot()))


def _block_files(block: Any, root: Path, issues: list[Issue]) -> None:
    """The media files a block shows."""
    if isinstance(block, ImageBlock | HotspotBlock):
        spot = partial(block.field_span, "src")
        _check_file(root, block.src, IMAGE_TYPES, "image", spot, issues)
    elif isinstance(block, ProcessBlock):
        for step in block.steps:
            spot = partial(step.field_span, "image")
            _check_file(root, step.image, IMAGE_TYPES, "image", spot, issues)
    elif isinstance(block, VideoBlock | AudioBlock):
        kinds = VIDEO_TYPES if isinstance(block, VideoBlock) else AUDIO_TYPES
        _check_file(root, block.src, kinds, block.type, partial(block.field_span, "src"), issues)
        if isinstance(block, VideoBlock):
            spot = partial(block.field_span, "poster")
            _check_file(root, block.poster, IMAGE_TYPES, "poster", spot, issues)
        for track in block.captions:
            spot = partial(track.field_span, "src")
            _check_file(root, track.src, CAPTION_TYPES, "captions", spot, issues)


def _question_references(bank: QuizBank, refs: _References) -> None:
    for question in bank.questions:
        for index, objective in enumerate(question.objectives):
            spot = partial(question.item_span, "objectives", index)
            refs.need(refs.objectives, objective, "objective", spot)
        refs.need(refs.sources, question.source, "source", partial(question.field_span, "source"))


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
