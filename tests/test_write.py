"""Atomic output: a failed or killed build never leaves dist/ half-written or lost."""

from __future__ import annotations

import array
import errno
import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from courseware import build as build_module
from courseware import write as write_module
from courseware.build import build_course
from courseware.errors import CoursewareError, Issue
from courseware.load import LoadedCourse
from courseware.write import Staging, build_lock, recover, write_tree

MINI = Path(__file__).parent / "load" / "testdata" / "mini"


def test_write_tree_replaces_only_produced_outputs(tmp_path: Path) -> None:
    write_tree(tmp_path, "c", {"html/index.html": b"v1", "pdf/a.pdf": b"pdf"}, {"html", "pdf"})
    write_tree(tmp_path, "c", {"html/index.html": b"v2"}, {"html"})
    assert (tmp_path / "c/html/index.html").read_bytes() == b"v2"
    assert (tmp_path / "c/pdf/a.pdf").read_bytes() == b"pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".c.lock", "c"]


def test_write_tree_removes_stale_files_of_a_produced_output(tmp_path: Path) -> None:
    write_tree(tmp_path, "c", {"html/old.html": b"x"}, {"html"})
    write_tree(tmp_path, "c", {"html/new.html": b"y"}, {"html"})
    assert not (tmp_path / "c/html/old.html").exists()


def test_write_tree_refuses_paths_outside(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_tree(tmp_path, "c", {"../evil": b"x"}, {"html"})
    assert not (tmp_path / "evil").exists()
    assert not any(p.name.startswith(".c.tmp") for p in tmp_path.iterdir())


def test_recover_restores_output_swapped_out_by_a_killed_build(tmp_path: Path) -> None:
    old = tmp_path / f".c.old-{os.getpid() + 1}"
    (old / "html").mkdir(parents=True)
    (old / "html/index.html").write_bytes(b"previous")
    (tmp_path / ".c.tmp-99999").mkdir()
    recover(tmp_path, "c")
    assert (tmp_path / "c/html/index.html").read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c"]


def test_concurrent_build_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    with build_lock(tmp_path, "c"), pytest.raises(CoursewareError) as info:
        write_tree(tmp_path, "c", {"html/x": b"1"}, {"html"})
    assert "another build" in str(info.value)


def test_failed_build_leaves_previous_output_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = tmp_path / "mini"
    shutil.copytree(MINI, course)
    out = tmp_path / "dist"

    def good(
        loaded: LoadedCourse,
        done: object,
        settings: object,
        cache: object,
        emit: Callable[[str, bytes], object],
    ) -> tuple[dict[str, bytes], list[Issue]]:
        emit("index.html", b"good")  # written into the build's folder at once
        return {"index.html": b"good"}, []

    def bad(
        loaded: LoadedCourse, done: object, settings: object, cache: object, emit: object
    ) -> tuple[dict[str, bytes], list[Issue]]:
        raise CoursewareError(Issue("error", "renderer failed"))

    monkeypatch.setattr(build_module, "PRODUCERS", {"html": good, "quiz": good})
    build_course(course, out)
    before = {p: p.read_bytes() for p in (out / "mini").rglob("*") if p.is_file()}
    monkeypatch.setattr(build_module, "PRODUCERS", {"html": good, "quiz": bad})
    with pytest.raises(CoursewareError):
        build_course(course, out)
    after = {p: p.read_bytes() for p in (out / "mini").rglob("*") if p.is_file()}
    assert after == before
    # What the failed build had written already went with it.
    assert sorted(p.name for p in out.iterdir()) == [".courseware", ".mini.lock", "mini"]
    # A content error also leaves it alone.
    (course / "lessons/01-uno.yaml").write_text("id: [\n", encoding="utf-8")
    monkeypatch.setattr(build_module, "PRODUCERS", {"html": good, "quiz": good})
    with pytest.raises(CoursewareError):
        build_course(course, out)
    assert {p: p.read_bytes() for p in (out / "mini").rglob("*") if p.is_file()} == before


def test_merge_keeps_files_of_a_partial_rebuild(tmp_path: Path) -> None:
    write_tree(tmp_path, "c", {"packages/a.zip": b"a1", "packages/b.zip": b"b1"}, {"packages"})
    write_tree(tmp_path, "c", {"packages/a.zip": b"a2"}, {"packages"}, merge={"packages"})
    assert (tmp_path / "c/packages/a.zip").read_bytes() == b"a2"
    assert (tmp_path / "c/packages/b.zip").read_bytes() == b"b1"


def test_staging_writes_early_and_swaps_in_whole_at_commit(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        "c",
        {"html/a.html": b"a0", "html/old.html": b"o", "pdf/x.pdf": b"x"},
        {"html", "pdf"},
    )
    with Staging(tmp_path, "c") as staging:
        staging.write("html/a.html", b"a1")
        staging.write("html/gone.html", b"g")
        # Nothing of the course's folder changes before the commit, and the lock is held.
        assert (tmp_path / "c/html/a.html").read_bytes() == b"a0"
        with pytest.raises(CoursewareError, match="another build"):
            write_tree(tmp_path, "c", {"html/a.html": b"z"}, {"html"})
        staging.commit({"html/a.html": b"a1", "html/b.html": b"b1"}, {"html"})
    tree = {
        p.relative_to(tmp_path / "c").as_posix(): p.read_bytes()
        for p in (tmp_path / "c").rglob("*")
        if p.is_file()
    }
    # Written early, written at commit, carried over; not kept: a stale or unlisted file.
    assert tree == {"html/a.html": b"a1", "html/b.html": b"b1", "pdf/x.pdf": b"x"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".c.lock", "c"]


def test_staging_left_without_a_commit_changes_nothing(tmp_path: Path) -> None:
    write_tree(tmp_path, "c", {"html/a.html": b"a0"}, {"html"})
    with pytest.raises(KeyboardInterrupt), Staging(tmp_path, "c") as staging:
        staging.write("html/a.html", b"half")
        raise KeyboardInterrupt
    assert (tmp_path / "c/html/a.html").read_bytes() == b"a0"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".c.lock", "c"]
    write_tree(tmp_path, "c", {"html/a.html": b"a1"}, {"html"})  # the lock was let go
    assert (tmp_path / "c/html/a.html").read_bytes() == b"a1"


def test_unchanged_files_are_taken_from_the_last_build_without_being_written(
    tmp_path: Path,
) -> None:
    files = {"html/a.html": b"a", "html/b.html": b"b", "html/c.html": b"c", "html/d.html": b"d"}
    write_tree(tmp_path, "c", files, {"html"})
    html = tmp_path / "c" / "html"
    before = {p.name: p.stat().st_ino for p in html.iterdir()}
    (html / "c.html").write_bytes(b"X")  # edited in the output folder by hand, same size
    (html / "d.html").unlink()
    (html / "d.html").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "elsewhere").write_bytes(b"d")
    write_tree(tmp_path, "c", {**files, "html/b.html": b"B"}, {"html"})
    after = {p.name: p.stat().st_ino for p in html.iterdir()}
    # The same bytes: the same file (a hard link). Anything else is written anew.
    assert after["a.html"] == before["a.html"]
    assert after["b.html"] != before["b.html"] and (html / "b.html").read_bytes() == b"B"
    assert (html / "c.html").read_bytes() == b"c"
    assert not (html / "d.html").is_symlink() and (html / "d.html").read_bytes() == b"d"
    assert (tmp_path / "elsewhere").read_bytes() == b"d"


def _inode_flags(folder: Path) -> int | None:
    """The folder's inode flags (``lsattr``), or None where the file system keeps none."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        flags = array.array("l", [0])
        fcntl.ioctl(fd, write_module._FS_IOC_GETFLAGS, flags, True)
        return flags[0]
    except OSError:
        return None
    finally:
        os.close(fd)


def test_files_go_into_a_subfolder_of_a_folder_marked_top(tmp_path: Path) -> None:
    with Staging(tmp_path, "c") as staging:
        staging.write("html/a.html", b"a")
        assert staging.folder.parent == staging.wrapper
        assert (staging.folder / "html/a.html").read_bytes() == b"a"
        flags = _inode_flags(staging.wrapper)
        if flags is None or not flags & write_module._FS_TOPDIR_FL:
            pytest.skip("this file system keeps no 'top of hierarchy' flag (ext4 does)")
        # Only the temporary folder is marked: the flag is not handed down.
        assert not (_inode_flags(staging.folder) or 0) & write_module._FS_TOPDIR_FL
        staging.commit({"html/a.html": b"a"}, {"html"})
    assert sorted(p.name for p in tmp_path.iterdir()) == [".c.lock", "c"]
    assert not (_inode_flags(tmp_path / "c") or 0) & write_module._FS_TOPDIR_FL


def test_a_file_system_that_refuses_the_flag_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int] = []

    def refuse(fd: int, request: int, arg: array.array[int], mutate: bool = True) -> int:
        if request == write_module._FS_IOC_SETFLAGS:
            asked.append(arg[0])
        raise OSError(errno.ENOTTY, "Inappropriate ioctl for device")

    monkeypatch.setattr(fcntl, "ioctl", refuse)
    write_tree(tmp_path, "c", {"html/a.html": b"a"}, {"html"})
    monkeypatch.undo()
    assert asked == []  # reading the flags failed first: nothing was set
    calls: list[int] = []

    def refuse_set(fd: int, request: int, arg: array.array[int], mutate: bool = True) -> int:
        if request == write_module._FS_IOC_SETFLAGS:
            calls.append(arg[0])
            raise OSError(errno.EOPNOTSUPP, "Operation not supported")
        arg[0] = 0
        return 0

    monkeypatch.setattr(fcntl, "ioctl", refuse_set)
    write_tree(tmp_path, "c", {"html/a.html": b"a2"}, {"html"})
    monkeypatch.undo()
    assert calls == [write_module._FS_TOPDIR_FL]
    assert (tmp_path / "c/html/a.html").read_bytes() == b"a2"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".c.lock", "c"]
