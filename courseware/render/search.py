"""Offline search: the words of every page, indexed when the site is built.

The index is a script (``assets/search-index.js``), not JSON, so that a page opened from
``file://`` can load it. Words are folded the way ``search.js`` folds a query: accents
dropped, lower case; words that occur on the same pages are grouped, one space-separated
string per group, so a prefix search is a substring test.
"""

from __future__ import annotations

import html as htmllib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping

SEARCH_INDEX = "assets/search-index.js"
MARKS = re.compile("[\u0300-\u036f]")
"""Combining diacritical marks (search.js removes the same range)."""
WORD = re.compile(r"[^\W_]{2,}")
"""Letters and digits, two or more (search.js: /[\\p{L}\\p{N}]{2,}/gu)."""


def fold(text: str) -> str:
    """``text`` without accents, in lower case: "Envío" -> "envio"."""
    return MARKS.sub("", unicodedata.normalize("NFD", text)).lower()


DROPPED = re.compile(
    r"<(nav|script|style|template)\b.*?</\1>|<span class=\"cw-def\".*?</span></span>", re.S | re.I
)
"""Navigation, scripts, and the definitions shown under glossary terms."""
TAG = re.compile(r"<[^>]*>")
H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S | re.I)


def page_words(html: bytes, known: dict[str, list[str]] | None = None) -> tuple[str, set[str]]:
    """The title (first ``h1``) and folded words of a page's main content (no navigation).

    ``known`` remembers the words of each whitespace-separated token folded so far; pass the
    same dict for every page of a site (the same result, a third faster).

    Why regular expressions, not an HTML parser: the pages are our own, well-formed output,
    and a course of a thousand lessons is indexed in a tenth of the time. Why tokens: folding
    never moves a word across white space, and most tokens recur from page to page.
    """
    text = html.decode("utf-8")
    start, end = text.find("<main"), text.rfind("</main>")
    if start < 0 or end < start:
        return "", set()
    body = DROPPED.sub(" ", text[start:end])
    heading = H1.search(body)
    title = " ".join(_text(heading.group(1)).split()) if heading else ""
    known = {} if known is None else known
    words: set[str] = set()
    for token in set(_text(body).split()):
        found = known.get(token)
        if found is None:
            found = known[token] = WORD.findall(fold(token))
        words.update(found)
    return title, words


def _text(markup: str) -> str:
    """Markup as text: a space for every tag ("<h1>B</h1><p>gratis" is two words)."""
    return htmllib.unescape(TAG.sub(" ", markup))


def search_index(
    pages: Mapping[str, bytes], order: Iterable[str], strings: Mapping[str, str] | None = None
) -> bytes:
    """The index script of the ``pages`` named in ``order`` (relpath -> HTML), in that order,
    with the ``strings`` search.js shows (so that pages need not carry them)."""
    listed: list[list[str]] = []
    groups: dict[tuple[int, ...], list[str]] = {}
    found: dict[str, list[int]] = {}
    known: dict[str, list[str]] = {}
    for relpath in order:
        if relpath not in pages:
            continue
        title, words = page_words(pages[relpath], known)
        number = len(listed)
        listed.append([relpath, title])
        for word in words:
            found.setdefault(word, []).append(number)
    for word, numbers in found.items():
        groups.setdefault(tuple(numbers), []).append(word)
    data = {
        "pages": listed,
        "groups": [
            [",".join(map(str, key)), " ".join(sorted(words))]
            for key, words in sorted(groups.items())
        ],
        "strings": dict(strings or {}),
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"window.CoursewareSearch={text};\n".encode()
