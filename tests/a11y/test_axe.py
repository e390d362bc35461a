"""axe-core (WCAG 2.0-2.2 A and AA rules) finds nothing serious on any page we publish."""

from __future__ import annotations

from pathlib import Path

from tests.a11y.conftest import SAMPLE, SAMPLE_HIGH, TEST_COURSE
from tests.render.conftest import html_pages
from tests.validators import axe_check

WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")


SECOND_THEME_PAGES = ["index", "glossary", "sources", "ficha-y-fotos", "transmision-en-vivo"]
"""Each kind of page, and the lessons with an image and with audio and tables."""


def test_every_page_passes_axe(packages: Path) -> None:
    """Every page of the sample build and of the test course, the second theme's page kinds."""
    pages = [p for p in html_pages(packages) if not p.startswith(f"{SAMPLE_HIGH}/")]
    pages += [f"{SAMPLE_HIGH}/{name}.html" for name in SECOND_THEME_PAGES]
    assert f"{TEST_COURSE}/repaso.html" in pages
    assert len([p for p in pages if p.startswith(f"{SAMPLE}/")]) >= 12
    report = axe_check(packages, pages, tags=WCAG_TAGS, min_impact="serious")
    assert report["failing"] == []
    checked = report["pages"]
    assert len(checked) == len(pages)
    assert all(entry["passes"] >= 15 and not entry["blockedRequests"] for entry in checked)
    # Nothing of lower impact either, so far; a moderate finding would show here first.
    minor = [
        f"{entry['page']}: {v['id']} ({v['impact']})"
        for entry in checked
        for v in entry["violations"]
    ]
    assert minor == []
