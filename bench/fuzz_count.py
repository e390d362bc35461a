"""pytest plugin for bench/fuzz.py: counts the examples each property has run so far.

Loaded with ``-p fuzz_count`` (bench/ on sys.path). Every call of the fuzz module's
``_load`` is one example (shrinking included); the counts go to the JSON file named by
``COURSEWARE_FUZZ_PROGRESS`` every 50 examples and after each test, so a run stopped by
the time limit still says how far it got.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

_counts: dict[str, dict[str, float]] = {}
_current = {"name": ""}


def _save() -> None:
    target = os.environ.get("COURSEWARE_FUZZ_PROGRESS")
    if target:
        tmp = Path(target + ".tmp")
        tmp.write_text(json.dumps(_counts), encoding="utf-8")
        tmp.replace(target)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    modules = {item.module for item in items if isinstance(item, pytest.Function)}
    for module in modules:
        original = getattr(module, "_load", None)
        if original is None:
            continue

        def counted(root: Any, _original: Any = original) -> None:
            entry = _counts.setdefault(
                _current["name"], {"examples": 0, "started": time.time(), "seconds": 0.0}
            )
            entry["examples"] += 1
            entry["seconds"] = round(time.time() - entry["started"], 1)
            if entry["examples"] % 50 == 0:
                _save()
            _original(root)

        module._load = counted  # type: ignore[attr-defined]


def pytest_runtest_setup(item: pytest.Item) -> None:
    _current["name"] = item.name


def pytest_runtest_teardown(item: pytest.Item) -> None:
    entry = _counts.get(item.name)
    if entry is not None:
        entry["seconds"] = round(time.time() - entry["started"], 1)
    _save()
