"""Work in forked processes: one function alongside the build (:class:`Background`), or
one function over many items (:func:`fork_map`). Linux only; elsewhere, the same calls
run in this process."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """True where a forked child starts with this process's memory cheaply (Linux)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


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
        self._receive: Connection | None = None
        self._process: Any = None
        if fork and can_fork():
            context = multiprocessing.get_context("fork")
            self._receive, send = context.Pipe(duplex=False)
            self._process = context.Process(
                target=_answer, args=(send, function, args, nice, self._receive)
            )
            self._process.daemon = True
            self._process.start()
            send.close()

    def result(self) -> T:
        """What the function returned (its exception is raised here)."""
        if self._receive is None:
            return self._function(*self._args)
        try:
            ok, value = self._receive.recv()
        except (EOFError, OSError):
            ok, value = True, self._function(*self._args)
        finally:
            self._receive.close()
            self._receive = None
            self._process.join()
        if not ok:
            raise value
        result: T = value
        return result

    def cancel(self) -> None:
        """Stop the child if it still runs; its result is not wanted."""
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
            self._process = None
        if self._receive is not None:
            self._receive.close()
            self._receive = None


_TASK: Callable[[int], Any] | None = None
"""The function forked map workers call (set only while they run; inherited, not pickled)."""


def fork_map(
    function: Callable[[int], T],
    count: int,
    jobs: int,
    each: Callable[[int, T], object] | None = None,
) -> list[T]:
    """``[function(0), ..., function(count - 1)]``, spread over ``jobs`` forked workers.

    ``function`` may close over anything (the loaded course, rendered pages): the workers
    inherit it at the fork and only the results travel back, pickled. An exception is
    raised here, the one of the lowest index, as a loop in this process would. With one
    job, one item or no fork, it is that loop; so it is if a worker dies (killed, out of
    memory), rather than waiting for an answer that never comes. ``each(index, result)``
    is called here as the results arrive, in index order, while later ones are worked on.
    """
    return start_fork_map(function, count, jobs, each)()


def start_fork_map(
    function: Callable[[int], T],
    count: int,
    jobs: int,
    each: Callable[[int, T], object] | None = None,
) -> Callable[[], list[T]]:
    """:func:`fork_map` started: the workers run while this process goes on; call the
    result to wait for theirs. (In this process, without workers, the loop runs then.)"""
    results: list[T] = []

    def rest() -> list[T]:
        """The results not received yet, worked out in this process."""
        for index in range(len(results), count):
            results.append(function(index))
            if each is not None:
                each(index, results[-1])
        return results

    if jobs < 2 or count < 2 or not can_fork():
        return rest
    global _TASK
    _TASK = function
    try:
        context = multiprocessing.get_context("fork")
        pool = ProcessPoolExecutor(min(jobs, count), context, initializer=quiet_child)
        pending = pool.map(_run_task, range(count))
    except BaseException:
        _TASK = None
        raise

    def collect() -> list[T]:
        global _TASK
        try:
            with pool:
                for ok, value in pending:
                    if not ok:
                        raise value
                    results.append(value)
                    if each is not None:
                        each(len(results) - 1, value)
        except BrokenProcessPool:
            pass  # a worker died: what it did not send is worked out here
        finally:
            _TASK = None
        return rest()

    return collect


def _run_task(index: int) -> tuple[bool, Any]:
    assert _TASK is not None
    try:
        return True, _TASK(index)
    except Exception as exc:  # raised in the parent, in index order
        return False, _portable(exc)


def _portable(exc: BaseException) -> BaseException:
    """``exc`` as it can travel to the parent: course errors whole, anything else (a bug)
    as a RuntimeError carrying the worker's traceback (not every exception unpickles)."""
    from courseware.errors import CoursewareError

    if isinstance(exc, CoursewareError):
        return exc
    trace = "".join(traceback.format_exception(exc))
    return RuntimeError(f"in a worker process:\n{trace}")


def _answer(
    send: Connection,
    function: Callable[..., Any],
    args: tuple[Any, ...],
    nice: int = 0,
    receive: Connection | None = None,
) -> None:
    if receive is not None:
        # The parent's end, inherited: closed, so that if the parent dies the answer
        # fails to send (and this child ends) rather than waiting forever on a full pipe.
        receive.close()
    quiet_child()
    if nice:
        os.nice(nice)
    try:
        value = (True, function(*args))
    except BaseException as exc:  # sent back and raised in the parent
        value = (False, _portable(exc))
    send.send(value)
    send.close()


__all__ = ["Background", "can_fork", "fork_map", "quiet_child", "start_fork_map"]
