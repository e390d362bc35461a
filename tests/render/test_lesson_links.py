"""Linking lessons: a Markdown link to a lesson's YAML file leads to that lesson in every
output (site and packages: its page; EPUB: its chapter; PDF: its page number or its name),
and a link to a YAML file that is no lesson is a `check` error at its line."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

from courseware.cli import main
from courseware.render.markdown import lesson_files, lesson_of, link_lessons

MINI = Path(__file__).resolve().parents[1] / "load" / "testdata" / "mini"

LESSON_TWO = """\
id: dos
title: Lección dos
duration: 10 min
objectives: [obj-a]
blocks:
  - type: text
    body: Vuelva a la [primera lección](./lessons/01-uno.yaml#top).
"""


def course_with_links(tmp_path: Path, link: str) -> Path:
    """The mini course with its inline lesson in a file, and lesson one linking ``link``."""
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    course = root / "course.yaml"
    text = course.read_text(encoding="utf-8")
    inline = text[text.index("      - id: dos") :]
    course.write_text(text.replace(inline, "      - lessons/02-dos.yaml\n"), encoding="utf-8")
    (root / "lessons" / "02-dos.yaml").write_text(LESSON_TWO, encoding="utf-8")
    one = root / "lessons" / "01-uno.yaml"
    body = f"body: Sigue con la [segunda lección]({link})."
    one.write_text(one.read_text(encoding="utf-8").replace("body: Hola **mundo**.", body))
    return root


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(list(args))
    return code, out.getvalue()


def test_lesson_of_reads_the_path_as_course_yaml_lists_it() -> None:
    sources = {("modules", 0, "lessons", 1): ("lessons/02-dos.yaml", "x"), ("banks", 0): ("b", "")}
    files = lesson_files(sources)
    assert files == {"lessons/02-dos.yaml": (0, 1)}
    assert lesson_of("./lessons/02-dos.yaml#fin", files) == ((0, 1), "fin")
    assert lesson_of("lessons/02%2Ddos.yaml", files) == ((0, 1), "")
    assert lesson_of("lessons/03-tres.yaml", files) is None
    assert lesson_of("https://example.org/lessons/02-dos.yaml", files) is None
    html = '<a href="lessons/02-dos.yaml#fin">x</a> <a href="media/a.pdf">y</a>'
    linked = link_lessons(html, files, lambda place, frag: f"p{place[1]}.html#{frag}")
    assert linked == '<a href="p1.html#fin">x</a> <a href="media/a.pdf">y</a>'


def test_check_accepts_a_lesson_link_and_places_a_broken_one(tmp_path: Path) -> None:
    good = course_with_links(tmp_path / "good", "lessons/02-dos.yaml")
    code, out = run("check", str(good), "--format", "json")
    assert code == 0, out
    bad = course_with_links(tmp_path / "bad", "lessons/02-do.yaml")
    code, out = run("check", str(bad), "--format", "json")
    report: dict[str, Any] = json.loads(out)
    [error] = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert code == 1 and error["code"] == "source-link"
    assert error["file"].endswith("01-uno.yaml") and error["line"] == 7
    assert "not a lesson file" in error["message"]
    assert "did you mean 'lessons/02-dos.yaml'?" in error["hint"]


def test_every_output_leads_to_the_lesson(tmp_path: Path) -> None:
    root = course_with_links(tmp_path, "lessons/02-dos.yaml")
    out = tmp_path / "dist"
    code, text = run("build", str(root), "-o", str(out), "-q", "-f", "html", "-f", "pdf")
    assert code == 0, text
    assert "No anchor" not in text
    site = out / "mini" / "html"
    page = (site / "uno.html").read_text(encoding="utf-8")
    assert 'href="dos.html"' in page and ".yaml" not in page
    assert 'href="uno.html#top"' in (site / "dos.html").read_text(encoding="utf-8")
    assert not list(site.rglob("*.yaml"))
    pdf = out / "mini" / "pdf"
    with zipfile.ZipFile(pdf / "mini.epub") as epub:
        chapter = next(n for n in epub.namelist() if n.endswith("01-uno.xhtml"))
        assert 'href="02-dos.xhtml"' in epub.read(chapter).decode()
        assert not any(n.endswith(".yaml") for n in epub.namelist())
    workbook = next(p for p in pdf.glob("*.pdf") if "guia" not in p.name)
    words = subprocess.run(
        ["pdftotext", "-layout", str(workbook), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = words.split("\f")
    start = next(n for n, page in enumerate(pages, 1) if "Lección 2. Lección dos" in page)
    assert f"segunda lección (Lección 2, pág. {start})" in " ".join(words.split())
    handout = next((pdf / "lecciones").glob("01-*.pdf"))
    words = subprocess.run(
        ["pdftotext", str(handout), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "segunda lección (Lección 2)." in " ".join(words.split())
