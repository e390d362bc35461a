"""Files parsed by forked workers come back as the same documents, errors in place."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from courseware.background import can_fork, start_fork_map
from courseware.errors import CoursewareError
from courseware.load import load_course
from courseware.load import yaml as course_yaml
from courseware.load.yaml import read_yaml_files

SAMPLE = Path(__file__).resolve().parents[2] / "courses" / "aldeas-digitales"

pytestmark = pytest.mark.skipif(not can_fork(), reason="workers are forked (Linux)")


@pytest.fixture
def always_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(course_yaml, "PARALLEL_FILES", 1)


@pytest.mark.usefixtures("always_parallel")
def test_workers_read_what_one_process_reads(tmp_path: Path) -> None:
    paths = sorted(SAMPLE.rglob("*.yaml"))
    broken = tmp_path / "roto.yaml"
    broken.write_text("a: [1, 2\n", encoding="utf-8")
    paths.insert(3, broken)
    alone = read_yaml_files(paths, jobs=1)
    shared = read_yaml_files(paths, jobs=2)
    assert len(shared) == len(alone) == len(paths)
    for one, other in zip(alone, shared, strict=True):
        if isinstance(one, CoursewareError):
            assert isinstance(other, CoursewareError)
            assert [i.format() for i in other.issues] == [i.format() for i in one.issues]
            continue
        assert not isinstance(other, CoursewareError)
        assert other.path == one.path and other.data == one.data
        assert other.positions.file == one.positions.file
        assert other.positions.values == one.positions.values
        assert other.positions.keys == one.positions.keys
    assert isinstance(shared[3], CoursewareError)
    assert "roto.yaml:2:1: error: YAML syntax error" in str(shared[3])


@pytest.mark.usefixtures("always_parallel")
def test_a_course_loaded_by_workers_reports_problems_in_order(tmp_path: Path) -> None:
    root = tmp_path / "curso"
    shutil.copytree(SAMPLE, root)
    lessons = sorted((root / "lessons").glob("*.yaml"))
    lessons[0].write_text("title: [sin cerrar\n", encoding="utf-8")
    lessons[-1].write_text("- una lista\n", encoding="utf-8")
    with pytest.raises(CoursewareError) as serial:
        load_course(root, jobs=1)
    with pytest.raises(CoursewareError) as forked:
        load_course(root, jobs=2)
    assert [i.format() for i in forked.value.issues] == [i.format() for i in serial.value.issues]
    assert len(forked.value.issues) >= 2
    assert load_course(SAMPLE, jobs=2).course == load_course(SAMPLE, jobs=1).course


@pytest.mark.usefixtures("always_parallel")
def test_workers_reuse_the_stored_parses_and_parse_only_what_changed(tmp_path: Path) -> None:
    from courseware.incremental import UnitCache

    root = tmp_path / "curso"
    shutil.copytree(SAMPLE, root)
    paths = sorted(root.rglob("*.yaml"))
    first = UnitCache(tmp_path / "units")
    cold = read_yaml_files(paths, jobs=2, cache=first)
    first.save()
    assert first.log("yaml") == (sorted(str(p) for p in paths), [])
    edited = paths[2]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# editado\n", encoding="utf-8")
    warm = UnitCache(tmp_path / "units")
    again = read_yaml_files(paths, jobs=2, cache=warm)
    assert warm.log("yaml") == ([str(edited)], sorted(str(p) for p in paths if p != edited))
    for one, other in zip(cold, again, strict=True):
        assert not isinstance(one, CoursewareError) and not isinstance(other, CoursewareError)
        assert other.data == one.data and other.positions.values == one.positions.values
        assert other.positions.keys == one.positions.keys and other.path == one.path


@pytest.mark.usefixtures("always_parallel")
def test_places_from_workers_stay_packed_until_a_span_is_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Only the workers read here: on a slow machine this process could otherwise read
    # every run itself before a worker starts, and its own places are never packed.
    def workers_only(*args: Any, **kwargs: Any) -> Callable[[], list[Any]]:
        return start_fork_map(*args, **{**kwargs, "helping": False})

    monkeypatch.setattr(course_yaml, "start_fork_map", workers_only)
    serial = load_course(SAMPLE, jobs=1, lint=False)
    forked = load_course(SAMPLE, jobs=2, lint=False)
    lessons = forked.course.lessons()
    packed = [les for les in lessons if les.__dict__["_where"][0]._places is None]
    assert packed  # nobody needed their places yet
    for one, other in zip(serial.course.lessons(), lessons, strict=True):
        assert other.span == one.span and other.field_span("title") == one.field_span("title")
        block = other.blocks[-1]
        assert block.span == one.blocks[-1].span
    assert all(les.__dict__["_where"][0]._places is not None for les in lessons)
