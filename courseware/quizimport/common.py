"""Building a YAML bank from imported questions: ids, categories, recovery and loss notes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from courseware.errors import Issue, SourceSpan
from courseware.export.rich import cached_plain_text
from courseware.i18n import says
from courseware.load.locate import issues_from_validation
from courseware.model.quiz import Category, MultipleResponseQuestion, Question, QuizBank
from courseware.scoring import choice_credits, strip_accents

QUESTION = TypeAdapter(Question)
"""Validates one question (the bank is validated question by question)."""


def slug(text: str, fallback: str = "q") -> str:
    """An id from a title: lowercase ASCII letters, digits and dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    return cleaned or fallback


_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")


def valid_id(text: str | None) -> str | None:
    """``text`` if it is a usable id as is, else None."""
    return text if text and len(text) <= 80 and _ID.fullmatch(text) else None


def split_tags(tags: list[str]) -> dict[str, Any]:
    """LMS tags back to tags, difficulty, objectives and source (see ``tag_list``)."""
    fields: dict[str, Any] = {}
    plain: list[str] = []
    for tag in tags:
        tag = tag.strip()
        if not tag:
            continue
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


def with_feedback(note: str, feedback: str | None) -> str:
    """A loss note, followed by the feedback that was lost with it (if any)."""
    return says("quizimport.lost.with-feedback", note=note, feedback=feedback) if feedback else note


def renamed_tags(tags: list[str]) -> list[str]:
    """Loss notes for tags that had to be respelled as ids."""
    return [
        says("quizimport.lost.tag", tag=repr(tag.strip()), id=repr(slug(tag, "tag")))
        for tag in tags
        if tag.strip() and not valid_id(tag.strip()) and ":" not in tag
    ]


def fold_spellings(texts: list[str], *, case_sensitive: bool) -> tuple[list[int], bool]:
    """Indexes of the answers to keep and whether matching is accent-sensitive.

    Why: exporters add the unaccented spelling of each accent-insensitive answer; an
    accented answer whose bare twin follows it is one answer, matched without accents.
    """

    def key(text: str) -> str:
        return text if case_sensitive else text.casefold()

    keys = {key(t) for t in texts}
    keep: list[int] = []
    twins = False
    seen: set[str] = set()
    for index, text in enumerate(texts):
        bare = strip_accents(text)
        if key(text) in seen:
            continue
        if bare != text and key(bare) in keys:
            twins = True
            seen.add(key(bare))
        keep.append(index)
        seen.add(key(text))
    accented_alone = any(
        strip_accents(texts[i]) != texts[i] and key(strip_accents(texts[i])) not in keys
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
    prompt = question.get("prompt") or name
    if re.sub(r"[\\*_`\[\]]", "", name[:12]) not in re.sub(r"[\\*_`\[\]]", "", prompt):
        question["title"] = name  # quick: the prompt does not even start like the name
        return
    text = cached_plain_text(prompt)
    derived = text if len(text) <= 80 else text[:79].rstrip() + "…"
    if derived != name:
        question["title"] = name


class ReadError(ValueError):
    """A question that cannot be read: what is wrong and, as hint, what to change."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class _Everywhere:
    """Positions that place every data path at one span (an imported question's line)."""

    def __init__(self, span: SourceSpan) -> None:
        self.span = span

    def value(self, path: Any) -> SourceSpan:
        return self.span

    key = exact = value


@dataclass
class Imported:
    """One question ready for the bank, with its loss notes."""

    data: dict[str, Any]
    notes: list[str]


@dataclass
class BankBuilder:
    """Collects categories and questions; each question is validated as it comes."""

    path: Path
    label: str
    id: str = ""
    title: str = ""
    description: str | None = None
    categories: list[dict[str, Any]] = field(default_factory=list)
    questions: list[Imported] = field(default_factory=list)
    category: str | None = None
    issues: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    category_notes: dict[str, list[str]] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)
    source: Path | None = None
    """The file lines refer to, when it is not ``path`` (a member of a package)."""
    pending: tuple[dict[str, Any], str | None] | None = None
    """The category entered last, kept once a question lands in it."""

    def __post_init__(self) -> None:
        self.id = self.id or slug(self.path.stem, "banco")
        self.title = self.title or self.path.stem

    def span(self, line: int | None) -> SourceSpan:
        """The place of a line in the imported file."""
        return SourceSpan(self.source or self.path, max(line or 1, 1), 1)

    def skip(self, line: int | None, message: str, hint: str | None = None) -> None:
        """Report a question that cannot be imported (the others still are)."""
        self.issues.append(
            Issue(
                "warning",
                says("quizimport.skipped", label=self.label, message=message),
                self.span(line),
                hint=hint,
                code="import-skipped",
            )
        )

    def guarded(self, line: int | None, read: Callable[..., object], *args: Any) -> None:
        """Run ``read(*args)`` (one question); what it cannot read skips only that question."""
        try:
            read(*args)
        except ReadError as exc:
            self.skip(line, str(exc), exc.hint)
        except (ValueError, IndexError, KeyError, TypeError, AttributeError) as exc:
            self.skip(
                line,
                says("quizimport.unreadable", error=f"{type(exc).__name__}: {exc}"),
                says("quizimport.unreadable.hint"),
            )

    def enter_category(
        self, path: str, idnumber: str | None, info: str | None = None, line: int | None = None
    ) -> None:
        """Switch to a category given as a Moodle path (``$course$/top/Bank/Sub/Category``).

        The first level names the bank; the deeper levels make one category whose title is
        the rest of the path (``Sub / Category``); ids written by our exporters
        (``bank.category``) give the ids.
        """
        skip = {"$course$", "$system$", "$module$", "$cat1$", "$cat2$", "$cat3$", "top"}
        parts = [p.replace("\x00", "/").strip() for p in path.replace("//", "\x00").split("/")]
        parts = [p for p in parts if p and p not in skip]
        bank_id, dot, category_id = (idnumber or "").partition(".")
        if not dot and len(parts) >= 2:
            bank_id, category_id = "", bank_id
        if valid_id(bank_id):
            self.id = bank_id
        if idnumber and not valid_id(category_id or bank_id):
            self.notes.append(
                says("quizimport.lost.category-idnumber", line=line, id=repr(idnumber))
            )
        if parts:
            self.title = parts[0]
        if len(parts) < 2:
            self.category = None
            self.pending = None
            if info:
                self.description = info
            return
        title = " / ".join(parts[1:])
        ident = valid_id(category_id) or slug("-".join(parts[1:]), "categoria")
        note = (
            f"nested category path {'/'.join(parts)} is one category titled {title!r}"
            if len(parts) > 2
            else None
        )
        self.pending = (
            {"id": ident, "title": title, **({"description": info} if info else {})},
            note,
        )
        self.category = ident

    def _use_category(self) -> None:
        """Keep the current category once a question lands in it (empty ones are left out)."""
        if self.pending is None:
            return
        candidate, note = self.pending
        self.pending = None
        known = next((c for c in self.categories if c["id"] == candidate["id"]), None)
        if known is None:
            self.categories.append(candidate)
        elif "description" in candidate and "description" not in known:
            known["description"] = candidate["description"]
        notes = self.category_notes.setdefault(candidate["id"], [])
        if note and note not in notes:
            notes.append(note)

    def add(
        self,
        question: dict[str, Any],
        idnumber: str | None,
        name: str | None,
        line: int | None,
        notes: list[str] | None = None,
    ) -> bool:
        """Add a question if it is valid; else report it at ``line`` and skip it."""
        notes = list(notes or [])
        base = valid_id(idnumber)
        if idnumber and not base:
            notes.append(says("quizimport.lost.idnumber", id=repr(idnumber)))
        base = base or slug(name or question.get("prompt", ""), f"q{len(self.questions) + 1}")
        ident, n = base, 2
        while ident in self.taken:
            ident, n = f"{base}-{n}", n + 1
        ordered: dict[str, Any] = {"id": ident, "type": question.pop("type")}
        if self.category:
            ordered["category"] = self.category
        for key in ("title", "prompt"):
            if key in question:
                ordered[key] = question.pop(key)
        ordered.update(question)
        for key in ("answer", "tolerance", "min", "max", "points"):
            value = ordered.get(key)
            if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
                ordered[key] = int(value)
        try:
            QUESTION.validate_python(ordered)
        except ValidationError as exc:
            found = issues_from_validation(exc.errors(), QuizBank, _Everywhere(self.span(line)))  # type: ignore[arg-type]
            what = "; ".join(i.message for i in found[:3]) or says("quizimport.invalid.default")
            hint = next((i.hint for i in found if i.hint), None)
            self.skip(
                line,
                says(
                    "quizimport.invalid",
                    type=ordered["type"].replace("_", " "),
                    name=repr(name or ident),
                    what=what,
                ),
                hint,
            )
            return False
        self.taken.add(ident)
        self._use_category()
        self.questions.append(Imported(ordered, notes))
        return True

    def data(self) -> dict[str, Any]:
        """The bank as plain data (questions included)."""
        data: dict[str, Any] = {"id": self.id, "title": self.title}
        if self.description:
            data["description"] = self.description
        if self.categories:
            data["categories"] = self.categories
        data["questions"] = [q.data for q in self.questions]
        return data

    def check(self) -> None:
        """Validate the whole bank; category problems are reported, not raised."""
        for category in list(self.categories):
            try:
                Category.model_validate(category)
            except ValidationError:
                self.categories.remove(category)
                self.notes.append(
                    says("quizimport.lost.category", title=repr(category.get("title")))
                )

    def loss_count(self) -> int:
        """How many loss notes the bank carries."""
        return (
            len(self.notes)
            + sum(len(n) for n in self.category_notes.values())
            + sum(len(q.notes) for q in self.questions)
        )
