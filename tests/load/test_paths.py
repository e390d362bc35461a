"""real_path is os.path.realpath, with folders remembered until forget_folders()."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from courseware.load.paths import PathEscapeError, forget_folders, real_path, resolve_inside


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "course" / "lessons").mkdir(parents=True)
    (tmp_path / "course" / "lessons" / "a.yaml").write_text("id: a\n")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.yaml").write_text("x: 1\n")
    (tmp_path / "course" / "link-dir").symlink_to(tmp_path / "outside")
    (tmp_path / "course" / "lessons" / "link.yaml").symlink_to(tmp_path / "outside/secret.yaml")
    (tmp_path / "course" / "lessons" / "loop.yaml").symlink_to("loop.yaml")
    return tmp_path


@pytest.mark.parametrize(
    "relative",
    [
        "course/lessons/a.yaml",
        "course/lessons/missing.yaml",
        "course/lessons/link.yaml",
        "course/link-dir/secret.yaml",
        "course/lessons/../lessons/a.yaml",
        "course/lessons/..",
        "course/lessons/.",
        "course/lessons/",
        "course/lessons/loop.yaml",
        "course/missing-dir/x.yaml",
        "course/lessons/a.yaml/x",
    ],
)
def test_real_path_agrees_with_realpath(tree: Path, relative: str) -> None:
    forget_folders()
    path = os.path.join(tree, relative)
    assert real_path(path) == os.path.realpath(path)
    assert real_path(path) == os.path.realpath(path)  # and again, from what it remembers


def test_a_folder_replaced_by_a_link_is_seen_after_forget_folders(tree: Path) -> None:
    root = tree / "course"
    forget_folders()
    assert resolve_inside(root, "lessons/a.yaml") == (root / "lessons/a.yaml").resolve()
    lessons = root / "lessons"
    lessons.rename(root / "old-lessons")
    lessons.symlink_to(tree / "outside")
    (tree / "outside" / "a.yaml").write_text("x: 2\n")
    forget_folders()
    with pytest.raises(PathEscapeError):
        resolve_inside(root, "lessons/a.yaml")


def test_a_file_replaced_by_a_link_is_seen_at_once(tree: Path) -> None:
    root = tree / "course"
    forget_folders()
    resolve_inside(root, "lessons/a.yaml")
    (root / "lessons" / "a.yaml").unlink()
    (root / "lessons" / "a.yaml").symlink_to(tree / "outside/secret.yaml")
    with pytest.raises(PathEscapeError):
        resolve_inside(root, "lessons/a.yaml")
