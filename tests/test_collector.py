"""The garbage collector's pace during a build: seldom inside, as it was after."""

from __future__ import annotations

import filecmp
import gc
import shutil
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from courseware.build import build_course
from courseware.collector import BUILD_THRESHOLD, rare_collections
from courseware.errors import CoursewareError

SAMPLE = Path(__file__).resolve().parents[1] / "courses" / "aldeas-digitales"


@pytest.fixture(autouse=True)
def collector_as_found() -> Iterator[None]:
    """Each test starts from the usual pace and leaves the collector as it found it."""
    before, enabled = gc.get_threshold(), gc.isenabled()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)
    (gc.enable if enabled else gc.disable)()


def test_collections_are_rare_inside_and_as_before_after() -> None:
    with rare_collections():
        assert gc.get_threshold() == (BUILD_THRESHOLD, 10, 10)
        assert gc.isenabled()
    assert gc.get_threshold() == (700, 10, 10)


def test_thresholds_come_back_after_an_error() -> None:
    with pytest.raises(ZeroDivisionError), rare_collections():
        _ = 1 / 0
    assert gc.get_threshold() == (700, 10, 10)


def test_never_more_often_than_before_and_off_stays_off() -> None:
    gc.set_threshold(BUILD_THRESHOLD * 2, 5, 5)
    with rare_collections():
        assert gc.get_threshold() == (BUILD_THRESHOLD * 2, 5, 5)
    gc.set_threshold(0, 10, 10)
    with rare_collections():
        assert gc.get_threshold()[0] == 0
    gc.set_threshold(700, 10, 10)
    gc.disable()
    with rare_collections():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_overlapping_blocks_restore_the_pace_when_the_last_ends() -> None:
    first, second = rare_collections(), rare_collections()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # a build ends while another goes on
    assert gc.get_threshold() == (BUILD_THRESHOLD, 10, 10)
    second.__exit__(None, None, None)
    assert gc.get_threshold() == (700, 10, 10)


def test_cycles_are_still_collected_inside() -> None:
    class Node:
        def __init__(self) -> None:
            self.me = self

    with rare_collections(threshold=1000):
        gone = weakref.ref(Node())
        kept = [[] for _ in range(3000)]  # new objects enough for a collection
        assert gone() is None
        assert len(kept) == 3000


def test_a_build_and_a_failed_build_leave_the_pace_as_it_was(tmp_path: Path) -> None:
    build_course(SAMPLE, tmp_path / "out", ["html"])
    assert gc.get_threshold() == (700, 10, 10)
    broken = tmp_path / "broken"
    shutil.copytree(SAMPLE, broken)
    (broken / "course.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(CoursewareError):
        build_course(broken, tmp_path / "out2", ["html"])
    assert gc.get_threshold() == (700, 10, 10)


def test_the_same_bytes_at_either_pace(tmp_path: Path) -> None:
    rare = build_course(SAMPLE, tmp_path / "rare", ["html"], reuse=False).path
    without = build_course.__wrapped__  # type: ignore[attr-defined]
    usual = without(SAMPLE, tmp_path / "usual", ["html"], reuse=False).path
    assert _differences(filecmp.dircmp(rare, usual)) == []
    assert any(usual.rglob("*.html"))


def _differences(compared: filecmp.dircmp[str]) -> list[str]:
    _, mismatch, errors = filecmp.cmpfiles(
        compared.left, compared.right, compared.common_files, shallow=False
    )
    found = [*mismatch, *errors, *compared.left_only, *compared.right_only]
    for sub in compared.subdirs.values():
        found += _differences(sub)
    return found
