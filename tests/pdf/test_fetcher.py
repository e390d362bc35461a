"""The URL fetcher: WeasyPrint reads only files inside the course and theme folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from courseware.load import LoadedCourse, load_course
from courseware.render.pdf import (
    FetchRefused,
    PdfJob,
    allowed_file,
    confined_fetcher,
    draw_pdf,
    plan_pdfs,
    render_pdfs,
)


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    (root / "media").mkdir(parents=True)
    (root / "media" / "ok.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8"
    )
    (root / "lesson.yaml").write_text("instructor_notes: secreto\n", encoding="utf-8")
    (tmp_path / "outside.txt").write_text("secret", encoding="utf-8")
    (root / "media" / "link.svg").symlink_to(tmp_path / "outside.txt")
    return root


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://example.org/logo.png",
        "ftp://example.org/x",
        "file://otherhost/etc/passwd",
    ],
)
def test_outside_urls_are_refused(course: Path, url: str) -> None:
    with pytest.raises(FetchRefused):
        allowed_file(url, [course])
    with pytest.raises(FetchRefused):
        confined_fetcher([course]).fetch(url)


def test_escapes_symlinks_and_sources_are_refused(course: Path) -> None:
    base = course.as_uri()
    for url in (f"{base}/../outside.txt", f"{base}/media/link.svg", f"{base}/lesson.yaml"):
        with pytest.raises(FetchRefused):
            allowed_file(url, [course])
    with pytest.raises(FetchRefused, match="no such file"):
        allowed_file(f"{base}/media/missing.png", [course])


def test_files_inside_are_served(course: Path) -> None:
    url = f"{course.as_uri()}/media/ok.svg"
    assert allowed_file(url, [course]) == (course / "media" / "ok.svg").resolve()
    response = confined_fetcher([course]).fetch(url)
    assert response.read().startswith(b"<svg")
    assert response.content_type == "image/svg+xml"


@pytest.mark.parametrize(
    "html",
    [
        '<p>x</p><img src="file:///etc/passwd" alt="x">',
        '<link rel="stylesheet" href="http://127.0.0.1:9/print.css"><p>x</p>',
        '<p style="background: url(https://example.org/x.png)">x</p>',
        '<img src="../outside.txt" alt="x">',
    ],
)
def test_rendering_stops_at_a_refused_url(course: Path, html: str) -> None:
    job = PdfJob("t.pdf", html, course.as_uri() + "/", (str(course),), b"0" * 32)
    result = draw_pdf(job)
    assert result.pdf is None
    assert result.refused is not None and result.error


def test_the_plan_lets_the_fetcher_read_the_course_and_theme(loaded: LoadedCourse) -> None:
    plan = plan_pdfs(loaded)
    roots = plan.jobs[0].roots
    assert str(loaded.root.resolve()) in roots
    assert any(root.endswith("themes/default") for root in roots)
    # The URLs name no real folder (so the PDFs do not depend on where the course lies);
    # the fetcher maps them back, to the course and the theme, and nowhere else.
    assert all(job.base_url == "file:///courseware-root-0/" for job in plan.jobs)
    base = plan.jobs[0].base_url
    assert allowed_file(base + "media/modelo-aldea-taobao.svg", roots) == (
        loaded.root.resolve() / "media/modelo-aldea-taobao.svg"
    )
    css = allowed_file("file:///courseware-root-1/pdf/print.css", roots)
    assert css.parent.parent.name == "default" and css.name == "print.css"
    for outside in (base + "../../etc/passwd", base + "course.yaml", "file:///courseware-root-9/x"):
        with pytest.raises(FetchRefused):
            allowed_file(outside, roots)


def test_planning_names_the_block_of_an_outside_image() -> None:
    from tests.pdf.conftest import SAMPLE_COURSE

    loaded = load_course(SAMPLE_COURSE)
    lesson = loaded.course.lessons()[5]
    image = next(b for b in lesson.blocks if b.type in ("image", "hotspot"))
    image.src = "file:///etc/passwd"  # type: ignore[union-attr]
    text = next(b for b in lesson.blocks if b.type == "text")
    text.body += "\n\n![logo](https://example.org/logo.png)\n"  # type: ignore[union-attr]
    plan = plan_pdfs(loaded)
    errors = [i for i in plan.issues if i.severity == "error"]
    assert errors
    assert any("file:" in i.message and i.span and i.span.line > 1 for i in errors)
    files, issues = render_pdfs(loaded)
    assert files == {}
    assert [i for i in issues if i.severity == "error"]
    html_errors = [i for i in errors if "https://example.org/logo.png" in i.message]
    assert html_errors and html_errors[0].span is not None
    assert str(html_errors[0].span.path).endswith("06-ficha-y-fotos.yaml")
