"""Quiz exports and packages made by forked workers are byte for byte those of one process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from courseware import background, export, package
from courseware.background import can_fork, fork_map
from courseware.build import BuildSettings, build_course
from courseware.errors import CoursewareError, Issue

SAMPLE = Path(__file__).resolve().parents[1] / "courses" / "aldeas-digitales"

pytestmark = pytest.mark.skipif(not can_fork(), reason="workers are forked (Linux)")


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".courseware" not in p.parts
    }


def test_quiz_and_packages_in_workers_are_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "PARALLEL_BANKS", 1)
    monkeypatch.setattr(package, "PARALLEL_FILES", 1)
    formats = ["html", "quiz", "packages"]
    build_course(SAMPLE, tmp_path / "one", formats, settings=BuildSettings(jobs=1))
    build_course(SAMPLE, tmp_path / "two", formats, settings=BuildSettings(jobs=2))
    one, two = _tree(tmp_path / "one"), _tree(tmp_path / "two")
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    assert any(name.endswith(".zip") for name in one)
    assert any(name.startswith("aldeas-digitales/quiz/gift/") for name in one)


def _fail_at(index: int) -> int:
    if index in (2, 3):
        raise CoursewareError(Issue("error", f"falla {index}", code="test"))
    return index


def _bug(index: int) -> int:
    raise KeyError(index)


PARENT = os.getpid()


def _dies_in_a_worker(index: int) -> int:
    if os.getpid() != PARENT:
        os._exit(9)  # as if killed (out of memory)
    return index + 1


def test_fork_map_keeps_order_and_raises_the_first_error() -> None:
    assert fork_map(lambda i: i * i, 5, 2) == [0, 1, 4, 9, 16]
    with pytest.raises(CoursewareError, match="falla 2"):
        fork_map(_fail_at, 5, 2)
    with pytest.raises(RuntimeError, match="KeyError"):
        fork_map(_bug, 3, 2)  # a bug comes back with the worker's traceback
    assert background._TASK is None


def test_fork_map_outlives_a_dead_worker() -> None:
    assert fork_map(_dies_in_a_worker, 4, 2) == [1, 2, 3, 4]
    assert background._TASK is None
