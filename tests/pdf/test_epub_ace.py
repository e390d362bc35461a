"""The sample EPUB checked by DAISY Ace (npm ``@daisy/ace``), run on Debian's Chromium.

Ace drives its browser with puppeteer, which is installed without its own browser build
(``npm ci --ignore-scripts``); ``PUPPETEER_EXECUTABLE_PATH`` points it at the system one.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest

from courseware.render.epub import accessibility, may_move
from tests.validators import _require_node_package, chromium_path, node_path

SCHEMA = "schema:"


def run_ace(epub: Path, out: Path) -> dict[str, Any]:
    """Ace's JSON report (EARL) of one EPUB file."""
    cli = _require_node_package("@daisy/ace-cli") / "bin" / "ace.js"
    env = dict(os.environ, PUPPETEER_EXECUTABLE_PATH=chromium_path())
    proc = subprocess.run(
        [node_path(), str(cli), "--silent", "--force", "--outdir", str(out), str(epub)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    report = out / "report.json"
    assert proc.returncode == 0 and report.is_file(), f"Ace failed:\n{proc.stdout}\n{proc.stderr}"
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return data


def violations(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(impact, rule, document) of every failed assertion."""
    return [
        (
            test["earl:test"]["earl:impact"],
            test["earl:test"]["dct:title"],
            doc["earl:testSubject"]["url"],
        )
        for doc in report["assertions"]
        for test in doc["assertions"]
        if test["earl:result"]["earl:outcome"] == "fail"
    ]


@pytest.fixture(scope="module")
def ace_report(epub_bytes: bytes, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("ace")
    epub = folder / "aldeas-digitales.epub"
    epub.write_bytes(epub_bytes)
    return run_ace(epub, folder / "report")


def test_ace_finds_no_serious_or_moderate_violation(ace_report: dict[str, Any]) -> None:
    found = violations(ace_report)
    assert [v for v in found if v[0] in ("critical", "serious", "moderate")] == [], found
    assert ace_report["earl:result"]["earl:outcome"] == "pass", found
    checked = {doc["earl:testSubject"]["url"] for doc in ace_report["assertions"]}
    assert "nav.xhtml" in checked and "01-aldeas-taobao.xhtml" in checked


def test_ace_reads_the_accessibility_metadata(ace_report: dict[str, Any]) -> None:
    meta = ace_report["earl:testSubject"]["metadata"]
    assert set(meta["schema:accessMode"]) == {"textual", "visual"}
    assert "alternativeText" in meta["schema:accessibilityFeature"]
    assert meta["schema:accessibilityHazard"] == "none"
    assert meta["schema:accessibilitySummary"].startswith("Texto adaptable")  # the course's es-MX


def test_every_epub_type_has_its_dpub_role(epub_bytes: bytes) -> None:
    archive = zipfile.ZipFile(BytesIO(epub_bytes))
    pairs = set()
    for name in archive.namelist():
        if name.endswith(".xhtml"):
            text = archive.read(name).decode()
            for tag in re.findall(r"<\w+ [^>]*epub:type=[^>]*>", text):
                kind = re.search(r'epub:type="([^"]+)"', tag)
                role = re.search(r'role="([^"]+)"', tag)
                pairs.add((kind and kind.group(1), role and role.group(1)))
    # DPUB-ARIA has no title page role; every other type has its doc-* twin.
    assert pairs == {
        ("titlepage", None),
        ("preface", "doc-preface"),
        ("toc", "doc-toc"),
        ("part", "doc-part"),
        ("chapter", "doc-chapter"),
        ("glossary", "doc-glossary"),
    }


def test_accessibility_metadata_follows_the_content() -> None:
    text_only = accessibility({"application/xhtml+xml", "text/css"}, "S", moving=False)
    assert ("accessMode", "visual") not in text_only
    assert ("accessModeSufficient", "textual") in text_only
    assert ("accessibilityFeature", "alternativeText") not in text_only
    assert ("accessibilityHazard", "none") in text_only and (
        "accessibilitySummary",
        "S",
    ) in text_only
    pictures = accessibility({"image/gif"}, "S", moving=True)
    assert ("accessMode", "visual") in pictures and ("accessibilityHazard", "unknown") in pictures
    assert may_move("a.gif", b"") and not may_move("a.svg", b"<svg><rect/></svg>")
    assert may_move("a.svg", b"<svg><animate attributeName='x'/></svg>")
