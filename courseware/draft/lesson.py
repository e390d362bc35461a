"""The draft itself: a lesson and a bank of draft questions, as YAML text, from an article."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from courseware.draft.article import Article, Section, read_article, section_plain
from courseware.draft.facts import Facts, find_facts
from courseware.draft.figures import LABEL_STOP, Figure
from courseware.draft.questions import Drafting
from courseware.draft.quotes import Quotation
from courseware.draft.structured import draft_questions
from courseware.draft.texts import texts
from courseware.draft.yamltext import comment, dump
from courseware.errors import CoursewareError, Issue
from courseware.i18n import says
from courseware.lint import estimate_lesson, normalize_quote, split_sentences
from courseware.model import Lesson, QuizBank
from courseware.render.markdown import plain_text
from courseware.scaffold import slugify

FIGURES_PER_BLOCK = 6
PARAGRAPHS_PER_SECTION = 4
MAX_ID_LENGTH = 40

_ID_STOP = {slugify(w) for w in LABEL_STOP} | {"y", "e", "o", "u", "un", "una"}
Block = tuple[str, dict[str, Any]]
"""A lesson block with the comment written above it."""


@dataclass(frozen=True)
class Draft:
    """A drafted lesson and bank, as YAML text, with what was found in the article."""

    article: Article
    lesson_id: str
    bank_id: str
    source_id: str
    lesson_yaml: str
    bank_yaml: str
    figures: tuple[Figure, ...]
    quotations: tuple[Quotation, ...]
    question_ids: tuple[str, ...] = field(default=())


def title_id(title: str, most: int = MAX_ID_LENGTH) -> str:
    """An id from a title's words that carry meaning, cut at a word boundary.

    "Los pagos con el celular llegan a los mercados" -> "pagos-celular-llegan-mercados".
    """
    words = [w for w in slugify(title).split("-") if w not in _ID_STOP]
    slug = "-".join(words) or slugify(title)
    if len(slug) <= most:
        return slug
    cut = slug[: most + 1].rsplit("-", 1)[0]
    return cut or slug[:most]


def _parts(article: Article) -> list[Section]:
    """Sections cut into parts of at most ``PARAGRAPHS_PER_SECTION`` chunks."""
    parts: list[Section] = []
    for section in article.sections:
        size = PARAGRAPHS_PER_SECTION
        pieces = [section.chunks[i : i + size] for i in range(0, max(len(section.chunks), 1), size)]
        parts.extend(Section(section.heading if i == 0 else None, p) for i, p in enumerate(pieces))
    return parts


def _figure_blocks(
    section: Section, pending: list[Figure], source: str, words: dict[str, str]
) -> list[Block]:
    text = " ".join(p for chunk in section.chunks for p in section_plain(chunk))
    text = " ".join(text.split())
    mine = [f for f in pending if f.sentence in text]
    for figure in mine:
        pending.remove(figure)
    blocks: list[Block] = []
    for start in range(0, len(mine), FIGURES_PER_BLOCK):
        group = mine[start : start + FIGURES_PER_BLOCK]
        items = [{"value": f.value, "label": f.label, "source": source} for f in group]
        notes = [f"{f.value} {f.label}: «{f.sentence}»" for f in group]
        block = {"type": "key_figures", "title": words["figures"], "figures": items}
        blocks.append((words["sentence"] + "\n" + "\n".join(notes), block))
    return blocks


def _quote_blocks(section: Section, pending: list[Quotation], source: str) -> list[Block]:
    raw = normalize_quote(" ".join(chunk.markdown for chunk in section.chunks))
    blocks: list[Block] = []
    for quote in [q for q in pending if normalize_quote(q.text) in raw]:
        pending.remove(quote)
        block: dict[str, Any] = {"type": "quote", "source": source, "quote": quote.text}
        if quote.speaker:
            block["speaker"] = quote.speaker
        if quote.locator:
            block["locator"] = quote.locator
        blocks.append(("", block))
    return blocks


def _blocks(article: Article, facts: Facts, source: str, words: dict[str, str]) -> list[Block]:
    figures, quotes = list(facts.figures), list(facts.quotations)
    blocks: list[Block] = []
    for section in _parts(article):
        body = "\n\n".join(
            ([f"## {section.heading}"] if section.heading else [])
            + [chunk.markdown for chunk in section.chunks]
        )
        if body.strip():
            blocks.append((words["rewrite"], {"type": "text", "body": body + "\n"}))
        blocks.extend(_figure_blocks(section, figures, source, words))
        blocks.extend(_quote_blocks(section, quotes, source))
    return blocks


def _summary(article: Article) -> str:
    for section in article.sections:
        for chunk in section.chunks:
            if chunk.kind == "paragraph":
                return " ".join(split_sentences(plain_text(chunk.markdown))[:2])
    return ""


def _lesson_yaml(
    lesson: dict[str, Any],
    blocks: list[Block],
    header: str,
    words: dict[str, str],
    ids: tuple[str, ...],
) -> str:
    model = Lesson.model_validate({**lesson, "blocks": [b for _, b in blocks]})
    language = words["lang"]
    minutes = max(5, math.ceil(estimate_lesson(model, language).minutes / 5) * 5)
    out = [comment(header)]
    out.append(dump({"id": lesson["id"], "title": lesson["title"], "duration": f"{minutes} min"}))
    out.append(f"# {words['objectives']}\n")
    if lesson.get("summary"):
        out.append(dump({"summary": lesson["summary"]}))
    out.append("blocks:\n")
    for note, block in blocks:
        out.append("\n" + (comment(note, 2, hang="  ") if note else ""))
        out.append(dump([block], 2))
    if ids:
        check = {"type": "knowledge_check", "questions": list(ids[:3])}
        out.append("\n" + comment(words["check"] + "\n" + dump([check]).rstrip("\n"), 2))
    return "".join(out)


def make_draft(
    source_path: Path,
    *,
    language: str | None = None,
    lesson_id: str | None = None,
    source_id: str | None = None,
    source_file: str | None = None,
    cite_in_questions: bool = True,
) -> Draft:
    """Plan a draft lesson and bank from an article (pure apart from reading the file).

    The lesson id comes from the article's title unless ``lesson_id`` is given.
    """
    article = read_article(source_path)
    lang = language or article.language
    words = {**texts(lang), "lang": lang}
    slug = (lesson_id or title_id(article.title))[:60].strip("-_") or "borrador"
    source = source_id or slugify(source_path.stem)[:80]
    bank_id, shown = f"{slug}-borrador", source_file or source_path.name
    facts = find_facts(article, lang)
    blocks = _blocks(article, facts, source, words)
    if not blocks:
        raise CoursewareError(
            Issue(
                "error",
                says("draft.empty", path=source_path),
                hint=says("draft.empty.hint"),
                code="draft-source",
            )
        )
    state = Drafting(
        title_id(article.title, 24), article.title, lang, source if cite_in_questions else None
    )
    questions = draft_questions(facts, state)
    bank: dict[str, Any] = {
        "id": bank_id,
        "title": words["bank_title"].format(title=article.title),
        "language": lang,
        "questions": questions,
    }
    bank_yaml = ""
    if questions:
        QuizBank.model_validate(bank)
        bank_yaml = comment(words["bank_header"].format(file=shown)) + dump(bank)
    ids = tuple(q["id"] for q in questions)
    lesson = {"id": slug, "title": article.title[:200]}
    if _summary(article):
        lesson["summary"] = _summary(article)
    header = words["header"].format(file=shown, bank=f"banks/{bank_id}.yaml")
    lesson_yaml = _lesson_yaml(lesson, blocks, header, words, ids)
    return Draft(
        article, slug, bank_id, source, lesson_yaml, bank_yaml, facts.figures, facts.quotations, ids
    )


def draft_lesson(
    source_path: Path, *, language: str | None = None, lesson_id: str | None = None
) -> str:
    """YAML text of a draft lesson drafted from a source article."""
    return make_draft(source_path, language=language, lesson_id=lesson_id).lesson_yaml
