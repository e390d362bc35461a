"""What an article states, found by plain text rules: figures, quotations, people, events.

Every fact keeps the words of the article, so a question built from it is answerable from
the article and passes the faithfulness check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from courseware.draft.article import Article, article_paragraphs, section_raw
from courseware.draft.figures import LABEL_STOP, Figure, find_figures, wordset
from courseware.draft.quotes import Quotation, find_quotations
from courseware.lint import fold, normalize_quote, split_sentences

MAX_EVENT_WORDS = 16


@dataclass(frozen=True)
class Person:
    """A named person and the role the article gives them ("Ana Cruz, tejedora de ...")."""

    name: str
    role: str


@dataclass(frozen=True)
class Event:
    """Something the article dates to a year, with the year taken out of its words."""

    year: int
    text: str


@dataclass(frozen=True)
class Facts:
    """Everything a draft is made of, in the article's order, without repeats."""

    figures: tuple[Figure, ...]
    quotations: tuple[Quotation, ...]
    people: tuple[Person, ...]
    events: tuple[Event, ...]


_CAP = r"[A-ZÁÉÍÓÚÑ][a-záéíóúñü]+"
_PERSON = re.compile(
    rf"(?<![\w])({_CAP}(?:\s+{_CAP}){{1,2}}),\s+"
    r"([a-záéíóúñ][^,.;:«»“”()]{3,90}?)\s*[,.;]"
)
_NOT_FIRST_NAMES = wordset(
    "En La El Los Las Un Una Según Hoy Cada Durante Con Para Por In The A An On"
)
_YEAR_LEAD = re.compile(r"^(?:En|In|Desde|Since|Hacia)\s+((?:1[89]|20)\d\d)\s*,?\s+(.+)$")
_YEAR_INSIDE = re.compile(r"\s+(?:en|in)\s+((?:1[89]|20)\d\d)\b")


def find_people(text: str) -> list[Person]:
    """People named with a role in apposition: "Rosa Martínez, presidenta de la Asociación,"."""
    people: list[Person] = []
    for match in _PERSON.finditer(text):
        name, role = match[1], " ".join(match[2].split())
        first, role_first = fold(name.split()[0]), fold(role.split()[0])
        if first in _NOT_FIRST_NAMES or first in LABEL_STOP or role_first in LABEL_STOP:
            continue
        if len(role.split()) > 12:
            continue
        people.append(Person(name, role))
    return people


def _short(text: str) -> str:
    words = text.rstrip(".").split()
    if len(words) <= MAX_EVENT_WORDS:
        return " ".join(words)
    return " ".join(words[:MAX_EVENT_WORDS]).rstrip(",;:") + " …"


def find_events(sentence: str) -> list[Event]:
    """The event of a sentence dated to one year: "En 2019, la asociación firmó ..."."""
    lead = _YEAR_LEAD.match(sentence)
    if lead:
        rest = lead[2]
        return [Event(int(lead[1]), _short(rest[:1].upper() + rest[1:]))]
    inside = list(_YEAR_INSIDE.finditer(sentence))
    if len(inside) == 1:
        match = inside[0]
        text = sentence[: match.start()] + sentence[match.end() :]
        return [Event(int(match[1]), _short(text))]
    return []


def _unique_figures(paragraphs: list[str], language: str) -> list[Figure]:
    seen: set[tuple[float, str]] = set()
    figures: list[Figure] = []
    for paragraph in paragraphs:
        for figure in find_figures(paragraph, language):
            key = (figure.number, fold(figure.label.split()[0]))
            if key not in seen:
                seen.add(key)
                figures.append(figure)
    return figures


def _unique_quotes(article: Article) -> list[Quotation]:
    quotes: list[Quotation] = []
    seen: set[str] = set()
    for section in article.sections:
        for chunk in section.chunks:
            for raw in section_raw(chunk):
                for quote in find_quotations(raw):
                    key = normalize_quote(quote.text)
                    if key not in seen:
                        seen.add(key)
                        quotes.append(quote)
    return quotes


def find_facts(article: Article, language: str) -> Facts:
    """Figures, quotations, people and dated events of an article, each once."""
    paragraphs = article_paragraphs(article)
    people: dict[str, Person] = {}
    events: dict[int, Event] = {}
    for paragraph in paragraphs:
        for person in find_people(paragraph):
            people.setdefault(person.name, person)
        for sentence in split_sentences(" ".join(paragraph.split())):
            for event in find_events(sentence):
                events.setdefault(event.year, event)
    return Facts(
        tuple(_unique_figures(paragraphs, language)),
        tuple(_unique_quotes(article)),
        tuple(people.values()),
        tuple(sorted(events.values(), key=lambda e: e.year)),
    )


def full_name(speaker: str | None, people: tuple[Person, ...]) -> str | None:
    """The full name of a speaker the article calls by surname only ("Martínez")."""
    if not speaker:
        return None
    for person in people:
        if person.name == speaker or person.name.endswith(" " + speaker):
            return person.name
    return speaker
