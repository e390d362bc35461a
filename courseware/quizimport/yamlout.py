"""Writing an imported bank as YAML, with each loss note as a comment where it applies.

A small emitter for the plain data a bank is made of (mappings, lists, text, numbers,
booleans): PyYAML's representer took half the time of a 20,000-question import. Text is
written plain when YAML reads it back as the same text, else double-quoted (JSON escapes,
which YAML reads); multi-line text as a literal block. ``tests/quizimport`` checks that
``yaml.safe_load`` gives the data back.
"""

from __future__ import annotations

import json
import re
from typing import Any

from courseware.i18n import says
from courseware.quizimport.common import BankBuilder

_PLAIN = re.compile(
    r"[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9+.=~\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]"
    r"[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]*"
)
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~", "", "<<"}
_BLOCK_SAFE = re.compile(r"[^\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\r]*")


_ESCAPE = re.compile(r"[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def _quoted(text: str) -> str:
    out = json.dumps(text, ensure_ascii=False)
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", out)


def scalar(value: Any) -> str:
    """One scalar as YAML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        if text in {"inf", "-inf", "nan"}:
            return {"inf": ".inf", "-inf": "-.inf", "nan": ".nan"}[text]
        mantissa, e, exponent = text.partition("e")
        if e and "." not in mantissa:
            text = f"{mantissa}.0e{exponent}"
        return text
    if value is None:
        return "null"
    text = str(value)
    if (
        _PLAIN.fullmatch(text)
        and text.lower() not in _RESERVED
        and ": " not in text
        and " #" not in text
        and not text.endswith((" ", ":", "\t"))
    ):
        return text
    return _quoted(text)


def _block(text: str, indent: str) -> str | None:
    """A literal block for multi-line text, or None if one cannot hold it exactly."""
    if "\n" not in text or not _BLOCK_SAFE.fullmatch(text) or text != text.rstrip("\n"):
        return None
    lines = text.split("\n")
    first = next((line for line in lines if line), "")
    if first[:1] in {" ", "\t"} or any(line != line.rstrip(" \t") for line in lines):
        return None
    body = "".join(f"{indent}{line}\n" if line else "\n" for line in lines)
    return "|-\n" + body


def emit(value: Any, indent: str, out: list[str]) -> None:
    """``value`` (a mapping or a list) as block YAML lines at ``indent``."""
    if isinstance(value, dict):
        for key, item in value.items():
            _entry(f"{indent}{key}:", item, indent, out)
    else:
        for item in value:
            if isinstance(item, dict) and item:
                first = True
                for key, sub in item.items():
                    lead = f"{indent}- " if first else f"{indent}  "
                    _entry(f"{lead}{key}:", sub, indent + "  ", out)
                    first = False
            else:
                _entry(f"{indent}-", item, indent, out)


def _entry(head: str, value: Any, indent: str, out: list[str]) -> None:
    if isinstance(value, dict | list):
        if not value:
            out.append(f"{head} {'{}' if isinstance(value, dict) else '[]'}\n")
            return
        out.append(head + "\n")
        emit(value, indent + ("  " if isinstance(value, dict) else ""), out)
        return
    if isinstance(value, str):
        block = _block(value, indent + "  ")
        if block is not None:
            out.append(f"{head} {block}")
            return
    out.append(f"{head} {scalar(value)}\n")


def _comment(note: str, indent: str) -> str:
    lines = _UNPRINTABLE.sub("?", note).split("\n") or [""]
    return "".join(
        f"{indent}# lost: {line}\n" if n == 0 else f"{indent}#   {line}\n"
        for n, line in enumerate(lines)
    )


def bank_yaml(bank: BankBuilder, source_name: str) -> str:
    """The YAML text of the bank: header, bank notes, categories and questions with notes."""
    out = ["# " + says("quizimport.yaml.header", source=source_name) + "\n"]
    out.extend(_comment(note, "") for note in bank.notes)
    head: dict[str, Any] = {"id": bank.id, "title": bank.title}
    if bank.description:
        head["description"] = bank.description
    emit(head, "", out)
    if bank.categories:
        out.append("categories:\n")
        for category in bank.categories:
            out.extend(_comment(n, "  ") for n in bank.category_notes.get(category["id"], []))
            emit([category], "  ", out)
    if not bank.questions:
        out.append("questions: []\n")
        return "".join(out)
    out.append("questions:\n")
    for question in bank.questions:
        out.extend(_comment(note, "  ") for note in question.notes)
        emit([question.data], "  ", out)
    return "".join(out)
