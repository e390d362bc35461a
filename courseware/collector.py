"""The garbage collector's pace during a build.

A build makes about a million objects that live until it ends (the course, its pages,
their templates' data); at the collector's default pace (a look for cycles every 700 new
objects) it walks them again and again, a tenth of a cold HTML build of 1,000 lessons
(bench/RESULTS.md). :func:`rare_collections` makes it look seldom, not never: what a
long build leaves in cycles (a PDF drawn in this process) is still freed.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

BUILD_THRESHOLD = 200_000
"""New objects (allocations less frees) between two collections of the youngest
generation during a build: a cold HTML build of 1,000 lessons collects twice (0.04 s;
at the default pace, 0.28 s in 1,246 collections)."""


_lock = threading.Lock()
_open = 0
"""Blocks of :func:`rare_collections` open now (builds may overlap, in threads)."""
_before = (700, 10, 10)
"""The thresholds when the first of them opened."""


@contextmanager
def rare_collections(threshold: int = BUILD_THRESHOLD) -> Iterator[None]:
    """Inside the block the collector looks for cycles every ``threshold`` new objects at
    the least (never more often than before); when the last open block ends, however it
    ends (an error included), its thresholds are what they were before the first.
    Nothing else changes: a collector switched off (``gc.disable()``, a threshold of 0)
    stays off; ``gc.collect()`` works."""
    global _open, _before
    with _lock:
        if _open == 0:
            _before = gc.get_threshold()
            gc.set_threshold(_before[0] and max(_before[0], threshold), *_before[1:])
        _open += 1
    try:
        yield
    finally:
        with _lock:
            _open -= 1
            if _open == 0:
                gc.set_threshold(*_before)
