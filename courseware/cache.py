"""Build fingerprints: skip a build whose inputs, theme, toolkit and options did not change.

Why stat first, then hash: a no-op rebuild must cost little more than starting Python
(it imports nothing heavy); size and mtime match for untouched files, and only files
whose stat changed are hashed to tell a real edit from a mere touch.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

STAMP_DIR = ".courseware"
_PACKAGE = Path(__file__).resolve().parent
_BUILTIN_THEMES = (
    _PACKAGE / "builtin_themes"
    if (_PACKAGE / "builtin_themes").is_dir()
    else _PACKAGE.parent / "themes"
)

FileState = tuple[int, int, str]
"""(size, mtime_ns, blake2b hex) of one file."""


def walk_files(root: Path) -> list[Path]:
    """Every regular file under ``root`` in a stable order, hidden files and folders left out.

    Why regular files only: these lists are read to be hashed, and a named pipe or a device
    in a course folder (untrusted) would make that read wait forever.
    """
    if not root.is_dir():
        return []
    found: list[Path] = []
    _walk(str(root), found)
    return found


def _walk(folder: str, found: list[Path]) -> None:
    """Files of ``folder``, then its subfolders, in name order (as ``os.walk`` lists them)."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(
                (e for e in listing if not e.name.startswith(".")), key=lambda e: e.name
            )
    except OSError:
        return
    folders = []
    for entry in entries:
        try:
            if entry.is_dir():  # a link to a folder is followed, as os.walk lists it
                if entry.name != "__pycache__" and not entry.is_symlink():
                    folders.append(entry.path)
            elif entry.is_file():
                found.append(Path(entry.path))
        except OSError:
            continue
    for path in folders:
        _walk(path, found)


def _digest(path: Path) -> str:
    return _hash(path.read_bytes())


def _hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def input_files(course_dir: Path) -> list[Path]:
    """Everything a build of ``course_dir`` may read: the course, the themes, the toolkit."""
    return [*walk_files(course_dir), *walk_files(_BUILTIN_THEMES), *walk_files(_PACKAGE)]


def _state(paths: list[Path], previous: dict[str, FileState]) -> dict[str, FileState]:
    state: dict[str, FileState] = {}
    for path in paths:
        key = str(path)
        try:
            info = path.stat()
        except OSError:
            continue
        old = previous.get(key)
        if old is not None and old[0] == info.st_size and old[1] == info.st_mtime_ns:
            state[key] = old
        else:
            state[key] = (info.st_size, info.st_mtime_ns, _digest(path))
    return state


def _output_state(out: Path) -> dict[str, tuple[int, int]]:
    state: dict[str, tuple[int, int]] = {}
    inside = len(str(out)) + 1  # walk_files joins names onto str(out): no relative_to
    for path in walk_files(out):
        info = os.stat(path)
        state[str(path)[inside:]] = (info.st_size, info.st_mtime_ns)
    return state


def stamp_path(course_dir: Path, out_dir: Path) -> Path:
    """Where the fingerprint of building ``course_dir`` into ``out_dir`` is kept."""
    key = hashlib.blake2b(str(course_dir.resolve()).encode(), digest_size=8).hexdigest()
    return out_dir / STAMP_DIR / f"{key}.json"


def units_path(course_dir: Path, out_dir: Path) -> Path:
    """Where the rendered units of building ``course_dir`` into ``out_dir`` are kept."""
    return stamp_path(course_dir, out_dir).with_suffix(".units")


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _same_content(old: dict[str, Any], new: dict[str, FileState]) -> bool:
    files = old.get("files", {})
    if set(files) != set(new):
        return False
    return all(files[k][2] == v[2] for k, v in new.items())


def is_up_to_date(course_dir: Path, out_dir: Path, options: dict[str, Any]) -> bool:
    """True if the last build of ``course_dir`` with ``options`` is still current and intact."""
    stamp = _read(stamp_path(course_dir, out_dir))
    if not stamp or stamp.get("options") != options:
        return False
    output = out_dir / str(stamp.get("course_id", ""))
    if not output.is_dir():
        return False
    previous = {k: tuple(v) for k, v in stamp.get("files", {}).items()}
    current = _state(input_files(course_dir), previous)
    if not _same_content(stamp, current):
        return False
    recorded = {k: tuple(v) for k, v in stamp.get("outputs", {}).items()}
    return recorded == _output_state(output)


def stat_inputs(course_dir: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime_ns) of every input of building ``course_dir``, as it is now."""
    listing: dict[str, tuple[int, int]] = {}
    for path in input_files(course_dir):
        try:
            info = path.stat()
        except OSError:
            continue
        listing[str(path)] = (info.st_size, info.st_mtime_ns)
    return listing


def hash_inputs(
    course_dir: Path, out_dir: Path, listing: dict[str, tuple[int, int]]
) -> dict[str, FileState]:
    """The state of the inputs listed by :func:`stat_inputs`, hashed now.

    A file whose size and time match the last stamp keeps its recorded hash. A file that
    changed since it was listed gets an empty hash, which matches no content: the next
    build then sees it as edited. Why: the listing is taken when a build starts, the
    hashing may end after the build read the file, and a stamp must never call a stale
    output current.
    """
    previous = _read(stamp_path(course_dir, out_dir)).get("files", {})
    state: dict[str, FileState] = {}
    for key, (size, mtime) in listing.items():
        old = previous.get(key)
        if old is not None and old[0] == size and old[1] == mtime:
            state[key] = (size, mtime, old[2])
            continue
        try:
            data = Path(key).read_bytes()
            after = os.stat(key)
        except OSError:
            state[key] = (size, mtime, "")
            continue
        unchanged = (after.st_size, after.st_mtime_ns) == (size, mtime)
        state[key] = (size, mtime, _hash(data) if unchanged else "")
    return state


def scan_inputs(course_dir: Path, out_dir: Path) -> dict[str, FileState]:
    """The state of every input of building ``course_dir`` into ``out_dir``, now."""
    return hash_inputs(course_dir, out_dir, stat_inputs(course_dir))


def record_build(
    course_dir: Path,
    out_dir: Path,
    course_id: str,
    options: dict[str, Any],
    inputs: dict[str, FileState] | None = None,
) -> None:
    """Remember the inputs and outputs of a successful build.

    ``inputs`` is the state of the inputs as the build read them (:func:`hash_inputs` of
    a listing taken when it began); they are scanned now if None.
    """
    path = stamp_path(course_dir, out_dir)
    stamp = {
        "course_id": course_id,
        "options": options,
        "files": scan_inputs(course_dir, out_dir) if inputs is None else inputs,
        "outputs": _output_state(out_dir / course_id),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(stamp, sort_keys=True), encoding="utf-8")
    tmp.replace(path)
