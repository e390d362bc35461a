"""GIFT texts: escapes, format tags (``[html]``, ``[markdown]``, ``[plain]``, ``[moodle]``)."""

from __future__ import annotations

import re

from courseware.export.rich import cached_plain_text
from courseware.quizimport.markdown import (
    html_to_markdown,
    html_to_text,
    moodle_to_markdown,
    text_to_markdown,
)

# Escaped characters are swapped for private-use placeholders while parsing.
_ESCAPES = {
    "\\": "\ue000",
    "~": "\ue001",
    "=": "\ue002",
    "#": "\ue003",
    "{": "\ue004",
    "}": "\ue005",
    ":": "\ue006",
    "n": "\ue007",
}
_BACK = str.maketrans({v: ("\n" if k == "n" else k) for k, v in _ESCAPES.items()})
_PROTECT = re.compile(r"\\([\\~=#{}:n])")
_FORMAT = re.compile(r"^\s*\[(html|markdown|plain|moodle)\]")
FORMATS = ("html", "markdown", "plain", "moodle")


def protect(text: str) -> str:
    """``text`` with each escape (``\\~`` ...) replaced by a placeholder."""
    return _PROTECT.sub(lambda m: _ESCAPES[m.group(1)], text) if "\\" in text else text


def restore(text: str) -> str:
    """Placeholders back to the characters they stand for."""
    return text.translate(_BACK)


def split_format(raw: str, default: str) -> tuple[str, str]:
    """(format, text) of a text that may start with a format tag."""
    match = _FORMAT.match(raw)
    if match:
        return match.group(1), raw[match.end() :]
    return default, raw


def rich(raw: str, default: str) -> str:
    """A prompt or feedback as Markdown, read in its format."""
    fmt, text = split_format(raw, default)
    text = restore(text.strip())
    if fmt == "html":
        return html_to_markdown(text)
    if fmt == "markdown":
        return text
    if fmt == "plain":
        return text_to_markdown(text)
    return moodle_to_markdown(text)


def plain(raw: str, default: str) -> str:
    """A choice or item as plain text, read in its format."""
    fmt, text = split_format(raw, default)
    text = restore(text.strip())
    if fmt in {"html", "moodle"} and ("<" in text or "&" in text):
        return html_to_text(text)
    if fmt == "markdown":
        return cached_plain_text(text)
    return " ".join(text.split()) if "\n" in text else text
