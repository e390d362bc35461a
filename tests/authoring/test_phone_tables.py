"""Phones: a table wider than a 390 px screen shows that it scrolls sideways (a shadow at
the right edge while more of it lies that way), and its caption wraps on screen instead
of being cut.

Checked in Debian's headless Chromium on the sample course's four-column table; the
screenshots are kept in the test's temporary folder for a person to look at.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageStat

from courseware.load import load_course
from courseware.render.html import render_site
from tests.render.conftest import SAMPLE_COURSE, write_site
from tests.validators import chromium_path, node_path

SCRIPT = Path(__file__).parent / "phone_tables.mjs"
PAGE = "ocho-aldeas-digitales.html"
"""A lesson of the sample course with a four-column table."""


@pytest.fixture(scope="module")
def phone(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    site = tmp_path_factory.mktemp("site")
    write_site(render_site(load_course(SAMPLE_COURSE)), site)
    shots = tmp_path_factory.mktemp("shots")
    env = {**os.environ, "CHROMIUM_PATH": chromium_path()}
    proc = subprocess.run(
        [node_path(), str(SCRIPT), str(site / PAGE), str(shots)],
        capture_output=True, text=True, timeout=120, env=env, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    report: dict[str, Any] = json.loads(proc.stdout)
    return report


def _edges(file: str) -> tuple[float, float]:
    """Mean brightness of the leftmost and rightmost 12 px of a screenshot."""
    image = Image.open(file).convert("L")
    width, height = image.size
    left = ImageStat.Stat(image.crop((0, 0, 12, height))).mean[0]
    right = ImageStat.Stat(image.crop((width - 12, 0, width, height))).mean[0]
    return left, right


def test_a_wide_table_shows_it_scrolls_on_a_phone(phone: dict[str, Any]) -> None:
    small = phone["390"]
    assert any(t["scrolls"] for t in small["tables"])
    assert all("radial-gradient" in t["background"] for t in small["tables"])
    start, end = (_edges(f) for f in small["shots"])
    assert start[1] < start[0] - 8  # more to the right: a shadow on the right edge
    assert end[1] > start[1] + 8  # scrolled to the end: the shadow is gone


def test_captions_stay_on_screen(phone: dict[str, Any]) -> None:
    assert all(t["captionInside"] for t in phone["390"]["tables"])


def test_no_table_scrolls_on_a_wide_screen(phone: dict[str, Any]) -> None:
    assert not any(t["scrolls"] for t in phone["1280"]["tables"])
