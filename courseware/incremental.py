"""Incremental builds: rendered units (HTML pages, PDFs) reused when nothing they show changed.

A unit is stored under a key hashed from the *content* of everything its render reads: the
models it shows, the course and theme files it can reach, the toolkit's own code and the
versions of the libraries that shape its bytes. Keys never contain times or stat data, so a
unit taken from the store is exactly what rendering it again would give.

The store sits beside the no-op stamp, in ``out_dir/.courseware/<course key>.units/``: one
pack file per output (``html.pack``, ``pdf.pack``, ...), an index followed by the units, each
with its own checksum, replaced atomically after a successful build. A build keeps only the
units it used (for the outputs it made), so the store never outgrows one build. A missing,
unreadable or damaged pack or unit is just a miss: the unit is rendered again.

Why one file per output and not one per unit: a cold build of 1,000 lessons would create
some 2,000 small files, and creating files is the slowest thing a disk does (0.07-0.8 ms
each on the machines measured in ``bench/RESULTS.md``, more than rendering a page).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from courseware.cache import units_path, walk_files

_MAGIC = b"courseware-unit 1\n"
_PACK_MAGIC = b"courseware-pack 1\n"
_PACKAGE = Path(__file__).resolve().parent
_LIBRARIES = (
    "cssselect2",
    "fonttools",
    "jinja2",
    "lxml",
    "markdown-it-py",
    "markdown-it-pyrs",
    "markupsafe",
    "mdit-py-plugins",
    "nh3",
    "pillow",
    "pydantic",
    "pydyf",
    "pyyaml",
    "rcssmin",
    "rjsmin",
    "tinycss2",
    "weasyprint",
)
"""Distributions whose version can change output bytes (their code is not hashed)."""


def digest(*parts: Any) -> str:
    """A hex key for JSON-serialisable ``parts`` (dict order does not matter)."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def file_digest(path: Path) -> str:
    """Hex digest of a file's bytes."""
    return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()


def tree_digest(folder: Path, skip_suffixes: frozenset[str] = frozenset()) -> str:
    """Digest of every (non-hidden) file under ``folder``: relative paths and contents."""
    entries = [
        (path.relative_to(folder).as_posix(), file_digest(path))
        for path in walk_files(folder)
        if path.suffix.lower() not in skip_suffixes
    ]
    return digest(entries)


@functools.cache
def toolkit_fingerprint() -> str:
    """The toolkit as it runs: its source files, Python and the libraries that render.

    Cached per process: the code a process runs does not change under it.
    """
    from courseware import __version__

    versions = {name: _version(name) for name in _LIBRARIES}
    return digest(__version__, sys.version, versions, tree_digest(_PACKAGE))


def _version(name: str) -> str:
    """The installed version of a distribution, "-" if it is not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


@dataclass(frozen=True)
class Unit:
    """A rendered unit: its bytes and what is needed to use them again (e.g. files it uses)."""

    data: bytes
    meta: dict[str, Any] = field(default_factory=dict)


def unit_check(unit: Unit) -> str:
    """The checksum stored with ``unit``: of its body (JSON meta, a new line, its bytes)."""
    digest = hashlib.blake2b(json.dumps(unit.meta, sort_keys=True).encode("utf-8"), digest_size=16)
    digest.update(b"\n")
    digest.update(unit.data)
    return digest.hexdigest()


def encode_unit(unit: Unit) -> bytes:
    """The stored form: magic, checksum of the body, then the body (JSON meta, bytes)."""
    check = unit_check(unit).encode()
    meta = json.dumps(unit.meta, sort_keys=True).encode("utf-8")
    return b"".join((_MAGIC, check, b"\n", meta, b"\n", unit.data))


def decode_unit(raw: bytes | memoryview) -> Unit | None:
    """The unit stored in ``raw``; None if it is damaged in any way."""
    raw = bytes(raw)
    if not raw.startswith(_MAGIC):
        return None
    check, _, body = raw[len(_MAGIC) :].partition(b"\n")
    if hashlib.blake2b(body, digest_size=16).hexdigest().encode() != check:
        return None
    meta_text, separator, data = body.partition(b"\n")
    try:
        meta = json.loads(meta_text)
    except ValueError:
        return None
    if not separator or not isinstance(meta, dict):
        return None
    return Unit(data, meta)


class UnitCache:
    """Units of the last build (read lazily from ``folder``) and the ones this build makes.

    ``get`` and ``put`` also log, per output, which units were reused and which rendered,
    for the build report. Nothing is written before ``save``. ``folder`` None keeps
    everything in memory; ``read`` False ignores what is stored (``--force``) but still
    replaces it on ``save``.
    """

    def __init__(self, folder: Path | None = None, *, read: bool = True) -> None:
        self.folder = folder
        self.read = read
        self._used: dict[str, set[str]] = {}
        self._new: dict[tuple[str, str], Unit] = {}
        self._stored: dict[str, Pack] = {}
        self._reused: dict[str, list[str]] = {}
        self._rendered: dict[str, list[str]] = {}

    def _pack_path(self, space: str) -> Path | None:
        if self.folder is None or not space.isalnum():
            return None
        return self.folder / f"{space}.pack"

    def stored(self, space: str) -> Pack:
        """The units the last build left for output ``space`` (empty if none or unusable)."""
        if space not in self._stored:
            path = self._pack_path(space)
            self._stored[space] = read_pack(path) if self.read and path else Pack({})
        return self._stored[space]

    def get(self, space: str, key: str, name: str) -> Unit | None:
        """The unit stored under ``key`` for output ``space``, logged as ``name`` if found."""
        self.touch(space)
        unit = self._new.get((space, key))
        if unit is None:
            raw = self.stored(space).raw(key)
            unit = decode_unit(raw) if raw is not None else None
        if unit is not None:
            self._used[space].add(key)
            self._reused[space].append(name)
        return unit

    def put(self, space: str, key: str, name: str, unit: Unit) -> None:
        """Keep a freshly rendered unit (logged as ``name``) for the next build."""
        self.touch(space)
        self._used[space].add(key)
        self._new[(space, key)] = unit
        self._rendered[space].append(name)

    def touch(self, space: str, rendered: str | None = None) -> None:
        """Mark output ``space`` as managed here; log ``rendered`` as made without storing."""
        self._used.setdefault(space, set())
        self._reused.setdefault(space, [])
        self._rendered.setdefault(space, [])
        if rendered is not None:
            self._rendered[space].append(rendered)

    def log(self, space: str) -> tuple[list[str], list[str]] | None:
        """(rendered, reused) unit names of output ``space``; None if it did not use the cache."""
        if space not in self._used:
            return None
        return sorted(self._rendered[space]), sorted(self._reused[space])

    def successor(self) -> UnitCache:
        """A fresh in-memory cache holding the units this build used (for the live preview).

        Why: ``serve`` keeps pages in memory between rebuilds; carrying over only what the
        last build used keeps memory bounded however long the preview runs.
        """
        following = UnitCache(None)
        for (space, key), unit in self._new.items():
            if key in self._used.get(space, set()):
                following._new[(space, key)] = unit
        return following

    def save(self, only: Collection[str] | None = None, skip: Collection[str] = ()) -> None:
        """Write one pack per output this build touched, holding just the units it used
        (of the outputs in ``only`` if given, and not of those in ``skip``).

        Errors are ignored: the cache only ever saves time, and a failed save means the
        next build renders more.
        """
        if self.folder is None:
            return
        for space, keys in sorted(self._used.items()):
            if (only is not None and space not in only) or space in skip:
                continue
            path = self._pack_path(space)
            if path is None:
                continue
            blobs: dict[str, bytes | memoryview] = {}
            for key in sorted(keys):
                unit = self._new.get((space, key))
                raw = encode_unit(unit) if unit is not None else self.stored(space).raw(key)
                if raw is not None:
                    blobs[key] = raw
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_pack(path, blobs)
                if (self.folder / space).is_dir():  # the one-file-per-unit store of 0.1
                    shutil.rmtree(self.folder / space, ignore_errors=True)
            except OSError:
                continue


@dataclass(frozen=True)
class Pack:
    """A stored pack: unit key -> its encoded bytes (a view into the mapped file)."""

    entries: dict[str, memoryview]

    def raw(self, key: str) -> memoryview | None:
        """The encoded unit stored under ``key``, if any."""
        return self.entries.get(key)


def write_pack(path: Path, blobs: dict[str, bytes | memoryview]) -> None:
    """Replace ``path`` with a pack of ``blobs`` (key -> encoded unit), atomically."""
    index: dict[str, list[int]] = {}
    offset = 0
    for key, blob in blobs.items():
        index[key] = [offset, len(blob)]
        offset += len(blob)
    head = json.dumps(index, separators=(",", ":")).encode("utf-8")
    check = hashlib.blake2b(head, digest_size=16).hexdigest()
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as handle:
            handle.write(_PACK_MAGIC + f"{len(head)} {check}\n".encode() + head)
            handle.writelines(blobs.values())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def read_pack(path: Path) -> Pack:
    """The pack at ``path``; an empty one if it is missing, unreadable or its index damaged.

    A unit's own checksum catches damage to it when it is decoded. (Read whole, not
    mapped: Windows refuses to replace a file that is mapped, as the next save does.)
    """
    try:
        raw = path.read_bytes()
    except OSError:  # missing, a folder
        return Pack({})
    view = memoryview(raw)
    try:
        if view[: len(_PACK_MAGIC)] != _PACK_MAGIC:
            return Pack({})
        line_end = raw.find(b"\n", len(_PACK_MAGIC), len(_PACK_MAGIC) + 64)
        size_text, _, check = bytes(view[len(_PACK_MAGIC) : line_end]).partition(b" ")
        start = line_end + 1
        head = bytes(view[start : start + int(size_text)])
        if hashlib.blake2b(head, digest_size=16).hexdigest().encode() != check:
            return Pack({})
        index = json.loads(head)
        data = start + len(head)
        entries = {
            key: view[data + offset : data + offset + length]
            for key, (offset, length) in index.items()
            if isinstance(key, str) and data + offset + length <= len(view)
        }
    except (ValueError, TypeError, AttributeError):
        return Pack({})
    return Pack(entries)


def open_cache(course_dir: Path | str, out_dir: Path | str, *, read: bool = True) -> UnitCache:
    """The unit cache of building ``course_dir`` into ``out_dir``."""
    return UnitCache(units_path(Path(course_dir), Path(out_dir)), read=read)


__all__ = [
    "Pack",
    "Unit",
    "UnitCache",
    "decode_unit",
    "digest",
    "encode_unit",
    "file_digest",
    "open_cache",
    "read_pack",
    "toolkit_fingerprint",
    "tree_digest",
    "write_pack",
]
