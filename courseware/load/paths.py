"""Paths named in course files, confined to the course folder."""

from __future__ import annotations

import os
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
    base = os.path.realpath(root)
    target = os.path.realpath(os.path.join(base, *pure.parts))
    if target != base and not target.startswith(base.rstrip(os.sep) + os.sep):
        raise PathEscapeError(f"{relative!r} leads outside the course folder")
    return Path(target)
