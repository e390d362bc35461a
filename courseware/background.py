"""Work in forked processes: one function alongside the build (:class:`Background`), or
one function over many items (:func:`fork_map`). Linux only; elsewhere, the same calls
run in this process."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import gc
import os
import pickle
import select
import signal
import struct
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from typing import Any, Generic, NoReturn, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """True where a forked child starts with this process's memory cheaply (Linux)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def quiet_child() -> None:
    """In a forked child, first thing: standard output and error of its own (/dev/null).

    Why: another thread of the parent (the progress display) may hold the terminal
    stream's lock at the moment of the fork; a child that then flushed that stream, as
    every child does on exit, would wait forever. What children have to say they return.
    """
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (lives as long as the child)
    sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


_frozen_depth = 0


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """Keep the cyclic garbage collector off every object alive now, until the block ends.

    Why: a build holds the loaded course (hundreds of thousands of objects free of cycles)
    to the end; every collection that walks them is wasted work, and in a forked child it
    also copies the pages it touches. Reference counting still frees what is dropped.
    Blocks nest: only the outermost one hands the objects back to the collector.
    """
    global _frozen_depth
    gc.freeze()
    _frozen_depth += 1
    try:
        yield
    finally:
        _frozen_depth -= 1
        if _frozen_depth == 0:
            gc.unfreeze()


class Background(Generic[T]):
    """``function(*args)`` computed in a forked child (or, if ``fork`` is False, on demand).

    Why fork: the child starts with the loaded course in memory, so nothing but the
    (small) result is copied. A child that dies without answering is replaced by a call
    here, so a result is never lost.
    """

    def __init__(
        self, function: Callable[..., T], *args: Any, fork: bool = True, nice: int = 0
    ) -> None:
        self._function = function
        self._args = args
        self._pid: int | None = None
        self._receive: int | None = None
        if fork and can_fork():
            receive, send = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(receive)
                _in_child(lambda: _answer(send, function, args, nice))
            os.close(send)
            self._pid, self._receive = pid, receive

    @property
    def pid(self) -> int | None:
        """The child's process id (None when there is none)."""
        return self._pid

    def result(self) -> T:
        """What the function returned (its exception is raised here)."""
        if self._receive is None:
            return self._function(*self._args)
        try:
            data = _read_to_end(self._receive)
        finally:
            os.close(self._receive)
            self._receive = None
            _reap(self._pid)
            self._pid = None
        try:
            ok, value = pickle.loads(data)
        except Exception:  # the child died before it answered (killed, out of memory)
            ok, value = True, self._function(*self._args)
        if not ok:
            raise value
        result: T = value
        return result

    def cancel(self) -> None:
        """Stop the child if it still runs; its result is not wanted."""
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            _reap(self._pid)
            self._pid = None
        if self._receive is not None:
            os.close(self._receive)
            self._receive = None


def in_thread(function: Callable[..., T], *args: Any) -> Callable[[], T]:
    """``function(*args)`` started in a thread of this process; call the result to wait for
    it (its exception is raised then). For work to do while this process waits on others.
    """
    outcome: list[tuple[bool, Any]] = []

    def run() -> None:
        try:
            outcome.append((True, function(*args)))
        except BaseException as exc:  # raised in the caller's thread
            outcome.append((False, exc))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()

    def join() -> T:
        thread.join()
        ok, value = outcome[0]
        if not ok:
            raise value
        result: T = value
        return result

    return join


def fork_map(
    function: Callable[[int], T],
    count: int,
    jobs: int,
    each: Callable[[int, T], object] | None = None,
    *,
    helping: bool = False,
    first: Callable[[], object] | None = None,
) -> list[T]:
    """``[function(0), ..., function(count - 1)]``, spread over ``jobs`` forked workers.

    ``function`` may close over anything (the loaded course, rendered pages): the workers
    inherit it at the fork and only the results travel back, pickled. An exception is
    raised here, the one of the lowest index, as a loop in this process would. With one
    job, one item or no fork, it is that loop; an item whose worker died (killed, out of
    memory) is worked out here, rather than waited for. ``each(index, result)`` is called
    here as the results arrive, in index order, while later ones are worked on.

    ``helping``: this process is one of the ``jobs``, and works on items too whenever the
    next result it wants has not come yet (one fork fewer, and its results travel not).

    ``first`` is called here once the workers run, before anything else: if it raises, the
    workers are stopped and nothing more is worked out.
    """
    return start_fork_map(function, count, jobs, each, helping=helping, first=first)()


def start_fork_map(
    function: Callable[[int], T],
    count: int,
    jobs: int,
    each: Callable[[int, T], object] | None = None,
    *,
    helping: bool = False,
    first: Callable[[], object] | None = None,
) -> Callable[[], list[T]]:
    """:func:`fork_map` started: the workers run while this process goes on; call the
    result to wait for theirs. (In this process, without workers, the loop runs then.)
    ``first`` is called when the result is, before anything else."""
    results: list[T] = []

    def settle(index: int, value: T) -> None:
        results.append(value)
        if each is not None:
            each(index, value)

    def rest() -> list[T]:
        if first is not None:
            first()
        for index in range(len(results), count):
            settle(index, function(index))
        return results

    forks = min(jobs - 1 if helping else jobs, count)
    if jobs < 2 or forks < 1 or count < 2 or not can_fork():
        return rest
    workers = _Workers(function, count, forks)

    def collect() -> list[T]:
        done_here: dict[int, tuple[bool, Any]] = {}
        try:
            if first is not None:
                first()
            for index in range(count):
                payload = workers.answer(index, wait=not helping)
                while payload is _PENDING and index not in done_here:
                    item = workers.take()
                    if item is None:  # all handed out: wait for the answer
                        payload = workers.answer(index)
                        break
                    done_here[item] = _call(function, item)
                    payload = workers.answer(index, wait=False)
                if index in done_here:
                    ok, value = done_here.pop(index)
                elif payload is None or payload is _PENDING:  # its worker died on it
                    ok, value = True, function(index)
                else:
                    ok, value = pickle.loads(payload)
                if not ok:
                    raise value
                settle(index, value)
        finally:
            workers.close()
        return results

    return collect


def _call(function: Callable[[int], Any], index: int) -> tuple[bool, Any]:
    """(True, result) or (False, the exception): raised later, in index order."""
    try:
        return True, function(index)
    except Exception as exc:
        return False, exc


_PENDING = b"pending"
"""What :meth:`_Workers.answer` gives, not waiting, for an answer not here yet."""


_HEADER = struct.Struct("<IQ")
"""Before each answer of a worker: the item's index and the answer's length."""

_PIPE_BYTES = 1 << 20
"""What an answer pipe may hold (Linux lets any process ask for up to 1 MiB)."""


class _Workers:
    """Forked workers that take item numbers from one pipe, filled once, and answer through
    a pipe each, emptied by a thread of this process as the answers come.

    Why not a ``ProcessPoolExecutor``: it hands items out from a thread of this process,
    one at a time, and while this process ran a long call that kept the interpreter
    (pydantic building its model classes as the course files were parsed), both workers
    waited for their next item, 50 ms per build. Here a worker never waits for this
    process, unless it leaves a whole mebibyte of answers unread.
    """

    def __init__(self, function: Callable[[int], Any], count: int, jobs: int) -> None:
        self._answers: dict[int, bytes] = {}
        self._arrived = threading.Condition()
        self._finished = False
        items, table = os.pipe()
        pipes = [os.pipe() for _ in range(jobs)]
        self._pids: list[int] = []
        try:
            for k in range(jobs):
                _widen(pipes[k][1])
                pid = os.fork()
                if pid == 0:
                    os.close(table)
                    for j, (receive, send) in enumerate(pipes):
                        os.close(receive)
                        if j != k:
                            os.close(send)
                    _in_child(functools.partial(_work, function, items, pipes[k][1]))
                self._pids.append(pid)
        except BaseException:  # no fork (out of processes): none of it stays
            os.close(table)
            os.close(items)
            for pid in self._pids:
                os.kill(pid, signal.SIGKILL)
                _reap(pid)
            for receive, _ in pipes:
                os.close(receive)
            raise
        finally:
            for _, send in pipes:
                os.close(send)
        self._items: int | None = items
        receives = [receive for receive, _ in pipes]
        self._thread = threading.Thread(target=self._receive, args=(receives,), daemon=True)
        self._thread.start()
        try:
            # Written once the workers run: a table longer than a pipe holds is read
            # meanwhile. If every worker died, what is left is worked out here.
            _write_all(table, b"".join(i.to_bytes(4, "little") for i in range(count)))
        except BrokenPipeError:
            pass
        finally:
            os.close(table)

    def answer(self, index: int, wait: bool = True) -> bytes | None:
        """The pickled answer for item ``index``; None if it will never come. Not waiting,
        :data:`_PENDING` if it has not come yet."""
        with self._arrived:
            while index not in self._answers and not self._finished:
                if not wait:
                    return _PENDING
                self._arrived.wait()
            return self._answers.pop(index, None)

    def take(self) -> int | None:
        """An item no worker has started, now this process's to work on; None if none."""
        if self._items is None:
            return None
        number = os.read(self._items, 4)  # never waits: the table is written whole
        if len(number) < 4:
            os.close(self._items)
            self._items = None
            return None
        return int.from_bytes(number, "little")

    def close(self) -> None:
        """Stop the workers still running (after an error) and wait for all of them."""
        if self._items is not None:
            os.close(self._items)
            self._items = None
        if not self._finished:
            for pid in self._pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        for pid in self._pids:
            _reap(pid)
        self._thread.join()

    def _receive(self, receives: list[int]) -> None:
        """Take the answers from the workers' pipes until every worker has closed its own."""
        poller = select.poll()
        pending: dict[int, bytearray] = {}
        for fd in receives:
            poller.register(fd, select.POLLIN)
            pending[fd] = bytearray()
        try:
            while pending:
                for fd, _ in poller.poll():
                    chunk = os.read(fd, _PIPE_BYTES)
                    if not chunk:
                        poller.unregister(fd)
                        os.close(fd)
                        del pending[fd]
                        continue
                    buffer = pending[fd]
                    buffer += chunk
                    while len(buffer) >= _HEADER.size:
                        index, size = _HEADER.unpack_from(buffer)
                        end = _HEADER.size + size
                        if len(buffer) < end:
                            break
                        with self._arrived:
                            self._answers[index] = bytes(buffer[_HEADER.size : end])
                            self._arrived.notify()
                        del buffer[:end]
        finally:
            for fd in pending:
                os.close(fd)
            with self._arrived:
                self._finished = True
                self._arrived.notify()


def _work(function: Callable[[int], Any], items: int, send: int) -> None:
    """A worker: the next item number from the pipe, its answer, until none is left."""
    while len(number := os.read(items, 4)) == 4:
        index = int.from_bytes(number, "little")
        try:
            answer: tuple[bool, Any] = (True, function(index))
        except Exception as exc:  # raised in the parent, in index order
            answer = (False, _portable(exc))
        payload = _dumps(answer)
        _write_all(send, _HEADER.pack(index, len(payload)))
        _write_all(send, payload)


def _answer(send: int, function: Callable[..., Any], args: tuple[Any, ...], nice: int) -> None:
    """A background child: the function's result or exception, sent whole."""
    if nice:
        os.nice(nice)
    try:
        value = (True, function(*args))
    except BaseException as exc:  # sent back and raised in the parent
        value = (False, _portable(exc))
    _write_all(send, _dumps(value))


def _in_child(work: Callable[[], object]) -> NoReturn:
    """Run ``work`` in a freshly forked child, then end it at once, whatever happens.

    If the parent died meanwhile, sending fails (its end of the pipe is gone) and the
    child ends rather than waiting forever on a full pipe.
    """
    status = 1
    try:
        quiet_child()
        work()
        status = 0
    finally:
        os._exit(status)


def _dumps(answer: tuple[bool, Any]) -> bytes:
    try:
        return pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # a result that cannot travel is a bug: say which
        return pickle.dumps((False, _portable(exc)), protocol=pickle.HIGHEST_PROTOCOL)


def _widen(fd: int) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_to_end(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, _PIPE_BYTES):
        chunks.append(chunk)
    return b"".join(chunks)


def _reap(pid: int | None) -> None:
    if pid is not None:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def _portable(exc: BaseException) -> BaseException:
    """``exc`` as it can travel to the parent: course errors whole, anything else (a bug)
    as a RuntimeError carrying the worker's traceback (not every exception unpickles)."""
    from courseware.errors import CoursewareError

    if isinstance(exc, CoursewareError):
        return exc
    trace = "".join(traceback.format_exception(exc))
    return RuntimeError(f"in a worker process:\n{trace}")


__all__ = ["Background", "can_fork", "fork_map", "in_thread", "quiet_child", "start_fork_map"]
