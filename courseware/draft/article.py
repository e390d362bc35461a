"""Reading a source article: front matter, title, language and sections of paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from courseware.errors import CoursewareError, Issue
from courseware.i18n import says
from courseware.lint import fold
from courseware.render.markdown import plain_text


@dataclass(frozen=True)
class Chunk:
    """A paragraph-level piece of the article: its Markdown and what kind of piece it is."""

    kind: Literal["paragraph", "list", "table", "code"]
    markdown: str


@dataclass(frozen=True)
class Section:
    """A heading (or none) and the chunks under it."""

    heading: str | None
    chunks: tuple[Chunk, ...]


@dataclass(frozen=True)
class Article:
    """A source article: front matter, title, language and sections."""

    path: Path
    meta: dict[str, str]
    title: str
    language: str
    sections: tuple[Section, ...]


_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_BOILERPLATE = re.compile(
    r"^(?:\d+\s*min(?:utos?|s)?\s*(?:read|de lectura)|lectura de \d+\s*min(?:utos?)?)$"
    r"|cr[ée]dito de (?:la )?foto|photo credit|image credit|foto:|photo:",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_END_PUNCT = tuple(".!?:;…»”\"')")


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    match = _FRONT.match(text)
    if not match:
        return {}, text
    try:
        data = yaml.safe_load(match[1])
    except yaml.YAMLError:
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    meta = {str(k): str(v).strip() for k, v in data.items() if v is not None and str(v).strip()}
    return meta, text[match.end() :]


def _guess_language(text: str) -> str:
    words = re.findall(r"[a-záéíóúñ]+", text.lower())
    spanish = sum(
        w in {"el", "la", "los", "las", "de", "que", "y", "en", "del", "por"} for w in words
    )
    english = sum(w in {"the", "of", "and", "to", "in", "is", "that", "for", "with"} for w in words)
    return "en" if english > spanish else "es"


def _is_heading(line: str, most: int = 10) -> bool:
    words = line.split()
    return 0 < len(words) <= most and not line.rstrip().endswith(_END_PUNCT)


def _markdown_sections(body: str) -> tuple[str | None, list[Section]]:
    title: str | None = None
    sections: list[Section] = []
    heading: str | None = None
    chunks: list[Chunk] = []
    for block in re.split(r"\n[ \t]*\n", body.strip("\n")):
        lines = [line.rstrip() for line in block.splitlines() if line.strip()]
        while lines and re.match(r"^#{1,6}\s", lines[0]):
            level = len(lines[0]) - len(lines[0].lstrip("#"))
            text = lines.pop(0).lstrip("#").strip()
            if level == 1 and title is None:
                title = text
            elif level <= 2:
                if chunks or heading:
                    sections.append(Section(heading, tuple(chunks)))
                heading, chunks = text, []
            else:
                chunks.append(Chunk("paragraph", "#" * level + " " + text))
        if not lines:
            continue
        first = lines[0].lstrip()
        if first.startswith(("```", "~~~", "    ")):
            kind: Literal["paragraph", "list", "table", "code"] = "code"
        elif first.startswith("|"):
            kind = "table"
        elif _LIST_ITEM.match(first):
            kind = "list"
        else:
            kind = "paragraph"
        chunks.append(Chunk(kind, "\n".join(lines)))
    if chunks or heading:
        sections.append(Section(heading, tuple(chunks)))
    return title, sections


def _plain_sections(body: str) -> tuple[str | None, list[Section]]:
    blocks = [b for b in re.split(r"\n[ \t]*\n", body.strip()) if b.strip()]
    if len(blocks) < 3:
        blocks = [line for line in body.splitlines() if line.strip()]
    paragraphs = [" ".join(b.split()) for b in blocks]
    paragraphs = [p for p in paragraphs if not _BOILERPLATE.search(p)]
    first = paragraphs[0] if paragraphs else ""
    title = (
        paragraphs.pop(0) if first and len(first.split()) <= 25 and _is_heading(first, 25) else None
    )
    sections: list[Section] = []
    heading: str | None = None
    chunks: list[Chunk] = []
    for index, paragraph in enumerate(paragraphs):
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else ""
        if _is_heading(paragraph) and following and not _is_heading(following):
            if chunks or heading:
                sections.append(Section(heading, tuple(chunks)))
            heading, chunks = paragraph, []
        else:
            chunks.append(Chunk("paragraph", paragraph))
    if chunks or heading:
        sections.append(Section(heading, tuple(chunks)))
    return title, sections


def read_article(path: Path) -> Article:
    """Read a Markdown or plain-text article with optional YAML front matter."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CoursewareError(
            Issue(
                "error",
                says("draft.cannot-read", path=path, reason=exc),
                hint=says("draft.cannot-read.hint"),
                code="draft-source",
            )
        ) from None
    meta, body = _front_matter(raw.replace("\r\n", "\n"))
    markdown = path.suffix.lower() in (".md", ".markdown")
    heading, sections = _markdown_sections(body) if markdown else _plain_sections(body)
    title = meta.get("title") or heading or path.stem.replace("-", " ").capitalize()
    language = meta.get("language") or _guess_language(body)
    kept = []
    for section in sections:
        if (
            section.heading is None
            and section.chunks
            and fold(section.chunks[0].markdown) == fold(title)
        ):
            section = Section(None, section.chunks[1:])
        if section.chunks or section.heading:
            kept.append(section)
    return Article(path, meta, title, language, tuple(kept))


def resolve_source(given: Path, course_dir: Path | None = None) -> Path:
    """The article ``--from`` names: relative to the current folder, else to the course.

    Raises a clear error naming both places looked at when the file is in neither.
    """
    if given.is_absolute() or given.is_file():
        return given
    if course_dir is not None and (course_dir / given).is_file():
        return course_dir / given
    places = says("draft.not-found.cwd", path=Path.cwd() / given)
    if course_dir is not None:
        in_course = says("draft.not-found.course", path=course_dir.resolve() / given)
        places = says("draft.not-found.both", first=places, second=in_course)
    raise CoursewareError(
        Issue(
            "error",
            says("draft.not-found", path=given, places=places),
            hint=says("draft.not-found.hint"),
            code="draft-source",
        )
    )


def section_plain(chunk: Chunk) -> list[str]:
    """Plain text of a chunk, one string per paragraph or list item (tables and code: none)."""
    if chunk.kind in ("table", "code"):
        return []
    if chunk.kind == "list":
        items = re.split(r"\n(?=\s*(?:[-*+]|\d+[.)])\s)", chunk.markdown)
        return [plain_text(_LIST_ITEM.sub("", item, count=1)) for item in items]
    return [plain_text(chunk.markdown)]


def section_raw(chunk: Chunk) -> list[str]:
    """Raw text of a chunk with its line breaks folded, one string per paragraph or item."""
    if chunk.kind in ("table", "code"):
        return []
    if chunk.kind == "list":
        items = re.split(r"\n(?=\s*(?:[-*+]|\d+[.)])\s)", chunk.markdown)
        return [" ".join(_LIST_ITEM.sub("", item, count=1).split()) for item in items]
    return [" ".join(chunk.markdown.split())]


def article_paragraphs(article: Article) -> list[str]:
    """Every paragraph of the article as plain text, in order."""
    return [
        paragraph
        for section in article.sections
        for chunk in section.chunks
        for paragraph in section_plain(chunk)
    ]
