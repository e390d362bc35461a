"""The garbage collector's pace during a build.

A build makes about a million objects that live until it ends (the course, its pages,
their templates' data); at the collector's default pace (a look for cycles every 700 new
objects) it walks them again and again, a tenth of a cold HTML build of 1,000 lessons
(bench/RESULTS.md). :func:`rare_collections` makes it look seldom, not never: what a
long build leaves in cycles (a PDF drawn in this process) is still freed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

BUILD_THRESHOLD = 200_000
"""New objects (allocations less frees) between two collections of the youngest
generation during a build: a cold HTML build of 1,000 lessons collects twice, a full
build of the sample course with its PDFs drawn here about five times."""


@contextmanager
def rare_collections(threshold: int = BUILD_THRESHOLD) -> Iterator[None]:
    """Inside the block the collector looks for cycles every ``threshold`` new objects at
    the least (never more often than before); after it, however it ends (an error
    included), its thresholds are what they were. Nothing else changes: a collector
    switched off (``gc.disable()``, a threshold of 0) stays off; ``gc.collect()`` works."""
    before = gc.get_threshold()
    gc.set_threshold(before[0] and max(before[0], threshold), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
