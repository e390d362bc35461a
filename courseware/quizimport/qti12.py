"""QTI 1.2 items as Canvas exports them (``question_type`` in the item metadata)."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from courseware.i18n import says
from courseware.quizimport.common import BankBuilder, choice_weights, set_title, slug, valid_id
from courseware.quizimport.markdown import html_to_markdown, html_to_text
from courseware.quizimport.qti import Package, text_of


def _local(element: etree._Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _all(element: etree._Element, tag: str) -> list[etree._Element]:
    return [e for e in element.iter() if _local(e) == tag]


def _first(element: etree._Element, tag: str) -> etree._Element | None:
    return next((e for e in element.iter() if _local(e) == tag), None)


def _children(element: etree._Element, tag: str) -> list[etree._Element]:
    return [e for e in element if _local(e) == tag]


class _Item:
    """One Canvas item being read."""

    def __init__(self, package: Package, member: str, element: etree._Element) -> None:
        self.package = package
        self.member = member
        self.element = element
        self.notes: list[str] = []
        self.meta = {
            text_of(_first(f, "fieldlabel")).strip(): text_of(_first(f, "fieldentry")).strip()
            for f in _all(element, "qtimetadatafield")
        }
        self.feedbacks = {
            fb.get("ident", ""): self.material(fb) for fb in _all(element, "itemfeedback")
        }
        self.used: set[str] = set()

    def material(self, element: etree._Element | None) -> str:
        """Markdown of the first ``mattext`` below ``element``."""
        mattext = _first(element, "mattext") if element is not None else None
        if mattext is None:
            return ""
        text = mattext.text or ""
        if mattext.get("texttype", "text/plain") == "text/html":
            return html_to_markdown(self.package.localise(text, self.member))
        return html_to_markdown(f"<p>{_escape(text)}</p>") if text.strip() else ""

    def plain(self, element: etree._Element | None) -> str:
        """The plain text of the first ``mattext`` below ``element``."""
        mattext = _first(element, "mattext") if element is not None else None
        if mattext is None:
            return ""
        text = mattext.text or ""
        return html_to_text(text) if mattext.get("texttype") == "text/html" else text.strip()

    def scoring(self) -> list[tuple[etree._Element, float]]:
        """Each respcondition that sets or adds to the score, with its value."""
        out = []
        for rc in _all(self.element, "respcondition"):
            for setvar in _children(rc, "setvar"):
                try:
                    out.append((rc, float(setvar.text or 0)))
                except ValueError:
                    continue
        return out

    def labels(self, lid: etree._Element) -> dict[str, str]:
        """ident -> plain text of each response label of a response_lid."""
        return {lab.get("ident", ""): self.plain(lab) for lab in _all(lid, "response_label")}

    def feedback_of(self, ident: str) -> str:
        """The feedback ``<ident>_fb`` (then counted as used)."""
        self.used.add(f"{ident}_fb")
        return self.feedbacks.get(f"{ident}_fb", "")

    def feedback_when(self, value: str) -> str:
        """The feedback a condition ``varequal == value`` shows (Canvas's per-answer feedback)."""
        for rc in _all(self.element, "respcondition"):
            shown = [d.get("linkrefid", "") for d in _all(rc, "displayfeedback")]
            if any((v.text or "").strip() == value for v in _all(rc, "varequal")):
                for ident in shown:
                    if ident not in {"general_fb", "correct_fb", "general_incorrect_fb"}:
                        self.used.add(ident)
                        return self.feedbacks.get(ident, "")
        return ""

    def unused(self) -> list[str]:
        """Loss notes for feedback no field took."""
        return [
            says("quizimport.lost.feedback", id=repr(ident), feedback=text)
            for ident, text in self.feedbacks.items()
            if ident not in self.used and text
        ]

    def combined(self) -> dict[str, str]:
        self.used.update({"correct_fb", "general_incorrect_fb", "general_fb"})
        values = {
            "correct": self.feedbacks.get("correct_fb", ""),
            "incorrect": self.feedbacks.get("general_incorrect_fb", ""),
            "general": self.feedbacks.get("general_fb", ""),
        }
        return {k: v for k, v in values.items() if v}


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def read_questestinterop(
    bank: BankBuilder, package: Package, member: str, root: etree._Element, seen: set[str]
) -> None:
    """Add every item of one QTI 1.2 document (bank or assessment) not seen before."""
    for objectbank in _all(root, "objectbank"):
        ident = objectbank.get("ident", "").lower()
        bank.id = ident[2:] if ident.startswith("q-") and valid_id(ident[2:]) else ident
        bank.id = valid_id(bank.id) or slug(bank.id, bank.id or "banco")
        for field in _all(objectbank, "qtimetadatafield"):
            if text_of(_first(field, "fieldlabel")).strip() == "bank_title":
                bank.title = text_of(_first(field, "fieldentry")).strip() or bank.title
    for test in _all(root, "assessment"):
        if not bank.questions and not _all(root, "objectbank") and test.get("title"):
            bank.title = test.get("title", bank.title)
            bank.id = slug(bank.title, bank.id)
    for section in _all(root, "section"):
        if _first(section, "selection_number") is not None:
            bank.notes.append(
                says("quizimport.lost.qti12.group", member=member, title=repr(section.get("title")))
            )
    for element in _all(root, "item"):
        ident = element.get("ident", "")
        if ident in seen:
            continue
        seen.add(ident)
        bank.guarded(element.sourceline, _read_item, bank, package, member, element, ident)


def _read_item(
    bank: BankBuilder, package: Package, member: str, element: etree._Element, ident: str
) -> None:
    item = _Item(package, member, element)
    kind = item.meta.get("question_type", "")
    reader = _READERS.get(kind)
    line = item.element.sourceline
    title = item.element.get("title") or None
    if kind == "text_only_question":
        text = " ".join(item.plain(_first(item.element, "presentation")).split())
        bank.notes.append(
            says(
                "quizimport.lost.qti12.text-only",
                where=bank.span(line),
                title=repr(title),
                text=text,
            )
        )
        return
    if reader is None:
        bank.skip(
            line,
            says("quizimport.qti12.unknown-type", type=kind or "?", name=repr(title)),
            says("quizimport.unknown-type.hint"),
        )
        return
    presentation = _first(item.element, "presentation")
    data = reader(item)
    data.setdefault("prompt", item.material(presentation))
    feedback = {**item.combined(), **data.get("feedback", {})}
    if feedback:
        data["feedback"] = feedback
    points = item.meta.get("points_possible", "1")
    try:
        if float(points) != 1 and data["type"] != "cloze" and float(points) > 0:
            data["points"] = float(points)
    except ValueError:
        pass
    set_title(data, title)
    item.notes.extend(item.unused())
    ident = ident[2:] if ident.startswith("q-") and valid_id(ident[2:]) else ident
    bank.add(data, ident.lower() if valid_id(ident.lower()) else None, title, line, item.notes)


def _choice(item: _Item) -> dict[str, Any]:
    lid = _first(item.element, "response_lid")
    labels = item.labels(lid) if lid is not None else {}
    multiple = item.meta.get("question_type") == "multiple_answers_question"
    right: set[str] = set()
    for rc, value in item.scoring():
        if value <= 0:
            continue
        cond = _first(rc, "conditionvar")
        for var in _all(cond, "varequal") if cond is not None else []:
            if not any(_local(a) == "not" for a in var.iterancestors()):
                right.add((var.text or "").strip())
    if item.meta.get("question_type") == "true_false_question":
        answer = next((text for ident, text in labels.items() if ident in right), "true")
        return {
            "type": "true_false",
            "answer": answer.strip().lower() in {"true", "verdadero", "vrai", "wahr"},
        }
    choices = []
    for ident, text in labels.items():
        choice: dict[str, Any] = {"text": text}
        if ident in right:
            choice["correct"] = True
        if item.feedback_of(ident):
            choice["feedback"] = item.feedback_of(ident)
        choices.append(choice)
    data: dict[str, Any] = {
        "type": "multiple_response" if multiple else "single_choice",
        "choices": choices,
    }
    if multiple:
        choice_weights(data)
    return data


def _short(item: _Item) -> dict[str, Any]:
    answers: list[str] = []
    for rc, value in item.scoring():
        if value > 0:
            answers += [(v.text or "").strip() for v in _all(rc, "varequal")]
    from courseware.quizimport.common import fold_spellings

    answers = [a for a in dict.fromkeys(answers) if a]
    keep, accents = fold_spellings(answers, case_sensitive=False)
    data: dict[str, Any] = {"type": "short_answer", "answers": []}
    for i in keep:
        feedback = item.feedback_when(answers[i])
        data["answers"].append({"text": answers[i], **({"feedback": feedback} if feedback else {})})
    if accents:
        data["accent_sensitive"] = True
    return data


def _numeric(item: _Item) -> dict[str, Any]:
    """Canvas writes one condition per accepted answer: exact (with a margin) or a range."""
    data: dict[str, Any] = {"type": "numeric"}
    for rc, value in item.scoring():
        exact = [float(v.text or 0) for v in _all(rc, "varequal") if _num(v.text)]
        low = [float(v.text or 0) for v in _all(rc, "vargte") + _all(rc, "vargt") if _num(v.text)]
        high = [float(v.text or 0) for v in _all(rc, "varlte") + _all(rc, "varlt") if _num(v.text)]
        if value <= 0 or not (exact or (low and high)):
            continue
        shown = " ".join(f"{x:g}" for x in exact) + (
            f" [{low[0]:g}, {high[0]:g}]" if low and high else ""
        )
        if "answer" in data or "min" in data:
            item.notes.append(says("quizimport.lost.qti12.numeric", answer=shown.strip()))
        elif exact:
            data["answer"] = exact[0]
            if low and high and high[0] - exact[0] > 0:
                data["tolerance"] = round(high[0] - exact[0], 12)
        else:
            data["min"], data["max"] = low[0], high[0]
    return data


def _num(text: str | None) -> bool:
    return bool(text and re.fullmatch(r"\s*[+-]?\d+(\.\d+)?([eE][+-]?\d+)?\s*", text))


def _matching(item: _Item) -> dict[str, Any]:
    lids = _all(item.element, "response_lid")
    right_of: dict[str, str] = {}
    for rc, value in item.scoring():
        if value > 0:
            for var in _all(rc, "varequal"):
                right_of[var.get("respident", "")] = (var.text or "").strip()
    pairs, used = [], set()
    options: dict[str, str] = {}
    for lid in lids:
        labels = item.labels(lid)
        options.update(labels)
        answer = right_of.get(lid.get("ident", ""), "")
        pairs.append(
            {
                "left": item.plain(
                    _children(lid, "material")[0] if _children(lid, "material") else lid
                ),
                "right": labels.get(answer, ""),
            }
        )
        used.add(labels.get(answer, ""))
    distractors = [t for t in dict.fromkeys(options.values()) if t not in used]
    data: dict[str, Any] = {"type": "matching", "pairs": pairs}
    if distractors:
        data["distractors"] = distractors
    return data


def _blanks(item: _Item) -> dict[str, Any]:
    dropdowns = item.meta.get("question_type") == "multiple_dropdowns_question"
    presentation = _first(item.element, "presentation")
    html_prompt = (
        item.material(_children(presentation, "material")[0])
        if presentation is not None and _children(presentation, "material")
        else ""
    )
    right: set[str] = set()
    for rc, value in item.scoring():
        if value > 0:
            right.update((v.text or "").strip() for v in _all(rc, "varequal"))
    blanks: list[dict[str, Any]] = []
    names: dict[str, str] = {}
    for lid in _all(item.element, "response_lid"):
        name = item.plain(_children(lid, "material")[0]) if _children(lid, "material") else ""
        ident = re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-") or f"b{len(blanks) + 1}"
        labels = item.labels(lid)
        accepted = [t for i, t in labels.items() if i in right or not dropdowns]
        blank: dict[str, Any] = {"id": ident, "answers": list(dict.fromkeys(accepted))}
        if dropdowns:
            blank["choices"] = list(dict.fromkeys(labels.values()))
        blanks.append(blank)
        names[name] = ident
    text = re.sub(
        r"\\?\[([A-Za-z0-9_-]+)\\?\]",
        lambda m: f"[[{names[m.group(1)]}]]" if m.group(1) in names else m.group(0),
        html_prompt,
    )
    head, sep, rest = text.partition("\n\n")
    prompt, body = (head, rest) if sep and "[[" not in head and "[[" in rest else (head, text)
    if prompt == body:
        prompt = item.element.get("title") or "Fill in the blanks"
        item.notes.append(says("quizimport.lost.qti12.title-prompt", title=repr(prompt)))
    return {"type": "cloze", "prompt": prompt, "text": body, "blanks": blanks}


def _essay(item: _Item) -> dict[str, Any]:
    return {"type": "essay"}


_READERS = {
    "multiple_choice_question": _choice,
    "true_false_question": _choice,
    "multiple_answers_question": _choice,
    "short_answer_question": _short,
    "numerical_question": _numeric,
    "matching_question": _matching,
    "fill_in_multiple_blanks_question": _blanks,
    "multiple_dropdowns_question": _blanks,
    "essay_question": _essay,
}
