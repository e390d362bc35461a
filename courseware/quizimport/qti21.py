"""QTI 2.1 assessment items: choice, text entry, extended text, match, order, inline choice."""

from __future__ import annotations

import copy
import re
from typing import Any

from lxml import etree

from courseware.i18n import says
from courseware.quizimport.common import (
    BankBuilder,
    choice_weights,
    fold_spellings,
    set_title,
    valid_id,
)
from courseware.quizimport.markdown import html_to_markdown, html_to_text
from courseware.quizimport.qti import Package

_INTERACTIONS = {
    "choiceInteraction",
    "textEntryInteraction",
    "extendedTextInteraction",
    "matchInteraction",
    "orderInteraction",
    "inlineChoiceInteraction",
}


def _local(element: etree._Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _all(element: etree._Element, tag: str) -> list[etree._Element]:
    return [e for e in element.iter() if _local(e) == tag]


def _plain_tree(element: etree._Element) -> etree._Element:
    """A copy of ``element`` without namespaces (ready to be read as HTML)."""
    clone = copy.deepcopy(element)
    for node in clone.iter():
        if isinstance(node.tag, str):
            node.tag = _local(node)
            for key in list(node.attrib):
                if key.startswith("{"):
                    del node.attrib[key]
    etree.cleanup_namespaces(clone)
    return clone


def _html(element: etree._Element) -> str:
    """The inner HTML of an element."""
    clone = _plain_tree(element)
    inner = (clone.text or "") + "".join(
        etree.tostring(child, encoding="unicode", with_tail=True) for child in clone
    )
    return re.sub(r'\sxmlns(:\w+)?="[^"]*"', "", inner)


class _Item:
    """One assessmentItem being read."""

    def __init__(self, package: Package, member: str, root: etree._Element) -> None:
        self.package = package
        self.member = member
        self.root = root
        self.notes: list[str] = []
        self.declarations = {d.get("identifier", ""): d for d in _all(root, "responseDeclaration")}

    def markdown(self, element: etree._Element) -> str:
        return html_to_markdown(self.package.localise(_html(element), self.member))

    def correct(self, identifier: str) -> list[str]:
        declaration = self.declarations.get(identifier)
        if declaration is None:
            return []
        return [
            (v.text or "").strip()
            for v in _all(declaration, "correctResponse")
            for v in _all(v, "value")
        ]

    def mapping(self, identifier: str) -> dict[str, float]:
        declaration = self.declarations.get(identifier)
        if declaration is None:
            return {}
        return {
            e.get("mapKey", ""): float(e.get("mappedValue") or 0)
            for e in _all(declaration, "mapEntry")
        }

    def feedback(self) -> dict[str, str]:
        return {m.get("identifier", ""): self.markdown(m) for m in _all(self.root, "modalFeedback")}


def read_assessment_item(
    bank: BankBuilder, package: Package, member: str, root: etree._Element, seen: set[str]
) -> None:
    """Add the question of one assessmentItem document."""
    ident = root.get("identifier", "")
    if ident in seen:
        return
    seen.add(ident)
    item = _Item(package, member, root)
    title = root.get("title") or None
    line = root.sourceline
    body = next(iter(_all(root, "itemBody")), None)
    kinds = (
        [_local(e) for e in body.iter() if _local(e).endswith("Interaction")]
        if body is not None
        else []
    )
    unknown = [k for k in kinds if k not in _INTERACTIONS]
    if body is None or not kinds or unknown:
        bank.skip(
            line,
            says(
                "quizimport.qti21.unknown-interaction",
                name=repr(title or ident),
                kinds=", ".join(unknown),
            )
            if unknown
            else says("quizimport.qti21.no-interaction", name=repr(title or ident)),
            says("quizimport.unknown-type.hint"),
        )
        return
    if len(kinds) > 1 or kinds[0] == "inlineChoiceInteraction":
        data = _cloze(item, body, title or ident)
    else:
        data = _single(item, body, kinds[0])
    feedback = item.feedback()
    given = {k: feedback[k] for k in ("correct", "incorrect", "general") if feedback.get(k)}
    if given:
        data["feedback"] = given
    for key in feedback:
        if key not in {"correct", "incorrect", "general"} and not key.startswith("fb-"):
            item.notes.append(
                says("quizimport.lost.feedback", id=repr(key), feedback=feedback[key])
            )
    _points(item, data)
    set_title(data, title)
    ident = ident[2:] if ident.startswith("q-") else ident
    bank.add(data, ident if valid_id(ident) else None, title, line, item.notes)


def _points(item: _Item, data: dict[str, Any]) -> None:
    for outcome in _all(item.root, "outcomeDeclaration"):
        if outcome.get("identifier") == "MAXSCORE":
            value = "".join(outcome.itertext()).strip()
            try:
                if float(value) != 1 and data["type"] != "cloze":
                    data["points"] = float(value)
            except ValueError:
                pass


def _single(item: _Item, body: etree._Element, kind: str) -> dict[str, Any]:
    interaction = next(e for e in body.iter() if _local(e) == kind)
    rid = interaction.get("responseIdentifier", "RESPONSE")
    prompt_parts = [item.markdown(p) for p in _all(interaction, "prompt")]
    readers = {
        "choiceInteraction": _choice,
        "textEntryInteraction": _text_entry,
        "extendedTextInteraction": _essay,
        "matchInteraction": _match,
        "orderInteraction": _order,
    }
    data = readers[kind](item, interaction, rid)
    stripped = copy.deepcopy(body)
    for node in [e for e in stripped.iter() if _local(e) in {kind, "rubricBlock"}]:
        _drop(node, keep_tail=not data.get("unit"))
    data["prompt"] = "\n\n".join(p for p in [item.markdown(stripped), *prompt_parts] if p)
    return data


def _drop(node: etree._Element, *, keep_tail: bool) -> None:
    """Remove an element; its tail text stays in the document unless told otherwise."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail if keep_tail else None
    previous = node.getprevious()
    if tail and previous is not None:
        previous.tail = (previous.tail or "") + tail
    elif tail:
        parent.text = (parent.text or "") + tail
    parent.remove(node)


def _choice(item: _Item, interaction: etree._Element, rid: str) -> dict[str, Any]:
    right = set(item.correct(rid))
    declaration = item.declarations.get(rid)
    multiple = declaration is not None and declaration.get("cardinality") == "multiple"
    options = [
        (c.get("identifier", ""), html_to_text(_html(c))) for c in _all(interaction, "simpleChoice")
    ]
    if not multiple and {i for i, _ in options} == {"true", "false"}:
        return {"type": "true_false", "answer": "true" in right}
    feedback = item.feedback()
    choices = []
    for ident, text in options:
        choice: dict[str, Any] = {"text": text}
        if ident in right:
            choice["correct"] = True
        if feedback.get(f"fb-{ident}"):
            choice["feedback"] = feedback[f"fb-{ident}"]
        choices.append(choice)
    data: dict[str, Any] = {
        "type": "multiple_response" if multiple else "single_choice",
        "choices": choices,
    }
    if multiple:
        choice_weights(data)
    if interaction.get("shuffle") == "false":
        data["shuffle"] = False
    return data


def _text_entry(item: _Item, interaction: etree._Element, rid: str) -> dict[str, Any]:
    declaration = item.declarations.get(rid)
    base = declaration.get("baseType", "string") if declaration is not None else "string"
    correct = item.correct(rid)
    if base in {"float", "integer"}:
        low = [float(v.text or 0) for g in _all(item.root, "gte") for v in _all(g, "baseValue")]
        high = [float(v.text or 0) for g in _all(item.root, "lte") for v in _all(g, "baseValue")]
        value = float(correct[0]) if correct else (low[0] + high[0]) / 2 if low and high else 0.0
        data: dict[str, Any] = {"type": "numeric", "answer": value}
        if low and high and high[0] > low[0]:
            if abs((low[0] + high[0]) / 2 - value) < 1e-9:
                data["tolerance"] = round(high[0] - value, 12)
            else:
                data = {"type": "numeric", "min": low[0], "max": high[0]}
        unit = (interaction.tail or "").strip()
        if unit:
            data["unit"] = unit
        return data
    mapping = item.mapping(rid) or {c: 1.0 for c in correct}
    best = max(mapping.values(), default=1.0) or 1.0
    answers: list[dict[str, Any]] = [
        {"text": k, **({"credit": round(v / best, 7)} if v < best else {})}
        for k, v in mapping.items()
        if v > 0
    ]
    keep, accents = fold_spellings([a["text"] for a in answers], case_sensitive=False)
    data = {"type": "short_answer", "answers": [answers[i] for i in keep]}
    feedback = item.feedback()
    for n, answer in enumerate(data["answers"], start=1):
        if feedback.get(f"fb-answer-{n}"):
            answer["feedback"] = feedback[f"fb-answer-{n}"]
    if any(e.get("caseSensitive") == "true" for e in _all(item.root, "mapEntry")):
        data["case_sensitive"] = True
    if accents:
        data["accent_sensitive"] = True
    return data


def _essay(item: _Item, interaction: etree._Element, rid: str) -> dict[str, Any]:
    data: dict[str, Any] = {"type": "essay"}
    for block in _all(item.root, "rubricBlock"):
        _grader_block(data, _plain_tree(block))
    return data


def _match(item: _Item, interaction: etree._Element, rid: str) -> dict[str, Any]:
    sets = _all(interaction, "simpleMatchSet")
    if len(sets) != 2:
        return {"type": "matching", "pairs": []}
    lefts = {
        c.get("identifier", ""): html_to_text(_html(c))
        for c in _all(sets[0], "simpleAssociableChoice")
    }
    rights = {
        c.get("identifier", ""): html_to_text(_html(c))
        for c in _all(sets[1], "simpleAssociableChoice")
    }
    pairs, used = [], set()
    for value in item.correct(rid):
        left, _, right = value.partition(" ")
        if left in lefts and right in rights:
            pairs.append({"left": lefts[left], "right": rights[right]})
            used.add(right)
    data: dict[str, Any] = {"type": "matching", "pairs": pairs}
    extra = [text for ident, text in rights.items() if ident not in used]
    if extra:
        data["distractors"] = extra
    return data


def _order(item: _Item, interaction: etree._Element, rid: str) -> dict[str, Any]:
    texts = {
        c.get("identifier", ""): html_to_text(_html(c)) for c in _all(interaction, "simpleChoice")
    }
    order = [i for i in item.correct(rid) if i in texts] or list(texts)
    return {"type": "ordering", "items": [texts[i] for i in order]}


def _cloze(item: _Item, body: etree._Element, title: str) -> dict[str, Any]:
    stripped = copy.deepcopy(body)
    blanks: list[dict[str, Any]] = []
    for node in [
        e
        for e in stripped.iter()
        if _local(e) in {"textEntryInteraction", "inlineChoiceInteraction"}
    ]:
        rid = node.get("responseIdentifier", "")
        ident = f"b{len(blanks) + 1}"
        if _local(node) == "inlineChoiceInteraction":
            options = {
                c.get("identifier", ""): html_to_text(_html(c)) for c in _all(node, "inlineChoice")
            }
            right = [options[i] for i in item.correct(rid) if i in options]
            right += [
                options[k] for k in item.mapping(rid) if k in options and options[k] not in right
            ]
            blank: dict[str, Any] = {
                "id": ident,
                "answers": right,
                "choices": list(options.values()),
            }
        else:
            answers = [k for k, v in item.mapping(rid).items() if v > 0] or item.correct(rid)
            keep, accents = fold_spellings(answers, case_sensitive=False)
            blank = {"id": ident, "answers": [answers[i] for i in keep]}
            if accents:
                blank["accent_sensitive"] = True
        blanks.append(blank)
        marker = etree.Element("span")
        marker.text = f"[[{ident}]]"
        marker.tail = node.tail
        parent = node.getparent()
        if parent is not None:
            parent.replace(node, marker)
    markdown = item.markdown(stripped).replace("\\[\\[", "[[").replace("\\]\\]", "]]")
    head, sep, rest = markdown.partition("\n\n")
    if sep and "[[" not in head and "[[" in rest:
        prompt, text = head, rest
    else:
        prompt, text = title, markdown
    return {"type": "cloze", "prompt": prompt, "text": text, "blanks": blanks}


def _grader_block(data: dict[str, Any], block: etree._Element) -> None:
    """Rubric (a table of criterion, points, description) and model answer (a div)."""
    rest = []
    for child in block:
        if child.tag == "table":
            rubric = []
            for row in child.iter("tr"):
                cells = row.findall("td")
                if len(cells) < 2:
                    continue
                criterion: dict[str, Any] = {
                    "criterion": "".join(cells[0].itertext()).strip(),
                    "points": float("".join(cells[1].itertext()).strip() or 0),
                }
                if len(cells) > 2 and "".join(cells[2].itertext()).strip():
                    criterion["description"] = html_to_markdown(_html(cells[2]))
                rubric.append(criterion)
            data["rubric"] = rubric
        elif child.tag == "div":
            data["model_answer"] = html_to_markdown(_html(child))
        else:
            rest.append(etree.tostring(child, encoding="unicode"))
    if rest and "model_answer" not in data:
        data["model_answer"] = html_to_markdown("".join(rest))
