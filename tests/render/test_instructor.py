"""The instructor view: every block's notes shown there, and in no learner output.

The sample course has facilitation notes in every lesson. Its learner site, EPUB and every
package (SCORM 1.2 and 2004, cmi5, IMS CC, web zip), opened file by file, must hold none of
their text; the instructor view must hold all of it, on pages marked for instructors.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from courseware.build import build_course
from courseware.i18n import messages
from courseware.load import LoadedCourse, load_course
from courseware.model import Lesson
from courseware.model.blocks import ActivityBlock, TextBlock
from courseware.render.epub import render_epub
from courseware.render.html import render_site
from courseware.render.instructor import lesson_plan

SAMPLE = Path(__file__).resolve().parents[2] / "courses" / "aldeas-digitales"
PACKAGES = ("scorm12", "scorm2004", "cmi5", "imscc", "web")


@pytest.fixture(scope="module")
def loaded() -> LoadedCourse:
    return load_course(SAMPLE)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build_course(SAMPLE, out, ["html", "instructor", "quiz", "packages"])
    return out / "aldeas-digitales"


def needles(loaded: LoadedCourse) -> list[str]:
    """A telling piece of each note: its longest run of plain ASCII words (it reads the
    same in HTML, XML and JSON, escaped or not)."""
    found = []
    for lesson in loaded.course.lessons():
        for block in lesson.blocks:
            if block.instructor_notes:
                runs = re.findall(r"[A-Za-z][A-Za-z ]+[A-Za-z]", block.instructor_notes)
                found.append(max(runs, key=len))
    return found


def texts(files: dict[str, bytes]) -> dict[str, str]:
    """Every file as text, and every file inside a zip (packages, EPUB) as well."""
    out: dict[str, str] = {}
    for name, data in files.items():
        if name.endswith((".zip", ".epub")):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                inner = {f"{name}!{n}": archive.read(n) for n in archive.namelist()}
            out.update(texts(inner))
        else:
            out[name] = data.decode("utf-8", errors="replace")
    return out


def folder(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in path.rglob("*") if p.is_file()}


def test_the_sample_has_notes_worth_looking_for(loaded: LoadedCourse) -> None:
    found = needles(loaded)
    assert len(found) >= 20 and all(len(n) >= 15 for n in found), found


def test_no_learner_output_holds_a_note(loaded: LoadedCourse, dist: Path) -> None:
    learner = {f"html/{k}": v for k, v in folder(dist / "html").items()}
    learner |= {f"packages/{k}": v for k, v in folder(dist / "packages").items()}
    learner |= render_epub(loaded)[0]
    assert {f"packages/aldeas-digitales-{kind}.zip" for kind in PACKAGES} <= set(learner)
    opened = texts(learner)
    for needle in needles(loaded):
        leaks = [name for name, text in opened.items() if needle in text]
        assert not leaks, f"{needle!r} reached {leaks}"
    assert not [name for name, text in opened.items() if "cw-instructor-notes" in text]


def test_the_instructor_view_shows_every_note_marked_for_instructors(
    loaded: LoadedCourse, dist: Path
) -> None:
    view = texts(folder(dist / "instructor"))
    pages = {name: text for name, text in view.items() if name.endswith(".html")}
    assert set(pages) == {n for n in texts(folder(dist / "html")) if n.endswith(".html")}
    everything = "\n".join(pages.values())
    assert all(needle in everything for needle in needles(loaded))
    assert everything.count('class="cw-instructor-notes"') == len(needles(loaded))
    for name, page in pages.items():
        assert '<meta name="robots" content="noindex, nofollow">' in page, name
        assert "Vista para instructores" in page, name  # the course is in Spanish
    assert view["robots.txt"] == "User-agent: *\nDisallow: /\n"


def test_the_instructor_view_is_an_output_to_choose(tmp_path: Path) -> None:
    course = tmp_path / "c"
    shutil.copytree(SAMPLE, course)
    text = (SAMPLE / "course.yaml").read_text(encoding="utf-8")
    (course / "course.yaml").write_text("outputs:\n  build: [html]\n" + text, encoding="utf-8")
    build_course(course, tmp_path / "dist")
    assert sorted(p.name for p in (tmp_path / "dist" / "aldeas-digitales").iterdir()) == ["html"]


def test_workers_draw_the_same_instructor_view(loaded: LoadedCourse) -> None:
    alone = render_site(loaded, instructor=True)
    shared = render_site(loaded, instructor=True, jobs=2, parallel_from=1)
    assert shared == alone
    assert alone != render_site(loaded)


def lesson(duration: int | None, *minutes: int | None) -> Lesson:
    blocks: list[object] = [TextBlock(type="text", body="Hola")]
    blocks += [
        ActivityBlock(type="activity", title=f"A{m}", instructions="Haz.", duration=m)
        for m in minutes
    ]
    return Lesson.model_validate({"id": "l", "title": "L", "duration": duration, "blocks": blocks})


def test_the_timing_plan_adds_up_as_the_guide_does() -> None:
    ui = messages("es")
    plan = lesson_plan(lesson(50, 30, None, 10), ui)
    assert [(r.number, r.kind, r.title, r.minutes) for r in plan.rows] == [
        (2, "Actividad", "A30", 30),
        (4, "Actividad", "A10", 10),
    ]
    assert (plan.open_minutes, plan.total) == (10, 50)
    assert lesson_plan(lesson(20, 30), ui).open_minutes == 0  # never below nothing
    assert (lesson_plan(lesson(None, 15), ui).total, lesson_plan(lesson(None), ui).total) == (
        15,
        None,
    )


def test_the_instructor_pages_are_valid_html_and_accessible(dist: Path) -> None:
    from tests.validators import axe_check, nu_check

    view = dist / "instructor"
    pages = ["index.html", "aldeas-taobao.html", "transmision-en-vivo.html"]
    assert nu_check([view / page for page in pages]) == []
    tags = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
    report = axe_check(view, pages, tags=tags, min_impact="minor")
    assert report["failing"] == []
