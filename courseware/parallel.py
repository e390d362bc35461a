"""The one parallel seam: a function over many items, in worker processes.

Plain data goes in, plain data (bytes) comes out. Workers start with the fork server where
the platform has one (Linux, macOS) and with spawn elsewhere (Windows): never a plain fork,
so no worker inherits this process's threads, locks or open files. Every worker ends when
this process ends, however it ends (``kill -9`` included), so none is left holding work.

A build opens one :class:`Workers` around its outputs: every map of the build runs on the
same processes, which it may start early (:meth:`Workers.start`) so that they import
WeasyPrint while the build checks and renders the other outputs.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar, Token
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.connection import Connection

T = TypeVar("T")
R = TypeVar("R")


def available_cores() -> int:
    """Cores this process may run on (a container's share where the OS tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def workers_for(jobs: int | None) -> int:
    """What ``--jobs`` means everywhere: processes that may work at once (None: every core)."""
    return max(1, jobs) if jobs is not None else available_cores()


def start_method() -> str:
    """``forkserver`` where the platform has it, else ``spawn`` (Windows)."""
    import multiprocessing

    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


_OPEN: ContextVar[Workers | None] = ContextVar("courseware_workers", default=None)
_CALLS = itertools.count()


class Workers:
    """Up to ``count`` worker processes shared by every map of a stretch of work (a build).

    Use it as a context manager: inside the block, :func:`run_in_processes` gives its work
    to these processes; leaving the block (however: an error included) ends them. They
    start with the first map, or earlier with :meth:`start`. ``method``: how processes
    start (default :func:`start_method`; tests try the others).
    """

    def __init__(self, count: int, method: str | None = None) -> None:
        self.count = max(1, count)
        self.method = method
        """None: :func:`start_method`, asked when the first worker starts (a build that
        starts none never imports multiprocessing)."""
        self._pool: ProcessPoolExecutor | None = None
        self._pipe: tuple[Connection, Connection] | None = None
        self._scratch: str | None = None
        self._starting: threading.Thread | None = None
        self._failed: BaseException | None = None
        self._opened: list[Token[Workers | None]] = []

    def start(self, preload: Sequence[str] = (), warm: Callable[[], object] | None = None) -> None:
        """Start the workers now, in the background, and return at once.

        Each worker imports ``preload`` (the fork server, where there is one, imports them
        once when it starts) and runs ``warm()``; meanwhile this process goes on.
        Starting early only saves time: nothing depends on which worker ran what.
        """
        if self._pool is None and self._starting is None:
            self._starting = threading.Thread(
                target=self._start, args=(tuple(preload), warm), daemon=True
            )
            self._starting.start()

    def _start(self, preload: tuple[str, ...], warm: Callable[[], object] | None) -> None:
        try:
            pool = self._open(preload)
            for _ in range(self.count):  # a process starts with each task, up to count
                pool.submit(_warm, warm)
        except BaseException as exc:  # raised again by the next map
            self._failed = exc

    def _open(self, preload: tuple[str, ...]) -> ProcessPoolExecutor:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context(self.method or start_method())
        if context.get_start_method() == "forkserver":  # heeded when its server starts
            context.set_forkserver_preload(list(preload))
        self._pipe = context.Pipe(duplex=False)
        self._scratch = tempfile.mkdtemp(prefix="courseware-workers-")
        initargs = (self._pipe[0], preload, self._scratch)
        self._pool = ProcessPoolExecutor(self.count, context, _start_worker, initargs)
        return self._pool

    def _join(self) -> None:
        if self._starting is not None:
            self._starting.join()
            self._starting = None

    def _started(self) -> ProcessPoolExecutor:
        self._join()
        if self._failed is not None:
            raise self._failed
        return self._pool or self._open(())

    def map(
        self,
        function: Callable[[T], R],
        items: Sequence[T],
        initializer: Callable[..., object] | None = None,
        initargs: tuple[Any, ...] = (),
    ) -> list[R]:
        """``[function(item) for item in items]``, computed by the workers, in order.

        ``initializer(*initargs)`` runs in each worker before its first item of this map;
        workers speak the caller's language (:func:`courseware.i18n.speaking`). An
        exception raised by ``function`` is raised here.
        """
        from courseware.i18n import spoken

        if not items:
            return []
        pool = self._started()
        call = _Call(next(_CALLS), spoken(), function, initializer, initargs)
        return list(pool.map(_run, itertools.repeat(call), items))

    def close(self) -> None:
        """End every worker (waiting for the ones at work) and remove their temporary files."""
        self._join()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        for end in self._pipe or ():
            end.close()
        self._pipe = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def __enter__(self) -> Workers:
        self._opened.append(_OPEN.set(self))
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        _OPEN.reset(self._opened.pop())
        self.close()


def open_workers() -> Workers | None:
    """The :class:`Workers` of the ``with`` block this code runs in, if any (a build's)."""
    return _OPEN.get()


def run_in_processes(
    function: Callable[[T], R],
    items: Sequence[T],
    workers: int,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
    preload: Sequence[str] = (),
) -> list[R]:
    """``[function(item) for item in items]`` computed by ``workers`` processes, in order.

    Inside a ``with Workers(...)`` block, that block's processes do it (the build's);
    else ``workers`` processes started for this call, importing ``preload`` first.
    ``function`` and ``initializer`` must be module-level functions; see
    :meth:`Workers.map`. The caller decides when it is worth it: starting a worker costs
    a fraction of a second.
    """
    shared = _OPEN.get()
    if shared is not None:
        return shared.map(function, items, initializer, initargs)
    with Workers(min(workers, len(items))) as own:
        own.start(preload)
        return own.map(function, items, initializer, initargs)


@dataclass(frozen=True)
class _Call(Generic[T, R]):
    """One map, as each of its tasks carries it to a worker."""

    number: int
    language: str
    function: Callable[[T], R]
    initializer: Callable[..., object] | None
    initargs: tuple[Any, ...]


_ready: set[int] = set()
"""In a worker: the maps it has set up (see :class:`_Call`)."""


def _run(call: _Call[T, R], item: T) -> R:
    """In a worker: one item of a map, after that map's set-up if this worker lacks it."""
    if call.number not in _ready:
        from courseware.i18n import speak

        speak(call.language)
        if call.initializer is not None:
            call.initializer(*call.initargs)
        _ready.add(call.number)
    return call.function(item)


def _warm(warm: Callable[[], object] | None) -> None:
    """In a worker: the first task of early-started workers."""
    if warm is not None:
        warm()


def _start_worker(alive: Connection, preload: Iterable[str], scratch: str) -> None:
    """In a worker: end with the parent, keep temporary files in ``scratch`` (removed with
    the workers: one that ends by ``os._exit`` cleans up nothing), import ``preload``."""
    import importlib

    threading.Thread(target=_end_with_parent, args=(alive,), daemon=True).start()
    tempfile.tempdir = scratch
    for name in preload:
        importlib.import_module(name)


def _end_with_parent(alive: Connection) -> None:
    """Wait until the parent's end of ``alive`` closes (it ended), then end this worker.

    Why ``os._exit``: this runs in a side thread while the main one may be deep in a
    drawing; nothing else ends a process from a thread on every platform.
    """
    from multiprocessing.connection import wait

    wait([alive])
    os._exit(1)


__all__ = [
    "Workers",
    "available_cores",
    "open_workers",
    "run_in_processes",
    "start_method",
    "workers_for",
]
