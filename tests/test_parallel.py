"""The parallel seam: results in order, errors raised here, no worker outlives its build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from courseware.errors import CoursewareError, Issue
from courseware.i18n import says, speaking
from courseware.parallel import Workers, run_in_processes, start_method, workers_for

REPO = Path(__file__).resolve().parents[1]


def _square(value: int) -> int:
    return value * value


def _refuse(value: int) -> int:
    if value == 3:
        raise CoursewareError(Issue("error", f"item {value} refused", code="test"))
    return value


_offset = 0


def _set_offset(value: int) -> None:
    global _offset
    _offset = value


def _shifted(value: int) -> int:
    return value + _offset


def _worded(key: str) -> str:
    return says(key)


def test_workers_speak_the_callers_language() -> None:
    """A diagnostic worded in a worker is in the instructor's language, as it is here."""
    key = "check.what.image"
    with speaking("es-MX"):
        here = says(key)
        assert run_in_processes(_worded, [key, key], 2) == [here, here]
    assert here != says(key)  # Spanish there, English outside the block
    assert run_in_processes(_worded, [key], 2) == [says(key)]


def test_results_come_in_the_order_of_the_items() -> None:
    assert run_in_processes(_square, list(range(7)), 2) == [0, 1, 4, 9, 16, 25, 36]


def test_each_worker_is_set_up_once_by_the_initializer() -> None:
    assert run_in_processes(_shifted, [1, 2, 3], 2, _set_offset, (10,)) == [11, 12, 13]


def test_a_course_error_in_a_worker_is_raised_here_whole() -> None:
    with pytest.raises(CoursewareError) as caught:
        run_in_processes(_refuse, [1, 2, 3, 4], 2)
    assert [i.message for i in caught.value.issues] == ["item 3 refused"]


def _pid(value: int) -> int:
    return os.getpid()


METHODS = [
    m for m in ("forkserver", "spawn") if m in __import__("multiprocessing").get_all_start_methods()
]
"""The start methods the seam uses: the fork server here, spawn on Windows (tried here too)."""


@pytest.mark.parametrize("method", METHODS)
def test_workers_started_early_serve_every_map_of_their_block(method: str) -> None:
    """A build starts its workers before its outputs; each map still gets its own set-up,
    its items in order and the caller's language, and an error in one map spoils none after."""
    key = "check.what.image"
    with Workers(2, method) as workers:
        workers.start(["courseware.render.html"], _warm_worker)
        assert run_in_processes(_shifted, [1, 2, 3], 2, _set_offset, (10,)) == [11, 12, 13]
        with pytest.raises(CoursewareError):
            workers.map(_refuse, [1, 2, 3, 4])
        assert workers.map(_shifted, [1, 2], _set_offset, (20,)) == [21, 22]
        with speaking("es-MX"):
            assert workers.map(_worded, [key, key]) == [says(key)] * 2
        assert workers.map(_square, list(range(5))) == [0, 1, 4, 9, 16]


def _warm_worker() -> None:
    global _offset
    _offset = -1000  # what a map's own set-up replaces


@pytest.mark.parametrize("method", METHODS)
def test_no_worker_outlives_its_block_even_when_it_ends_by_an_error(method: str) -> None:
    seen: list[int] = []
    with pytest.raises(RuntimeError), Workers(2, method) as workers:
        workers.start()
        seen += workers.map(_pid, [1, 2, 3, 4])
        raise RuntimeError("the build failed")
    assert seen and os.getpid() not in seen
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in seen) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in seen if _alive(pid)] == []


def _litter(value: int) -> str:
    folder = tempfile.mkdtemp()  # never removed here, as a library may leave it
    Path(folder, "font.ttf").write_bytes(b"x")
    return folder


@pytest.mark.parametrize("method", METHODS)
def test_workers_leave_no_temporary_files_behind(method: str) -> None:
    with Workers(2, method) as workers:
        left = workers.map(_litter, [1, 2, 3])
    assert left and not any(Path(folder).exists() for folder in left)


def test_a_block_whose_workers_were_never_needed_ends_at_once() -> None:
    with Workers(2) as workers:
        assert workers.count == 2
    assert run_in_processes(_square, [3], 2) == [9]


def test_workers_never_start_by_a_plain_fork() -> None:
    assert start_method() in ("forkserver", "spawn")


def test_jobs_mean_processes_at_once() -> None:
    assert workers_for(3) == 3 and workers_for(0) == 1 and workers_for(None) >= 1


KILLED_PARENT = """
import os, sys, time
from pathlib import Path
from courseware.parallel import Workers, run_in_processes

def work(folder: str) -> None:
    Path(folder, str(os.getpid())).write_text("")
    time.sleep(120)

if __name__ == "__main__":
    if sys.argv[2] == "early":  # as a build that starts its workers before its outputs
        with Workers(2) as workers:
            workers.start(["weasyprint"])
            run_in_processes(work, [sys.argv[1]] * 2, 2)
    run_in_processes(work, [sys.argv[1]] * 2, 2)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 and process ids as on POSIX")
@pytest.mark.parametrize("start", ["early", "when-needed"])
def test_workers_end_when_their_build_is_killed(tmp_path: Path, start: str) -> None:
    script = tmp_path / "parent.py"
    script.write_text(textwrap.dedent(KILLED_PARENT), encoding="utf-8")
    seen = tmp_path / "workers"
    seen.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    parent = subprocess.Popen([sys.executable, str(script), str(seen), start], env=env)
    deadline = time.monotonic() + 60
    while len(list(seen.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = [int(p.name) for p in seen.iterdir()]
    assert len(workers) == 2
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=30)
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in workers if _alive(pid)] == []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return _state(pid) not in ("Z", "X")  # a zombie has ended; its parent reaps it later


def _state(pid: int) -> str:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[0]
