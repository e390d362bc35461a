"""Atomic output: a failed or killed build never leaves dist/ half-written or lost."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from courseware import build as build_module
from courseware import write as write_module
from courseware.build import build_course
from courseware.errors import CoursewareError, Issue
from courseware.load import LoadedCourse
from courseware.write import build_lock, recover, write_tree

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
        loaded: LoadedCourse, done: object, settings: object, cache: object
    ) -> tuple[dict[str, bytes], list[Issue]]:
        return {"index.html": b"good"}, []

    def bad(
        loaded: LoadedCourse, done: object, settings: object, cache: object
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
    # Nothing of the failed build is left behind.
    assert sorted(p.name for p in out.iterdir()) == [".courseware", ".mini.lock", "mini"]
    # A content error also leaves it alone.
    (course / "lessons/01-uno.yaml").write_text("id: [\n", encoding="utf-8")
    monkeypatch.setattr(build_module, "PRODUCERS", {"html": good, "quiz": good})
    with pytest.raises(CoursewareError):
        build_course(course, out)
    assert {p: p.read_bytes() for p in (out / "mini").rglob("*") if p.is_file()} == before


def test_an_output_rebuilt_holds_only_what_this_build_made(tmp_path: Path) -> None:
    first = {"packages/a.zip": b"a1", "packages/b.zip": b"b1", "html/index.html": b"i"}
    write_tree(tmp_path, "c", first, {"packages", "html"})
    write_tree(tmp_path, "c", {"packages/a.zip": b"a2"}, {"packages"})
    assert (tmp_path / "c/packages/a.zip").read_bytes() == b"a2"
    assert not (tmp_path / "c/packages/b.zip").exists()  # stale: not built this time
    assert (tmp_path / "c/html/index.html").read_bytes() == b"i"  # an output not built: kept


class _Interrupted(dict[str, bytes]):
    """Files whose writing is interrupted (Ctrl-C) after the first."""

    def items(self) -> Any:
        first = next(iter(self))
        yield first, self[first]
        raise KeyboardInterrupt


def test_an_interrupted_write_changes_nothing_and_lets_the_lock_go(tmp_path: Path) -> None:
    write_tree(tmp_path, "c", {"html/a.html": b"a0"}, {"html"})
    files = _Interrupted({"html/a.html": b"half", "html/b.html": b"half"})
    with pytest.raises(KeyboardInterrupt):
        write_tree(tmp_path, "c", files, {"html"})
    assert (tmp_path / "c/html/a.html").read_bytes() == b"a0"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".c.lock", "c"]
    write_tree(tmp_path, "c", {"html/a.html": b"a1"}, {"html"})  # the lock was let go
    assert (tmp_path / "c/html/a.html").read_bytes() == b"a1"


def test_an_output_folder_that_is_a_file_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "dist").write_bytes(b"not a folder")
    with pytest.raises(CoursewareError) as info:
        write_tree(tmp_path / "dist", "c", {"html/a.html": b"a"}, {"html"})
    assert [i.message for i in info.value.issues] == [
        f"the output folder {tmp_path / 'dist'} is a file"
    ]


class _FakeMsvcrt:
    """``msvcrt.locking`` as Windows does it, on a POSIX file lock (for the Windows path)."""

    LK_NBLCK, LK_UNLCK = 2, 0
    __name__ = "msvcrt"

    def __init__(self, posix: Any) -> None:
        self.posix = posix
        self.calls: list[int] = []

    def locking(self, fd: int, mode: int, size: int) -> None:
        self.calls.append(mode)
        if mode == self.LK_UNLCK:
            self.posix.flock(fd, self.posix.LOCK_UN)
            return
        try:
            self.posix.flock(fd, self.posix.LOCK_EX | self.posix.LOCK_NB)
        except BlockingIOError:
            raise OSError(errno.EACCES, "Permission denied") from None


def test_the_windows_lock_refuses_a_second_build_and_is_let_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _FakeMsvcrt(pytest.importorskip("fcntl"))
    monkeypatch.setattr(write_module, "_locking", lambda: fake)
    with build_lock(tmp_path, "c"), pytest.raises(CoursewareError, match="another build"):
        write_tree(tmp_path, "c", {"html/x": b"1"}, {"html"})
    write_tree(tmp_path, "c", {"html/x": b"2"}, {"html"})
    assert (tmp_path / "c/html/x").read_bytes() == b"2"
    assert fake.calls == [2, 2, 0, 2, 0]


def test_a_refused_write_is_said_in_the_instructors_language(tmp_path: Path) -> None:
    from courseware.i18n import speaking

    full = OSError(errno.ENOSPC, "No space left on device")
    with speaking("es"):
        issue = write_module.write_error(tmp_path, full)
    assert issue.message == f"no queda espacio en el disco de {tmp_path}"
    assert issue.hint == "libere espacio y vuelva a compilar; la última salida no ha cambiado"
    assert write_module.write_error(tmp_path, full).message.startswith("no space left on the disk")


def test_a_locked_output_is_said_in_the_instructors_language(tmp_path: Path) -> None:
    from courseware.errors import CoursewareError
    from courseware.i18n import speaking

    with (
        write_module.build_lock(tmp_path, "c"),
        speaking("es"),
        pytest.raises(CoursewareError) as caught,
        write_module.build_lock(tmp_path, "c"),
    ):
        pass
    (issue,) = caught.value.issues
    assert issue.message.startswith("otra compilación de 'c' está escribiendo en ")
    assert issue.hint == "espere a que termine, o compile en otra carpeta con --out"
