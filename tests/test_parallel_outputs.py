"""Quiz exports and packages made by forked workers are byte for byte those of one process."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
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


def _forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The process ids of the children forked from now on."""
    pids: list[int] = []
    fork = os.fork

    def recorded() -> int:
        pid = fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recorded)
    return pids


def _gone(pid: int) -> bool:
    """True once a child has ended and been waited for (a zombie still answers)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_fork_map_keeps_order_and_raises_the_first_error(monkeypatch: pytest.MonkeyPatch) -> None:
    pids = _forks(monkeypatch)
    assert fork_map(lambda i: i * i, 5, 2) == [0, 1, 4, 9, 16]
    with pytest.raises(CoursewareError, match="falla 2"):
        fork_map(_fail_at, 5, 2)
    with pytest.raises(RuntimeError, match="KeyError"):
        fork_map(_bug, 3, 2)  # a bug comes back with the worker's traceback
    assert len(pids) == 6 and all(_gone(pid) for pid in pids)  # none left behind


def test_fork_map_outlives_a_dead_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    pids = _forks(monkeypatch)
    assert fork_map(_dies_in_a_worker, 4, 2) == [1, 2, 3, 4]
    assert len(pids) == 2 and all(_gone(pid) for pid in pids)


def test_fork_map_items_are_not_handed_out_by_this_process(tmp_path: Path) -> None:
    """The workers go on while this process holds the interpreter (a long call in C)."""
    import time

    busy_over = tmp_path / "busy-over"

    def item(index: int) -> bool:
        time.sleep(0.02)
        return busy_over.exists()  # was this item done while this process was busy?

    collect = background.start_fork_map(item, 8, 2)
    # This thread now keeps the interpreter for a second without a break, as pydantic
    # does while it builds its model classes: a pool that hands items out from a thread
    # of this process gives out no more than its first few until then.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(5.0)
    try:
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            pass
    finally:
        sys.setswitchinterval(interval)
    busy_over.touch()
    assert collect() == [False] * 8


def _recorder(seen: list[tuple[int, int]]) -> Callable[[int, int], None]:
    return lambda index, result: seen.append((index, result))


def test_fork_map_hands_each_result_over_in_order_as_it_comes() -> None:
    for jobs in (1, 2):
        seen: list[tuple[int, int]] = []
        squares = fork_map(lambda i: i * i, 6, jobs, each=_recorder(seen))
        assert squares == [0, 1, 4, 9, 16, 25]
        assert seen == [(i, i * i) for i in range(6)]
    # Results already handed over are not worked out again when a worker dies.
    seen = []
    assert fork_map(_dies_in_a_worker, 4, 2, each=_recorder(seen)) == [1, 2, 3, 4]
    assert seen == [(0, 1), (1, 2), (2, 3), (3, 4)]
    # Up to the first error, in order.
    seen = []
    with pytest.raises(CoursewareError, match="falla 2"):
        fork_map(_fail_at, 5, 2, each=_recorder(seen))
    assert seen == [(0, 0), (1, 1)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_pages_are_handed_over_as_they_are_drawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    from courseware.incremental import open_cache
    from courseware.load import load_course
    from courseware.render import html

    monkeypatch.setattr(html, "PARALLEL_PAGES", 2)
    monkeypatch.setattr(html, "PAGES_PER_RUN", 1)
    loaded = load_course(SAMPLE)
    emitted: list[tuple[str, bytes]] = []
    cache = open_cache(SAMPLE, tmp_path, read=False)
    site = html.render_site(
        loaded, cache=cache, jobs=jobs, emit=lambda p, d: emitted.append((p, d))
    )
    pages = sorted(p for p in site if p.endswith(".html"))
    assert len(pages) > 5
    # Every page, once, with its bytes, in the order they are listed; no asset or media file.
    assert sorted(p for p, _ in emitted) == pages
    assert len(emitted) == len(pages)
    assert all(site[p] == d for p, d in emitted)
    # Pages taken from the cache were written before: they are not handed over again.
    cache.save()
    again: list[str] = []
    html.render_site(
        loaded, cache=open_cache(SAMPLE, tmp_path), jobs=jobs, emit=lambda p, d: again.append(p)
    )
    assert again == []


def _slow_pid(index: int) -> tuple[int, int]:
    import time

    time.sleep(0.01)
    return index, os.getpid()


_SIGNS: dict[str, tuple[int, int]] = {}


def _met_pid(index: int) -> tuple[int, int]:
    """Each side signs, then waits (up to 30 s) for the other's sign: both take an item."""
    import select

    mine, theirs = ("parent", "worker") if os.getpid() == PARENT else ("worker", "parent")
    os.write(_SIGNS[mine][1], b"x")
    select.select([_SIGNS[theirs][0]], [], [], 30)
    return index, os.getpid()


def test_this_process_can_help_its_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    pids = _forks(monkeypatch)
    _SIGNS.update(parent=os.pipe(), worker=os.pipe())
    try:
        done = fork_map(_met_pid, 12, 2, helping=True)
    finally:
        for fd in (*_SIGNS.pop("parent"), *_SIGNS.pop("worker")):
            os.close(fd)
    assert [index for index, _ in done] == list(range(12))
    assert len(pids) == 1  # two jobs: one worker and this process
    assert {pid for _, pid in done} == {os.getpid(), pids[0]}
    seen: list[tuple[int, int]] = []
    with pytest.raises(CoursewareError, match="falla 2"):
        fork_map(_fail_at, 5, 2, each=_recorder(seen), helping=True)
    assert seen == [(0, 0), (1, 1)]
    assert fork_map(_dies_in_a_worker, 4, 2, helping=True) == [1, 2, 3, 4]
    assert fork_map(_slow_pid, 3, 1, helping=True) == [(i, os.getpid()) for i in range(3)]
    assert all(_gone(pid) for pid in pids)


def test_fork_map_calls_first_while_its_workers_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    started = tmp_path / "worker-started"

    def item(index: int) -> int:
        if os.getpid() != PARENT:
            started.touch()
        return index * 2

    def first() -> None:
        deadline = time.monotonic() + 30
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        calls.append(started.exists())

    for helping in (False, True):
        calls: list[bool] = []
        assert fork_map(item, 6, 2, helping=helping, first=first) == [0, 2, 4, 6, 8, 10]
        assert calls == [True]  # once, and a worker was at work meanwhile
        started.unlink()
    calls = []
    assert fork_map(item, 3, 1, first=lambda: calls.append(True)) == [0, 2, 4]
    assert calls == [True]  # without workers: first, then the items here


def _refuse() -> None:
    raise CoursewareError(Issue("error", "no pasa", code="test"))


def test_fork_map_stops_its_workers_when_first_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    pids = _forks(monkeypatch)
    ran_here: list[int] = []

    def item(index: int) -> int:
        if os.getpid() == PARENT:
            ran_here.append(index)
        time.sleep(5)  # far longer than the test waits
        return index

    began = time.monotonic()
    for helping in (False, True):
        with pytest.raises(CoursewareError, match="no pasa"):
            fork_map(item, 4, 2, helping=helping, first=_refuse)
    assert time.monotonic() - began < 5  # nobody waited for an item
    assert ran_here == [] and len(pids) == 3 and all(_gone(pid) for pid in pids)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_checks_the_course_while_its_pages_are_drawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    from courseware.render import html

    monkeypatch.setattr(html, "PARALLEL_PAGES", 1)
    root = tmp_path / "curso"
    shutil.copytree(SAMPLE, root)
    out = tmp_path / "dist"
    build_course(root, out, ["html"], settings=BuildSettings(jobs=jobs))
    before = _tree(out)
    first, second = (
        root / "lessons" / "01-aldeas-taobao.yaml",
        root / "lessons" / "02-aldea-de-las-perlas.yaml",
    )
    # Two lessons of one id: drawn unchecked, the pages' anchors no longer add up (the
    # renderer raises ValueError), and the image that is missing fails a worker too.
    first.write_text(
        first.read_text(encoding="utf-8").replace("media/modelo-aldea-taobao.svg", "media/no.svg"),
        encoding="utf-8",
    )
    second.write_text(
        second.read_text(encoding="utf-8").replace("id: aldea-de-las-perlas", "id: aldeas-taobao"),
        encoding="utf-8",
    )
    with pytest.raises(CoursewareError) as caught:
        build_course(root, out, ["html"], settings=BuildSettings(jobs=jobs))
    errors = [i.format() for i in caught.value.issues if i.severity == "error"]
    assert [e.split(": error: ")[1].split(" (")[0] for e in errors] == [
        "duplicate lesson id 'aldeas-taobao'",
        "image 'media/no.svg' not found",
    ]
    assert errors[0].startswith(f"{second}:2:5:") and errors[1].startswith(f"{first}:42:10:")
    assert _tree(out) == before  # the last good build is still there, whole
