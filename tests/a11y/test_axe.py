"""axe-core (WCAG 2.0-2.2 A and AA rules) finds nothing serious on any page we publish."""

from __future__ import annotations

from pathlib import Path

from tests.a11y.conftest import SAMPLE, SAMPLE_HIGH, TEST_COURSE
from tests.render.conftest import html_pages
from tests.validators import axe_check

WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")


SECOND_THEME_PAGES = ["index", "glossary", "sources", "ficha-y-fotos", "transmision-en-vivo"]
SECOND_THEME_PAGES += ["gdt-y-ewtp", "ocho-aldeas-digitales", "precio-y-envio", "confianza-y-plan"]
"""Each kind of page, the lessons with an image and with audio and tables, and those with
flip cards, a timeline, tabs and a reveal, an accordion (a process is in ficha-y-fotos)."""


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


def test_the_folded_navigation_of_a_long_course_passes_axe_and_nu(tmp_path: Path) -> None:
    """80 lessons in 16 modules: each page lists its module's lessons and the five nearest
    modules, and links to the map of all of them (the sample course is too short to fold)."""
    from courseware.load import load_course
    from courseware.render.html import render_site
    from tests.package.synthetic import write_course
    from tests.render.conftest import write_site
    from tests.validators import nu_check

    course = write_course(tmp_path / "largo", lessons=80, modules=16, checks_per_lesson=1)
    site = write_site(render_site(load_course(course)), tmp_path / "site")
    pages = ["index.html", "leccion-001.html", "leccion-042.html", "leccion-080.html"]
    assert "Ver los 16 módulos" in (site / "leccion-042.html").read_text(encoding="utf-8")
    assert nu_check([site / page for page in pages]) == []
    report = axe_check(site, pages, tags=WCAG_TAGS, min_impact="minor")
    assert report["failing"] == []
    assert len(report["pages"]) == len(pages)
    assert all(entry["passes"] >= 15 for entry in report["pages"])
