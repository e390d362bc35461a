"""The real-LMS layer: a Moodle 5.1 installed once per test run from ``../shared/lms/moodle``.

The harness (``setup.sh``, its PHP scripts and ``play_scorm.mjs``) lives beside the repository
in ``../shared`` (CI always has it). Without it every test here skips, saying so; with it, a
failing ``setup.sh`` fails the tests (a broken harness must never pass as skipped). Moodle
goes into the git-ignored ``build/moodle`` of the repository, served on port 8471 during the
player runs (``COURSEWARE_MOODLE_PORT`` changes it). A file lock keeps pytest-xdist workers
from running ``setup.sh`` at the same time; it is idempotent, so the next worker only finds
everything done. ``COURSEWARE_MOODLE_HARNESS`` names another harness folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from courseware.load import LoadedCourse, load_course
from tests.validators import REPO_ROOT

HARNESS = Path(
    os.environ.get("COURSEWARE_MOODLE_HARNESS") or REPO_ROOT.parent / "shared" / "lms" / "moodle"
)
MOODLE_DIR = REPO_ROOT / "build" / "moodle"
PORT = os.environ.get("COURSEWARE_MOODLE_PORT", "8471")
SAMPLE = REPO_ROOT / "courses" / "aldeas-digitales"
HERE = Path(__file__).parent
SETUP_TIMEOUT = 900  # a bare machine adds apt-get and the first PostgreSQL start


@dataclass(frozen=True)
class Moodle:
    """A set-up harness Moodle: where it is and how to run its scripts."""

    dir: Path
    config: Path
    env: dict[str, str]

    def php(self, script: str | Path, *args: str | Path, timeout: float = 300) -> Run:
        """Run a harness PHP script (``php/<script>``, or a path) with ``$MOODLE_CONFIG`` set."""
        path = Path(script) if Path(script).is_absolute() else HARNESS / "php" / script
        return _run(["php", str(path), *map(str, args)], self.proc_env(), timeout)

    def proc_env(self) -> dict[str, str]:
        """The process environment for Moodle's CLI scripts."""
        return {**os.environ, "MOODLE_CONFIG": str(self.config)}


@dataclass(frozen=True)
class Run:
    """A finished script: exit code, stdout parsed as JSON (None if it is not), stderr."""

    code: int
    data: Any
    stdout: str
    stderr: str

    def describe(self) -> str:
        """Exit code and the ends of both streams, for assertion messages."""
        return f"exit {self.code}\nstdout: {self.stdout[-3000:]}\nstderr: {self.stderr[-3000:]}"


def _run(cmd: list[str], env: dict[str, str], timeout: float) -> Run:
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)
    try:
        data = json.loads(proc.stdout)
    except ValueError:
        data = None
    return Run(proc.returncode, data, proc.stdout, proc.stderr)


def _read_env(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {key: value for key, value in pairs}


def once_per_run(moodle: Moodle, name: str, run_id: str, compute: Callable[[], Any]) -> Any:
    """``compute()``'s JSON result, computed by the first pytest-xdist worker that asks.

    The others wait on a file lock and read that worker's result, so the work (for example
    the player runs, which need the one port) happens once per test run.
    """
    cache = moodle.dir.parent / f"moodle-{name}-{run_id}.json"
    with FileLock(str(moodle.dir.parent / f"moodle.{name}.lock"), timeout=SETUP_TIMEOUT):
        if cache.is_file():
            return json.loads(cache.read_text(encoding="utf-8"))
        for old in moodle.dir.parent.glob(f"moodle-{name}-*.json"):
            old.unlink()
        result = compute()
        cache.write_text(json.dumps(result), encoding="utf-8")
        return result


def play(moodle: Moodle, runs: list[str], out_dir: Path) -> dict[str, Any]:
    """``play.mjs`` over these ``CMID:MODE`` runs: its JSON (``runs``, ``log``).

    One player at a time (a file lock): each starts php -S on the one port."""
    with FileLock(str(moodle.dir.parent / "moodle.player.lock"), timeout=SETUP_TIMEOUT):
        proc = subprocess.run(
            [
                "node",
                str(HERE / "play.mjs"),
                str(moodle.dir),
                str(HARNESS),
                *runs,
                "--out",
                str(out_dir),
            ],
            capture_output=True,
            text=True,
            env=moodle.proc_env(),
            timeout=600,
        )
    data = json.loads(proc.stdout) if proc.stdout.strip().startswith("{") else None
    assert data is not None, f"play.mjs exit {proc.returncode}: {proc.stderr[-3000:]}"
    (out_dir / "play.json").write_text(proc.stdout, encoding="utf-8")
    return dict(data)


@pytest.fixture(scope="session")
def moodle() -> Moodle:
    """The harness Moodle in build/moodle: skips without ../shared, fails if setup fails."""
    if not (HARNESS / "setup.sh").is_file():
        pytest.skip(
            f"no Moodle harness at {HARNESS} (../shared/lms/moodle beside the repository); "
            "the real-LMS tests run where it exists, as in CI"
        )
    MOODLE_DIR.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(MOODLE_DIR.parent / "moodle.setup.lock"), timeout=SETUP_TIMEOUT):
        start = time.monotonic()
        proc = subprocess.run(
            ["bash", str(HARNESS / "setup.sh"), str(MOODLE_DIR), PORT],
            capture_output=True,
            text=True,
            timeout=SETUP_TIMEOUT,
        )
        took = time.monotonic() - start
    if proc.returncode != 0:
        pytest.fail(
            f"setup.sh {MOODLE_DIR} {PORT} failed (exit {proc.returncode}) after {took:.0f} s; "
            f"see {MOODLE_DIR}/setup.log\n{proc.stderr[-4000:]}",
            pytrace=False,
        )
    print(f"\n[tests/lms] setup.sh took {took:.1f} s", file=sys.stderr)
    env = _read_env(MOODLE_DIR / "env")
    return Moodle(MOODLE_DIR, Path(env["MOODLE_CONFIG"]), env)


@pytest.fixture(scope="session")
def sample_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample course's quiz files and packages, built with the CLI as a user would."""
    out = tmp_path_factory.mktemp("lms-dist")
    cmd = [sys.executable, "-m", "courseware", "build", str(SAMPLE), "--out", str(out)]
    cmd += ["--format", "quiz", "--format", "packages", "--quiet", "--jobs", "1"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out / SAMPLE.name


@pytest.fixture(scope="session")
def sample_course() -> LoadedCourse:
    """The sample course, loaded once."""
    return load_course(SAMPLE)


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """tests/validators/node_modules (playwright-core), installed by tests/run.sh."""
    folder = REPO_ROOT / "tests" / "validators" / "node_modules"
    assert (folder / "playwright-core").is_dir(), "run bash tests/run.sh (npm ci)"
    return folder
