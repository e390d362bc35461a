"""Lesson time: reading, media and activity minutes against the stated duration."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from courseware.i18n import says
from courseware.lint.findings import (
    _Finding,
    _warn,
)
from courseware.lint.text import (
    DEFAULT_WPM,
    LEARNER_WPM,
    count_words,
    reading_minutes,
)
from courseware.model import Course, Lesson
from courseware.model.blocks import (
    AccordionBlock,
    ActivityBlock,
    AudioBlock,
    CalloutBlock,
    CaseStudyBlock,
    DiscussionBlock,
    FlipCardsBlock,
    HotspotBlock,
    ImageBlock,
    KeyFiguresBlock,
    KnowledgeCheckBlock,
    ProcessBlock,
    QuoteBlock,
    RevealBlock,
    ScenarioBlock,
    SortBlock,
    TableBlock,
    TabsBlock,
    TextBlock,
    TimelineBlock,
    VideoBlock,
)
from courseware.model.quiz import (
    ClozeQuestion,
    MatchingQuestion,
    MultipleResponseQuestion,
    OrderingQuestion,
    SingleChoiceQuestion,
)

QUESTION_MINUTES = 0.5
"""Time to answer one knowledge-check question, on top of reading it."""
TOO_LONG_FACTOR = 1.5


_MD_NOISE = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)|<[^>\n]+>|^\s*\[[^\]]+\]:.*$", re.M)


def _md_words(text: str | None) -> int:
    """Words of a Markdown text (link targets and HTML tags left out; no full parse)."""
    if not text:
        return 0
    if "]" in text or "<" in text:  # every piece of noise has one of them
        text = _MD_NOISE.sub("]", text)
    return count_words(text)


class _Words:
    """Texts to count words in, counted together at the end.

    Why together: :func:`count_words` of texts joined by new lines is the sum of their
    counts (no word spans a line), and a lesson has dozens of short texts (table cells,
    choices): one count instead of one each was most of estimating a lesson. Markdown
    with noise to strip (links, tags) is counted on its own, as :func:`_md_words` does.
    """

    __slots__ = ("counted", "exact", "plain")

    def __init__(self, exact: bool = True) -> None:
        self.plain: list[str] = []
        self.counted = 0
        self.exact = exact
        """False: :meth:`total` is only a bound no count can pass (see :func:`_most_words`)."""

    def text(self, *texts: str | None) -> None:
        """Plain texts."""
        self.plain.extend(t for t in texts if t)

    def markdown(self, *texts: str | None) -> None:
        """Markdown texts."""
        for text in texts:
            if text and self.exact and ("]" in text or "<" in text):
                self.counted += _md_words(text)
            elif text:
                self.plain.append(text)

    def total(self) -> int:
        if not self.exact:
            return _most_words(self.plain)
        return self.counted + (count_words("\n".join(self.plain)) if self.plain else 0)


def _most_words(texts: list[str]) -> int:
    """More words than :func:`count_words` or :func:`_md_words` can find in ``texts``.

    Why it holds: a word has a letter or digit, and two words have a character between them
    (the pattern's matches are greedy, and ``split`` splits on whitespace); stripping
    Markdown noise only shortens a text.
    """
    return sum((len(text) + 1) // 2 for text in texts)


def _add_question_words(question: Any, words: _Words) -> None:
    words.markdown(question.prompt)
    if isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion):
        words.text(*(c.text for c in question.choices))
    elif isinstance(question, ClozeQuestion):
        words.markdown(question.text)
    elif isinstance(question, MatchingQuestion):
        words.text(*(f"{p.left} {p.right}" for p in question.pairs))
    elif isinstance(question, OrderingQuestion):
        words.text(*question.items)


def _add_interactive_words(block: Any, words: _Words) -> None:
    """The words of an interactive block, every panel, card, step, moment and note (a
    scenario's learner reads one path: all of them is an upper bound)."""
    words.text(getattr(block, "title", None))
    words.markdown(getattr(block, "intro", None), getattr(block, "prompt", None))
    if isinstance(block, AccordionBlock | TabsBlock):
        for panel in block.panels if isinstance(block, AccordionBlock) else block.tabs:
            words.text(panel.title)
            words.markdown(panel.body)
    elif isinstance(block, RevealBlock):
        words.markdown(block.answer)
    elif isinstance(block, FlipCardsBlock):
        words.text(*(card.front for card in block.cards))
        words.markdown(*(card.back for card in block.cards))
    elif isinstance(block, ProcessBlock | TimelineBlock):
        items = block.steps if isinstance(block, ProcessBlock) else block.events
        words.text(*(getattr(item, "date", None) for item in items))
        words.text(*(item.title for item in items))
        words.markdown(*(item.body for item in items))
    elif isinstance(block, ScenarioBlock):
        for node in block.nodes:
            words.text(node.title, *(choice.text for choice in node.choices))
            words.markdown(node.text)
    elif isinstance(block, SortBlock):
        words.text(*(c.title for c in block.categories))
        words.text(*(item for c in block.categories for item in c.items))
    elif isinstance(block, HotspotBlock):
        words.text(*(point.label for point in block.points))
        words.markdown(*(point.note for point in block.points))


@dataclass(frozen=True, slots=True)
class TimeEstimate:
    """How long a lesson takes: words read, and minutes of media, activities and questions."""

    words: int
    reading: float
    media: float
    activities: float
    questions: float

    @property
    def minutes(self) -> float:
        """The whole estimate in minutes."""
        return self.reading + self.media + self.activities + self.questions


def estimate_lesson(
    lesson: Lesson, language: str, questions: Mapping[str, Any] | None = None, exact: bool = True
) -> TimeEstimate:
    """Reading time of the learner-visible text plus media, activity and question time.

    ``exact`` False counts no word: the words are a bound no count passes (a tenth of the
    time), enough to tell that a lesson is not too long.
    """
    words = _Words(exact)
    words.markdown(lesson.summary)
    media = activities = answering = 0.0
    for block in lesson.blocks:
        if isinstance(block, TextBlock):
            words.markdown(block.body)
        elif isinstance(block, CalloutBlock):
            words.text(block.title)
            words.markdown(block.body)
        elif isinstance(block, QuoteBlock):
            words.text(f"{block.quote} {block.speaker or ''}")
        elif isinstance(block, KeyFiguresBlock):
            words.text(block.title, *(f"{f.value} {f.label}" for f in block.figures))
        elif isinstance(block, ImageBlock):
            words.markdown(block.caption)
        elif isinstance(block, VideoBlock | AudioBlock):
            words.text(block.title)
            if block.duration is not None:
                media += block.duration
            else:
                words.markdown(block.transcript)
            for cue in getattr(block, "cues", []):
                if (question := (questions or {}).get(cue.question)) is not None:
                    _add_question_words(question, words)
                answering += QUESTION_MINUTES
        elif isinstance(block, TableBlock):
            words.markdown(block.caption, *block.columns, *(c for row in block.rows for c in row))
        elif isinstance(block, ActivityBlock):
            words.text(block.title, *block.materials)
            words.markdown(block.instructions, block.deliverable)
            activities += block.duration or 0
        elif isinstance(block, CaseStudyBlock):
            words.text(block.title)
            words.markdown(block.body, *block.questions)
        elif isinstance(block, DiscussionBlock):
            words.text(block.title)
            words.markdown(block.prompt, block.guidance)
        elif isinstance(block, KnowledgeCheckBlock):
            words.text(block.title)
            for qid in block.questions:
                question = (questions or {}).get(qid)
                if question is not None:
                    _add_question_words(question, words)
                answering += QUESTION_MINUTES
        else:
            _add_interactive_words(block, words)
    total = words.total()
    return TimeEstimate(total, reading_minutes(total, language), media, activities, answering)


def _durations(course: Course) -> list[_Finding]:
    findings: list[_Finding] = []
    questions = course.questions()
    for lesson in course.lessons():
        if not lesson.duration:
            continue
        limit = TOO_LONG_FACTOR * lesson.duration
        if estimate_lesson(lesson, course.language, questions, exact=False).minutes <= limit:
            continue  # even if every other character began a word
        estimate = estimate_lesson(lesson, course.language, questions)
        if estimate.minutes > limit:
            need = math.ceil(estimate.minutes / 5) * 5
            findings.append(
                _warn(
                    "lesson-too-long",
                    says(
                        "lint.lesson-too-long",
                        id=repr(lesson.id),
                        minutes=f"{estimate.minutes:.0f}",
                        words=estimate.words,
                        wpm=LEARNER_WPM.get(course.language.split("-")[0], DEFAULT_WPM),
                        other=f"{estimate.media + estimate.activities + estimate.questions:.0f}",
                        duration=lesson.duration,
                    ),
                    lesson.field_span("duration"),
                    says("lint.lesson-too-long.hint", need=need),
                    owner=lesson,
                )
            )
    return findings
