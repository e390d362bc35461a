"""Incremental builds: unchanged pages and PDFs are reused, byte for byte; edits re-render
exactly what shows them. Observed through the build report, never through timing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from courseware import build as build_module
from courseware.build import BuildReport, BuildSettings, OutputSummary, build_course
from courseware.cache import units_path
from courseware.cli import main
from courseware.incremental import (
    Unit,
    UnitCache,
    decode_unit,
    encode_unit,
    read_pack,
)

MINI = Path(__file__).parent / "load" / "testdata" / "mini"
SETTINGS = BuildSettings(jobs=1)
PAGES = {"index.html", "uno.html", "dos.html", "glossary.html", "sources.html"}
HANDOUT_UNO = "lecciones/01-uno.pdf"
HANDOUT_DOS = "lecciones/02-dos.pdf"
WORKBOOK = "mini-cuaderno.pdf"
QUIZ_PAPERS = {"cuestionarios/q1-estudiante.pdf", "cuestionarios/q1-clave.pdf"}


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A fresh copy of the mini course."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


def _build(course: Path, out: Path, formats: list[str], reuse: bool = True) -> BuildReport:
    return build_course(course, out, formats, settings=SETTINGS, reuse=reuse)


def _output(report: BuildReport, name: str) -> OutputSummary:
    return next(o for o in report.outputs if o.name == name)


def _files(out: Path) -> dict[str, bytes]:
    root = out / "mini"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _same_as_cold(course: Path, warm: Path, tmp_path: Path, formats: list[str]) -> None:
    cold = tmp_path / "cold"
    shutil.rmtree(cold, ignore_errors=True)
    report = _build(course, cold, formats)
    assert all(not o.reused for o in report.outputs)
    assert _files(warm) == _files(cold)


def test_html_rebuilds_follow_what_each_page_shows(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    first = _output(_build(course, out, ["html"]), "html")
    assert set(first.rendered) == PAGES and first.reused == []
    # No change: every page is reused.
    again = _output(_build(course, out, ["html"]), "html")
    assert again.rendered == [] and set(again.reused) == PAGES
    # A lesson's text: only its page.
    lesson = course / "lessons" / "01-uno.yaml"
    _edit(lesson, "Hola **mundo**.", "Hola, **mundo** entero.")
    edited = _output(_build(course, out, ["html"]), "html")
    assert edited.rendered == ["uno.html"]
    assert set(edited.reused) == PAGES - {"uno.html"}
    _same_as_cold(course, out, tmp_path, ["html"])
    # A question its knowledge check uses: only that page again.
    _edit(course / "banks" / "b.yaml", "prompt: ¿Cuál?", "prompt: ¿Cuál de las dos?")
    assert _output(_build(course, out, ["html"]), "html").rendered == ["uno.html"]
    _same_as_cold(course, out, tmp_path, ["html"])
    # A title shown in the navigation of every page: every page.
    _edit(lesson, "title: Lección uno", "title: Lección primera")
    assert set(_output(_build(course, out, ["html"]), "html").rendered) == PAGES
    _same_as_cold(course, out, tmp_path, ["html"])
    # Course settings and course files (an image a page shows) too.
    _edit(course / "course.yaml", 'version: "1.0"', 'version: "1.1"')
    assert set(_output(_build(course, out, ["html"]), "html").rendered) == PAGES
    image = course / "media" / "punto.png"
    image.write_bytes(image.read_bytes())  # touched, same bytes: nothing to do
    assert _output(_build(course, out, ["html"]), "html").rendered == []
    Image.new("RGB", (3, 2), "blue").save(image)
    assert {"uno.html", "dos.html"} <= set(_output(_build(course, out, ["html"]), "html").rendered)
    _same_as_cold(course, out, tmp_path, ["html"])


def test_a_lesson_page_is_keyed_by_its_file_or_by_the_lesson_written_inline(
    course: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    _build(course, out, ["html"])
    # A lesson written inside course.yaml: its page follows what it says.
    _edit(course / "course.yaml", "body: Texto con", "body: Otro texto con")
    assert _output(_build(course, out, ["html"]), "html").rendered == ["dos.html"]
    _same_as_cold(course, out, tmp_path, ["html"])
    # A lesson of its own file: its page follows the file's bytes, even a comment ...
    lesson = course / "lessons" / "01-uno.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "# revisado\n", encoding="utf-8")
    assert _output(_build(course, out, ["html"]), "html").rendered == ["uno.html"]
    # ... and where the file is: the same bytes moved are drawn again.
    lesson.rename(course / "lessons" / "01-primera.yaml")
    _edit(course / "course.yaml", "lessons/01-uno.yaml", "lessons/01-primera.yaml")
    assert _output(_build(course, out, ["html"]), "html").rendered == ["uno.html"]
    _same_as_cold(course, out, tmp_path, ["html"])


def test_a_theme_change_invalidates_pages(course: Path, tmp_path: Path) -> None:
    theme = course / "themes" / "mio"
    (theme / "assets").mkdir(parents=True)
    (theme / "theme.yml").write_text("extends: default\ncss: [extra.css]\n", encoding="utf-8")
    (theme / "assets" / "extra.css").write_text("h1 { color: #000; }\n", encoding="utf-8")
    _edit(course / "course.yaml", "modules:", "theme: {name: mio}\nmodules:")
    out = tmp_path / "dist"
    _build(course, out, ["html"])
    assert _output(_build(course, out, ["html"]), "html").rendered == []
    (theme / "assets" / "extra.css").write_text("h1 { color: #111; }\n", encoding="utf-8")
    assert set(_output(_build(course, out, ["html"]), "html").rendered) == PAGES
    # A theme from the course folder may read any lesson: one lesson's edit renders all.
    _edit(course / "lessons" / "01-uno.yaml", "Hola **mundo**.", "Hola, **mundo**.")
    assert set(_output(_build(course, out, ["html"]), "html").rendered) == PAGES
    _same_as_cold(course, out, tmp_path, ["html"])


def test_pdfs_are_redrawn_only_when_their_document_changed(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    first = _output(_build(course, out, ["pdf"]), "pdf")
    documents = {r for r in first.rendered if r.endswith(".pdf")}
    assert {HANDOUT_UNO, HANDOUT_DOS, WORKBOOK, *QUIZ_PAPERS} <= documents
    again = _output(_build(course, out, ["pdf"]), "pdf")
    assert set(again.reused) == documents
    assert again.rendered == ["mini.epub"]  # cheap, made every time
    _edit(course / "lessons" / "01-uno.yaml", "Hola **mundo**.", "Hola, **mundo** entero.")
    edited = _output(_build(course, out, ["pdf"]), "pdf")
    assert {HANDOUT_UNO, WORKBOOK} <= set(edited.rendered)
    assert {HANDOUT_DOS, *QUIZ_PAPERS} <= set(edited.reused)
    _same_as_cold(course, out, tmp_path, ["pdf"])


def test_force_and_a_damaged_cache_render_everything(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    _build(course, out, ["html"])
    forced = _output(_build(course, out, ["html"], reuse=False), "html")
    assert set(forced.rendered) == PAGES and forced.reused == []
    pack = units_path(course, out) / "html.pack"
    entries = read_pack(pack).entries
    assert len(entries) == len(PAGES)  # bounded: one entry per page
    # Damage two units inside the pack: just those two pages are drawn again.
    raw = bytearray(pack.read_bytes())
    start = len(raw) - sum(len(view) for view in entries.values())
    index = json.loads(raw[raw.index(b"\n", 20) + 1 : start])
    for key in sorted(index)[:2]:
        offset, length = index[key]
        raw[start + offset + length // 2] ^= 0xFF
    pack.write_bytes(bytes(raw))
    partly = _output(_build(course, out, ["html"]), "html")
    assert len(partly.rendered) == 2 and len(partly.reused) == len(PAGES) - 2
    _same_as_cold(course, out, tmp_path, ["html"])
    # A truncated pack keeps the units before the cut.
    pack.write_bytes(pack.read_bytes()[: -len(entries[max(entries)]) // 2])
    truncated = _output(_build(course, out, ["html"]), "html")
    assert truncated.rendered and truncated.reused
    _same_as_cold(course, out, tmp_path, ["html"])
    # A damaged index or garbage: everything is drawn again.
    for damage in (
        lambda data: data.replace(b'"', b"'", 1),
        lambda data: b"garbage",
        lambda data: b"",
    ):
        pack.write_bytes(damage(pack.read_bytes()))
        assert set(_output(_build(course, out, ["html"]), "html").rendered) == PAGES
    _same_as_cold(course, out, tmp_path, ["html"])
    # A store that is not even a folder is ignored too, and the build still succeeds.
    shutil.rmtree(units_path(course, out))
    units_path(course, out).write_text("not a folder")
    assert set(_output(_build(course, out, ["html"]), "html").rendered) == PAGES
    units_path(course, out).unlink()
    assert set(_output(_build(course, out, ["html"]), "html").rendered) == PAGES
    assert _output(_build(course, out, ["html"]), "html").rendered == []


def test_cache_keeps_only_what_the_latest_build_used(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    _build(course, out, ["html"])
    pack = units_path(course, out) / "html.pack"
    before = set(read_pack(pack).entries)
    _edit(course / "lessons" / "01-uno.yaml", "Hola **mundo**.", "Hola, **mundo**.")
    _build(course, out, ["html"])
    after = set(read_pack(pack).entries)
    assert len(after) == len(before) and len(after - before) == 1
    # The store is one file per output, not one per unit.
    assert sorted(p.name for p in units_path(course, out).iterdir()) == ["html.pack"]


def test_an_old_one_file_per_unit_store_is_replaced(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    old = units_path(course, out) / "html"
    old.mkdir(parents=True)
    (old / "0123abcd").write_bytes(b"courseware-unit 1\nstale")
    assert set(_output(_build(course, out, ["html"]), "html").rendered) == PAGES
    assert not old.exists()
    assert _output(_build(course, out, ["html"]), "html").rendered == []


def test_cli_force_bypasses_the_cache(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    real = build_module.build_course

    def spy(*args: object, reuse: bool = True, **kwargs: object) -> BuildReport:
        seen.append(reuse)
        return real(*args, reuse=reuse, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "build_course", spy)
    out = str(tmp_path / "dist")
    assert main(["build", str(course), "-o", out, "-q", "-f", "html"]) == 0
    assert main(["build", str(course), "-o", out, "-q", "-f", "html", "--force"]) == 0
    assert seen == [True, False]


def test_unit_store_round_trip_and_damage(tmp_path: Path) -> None:
    unit = Unit(b"\x00bytes\n", {"files": ["media/a.png"]})
    assert decode_unit(encode_unit(unit)) == unit
    raw = encode_unit(unit)
    assert decode_unit(raw[:-1]) is None
    assert decode_unit(raw.replace(b"bytes", b"bytez")) is None
    assert decode_unit(b"") is None
    cache = UnitCache(tmp_path / "units")
    cache.put("html", "k1", "a.html", unit)
    cache.save()
    warm = UnitCache(tmp_path / "units")
    assert warm.get("html", "k1", "a.html") == unit


def test_units_are_stored_per_output(tmp_path: Path) -> None:
    cache = UnitCache(tmp_path / "units")
    cache.put("quiz", "q1", "gift/a", Unit(b"quiz"))
    cache.put("html", "k1", "a.html", Unit(b"page"))
    cache.save()
    assert sorted(p.name for p in (tmp_path / "units").iterdir()) == ["html.pack", "quiz.pack"]
    warm = UnitCache(tmp_path / "units")
    assert warm.get("quiz", "q1", "gift/a") == Unit(b"quiz")
    assert warm.get("html", "k1", "a.html") == Unit(b"page")
    assert warm.get("html", "k2", "b.html") is None
    assert warm.log("html") == ([], ["a.html"])
    assert UnitCache(tmp_path / "units", read=False).get("html", "k1", "a.html") is None


def test_quiz_exports_are_made_again_only_for_a_changed_bank(course: Path, tmp_path: Path) -> None:
    from courseware.export import FORMATS

    (course / "banks" / "c.yaml").write_text(
        "id: otro\ntitle: Otro banco\nquestions:\n"
        "  - id: p2\n    type: true_false\n    prompt: ¿Sí?\n    answer: true\n",
        encoding="utf-8",
    )
    out = tmp_path / "dist"
    first = _output(_build(course, out, ["quiz"]), "quiz")
    everything = sorted(f"{fmt}/{bank}" for fmt in FORMATS for bank in ("banco", "otro"))
    assert first.rendered == everything and first.reused == []
    # A lesson edited: no bank changed, so every export is reused.
    _edit(course / "lessons" / "01-uno.yaml", "Hola **mundo**.", "Hola, **mundo** entero.")
    again = _output(_build(course, out, ["quiz"]), "quiz")
    assert again.rendered == [] and again.reused == everything
    # One bank edited: its exports only, and the same bytes as a build from nothing.
    _edit(course / "banks" / "b.yaml", "prompt: ¿Cuál?", "prompt: ¿Cuál de las dos?")
    edited = _output(_build(course, out, ["quiz"]), "quiz")
    assert edited.rendered == sorted(f"{fmt}/banco" for fmt in FORMATS)
    assert edited.reused == sorted(f"{fmt}/otro" for fmt in FORMATS)
    _same_as_cold(course, out, tmp_path, ["quiz"])
    # An image file a question may show changes every export.
    image = course / "media" / "punto.png"
    Image.new("RGB", (3, 2), "red").save(image)
    assert _output(_build(course, out, ["quiz"]), "quiz").rendered == everything


def test_a_stored_quiz_export_keeps_its_losses_and_issues() -> None:
    from courseware.errors import Issue, SourceSpan
    from courseware.export import ExportResult, Loss, _from_unit, _to_unit

    here = SourceSpan(Path("banks/b.yaml"), 4, 5)
    result = ExportResult(
        {"banco.xml": b"<quiz/>", "media/punto.png": b"\x89PNG"},
        [Loss("p1", "aiken", "feedback")],
        [Issue("warning", "sin retro", here, hint="añade", code="x", related=(here,))],
    )
    stored = decode_unit(encode_unit(_to_unit(result)))
    assert stored is not None and _from_unit(stored) == result
    assert _from_unit(Unit(b"not marshal", {"losses": [], "issues": []})) is None
    assert _from_unit(Unit(stored.data, {"losses": [["p1"]], "issues": []})) is None


def test_a_cold_build_on_two_cores_leaves_every_page_for_the_next(
    course: Path, tmp_path: Path
) -> None:
    two = BuildSettings(jobs=2)
    out = tmp_path / "out"
    first = build_course(course, out, ["html"], settings=two)
    assert set(_output(first, "html").rendered) >= PAGES
    again = build_course(course, out, ["html"], settings=two)
    assert _output(again, "html").rendered == []
    assert set(_output(again, "html").reused) >= PAGES
    _edit(course / "lessons" / "01-uno.yaml", "Hola **mundo**.", "Hola, **mundo** entero.")
    edited = build_course(course, out, ["html"], settings=two)
    assert _output(edited, "html").rendered == ["uno.html"]


def test_a_title_edit_in_a_long_course_redraws_only_the_pages_that_show_it(
    tmp_path: Path,
) -> None:
    from tests.package.synthetic import write_course

    # 70 lessons in 7 modules: the contents list of a lesson page shows only its module's
    # lessons (folded), so a lesson's title is on its module's pages, its neighbours' and
    # the pages that map the whole course.
    course = write_course(tmp_path / "largo", lessons=70, modules=7)
    out, cold = tmp_path / "dist", tmp_path / "cold"
    first = _output(build_course(course, out, ["html"], settings=SETTINGS), "html")
    lessons = {f"leccion-{n:03d}.html" for n in range(1, 71)}
    others = set(first.rendered) - lessons
    assert lessons <= set(first.rendered) and "index.html" in others

    def module(m: int) -> set[str]:
        return {f"leccion-{n:03d}.html" for n in range(10 * m - 9, 10 * m + 1)}

    def retitle(old: str, new: str) -> set[str]:
        _edit(course / "course.yaml", f"title: {old}\n", f"title: {new}\n")
        report = _output(build_course(course, out, ["html"], settings=SETTINGS), "html")
        shutil.rmtree(cold, ignore_errors=True)
        build_course(course, cold, ["html"], settings=SETTINGS)
        warm_files = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.html")}
        cold_files = {p.relative_to(cold): p.read_bytes() for p in cold.rglob("*.html")}
        assert warm_files == cold_files  # reusing pages never changes a byte
        return set(report.rendered)

    # A lesson inside module 4: module 4's pages (its neighbours are there too).
    assert retitle("Lección 35", "Lección 35, revisada") == module(4) | others
    # The first lesson of module 5: module 5, and the last page of module 4 (its pager).
    assert (
        retitle("Lección 41", "Lección 41, revisada") == module(5) | {"leccion-040.html"} | others
    )
    # A module's title is in every contents list (seven modules are all listed).
    assert retitle("Módulo 2", "Módulo dos") == lessons | others
