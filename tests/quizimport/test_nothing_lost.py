"""Nothing is lost in silence: every value of every fixture is in the YAML bank, in a
'# lost:' note, in a diagnostic (for questions not imported) or a documented default."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from courseware.export.common import number
from courseware.quizimport import ImportResult, import_bank
from courseware.quizimport.moodle_text import DEFAULTS
from tests.quizimport.helpers import TESTDATA, zip_folder

STOP = {"true", "false", "course", "top", "category", "html", "plain", "markdown", "moodle",
        "base64", "text", "answer", "tag", "multichoice", "shortanswer"}  # fmt: skip
"""Syntax, not content: format tags, category roots, cloze answer kinds."""


def _words(value: str) -> set[str]:
    value = re.sub(r"<[^>]+>", " ", value)
    return {w.casefold() for w in re.findall(r"[^\W_]{3,}", value)} - STOP


def _haystack(result: ImportResult) -> str:
    skipped = " ".join(i.message for i in result.issues)
    return (result.yaml + skipped).casefold()


def _missing(words: set[str], haystack: str) -> list[str]:
    return sorted(w for w in words if len(w) > 2 and w not in haystack)


@pytest.mark.parametrize("path", sorted((TESTDATA / "gift").glob("*.gift")), ids=lambda p: p.name)
def test_every_gift_value_is_kept_or_noted(path: Path) -> None:
    result = import_bank(path)
    skipped = {i.span.line for i in result.issues if i.span}
    words: set[str] = set()
    for block_start, block in _blocks(path.read_text(encoding="utf-8")):
        if block_start not in skipped:
            block = re.sub(r"%-?[\d.]+%", " ", block)  # weights: checked in test_gift
            # ordering settings that are what the bank does anyway (all items, vertical...)
            block = re.sub(
                r"(?m)^>.*$",
                lambda m: re.sub(r"\b(ALL|VERTICAL|SHOW|none)\b", " ", m.group(0)),
                block,
            )
            words |= _words(block.replace("[id:", " ").replace("[tag:", " "))
    assert _missing(words, _haystack(result)) == []


def _blocks(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    start, lines = 0, []
    for at, line in enumerate([*text.split("\n"), ""], start=1):
        if line.strip():
            if not lines or all(x.lstrip().startswith("//") for x in lines):
                start = at if not line.lstrip().startswith("//") else start
            lines.append(line)
        elif lines:
            out.append((start, "\n".join(lines)))
            lines = []
    return out


def _xml_values(root: etree._Element, skipped: set[int]) -> set[str]:
    words: set[str] = set()
    for question in root.iter():
        if not isinstance(question.tag, str) or question.sourceline in skipped:
            continue
        if question.tag.rsplit("}", 1)[-1] not in {"question", "item", "assessmentItem"}:
            continue
        for element in question.iter():
            tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
            if tag in {"file", "image_base64"} or not (element.text or "").strip():
                continue
            parent = element.getparent()
            owner = tag if tag != "text" or parent is None else str(parent.tag)
            value = (element.text or "").strip()
            if value in DEFAULTS.get(owner, ()):
                continue
            scoring = any(
                str(a.tag).endswith(("resprocessing", "responseProcessing"))
                for a in element.iterancestors()
            )
            if re.fullmatch(r"-?\d+(\.\d+)?", value):
                if not scoring:  # scoring bounds and answer idents: checked in test_qti
                    words.add(number(float(value)))
                continue
            words |= _words(value)
    return words


MOODLE = [p for p in sorted((TESTDATA / "moodle").glob("*.xml")) if p.stem != "xxe"]


@pytest.mark.parametrize("path", MOODLE, ids=lambda p: p.name)
def test_every_moodle_value_is_kept_or_noted(path: Path) -> None:
    result = import_bank(path)
    skipped = {i.span.line for i in result.issues if i.span}
    words = _xml_values(etree.parse(str(path)).getroot(), skipped)
    assert _missing(words, _haystack(result)) == []


@pytest.mark.parametrize("group", ["qti12", "qti21"])
def test_every_qti_value_is_kept_or_noted(tmp_path: Path, group: str) -> None:
    result = import_bank(zip_folder(TESTDATA / group, tmp_path / f"{group}.zip"))
    skipped = {(i.span.path.name, i.span.line) for i in result.issues if i.span}
    words: set[str] = set()
    for path in sorted((TESTDATA / group).rglob("*.xml")):
        if path.name in {"imsmanifest.xml", "assessment_meta.xml"}:
            continue
        root = etree.parse(str(path)).getroot()
        for field in [e for e in root.iter() if str(e.tag).endswith("qtimetadata")]:
            field.getparent().remove(field)  # type: ignore[union-attr]
        lines = {line for name, line in skipped if name == path.name}
        words |= _xml_values(root, lines)
    assert _missing(words, _haystack(result)) == []
