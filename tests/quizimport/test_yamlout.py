"""The bank's YAML emitter: whatever the text, YAML reads back exactly what was written."""

from __future__ import annotations

import yaml

from courseware.quizimport.yamlout import emit

TRICKY = ["yes", "No", "null", "~", "<<", "1e3", "0x1F", "2026-12-07", "- a", "a: b", "a #b",
          "#x", "&a", "*a", "!t", "|", ">", "%", "@", "`", "'q'", '"q"', " lead", "trail ",
          "a\nb", "a\n\nb\n", "\n x", " x\ny", "tab\there", "\x00nul", "\x85nel", "\u2028ls",
          "\ufeffbom", "é ñ ¿?", "[x]", "{x}", "a, b", "?", ":", "-", "3.0", ".5", "=", "",
          "x\r\ny", "ends with colon:", "\\ back \\\\ slash"]  # fmt: skip


def test_tricky_text_round_trips() -> None:
    data = {"items": TRICKY, "nested": [{"text": t, "n": 1.5e16, "flag": True} for t in TRICKY]}
    out: list[str] = []
    emit(data, "", out)
    assert yaml.safe_load("".join(out)) == data
