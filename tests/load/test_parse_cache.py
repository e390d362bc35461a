"""Parsed YAML kept between builds: a file is parsed again only when its bytes change."""

from __future__ import annotations

import shutil
from pathlib import Path

from courseware.errors import CoursewareError
from courseware.incremental import Unit, UnitCache
from courseware.load import load_course
from courseware.load.yaml import YamlDocument, read_yaml_files

SAMPLE = Path(__file__).resolve().parents[2] / "courses" / "aldeas-digitales"


def _same(one: YamlDocument | CoursewareError, other: YamlDocument | CoursewareError) -> bool:
    if isinstance(one, CoursewareError) or isinstance(other, CoursewareError):
        return str(one) == str(other)
    return (
        one.path == other.path
        and one.data == other.data
        and one.positions.file == other.positions.file
        and one.positions.values == other.positions.values
        and one.positions.keys == other.positions.keys
    )


def test_only_changed_files_are_parsed_again(tmp_path: Path) -> None:
    root = tmp_path / "curso"
    shutil.copytree(SAMPLE, root)
    paths = sorted((root / "lessons").glob("*.yaml")) + sorted((root / "banks").glob("*.yaml"))
    broken = root / "roto.yaml"
    broken.write_text("a: [1\n", encoding="utf-8")
    paths.append(broken)
    cache = UnitCache()
    first = read_yaml_files(paths, cache=cache)
    parsed, reused = cache.log("yaml") or ([], [])
    assert parsed == sorted(str(p) for p in paths[:-1]) and reused == []  # errors: not kept
    again_cache = cache.successor()
    again = read_yaml_files(paths, cache=again_cache)
    assert all(_same(a, b) for a, b in zip(first, again, strict=True))
    parsed, reused = again_cache.log("yaml") or ([], [])
    assert parsed == [] and len(reused) == len(paths) - 1
    # One lesson edited: that file alone is parsed, and reads as a fresh parse would.
    lesson = paths[0]
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n# nota\n", encoding="utf-8")
    edited_cache = again_cache.successor()
    edited = read_yaml_files(paths, cache=edited_cache)
    assert (edited_cache.log("yaml") or ([], []))[0] == [str(lesson)]
    assert all(_same(a, b) for a, b in zip(edited, read_yaml_files(paths), strict=True))


def test_a_damaged_unit_is_parsed_again(tmp_path: Path) -> None:
    paths = sorted((SAMPLE / "lessons").glob("*.yaml"))[:2]
    cache = UnitCache()
    read_yaml_files(paths, cache=cache)
    for key in list(cache._new):
        cache._new[key] = Unit(b"not marshal data")
    again = cache.successor()
    documents = read_yaml_files(paths, cache=again)
    assert (again.log("yaml") or ([], []))[0] == sorted(str(p) for p in paths)
    assert all(_same(a, b) for a, b in zip(documents, read_yaml_files(paths), strict=True))


def test_a_course_loaded_through_the_cache_is_the_same(tmp_path: Path) -> None:
    cache = UnitCache()
    cold = load_course(SAMPLE, cache=cache)
    warm_cache = cache.successor()
    warm = load_course(SAMPLE, cache=warm_cache)
    assert warm.course == cold.course and warm.warnings == cold.warnings
    assert warm.files == cold.files
    lesson = warm.course.lessons()[0]
    assert lesson.span == cold.course.lessons()[0].span
    assert (warm_cache.log("yaml") or ([], []))[0] == []
