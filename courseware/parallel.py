"""The one parallel seam: a function over many items, in worker processes.

Plain data goes in, plain data (bytes) comes out. Workers start with the fork server where
the platform has one (Linux, macOS) and with spawn elsewhere (Windows): never a plain fork,
so no worker inherits this process's threads, locks or open files. Every worker ends when
this process ends, however it ends (``kill -9`` included), so none is left holding work.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

T = TypeVar("T")
R = TypeVar("R")

PRELOAD = ["courseware.render.html"]
"""Modules the fork server imports once, so that its workers start with them."""


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


def run_in_processes(
    function: Callable[[T], R],
    items: Sequence[T],
    workers: int,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
) -> list[R]:
    """``[function(item) for item in items]`` computed by ``workers`` processes, in order.

    ``function`` and ``initializer`` must be module-level functions; ``initializer(*initargs)``
    runs once in each worker before its first item. Workers speak the caller's language
    (:func:`courseware.i18n.speaking`). An exception in a worker is raised
    here. The caller decides when it is worth it: starting a worker costs a fraction of
    a second. (Imported here, not with the module: what starts processes is needed only
    when some are started.)
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from courseware.i18n import spoken

    context = multiprocessing.get_context(start_method())
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(PRELOAD)
    alive, keep = context.Pipe(duplex=False)
    count = max(1, min(workers, len(items)))
    pool = ProcessPoolExecutor(
        count,
        context,
        initializer=_start_worker,
        initargs=(alive, spoken(), initializer, initargs),
    )
    try:
        return list(pool.map(function, items))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        keep.close()
        alive.close()


def _start_worker(
    alive: Connection,
    language: str,
    initializer: Callable[..., object] | None,
    initargs: Iterable[Any],
) -> None:
    """In a worker: end with the parent, speak its language (diagnostics raised here reach
    the instructor), then run the caller's initializer."""
    from courseware.i18n import speak

    threading.Thread(target=_end_with_parent, args=(alive,), daemon=True).start()
    speak(language)
    if initializer is not None:
        initializer(*initargs)


def _end_with_parent(alive: Connection) -> None:
    """Wait until the parent's end of ``alive`` closes (it ended), then end this worker.

    Why ``os._exit``: this runs in a side thread while the main one may be deep in a
    drawing; nothing else ends a process from a thread on every platform.
    """
    from multiprocessing.connection import wait

    wait([alive])
    os._exit(1)


__all__ = ["available_cores", "run_in_processes", "start_method", "workers_for"]
