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
    """Every file under ``root`` in a stable order, hidden files and folders left out."""
    if not root.is_dir():
        return []
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in sorted(files):
            if not name.startswith("."):
                found.append(Path(folder) / name)
    return found


def _digest(path: Path) -> str:
    return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()


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
    for path in walk_files(out):
        info = path.stat()
        state[str(path.relative_to(out))] = (info.st_size, info.st_mtime_ns)
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


def record_build(course_dir: Path, out_dir: Path, course_id: str, options: dict[str, Any]) -> None:
    """Remember the inputs and outputs of a successful build."""
    path = stamp_path(course_dir, out_dir)
    previous = {k: tuple(v) for k, v in _read(path).get("files", {}).items()}
    stamp = {
        "course_id": course_id,
        "options": options,
        "files": _state(input_files(course_dir), previous),
        "outputs": _output_state(out_dir / course_id),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(stamp, sort_keys=True), encoding="utf-8")
    tmp.replace(path)
