"""Read GIFT (Moodle's text format) into bank data."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from courseware.errors import CoursewareError, Issue, SourceSpan
from courseware.quizimport.common import (
    BankBuilder,
    choice_weights,
    fold_spellings,
    set_title,
    split_tags,
)
from courseware.quizimport.markdown import html_to_markdown, html_to_text

# Escaped characters are swapped for private-use placeholders while parsing.
_ESCAPES = {
    "\\\\": "\ue000",
    "\\~": "\ue001",
    "\\=": "\ue002",
    "\\#": "\ue003",
    "\\{": "\ue004",
    "\\}": "\ue005",
    "\\:": "\ue006",
    "\\n": "\ue007",
}
_BACK = {
    "\ue000": "\\",
    "\ue001": "~",
    "\ue002": "=",
    "\ue003": "#",
    "\ue004": "{",
    "\ue005": "}",
    "\ue006": ":",
    "\ue007": "\n",
}
_FORMAT = re.compile(r"^\s*\[(html|markdown|plain|moodle)\]")
_NUMBER = r"[+-]?\d+(?:\.\d+)?"


def _protect(text: str) -> str:
    return re.sub(r"\\[\\~=#{}:n]", lambda m: _ESCAPES[m.group(0)], text)


def _restore(text: str) -> str:
    return "".join(_BACK.get(ch, ch) for ch in text)


class _Block:
    """One question block: its first line number, comments and text."""

    def __init__(self, line: int, comments: list[str], text: str) -> None:
        self.line = line
        self.comments = comments
        self.text = text


def _blocks(source: str) -> list[_Block]:
    blocks: list[_Block] = []
    comments: list[str] = []
    lines: list[str] = []
    start = 1
    for number, line in enumerate([*source.splitlines(), ""], start=1):
        stripped = line.strip()
        if not stripped:
            if lines:
                blocks.append(_Block(start, comments, "\n".join(lines)))
            comments, lines = ([], []) if lines else (comments, [])
            continue
        if stripped.startswith("//") and not lines:
            comments.append(stripped[2:])
            start = number + 1
            continue
        if not lines:
            start = number
        if stripped.startswith("//"):
            continue
        lines.append(line)
    return blocks


class _Text:
    """Decodes the texts of one question in its format."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt

    def rich(self, raw: str) -> str:
        text = _restore(_FORMAT.sub("", raw).strip())
        return html_to_markdown(text) if self.fmt == "html" else text

    def plain(self, raw: str) -> str:
        text = _restore(raw.strip())
        return html_to_text(text) if self.fmt == "html" else text


def _split_feedback(raw: str) -> tuple[str, str | None]:
    text, _, feedback = raw.partition("#")
    return text, (feedback if _ else None)


def _tokens(body: str) -> list[tuple[str, str]]:
    """``=a ~b`` -> [("=", "a"), ("~", "b")] (escaped marks are already protected)."""
    parts = re.split(r"([=~])", body)
    tokens: list[tuple[str, str]] = []
    for n in range(1, len(parts), 2):
        tokens.append((parts[n], parts[n + 1] if n + 1 < len(parts) else ""))
    return tokens


def _weight(text: str) -> tuple[float | None, str]:
    match = re.match(r"\s*%(-?\d+(?:\.\d+)?)%", text)
    if not match:
        return None, text
    return float(match.group(1)) / 100, text[match.end() :]


def _answers(body: str, t: _Text, error: Any) -> dict[str, Any]:
    stripped = body.strip()
    if not stripped:
        return {"type": "essay"}
    if stripped.startswith("#"):
        return _numeric(stripped[1:], t, error)
    head, feedback = _split_feedback(stripped)
    if head.strip() in {"T", "TRUE", "F", "FALSE"}:
        question: dict[str, Any] = {"type": "true_false", "answer": head.strip().startswith("T")}
        wrong, _, right = (feedback or "").partition("#")
        given = {k: v for k, v in (("correct", t.rich(right)), ("incorrect", t.rich(wrong))) if v}
        if given:
            question["feedback"] = given
        return question
    tokens = _tokens(stripped)
    if not tokens:
        error("no answers between { and }")
    if all(m == "=" for m, _ in tokens) and any("->" in text for _, text in tokens):
        pairs, distractors = [], []
        for _, text in tokens:
            left, _, right = text.partition("->")
            if t.plain(left):
                pairs.append({"left": t.plain(left), "right": _restore(right.strip())})
            else:
                distractors.append(_restore(right.strip()))
        question = {"type": "matching", "pairs": pairs}
        if distractors:
            question["distractors"] = distractors
        return question
    if all(m == "=" for m, _ in tokens):
        return _short(tokens, t)
    choices = []
    weighted = False
    for mark, raw in tokens:
        weight, rest = _weight(raw)
        text, fb = _split_feedback(rest)
        choice: dict[str, Any] = {"text": t.plain(text)}
        if weight is not None and mark == "~":
            weighted = True
            choice["weight"] = weight
            if weight > 0:
                choice["correct"] = True
        elif mark == "=":
            choice["correct"] = True
        if fb and fb.strip():
            choice["feedback"] = t.rich(fb)
        choices.append(choice)
    if weighted or sum(bool(c.get("correct")) for c in choices) != 1:
        question = {"type": "multiple_response", "choices": choices}
        choice_weights(question)
        return question
    return {"type": "single_choice", "choices": choices}


def _short(tokens: list[tuple[str, str]], t: _Text) -> dict[str, Any]:
    answers: list[dict[str, Any]] = []
    wrong: str | None = None
    for _, raw in tokens:
        weight, rest = _weight(raw)
        text, fb = _split_feedback(rest)
        value = t.plain(text)
        if value == "*" and not weight:
            wrong = t.rich(fb) if fb else None
            continue
        answer: dict[str, Any] = {"text": value.replace("\\*", "*")}
        if weight is not None and weight != 1:
            answer["credit"] = weight
        if fb and fb.strip():
            answer["feedback"] = t.rich(fb)
        answers.append(answer)
    keep, accent_sensitive = fold_spellings([a["text"] for a in answers], case_sensitive=False)
    question: dict[str, Any] = {"type": "short_answer", "answers": [answers[i] for i in keep]}
    if accent_sensitive:
        question["accent_sensitive"] = True
    if wrong:
        question["feedback"] = {"incorrect": wrong}
    return question


def _numeric(body: str, t: _Text, error: Any) -> dict[str, Any]:
    first = body.strip()
    feedback = None
    if first.startswith("="):
        full = [
            raw for mark, raw in _tokens(first) if mark == "=" and _weight(raw)[0] in (None, 1.0)
        ]
        first, feedback = _split_feedback(_weight(full[0])[1] if full else "")
    question: dict[str, Any] = {"type": "numeric"}
    value = first.strip()
    if m := re.fullmatch(rf"({_NUMBER})\.\.({_NUMBER})", value):
        question["min"], question["max"] = float(m.group(1)), float(m.group(2))
    elif m := re.fullmatch(rf"({_NUMBER})(?::({_NUMBER}))?", value):
        question["answer"] = float(m.group(1))
        if m.group(2) and float(m.group(2)):
            question["tolerance"] = float(m.group(2))
    else:
        error(f"{_restore(value)!r} is not a number, a number:tolerance or a low..high range")
    if feedback and feedback.strip():
        question["feedback"] = {"correct": t.rich(feedback)}
    return question


def read_gift(path: Path, text: str) -> BankBuilder:
    """Parse GIFT text; errors cite ``file:line``."""
    bank = BankBuilder(path)
    for block in _blocks(text.lstrip("\ufeff")):
        ids = [m for c in block.comments for m in re.findall(r"\[id:([^\]]+)\]", c)]
        tags = [m for c in block.comments for m in re.findall(r"\[tag:([^\]]+)\]", c)]
        idnumber = ids[-1].strip() if ids else None
        raw = _protect(block.text)

        def error(message: str, line: int = block.line) -> None:
            raise CoursewareError(
                Issue("error", f"GIFT: {message}", SourceSpan(path, line, 1), code="gift-syntax")
            )

        if raw.lstrip().startswith("$CATEGORY:"):
            bank.enter_category(_restore(raw.lstrip()[len("$CATEGORY:") :].strip()), idnumber)
            continue
        title = None
        if m := re.match(r"\s*::(.*?)::", raw, re.S):
            title = _restore(m.group(1)).strip()
            raw = raw[m.end() :]
        if "{" not in raw:
            bank.notes.append(
                f"line {block.line}: a text without answers (description) was skipped"
            )
            continue
        open_at = raw.index("{")
        close_at = raw.rfind("}")
        if close_at < open_at:
            error("'{' without a matching '}'")
        stem, body, after = raw[:open_at], raw[open_at + 1 : close_at], raw[close_at + 1 :]
        fmt_match = _FORMAT.match(stem)
        t = _Text(fmt_match.group(1) if fmt_match else "moodle")
        body, _, general = body.partition("####")
        question = _answers(body, t, error)
        prompt = t.rich(stem)
        if after.strip():
            prompt = (prompt + " _____ " + t.rich(after)).strip()
        question["prompt"] = prompt or (title or "")
        if general.strip():
            question.setdefault("feedback", {})["general"] = t.rich(general)
        if "feedback" in question:
            question["feedback"] = {
                k: question["feedback"][k]
                for k in ("correct", "incorrect", "general")
                if k in question["feedback"]
            }
        question.update(split_tags(tags))
        set_title(question, title)
        bank.add(question, idnumber, title)
    return bank
