"""Damaged files never end in a traceback: each mutation of a fixture is either read (and its
YAML is a valid bank) or refused with diagnostics."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from courseware.errors import CoursewareError
from courseware.model.quiz import QuizBank
from courseware.quizimport import import_bank
from tests.quizimport.helpers import TESTDATA

TOKENS = ["{", "}", "=", "~", "#", "::", "->", "%50%", "%-100%", "\\", "\n\n", "####", "[html]",
          "..", ":", "<", "&", "</text>", "<text>", "@@PLUGINFILE@@/x.png", "[[1]]",
          "{1:MC:=a~b}", "{2:NM:=3:1}", "ANSWER: Z", "A. ", "\x00", "\x85", "\ufeff",
          "$CATEGORY: a/b//c", "data:image/png;base64,AAAA"]  # fmt: skip


def test_mutated_fixtures_are_read_or_refused_cleanly(tmp_path: Path) -> None:
    rng = random.Random(22)
    files = sorted(p for p in TESTDATA.rglob("*") if p.suffix in {".gift", ".xml", ".txt"})
    for n in range(300):
        source = rng.choice(files)
        text = source.read_text(encoding="utf-8")
        for _ in range(rng.randint(1, 5)):
            at = rng.randrange(len(text) + 1)
            if rng.random() < 0.6:
                text = text[:at] + rng.choice(TOKENS) + text[at:]
            else:
                text = text[:at] + text[at + rng.randint(1, 20) :]
        path = tmp_path / f"m{n}{source.suffix}"
        path.write_text(text, encoding="utf-8")
        try:
            result = import_bank(path)
        except CoursewareError as exc:
            assert exc.issues and all(i.span for i in exc.issues)
            continue
        data = yaml.safe_load(result.yaml)
        if result.imported:
            QuizBank.model_validate(data)
        assert all(i.span and i.span.line >= 1 for i in result.issues)
