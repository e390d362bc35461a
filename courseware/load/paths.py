"""Paths named in course files, confined to the course folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from urllib.parse import SplitResult, urlsplit


def split_url(url: str) -> SplitResult | None:
    """``urlsplit(url)``; None for what it refuses (e.g. ``x://[a``, a host that is no
    IPv6 address). Why: course text is untrusted, and a ValueError there is a traceback."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def is_file(path: Path | str) -> bool:
    """True if ``path`` is a regular file (links followed); False for anything else,
    including a name the system refuses (too long, not allowed to look), where
    :meth:`Path.is_file` would raise."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


MAX_NAME_BYTES = 255
"""Longest file or folder name most file systems take (longer ones fail on every call)."""
MAX_PATH_BYTES = 1024
"""Longest path a course may give (far more than any real one)."""


class PathEscapeError(ValueError):
    """A course path that is absolute, a URL, or leads outside the course folder."""


def _says(key: str, /, **fields: object) -> str:
    """The catalogue's words (imported only when a path is refused: this module stays light)."""
    from courseware.i18n import says

    return says(key, **fields)


def resolve_inside(root: Path, relative: str) -> Path:
    """Resolve ``relative`` against ``root``; refuse anything that ends up outside it.

    Symlinks are followed before the check, so a link pointing out of the course is refused.
    """
    if not relative or not relative.strip():
        raise PathEscapeError(_says("load.path.empty"))
    if "\x00" in relative:
        raise PathEscapeError(_says("load.path.nul"))
    parts = split_url(relative) if ":" in relative else None
    if ":" in relative and parts is None:
        raise PathEscapeError(_says("load.path.malformed", path=repr(relative)))
    scheme = parts.scheme if parts is not None else ""
    if len(scheme) > 1:
        raise PathEscapeError(_says("load.path.scheme", path=repr(relative), scheme=scheme))
    posix = relative.replace("\\", "/")
    if posix.startswith("/") or (len(relative) > 1 and relative[1] == ":"):
        raise PathEscapeError(_says("load.path.absolute", path=repr(relative)))
    encoded = posix.encode("utf-8", "surrogatepass")
    if len(encoded) > MAX_PATH_BYTES or any(len(p) > MAX_NAME_BYTES for p in encoded.split(b"/")):
        raise PathEscapeError(
            _says(
                "load.path.too-long",
                path=repr(relative[:40]),
                name=MAX_NAME_BYTES,
                total=MAX_PATH_BYTES,
            )
        )
    base = real_folder(str(root))
    target = real_path(os.path.join(base, posix))
    if target != base and not target.startswith(base.rstrip(os.sep) + os.sep):
        raise PathEscapeError(_says("load.path.outside", path=repr(relative)))
    return Path(target)


_REAL_FOLDERS: dict[str, str] = {}
"""Absolute folder -> its real path, until :func:`forget_folders` (each load calls it)."""


def forget_folders() -> None:
    """Forget the folders :func:`real_path` resolved: a new build sees the folder anew."""
    _REAL_FOLDERS.clear()


def real_path(path: str) -> str:
    """``os.path.realpath(path)``, remembering the real path of each folder it meets.

    Why: realpath looks at every component of a path, and a course's files share a few
    folders; a thousand lessons made this a tenth of a second of each build. The file
    itself is looked at every time, so a symlink in place of a file is always followed.
    """
    folder, name = os.path.split(path)
    if not os.path.isabs(folder) or name in ("", ".", ".."):
        return os.path.realpath(path)
    try:
        if stat.S_ISLNK(os.lstat(path).st_mode):
            return os.path.realpath(path)
    except FileNotFoundError:
        pass  # realpath keeps a missing name as it is, under the real folder
    except OSError:
        return os.path.realpath(path)
    return os.path.join(real_folder(folder), name)


def real_folder(folder: str) -> str:
    """The real path of an absolute folder, remembered until :func:`forget_folders`."""
    real = _REAL_FOLDERS.get(folder)
    if real is None:
        real = _REAL_FOLDERS[folder] = os.path.realpath(folder)
    return real
