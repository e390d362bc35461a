"""Stylesheets parsed once per batch: the same PDFs, the same confinement, fresh per build."""

from __future__ import annotations

import importlib
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from courseware.render.pdf import PDF_VARIANT, PdfJob, confined_fetcher, draw_all, draw_pdf
from courseware.render.pdf.sheets import split_stylesheets

FONTS = Path(__file__).resolve().parents[2] / "themes" / "default" / "fonts"

PRINT_CSS = """
@font-face { font-family: "Open Sans"; src: url(fonts/OpenSans-Regular.ttf); }
@page { margin: 20mm; @top-left { content: "from print.css"; } }
@page cover { @top-left { content: none; } }
html { font-family: "Open Sans", sans-serif; color: var(--ink, gray); }
p.a { color: red; }
.b { color: blue; }
.c { color: green !important; }
"""

HEAD = """<!DOCTYPE html>
<html lang="es">
<head>
<meta charset="utf-8">
<title>Prueba</title>
<link rel="icon" href="icon.png">
<link rel="stylesheet" href="print.css">
<style>
:root { --ink: #123456; }
.a { color: black; }
p.b { color: black; }
.c { color: black; }
@page { @top-left { content: "inline"; } }
</style>
</head>
"""

BODY = """<body>
<section style="page: cover"><h1>Portada</h1></section>
<p class="a">más específica en la hoja enlazada</p>
<p class="b">más específica aquí</p>
<p class="c">importante en la hoja enlazada</p>
<p>{text}</p>
</body>
</html>
"""


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    (root / "fonts").mkdir(parents=True)
    shutil.copy(FONTS / "OpenSans-Regular.ttf", root / "fonts")
    (root / "print.css").write_text(PRINT_CSS, encoding="utf-8")
    (tmp_path / "outside.css").write_text("p { color: red; }", encoding="utf-8")
    return root


def _job(course: Path, text: str = "Hola", name: str = "t.pdf") -> PdfJob:
    html = HEAD + BODY.format(text=text)
    return PdfJob(name, html, course.as_uri() + "/", (str(course),), b"0" * 32)


def _as_weasyprint_reads_it(job: PdfJob) -> bytes:
    """The PDF of the document as it is: WeasyPrint reads every stylesheet itself."""
    weasyprint = importlib.import_module("weasyprint")
    document = weasyprint.HTML(
        string=job.html, base_url=job.base_url, url_fetcher=confined_fetcher(job.roots)
    )
    return bytes(document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=job.identifier))


def test_the_stylesheets_of_the_head_come_out_in_their_order(course: Path) -> None:
    job = _job(course)
    split = split_stylesheets(job.html, job.base_url)
    assert split is not None
    html, sheets = split
    assert sheets[0] == ("url", course.as_uri() + "/print.css")
    assert sheets[1][0] == "text" and "--ink: #123456" in sheets[1][1]
    assert "<style" not in html and 'rel="stylesheet"' not in html
    assert '<link rel="icon" href="icon.png">' in html and "<title>Prueba</title>" in html
    assert html.endswith(BODY.format(text="Hola"))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('href="print.css">', 'href="print.css" media="print">'),
        ('<link rel="icon"', '<base href="https://example.org/"><link rel="icon"'),
        ("<style>", '<style type="text/less">'),
        ('href="print.css"', 'href="print.php"'),
        ("<p>Hola</p>", "<p>Hola</p><style>p { color: red; }</style>"),
        ("<p>Hola</p>", "<svg><style>p { color: red; }</style></svg><p>Hola</p>"),
        ("<p>Hola</p>", '<p style="color: red !important">Hola</p>'),
        ("<body>", "<div>"),
    ],
)
def test_a_document_whose_stylesheets_could_read_otherwise_is_left_whole(
    course: Path, old: str, new: str
) -> None:
    job = _job(course)
    assert old in job.html
    assert split_stylesheets(job.html.replace(old, new), job.base_url) is None


def test_parsed_once_the_stylesheets_draw_the_pdfs_weasyprint_draws(course: Path) -> None:
    """Which rule wins is unchanged: print.css's more specific rules and !important beat the
    inline <style>, which beats print.css otherwise (the cover page has no header)."""
    jobs = [_job(course, "Hola", "a.pdf"), _job(course, "Adiós " * 200, "b.pdf")]
    assert all(split_stylesheets(job.html, job.base_url) is not None for job in jobs)
    drawn = {result.relpath: result.pdf for result in draw_all(jobs, 1)}
    assert drawn == {job.relpath: _as_weasyprint_reads_it(job) for job in jobs}


def test_a_stylesheet_edited_between_builds_is_read_again(course: Path) -> None:
    job = _job(course)
    before = draw_all([job], 1)[0].pdf
    (course / "print.css").write_text(PRINT_CSS.replace("red", "purple"), encoding="utf-8")
    after = draw_all([job], 1)[0].pdf
    assert before != after == _as_weasyprint_reads_it(job)


@pytest.mark.parametrize(
    "css",
    [
        "p { background: url(file:///etc/passwd); }",
        "p { background: url(http://127.0.0.1:9/x.png); }",
        "@import url(https://example.org/x.css);",
        "@import url(../outside.css);",
        '@font-face { font-family: "X"; src: url(file:///etc/passwd); }\np { font-family: X; }',
        "@font-face { font-family: X; src: url(https://example.org/x.ttf); }",
    ],
)
def test_every_url_of_a_stylesheet_parsed_once_is_still_confined(course: Path, css: str) -> None:
    sheet = css + PRINT_CSS if css.startswith("@import") else PRINT_CSS + css
    (course / "print.css").write_text(sheet, encoding="utf-8")
    job = _job(course)
    assert split_stylesheets(job.html, job.base_url) is not None
    result = draw_pdf(job)
    assert result.pdf is None
    assert result.refused is not None and result.error


@pytest.mark.parametrize("href", ["file:///etc/passwd.css", "../outside.css"])
def test_a_linked_stylesheet_outside_the_course_is_refused(course: Path, href: str) -> None:
    job = _job(course)
    job = replace(job, html=job.html.replace("print.css", href))
    assert split_stylesheets(job.html, job.base_url) is not None
    result = draw_pdf(job)
    assert result.pdf is None and result.refused is not None
