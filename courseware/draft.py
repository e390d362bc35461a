"""``courseware draft``: a draft lesson and a bank of draft questions from a source article.

Why plain text processing: instructors work offline, and a draft must never invent
anything. Every figure and quotation in the draft is copied from the article (so the
faithfulness check passes), and every question is marked ``status: draft`` until a
person reviews it.
"""

from __future__ import annotations

import math
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from courseware.errors import CoursewareError, Issue
from courseware.lint import (
    NumberMatch,
    count_words,
    estimate_lesson,
    find_numbers,
    fold,
    normalize_quote,
    split_sentences,
)
from courseware.model import Lesson, QuizBank
from courseware.render.markdown import plain_text
from courseware.scaffold import slugify

MAX_FIGURE_QUESTIONS = 20
"""Figures turned into questions (three each); the rest stay in the lesson only."""
MAX_QUOTE_WORDS = 40
FIGURES_PER_BLOCK = 6
PARAGRAPHS_PER_SECTION = 4

_TEXTS = {
    "es": {
        "header": (
            "Borrador generado por `courseware draft` a partir de {file}. Antes de publicarlo:\n"
            "  - reescribe los bloques de texto con tus palabras (hoy copian la fuente);\n"
            "  - comprueba cada cifra y cada cita con la fuente (`courseware check`);\n"
            "  - añade `objectives:` con los objetivos del curso que sirve esta lección;\n"
            "  - revisa las preguntas de {bank}, márcalas `status: ready`\n"
            "    y llámalas desde un bloque knowledge_check."
        ),
        "bank_header": (
            "Preguntas en borrador generadas por `courseware draft` a partir de {file}.\n"
            "Quedan fuera de las compilaciones hasta que las revises y cambies\n"
            "`status: draft` por `status: ready`."
        ),
        "objectives": "objectives: [...]  <- añade los objetivos del curso que sirve la lección",
        "figures": "Cifras clave",
        "bank_title": "Borrador: preguntas sobre «{title}»",
        "numeric": "Según «{title}», ¿qué número falta?\n\n> {sentence}",
        "true_false": "¿Verdadero o falso?\n\n> {sentence}",
        "says": "La fuente dice: «{sentence}»",
        "check": "Cuando estén revisadas, añade las preguntas a la lección:",
        "sentence": "Frase de la fuente:",
        "rewrite": "BORRADOR: texto copiado de la fuente; reescríbelo con tus palabras.",
        "publisher": "(editor desconocido)",
    },
    "en": {
        "header": (
            "Draft written by `courseware draft` from {file}. Before publishing it:\n"
            "  - rewrite the text blocks in your own words (they copy the source now);\n"
            "  - check every figure and quotation against the source (`courseware check`);\n"
            "  - add `objectives:` with the course objectives this lesson serves;\n"
            "  - review the questions in {bank}, set them to `status: ready`\n"
            "    and use them in a knowledge_check block."
        ),
        "bank_header": (
            "Draft questions written by `courseware draft` from {file}.\n"
            "They are left out of builds until you review them and change\n"
            "`status: draft` to `status: ready`."
        ),
        "objectives": "objectives: [...]  <- add the course objectives this lesson serves",
        "figures": "Key figures",
        "bank_title": "Draft: questions on “{title}”",
        "numeric": "According to “{title}”, which number is missing?\n\n> {sentence}",
        "true_false": "True or false?\n\n> {sentence}",
        "says": "The source says: “{sentence}”",
        "check": "Once reviewed, add the questions to the lesson:",
        "sentence": "Sentence in the source:",
        "rewrite": "DRAFT: text copied from the source; rewrite it in your own words.",
        "publisher": "(unknown publisher)",
    },
}

# --------------------------------------------------------------------------------------
# Reading the article


@dataclass(frozen=True)
class Chunk:
    """A paragraph-level piece of the article: its Markdown and what kind of piece it is."""

    kind: Literal["paragraph", "list", "table", "code"]
    markdown: str


@dataclass(frozen=True)
class Section:
    """A heading (or none) and the chunks under it."""

    heading: str | None
    chunks: tuple[Chunk, ...]


@dataclass(frozen=True)
class Article:
    """A source article: front matter, title, language and sections."""

    path: Path
    meta: dict[str, str]
    title: str
    language: str
    sections: tuple[Section, ...]


_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_BOILERPLATE = re.compile(
    r"^(?:\d+\s*min(?:utos?|s)?\s*(?:read|de lectura)|lectura de \d+\s*min(?:utos?)?)$"
    r"|cr[ée]dito de (?:la )?foto|photo credit|image credit|foto:|photo:",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_END_PUNCT = tuple(".!?:;…»”\"')")


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    match = _FRONT.match(text)
    if not match:
        return {}, text
    try:
        data = yaml.safe_load(match[1])
    except yaml.YAMLError:
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    meta = {str(k): str(v).strip() for k, v in data.items() if v is not None and str(v).strip()}
    return meta, text[match.end() :]


def _guess_language(text: str) -> str:
    words = re.findall(r"[a-záéíóúñ]+", text.lower())
    spanish = sum(
        w in {"el", "la", "los", "las", "de", "que", "y", "en", "del", "por"} for w in words
    )
    english = sum(w in {"the", "of", "and", "to", "in", "is", "that", "for", "with"} for w in words)
    return "en" if english > spanish else "es"


def _is_heading(line: str, most: int = 10) -> bool:
    words = line.split()
    return 0 < len(words) <= most and not line.rstrip().endswith(_END_PUNCT)


def _markdown_sections(body: str) -> tuple[str | None, list[Section]]:
    title: str | None = None
    sections: list[Section] = []
    heading: str | None = None
    chunks: list[Chunk] = []
    for block in re.split(r"\n[ \t]*\n", body.strip("\n")):
        lines = [line.rstrip() for line in block.splitlines() if line.strip()]
        while lines and re.match(r"^#{1,6}\s", lines[0]):
            level = len(lines[0]) - len(lines[0].lstrip("#"))
            text = lines.pop(0).lstrip("#").strip()
            if level == 1 and title is None:
                title = text
            elif level <= 2:
                if chunks or heading:
                    sections.append(Section(heading, tuple(chunks)))
                heading, chunks = text, []
            else:
                chunks.append(Chunk("paragraph", "#" * level + " " + text))
        if not lines:
            continue
        first = lines[0].lstrip()
        if first.startswith(("```", "~~~", "    ")):
            kind: Literal["paragraph", "list", "table", "code"] = "code"
        elif first.startswith("|"):
            kind = "table"
        elif _LIST_ITEM.match(first):
            kind = "list"
        else:
            kind = "paragraph"
        chunks.append(Chunk(kind, "\n".join(lines)))
    if chunks or heading:
        sections.append(Section(heading, tuple(chunks)))
    return title, sections


def _plain_sections(body: str) -> tuple[str | None, list[Section]]:
    blocks = [b for b in re.split(r"\n[ \t]*\n", body.strip()) if b.strip()]
    if len(blocks) < 3:
        blocks = [line for line in body.splitlines() if line.strip()]
    paragraphs = [" ".join(b.split()) for b in blocks]
    paragraphs = [p for p in paragraphs if not _BOILERPLATE.search(p)]
    first = paragraphs[0] if paragraphs else ""
    title = (
        paragraphs.pop(0) if first and len(first.split()) <= 25 and _is_heading(first, 25) else None
    )
    sections: list[Section] = []
    heading: str | None = None
    chunks: list[Chunk] = []
    for index, paragraph in enumerate(paragraphs):
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else ""
        if _is_heading(paragraph) and following and not _is_heading(following):
            if chunks or heading:
                sections.append(Section(heading, tuple(chunks)))
            heading, chunks = paragraph, []
        else:
            chunks.append(Chunk("paragraph", paragraph))
    if chunks or heading:
        sections.append(Section(heading, tuple(chunks)))
    return title, sections


def read_article(path: Path) -> Article:
    """Read a Markdown or plain-text article with optional YAML front matter."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CoursewareError(
            Issue("error", f"cannot read {path}: {exc}", code="draft-source")
        ) from None
    meta, body = _front_matter(raw.replace("\r\n", "\n"))
    markdown = path.suffix.lower() in (".md", ".markdown")
    heading, sections = _markdown_sections(body) if markdown else _plain_sections(body)
    title = meta.get("title") or heading or path.stem.replace("-", " ").capitalize()
    language = meta.get("language") or _guess_language(body)
    kept = []
    for section in sections:
        if (
            section.heading is None
            and section.chunks
            and fold(section.chunks[0].markdown) == fold(title)
        ):
            section = Section(None, section.chunks[1:])
        if section.chunks or section.heading:
            kept.append(section)
    return Article(path, meta, title, language, tuple(kept))


# --------------------------------------------------------------------------------------
# Figures


@dataclass(frozen=True)
class Figure:
    """A number the article states, with what it counts and the sentence around it."""

    value: str
    number: float
    label: str
    sentence: str
    written: str
    start: int
    end: int


def _wordset(text: str) -> frozenset[str]:
    return frozenset(fold(w) for w in text.split())


_QUALIFIER = re.compile(
    r"(?:^|\s)((?:poco )?más de|menos de|casi|cerca de|alrededor de|unos|unas|aproximadamente|"
    r"al menos|hasta|apenas|more than|over|nearly|almost|about|around|approximately|"
    r"at least|up to|fewer than|less than)\s+$",
    re.IGNORECASE,
)
_LOCATOR_WORDS = _wordset(
    "párr parr párrafo parrafo p pág pag página pagina page pp paragraph para cap capítulo "
    "chapter sección seccion section nota note fig figura figure tabla table art artículo "
    "no núm num número numero number línea line"
)
_YEAR_BEFORE = _wordset("en in de del desde since año year para hasta by of el the")
_LABEL_STOP = _wordset(
    "de del en con para por y e o u a al que se su sus la las el los lo le les un una unos "
    "unas como desde hasta entre sobre sin mientras cuando donde ya es son fue fueron ha "
    "han más menos muy of in and with for to the a an from who that which by on at as "
    "across or is are was were have has had than more less into per"
)
_NEXT_WORD = re.compile(r"[ \u00a0]([^\W\d_]+(?:-[^\W\d_]+)*)")
_PERCENT = re.compile(r"\s?(%|por ciento|percent|per cent)")


_ADVERBS = _wordset(
    "antes después además atrás más menos apenas entonces mientras jamás quizás tras "
    "ago later before after"
)


def _label_after(sentence: str, end: int, language: str) -> tuple[str, str]:
    """(unit, label): "%" and the words naming what a number counts.

    Spanish puts plural adjectives after the noun ("aldeas digitales"), English before it
    ("Mexican e-commerce instructors"), so the label runs until the first plural word in
    English and continues over plural adjectives in Spanish.
    """
    unit = ""
    rest = sentence[end:]
    percent = _PERCENT.match(rest)
    if percent:
        unit, rest = percent[1], rest[percent.end() :]
        rest = re.sub(r"^\s+(?:de (?:los |las |la |el )?|of (?:the )?)", " ", rest)
    english = language.lower().startswith("en")
    words: list[str] = []
    position = 0
    while len(words) < 3:
        match = _NEXT_WORD.match(rest, position)
        if not match:
            break
        word, folded = match[1], fold(match[1])
        if folded in _LABEL_STOP or folded in _ADVERBS:
            break
        if words and not english and (word[0].isupper() or not folded.endswith("s")):
            break
        words.append(word)
        position = match.end()
        if english and folded.endswith("s"):
            break
    if english and words and not fold(words[-1]).endswith("s"):
        words = words[:1]
    return unit, " ".join(words)


def _figure(sentence: str, number: NumberMatch, language: str) -> Figure | None:
    if number.value <= 0 or (number.spelled and number.value == 1):
        return None
    before = sentence[: number.start]
    previous = re.findall(r"[\w#]+", before[-20:])
    if previous and fold(previous[-1]).rstrip(".") in _LOCATOR_WORDS:
        return None
    if before.rstrip().endswith(("#", "§")):
        return None
    qualifier = _QUALIFIER.search(before)
    if (
        not qualifier
        and not number.spelled
        and re.fullmatch(r"(1[89]|20)\d\d", number.text)
        and (not previous or fold(previous[-1]) in _YEAR_BEFORE)
    ):
        return None
    unit, label = _label_after(sentence, number.end, language)
    if not label or len(label) < 3:
        return None
    shown = (
        number.text
        if not number.spelled
        else (str(int(number.value)) if number.value.is_integer() else str(number.value))
    )
    value = f"{qualifier[1]} {shown}" if qualifier else shown
    if unit:
        value = f"{value} {unit}"
    start = number.start - (len(qualifier[1]) + 1 if qualifier else 0)
    return Figure(value.strip(), number.value, label, sentence, number.text, start, number.end)


def find_figures(text: str, language: str = "es") -> list[Figure]:
    """Figures in a plain text: "más de 800 familias", "8 000 students", "ocho aldeas"."""
    figures: list[Figure] = []
    for sentence in split_sentences(" ".join(text.split())):
        for number in find_numbers(sentence):
            figure = _figure(sentence, number, language)
            if figure is not None:
                figures.append(figure)
    return figures


# --------------------------------------------------------------------------------------
# Quotations


@dataclass(frozen=True)
class Quotation:
    """A short quotation with its speaker and locator when the text says them."""

    text: str
    speaker: str | None
    locator: str | None


_QUOTED = re.compile(r"“([^”]+)”|«([^»]+)»|\"([^\"]+)\"")
_SAYING = _wordset(
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


_NOT_NAMES = _wordset("como así asi también tambien pero luego entonces as so then but also")


def _name(match: re.Match[str] | None) -> str | None:
    """The name a match captured, without a capitalised sentence-initial word before it."""
    if match is None:
        return None
    words = match[1].split()
    while words and (fold(words[0]) in _NOT_NAMES or fold(words[0]) in _LABEL_STOP):
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


# --------------------------------------------------------------------------------------
# Questions


_ES_SPELL = {
    0: "cero", 1: "uno", 2: "dos", 3: "tres", 4: "cuatro", 5: "cinco", 6: "seis", 7: "siete",
    8: "ocho", 9: "nueve", 10: "diez", 11: "once", 12: "doce", 13: "trece", 14: "catorce",
    15: "quince", 16: "dieciséis", 17: "diecisiete", 18: "dieciocho", 19: "diecinueve",
    20: "veinte", 21: "veintiuno", 22: "veintidós", 23: "veintitrés", 24: "veinticuatro",
    25: "veinticinco", 26: "veintiséis", 27: "veintisiete", 28: "veintiocho",
    29: "veintinueve", 30: "treinta", 40: "cuarenta", 50: "cincuenta", 60: "sesenta",
    70: "setenta", 80: "ochenta", 90: "noventa", 100: "cien", 200: "doscientos",
    300: "trescientos", 400: "cuatrocientos", 500: "quinientos", 600: "seiscientos",
    700: "setecientos", 800: "ochocientos", 900: "novecientos",
}  # fmt: skip
_EN_SPELL = {
    0: "zero", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
    8: "eight", 9: "nine", 10: "ten", 11: "eleven", 12: "twelve", 13: "thirteen",
    14: "fourteen", 15: "fifteen", 16: "sixteen", 17: "seventeen", 18: "eighteen",
    19: "nineteen", 20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty",
    70: "seventy", 80: "eighty", 90: "ninety",
}  # fmt: skip


def spell_number(value: int, language: str) -> str:
    """A whole number from 0 to 999 in Spanish or English words (digits beyond)."""
    if not 0 <= value <= 999:
        return str(value)
    english = language.startswith("en")
    table = _EN_SPELL if english else _ES_SPELL
    if value in table:
        return table[value]
    hundreds, rest = divmod(value, 100)
    if hundreds:
        head = f"{_EN_SPELL[hundreds]} hundred" if english else table.get(hundreds * 100, "")
        if not english and hundreds == 1:
            head = "ciento"
        return f"{head} {spell_number(rest, language)}" if rest else head
    tens, unit = divmod(value, 10)
    return f"{table[tens * 10]}-{table[unit]}" if english else f"{table[tens * 10]} y {table[unit]}"


def changed_number(value: float) -> float:
    """A plausible wrong value for a true/false statement: double small, x1.5 larger ones."""
    value = float(value)
    if value <= 12:
        return value * 2
    bigger = value * 1.5
    if not value.is_integer():
        return round(bigger, 1)
    digits = max(0, int(math.log10(bigger)) - 1)
    return float(round(bigger / 10**digits) * 10**digits)


def _as_written(value: float, figure: Figure, language: str) -> str:
    if any(ch.isalpha() for ch in figure.written) and value.is_integer():
        return spell_number(int(value), language)
    text = str(int(value)) if value.is_integer() else str(value)
    sep = next((ch for ch in figure.written if ch in ",. \u00a0\u202f"), None)
    if sep and value.is_integer() and abs(value) >= 1000:
        return f"{int(value):,}".replace(",", sep)
    if sep in (",",) and not value.is_integer():
        return text.replace(".", ",")
    return text


def _excerpt(sentence: str, start: int, end: int, words: int = 18) -> tuple[str, str, str]:
    """The sentence around a span, cut to about ``words`` words each side."""
    before, after = sentence[:start].split(), sentence[end:].split()
    head = ("… " if len(before) > words else "") + " ".join(before[-words:])
    tail = " ".join(after[:words]) + (" …" if len(after) > words else "")
    gap_before = " " if head and sentence[:start].endswith((" ", "\u00a0")) else ""
    gap_after = " " if tail and sentence[end:].startswith((" ", "\u00a0")) else ""
    return head + gap_before, sentence[start:end], gap_after + tail


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def _questions(
    figures: list[Figure], prefix: str, title: str, language: str, source_id: str | None
) -> list[dict[str, Any]]:
    text = _TEXTS["en" if language.startswith("en") else "es"]
    questions: list[dict[str, Any]] = []
    for index, figure in enumerate(figures[:MAX_FIGURE_QUESTIONS], 1):
        number_start = figure.end - len(figure.written)
        head, _, tail = _excerpt(figure.sentence, number_start, figure.end)
        wrong = changed_number(figure.number)
        common: dict[str, Any] = {"status": "draft"}
        if source_id:
            common["source"] = source_id
        says = text["says"].format(sentence=figure.sentence)
        questions.append(
            {
                "id": f"{prefix}-num-{index:02d}",
                "type": "numeric",
                **common,
                "prompt": text["numeric"].format(title=title, sentence=f"{head}____{tail}"),
                "answer": _number(figure.number),
                "tolerance": 0,
                "unit": figure.label,
                "feedback": {"general": says},
            }
        )
        questions.append(
            {
                "id": f"{prefix}-vf-{index:02d}-a",
                "type": "true_false",
                **common,
                "prompt": text["true_false"].format(sentence=f"{head}{figure.written}{tail}"),
                "answer": True,
                "feedback": {"general": says},
            }
        )
        questions.append(
            {
                "id": f"{prefix}-vf-{index:02d}-b",
                "type": "true_false",
                **common,
                "prompt": text["true_false"].format(
                    sentence=f"{head}{_as_written(wrong, figure, language)}{tail}"
                ),
                "answer": False,
                "feedback": {"general": says},
            }
        )
    return questions


# --------------------------------------------------------------------------------------
# YAML with comments


class _Dumper(yaml.SafeDumper):
    """Block style, indented lists, literal blocks for multi-line text."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        value = "\n".join(line.rstrip() for line in value.splitlines())
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def _dump(data: Any, indent: int = 0) -> str:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=92)
    return textwrap.indent(text, " " * indent)


def _comment(text: str, indent: int = 0, *, hang: str = "", width: int = 92) -> str:
    lines: list[str] = []
    for paragraph in text.splitlines():
        if paragraph.startswith("  ") or not paragraph:
            lines.append(paragraph)
        else:
            lines.extend(
                textwrap.wrap(
                    paragraph, width - indent - 2, subsequent_indent=hang, break_on_hyphens=False
                )
            )
    return "".join(f"{' ' * indent}# {line}".rstrip() + "\n" for line in lines)


# --------------------------------------------------------------------------------------
# The draft


@dataclass(frozen=True)
class Draft:
    """A drafted lesson and bank, as YAML text, with what was found in the article."""

    article: Article
    lesson_id: str
    bank_id: str
    source_id: str
    lesson_yaml: str
    bank_yaml: str
    figures: tuple[Figure, ...]
    quotations: tuple[Quotation, ...]
    question_ids: tuple[str, ...] = field(default=())


def _section_plain(chunk: Chunk) -> list[str]:
    if chunk.kind in ("table", "code"):
        return []
    if chunk.kind == "list":
        items = re.split(r"\n(?=\s*(?:[-*+]|\d+[.)])\s)", chunk.markdown)
        return [plain_text(_LIST_ITEM.sub("", item, count=1)) for item in items]
    return [plain_text(chunk.markdown)]


def _section_raw(chunk: Chunk) -> list[str]:
    if chunk.kind in ("table", "code"):
        return []
    if chunk.kind == "list":
        items = re.split(r"\n(?=\s*(?:[-*+]|\d+[.)])\s)", chunk.markdown)
        return [" ".join(_LIST_ITEM.sub("", item, count=1).split()) for item in items]
    return [" ".join(chunk.markdown.split())]


def make_draft(
    source_path: Path,
    *,
    language: str | None = None,
    lesson_id: str | None = None,
    source_id: str | None = None,
    source_file: str | None = None,
    cite_in_questions: bool = True,
) -> Draft:
    """Plan a draft lesson and bank from an article (pure apart from reading the file)."""
    article = read_article(source_path)
    lang = language or article.language
    text = _TEXTS["en" if lang.lower().startswith("en") else "es"]
    slug = (lesson_id or slugify(source_path.stem))[:60].strip("-_") or "borrador"
    source = source_id or slugify(source_path.stem)[:80]
    bank_id = f"{slug}-borrador"
    shown_file = source_file or source_path.name

    seen: set[tuple[float, str]] = set()
    all_figures: list[Figure] = []
    all_quotes: list[Quotation] = []
    blocks: list[tuple[str, dict[str, Any]]] = []
    sections: list[Section] = []
    for section in article.sections:
        parts = [section.chunks[i : i + PARAGRAPHS_PER_SECTION] for i in
                 range(0, max(len(section.chunks), 1), PARAGRAPHS_PER_SECTION)]  # fmt: skip
        sections.extend(
            Section(section.heading if i == 0 else None, p) for i, p in enumerate(parts)
        )
    for section in sections:
        body = "\n\n".join(
            ([f"## {section.heading}"] if section.heading else [])
            + [chunk.markdown for chunk in section.chunks]
        )
        if body.strip():
            blocks.append((text["rewrite"], {"type": "text", "body": body + "\n"}))
        figures: list[Figure] = []
        for chunk in section.chunks:
            for paragraph in _section_plain(chunk):
                for figure in find_figures(paragraph, lang):
                    key = (figure.number, fold(figure.label.split()[0]))
                    if key not in seen:
                        seen.add(key)
                        figures.append(figure)
        for start in range(0, len(figures), FIGURES_PER_BLOCK):
            group = figures[start : start + FIGURES_PER_BLOCK]
            items = [{"value": f.value, "label": f.label, "source": source} for f in group]
            notes = [f"{f.value} {f.label}: «{f.sentence}»" for f in group]
            blocks.append(
                (
                    text["sentence"] + "\n" + "\n".join(notes),
                    {"type": "key_figures", "title": text["figures"], "figures": items},
                )
            )
        all_figures.extend(figures)
        for chunk in section.chunks:
            for raw in _section_raw(chunk):
                for quote in find_quotations(raw):
                    if any(
                        normalize_quote(q.text) == normalize_quote(quote.text) for q in all_quotes
                    ):
                        continue
                    all_quotes.append(quote)
                    block: dict[str, Any] = {"type": "quote", "source": source, "quote": quote.text}
                    if quote.speaker:
                        block["speaker"] = quote.speaker
                    if quote.locator:
                        block["locator"] = quote.locator
                    blocks.append(("", block))
    if not blocks:
        raise CoursewareError(
            Issue("error", f"{source_path} has no text to draft from", code="draft-source")
        )

    summary = ""
    for section in sections:
        for chunk in section.chunks:
            if chunk.kind == "paragraph" and not summary:
                summary = " ".join(split_sentences(plain_text(chunk.markdown))[:2])
    lesson: dict[str, Any] = {"id": slug, "title": article.title[:200]}
    if summary:
        lesson["summary"] = summary
    lesson["blocks"] = [b for _, b in blocks]
    model = Lesson.model_validate(lesson)
    minutes = max(5, math.ceil(estimate_lesson(model, lang).minutes / 5) * 5)

    questions = _questions(
        all_figures, slug, article.title, lang, source if cite_in_questions else None
    )
    bank: dict[str, Any] = {
        "id": bank_id,
        "title": text["bank_title"].format(title=article.title),
        "language": lang,
        "questions": questions,
    }
    if questions:
        QuizBank.model_validate(bank)
    ids = tuple(q["id"] for q in questions)

    out = [_comment(text["header"].format(file=shown_file, bank=f"banks/{bank_id}.yaml"))]
    out.append(_dump({"id": slug, "title": lesson["title"], "duration": f"{minutes} min"}))
    out.append(f"# {text['objectives']}\n")
    if summary:
        out.append(_dump({"summary": summary}))
    out.append("blocks:\n")
    for note, block in blocks:
        out.append("\n" + (_comment(note, 2, hang="  ") if note else ""))
        out.append(_dump([block], 2))
    if ids:
        check = {"type": "knowledge_check", "questions": list(ids[:3])}
        out.append("\n" + _comment(text["check"] + "\n" + _dump([check]).rstrip("\n"), 2))
    lesson_yaml = "".join(out)

    bank_yaml = ""
    if questions:
        bank_yaml = _comment(text["bank_header"].format(file=shown_file)) + _dump(bank)
    return Draft(
        article,
        slug,
        bank_id,
        source,
        lesson_yaml,
        bank_yaml,
        tuple(all_figures),
        tuple(all_quotes),
        ids,
    )


def draft_lesson(
    source_path: Path, *, language: str | None = None, lesson_id: str | None = None
) -> str:
    """YAML text of a draft lesson drafted from a source article."""
    return make_draft(source_path, language=language, lesson_id=lesson_id).lesson_yaml


# --------------------------------------------------------------------------------------
# Writing the draft into a course


@dataclass(frozen=True)
class DraftPlan:
    """What ``write_plan`` will do to a course folder, decided before anything is written."""

    course_dir: Path
    draft: Draft
    files: dict[Path, str]
    copy_source: tuple[Path, Path] | None
    source_entry: dict[str, str] | None
    add: bool
    module: str | None
    explicit_banks: bool
    next_steps: tuple[str, ...]


def _refuse(message: str, hint: str | None = None) -> CoursewareError:
    return CoursewareError(Issue("error", message, hint=hint, code="draft"))


def _course_data(course_dir: Path) -> tuple[str, dict[str, Any]]:
    course_file = course_dir / "course.yaml"
    if not course_file.is_file():
        raise _refuse(f"no course.yaml in {course_dir}", "give the course folder with --course")
    text = course_file.read_text(encoding="utf-8-sig")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _refuse(f"{course_file} is not valid YAML: {exc}", "run `courseware check`") from None
    if not isinstance(data, dict):
        raise _refuse(f"{course_file} must hold a mapping")
    return text, data


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def _source_entry(article: Article, source_id: str, file: str) -> dict[str, str]:
    meta = article.meta
    entry = {
        "id": source_id,
        "title": meta.get("title") or article.title,
        "publisher": meta.get("publisher")
        or _TEXTS["en" if article.language.startswith("en") else "es"]["publisher"],
    }
    for key in ("date", "author", "url"):
        if meta.get(key):
            entry[key] = meta[key]
    language = meta.get("language", "")
    if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", language):
        entry["language"] = language
    entry["file"] = file
    return entry


def plan_draft(
    source_path: Path,
    course_dir: Path,
    *,
    lesson_id: str | None = None,
    language: str | None = None,
    add: bool = False,
    module: str | None = None,
) -> DraftPlan:
    """Decide the files, source entry and course.yaml changes of a draft (writes nothing)."""
    _, data = _course_data(course_dir)
    sources = [s for s in data.get("sources") or [] if isinstance(s, dict)]
    source_id: str | None = None
    relative: str | None = None
    for entry in sources:
        file, sid = entry.get("file"), entry.get("id")
        if (
            isinstance(file, str)
            and isinstance(sid, str)
            and _same_file(course_dir / file, source_path)
        ):
            source_id, relative = sid, file
            break
    copy: tuple[Path, Path] | None = None
    entry_to_add: dict[str, str] | None = None
    article = read_article(source_path)
    if source_id is None or relative is None:
        try:
            relative = source_path.resolve().relative_to(course_dir.resolve()).as_posix()
        except ValueError:
            relative = f"seeds/{source_path.name}"
            target = course_dir / relative
            if target.exists() and not _same_file(target, source_path):
                raise _refuse(
                    f"{target} exists and differs from {source_path}",
                    "rename one of them, or copy the article into the course by hand",
                ) from None
            if not target.exists():
                copy = (source_path, target)
        taken = {s.get("id") for s in sources}
        source_id = base = slugify(source_path.stem)[:70]
        counter = 2
        while source_id in taken:
            source_id, counter = f"{base}-{counter}", counter + 1
        entry_to_add = _source_entry(article, source_id, relative)
    draft = make_draft(
        source_path,
        language=language or _course_language(data),
        lesson_id=lesson_id,
        source_id=source_id,
        source_file=relative,
        cite_in_questions=entry_to_add is None or add,
    )
    lesson_file = course_dir / "lessons" / f"{draft.lesson_id}.yaml"
    bank_file = course_dir / "banks" / f"{draft.bank_id}.yaml"
    files = {lesson_file: draft.lesson_yaml}
    if draft.bank_yaml:
        files[bank_file] = draft.bank_yaml
    for path in files:
        if path.exists():
            raise _refuse(
                f"{path} already exists; courseware draft never overwrites",
                "choose another lesson id (--id) or move the file away",
            )
    explicit_banks = "banks" in data
    steps: list[str] = []
    if not add:
        steps.append(f"add the lesson to a module in course.yaml:  - lessons/{lesson_file.name}")
        if draft.bank_yaml and explicit_banks:
            steps.append(f"list the bank under `banks:` in course.yaml:  - banks/{bank_file.name}")
        if entry_to_add is not None:
            steps.append(
                "add the source under `sources:` in course.yaml:\n" + _entry_yaml(entry_to_add, 2)
            )
    steps.append(
        "review the draft: rewrite the text blocks, add `objectives:`, check figures and "
        "quotations, then set reviewed questions to `status: ready`"
    )
    steps.append(f"then run: courseware check {course_dir}")
    return DraftPlan(
        course_dir, draft, files, copy, entry_to_add, add, module, explicit_banks, tuple(steps)
    )


def _course_language(data: dict[str, Any]) -> str | None:
    value = data.get("language")
    return value if isinstance(value, str) else None


def _entry_yaml(entry: dict[str, str], indent: int) -> str:
    lines = _dump(entry).splitlines()
    body = [("- " if i == 0 else "  ") + line for i, line in enumerate(lines)]
    return "".join(" " * indent + line + "\n" for line in body)


def _last_line(node: yaml.Node, lines: list[str]) -> int:
    """0-based index of the last line holding part of ``node``."""
    while isinstance(node, yaml.SequenceNode | yaml.MappingNode) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    end = node.end_mark
    line = end.line if end.column > 0 else end.line - 1
    while line > node.start_mark.line and (
        not lines[line].strip() or lines[line].lstrip().startswith("#")
    ):
        line -= 1
    return min(line, len(lines) - 1)


def _key(mapping: yaml.Node, name: str) -> yaml.Node | None:
    if isinstance(mapping, yaml.MappingNode):
        for key, value in mapping.value:
            if isinstance(key, yaml.ScalarNode) and key.value == name:
                found: yaml.Node = value
                return found
    return None


def _block_list(node: yaml.Node | None, what: str) -> yaml.SequenceNode:
    if not isinstance(node, yaml.SequenceNode) or node.flow_style or not node.value:
        raise _refuse(
            f"cannot add to {what} in course.yaml: it is not a block list (`- item` lines)",
            "add the lines by hand (see the instructions without --add)",
        )
    return node


def add_to_course(text: str, plan: DraftPlan) -> str:
    """course.yaml text with the draft's lesson, bank and source appended to their lists."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise _refuse(f"course.yaml is not valid YAML: {exc}") from None
    if root is None:
        raise _refuse("course.yaml is empty")
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if text.endswith("\r\n") else "\n"
    inserts: list[tuple[int, str]] = []
    modules = _block_list(_key(root, "modules"), "`modules`")
    chosen = modules.value[-1]
    if plan.module is not None:
        matching = [
            m for m in modules.value if getattr(_key(m, "id"), "value", None) == plan.module
        ]
        if not matching:
            raise _refuse(f"no module {plan.module!r} in course.yaml")
        chosen = matching[0]
    lessons = _block_list(_key(chosen, "lessons"), "the module's `lessons`")
    indent = " " * lessons.start_mark.column
    inserts.append(
        (_last_line(lessons, lines), f"{indent}- lessons/{plan.draft.lesson_id}.yaml{newline}")
    )
    if plan.draft.bank_yaml and plan.explicit_banks:
        banks = _block_list(_key(root, "banks"), "`banks`")
        indent = " " * banks.start_mark.column
        inserts.append(
            (_last_line(banks, lines), f"{indent}- banks/{plan.draft.bank_id}.yaml{newline}")
        )
    if plan.source_entry is not None:
        sources = _key(root, "sources")
        if sources is None:
            block = "sources:\n" + _entry_yaml(plan.source_entry, 2)
            inserts.append((len(lines) - 1, block.replace("\n", newline)))
        else:
            seq = _block_list(sources, "`sources`")
            block = _entry_yaml(plan.source_entry, seq.start_mark.column)
            inserts.append((_last_line(seq, lines), block.replace("\n", newline)))
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += newline
    for line, block in sorted(inserts, key=lambda item: item[0], reverse=True):
        lines.insert(line + 1, block)
    return "".join(lines)


def write_plan(plan: DraftPlan) -> list[Path]:
    """Write a planned draft: new files only, plus course.yaml lines when ``plan.add``."""
    course_file = plan.course_dir / "course.yaml"
    updated = add_to_course(course_file.read_text(encoding="utf-8-sig"), plan) if plan.add else None
    written: list[Path] = []
    if plan.copy_source is not None:
        origin, target = plan.copy_source
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(origin.read_bytes())
        written.append(target)
    for path, content in plan.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as out:
            out.write(content)
        written.append(path)
    if updated is not None:
        course_file.write_text(updated, encoding="utf-8", newline="")
        written.append(course_file)
    return written


def write_draft(
    source_path: Path,
    course_dir: Path,
    *,
    lesson_id: str | None = None,
    language: str | None = None,
    add: bool = False,
    module: str | None = None,
) -> list[Path]:
    """Write ``lessons/<id>.yaml`` and ``banks/<id>-borrador.yaml``; never overwrite."""
    plan = plan_draft(
        source_path, course_dir, lesson_id=lesson_id, language=language, add=add, module=module
    )
    return write_plan(plan)
