"""Property-based hardening: any course tree either loads (and builds) or yields
diagnostics, never a crash.

The long profile (10,000 examples; a quarter of them for whole builds) runs from
bench/fuzz.py; CI runs a short one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from courseware.errors import CoursewareError
from courseware.load import load_course

MINI = Path(__file__).resolve().parents[1] / "load" / "testdata" / "mini"
EXAMPLES = int(os.environ.get("COURSEWARE_FUZZ_EXAMPLES", "40"))
PROFILE = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)

FILES = ["course.yaml", "lessons/01-uno.yaml", "banks/b.yaml"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.text(min_size=5000, max_size=20000, alphabet="ab ñ"),
)
values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(max_size=12), inner, max_size=4),
    ),
    max_leaves=12,
)


def _assert_diagnostics_are_sane(error: CoursewareError) -> None:
    assert error.issues, "an error must carry at least one diagnostic"
    for issue in error.issues:
        assert issue.message
        if issue.span is not None:
            assert issue.span.line >= 1 and issue.span.column >= 1


def _load(root: Path) -> None:
    try:
        load_course(root)
    except CoursewareError as error:
        _assert_diagnostics_are_sane(error)


def _copy() -> Path:
    root = Path(tempfile.mkdtemp(prefix="fuzz-")) / "mini"
    shutil.copytree(MINI, root)
    return root


def _build(root: Path) -> None:
    """A whole HTML build on two cores, its pages drawn by a forked worker (the checks run
    meanwhile): it builds, or it reports diagnostics and leaves no output behind."""
    from courseware.build import BuildSettings, build_course
    from courseware.render import html

    out = root.parent / "dist"
    drawn_here = html.PARALLEL_PAGES
    html.PARALLEL_PAGES = 1
    try:
        build_course(root, out, ["html"], settings=BuildSettings(jobs=2))
    except CoursewareError as error:
        _assert_diagnostics_are_sane(error)
        left = sorted(p.name for p in out.iterdir()) if out.exists() else []
        kept = [n for n in left if n == ".courseware" or (n[0] == "." and n.endswith(".lock"))]
        assert left == kept  # the cache and the lock file only: nothing half-written
    else:
        assert (out / "mini" / "html" / "index.html").is_file()
    finally:
        html.PARALLEL_PAGES = drawn_here


def _edited(root: Path, file: str, pick: int, new: Any, delete: bool) -> None:
    """``file`` with one of its values (chosen by ``pick``) replaced by ``new`` or deleted."""
    path = root / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    targets = [p for p in _paths(data) if p]
    target = targets[pick % len(targets)]
    parent = data
    for part in target[:-1]:
        parent = parent[part]
    if delete:
        del parent[target[-1]]
    else:
        parent[target[-1]] = new
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out.extend(_paths(value, (*prefix, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out.extend(_paths(value, (*prefix, index)))
    return out


@PROFILE
@given(file=st.sampled_from(FILES), pick=st.integers(min_value=0), new=values, delete=st.booleans())
@example(file="course.yaml", pick=954_157_281_615, new=True, delete=False)  # found by bench/fuzz.py
def test_replacing_or_deleting_any_value_never_crashes(
    file: str, pick: int, new: Any, delete: bool
) -> None:
    root = _copy()
    try:
        _edited(root, file, pick, new, delete)
        _load(root)
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)


@settings(PROFILE, max_examples=max(EXAMPLES // 4, 10))
@given(file=st.sampled_from(FILES), pick=st.integers(min_value=0), new=values, delete=st.booleans())
def test_replacing_or_deleting_any_value_never_crashes_a_build(
    file: str, pick: int, new: Any, delete: bool
) -> None:
    root = _copy()
    try:
        _edited(root, file, pick, new, delete)
        _build(root)
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)


@PROFILE
@given(
    file=st.sampled_from(FILES),
    junk=st.binary(max_size=300),
    position=st.floats(min_value=0, max_value=1),
    mode=st.sampled_from(["insert", "replace", "bom", "crlf", "tabs", "deep", "truncate"]),
)
def test_corrupted_bytes_never_crash(file: str, junk: bytes, position: float, mode: str) -> None:
    root = _copy()
    try:
        path = root / file
        raw = path.read_bytes()
        at = int(len(raw) * position)
        if mode == "insert":
            raw = raw[:at] + junk + raw[at:]
        elif mode == "replace":
            raw = raw[:at] + junk + raw[at + len(junk) :]
        elif mode == "bom":
            raw = b"\xef\xbb\xbf" + raw
        elif mode == "crlf":
            raw = raw.replace(b"\n", b"\r\n")
        elif mode == "tabs":
            raw = raw.replace(b"  ", b"\t", 1 + at % 5)
        elif mode == "deep":
            raw = raw + b"extra: " + b"[" * 200 + b"]" * 200 + b"\n"
        else:
            raw = raw[:at]
        path.write_bytes(raw)
        _load(root)
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)


def test_deeply_nested_block_mapping_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    nested = "".join("  " * i + f"k{i}:\n" for i in range(100)) + "  " * 100 + "v: 1\n"
    (root / "lessons/01-uno.yaml").write_text(nested, encoding="utf-8")
    try:
        load_course(root)
    except CoursewareError as error:
        assert any(i.code == "yaml-too-deep" for i in error.issues)
    else:
        raise AssertionError("a 100-level document must be refused")
