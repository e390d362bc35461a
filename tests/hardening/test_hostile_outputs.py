"""Every output escapes every field: the hostile course's EPUB, the HTML given to
WeasyPrint, print pages, packages, QTI 1.2/2.1, Moodle XML, GIFT, Aiken, CSV and JSON hold
its markup as text, its line breaks start no question and its formulas run in no
spreadsheet. Chromium opens the EPUB's XHTML, the print pages and the PDFs' HTML, and
nothing runs."""

from __future__ import annotations

import csv
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree

from courseware.export.printable import POLICY
from courseware.load import load_course
from courseware.render.html import CONTENT_SECURITY_POLICY
from courseware.render.pdf import plan_pdfs

from .hostile import FORMULAS, PAYLOAD

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def _assert_inert(tree: Any, where: str) -> int:
    """No script of the course's, no handler, no javascript: link in ``tree``; returns the
    number of elements looked at."""
    seen = 0
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        seen += 1
        name = etree.QName(element).localname.lower()
        if name == "script":
            assert element.get("src") or element.get("type") == "application/json", where
            assert "PWNED" not in (element.text or ""), where
        handlers = [a for a in element.attrib if etree.QName(a).localname.lower().startswith("on")]
        assert not handlers, (where, name, handlers)
        for value in (element.get("href"), element.get("src"), element.get(XLINK_HREF)):
            assert not "".join((value or "").split()).lower().startswith("javascript:"), where
    return seen


def _fragments(text: str, where: str) -> int:
    """:func:`_assert_inert` over HTML held as text (Moodle XML, QTI 1.2 mattext)."""
    if "<" not in text:
        return 0
    return sum(
        _assert_inert(part, where)
        for part in lxml.html.fragments_fromstring(text)
        if not isinstance(part, str)
    )


def _holds_html(element: Any) -> bool:
    """True for a Moodle ``<text>`` of a field in HTML format, or a QTI 1.2 ``mattext``
    of type text/html (names and category paths are plain text there)."""
    local = etree.QName(element).localname
    if local == "mattext":
        return bool(element.get("texttype") == "text/html")
    parent = element.getparent()
    return local == "text" and parent is not None and parent.get("format") == "html"


def _zip_members(path: Path, suffixes: tuple[str, ...]) -> Iterator[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(suffixes):
                yield name, archive.read(name)


def test_the_epub_xhtml_holds_the_markup_as_text(hostile_build: Path) -> None:
    docs = list(_zip_members(hostile_build / "pdf" / "mini.epub", (".xhtml",)))
    assert len(docs) >= 4
    for name, data in docs:
        _assert_inert(etree.fromstring(data), name)
    assert any(b"&lt;script&gt;document.title" in data for _, data in docs)


def test_the_html_given_to_weasyprint_holds_the_markup_as_text(hostile_build: Path) -> None:
    plan = plan_pdfs(load_course(hostile_build.parent.parent / "mini"))
    assert len(plan.jobs) >= 5 and not plan.issues
    for job in plan.jobs:
        _assert_inert(lxml.html.fromstring(job.html), job.relpath)


def test_print_pages_hold_the_markup_as_text_under_the_site_policy(hostile_build: Path) -> None:
    pages = sorted((hostile_build / "quiz" / "print").glob("*.html"))
    assert len(pages) == 2
    for page in pages:
        tree = lxml.html.fromstring(page.read_bytes())
        _assert_inert(tree, page.name)
        policy = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert policy == [POLICY]
    site = CONTENT_SECURITY_POLICY.split("; ")
    assert [p for p in POLICY.split("; ") if not p.startswith("style-src ")] == [
        p for p in site if not p.startswith("style-src ")
    ]


def test_package_pages_hold_the_markup_as_text(hostile_build: Path) -> None:
    packages = sorted((hostile_build / "packages").glob("*.zip"))
    assert len(packages) == 5
    pages = 0
    for package in packages:
        for name, data in _zip_members(package, (".html",)):
            _assert_inert(lxml.html.fromstring(data), f"{package.name}:{name}")
            pages += 1
    assert pages >= 25


def test_qti_and_moodle_xml_hold_the_markup_as_text(hostile_build: Path) -> None:
    quiz = hostile_build / "quiz"
    documents = [("banco.xml", (quiz / "moodle" / "banco.xml").read_bytes())]
    for package in sorted(quiz.glob("qti*/*.zip")):
        documents += list(_zip_members(package, (".xml",)))
    assert len(documents) >= 4
    checked = 0
    for name, data in documents:
        tree = etree.fromstring(data)  # well-formed: every text was escaped
        checked += _assert_inert(tree, name)
        for element in tree.iter():
            if isinstance(element.tag, str) and element.text and _holds_html(element):
                checked += _fragments(element.text, name)
    assert checked > 100


def test_gift_aiken_and_csv_start_no_question_and_run_no_formula(
    hostile_build: Path, validators: Any
) -> None:
    quiz = hostile_build / "quiz"
    gift = quiz / "gift" / "banco.gift"
    parsed = validators.gift_parse(gift, summary=True)
    assert parsed["ok"] and parsed["count"] == 2, parsed
    lines = gift.read_text(encoding="utf-8").splitlines()
    assert len([line for line in lines if line.startswith("$CATEGORY:")]) == 2
    assert not [line for line in lines if line.startswith(("::inyectada", "¿Inyectada"))]

    aiken = (quiz / "aiken" / "banco.txt").read_text(encoding="utf-8").splitlines()
    assert len([line for line in aiken if line.startswith("ANSWER:")]) == 2

    with (quiz / "csv" / "banco.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert len(rows) == 3
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert any(c == "'" + FORMULAS[1] for c in cells)


def test_json_keeps_every_text_as_written(hostile_build: Path) -> None:
    data = json.loads((hostile_build / "quiz" / "json" / "banco.json").read_text("utf-8"))
    prompts = [q["prompt"] for q in data["questions"]]
    assert any(PAYLOAD in prompt for prompt in prompts)


def test_no_script_runs_in_the_epub_print_pages_or_pdf_html(
    hostile_build: Path, tmp_path: Path, validators: Any
) -> None:
    epub = tmp_path / "epub"
    with zipfile.ZipFile(hostile_build / "pdf" / "mini.epub") as archive:
        archive.extractall(epub)
    weasy = tmp_path / "weasy"
    weasy.mkdir()
    for number, job in enumerate(plan_pdfs(load_course(hostile_build.parent.parent / "mini")).jobs):
        (weasy / f"{number}.html").write_text(job.html, encoding="utf-8")
    pages = [(p.parent, p.name) for p in sorted(epub.rglob("*.xhtml"))]
    pages += [(p.parent, p.name) for p in sorted((hostile_build / "quiz" / "print").glob("*.html"))]
    pages += [(weasy, p.name) for p in sorted(weasy.glob("*.html"))]
    reports = validators.page_check_many(
        [
            {"root_dir": folder, "page": name, "read": "body[data-pwned]", "timeout_ms": 300}
            for folder, name in pages
        ]
    )
    for (_, name), report in zip(pages, reports, strict=True):
        assert report["title"] != "PWNED", name
        assert not report.get("readText"), name
        assert not [e for e in report["pageErrors"] if "PWNED" in e], name
