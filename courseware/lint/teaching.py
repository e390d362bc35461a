"""Objectives, images and videos: warnings on what a lesson teaches and shows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from courseware.checks_walk import iter_markdown
from courseware.i18n import says
from courseware.lint.findings import (
    _Finding,
    _locate,
    _ready,
    _warn,
)
from courseware.lint.numbers import (
    _LETTERS,
)
from courseware.lint.text import (
    fold,
)
from courseware.model import Course, Lesson
from courseware.model.base import Node
from courseware.model.blocks import (
    ImageBlock,
    VideoBlock,
)
from courseware.render.markdown import references


def _objectives(course: Course) -> list[_Finding]:
    assessed = {o for q in _ready(course) for o in q.objectives}
    return [
        _warn(
            "objective-unassessed",
            says("lint.objective-unassessed", id=repr(objective.id)),
            objective.span,
            says("lint.objective-unassessed.hint", id=objective.id),
            owner=objective,
        )
        for objective in course.objectives
        if objective.id not in assessed
    ]


def _lesson_objectives(lesson: Lesson) -> list[_Finding]:
    if lesson.objectives:
        return []
    return [
        _warn(
            "lesson-no-objective",
            says("lint.lesson-no-objective", id=repr(lesson.id)),
            lesson.field_span("id"),
            says("lint.lesson-no-objective.hint"),
            owner=lesson,
        )
    ]


_GENERIC_ALT_TEXT = (
    "image|imagen|img|picture|pic|photo|foto|fotografía|photograph|figure|figura|graphic|"
    "gráfico|gráfica|icon|icono|ícono|screenshot|captura|captura de pantalla|alt|alt text|"
    "texto alternativo|untitled|sin título|placeholder|logo|diagram|diagrama|chart|"
    "illustration|ilustración|dibujo|drawing|image of|imagen de|foto de|photo of|"
    "insert image|imagen aquí|image here|todo|tbd|pendiente"
)
_GENERIC_ALT = frozenset(fold(w) for w in _GENERIC_ALT_TEXT.split("|"))


def _meaningless_alt(alt: str, src: str) -> bool:
    words = " ".join(_LETTERS.findall(fold(alt)))
    if not words or len(words) < 3 or words in _GENERIC_ALT:
        return True
    name = src.rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0]
    candidates = {fold(name), fold(stem), " ".join(_LETTERS.findall(fold(stem)))}
    plain = fold(alt.strip())
    if plain in candidates or words in candidates:
        return True
    return bool(re.fullmatch(r"[\w-]+\.(png|jpe?g|gif|svg|webp|avif)", plain))


@dataclass(frozen=True)
class _MarkdownText:
    """A Markdown field, the lesson page it is shown on, and its links and images."""

    node: Node
    name: str
    page: str | None
    links: tuple[str, ...]
    images: tuple[tuple[str, str], ...]


def _markdown_texts(course: Course) -> list[_MarkdownText]:
    """Every Markdown field with its links and images (only if needed).

    The references come from the parse the checks and the HTML renderer share, so the linter
    adds no parse of its own.
    """
    # Only texts with link or image syntax are parsed (and need their lesson page).
    candidates = [
        (node, name, text)
        for node, name, text in iter_markdown(course)
        if "[" in text or "<" in text
    ]
    if not candidates:
        return []
    page = {
        id(node): lesson.id for lesson in course.lessons() for node, _, _ in iter_markdown(lesson)
    }
    out = []
    for node, name, text in candidates:
        links, images = [], []
        for ref in references(text):
            if ref.kind == "link":
                links.append(ref.url)
            else:
                images.append((ref.url, ref.alt))
        if links or images:
            out.append(_MarkdownText(node, name, page.get(id(node)), tuple(links), tuple(images)))
    return out


def _images(course: Course, texts: list[_MarkdownText]) -> list[_Finding]:
    findings: list[_Finding] = []
    for lesson in course.lessons():
        for block in lesson.blocks:
            if (
                isinstance(block, ImageBlock)
                and not block.decorative
                and _meaningless_alt(block.alt, block.src)
            ):
                findings.append(
                    _warn(
                        "alt-text",
                        says("lint.alt-text", src=repr(block.src), alt=repr(block.alt)),
                        block.field_span("alt"),
                        says("lint.alt-text.hint"),
                        owner=block,
                    )
                )
    for text in texts:
        for src, alt in text.images:
            if _meaningless_alt(alt, src):
                findings.append(
                    _warn(
                        "alt-text",
                        says("lint.alt-text", src=repr(src), alt=repr(alt)),
                        _locate(text.node.field_span(text.name), f"({src}", 1),
                        says("lint.alt-text.hint_markdown", src=src),
                        owner=text.node,
                    )
                )
    return findings


def _videos(course: Course) -> list[_Finding]:
    return [
        _warn(
            "video-no-captions",
            says("lint.video-no-captions", src=repr(block.src or block.url)),
            block.span,
            says("lint.video-no-captions.hint", language=course.language),
            owner=block,
        )
        for lesson in course.lessons()
        for block in lesson.blocks
        if isinstance(block, VideoBlock) and not block.captions
    ]
