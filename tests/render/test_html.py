"""The HTML package: structure, safety, languages, themes, and third-party validators."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from courseware.errors import CoursewareError
from courseware.i18n import available, fallback_chain, messages
from courseware.load import LoadedCourse, load_course
from courseware.model.course import ThemeColors
from courseware.render.html import (
    image_size,
    json_script,
    render_site,
    seeded_order,
    shift_headings,
)
from courseware.themes import color_properties, contrast, resolve_theme
from tests.render.conftest import COURSE_DIR, html_pages
from tests.validators import node_path, nu_check, page_check_many

CLICK_SCRIPT = Path(__file__).parent / "quiz_click.mjs"


def _text(files: dict[str, bytes], name: str) -> str:
    return files[name].decode("utf-8")


def _copy(loaded: LoadedCourse, **changes: Any) -> LoadedCourse:
    course = loaded.course.model_copy(deep=True, update=changes)
    return LoadedCourse(course, loaded.root)


def _page_data(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="cw-data">(.*?)</script>', html, re.S)
    assert found
    data: dict[str, Any] = json.loads(found.group(1))
    return data


# --- structure ----------------------------------------------------------------------------


def test_package_layout(loaded: LoadedCourse, site_files: dict[str, bytes]) -> None:
    pages = {"index.html", "glossary.html", "sources.html"}
    pages |= {f"{lesson.id}.html" for lesson in loaded.course.lessons()}
    assert pages <= set(site_files)
    assert {
        "assets/courseware.css",
        "assets/print.css",
        "assets/courseware.js",
        "assets/quiz.js",
    } <= set(site_files)
    # Block media, Markdown images and links, captions, poster and logo keep their course paths.
    media = {k for k in site_files if k.startswith("media/")}
    assert media == {f"media/{p.name}" for p in (COURSE_DIR / "media").iterdir()}
    assert list(site_files) == sorted(site_files)
    assert not [k for k in site_files if k.endswith((".yaml", ".yml"))]


def test_deterministic(loaded: LoadedCourse, site_files: dict[str, bytes]) -> None:
    assert render_site(loaded) == site_files


def test_instructor_notes_and_drafts_never_published(site_files: dict[str, bytes]) -> None:
    for name, data in site_files.items():
        assert b"NOTA-INSTRUCTOR-SECRETA" not in data, name
        assert b"PREGUNTA-BORRADOR-OCULTA" not in data, name


def test_lesson_page_content(site_files: dict[str, bytes]) -> None:
    html = _text(site_files, "ficha.html")
    assert '<html lang="es-MX">' in html
    assert 'rel="next" href="medios.html"' in html.replace(
        'href="medios.html" rel="next"', 'rel="next" href="medios.html"'
    )
    assert '<img src="media/diagrama.svg" alt="Diagrama de tres pasos' in html
    assert 'width="600" height="160" loading="lazy"' in html
    assert '<th scope="col">' in html
    assert 'href="sources.html#src-fuente-gdt"' in html
    assert "Content-Security-Policy" in html
    assert not re.search(r"\son[a-z]+=", html), "no inline event handlers"
    media = _text(site_files, "medios.html")
    assert '<video controls preload="metadata" poster="media/portada.png"' in media
    assert '<track kind="captions" src="media/clip.es.vtt" srclang="es" label="Español">' in media
    assert '<details class="cw-transcript">' in media
    # A video on the web is a link, never embedded: no request leaves the package.
    assert 'href="https://example.org/video/conferencia"' in media
    assert "<iframe" not in media
    assert 'src="https://' not in media


def test_headings_follow_page_outline(site_files: dict[str, bytes]) -> None:
    for name in ("index.html", "ficha.html", "medios.html", "repaso.html", "sources.html"):
        levels = [int(n) for n in re.findall(r"<h([1-6])\b", _text(site_files, name))]
        assert levels[0] == 1 and levels.count(1) == 1, name
        jumps = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
        assert not jumps, f"{name}: heading levels skip {jumps}"


def test_sources_page_lists_citations(site_files: dict[str, bytes]) -> None:
    html = _text(site_files, "sources.html")
    assert 'id="src-fuente-gdt"' in html
    assert 'href="ficha.html#cita-empoderar"' in html
    assert 'href="medios.html#' in html
    # two key figures of one block cite the source: the block is listed once
    assert html.count('href="ficha.html#cw-b7"') == 1
    assert "mayo de 2024" in html and "2 de noviembre de 2023" in html
    assert "No se cita en ninguna lección." in html


def test_glossary_sorted_for_spanish(site_files: dict[str, bytes]) -> None:
    html = _text(site_files, "glossary.html")
    terms = re.findall(r"<dt>(.*?)</dt>", html)
    assert terms == ["Aldea digital", "Ficha de producto", "Número de guía", "Ñandutí"]


def test_answer_keys_embedded(site_files: dict[str, bytes]) -> None:
    data = _page_data(_text(site_files, "repaso.html"))
    assert data["lesson"] == "repaso"
    assert data["keys"]["q-single"]["type"] == "single_choice"
    assert data["keys"]["q-essay"] == {"manual": True, "points": 1.0, "type": "essay"}
    assert "q-borrador" not in data["keys"]
    assert data["strings"]["check"] == "Comprobar"
    assert _page_data(_text(site_files, "ficha.html"))["keys"] == {}
    assert 'src="assets/quiz.js"' not in _text(site_files, "ficha.html")


# --- safety -------------------------------------------------------------------------------


def test_markdown_html_is_sanitised(site_files: dict[str, bytes]) -> None:
    html = _text(site_files, "repaso.html")
    assert "alert(" not in html
    assert "javascript:" not in html
    assert "Enlace inseguro" in html
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts == [
        '<script src="assets/courseware.js" defer>',
        '<script src="assets/quiz.js" defer>',
        '<script type="application/json" id="cw-data">',
    ]


def test_raw_html_kept_when_course_allows_it(loaded: LoadedCourse) -> None:
    settings = loaded.course.settings.model_copy(update={"allow_html": True})
    html = _text(render_site(_copy(loaded, settings=settings)), "repaso.html")
    assert 'onclick="alert(2)"' in html


def test_titles_are_autoescaped(loaded: LoadedCourse) -> None:
    files = render_site(_copy(loaded, title='<b>Curso</b> & "más"'))
    html = _text(files, "index.html")
    assert "<b>Curso</b>" not in html
    assert "&lt;b&gt;Curso&lt;/b&gt; &amp; &#34;más&#34;" in html


def test_json_block_cannot_close_its_script(loaded: LoadedCourse) -> None:
    course = loaded.course.model_copy(deep=True)
    question = next(q for b in course.banks for q in b.questions if q.id == "q-ordering")
    question.items[0] = "</script><script>alert(1)</script>"  # type: ignore[union-attr]
    html = _text(render_site(LoadedCourse(course, loaded.root)), "repaso.html")
    data = re.search(r'id="cw-data">(.*?)</script>', html, re.S)
    assert data and "\\u003c/script\\u003e" in data.group(1)
    assert json.loads(data.group(1))["keys"]["q-ordering"]["order"][0].startswith("</script>")
    assert json_script({"a": "<&>"}) == '{"a":"\\u003c\\u0026\\u003e"}'


def test_course_source_files_are_not_published(loaded: LoadedCourse, tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(COURSE_DIR, root)
    lesson = root / "lessons" / "ficha.yaml"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace(
            "(media/guia-ficha.txt)", "(lessons/repaso.yaml)"
        ),
        encoding="utf-8",
    )
    # a lesson's file is the way to link that lesson: its page is linked, no YAML published
    files = render_site(load_course(root))
    assert 'href="repaso.html"' in _text(files, "ficha.html")
    assert not [name for name in files if name.endswith(".yaml")]
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("(lessons/repaso.yaml)", "(banks/repaso.yaml)"),
        encoding="utf-8",
    )
    with pytest.raises(CoursewareError, match="instructor notes"):
        render_site(load_course(root))


# --- languages ----------------------------------------------------------------------------


def test_english_course_gets_english_ui(loaded: LoadedCourse) -> None:
    files = render_site(_copy(loaded, language="en"))
    html = _text(files, "repaso.html")
    assert '<html lang="en">' in html
    assert "Skip to content" in html and "Check your understanding" in html
    assert "Question 1 of 9" in html and "Comprueba" not in html
    assert _page_data(html)["strings"]["check"] == "Check"
    assert "March 14, 2026" in _text(files, "index.html")


def test_catalogs() -> None:
    assert {"es", "en"} <= set(available())
    assert set(messages("es").strings) == set(messages("en").strings)
    assert fallback_chain("es-MX") == ["es-MX", "es", "en"]
    assert messages("es-MX")("nav.skip") == "Saltar al contenido"
    assert messages("fr")("nav.skip") == "Skip to content"
    es = messages("es-MX")
    assert [es.duration(m) for m in (45, 60, 90, 135)] == [
        "45 min",
        "1 h",
        "1 h 30 min",
        "2 h 15 min",
    ]
    assert es.date("2026-11-05") == "5 de noviembre de 2026"
    assert es.date("2026") == "2026" and es.date("pronto") == "pronto"
    with pytest.raises(KeyError):
        es("no.such.key")


# --- themes -------------------------------------------------------------------------------


def _themed_course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(COURSE_DIR, root)
    theme = root / "themes" / "aldea"
    (theme / "partials").mkdir(parents=True)
    (theme / "assets").mkdir()
    (theme / "theme.yml").write_text('extends: default\ncolors:\n  accent: "#123456"\n')
    (theme / "base.html").write_text(
        '{% extends "!default/base.html" %}\n'
        "{% block head %}"
        '<link rel="stylesheet" href="assets/aldea.css">'
        "{% endblock %}\n"
    )
    (theme / "partials" / "footer.html").write_text(
        '<footer class="cw-footer"><p>PIE-DE-ALDEA {{ course.title }}</p></footer>\n'
    )
    (theme / "assets" / "aldea.css").write_text(".cw-footer { font-style: italic; }\n")
    course = root / "course.yaml"
    course.write_text(
        course.read_text(encoding="utf-8").replace(
            "  name: default\n", '  name: aldea\n  colors:\n    primary: "#ffe066"\n'
        ),
        encoding="utf-8",
    )
    return root


def test_theme_extends_and_colour_overrides(tmp_path: Path) -> None:
    files = render_site(load_course(_themed_course(tmp_path)))
    html = _text(files, "ficha.html")
    assert "PIE-DE-ALDEA Vender en línea" in html  # overridden partial
    assert 'href="assets/aldea.css"' in html  # base.html extended through !default/
    assert "La ficha de producto" in html and "cw-callout-tip" in html  # parent templates
    assert files["assets/aldea.css"].startswith(b".cw-footer")
    assert "assets/quiz.js" in files  # parent assets
    css = files["assets/colors.css"].decode()
    assert "--cw-primary:#ffe066;" in css  # course override
    assert "--cw-accent:#123456;" in css  # theme.yml default of the child theme
    assert "--cw-bg:#fffdf8;" in css  # inherited from default/theme.yml
    assert "--cw-on-primary:#000000;" in css  # light primary gets dark text


def test_theme_errors(tmp_path: Path) -> None:
    with pytest.raises(CoursewareError, match="theme 'nada' not found"):
        resolve_theme("nada", tmp_path)
    for name, parent in (("a", "b"), ("b", "a")):
        (tmp_path / "themes" / name).mkdir(parents=True)
        (tmp_path / "themes" / name / "theme.yml").write_text(f"extends: {parent}\n")
    with pytest.raises(CoursewareError, match="not found"):
        resolve_theme("a", tmp_path)  # a -> b -> a: the chain never reuses a folder
    chain = resolve_theme("default", tmp_path)
    assert [t.name for t in chain.chain] == ["default"]


def test_readable_colours() -> None:
    props = color_properties(
        {"background": "#ffffff"}, ThemeColors(primary="#ffe066", accent="#a0d8ef")
    )
    assert contrast(props["--cw-link"], "#ffffff") >= 4.5
    assert contrast(props["--cw-accent-text"], "#ffffff") >= 4.5
    assert props["--cw-primary"] == "#ffe066"
    dark = color_properties({}, ThemeColors(background="#101820", text="#333333"))
    assert contrast(dark["--cw-text"], "#101820") >= 4.5


# --- helpers ------------------------------------------------------------------------------


def test_helpers() -> None:
    png = (COURSE_DIR / "media" / "ficha.png").read_bytes()
    assert image_size(png, ".png") == (320, 200)
    assert image_size(b'<svg xmlns="x" width="40px" height="30">', ".svg") == (40, 30)
    assert image_size(b'<svg viewBox="0 0 600 160">', ".svg") == (600, 160)
    assert image_size(b"GIF89a\x10\x00\x20\x00", ".gif") == (16, 32)
    jpeg = b"\xff\xd8\xff\xe0\x00\x04ab\xff\xc0\x00\x11\x08\x00\x30\x00\x40\x03"
    assert image_size(jpeg, ".jpg") == (64, 48)
    assert image_size(b"nothing", ".webp") is None
    assert shift_headings("<h1>a</h1><h3 id=x>b</h3>", 3) == "<h3>a</h3><h5 id=x>b</h5>"
    order = seeded_order(["a", "b", "c", "d"], "q1")
    assert order == seeded_order(["a", "b", "c", "d"], "q1")
    assert [i for i, _ in order] != [0, 1, 2, 3]


# --- validators ---------------------------------------------------------------------------


def test_nu_html_checker(site_dir: Path, sample_dir: Path, second_theme_dir: Path) -> None:
    assert nu_check([site_dir, sample_dir, second_theme_dir]) == []


def _page_problems(report: dict[str, Any]) -> list[str]:
    # Over file:// Chromium stops a preload="metadata" media download once it has what it
    # needs and reports ERR_ABORTED; that is not a failed request.
    failed = [f for f in report["failedRequests"] if not f.endswith("net::ERR_ABORTED")]
    keys = ("consoleErrors", "pageErrors", "blockedRequests", "notFound", "errors")
    return [f"{k}: {report[k]}" for k in keys if report[k]] + failed


def test_every_page_works_offline(site_dir: Path, sample_dir: Path, second_theme_dir: Path) -> None:
    """Every page of the sample build opens from file:// with no network, and the test course's
    pages over HTTP too; the second theme's home and a lesson with an image. One browser.

    Any request leaving the package is blocked and reported, as are 404s, console errors
    and script errors.
    """
    checks: list[dict[str, Any]] = [
        {"root_dir": sample_dir, "page": page, "file_url": True} for page in html_pages(sample_dir)
    ]
    checks += [
        {"root_dir": site_dir, "page": page, "file_url": file_url}
        for page in html_pages(site_dir)
        for file_url in (True, False)
    ]
    checks += [
        {"root_dir": second_theme_dir, "page": page, "file_url": True}
        for page in ("index.html", "ficha-y-fotos.html")
    ]
    for check in checks:
        check["wait_ms"] = 50
    reports = page_check_many(checks)
    assert len(reports) >= 26
    problems = [
        f"{check['root_dir'].name}/{check['page']} ({'file' if check['file_url'] else 'http'}): "
        f"{_page_problems(report)}"
        for check, report in zip(checks, reports, strict=True)
        if _page_problems(report)
    ]
    assert problems == []


@pytest.mark.parametrize("file_url", [False, True], ids=["http", "file"])
def test_knowledge_check_answered_by_clicks(site_dir: Path, file_url: bool) -> None:
    args = [node_path(), str(CLICK_SCRIPT), str(site_dir)] + (["--file-url"] if file_url else [])
    proc = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["errors"] == [] and report["consoleErrors"] == [] and report["pageErrors"] == []
    assert report["blockedRequests"] == []
    steps = report["steps"]
    assert steps["single_empty"] == "Responde antes de comprobar."
    assert steps["single"] == {
        "status": "¡Correcto!",
        "choiceFeedback": "Sí, la foto decide si la persona sigue leyendo.",
        "general": True,
        "live": "status",
    }
    assert steps["multiple"] == {"status": "¡Correcto!", "correct": True}
    assert steps["true_false_keyboard"]["focused"] == "check"
    assert steps["true_false_keyboard"]["status"].startswith("Todavía no")
    assert steps["short_partial"]["status"] == "Parcialmente correcto: 50 %."
    assert steps["numeric"] == "¡Correcto!"
    assert steps["matching"] == {"status": "Parcialmente correcto: 67 %.", "wrongRows": 1}
    ordering = steps["ordering_keyboard"]
    assert ordering["after"][:2] == ordering["before"][1::-1]
    assert ordering["stillFocused"] == "1" and "posición 2 de 4" in ordering["announce"]
    assert ordering["status"] == "¡Correcto!"
    assert steps["cloze"] == "¡Correcto!"
    assert steps["essay"] == {"words": "7 palabras", "model": True, "checkButtons": 0}
    assert steps["reload_restores"]["status"] == "¡Correcto!"
    assert steps["reload_restores"]["checked"] == 1
    assert steps["reload_restores"]["essay"].startswith("Vendo miel")
    assert steps["home_progress"] == {
        "text": "Has visitado 1 de 3 lecciones.",
        "start": "Continuar: La ficha de producto",
        "visited": 1,
    }


def test_key_figures_name_their_source_once(loaded: LoadedCourse) -> None:
    """Two figures from one source: the source line appears once, under the figures."""
    html = _text(render_site(loaded), "ficha.html")
    block = html[html.index('class="cw-block cw-figures"') :]
    block = block[: block.index("</section>")]
    assert block.count('class="cw-figure-source"') == 1
    assert block.index("cw-figure-source") > block.index("</ul>")
