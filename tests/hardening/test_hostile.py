"""Hostile content: scripts and event handlers in every text field never run in the pages."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from courseware import check_course
from courseware.load import load_course

from .hostile import MINI


def test_no_untrusted_markup_reaches_the_html(hostile_site: Path) -> None:
    from lxml import html as lxml_html

    pages = sorted(hostile_site.glob("*.html"))
    assert len(pages) >= 4
    for page in pages:
        text = page.read_text(encoding="utf-8")
        tree = lxml_html.fromstring(text)
        for script in tree.iter("script"):
            assert script.get("src") or script.get("type") == "application/json", page.name
            assert "PWNED" not in (script.text or "") or script.get("type") == "application/json"
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            handlers = [a for a in element.attrib if a.lower().startswith("on")]
            assert not handlers, (page.name, element.tag, handlers)
            href = element.get("href") or element.get("src") or ""
            assert not href.strip().lower().startswith("javascript:"), page.name
        assert "{{ 7*7 }}" in text, "template syntax in content must stay literal text"


def test_no_script_runs_in_the_browser(hostile_site: Path, validators: Any) -> None:
    pages = sorted(p.name for p in hostile_site.glob("*.html"))
    reports = validators.page_check_many(
        [{"root_dir": hostile_site, "page": page, "read": "body[data-pwned]"} for page in pages]
    )
    for page, report in zip(pages, reports, strict=True):
        assert report["title"] != "PWNED", page
        assert not report.get("readText"), page
        assert not report["blockedRequests"], (page, report["blockedRequests"])


def test_javascript_and_remote_images_in_markdown_are_refused(tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    lesson = root / "lessons" / "01-uno.yaml"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace(
            "Hola **mundo**.", "Hola ![x](http://example.org/x.png) ![y](file:///etc/passwd)"
        ),
        encoding="utf-8",
    )
    issues = check_course(load_course(root))
    assert [i.code for i in issues if i.severity == "error"] == ["remote-image"]
    # markdown-it never makes an image of a file: URL; it stays text.
    from courseware.render.markdown import render_markdown

    assert "<img" not in render_markdown("![y](file:///etc/passwd)")


MALFORMED = ["x://[bad/01-uno.yaml", "http://[::1/x.png", "//[bad"]
"""Addresses Python's URL parser refuses (a host that is no IPv6 address)."""


def _run(*args: str) -> tuple[int, str]:
    """Exit status and standard error of the ``courseware`` command."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "courseware", *args],
        capture_output=True,
        text=True,
        check=False,
        env={
            k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")
        },  # English messages
    )
    return done.returncode, done.stderr


@pytest.mark.parametrize("address", MALFORMED[:2])
def test_a_malformed_address_as_a_course_path_is_an_error_at_its_line(
    tmp_path: Path, address: str
) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    course = root / "course.yaml"
    course.write_text(course.read_text().replace("- lessons/01-uno.yaml", f'- "{address}"'))
    lesson = root / "lessons" / "01-uno.yaml"
    lesson.write_text(lesson.read_text().replace("src: media/punto.png", f'src: "{address}"'))
    code, stderr = _run("check", str(root))
    assert code == 1, stderr
    assert "Traceback" not in stderr
    assert f"course.yaml:22:9: error: '{address}' is a malformed address" in stderr


def test_malformed_addresses_in_raw_html_are_dropped_from_pages_and_pdfs(tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    html = "Hola " + " ".join(f'<a href="{a}">x</a> <img src="{a}" alt="a">' for a in MALFORMED)
    lesson = root / "lessons" / "01-uno.yaml"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("Hola **mundo**.", json.dumps(html)), "utf-8")  # YAML too
    out = tmp_path / "dist"
    code, stderr = _run("build", str(root), "-o", str(out), "-q", "-f", "html", "-f", "pdf")
    assert "Traceback" not in stderr
    assert code == 0, stderr
    page = (out / "mini" / "html" / "uno.html").read_text(encoding="utf-8")
    assert "Hola" in page and "[bad" not in page and "[::1" not in page
    assert list((out / "mini" / "pdf").glob("*.pdf"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_in_the_course_folder_does_not_hang_the_build(tmp_path: Path) -> None:
    """Builds hash the course's files; a pipe there would block that read forever."""
    import subprocess
    import sys

    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    os.mkfifo(root / "media" / "pipe.png")
    out = tmp_path / "dist"
    command = [sys.executable, "-m", "courseware", "build", str(root), "-o", str(out), "-q"]
    for _ in range(2):  # a cold build, then the no-op check
        done = subprocess.run(
            [*command, "-f", "html"], capture_output=True, text=True, timeout=120, check=False
        )
        assert done.returncode == 0, done.stderr
    assert (out / "mini" / "html" / "uno.html").is_file()


def test_a_name_too_long_for_the_file_system_is_an_error_at_its_line(tmp_path: Path) -> None:
    """Every call on such a name fails (ENAMETOOLONG): reported where it is written."""
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    long = "b" * 300
    course = root / "course.yaml"
    course.write_text(course.read_text().replace("- lessons/01-uno.yaml", f"- lessons/{long}.yaml"))
    code, stderr = _run("check", str(root))
    assert (code, "Traceback" in stderr) == (1, False), stderr
    assert "course.yaml:22:9: error: 'lessons/bbbb" in stderr and "too long" in stderr

    shutil.rmtree(root)
    shutil.copytree(MINI, root)
    lesson = root / "lessons" / "01-uno.yaml"
    text = lesson.read_text(encoding="utf-8")
    page_link = f"[a]({long}.html) ![b](media/{long}.png)"
    lesson.write_text(text.replace("Hola **mundo**.", json.dumps(page_link)), "utf-8")
    code, stderr = _run("check", str(root))
    assert (code, "Traceback" in stderr) == (1, False), stderr
    located = [line for line in stderr.splitlines() if "too long" in line]
    assert len(located) == 2 and all("01-uno.yaml:7:" in line for line in located), stderr
