"""Work done in a forked child comes back whole: results, errors, and a child that dies."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from courseware.background import Background, can_fork
from courseware.build import BuildSettings, build_course
from courseware.errors import CoursewareError, Issue
from courseware.load import load_course

WARNED = Path(__file__).resolve().parent / "render" / "testdata" / "curso-prueba"
"""A course with teaching warnings (the sample course has none)."""

pytestmark = pytest.mark.skipif(not can_fork(), reason="children are forked (Linux)")


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value * 2


def _fails() -> None:
    raise CoursewareError(Issue("error", "no se pudo", code="test"))


def _dies() -> int:
    if os.getpid() != PARENT:
        os._exit(3)  # a child killed before it answers
    return 7


PARENT = os.getpid()


def test_the_result_is_computed_in_a_child() -> None:
    pid, doubled = Background(_pid_and, 21).result()
    assert doubled == 42 and pid != os.getpid()
    pid, _ = Background(_pid_and, 1, fork=False).result()
    assert pid == os.getpid()


def test_an_error_is_raised_in_the_parent() -> None:
    with pytest.raises(CoursewareError, match="no se pudo"):
        Background(_fails).result()


def test_a_dead_child_is_replaced_by_a_call_here() -> None:
    assert Background(_dies).result() == 7


def test_background_teaching_warnings_are_the_inline_ones(tmp_path: Path) -> None:
    inline = load_course(WARNED).warnings
    assert inline and load_course(WARNED, lint=False).warnings == []
    loaded = load_course(WARNED, lint="background")
    assert loaded.teaching is not None
    assert [*loaded.warnings, *loaded.teaching.result()] == inline
    one = build_course(WARNED, tmp_path / "a", ["html"], settings=BuildSettings(jobs=1))
    two = build_course(WARNED, tmp_path / "b", ["html"], settings=BuildSettings(jobs=2))
    assert [i.format() for i in two.warnings] == [i.format() for i in one.warnings]
    assert [i.format() for i in one.warnings] == [i.format() for i in inline]


def test_a_started_map_runs_in_workers_while_this_process_goes_on(tmp_path: Path) -> None:
    from courseware.background import start_fork_map

    flag = tmp_path / "parent-went-on"

    def task(index: int) -> tuple[int, int, bool]:
        import time

        for _ in range(200):  # each worker waits for the parent's sign
            if flag.exists():
                break
            time.sleep(0.01)
        return os.getpid(), index * 3, flag.exists()

    collect = start_fork_map(task, 4, 2)
    flag.write_text("yes")  # only then may the workers answer
    results = collect()
    assert [value for _, value, _ in results] == [0, 3, 6, 9]
    assert all(seen for _, _, seen in results)
    assert {pid for pid, _, _ in results} != {os.getpid()}


def test_the_files_are_parsed_while_the_model_is_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from courseware.load import yaml as course_yaml

    monkeypatch.setattr(course_yaml, "PARALLEL_FILES", 1)
    paths = []
    for number in range(6):
        paths.append(tmp_path / f"l{number}.yaml")
        paths[-1].write_text(f"id: l{number}\n", encoding="utf-8")
    calls: list[int] = []
    for jobs in (1, 2):
        read = course_yaml.read_yaml_files(paths, jobs, meanwhile=lambda j=jobs: calls.append(j))
        assert [doc.data for doc in read if not isinstance(doc, CoursewareError)] == [
            {"id": f"l{n}"} for n in range(6)
        ]
    assert calls == [1, 2]


def test_frozen_heap_nests_and_hands_objects_back_at_the_outermost_end() -> None:
    import gc

    from courseware.background import frozen_heap

    assert gc.get_freeze_count() == 0
    with frozen_heap():
        outer = gc.get_freeze_count()
        assert outer > 0
        with frozen_heap():
            assert gc.get_freeze_count() >= outer
        assert gc.get_freeze_count() >= outer  # the inner end leaves the course frozen
    assert gc.get_freeze_count() == 0


def _niceness() -> int:
    return os.nice(0)


def test_a_child_can_yield_the_cores_to_the_build() -> None:
    here = os.nice(0)
    assert Background(_niceness).result() == here
    assert Background(_niceness, nice=5).result() == min(here + 5, 19)
    assert os.nice(0) == here  # the build itself keeps its priority


@pytest.mark.skipif(not can_fork(), reason="needs fork")
def test_a_child_whose_parent_died_does_not_wait_forever(tmp_path: Path) -> None:
    """A build killed while a child sends a large answer leaves no child behind."""
    import signal
    import subprocess
    import sys
    import time

    pid_file = tmp_path / "child.pid"
    script = (
        "import os, signal, time\n"
        "from courseware.background import Background\n"
        "def big():\n"
        "    time.sleep(0.5)\n"
        "    return 'x' * 4_000_000\n"  # far more than a pipe holds
        "job = Background(big)\n"
        f"open({str(pid_file)!r}, 'w').write(str(job.pid))\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", script], check=False)
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        with open(f"/proc/{child}/stat", encoding="ascii") as stat:
            if stat.read().rsplit(")", 1)[1].split()[0] == "Z":
                return  # ended; only its entry waits for a parent to read it
        time.sleep(0.1)
    os.kill(child, signal.SIGKILL)
    pytest.fail("the child still waits to send its answer to a dead parent")


def test_work_in_a_thread_returns_or_raises_when_waited_for() -> None:
    import threading

    from courseware.background import in_thread

    names: list[str] = []

    def record(value: int) -> int:
        names.append(threading.current_thread().name)
        return value * 2

    assert in_thread(record, 21)() == 42
    assert names and names[0] != threading.current_thread().name
    wait = in_thread(_fails)
    with pytest.raises(CoursewareError, match="no se pudo"):
        wait()
