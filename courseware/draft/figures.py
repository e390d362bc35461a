"""Figures an article states: a number, what it counts, and the sentence around it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from courseware.lint import NumberMatch, find_numbers, fold, split_sentences


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

    @property
    def shown(self) -> str:
        """The number as choices show it: as written, in digits if the article spells it."""
        if self.written[:1].isdigit():
            return self.written
        return str(int(self.number)) if self.number.is_integer() else str(self.number)


def wordset(text: str) -> frozenset[str]:
    """Accent-folded lowercase words of a space-separated list."""
    return frozenset(fold(w) for w in text.split())


_QUALIFIER = re.compile(
    r"(?:^|\s)((?:poco )?más de|menos de|casi|cerca de|alrededor de|unos|unas|aproximadamente|"
    r"al menos|hasta|apenas|more than|over|nearly|almost|about|around|approximately|"
    r"at least|up to|fewer than|less than)\s+$",
    re.IGNORECASE,
)
_LOCATOR_WORDS = wordset(
    "párr parr párrafo parrafo p pág pag página pagina page pp paragraph para cap capítulo "
    "chapter sección seccion section nota note fig figura figure tabla table art artículo "
    "no núm num número numero number línea line"
)
_YEAR_BEFORE = wordset("en in de del desde since año year para hasta by of el the")
LABEL_STOP = wordset(
    "de del en con para por y e o u a al que se su sus la las el los lo le les un una unos "
    "unas como desde hasta entre sobre sin mientras cuando donde ya es son fue fueron ha "
    "han más menos muy of in and with for to the a an from who that which by on at as "
    "across or is are was were have has had than more less into per "
    "ellos ellas ello estos estas esos esas aquellos cada todos todas otros otras nosotros "
    "they them these those each all others we us it its"
)
_NEXT_WORD = re.compile(r"[ \u00a0]([^\W\d_]+(?:-[^\W\d_]+)*)")
_PERCENT = re.compile(r"\s?(%|por ciento|percent|per cent)")


_ADVERBS = wordset(
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
        if folded in LABEL_STOP or folded in _ADVERBS:
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


_VERB_ENDINGS = (
    "aban", "ían", "ian", "aron", "ieron", "aba", "ía", "ará", "erá", "irá", "ando",
    "iendo", "ó", "amos", "emos", "imos", "ed", "ing",
)  # fmt: skip
_UNIT_WORDS = wordset(
    "% km kilómetros kilometros metros m2 hectáreas hectareas kg kilos kilogramos toneladas "
    "litros pesos dólares dolares euros soles reales mxn usd eur cop horas minutos días dias "
    "semanas meses años anos gb mb tb mbps km/h millones miles "
    "kilometres kilometers metres meters tonnes tons litres liters dollars hours minutes "
    "days weeks months years millions thousands"
)


def _is_label_word(word: str, language: str) -> bool:
    """A word that can name what a number counts: a noun, not a verb or a pronoun."""
    folded = fold(word)
    if folded in LABEL_STOP or len(folded) < 2:
        return False
    if folded in _UNIT_WORDS:
        return True
    if language.startswith("es"):
        return folded.endswith("s") and not folded.endswith(("amos", "emos", "imos", "aban"))
    return not folded.endswith(tuple(fold(e) for e in _VERB_ENDINGS))


def is_unit(label: str) -> bool:
    """True if a label is a unit of measure ("pesos", "kilómetros", "%"), not a count noun."""
    first = label.split()[0] if label.split() else ""
    return fold(first) in _UNIT_WORDS


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
    if unit and not (label and _is_label_word(label.split()[0], language)):
        label = _noun_before(before)
    if not label or len(label) < 3 or not (unit or _is_label_word(label.split()[0], language)):
        return None
    if _looks_like_year(number) and not (unit or fold(label.split()[0]) in _UNIT_WORDS):
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


def _noun_before(before: str) -> str:
    """The noun a percentage belongs to: "una comisión del 25 %" -> "comisión"."""
    match = re.search(r"([^\W\d_]{4,})\s+(?:es\s+)?(?:del|de la|de|of)\s*(?:el\s+)?$", before)
    if not match or fold(match[1]) in LABEL_STOP:
        return ""
    return match[1]


def _looks_like_year(number: NumberMatch) -> bool:
    return not number.spelled and re.fullmatch(r"(1[89]|20)\d\d", number.text) is not None


def find_figures(text: str, language: str = "es") -> list[Figure]:
    """Figures in a plain text: "más de 800 familias", "8 000 students", "ocho aldeas"."""
    figures: list[Figure] = []
    for sentence in split_sentences(" ".join(text.split())):
        for number in find_numbers(sentence):
            figure = _figure(sentence, number, language)
            if figure is not None:
                figures.append(figure)
    return figures
