"""Interface strings in the course language, from JSON catalogs in ``courseware/locales/``.

Why: learners read the navigation and feedback in the language the course is written in.
A tag such as ``es-MX`` falls back to ``es`` and then to ``en`` key by key, so a partial
regional catalog only lists what differs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

LOCALES_DIR = Path(__file__).parent / "locales"
FALLBACK = "en"

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def fallback_chain(language: str) -> list[str]:
    """Catalog names to try for a BCP 47 tag: ``es-MX`` -> ``es-MX, es, en``."""
    parts = language.split("-")
    chain = ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]
    if FALLBACK not in chain:
        chain.append(FALLBACK)
    return chain


def available() -> list[str]:
    """Names of the shipped catalogs."""
    return sorted(p.stem for p in LOCALES_DIR.glob("*.json"))


@cache
def _catalog_file(name: str) -> dict[str, str]:
    path = LOCALES_DIR / f"{name}.json"
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ValueError(f"{path}: a catalog maps keys to strings")
    return data


PLURAL_FORMS = frozenset({"zero", "one", "two", "few", "many", "other"})
"""CLDR plural categories: ``"print.lessons_count.one"`` words the string for one lesson."""


@cache
def _plural_rule(language: str) -> Any:
    try:
        return Locale.parse(language.replace("-", "_")).plural_form
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en").plural_form


def plural_form(language: str, count: float) -> str:
    """The CLDR plural category of ``count`` in ``language`` (Babel's rules): "one", "other"..."""
    category: str = _plural_rule(language)(count)
    return category


@dataclass(frozen=True)
class Messages:
    """The merged strings for one language; call it with a key (and fields) to get text."""

    language: str
    strings: Mapping[str, str]

    def __call__(self, key: str, /, **fields: object) -> str:
        """The string for ``key`` with ``{name}`` fields filled in; a missing key is a bug."""
        try:
            template = self.strings[key]
        except KeyError:
            raise KeyError(f"no UI string {key!r} for language {self.language!r}") from None
        count = fields.get("n")
        if isinstance(count, int | float) and not isinstance(count, bool):
            template = self.strings.get(f"{key}.{plural_form(self.language, count)}", template)
        return template.format(**fields) if fields else template

    def prefixed(self, prefix: str) -> dict[str, str]:
        """Every string whose key starts with ``prefix``, the prefix removed (for page scripts)."""
        return {
            k[len(prefix) :]: v for k, v in sorted(self.strings.items()) if k.startswith(prefix)
        }

    def duration(self, minutes: int) -> str:
        """``45 min``, ``2 h``, ``1 h 30 min``."""
        hours, rest = divmod(minutes, 60)
        if not hours:
            return self("duration.minutes", m=rest)
        if not rest:
            return self("duration.hours", h=hours)
        return self("duration.hours_minutes", h=hours, m=rest)

    def date(self, text: str) -> str:
        """``2025-03-14`` -> ``14 de marzo de 2025``; text that is not a date stays as is."""
        match = _DATE.match(text.strip())
        if not match:
            return text
        year, month, day = match.groups()
        if month is None or not 1 <= int(month) <= 12:
            return year
        name = self(f"date.month.{int(month)}")
        if day is None:
            return self("date.month_year", month=name, year=year)
        return self("date.full", day=int(day), month=name, year=year)


@cache
def messages(language: str) -> Messages:
    """The UI strings for ``language`` (a BCP 47 tag), falling back key by key."""
    merged: dict[str, str] = {}
    for name in reversed(fallback_chain(language)):
        catalog = _catalog_file(name)
        for key in [k for k in merged if k.rpartition(".")[2] in PLURAL_FORMS]:
            # a catalog that words a string anew drops the plural forms of the fallback
            if key.rpartition(".")[0] in catalog and key not in catalog:
                del merged[key]
        merged.update(catalog)
    return Messages(language, merged)


LANGUAGE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
"""Where the instructor's language is read from, in POSIX order of precedence."""


def instructor_language(flag: str | None, environ: Mapping[str, str]) -> str:
    """The CLI's language: ``--lang``, else the first set locale variable, else English.

    ``es_MX.UTF-8`` -> ``es-MX``; ``C`` and ``POSIX`` mean English.
    """
    value = flag or next((environ[v] for v in LANGUAGE_VARIABLES if environ.get(v)), "")
    tag = value.split(".")[0].split("@")[0].replace("_", "-")
    return FALLBACK if tag in {"", "C", "POSIX"} else tag


_SPEAKING = ["en"]
"""The instructor's language for diagnostics (a list: one mutable slot, seen by threads)."""


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Diagnostics (load, check, lint) in ``language`` inside the block (the CLI's choice)."""
    before = _SPEAKING[0]
    _SPEAKING[0] = language
    try:
        yield
    finally:
        _SPEAKING[0] = before


def spoken() -> str:
    """The language diagnostics speak now (for a worker process to speak it too)."""
    return _SPEAKING[0]


def speak(language: str) -> None:
    """Diagnostics in ``language`` from now on: for a worker process, for its whole life."""
    _SPEAKING[0] = language


def instructor_messages() -> Messages:
    """The catalogue diagnostics speak: the CLI's language (:func:`speaking`), else English."""
    return messages(_SPEAKING[0])


def says(key: str, /, **fields: object) -> str:
    """``key`` of the catalogue in the instructor's language, fields filled in."""
    return instructor_messages()(key, **fields)
