"""A hostile course: markup, template syntax, line breaks and formulas in every text."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

MINI = Path(__file__).resolve().parents[1] / "load" / "testdata" / "mini"
PAYLOAD = (
    "<script>document.title='PWNED'</script>"
    "<img src=media/punto.png alt=p onload=\"document.body.dataset.pwned='1'\">"
    '<a href="javascript:document.title=\'PWNED\'" id="evil">x</a>'
    "<svg onload=\"document.body.dataset.pwned='1'\"></svg>"
    "{{ 7*7 }}{% raw %}"
)
"""Markup in every text."""
ESCAPED_BESIDE_LINK = " &lt;script&gt;document.title='PWNED'&lt;/script&gt; [más](media/punto.png)"
"""An escaped script in front of a link to a course file (which printed output turns into
text): in a text drawn inline (a table cell, a figure, a caption), it once came alive."""
LINE_BREAK = (
    "\n::inyectada:: ¿Inyectada? {=sí ~no}\n\n$CATEGORY: $course$/top/Inyectada\n"
    "ANSWER: B\n\n¿Inyectada?\nA. sí\nB. no\nANSWER: A\n"
)
"""Ends a line in GIFT, Aiken or CSV: written into a title, it must not start a question."""
FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1)"]
"""Cells a spreadsheet would run (OWASP's CSV injection examples)."""
TEXT_KEYS = {
    "title",
    "description",
    "audience",
    "text",
    "body",
    "prompt",
    "caption",
    "alt",
    "quote",
    "label",
    "value",
    "definition",
    "term",
    "summary",
    "name",
    "publisher",
}


def _poison(data: Any) -> Any:
    if isinstance(data, dict):
        return {
            k: (v + " " + PAYLOAD if k in TEXT_KEYS and isinstance(v, str) else _poison(v))
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [_poison(v) for v in data]
    return data


def make_hostile(root: Path) -> None:
    """The mini course at ``root`` with :data:`PAYLOAD` in every text, line breaks in the
    bank's and a category's titles, and formula-like texts in a question of their own."""
    shutil.copytree(MINI, root)
    for file in root.rglob("*.yaml"):
        data = _poison(yaml.safe_load(file.read_text(encoding="utf-8")))
        file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    lesson_file = root / "lessons" / "01-uno.yaml"
    lesson = yaml.safe_load(lesson_file.read_text(encoding="utf-8"))
    inline = "Celda" + ESCAPED_BESIDE_LINK + " " + PAYLOAD  # drawn inline, not in a <p>
    for block in lesson["blocks"]:
        if block["type"] == "image":
            block["caption"] = inline
    lesson["blocks"] += [
        {"type": "table", "caption": inline, "columns": [inline, "B"], "rows": [[inline, "2"]]},
        {"type": "key_figures", "figures": [{"value": inline, "label": inline}]},
    ]
    lesson_file.write_text(yaml.safe_dump(lesson, allow_unicode=True), encoding="utf-8")
    bank_file = root / "banks" / "b.yaml"
    bank = yaml.safe_load(bank_file.read_text(encoding="utf-8"))
    bank["title"] += LINE_BREAK
    bank["categories"] = [{"id": "cat", "title": FORMULAS[3] + LINE_BREAK}]
    bank["questions"].append(
        {
            "id": "formulas",
            "type": "single_choice",
            "category": "cat",
            "title": FORMULAS[1],
            "prompt": FORMULAS[0] + LINE_BREAK,
            "hint": FORMULAS[2],
            "choices": [
                {"text": FORMULAS[0], "correct": True},
                {"text": FORMULAS[3] + LINE_BREAK},
            ],
        }
    )
    bank_file.write_text(yaml.safe_dump(bank, allow_unicode=True), encoding="utf-8")
    (root / "seeds" / "nota.md").write_text(
        "La coordinadora dijo: «Una cita. " + PAYLOAD + "»\n", encoding="utf-8"
    )
