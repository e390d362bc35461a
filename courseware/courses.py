"""Which course folders a command works on: a folder, a ``course.yaml`` path, or a catalogue
of course folders, optionally one shard of it (``--shard I/N``).

Imports nothing heavy: the no-op build and ``--help`` stay fast.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from courseware.errors import CoursewareError, Issue
from courseware.i18n import says

__all__ = ["find_courses", "in_shard", "parse_shard"]


def find_courses(path: Path | str) -> list[Path]:
    """The course folders under ``path``: itself if it holds course.yaml, else its children."""
    folder = Path(path)
    if folder.name == "course.yaml" and folder.is_file():  # `build C/course.yaml`
        folder = folder.parent
    if (folder / "course.yaml").is_file() or not folder.is_dir():
        return [folder]
    return sorted(child for child in folder.iterdir() if (child / "course.yaml").is_file())


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/4"`` -> (2, 4); raise CoursewareError for anything else."""
    try:
        index_text, count_text = text.split("/")
        index, count = int(index_text), int(count_text)
    except ValueError:
        index, count = 0, 0
    if not 1 <= index <= count:
        raise CoursewareError(
            Issue(
                "error",
                says("cli.bad-shard", shard=repr(text)),
                hint=says("cli.bad-shard.hint"),
                code="bad-shard",
            )
        )
    return index, count


def in_shard(course_dir: Path, index: int, count: int) -> bool:
    """Stable assignment of a course to one of ``count`` shards, from its folder name.

    Why a hash, not a position: adding a course to the catalogue moves no other course.
    """
    return zlib.crc32(course_dir.name.encode("utf-8")) % count == index - 1
