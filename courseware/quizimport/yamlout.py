"""Writing an imported bank as YAML, with each loss note as a comment where it applies."""

from __future__ import annotations

from typing import Any

import yaml

from courseware.quizimport.common import BankBuilder

_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _dump(data: Any) -> str:
    return str(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100))


def _comment(note: str, indent: str) -> str:
    return "".join(
        f"{indent}# lost: {line}\n" if n == 0 else f"{indent}#   {line}\n"
        for n, line in enumerate(note.splitlines() or [""])
    )


def _indented(text: str, indent: str) -> str:
    return "".join(indent + line if line else line for line in text.splitlines(keepends=True))


def bank_yaml(bank: BankBuilder, source_name: str) -> str:
    """The YAML text of the bank: header, bank notes, categories and questions with notes."""
    out = [f"# Imported from {source_name} by courseware import-quiz.\n"]
    out.extend(_comment(note, "") for note in bank.notes)
    head: dict[str, Any] = {"id": bank.id, "title": bank.title}
    if bank.description:
        head["description"] = bank.description
    out.append(_dump(head))
    if bank.categories:
        out.append("categories:\n")
        for category in bank.categories:
            out.extend(_comment(n, "  ") for n in bank.category_notes.get(category["id"], []))
            out.append(_indented(_dump([category]), "  "))
    out.append("questions:\n")
    for question in bank.questions:
        out.extend(_comment(note, "  ") for note in question.notes)
        out.append(_indented(_dump([question.data]), "  "))
    if not bank.questions:
        out[-1] = "questions: []\n"
    return "".join(out)
