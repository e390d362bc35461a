"""Faithfulness to sources (errors) and teaching lint warnings, each with a one-line fix.

Why here and not in ``checks.py``: cross-reference checks say whether a course *can* be
built; these say whether it is true to its sources and pleasant to learn from. Warnings
are silenced per item with a YAML comment on the item's line or the line above::

    # courseware: ignore[alt-text] the photo is described in the caption below
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from courseware.checks import is_page_link, iter_markdown
from courseware.errors import Issue, SourceSpan
from courseware.load.paths import is_file, split_url
from courseware.model import Course, Lesson
from courseware.model.base import Node
from courseware.model.blocks import (
    ActivityBlock,
    AudioBlock,
    CalloutBlock,
    CaseStudyBlock,
    DiscussionBlock,
    ImageBlock,
    KeyFiguresBlock,
    KnowledgeCheckBlock,
    QuoteBlock,
    TableBlock,
    TextBlock,
    VideoBlock,
)
from courseware.model.quiz import (
    ClozeQuestion,
    MatchingQuestion,
    MultipleResponseQuestion,
    OrderingQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from courseware.render.markdown import references

LINT_CODES: dict[str, str] = {
    "objective-unassessed": "a course objective that no (ready) question assesses",
    "lesson-no-objective": "a lesson that names no objective",
    "alt-text": "an image whose alt text says nothing (empty, 'image', the file name)",
    "video-no-captions": "a video without a captions track",
    "answer-longest": "the correct option is the longest one in every question of a bank",
    "answer-position": "the correct option always sits in the same place across a bank",
    "duplicate-question": "two questions ask the same thing",
    "lesson-too-long": "a lesson's reading, media and activity time far exceeds its duration",
    "dead-link": "a link to an anchor or page that does not exist",
    "quote-unverified": "a quotation or figure whose source has no file to check it against",
}
"""Warning codes that ``# courseware: ignore[code] reason`` can silence."""

FAITHFULNESS_CODES = ("quote-not-in-source", "figure-not-in-source")
"""Error codes of ``faithfulness_issues``."""

META_CODES = ("ignore-no-reason", "ignore-unknown-code", "ignore-unused")
"""Warnings about ignore comments themselves (never silenced)."""

LEARNER_WPM = {"es": 180, "en": 200}
"""Reading speed of the courses' learners, in words per minute, by primary language."""
DEFAULT_WPM = 180
QUESTION_MINUTES = 0.5
"""Time to answer one knowledge-check question, on top of reading it."""
TOO_LONG_FACTOR = 1.5

# --------------------------------------------------------------------------------------
# Text helpers shared with ``courseware.draft``


class _NoMarks(dict[int, int | None]):
    """``str.translate`` table that drops combining marks (Unicode category Mn).

    Filled as characters turn up: a lookup per character in C instead of a Python call.
    """

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.category(chr(code)) == "Mn" else code
        self[code] = kept
        return kept


_NO_MARKS = _NoMarks()


def fold(text: str) -> str:
    """Casefold, strip accents and collapse whitespace (for loose comparisons)."""
    bare = unicodedata.normalize("NFD", text.casefold()).translate(_NO_MARKS)
    return " ".join(bare.split())


_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


_PUNCTUATION = '.,;:!?¡¿()*"'
"""Punctuation common in prose that never joins two words (unlike ' ’ and -)."""


def count_words(text: str) -> int:
    """Words in a text (letters or digits, hyphenated words count once).

    The words are ``_WORD``'s matches. Why not always the pattern: it costs about 12 µs a
    paragraph, and most prose is words between spaces and plain punctuation, which
    ``split`` counts exactly in a third of that; anything else goes to the pattern.
    """
    for mark in _PUNCTUATION:
        if mark in text:
            text = text.replace(mark, " ")
    pieces = text.split()
    if not pieces or "".join(pieces).isalnum():
        return len(pieces)
    return len(_WORD.findall(text))


def reading_minutes(words: int, language: str) -> float:
    """Minutes a learner needs to read ``words`` words in ``language`` (a BCP 47 tag)."""
    wpm = LEARNER_WPM.get(language.split("-")[0].lower(), DEFAULT_WPM)
    return words / wpm


_QUOTE_MARKS = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "″": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "‹": "'",
        "›": "'",
        "′": "'",
    }
)


def normalize_quote(text: str) -> str:
    """Text for verbatim comparison: typographic quotes made plain, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_QUOTE_MARKS).split())


# Numbers written with digits: "800", "1,400", "1.400", "8 000", "2,5".
_DIGITS = re.compile(
    r"(?<![\w.,])(?:(\d{1,3})(?P<sep>[,.\u00a0\u202f ])(\d{3})(?:(?P=sep)\d{3})*|\d+)"
    r"(?:[.,](\d+))?(?!\w)"
)

_ES_WORDS = {
    "cero": 0, "uno": 1, "un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
    "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12,
    "trece": 13, "catorce": 14, "quince": 15, "dieciseis": 16, "diecisiete": 17,
    "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiuno": 21, "veintiun": 21,
    "veintiuna": 21, "veintidos": 22, "veintitres": 23, "veinticuatro": 24,
    "veinticinco": 25, "veintiseis": 26, "veintisiete": 27, "veintiocho": 28,
    "veintinueve": 29, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
    "setenta": 70, "ochenta": 80, "noventa": 90, "cien": 100, "ciento": 100,
}  # fmt: skip
_ES_HUNDREDS = {
    "doscient": 200, "trescient": 300, "cuatrocient": 400, "quinient": 500,
    "seiscient": 600, "setecient": 700, "sietecient": 700, "ochocient": 800,
    "novecient": 900,
}  # fmt: skip
_EN_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_MULTIPLIERS = {"mil": 1_000, "thousand": 1_000, "millon": 1_000_000, "millones": 1_000_000,
                "million": 1_000_000}  # fmt: skip
_WEAK = {"un", "una", "uno", "one"}
"""Words that are articles more often than numbers: a number only before a multiplier."""
_LETTERS = re.compile(r"[^\W\d_]+")


def _word_value(word: str) -> int | None:
    folded = fold(word)
    if folded in _ES_WORDS:
        return _ES_WORDS[folded]
    if folded in _EN_WORDS:
        return _EN_WORDS[folded]
    for stem, value in _ES_HUNDREDS.items():
        if folded in (stem + "os", stem + "as"):
            return value
    return None


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """A number found in a text: its value, where it is and whether it is spelled out."""

    value: float
    start: int
    end: int
    text: str
    spelled: bool


def _digit_value(match: re.Match[str]) -> float:
    whole = match.group(0)
    decimals = match.group(4)
    integer = whole[: len(whole) - len(decimals) - 1] if decimals else whole
    digits = re.sub(r"\D", "", integer)
    return float(f"{digits}.{decimals}") if decimals else float(digits)


def _spelled_numbers(text: str) -> Iterator[NumberMatch]:
    words = [(m.start(), m.end(), m.group(0)) for m in _LETTERS.finditer(text)]
    i = 0
    while i < len(words):
        run: list[tuple[int, int, str]] = []
        j = i
        while j < len(words):
            start, end, word = words[j]
            gap = text[run[-1][1] : start] if run else ""
            if run and gap.strip() not in ("", "-"):
                break
            low = fold(word)
            if _word_value(word) is not None or low in _MULTIPLIERS or low == "hundred":
                run.append(words[j])
                j += 1
            elif run and low in ("y", "and") and j + 1 < len(words):
                before = fold(run[-1][2])
                after = _word_value(words[j + 1][2])
                tens = low == "y" and _word_value(before) in range(30, 100, 10)
                scale = low == "and" and (before == "hundred" or before in _MULTIPLIERS)
                if after is None or not ((tens and 0 < after < 10) or scale):
                    break
                run.append(words[j])
                j += 1
            else:
                break
        if not run:
            i += 1
            continue
        folded_run = [fold(w) for _, _, w in run]
        if len(run) == 1 and (folded_run[0] in _WEAK or folded_run[0] == "hundred"):
            i = j
            continue
        total = current = 0
        for word in folded_run:
            if word in ("y", "and"):
                continue
            if word == "hundred":
                current = max(current, 1) * 100
            elif word in _MULTIPLIERS:
                total += max(current, 1) * _MULTIPLIERS[word]
                current = 0
            else:
                current += _word_value(word) or 0
        start, end = run[0][0], run[-1][1]
        yield NumberMatch(float(total + current), start, end, text[start:end], True)
        i = j


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number in a text, written with digits ("1,400", "8 000") or words ("ocho")."""
    found = [
        NumberMatch(_digit_value(m), m.start(), m.end(), m.group(0), False)
        for m in _DIGITS.finditer(text)
    ]
    found.extend(_spelled_numbers(text))
    return sorted(found, key=lambda n: n.start)


# --------------------------------------------------------------------------------------
# Faithfulness: quotations and key figures against the source files they cite

_ELISION = re.compile(r"\s*(?:\[(?:…|\.\.\.)\]|\((?:…|\.\.\.)\))\s*")
_STOPWORD_TEXT = (
    "para por con sin sobre entre desde hasta hacia según como cuando donde pero porque "
    "este esta estos estas ese esa esos esas aquel del las los una unos unas que quien "
    "cual más menos muy todo toda todos todas cada otro otra otros otras sus nuestro "
    "with from into over under than that this these those there their they what which "
    "about after before more most some such only also been have were will would"
)
_STOPWORDS = frozenset(fold(w) for w in _STOPWORD_TEXT.split())


def _stems(text: str) -> set[str]:
    """Content words of a text, accent-folded and cut to five letters."""
    return {w[:5] for w in _LETTERS.findall(fold(text)) if len(w) >= 4 and w not in _STOPWORDS}


@dataclass
class SourceText:
    """A source file's text, normalised for searching, with the line of every character."""

    path: Path
    lines: list[str]
    text: str = ""
    where: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[tuple[int, str, list[NumberMatch], set[str]]] = field(default_factory=list)
    line_stems: list[set[str]] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path, display: Path) -> SourceText | None:
        """Read and index a source file; None if it cannot be read as text."""
        try:
            raw = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None
        return cls.parse(raw, display, markdown=path.suffix.lower() in (".md", ".markdown"))

    @classmethod
    def parse(cls, raw: str, display: Path, *, markdown: bool) -> SourceText:
        """Index text: plain quote marks, collapsed whitespace, no Markdown emphasis marks."""
        source = cls(display, raw.splitlines())
        chars: list[str] = []
        for number, line in enumerate(source.lines, 1):
            body = line
            if markdown:
                body = re.sub(r"^\s*(?:>\s?)+", "", body)
            for column, ch in enumerate(unicodedata.normalize("NFC", body), 1):
                if markdown and ch in "*`":
                    continue
                ch = ch.translate(_QUOTE_MARKS)
                if ch.isspace():
                    if not chars or chars[-1] == " ":
                        continue
                    ch = " "
                chars.append(ch)
                source.where.append((number, column))
            if chars and chars[-1] != " ":
                chars.append(" ")
                source.where.append((number, len(body) + 1))
        source.text = "".join(chars)
        source.sentences = [
            (first, sentence, find_numbers(sentence), _stems(sentence))
            for first, passage in _passages(source.lines)
            for sentence in split_sentences(passage)
        ]
        source.line_stems = [_stems(line) for line in source.lines]
        return source

    def span(self, line: int = 1, column: int = 1) -> SourceSpan:
        """A span in this source file."""
        return SourceSpan(self.path, line, column)

    def line_with(self, first: int, needle: str) -> int:
        """The first line from ``first`` on that contains ``needle`` (else ``first``)."""
        for number in range(first, min(len(self.lines), first + 50) + 1):
            if needle in self.lines[number - 1]:
                return number
        return first

    def find(self, needle: str, start: int = 0) -> int:
        """Offset of ``needle`` (normalised) at word boundaries, from ``start``, or -1."""
        while True:
            at = self.text.find(needle, start)
            if at < 0:
                return -1
            end = at + len(needle)
            before = self.text[at - 1] if at else " "
            after = self.text[end] if end < len(self.text) else " "
            if not (needle[0].isalnum() and before.isalnum()) and not (
                needle[-1].isalnum() and after.isalnum()
            ):
                return at
            start = at + 1

    def closest_line(self, text: str) -> int:
        """The line sharing most content words with ``text``, else most of its letters, else 1."""
        wanted = _stems(text)
        best, best_line = 1, 1
        for number, stems in enumerate(self.line_stems, 1):
            shared = len(wanted & stems)
            if shared > best:
                best, best_line = shared, number
        if best_line > 1:
            return best_line
        needle = fold(normalize_quote(text))
        longest = len(needle) // 2
        for number, line in enumerate(self.lines, 1):
            folded = fold(normalize_quote(line))
            matcher = difflib.SequenceMatcher(None, needle, folded, autojunk=False)
            size = matcher.find_longest_match(0, len(needle), 0, len(folded)).size
            if size > longest:
                longest, best_line = size, number
        return best_line


_SENTENCE_END = re.compile(r"(?<=[.!?…])[»”\"']?\s+(?=[«“\"¿¡(]?[A-ZÁÉÍÓÚÑ])")


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph: a full stop before a capital ends one, outside quotations."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        head = text[start : match.start()]
        if head.count("“") + head.count("«") > head.count("”") + head.count("»"):
            continue
        sentences.append(text[start : match.start()] + match[0].strip())
        start = match.end()
    sentences.append(text[start:])
    return [s.strip() for s in sentences if s.strip()]


def _passages(lines: Sequence[str]) -> list[tuple[int, str]]:
    """Paragraphs, table rows and list items, each with its first line."""
    out: list[tuple[int, str]] = []
    current: list[str] = []
    first = 0
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        starts_item = bool(re.match(r"^(\||[-*+]\s|\d+[.)]\s|#)", stripped))
        if not stripped or starts_item:
            if current:
                out.append((first, " ".join(current)))
            current = []
        if stripped:
            if not current:
                first = number
            current.append(stripped)
            if stripped.startswith(("|", "#")):
                out.append((first, " ".join(current)))
                current = []
    if current:
        out.append((first, " ".join(current)))
    return out


def _quote_parts(quote: str) -> list[str]:
    text = normalize_quote(quote).strip().strip("\"'").strip()
    text = text.replace("`", "").replace("*", "")
    parts = [p.strip(" …").removesuffix("...").removeprefix("...").strip() for p in
             _ELISION.split(text)]  # fmt: skip
    return [p for p in parts if p]


def _quote_difference(quote: str, source: SourceText, line: int) -> str | None:
    """'source has «X» where the quote has «Y»', comparing with the text near ``line``."""
    starts = [i for i, (n, _) in enumerate(source.where) if n >= line]
    if not starts:
        return None
    wanted = " ".join(_quote_parts(quote)).split()
    lo = max(0, starts[0] - len(" ".join(wanted)))
    region = source.text[lo : starts[0] + 2 * len(" ".join(wanted)) + 40].split()
    ops = difflib.SequenceMatcher(None, wanted, region, autojunk=False).get_opcodes()
    equal = [k for k, op in enumerate(ops) if op[0] == "equal"]
    if not equal:
        return None
    for tag, i1, i2, j1, j2 in ops[equal[0] : equal[-1] + 1]:
        if tag != "equal":
            have = " ".join(wanted[i1:i2]) or "(nothing)"
            has = " ".join(region[j1:j2]) or "(nothing)"
            return f"the source has «{has}» where the quotation has «{have}»"
    return None


def _quote_issue(block: QuoteBlock, source: SourceText, label: str) -> Issue | None:
    parts = _quote_parts(block.quote)
    at = 0
    for part in parts:
        found = source.find(part, at)
        if found < 0:
            line = source.closest_line(part)
            difference = _quote_difference(part, source, line)
            return Issue(
                "error",
                f"quotation not found verbatim in source {label}",
                block.field_span("quote"),
                hint=(difference + "; " if difference else "")
                + "copy the words exactly, or say it in your own words without a quote block",
                code="quote-not-in-source",
                related=(source.span(line),),
            )
        at = found + len(part)
    return None


def _figure_issue(
    value: str, label: str, node: Node, source: SourceText, name: str
) -> Issue | None:
    numbers = find_numbers(value)
    span = node.field_span("value")
    if not numbers:
        folded = fold(normalize_quote(value))
        haystack = fold(source.text)
        if re.search(rf"(?<!\w){re.escape(folded)}(?!\w)", haystack):
            return None
        return Issue(
            "error",
            f"key figure «{value}» does not occur in source {name}",
            span,
            hint="use the figure as the source states it, or remove `source:`",
            code="figure-not-in-source",
            related=(source.span(source.closest_line(label)),),
        )
    units = _stems(_strip_numbers(value))
    about = _stems(label)
    for number in numbers:
        hits = [
            (source.line_with(first, n.text), stems)
            for first, _, found, stems in source.sentences
            for n in found
            if n.value == number.value
        ]
        if not hits:
            return Issue(
                "error",
                f"key figure {number.text!r} ({label}) does not occur in source {name}",
                span,
                hint="check the number against the source, or remove `source:`",
                code="figure-not-in-source",
                related=(source.span(source.closest_line(label)),),
            )
        if not any(units <= stems and (not about or about & stems) for _, stems in hits):
            return Issue(
                "error",
                f"key figure {value!r} occurs in source {name}, but never next to «{label}»",
                span,
                hint="check that the source counts the same thing with this number",
                code="figure-not-in-source",
                related=tuple(source.span(line) for line, _ in hits[:3]),
            )
    return None


def _strip_numbers(text: str) -> str:
    out = text
    for number in reversed(find_numbers(text)):
        out = out[: number.start] + " " + out[number.end :]
    return out


def _source_texts(course: Course, root: Path) -> dict[str, SourceText | None]:
    from courseware.load.paths import PathEscapeError, resolve_inside
    from courseware.load.yaml import display_path

    texts: dict[str, SourceText | None] = {}
    for source in course.sources:
        if source.id in texts:
            continue
        if source.file is None:
            texts[source.id] = None
            continue
        try:
            path = resolve_inside(root, source.file)
        except PathEscapeError:
            continue  # checks.py reports it
        if path.is_file():
            read = SourceText.read(path, display_path(path))
            if read is not None:
                texts[source.id] = read
    return texts


def faithfulness_issues(course: Course, root: Path) -> list[Issue]:
    """Errors for quotations not verbatim in their source and key figures it does not state."""
    texts = _source_texts(course, root)
    issues: list[Issue] = []
    for lesson in course.lessons():
        for block in lesson.blocks:
            if isinstance(block, QuoteBlock):
                source = texts.get(block.source)
                if source is not None:
                    issue = _quote_issue(block, source, f"{block.source!r} ({source.path})")
                    if issue is not None:
                        issues.append(issue)
            elif isinstance(block, KeyFiguresBlock):
                for figure in block.figures:
                    source = texts.get(figure.source) if figure.source else None
                    if source is not None:
                        issue = _figure_issue(
                            figure.value,
                            figure.label,
                            figure,
                            source,
                            f"{figure.source!r} ({source.path})",
                        )
                        if issue is not None:
                            issues.append(issue)
    return issues


# --------------------------------------------------------------------------------------
# Lint warnings


@dataclass(frozen=True)
class _Finding:
    """A warning and the places where an ignore comment may silence it."""

    issue: Issue
    anchors: tuple[SourceSpan, ...]


def _warn(
    code: str,
    message: str,
    span: SourceSpan | None,
    hint: str,
    *,
    owner: Node | None = None,
    related: Iterable[SourceSpan | None] = (),
) -> _Finding:
    issue = Issue(
        "warning",
        message,
        span,
        hint=hint,
        code=code,
        related=tuple(s for s in related if s is not None),
    )
    anchors = tuple(s for s in (span, owner.span if owner else None) if s is not None)
    return _Finding(issue, anchors)


@cache
def _file_lines(path: Path) -> tuple[str, ...]:
    try:
        return tuple(path.read_text(encoding="utf-8-sig").splitlines())
    except (OSError, UnicodeDecodeError):
        return ()


def _locate(span: SourceSpan | None, needle: str, skip: int = 0) -> SourceSpan | None:
    """Where ``needle`` (past its first ``skip`` characters) is written at or after ``span``."""
    if span is None or not needle:
        return span
    lines = _file_lines(span.path)
    for index in range(span.line - 1, min(len(lines), span.line + 400)):
        column = lines[index].find(needle)
        if column >= 0:
            return SourceSpan(span.path, index + 1, column + 1 + skip)
    return span


def _objectives(course: Course) -> list[_Finding]:
    assessed = {o for q in _ready(course) for o in q.objectives}
    return [
        _warn(
            "objective-unassessed",
            f"objective {objective.id!r} is not assessed by any question",
            objective.span,
            f"add `objectives: [{objective.id}]` to a question that assesses it",
            owner=objective,
        )
        for objective in course.objectives
        if objective.id not in assessed
    ]


def _ready(course: Course) -> list[Any]:
    return [q for bank in course.banks for q in bank.questions if q.status == "ready"]


def _lesson_objectives(lesson: Lesson) -> list[_Finding]:
    if lesson.objectives:
        return []
    return [
        _warn(
            "lesson-no-objective",
            f"lesson {lesson.id!r} names no objective",
            lesson.field_span("id"),
            "add `objectives: [<objective-id>]` with the course objectives it serves",
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


_ALT_HINT = (
    "describe what the image shows (its information, not 'image'), or set `decorative: true`"
)


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
                        f"image {block.src!r} has no meaningful alt text ({block.alt!r})",
                        block.field_span("alt"),
                        _ALT_HINT,
                        owner=block,
                    )
                )
    for text in texts:
        for src, alt in text.images:
            if _meaningless_alt(alt, src):
                findings.append(
                    _warn(
                        "alt-text",
                        f"image {src!r} has no meaningful alt text ({alt!r})",
                        _locate(text.node.field_span(text.name), f"({src}", 1),
                        "write ![what the image shows](" + src + ")",
                        owner=text.node,
                    )
                )
    return findings


def _videos(course: Course) -> list[_Finding]:
    return [
        _warn(
            "video-no-captions",
            f"video {(block.src or block.url)!r} has no captions",
            block.span,
            "add `captions: [{src: media/<name>.vtt, language: " + course.language + "}]` (WebVTT)",
            owner=block,
        )
        for lesson in course.lessons()
        for block in lesson.blocks
        if isinstance(block, VideoBlock) and not block.captions
    ]


def _answer_patterns(course: Course) -> list[_Finding]:
    findings: list[_Finding] = []
    for bank in course.banks:
        choice = [
            q for q in bank.questions if isinstance(q, SingleChoiceQuestion) and q.status == "ready"
        ]
        if len(choice) >= 3:
            longest = []
            positions = set()
            for question in choice:
                sizes = [len(fold(c.text)) for c in question.choices]
                right = next(i for i, c in enumerate(question.choices) if c.correct)
                positions.add(right)
                if all(sizes[right] > s for i, s in enumerate(sizes) if i != right):
                    longest.append(question)
            if len(longest) == len(choice):
                findings.append(
                    _warn(
                        "answer-longest",
                        f"in every single-choice question of bank {bank.id!r} "
                        "the correct option is the longest",
                        bank.field_span("id"),
                        "make some wrong options as long and as precise as the right one",
                        owner=bank,
                        related=[q.span for q in choice[:5]],
                    )
                )
            if len(positions) == 1:
                place = positions.pop() + 1
                findings.append(
                    _warn(
                        "answer-position",
                        f"in every single-choice question of bank {bank.id!r} "
                        f"the correct option is number {place}",
                        bank.field_span("id"),
                        "move the correct option to different places (printed quizzes keep "
                        "the order)",
                        owner=bank,
                        related=[q.span for q in choice[:5]],
                    )
                )
        truths = [
            q for q in bank.questions if isinstance(q, TrueFalseQuestion) and q.status == "ready"
        ]
        if len(truths) >= 4 and len({q.answer for q in truths}) == 1:
            word = "true" if truths[0].answer else "false"
            findings.append(
                _warn(
                    "answer-position",
                    f"every true/false question of bank {bank.id!r} is {word}",
                    bank.field_span("id"),
                    "write some statements with the other answer",
                    owner=bank,
                    related=[q.span for q in truths[:5]],
                )
            )
    return findings


def _fingerprint(question: Any) -> str:
    """What a question asks: the letters of its folded texts (choices in any order), then
    the numbers in them. Each text is folded once: folding is the same text by text as
    all at once, and folding a folded text changes nothing."""
    parts = [question.type, question.prompt]
    folded = [question.type, fold(question.prompt)]
    if isinstance(question, SingleChoiceQuestion | MultipleResponseQuestion):
        choices = sorted(fold(c.text) for c in question.choices)
        parts += choices
        folded += choices
    elif isinstance(question, ClozeQuestion):
        parts.append(question.text)
        folded.append(fold(question.text))
    elif isinstance(question, MatchingQuestion):
        pairs = sorted(f"{p.left}={p.right}" for p in question.pairs)
        parts += pairs
        folded += [fold(p) for p in pairs]
    elif isinstance(question, OrderingQuestion):
        parts += question.items
        folded += [fold(i) for i in question.items]
    return " ".join(_LETTERS.findall(" | ".join(folded)) + _DIGIT_RUNS.findall(" ".join(parts)))


_DIGIT_RUNS = re.compile(r"\d+")


def _duplicates(course: Course) -> list[_Finding]:
    seen: dict[str, Any] = {}
    findings: list[_Finding] = []
    for question in _ready(course):
        key = _fingerprint(question)
        first = seen.setdefault(key, question)
        if first is not question:
            findings.append(
                _warn(
                    "duplicate-question",
                    f"question {question.id!r} asks the same as {first.id!r}",
                    question.field_span("id"),
                    "remove one, or rewrite it to assess something else",
                    owner=question,
                    related=[first.field_span("id")],
                )
            )
    return findings


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
                    f"lesson {lesson.id!r} takes about {estimate.minutes:.0f} min "
                    f"({estimate.words} words at "
                    f"{LEARNER_WPM.get(course.language.split('-')[0], DEFAULT_WPM)} wpm, "
                    f"{estimate.media + estimate.activities + estimate.questions:.0f} min of "
                    f"media, activities and questions), over its stated {lesson.duration} min",
                    lesson.field_span("duration"),
                    f"split the lesson, cut text, or set `duration: {need} min`",
                    owner=lesson,
                )
            )
    return findings


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
    everywhere = set().union(*pages.values())
    if url in ("", "#"):
        return "a link with no target", "give the link an address"
    if url.startswith("#"):
        fragment = url[1:]
        here = pages.get(page, everywhere) if page else everywhere
        if fragment in here or fragment.startswith("cw-"):
            return None
        if fragment in pages and fragment not in PAGES:
            return (
                f"link {url!r} jumps within this page, but {fragment!r} is a lesson",
                f"link to the lesson page: ({fragment}.html)",
            )
        close = difflib.get_close_matches(fragment, sorted(here | set(pages)), 1)
        fix = f"did you mean '#{close[0]}'?" if close and close[0] in here else None
        if close and close[0] in pages:
            fix = f"did you mean '{close[0]}.html'?"
        return (
            f"link {url!r} points to no anchor on this page",
            fix or "link to '<lesson-id>.html', '<lesson-id>.html#<block-id>' or '#<block-id>'",
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
            f"link {url!r} points to no page: there is no lesson {stem!r}",
            f"did you mean '{close[0]}.html'?" if close else "link to '<lesson-id>.html'",
        )
    fragment = parts.fragment
    if fragment and stem not in ("sources", "print") and fragment not in pages[stem]:
        if fragment.startswith("cw-"):
            return None
        close = difflib.get_close_matches(fragment, sorted(pages[stem]), 1)
        return (
            f"link {url!r}: page {name!r} has no anchor {fragment!r}",
            f"did you mean '{stem}.html#{close[0]}'?"
            if close
            else f"give the block an `id: {fragment}` in lesson {stem!r}",
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


def _unverifiable(course: Course) -> list[_Finding]:
    without_file = {s.id for s in course.sources if s.file is None}
    findings: list[_Finding] = []
    for lesson in course.lessons():
        for block in lesson.blocks:
            if isinstance(block, QuoteBlock):
                cited, what, span = {block.source}, "quotation cites", block.field_span("source")
            elif isinstance(block, KeyFiguresBlock):
                cited = {f.source for f in block.figures if f.source}
                what, span = "key figures cite", block.span
            else:
                continue
            for source in sorted(cited & without_file):
                findings.append(
                    _warn(
                        "quote-unverified",
                        f"{what} source {source!r}, which has no `file` to check against",
                        span,
                        "add the source notes under seeds/ and set `file:` on the source",
                        owner=block,
                    )
                )
    return findings


# --------------------------------------------------------------------------------------
# Ignore comments

_IGNORE = re.compile(r"#\s*courseware:\s*ignore\[([^\]]*)\][ \t]*(.*?)\s*$")


@dataclass
class _Ignore:
    span: SourceSpan
    codes: tuple[str, ...]
    reason: str
    used: bool = False


def _ignores(files: Iterable[Path]) -> list[_Ignore]:
    found: list[_Ignore] = []
    for path in sorted(set(files), key=str):
        try:
            raw = path.read_bytes()
            if b"courseware:" not in raw:
                continue  # most files silence nothing: nothing to decode or search
            text = raw.decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            match = _IGNORE.search(line)
            if match:
                codes = tuple(c.strip() for c in match[1].split(",") if c.strip())
                found.append(_Ignore(SourceSpan(path, number, match.start() + 1), codes, match[2]))
    return found


def _course_files(course: Course) -> set[Path]:
    """course.yaml, the lesson files and the bank files."""
    nodes: list[Node] = [course, *course.lessons(), *course.banks]
    # Not ``node.span.path``: a span unpacks the places of its whole file (20 us a file).
    return {file for node in nodes if (file := node.source_file) is not None}


def _apply_ignores(findings: list[_Finding], ignores: list[_Ignore]) -> list[Issue]:
    by_line: dict[tuple[Path, int], list[_Ignore]] = defaultdict(list)
    for ignore in ignores:
        by_line[(ignore.span.path, ignore.span.line)].append(ignore)
    kept: list[Issue] = []
    for finding in findings:
        silenced = False
        for anchor in finding.anchors:
            for line in (anchor.line, anchor.line - 1):
                for ignore in by_line.get((anchor.path, line), []):
                    if finding.issue.code in ignore.codes and ignore.reason:
                        ignore.used = silenced = True
        if not silenced:
            kept.append(finding.issue)
    for ignore in ignores:
        unknown = [c for c in ignore.codes if c not in LINT_CODES]
        if not ignore.reason:
            kept.append(
                Issue(
                    "warning",
                    "ignore comment without a reason",
                    ignore.span,
                    hint="say why, e.g. `# courseware: ignore[alt-text] described in the caption`",
                    code="ignore-no-reason",
                )
            )
        elif unknown or not ignore.codes:
            kept.append(
                Issue(
                    "warning",
                    f"ignore comment names unknown code {unknown[0] if unknown else ''!r}",
                    ignore.span,
                    hint="known codes: " + ", ".join(LINT_CODES),
                    code="ignore-unknown-code",
                )
            )
        elif not ignore.used:
            kept.append(
                Issue(
                    "warning",
                    f"ignore[{', '.join(ignore.codes)}] silences nothing here",
                    ignore.span,
                    hint="put it on the warned item's line or the line above, or delete it",
                    code="ignore-unused",
                )
            )
    return kept


def lint_course(course: Course, root: Path) -> list[Issue]:
    """Teaching warnings for a loaded course, minus those silenced by ignore comments."""
    _file_lines.cache_clear()
    findings: list[_Finding] = []
    findings += _objectives(course)
    for lesson in course.lessons():
        findings += _lesson_objectives(lesson)
    texts = _markdown_texts(course)
    findings += _images(course, texts)
    findings += _videos(course)
    findings += _answer_patterns(course)
    findings += _duplicates(course)
    findings += _durations(course)
    findings += _links(course, root, texts)
    findings += _unverifiable(course)
    issues = _apply_ignores(findings, _ignores(_course_files(course)))
    _file_lines.cache_clear()
    return issues
