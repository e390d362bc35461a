"""Source files as searchable text: passages, sentences and word stems."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from courseware.errors import SourceSpan
from courseware.lint.numbers import (
    _LETTERS,
    NumberMatch,
    find_numbers,
)
from courseware.lint.text import (
    _QUOTE_MARKS,
    fold,
    normalize_quote,
)

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

    @functools.cached_property
    def folded(self) -> str:
        """``text`` folded (:func:`fold`), once: each figure written without digits looks
        for itself in it."""
        return fold(self.text)

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
