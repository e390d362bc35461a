"""Read GIFT (Moodle's text format) into bank data, one question block at a time.

No well-kept Python GIFT parser reads everything Moodle's does (numeric partial credit,
per-answer formats, every escape), so this is a small tokenizer: blocks split at blank
lines, escapes swapped for placeholders, then the answer part is read by its first mark.
Time is linear in the size of the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from courseware.i18n import says
from courseware.quizimport.common import BankBuilder, renamed_tags, set_title, split_tags
from courseware.quizimport.gift_answers import BRACES, GiftError, parse_answers
from courseware.quizimport.gift_text import protect, restore, rich, split_format
from courseware.quizimport.media import MediaStore

_ID = re.compile(r"\[id:([^\]]*)\]")
_TAG = re.compile(r"\[tag:([^\]]*)\]")
_TITLE = re.compile(r"\s*::(.*?)::", re.S)


@dataclass
class _Block:
    """One question block: the line its text starts on, its comments and its lines."""

    line: int
    comments: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def _blocks(source: str) -> list[_Block]:
    blocks: list[_Block] = []
    current = _Block(1)
    for number, line in enumerate(source.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            if current.lines:
                blocks.append(current)
                current = _Block(number + 1)
            continue
        if stripped.startswith("//"):
            current.comments.append(stripped[2:])  # Moodle reads ids and tags in any of them
            continue
        if not current.lines:
            current.line = number
        current.lines.append(line)
    if current.lines:
        blocks.append(current)
    return blocks


def _answer_part(raw: str) -> tuple[str, str, str] | None:
    """(text before, answers, text after) of a protected question text; None if no answers."""
    open_at = raw.find("{")
    if open_at < 0:
        return None
    close_at = raw.find("}", open_at)
    if close_at < 0:
        raise GiftError(
            says("quizimport.gift.unclosed", **BRACES),
            says("quizimport.gift.unclosed.hint", **BRACES),
        )
    return raw[:open_at], raw[open_at + 1 : close_at], raw[close_at + 1 :]


def read_gift(path: Path, text: str, media: MediaStore | None = None) -> BankBuilder:
    """Parse GIFT text; each question that cannot be read is reported and skipped.

    Images inlined as ``data:`` URIs are kept as files in ``media``.
    """
    bank = BankBuilder(path, "GIFT")
    if media is not None and ";base64," in text:
        text = media.data_uris(text)
    for block in _blocks(text.lstrip("\ufeff")):
        ids = [m for c in block.comments for m in _ID.findall(c)]
        tags = [m for c in block.comments for m in _TAG.findall(c)]
        idnumber = ids[-1].strip() if ids else None
        raw = protect("\n".join(block.lines))
        if raw.lstrip().startswith("$CATEGORY:"):
            bank.enter_category(
                restore(raw.lstrip()[len("$CATEGORY:") :].strip()), idnumber, line=block.line
            )
            continue
        bank.guarded(block.line, _question, bank, block, raw, idnumber, tags)
    return bank


def _question(
    bank: BankBuilder, block: _Block, raw: str, idnumber: str | None, tags: list[str]
) -> None:
    title = None
    if match := _TITLE.match(raw):
        title = " ".join(restore(match.group(1)).split())
        raw = raw[match.end() :]
    fmt, raw = split_format(raw, "moodle")
    parts = _answer_part(raw)
    if parts is None:
        shown = " ".join(restore(raw).split())
        bank.notes.append(
            says(
                "quizimport.lost.gift.description",
                line=block.line,
                text=f"{title}: {shown}" if title else shown,
            )
        )
        return
    stem, body, after = parts
    if "{" in after:
        raise GiftError(
            says("quizimport.gift.two-parts", **BRACES),
            says("quizimport.gift.two-parts.hint", **BRACES),
        )
    body, _, general = body.rpartition("####") if "####" in body else (body, "", "")
    question, notes = parse_answers(body, fmt)
    prompt = rich(stem, fmt)
    if after.strip():
        notes.append(says("quizimport.lost.gift.missing-word", blank="_____"))
        prompt = (prompt + " _____ " + rich(after, fmt)).strip()
    question["prompt"] = prompt or title or ""
    if not prompt:
        notes.append(says("quizimport.lost.no-text"))
    if general.strip():
        question.setdefault("feedback", {})["general"] = rich(general, fmt)
    if "feedback" in question:
        given = question["feedback"]
        question["feedback"] = {
            k: given[k] for k in ("correct", "incorrect", "general") if k in given
        }
    question.update(split_tags(tags))
    notes.extend(renamed_tags(tags))
    set_title(question, title)
    bank.add(question, idnumber, title, block.line, notes)
