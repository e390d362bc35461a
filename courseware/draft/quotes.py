"""Short quotations an article attributes to someone, with the speaker and locator."""

from __future__ import annotations

import re
from dataclasses import dataclass

from courseware.draft.figures import LABEL_STOP, wordset
from courseware.lint import count_words, fold

MAX_QUOTE_WORDS = 40


@dataclass(frozen=True)
class Quotation:
    """A short quotation with its speaker and locator when the text says them."""

    text: str
    speaker: str | None
    locator: str | None


_QUOTED = re.compile(r"“([^”]+)”|«([^»]+)»|\"([^\"]+)\"")
_SAYING = wordset(
    "dijo dice decía dijeron señaló afirmó explicó comentó agregó añadió declaró aseguró "
    "indicó expresó sostuvo destacó subrayó apuntó manifestó reconoció advirtió concluyó "
    "relató contó según said says told added explained noted stated according remarked "
    "wrote argued commented asked recalled"
)
_NAME = r"(?:[A-ZÁÉÍÓÚÑ][\w’'-]*(?:\s+(?:de\s+la\s+|de\s+|del\s+)?[A-ZÁÉÍÓÚÑ][\w’'-]*)*)"
_LOCATOR = re.compile(r"^(?:párr|parr|p|pág|page|para|paragraph)\.?\s*\d+", re.IGNORECASE)


def _dash_attribution(after: str) -> tuple[str | None, str | None] | None:
    match = re.match(r"^[\s.,;:]*[—–-]\s*(.+)$", after, re.DOTALL)
    if not match:
        return None
    text = match[1].split("\n")[0].strip().rstrip(".")
    speaker: list[str] = []
    locator: str | None = None
    for part in (p.strip() for p in text.split(",")):
        if _LOCATOR.match(part):
            locator = part
            break
        if part[:1].isupper():
            speaker.append(part)
    return (", ".join(speaker) or None), locator


def _saying(text: str) -> list[re.Match[str]]:
    return [w for w in re.finditer(r"[^\W\d_]+", text) if fold(w[0]) in _SAYING]


_NOT_NAMES = wordset("como así asi también tambien pero luego entonces as so then but also")


def _name(match: re.Match[str] | None) -> str | None:
    """The name a match captured, without a capitalised sentence-initial word before it."""
    if match is None:
        return None
    words = match[1].split()
    while words and (fold(words[0]) in _NOT_NAMES or fold(words[0]) in LABEL_STOP):
        words.pop(0)
    return " ".join(words) or None


def _speaker_near(before: str, after: str) -> tuple[bool, str | None]:
    """(attributed?, speaker) from the words around a quotation."""
    window = re.split(r"[.!?;]", after[:150], maxsplit=1)[0]
    verbs = _saying(window)
    if verbs:  # ", dijo a Alizilla Miguel Cuevas, jefe…" / ", señaló." / ", Chang said."
        verb = verbs[0]
        rest = re.sub(r"^\s+(?:a|to)\s+[A-ZÁÉÍÓÚÑ]\w*(?=\s+[A-ZÁÉÍÓÚÑ])", "", window[verb.end() :])
        name = _name(re.match(rf"^\s+({_NAME})", rest)) or _name(
            re.search(rf"({_NAME})\s*$", window[: verb.start()])
        )
        return True, name
    window = re.split(r"[.!?;]", before[-150:])[-1]
    verbs = _saying(window)
    if verbs:  # "Cuevas dijo: «…»" / "Como explicó Ana Ruiz: «…»" / "Según James Chang, «…»"
        verb = verbs[-1]
        name = _name(re.match(rf"^\s+(?:to\s+)?({_NAME})", window[verb.end() :]))
        if name is None and fold(verb[0]) not in ("segun", "according"):
            name = _name(re.search(rf"({_NAME})\s*$", window[: verb.start()]))
        return True, name
    return False, None


def find_quotations(text: str) -> list[Quotation]:
    """Short quotations ("...", “...”, «...») that the text attributes to someone."""
    found: list[Quotation] = []
    for match in _QUOTED.finditer(text):
        quoted = " ".join(next(g for g in match.groups() if g is not None).split()).rstrip(",;:")
        if not 3 <= count_words(quoted) <= MAX_QUOTE_WORDS:
            continue
        after = re.split(r"[“«\"]", text[match.end() :], maxsplit=1)[0]
        before = re.split(r"[”»\"]", text[: match.start()])[-1]
        dash = _dash_attribution(after)
        if dash is not None:
            found.append(Quotation(quoted, *dash))
            continue
        attributed, speaker = _speaker_near(before, after)
        if attributed:
            found.append(Quotation(quoted, speaker, None))
    return found
