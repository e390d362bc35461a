"""Draft questions on several facts: multiple response, cloze, matching, ordering.

``draft_questions`` decides which facts become which questions: sentences holding several
figures become cloze items, figures with a unit become numeric items, the others single
choice; labelled figures, people and dated events feed the rest.
"""

from __future__ import annotations

import re
from typing import Any

from courseware.draft.facts import Event, Facts, Person
from courseware.draft.figures import Figure, is_unit
from courseware.draft.questions import (
    Drafting,
    Question,
    distractors,
    is_percent,
    numeric,
    single_figure,
    who_said,
)
from courseware.lint import fold

MAX_CLOZE = 2
MAX_SINGLE = 6
MAX_NUMERIC = 5
MAX_PAIRS = 4
MAX_ORDER = 5


def _size(written: str) -> int:
    """Rough size of a number as written, to list drop-down choices in order."""
    return int(re.sub(r"\D", "", written) or 0)


def _head(figure: Figure) -> str:
    return fold(figure.label.split()[0])


def _distinct_labels(figures: tuple[Figure, ...]) -> list[Figure]:
    """Figures whose label starts with a word no other figure's label starts with."""
    heads = [_head(f) for f in figures]
    return [f for f in figures if heads.count(_head(f)) == 1]


def _stated(figures: tuple[Figure, ...]) -> set[tuple[float, str]]:
    return {(f.number, _head(f)) for f in figures}


def multiple_response(state: Drafting, facts: Facts, chosen: list[Figure]) -> bool:
    """Statements "N label": the right ones as the article says, wrong ones swap numbers."""
    stated = _stated(facts.figures)
    right = chosen[:3]
    wrong: list[str] = []
    for figure in right:
        for other in chosen:
            swapped = (other.number, _head(figure))
            if is_percent(other) == is_percent(figure) and swapped not in stated:
                text = f"{other.shown} {figure.label}"
                if text not in wrong:
                    wrong.append(text)
                    break
    if len(right) < 2 or len(wrong) < 2:
        return False
    choices = [{"text": f"{f.shown} {f.label}", "correct": True} for f in right]
    choices += [{"text": w} for w in wrong[:2]]
    question: Question = {
        "type": "multiple_response",
        "prompt": state.text["multiple"].format(title=state.title),
        "choices": choices,
        "feedback": state.feedback(" ".join(dict.fromkeys(f.sentence for f in right))),
    }
    return state.add("varias", "-".join(_head(f) for f in right), question)


def cloze(state: Drafting, sentence: str, figures: list[Figure], every: tuple[Figure, ...]) -> bool:
    """The sentence with each of its figures as a drop-down blank of the article's figures."""
    text, blanks, cursor = "", [], 0
    for index, figure in enumerate(sorted(figures, key=lambda f: f.end), 1):
        start = figure.end - len(figure.written)
        others = distractors(figure, every, 2)
        if start < cursor or len(others) < 2:
            continue
        text += sentence[cursor:start] + f"[[b{index}]]"
        cursor = figure.end
        choices = sorted([figure.shown, *others], key=_size)
        blanks.append({"id": f"b{index}", "answers": [figure.shown], "choices": choices})
    if len(blanks) < 2:
        return False
    question: Question = {
        "type": "cloze",
        "prompt": state.text["cloze"].format(title=state.title),
        "text": text + sentence[cursor:],
        "blanks": blanks,
        "feedback": state.feedback(sentence),
    }
    return state.add("huecos", " ".join(f.label for f in figures), question)


def match_figures(state: Drafting, chosen: list[Figure]) -> bool:
    """Match what a figure counts with the figure ("locatarios" -> "420")."""
    pairs: list[dict[str, str]] = []
    rights: set[str] = set()
    for figure in chosen:
        right = figure.shown + (" %" if is_percent(figure) else "")
        if right not in rights:
            rights.add(right)
            pairs.append({"left": figure.label, "right": right})
    if len(pairs) < 3:
        return False
    question: Question = {
        "type": "matching",
        "prompt": state.text["match_figures"].format(title=state.title),
        "pairs": pairs[:MAX_PAIRS],
    }
    return state.add("relaciona", "cifras", question)


def match_people(state: Drafting, people: tuple[Person, ...]) -> bool:
    """Match each named person with the role the article gives them."""
    unique = {p.role: p for p in people}
    if len(unique) < 3:
        return False
    question: Question = {
        "type": "matching",
        "prompt": state.text["match_people"].format(title=state.title),
        "pairs": [{"left": p.name, "right": p.role} for p in list(unique.values())[:MAX_PAIRS]],
    }
    return state.add("relaciona", "personas", question)


def ordering(state: Drafting, events: tuple[Event, ...]) -> bool:
    """Put the article's dated events in order (their years are left out of the items)."""
    texts = list(dict.fromkeys(e.text for e in events))[:MAX_ORDER]
    if len(texts) < 3:
        return False
    question: Question = {
        "type": "ordering",
        "prompt": state.text["ordering"].format(title=state.title),
        "items": texts,
        "feedback": {"general": "; ".join(f"{e.year}: {e.text}" for e in events[:MAX_ORDER])},
    }
    return state.add("orden", "fechas", question)


def _cloze_sentences(facts: Facts) -> list[tuple[str, list[Figure]]]:
    by_sentence: dict[str, list[Figure]] = {}
    for figure in facts.figures:
        by_sentence.setdefault(figure.sentence, []).append(figure)
    return [(s, f) for s, f in by_sentence.items() if len(f) >= 2][:MAX_CLOZE]


def draft_questions(facts: Facts, state: Drafting) -> list[dict[str, Any]]:
    """Every draft question the facts allow, in a stable order, without repeats."""
    in_cloze: set[int] = set()
    for sentence, figures in _cloze_sentences(facts):
        if cloze(state, sentence, figures, facts.figures):
            in_cloze.update(id(f) for f in figures)
    singles = numerics = 0
    for figure in facts.figures:
        if id(figure) in in_cloze:
            continue
        measured = is_unit(figure.label) or is_percent(figure)
        if not measured and singles < MAX_SINGLE and single_figure(state, figure, facts.figures):
            singles += 1
        elif numerics < MAX_NUMERIC and numeric(state, figure):
            numerics += 1
    labelled = _distinct_labels(facts.figures)
    match_figures(state, labelled[:MAX_PAIRS])
    multiple_response(state, facts, labelled[MAX_PAIRS:] if len(labelled) >= 7 else labelled)
    match_people(state, facts.people)
    ordering(state, facts.events)
    who_said(state, facts)
    return state.questions
