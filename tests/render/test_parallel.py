"""Pages drawn by worker processes are the pages a single process draws."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from courseware.errors import CoursewareError
from courseware.incremental import UnitCache
from courseware.load import LoadedCourse, load_course
from courseware.render.html import render_site

from .conftest import COURSE_DIR, SAMPLE_COURSE


@pytest.mark.parametrize("course", [COURSE_DIR, SAMPLE_COURSE], ids=["test", "sample"])
def test_workers_draw_the_same_bytes(course: Path) -> None:
    loaded = load_course(course)
    alone = render_site(loaded, jobs=1)
    shared = render_site(loaded, jobs=2, parallel_from=1)
    assert list(shared) == list(alone)
    assert [name for name in alone if shared[name] != alone[name]] == []
    # The media a worker's pages use are published by the parent too.
    assert any(name.startswith("media/") for name in shared)


def test_workers_fill_the_cache(loaded: LoadedCourse) -> None:
    cache = UnitCache()
    first = render_site(loaded, jobs=2, cache=cache, parallel_from=1)
    rendered, reused = cache.log("html") or ([], [])
    assert rendered and not reused
    again = cache.successor()
    assert render_site(loaded, jobs=2, cache=again, parallel_from=1) == first
    rendered, reused = again.log("html") or ([], [])
    assert rendered == [] and reused == sorted(n for n in first if n.endswith(".html"))


def test_an_error_in_a_worker_is_the_serial_error(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(COURSE_DIR, root)
    loaded = load_course(root)
    # A link to a source file, made after the checks (which now refuse it) ran.
    for block in (b for lesson in loaded.course.lessons() for b in lesson.blocks):
        body = getattr(block, "body", None)
        if isinstance(body, str) and "(media/guia-ficha.txt)" in body:
            block.body = body.replace("(media/guia-ficha.txt)", "(banks/repaso.yaml)")
    with pytest.raises(CoursewareError) as serial:
        render_site(loaded, jobs=1)
    with pytest.raises(CoursewareError) as shared:
        render_site(loaded, jobs=2, parallel_from=1)
    assert "instructor notes" in str(shared.value)
    assert [i.format() for i in shared.value.issues] == [i.format() for i in serial.value.issues]
