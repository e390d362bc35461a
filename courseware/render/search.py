"""Offline search: the words of every page, indexed when the site is built.

The index is a script (``assets/search-index.js``), not JSON, so that a page opened from
``file://`` can load it. Words are folded the way ``search.js`` folds a query: accents
dropped, lower case; words that occur on the same pages are grouped, one space-separated
string per group, so a prefix search is a substring test.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping

import lxml.html

SEARCH_INDEX = "assets/search-index.js"
WORD = re.compile(r"[^\W_]{2,}")
"""Letters and digits, two or more (search.js: /[\\p{L}\\p{N}]{2,}/gu)."""


def fold(text: str) -> str:
    """``text`` without accents, in lower case: "Envío" -> "envio"."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def page_words(html: bytes) -> tuple[str, set[str]]:
    """The title (first ``h1``) and folded words of a page's main content (no navigation)."""
    doc = lxml.html.fromstring(html.decode("utf-8"))  # pages are UTF-8, declared or not
    main = doc.find(".//main")
    if main is None:
        return "", set()
    for dropped in main.xpath(".//nav | .//script | .//style"):
        dropped.drop_tree()
    title = " ".join((doc.findtext(".//h1") or "").split())
    text = " ".join(main.itertext())  # a space between elements: "<h1>B</h1><p>gratis" is two words
    return title, set(WORD.findall(fold(text)))


def search_index(pages: Mapping[str, bytes], order: Iterable[str]) -> bytes:
    """The index script of the ``pages`` named in ``order`` (relpath -> HTML), in that order."""
    listed: list[list[str]] = []
    groups: dict[tuple[int, ...], list[str]] = {}
    found: dict[str, list[int]] = {}
    for relpath in order:
        if relpath not in pages:
            continue
        title, words = page_words(pages[relpath])
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
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"window.CoursewareSearch={text};\n".encode()
