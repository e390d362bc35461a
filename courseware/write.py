"""Write a build into ``DIR/<course-id>/`` all at once: a failed build leaves the old output intact.

Why: instructors upload what is in dist/; a half-written folder there is worse than none.
Files go to a temporary sibling folder, which is swapped in with two renames under a lock.
A build killed at any moment leaves at most a temporary folder (removed by the next build)
or the old folder set aside between the two renames (put back by the next build).
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import IO, Any

from courseware.errors import CoursewareError, Issue
from courseware.i18n import says


def _safe_relpath(relpath: str) -> PurePosixPath:
    pure = PurePosixPath(relpath)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise ValueError(f"refusing to write outside the output folder: {relpath!r}")
    return pure


@contextlib.contextmanager
def build_lock(out_dir: Path, course_id: str) -> Iterator[None]:
    """Hold an exclusive lock for this course's output; fail fast if another build has it.

    The lock is the operating system's, on an open file of this process only (worker
    processes are never forked from it): it ends with the process, however that ends,
    so a killed build never blocks the next one. The lock file itself stays, empty.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / f".{course_id}.lock", "a+b") as handle:
        if not _try_lock(handle):
            raise CoursewareError(
                Issue(
                    "error",
                    says("write.locked", course=repr(course_id), folder=out_dir),
                    hint=says("write.locked.hint"),
                    code="locked",
                )
            )
        try:
            yield
        finally:
            _unlock(handle)


def _try_lock(handle: IO[bytes]) -> bool:
    """Lock the open file without waiting: ``flock`` on POSIX, ``msvcrt.locking`` (its
    first byte) on Windows. False if another process holds the lock."""
    system = _locking()
    if system.__name__ == "msvcrt":
        handle.seek(0)
        try:
            system.locking(handle.fileno(), system.LK_NBLCK, 1)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EDEADLOCK):
                return False
            raise
        return True
    try:
        system.flock(handle.fileno(), system.LOCK_EX | system.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    system = _locking()
    if system.__name__ == "msvcrt":  # unlocked before the file is closed, as Windows asks
        handle.seek(0)
        system.locking(handle.fileno(), system.LK_UNLCK, 1)
    else:
        system.flock(handle.fileno(), system.LOCK_UN)


def _locking() -> Any:
    """The module that locks files here: ``fcntl`` (POSIX), else ``msvcrt`` (Windows)."""
    try:
        return importlib.import_module("fcntl")
    except ImportError:
        return importlib.import_module("msvcrt")


def recover(out_dir: Path, course_id: str) -> None:
    """Undo what a killed build left: restore a swapped-out folder, drop temporary ones."""
    final = out_dir / course_id
    olds = sorted(out_dir.glob(f".{course_id}.old-*"))
    if olds and not final.exists():
        olds[-1].rename(final)
        olds = olds[:-1]
    for leftover in [*olds, *out_dir.glob(f".{course_id}.tmp-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def write_tree(
    out_dir: Path,
    course_id: str,
    files: Mapping[str, bytes],
    produced: set[str],
) -> Path:
    """Write ``files`` (relpath -> bytes) as ``out_dir/course_id``; keep untouched outputs.

    ``produced`` names the top-level folders this build owns (e.g. {"html", "quiz"}): each
    holds exactly what this build made (a package or quiz format no longer chosen is gone).
    Other top-level folders of the previous build are carried over unchanged. A file system
    that refuses (full, read-only, ``out_dir`` a file) is a CoursewareError, and the
    previous output stays as it was.
    """
    try:
        with build_lock(out_dir, course_id):
            recover(out_dir, course_id)
            return _swap_in(out_dir, course_id, files, produced)
    except OSError as exc:
        raise CoursewareError(write_error(out_dir, exc)) from None


def _swap_in(out_dir: Path, course_id: str, files: Mapping[str, bytes], produced: set[str]) -> Path:
    final = out_dir / course_id
    tmp = out_dir / f".{course_id}.tmp-{os.getpid()}"
    try:
        made: set[Path] = set()
        for relpath, data in sorted(files.items()):
            target = tmp / _safe_relpath(relpath)
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            with open(target, "xb") as handle:  # x: never through a link left there
                handle.write(data)
        if final.is_dir():
            _carry_over(final, tmp, produced)
        old = out_dir / f".{course_id}.old-{os.getpid()}"
        if final.exists():
            final.rename(old)
        tmp.rename(final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return final


def _carry_over(final: Path, tmp: Path, produced: set[str]) -> None:
    """Copy into ``tmp`` the outputs of the last build that this one does not make."""
    tmp.mkdir(parents=True, exist_ok=True)
    for child in sorted(final.iterdir()):
        if child.name not in produced and not (tmp / child.name).exists():
            if child.is_dir():
                shutil.copytree(child, tmp / child.name, copy_function=_link_or_copy)
            else:
                _link_or_copy(str(child), str(tmp / child.name))


def _link_or_copy(src: str, dst: str) -> str:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)
    return dst


def write_error(out_dir: Path, exc: OSError) -> Issue:
    """What a file system's refusal to take a build means, in one line."""
    if exc.errno == errno.ENOSPC or exc.errno == getattr(errno, "EDQUOT", None):
        key = "write.no-space"
    elif isinstance(exc, FileExistsError | NotADirectoryError) and not out_dir.is_dir():
        key = "write.out-is-file"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        key = "write.denied"
    else:
        key = "write.failed"
    reason = exc.strerror or (says("write.permission-denied") if key == "write.denied" else exc)
    message, hint = says(key, folder=out_dir, reason=reason), says(f"{key}.hint")
    return Issue("error", message, hint=hint, code="cannot-write")
