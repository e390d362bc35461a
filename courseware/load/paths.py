"""Paths named in course files, confined to the course folder."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit


class PathEscapeError(ValueError):
    """A course path that is absolute, a URL, or leads outside the course folder."""


def resolve_inside(root: Path, relative: str) -> Path:
    """Resolve ``relative`` against ``root``; refuse anything that ends up outside it.

    Symlinks are followed before the check, so a link pointing out of the course is refused.
    """
    if not relative or not relative.strip():
        raise PathEscapeError("the path is empty")
    if "\x00" in relative:
        raise PathEscapeError("the path contains a NUL byte")
    parts = urlsplit(relative)
    if parts.scheme and len(parts.scheme) > 1:
        raise PathEscapeError(
            f"{relative!r} is a {parts.scheme}: address; give a file inside the course folder"
        )
    pure = PurePosixPath(relative.replace("\\", "/"))
    if pure.is_absolute() or (len(relative) > 1 and relative[1] == ":"):
        raise PathEscapeError(
            f"{relative!r} is an absolute path; give a path inside the course folder"
        )
    base = root.resolve()
    target = (base / pure).resolve()
    if target != base and base not in target.parents:
        raise PathEscapeError(f"{relative!r} leads outside the course folder")
    return target
