"""Building a folder of courses, and stable shards of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from courseware import build as build_module
from courseware.cli import main
from courseware.load import LoadedCourse

MINI = Path(__file__).parent / "load" / "testdata" / "mini"


@pytest.fixture
def catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    def page(
        loaded: LoadedCourse, done: object, settings: object, cache: object
    ) -> tuple[dict[str, bytes], list[object]]:
        return {"index.html": loaded.course.title.encode()}, []

    monkeypatch.setattr(build_module, "PRODUCERS", {"html": page})
    root = tmp_path / "courses"
    for name in ["alfa", "beta", "gamma", "delta", "epsilon"]:
        shutil.copytree(MINI, root / name)
        course = root / name / "course.yaml"
        course.write_text(course.read_text().replace("id: mini", f"id: {name}"))
    (root / "not-a-course").mkdir()
    return root


def test_build_every_course_of_a_folder(catalogue: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    assert main(["build", str(catalogue), "--out", str(out), "-q"]) == 0
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "alfa",
        "beta",
        "delta",
        "epsilon",
        "gamma",
    ]


def test_shards_partition_the_catalogue(catalogue: Path, tmp_path: Path) -> None:
    built: list[set[str]] = []
    for index in (1, 2, 3):
        out = tmp_path / f"dist{index}"
        assert (
            main(["build", str(catalogue), "--out", str(out), "-q", "--shard", f"{index}/3"]) == 0
        )
        names = (
            {p.name for p in out.iterdir() if not p.name.startswith(".")} if out.exists() else set()
        )
        built.append(names)
    assert set().union(*built) == {"alfa", "beta", "gamma", "delta", "epsilon"}
    assert sum(len(b) for b in built) == 5
    # Stable: the same shard again builds the same courses.
    again = tmp_path / "again"
    main(["build", str(catalogue), "--out", str(again), "-q", "--shard", "1/3"])
    assert (
        {p.name for p in again.iterdir() if not p.name.startswith(".")} if again.exists() else set()
    ) == built[0]


def test_one_broken_course_fails_the_run_but_others_build(catalogue: Path, tmp_path: Path) -> None:
    (catalogue / "beta" / "course.yaml").write_text("id: [\n")
    out = tmp_path / "dist"
    assert main(["build", str(catalogue), "--out", str(out), "-q"]) == 1
    assert (out / "alfa" / "html" / "index.html").exists()
    assert not (out / "beta").exists()


def test_bad_shard_is_a_clean_error(catalogue: Path, tmp_path: Path) -> None:
    assert main(["build", str(catalogue), "--out", str(tmp_path), "--shard", "4/3"]) == 1
