"""Cache keys of PDF documents: a change to anything a document can fetch changes its key."""

from __future__ import annotations

import shutil
from pathlib import Path

from PIL import Image

from courseware.load import load_course
from courseware.render.pdf import PdfKeys, fetchable_course_files, plan_pdfs

MINI = Path(__file__).resolve().parents[1] / "load" / "testdata" / "mini"


def _keys(course: Path) -> dict[str, str]:
    loaded = load_course(course)
    plan = plan_pdfs(loaded)
    keyer = PdfKeys(loaded.root)
    return {job.relpath: keyer.key(job) for job in plan.jobs}


def test_files_named_by_the_html_and_by_what_it_names(tmp_path: Path) -> None:
    (tmp_path / "media").mkdir()
    for name in ("a.png", "c.png", "d.png", "e.png", "unused.png"):
        (tmp_path / "media" / name).write_bytes(b"\x89PNG")
    (tmp_path / "media" / "b.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><text>it\'s</text><image href="c.png"/></svg>'
    )
    (tmp_path / "media" / "s.css").write_text("p { background: url(e.png) }")
    html = (
        '<p title="it\'s"><img alt="l\'eau" src="media/a.png"><img src="media/b.svg">'
        '<img src=media/d.png><link rel="stylesheet" href="media/s.css"></p>'
    )
    found = fetchable_course_files(html, tmp_path.as_uri() + "/", tmp_path)
    assert found is not None
    names = {p.relative_to(tmp_path).as_posix() for p in found if p.is_file()}
    assert names == {
        "media/a.png",
        "media/b.svg",
        "media/c.png",
        "media/d.png",
        "media/s.css",
        "media/e.png",
    }
    # A theme stylesheet may name a course file too.
    theme = tmp_path.parent / f"{tmp_path.name}-theme"
    theme.mkdir()
    (theme / "print.css").write_text(f"h1 {{ background: url('../{tmp_path.name}/media/f.png') }}")
    (tmp_path / "media" / "f.png").write_bytes(b"\x89PNG")
    styled = f'<link rel="stylesheet" href="{(theme / "print.css").as_uri()}">'
    found = fetchable_course_files(styled, tmp_path.as_uri() + "/", tmp_path, [theme])
    assert found is not None and tmp_path / "media" / "f.png" in found
    assert (
        fetchable_course_files('<base href="/">' + html, tmp_path.as_uri() + "/", tmp_path) is None
    )


def test_keys_follow_images_and_theme_files_only(tmp_path: Path) -> None:
    course = tmp_path / "mini"
    shutil.copytree(MINI, course)
    theme = course / "themes" / "mio"
    theme.mkdir(parents=True)
    (theme / "theme.yml").write_text("extends: default\n", encoding="utf-8")
    (theme / "notes.txt").write_text("one", encoding="utf-8")
    text = (course / "course.yaml").read_text(encoding="utf-8")
    (course / "course.yaml").write_text(text.replace("modules:", "theme: {name: mio}\nmodules:"))
    before = _keys(course)
    assert _keys(course) == before
    # A course file no document names: nothing changes.
    seed = course / "seeds" / "nota.md"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nOtra nota.\n", encoding="utf-8")
    assert _keys(course) == before
    # The picture both lessons show: their handouts, the workbook; not the quiz papers.
    Image.new("RGB", (3, 2), "blue").save(course / "media" / "punto.png")
    after = _keys(course)
    changed = {name for name in before if before[name] != after[name]}
    assert {"lecciones/01-uno.pdf", "lecciones/02-dos.pdf", "mini-cuaderno.pdf"} <= changed
    assert not any(name.startswith("cuestionarios/") for name in changed)
    # Any file of the theme chain: every document.
    (theme / "notes.txt").write_text("two", encoding="utf-8")
    final = _keys(course)
    assert all(final[name] != after[name] for name in after)
