"""A course theme renders strings and nothing else: no probe of the catalogue gets through,
and a walk of every template context finds nothing mutable or escaping."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from courseware.build import build_course
from courseware.errors import CoursewareError

from .sandbox_probes import mini_course, run, walk_recorded


def test_no_probe_of_the_catalogue_gets_through(tmp_path: Path) -> None:
    table = run(tmp_path)
    assert {kind: bad for kind, (_, bad) in table.items() if bad} == {}
    assert all(tried > 20 for tried, _ in table.values()), table


def test_every_recorded_context_holds_plain_data_and_helpers(tmp_path: Path) -> None:
    contexts, steps, escapes = walk_recorded(mini_course(tmp_path))
    assert contexts > 40 and steps > 500  # pages, quiz page, PDFs and EPUB were all walked
    assert escapes == []


def test_the_issue_s_epub_leak_is_an_error_at_the_template_line(tmp_path: Path) -> None:
    root = mini_course(tmp_path)
    blocks = root / "themes" / "propio" / "pdf" / "blocks"
    blocks.mkdir(parents=True)
    (blocks / "text.html").write_text(
        "<p>\n{% set _ = printer.files.update({'leak.txt': printer.root / '../../etc/passwd'})"
        " %}</p>\n",
        encoding="utf-8",
    )
    with pytest.raises(CoursewareError) as info:
        build_course(root, tmp_path / "dist", ["pdf"])
    assert "themes/propio/pdf/blocks/text.html:2:" in str(info.value)
    for epub in (tmp_path / "dist").rglob("*.epub"):
        assert "leak.txt" not in zipfile.ZipFile(epub).namelist()


def test_a_course_theme_over_the_default_draws_what_the_default_draws(tmp_path: Path) -> None:
    """The sandbox refuses nothing the built-in templates need (pages, quiz page, EPUB)."""
    ours = mini_course(tmp_path / "a")
    builtin = tmp_path / "b" / "mini"
    builtin.parent.mkdir()
    builtin.mkdir()
    for file in ours.rglob("*"):
        target = builtin / file.relative_to(ours)
        if file.is_dir():
            target.mkdir(exist_ok=True)
        else:
            target.write_bytes(file.read_bytes().replace(b"name: propio", b"name: default"))
    for root in (ours, builtin):
        build_course(root, root.parent / "dist", ["html", "packages"])
    a, b = (r.parent / "dist" / "mini" for r in (ours, builtin))
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    for name in files:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
