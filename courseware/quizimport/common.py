"""Building a YAML bank from imported questions: ids, categories, tags and answer spellings."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from courseware.errors import CoursewareError, Issue, SourceSpan
from courseware.export.common import question_title
from courseware.model.quiz import MultipleResponseQuestion, QuizBank
from courseware.scoring import choice_credits, strip_accents


def slug(text: str, fallback: str = "q") -> str:
    """An id from a title: lowercase ASCII letters, digits and dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    return cleaned or fallback


def valid_id(text: str | None) -> str | None:
    """``text`` if it is a usable id as is, else None."""
    return text if text and re.fullmatch(r"[a-z0-9][a-z0-9_-]*", text) and len(text) <= 80 else None


def split_tags(tags: list[str]) -> dict[str, Any]:
    """LMS tags back to tags, difficulty, objectives and source (see ``tag_list``)."""
    fields: dict[str, Any] = {}
    plain: list[str] = []
    for tag in tags:
        key, _, value = tag.partition(":")
        if key == "difficulty" and value in {"easy", "medium", "hard"}:
            fields["difficulty"] = value
        elif key == "objective" and valid_id(value):
            fields.setdefault("objectives", []).append(value)
        elif key == "source" and valid_id(value):
            fields["source"] = value
        else:
            plain.append(valid_id(tag) or slug(tag, "tag"))
    if plain:
        fields["tags"] = list(dict.fromkeys(plain))
    return fields


def fold_spellings(texts: list[str], *, case_sensitive: bool) -> tuple[list[int], bool]:
    """Indexes of the answers to keep and whether matching is accent-sensitive.

    Why: exporters add the unaccented spelling of each accent-insensitive answer; an
    accented answer whose bare twin follows it is one answer, matched without accents.
    """

    def key(text: str) -> str:
        return text if case_sensitive else text.casefold()

    keep: list[int] = []
    twins = False
    seen: set[str] = set()
    for index, text in enumerate(texts):
        bare = strip_accents(text)
        if key(text) in seen:
            continue
        if bare != text and key(bare) in {key(t) for t in texts}:
            twins = True
            seen.add(key(bare))
        keep.append(index)
        seen.add(key(text))
    accented_alone = any(
        strip_accents(texts[i]) != texts[i]
        and key(strip_accents(texts[i])) not in {key(t) for t in texts}
        for i in keep
    )
    return keep, accented_alone and not twins


def choice_weights(question: dict[str, Any]) -> None:
    """Drop explicit choice weights that equal the default partial credit."""
    try:
        model = MultipleResponseQuestion.model_validate(
            {
                "id": "x",
                "prompt": "x",
                **question,
                "choices": [
                    {k: v for k, v in c.items() if k != "weight"} for c in question["choices"]
                ],
            }
        )
    except ValueError:
        return
    defaults = choice_credits(model)
    if all(
        abs(c.get("weight", d) - d) < 1e-4
        for c, d in zip(question["choices"], defaults, strict=True)
    ):
        for choice in question["choices"]:
            choice.pop("weight", None)


def set_title(question: dict[str, Any], name: str | None) -> None:
    """Keep an LMS name as title unless it is the one exporters derive from the prompt."""
    if not name:
        return
    probe = {"id": "x", "type": "essay", "prompt": question.get("prompt") or name}
    if (
        question_title(
            QuizBank.model_validate({"id": "b", "title": "b", "questions": [probe]}).questions[0]
        )
        != name
    ):
        question["title"] = name


class BankBuilder:
    """Collects categories and questions and writes the bank as YAML."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.id = slug(path.stem, "banco")
        self.title = path.stem
        self.categories: list[dict[str, Any]] = []
        self.questions: list[dict[str, Any]] = []
        self.category: str | None = None
        self.notes: list[str] = []

    def enter_category(self, path: str, idnumber: str | None) -> None:
        """Switch to a category given as a Moodle path (``$course$/top/Bank/Category``).

        The first level names the bank, the last one the category (deeper levels are
        flattened); id numbers written by our exporters (``bank.category``) give the ids.
        """
        skip = {"$course$", "$system$", "$module$", "$cat1$", "top"}
        parts = [p.replace("\x00", "/").strip() for p in path.replace("//", "\x00").split("/")]
        parts = [p for p in parts if p and p not in skip]
        bank_id, _, category_id = (idnumber or "").partition(".")
        if valid_id(bank_id):
            self.id = bank_id
        if parts:
            self.title = parts[0]
        if len(parts) < 2:
            self.category = None
            return
        ident = valid_id(category_id) or slug(parts[-1], "categoria")
        if not any(c["id"] == ident for c in self.categories):
            self.categories.append({"id": ident, "title": parts[-1]})
        self.category = ident

    def add(self, question: dict[str, Any], idnumber: str | None, name: str | None) -> None:
        """Add a question; its id is the LMS id number, else a slug of its name."""
        taken = {q["id"] for q in self.questions}
        base = valid_id(idnumber) or slug(
            name or question.get("prompt", ""), f"q{len(self.questions) + 1}"
        )
        ident, n = base, 2
        while ident in taken:
            ident, n = f"{base}-{n}", n + 1
        ordered: dict[str, Any] = {"id": ident, "type": question.pop("type")}
        if self.category:
            ordered["category"] = self.category
        for key in ("title", "prompt"):
            if key in question:
                ordered[key] = question.pop(key)
        ordered.update(question)
        self.questions.append(ordered)

    def data(self) -> dict[str, Any]:
        """The bank as plain data."""
        data: dict[str, Any] = {"id": self.id, "title": self.title}
        if self.categories:
            data["categories"] = self.categories
        data["questions"] = self.questions
        return data

    def yaml(self) -> str:
        """Validated YAML of the bank; a CoursewareError if what was read is not a valid bank."""
        data = self.data()
        try:
            QuizBank.model_validate(data)
        except ValueError as exc:
            raise CoursewareError(
                Issue(
                    "error",
                    f"the imported questions do not make a valid bank: {exc}",
                    SourceSpan(self.path, 1, 1),
                    code="import-invalid",
                )
            ) from None
        header = f"# Imported from {self.path.name} by courseware import-quiz.\n"
        notes = "".join(f"# Note: {note}\n" for note in self.notes)
        return header + notes + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
