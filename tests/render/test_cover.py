"""The course cover on the home page and the EPUB; process steps with a picture; the time a
lesson's interactive blocks take to read."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import lxml.html
import pytest

from courseware.lint.timing import estimate_lesson
from courseware.load import load_course
from courseware.model.interactive import ProcessBlock
from courseware.render.epub import render_epub
from tests.load.conftest import run_check
from tests.render.conftest import SAMPLE_COURSE


def test_home_page_shows_the_cover_and_summary(sample_files: dict[str, bytes]) -> None:
    home = lxml.html.fromstring(sample_files["index.html"].decode())
    (hero,) = home.find_class("cw-hero")
    cover = hero.find("img")
    assert cover.get("class") == "cw-cover" and cover.get("src") == "media/portada-curso.png"
    assert cover.get("alt", "").startswith("Ilustración: casitas")
    assert (cover.get("width"), cover.get("height")) == ("1200", "600")
    assert hero.find("h1").getprevious() is cover
    assert "aldeas Taobao de China" in hero.find_class("cw-hero-summary")[0].text_content()
    assert "media/portada-curso.png" in sample_files
    assert '<link rel="stylesheet" href="assets/pages.css">' in sample_files["index.html"].decode()
    # lesson pages do not load the home page's styles
    assert b"pages.css" not in sample_files["precio-y-envio.html"]


def test_epub_cover_image_is_marked_in_the_package() -> None:
    epub, issues = render_epub(load_course(SAMPLE_COURSE))
    assert not [i for i in issues if i.severity == "error"]
    archive = zipfile.ZipFile(io.BytesIO(next(iter(epub.values()))))
    opf = archive.read("EPUB/package.opf").decode()
    covers = re.findall(r'<item [^>]*properties="cover-image"[^>]*/>', opf)
    assert len(covers) == 1 and 'href="media/portada-curso.png"' in covers[0]
    assert 'src="media/portada-curso.png"' in archive.read("EPUB/front.xhtml").decode()


def _line_of(path: Path, fragment: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if fragment in line)


@pytest.mark.parametrize(
    ("path", "words"),
    [("media/no-hay.png", "not found"), ("../../etc/passwd.png", "outside")],
)
def test_a_missing_or_escaping_cover_is_an_error_at_its_line(
    tmp_path: Path, path: str, words: str
) -> None:
    course = tmp_path / "c"
    shutil.copytree(SAMPLE_COURSE, course)
    source = course / "course.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("image: media/portada-curso.png", f"image: {path}"), "utf-8")
    code, report = run_check(course)
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert code == 1 and len(errors) == 1, errors
    assert errors[0]["line"] == _line_of(source, f"image: {path}")
    assert words in str(errors[0]["message"]).lower()


def test_process_step_picture_on_the_page_and_checked(
    sample_files: dict[str, bytes], tmp_path: Path
) -> None:
    page = lxml.html.fromstring(sample_files["ficha-y-fotos.html"].decode())
    (process,) = page.find_class("cw-process")
    (image,) = process.find_class("cw-step-img")
    assert image.get("src") == "media/fondo-liso.png" and image.get("alt", "").startswith(
        "El mismo frasco"
    )
    assert image.get("width") == "640" and image.get("loading") == "lazy"
    assert image.getparent().get("class") == "cw-step"
    assert "media/fondo-liso.png" in sample_files

    course = tmp_path / "c"
    shutil.copytree(SAMPLE_COURSE, course)
    lesson = course / "lessons" / "06-ficha-y-fotos.yaml"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("media/fondo-liso.png", "media/no-hay.png"), "utf-8")
    code, report = run_check(course)
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert code == 1 and len(errors) == 1, errors
    assert errors[0]["line"] == _line_of(lesson, "media/no-hay.png")


def test_a_step_picture_needs_its_alt_text(tmp_path: Path) -> None:
    course = tmp_path / "c"
    shutil.copytree(SAMPLE_COURSE, course)
    lesson = course / "lessons" / "06-ficha-y-fotos.yaml"
    text = lesson.read_text(encoding="utf-8")
    start = text.index("        alt: >-\n          El mismo frasco")
    end = text.index("\n", text.index("donde se ve mejor.")) + 1
    lesson.write_text(text[:start] + text[end:], "utf-8")
    code, report = run_check(course)
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert code == 1 and "alt" in str(errors[0]["message"]), errors


def test_reading_time_counts_the_interactive_blocks() -> None:
    course = load_course(SAMPLE_COURSE).course
    lesson = next(les for les in course.lessons() if les.id == "ficha-y-fotos")
    full = estimate_lesson(lesson, course.language, course.questions())
    kept = [b for b in lesson.blocks if not isinstance(b, ProcessBlock)]
    without = estimate_lesson(
        lesson.model_copy(update={"blocks": kept}), course.language, course.questions()
    )
    process = next(b for b in lesson.blocks if isinstance(b, ProcessBlock))
    step_words = sum(len(f"{s.title} {s.body or ''}".split()) for s in process.steps)
    assert full.words - without.words >= step_words
    for lesson in course.lessons():  # every sample lesson with interactive blocks counts them
        kinds = {b.type for b in lesson.blocks}
        if kinds & {"scenario", "sort", "hotspot", "tabs", "accordion", "timeline"}:
            assert estimate_lesson(lesson, course.language, course.questions()).words > 0
    video = next(les for les in course.lessons() if les.id == "aldea-de-las-perlas")
    cued = estimate_lesson(video, course.language, course.questions())
    blocks = [b.model_copy(update={"cues": []}) if b.type == "video" else b for b in video.blocks]
    uncued = estimate_lesson(
        video.model_copy(update={"blocks": blocks}), course.language, course.questions()
    )
    assert cued.questions - uncued.questions == 2 * 0.5  # two cue questions to answer
    assert cued.words > uncued.words
