"""Glossary terms linked where they first appear in a lesson's text.

A term matches whole words, ignoring capitals and accents ("ECONOMIA digital" finds
"Economía digital"), each word with an optional plural ending ("pymes", "aldeas
digitales"). A term written ``GDT (Global Digital Talent)`` also matches ``GDT`` and
``Global Digital Talent``. Text inside links, code, headings, buttons and summaries is
left alone. Each term is linked once per :class:`TermLinker` (one per lesson and
document); how a link looks is up to the output (:func:`html_term`, :func:`print_term`,
:func:`epub_term`).
"""

from __future__ import annotations

import functools
import html as html_lib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from courseware.render.html_helpers import collation_key, slug

SKIP = frozenset(
    {"a", "code", "pre", "kbd", "samp", "h1", "h2", "h3", "h4", "h5", "h6", "button"}
    | {"summary", "label", "script", "style", "sup", "sub", "abbr", "dfn", "svg", "math"}
)
"""Elements whose text is never linked (a link inside them would be wrong or unsafe)."""

VOID = frozenset({"br", "img", "hr", "wbr", "input", "source", "track", "col", "area"})

_TAG = re.compile(r"(<[^>]*>)")
_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")
_PAREN = re.compile(r"^(.*?)\s*\((.+)\)\s*$")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Term:
    """A glossary entry as linked: its anchor in the glossary, its name and definition."""

    anchor: str
    term: str
    definition: str
    """Markdown."""


def _fold_char(char: str) -> str:
    """One character casefolded without accents: none, one or more characters."""
    parts = unicodedata.normalize("NFD", char.casefold())
    return "".join(part for part in parts if unicodedata.category(part) != "Mn")


class _FoldTable(dict[int, str]):
    """``str.translate``'s table for :func:`fold`, filled in as characters are met;
    ``uneven`` holds those that do not fold to exactly one character (``ß``, a mark)."""

    def __init__(self) -> None:
        super().__init__()
        self.uneven: set[str] = set()

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        if len(folded) != 1:
            self.uneven.add(chr(code))
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` casefolded without accents, and the index in ``text`` of each folded char.

    Why a table: folding character by character in Python was most of the time of linking
    a glossary of 100 terms in 1,000 lessons; most text folds one character to one.
    """
    folded = text.translate(_FOLD)
    if _FOLD.uneven.isdisjoint(text):
        return folded, list(range(len(text)))
    where: list[int] = []
    for index, char in enumerate(text):
        where += [index] * len(_FOLD[ord(char)])
    return folded, where


def forms(term: str) -> list[str]:
    """The folded forms a term is found by: the whole term, and for ``A (B)`` also A and B."""
    found = [term]
    paren = _PAREN.match(term)
    if paren:
        found += [paren.group(1), paren.group(2)]
    return [fold(f)[0] for f in found if _WORD.search(f)]


def _pattern(form: str) -> tuple[str, str]:
    """A form's pattern as (its first character, the rest): its words, each with an
    optional plural ending, ending a word (:func:`term_pattern` tests the start)."""
    words = [re.escape(w) + "(?:es|s)?" for w in form.split()]
    whole = r"\s+".join(words) + r"(?!\w)"
    first = re.escape(form.split()[0][0])
    return first, whole[len(first) :]


def term_pattern(terms: Sequence[Term]) -> re.Pattern[str] | None:
    """One pattern finding every term; the group ``t<n>`` tells which (longest forms first).

    Made once per glossary (a linker per page each made it: 0.6 ms a page for 100 terms).
    """
    return _term_pattern(tuple(terms))


@functools.lru_cache(maxsize=16)
def _term_pattern(terms: tuple[Term, ...]) -> re.Pattern[str] | None:
    """:func:`term_pattern`, its forms grouped by first character after one test of the
    start of a word. The same matches: only the forms of the character there can match,
    and they keep their order. Why: each form testing the start of a word, at every
    character of the text, took a course of 1,000 lessons and 100 terms 12 s (now 0.3 s).
    """
    alternatives = sorted(
        ((f, n) for n, t in enumerate(terms) for f in forms(t.term)), key=lambda p: -len(p[0])
    )
    if not alternatives:
        return None
    seen: set[str] = set()
    by_first: dict[str, list[str]] = {}
    for number, (form, index) in enumerate(alternatives):
        if form not in seen:
            seen.add(form)
            first, rest = _pattern(form)
            by_first.setdefault(first, []).append(f"(?P<t{index}_{number}>{rest})")
    branches = [f"{first}(?:{'|'.join(rests)})" for first, rests in by_first.items()]
    return re.compile(rf"(?<!\w)(?:{'|'.join(branches)})")


Make = Callable[[Term, str], str]
"""Markup for a term found: (the term, the text as written, HTML-escaped) -> HTML."""


Linked = dict[tuple[tuple[int, ...], str], tuple[str, tuple[int, ...]]]
"""Linkings remembered: (terms linked before, HTML) -> (HTML linked, terms it linked)."""


class TermLinker:
    """Links each term the first time it is found in the HTML given to it (then never).

    ``memo``, shared by the linkers of one output (same terms, same ``make``), remembers
    each linking: a linker that gets the HTML another got, with the same terms linked
    before, gives the same result without searching (a lesson page links its text twice:
    once to know whether it needs the glossary's styles, once to show it).
    """

    def __init__(self, terms: Sequence[Term], make: Make, memo: Linked | None = None) -> None:
        self.terms = list(terms)
        self.make = make
        self.pattern = term_pattern(self.terms)
        self.linked: list[Term] = []
        self.memo = memo
        self._order: list[int] = []
        """The numbers of the terms of ``linked`` (their index in ``terms``), in order."""
        self._seen: set[int] = set()
        """The same numbers, to look up."""

    def __call__(self, html: str) -> Markup:
        """``html`` with the terms not linked before linked."""
        if self.pattern is None or len(self.linked) == len(self.terms):
            return Markup(html)
        key = (tuple(self._order), str(html))
        known = self.memo.get(key) if self.memo is not None else None
        if known is not None:
            for number in known[1]:
                self._add(number)
            return Markup(known[0])
        before = len(self._order)
        out = "".join(self._pieces(html))
        if self.memo is not None:
            self.memo[key] = (out, tuple(self._order[before:]))
        return Markup(out)

    def _pieces(self, html: str) -> list[str]:
        out: list[str] = []
        depth = 0
        for piece in _TAG.split(str(html)):
            if piece.startswith("<"):
                depth += _depth_change(piece)
                out.append(piece)
            elif depth <= 0 and piece.strip():
                out.append(self._link(piece))
            else:
                out.append(piece)
        return out

    def _link(self, text: str) -> str:
        assert self.pattern is not None
        folded, where = fold(text)
        out: list[str] = []
        last = 0
        for match in self.pattern.finditer(folded):
            number = int((match.lastgroup or "")[1:].split("_")[0])
            if number in self._seen:
                continue
            term = self._add(number)
            start, end = where[match.start()], where[match.end() - 1] + 1
            out += [text[last:start], self.make(term, text[start:end])]
            last = end
        return "".join(out) + text[last:]

    def _add(self, number: int) -> Term:
        """Count the term numbered ``number`` as linked; return it."""
        self._order.append(number)
        self._seen.add(number)
        self.linked.append(self.terms[number])
        return self.terms[number]


class TermScopes:
    """Linkers by scope, for templates: ``term_scope()`` opens one (a lesson in a document)
    and gives its name, ``link_terms(html, scope)`` links text in it.

    Why names, not the linkers: a template may hold only plain values and the build's own
    helpers (a course theme must reach nothing else).
    """

    KEPT = 64
    """Scopes kept open (a lesson is drawn before the next opens; a few spare)."""

    def __init__(self, terms: Sequence[Term], make: Make, memo: Linked | None = None) -> None:
        self.terms = list(terms)
        self.make = make
        self.memo = memo
        """Shared by the linkers opened (see :class:`TermLinker`); None: none kept."""
        self.linkers: dict[str, TermLinker] = {}
        self.opened = 0

    def open(self) -> str:
        """A new scope: each term is linked once in it."""
        self.opened += 1
        name = f"terms-{self.opened}"
        self.linkers[name] = TermLinker(self.terms, self.make, self.memo)
        while len(self.linkers) > self.KEPT:
            del self.linkers[next(iter(self.linkers))]
        return name

    def link(self, html: str, scope: str) -> Markup:
        """``html`` with the terms not yet linked in ``scope`` linked."""
        linker = self.linkers.get(scope)
        return linker(html) if linker is not None else Markup(html)


def _depth_change(tag: str) -> int:
    name = _NAME.match(tag)
    if name is None or name.group(2).lower() not in SKIP:
        return 0
    if name.group(1):
        return -1
    return 0 if tag.endswith("/>") or name.group(2).lower() in VOID else 1


_P = re.compile(r"</?p>")
_BLOCK = re.compile(r"<(?:ul|ol|li|div|table|h\d|blockquote|pre|figure|hr|dl)\b")


def inline(html: str) -> Markup:
    """A definition's HTML fit to sit inside a sentence: paragraphs joined; a definition
    with lists, tables and such kept as its text only."""
    joined = " ".join(_P.sub(" ", str(html)).split())
    if _BLOCK.search(joined):
        text = html_lib.unescape(re.sub(r"<[^>]*>", " ", joined))
        joined = html_lib.escape(" ".join(text.split()), quote=False)
    return Markup(joined)


def html_term(render: Callable[[str], Any], page: str = "glossary.html") -> Make:
    """A web page: a link to the glossary entry, described by the definition (shown by
    glossary.css on hover and focus; courseware.js lets Esc hide it)."""

    def make(term: Term, text: str) -> str:
        tip = "cw-d" + term.anchor.removeprefix("term")
        return (
            f'<span class="cw-gloss"><a class="cw-term" href="{page}#{term.anchor}" '
            f'aria-describedby="{tip}">{text}</a><span class="cw-def" id="{tip}" '
            f'role="tooltip">{render(term.definition)}</span></span>'
        )

    return make


def print_term(render: Callable[[str], Any]) -> Make:
    """Paper: the term as written, and the definition as a footnote (``float: footnote``)."""

    def make(term: Term, text: str) -> str:
        name = html_lib.escape(term.term)
        return (
            f'<span class="cw-term">{text}</span><span class="cw-fn">'
            f"<b>{name}.</b> {render(term.definition)}</span>"
        )

    return make


def epub_term(page: str = "glossary.xhtml") -> Make:
    """EPUB: a link to the term's entry in the glossary chapter."""

    def make(term: Term, text: str) -> str:
        return f'<a class="cw-term" href="{page}#{term.anchor}">{text}</a>'

    return make


def glossary_terms(entries: Sequence[Any]) -> list[Term]:
    """The glossary's entries in alphabetical order, each with the anchor the glossary pages
    give it: ``term-`` and the entry's id or the term's slug, ``-2`` added while taken."""
    used: set[str] = set()
    out = []
    for entry in sorted(entries, key=lambda e: collation_key(e.term)):
        anchor = "term-" + (entry.id or slug(entry.term))
        while anchor in used:
            anchor += "-2"
        used.add(anchor)
        out.append(Term(anchor, entry.term, entry.definition))
    return out


def print_linkers(
    course: Any, mode: str, md: Callable[..., Any]
) -> tuple[TermScopes, dict[str, str]]:
    """For printed documents and the EPUB: linker scopes (footnotes on paper, links to the
    glossary chapter in the EPUB), and each term's anchor in the glossary chapter."""
    terms = glossary_terms(course.glossary) if course.settings.link_glossary else []
    paper = print_term(lambda text: inline(md(text, top=3)))
    make = epub_term() if mode == "epub" else paper
    anchors = {t.term: t.anchor for t in glossary_terms(course.glossary)}
    return TermScopes(terms, make), anchors
