"""Windows and macOS, as far as this Linux machine can play them: ``check`` and a build of
the sample course with ``fcntl``, ``os.fork`` and ``select.poll`` gone and ``sys.platform``
set to ``win32`` or ``darwin`` (tests/platforms/sitecustomize.py), byte for byte what a
normal build makes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "courses" / "aldeas-digitales"
SHIM = Path(__file__).resolve().parent / "platforms"
BUILD = ["build", str(SAMPLE), "-q", "-f", "html", "-f", "quiz", "-f", "packages"]
PROBE = """
import os, select, sys
print(sys.platform, hasattr(os, "fork"), hasattr(select, "poll"))
try:
    import fcntl
except ImportError:
    print("no-fcntl")
"""


def courseware(args: list[str], platform: str = "", cwd: Path | None = None) -> str:
    """Run the CLI in a fresh interpreter (as ``platform``); its standard error."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    if platform:
        env["PYTHONPATH"] = os.pathsep.join([str(SHIM), str(ROOT)])
        env["COURSEWARE_TEST_PLATFORM"] = platform
    if platform:  # the shim is in force
        seen = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True)
        assert seen.stdout.decode().split() == [platform, "False", "False", "no-fcntl"]
    result = subprocess.run(
        [sys.executable, "-m", "courseware", *args], env=env, cwd=cwd, capture_output=True
    )
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    return result.stderr.decode()


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def normal(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("linux")
    courseware([*BUILD, "-o", str(out)])
    return tree(out / "aldeas-digitales")


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_check_and_build_as_another_platform_make_the_same_bytes(
    platform: str, normal: dict[str, bytes], tmp_path: Path
) -> None:
    assert "ok" in courseware(["check", str(SAMPLE)], platform)
    out = tmp_path / "dist"
    courseware([*BUILD, "-o", str(out)], platform)
    built = tree(out / "aldeas-digitales")
    assert sorted(built) == sorted(normal)
    assert [name for name in built if built[name] != normal[name]] == []
    # The no-op stamp works there too.
    assert "up to date" in courseware([*BUILD[:2], *BUILD[3:], "-o", str(out)], platform)
