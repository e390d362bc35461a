#!/usr/bin/env python3
"""A/B of two versions of courseware: cold HTML builds of one synthetic course, interleaved.

    python bench/ab.py BASE [--lessons 1000] [--runs 8] [--work DIR]

BASE is a commit (or any git revision) of this repository; it is compared with the working
tree. The two versions build the same course, alternating A B B A A B... so that the
machine's drift (±20% from minute to minute on shared VMs) falls on both. It prints the
median and range of each version's wall time and CPU (user, system; children included),
and checks that both built the same bytes.

The base is exported with its own ``themes/`` next to its ``courseware/`` (``git archive``),
never linked to the working tree's. A built-in theme is trusted only where the toolkit
itself keeps it, so a linked copy would be drawn in Jinja2's sandbox, about a third slower,
and make any change look better than it is.
"""

from __future__ import annotations

import argparse
import filecmp
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from gen_course import generate  # noqa: E402


def export(revision: str, folder: Path) -> Path:
    """``courseware/`` and ``themes/`` of ``revision``, with bytecode, in ``folder``."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", revision, "courseware", "themes"],
        check=True,
        capture_output=True,
    ).stdout
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    compile_tree(folder)
    return folder


def compile_tree(folder: Path) -> None:
    """Bytecode for ``folder/courseware`` (an installed wheel has it; an editable tree may not)."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(folder / "courseware")], check=True
    )


def build(source: Path, course: Path, out: Path) -> tuple[float, float, float]:
    """(wall, user, system) seconds of one cold HTML build by the courseware in ``source``."""
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(source)}
    command = [sys.executable, "-m", "courseware", "build", str(course), "-q", "-f", "html"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    # Run from the course's parent so that no other courseware is found first on sys.path.
    subprocess.run(
        [*command, "-o", str(out)],
        cwd=course.parent,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime


def same_output(first: Path, second: Path) -> bool:
    """True if two output folders hold the same files with the same bytes."""
    compared = filecmp.dircmp(first, second, ignore=[".courseware"])
    stack = [compared]
    while stack:
        item = stack.pop()
        if item.left_only or item.right_only or item.funny_files:
            return False
        _, mismatch, errors = filecmp.cmpfiles(item.left, item.right, item.common_files, False)
        if mismatch or errors:
            return False
        stack.extend(item.subdirs.values())
    return True


def describe(name: str, runs: list[tuple[float, float, float]]) -> str:
    walls, users, systems = ([r[i] for r in runs] for i in range(3))
    return (
        f"{name}: wall median {statistics.median(walls):.3f} s "
        f"({min(walls):.3f}-{max(walls):.3f}), user {statistics.median(users):.2f} s, "
        f"sys {statistics.median(systems):.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base", help="git revision to compare the working tree with")
    parser.add_argument("--lessons", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=8, help="builds of each version")
    parser.add_argument("--work", type=Path, default=Path("/tmp/courseware-ab"))
    args = parser.parse_args()

    work = args.work.resolve()
    sources = {"base": export(args.base, work / "base"), "work": REPO}
    compile_tree(REPO)
    course = generate(work / f"n{args.lessons}", args.lessons)
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in sources}
    order = list(sources)
    for run in range(args.runs):
        for name in order if run % 2 == 0 else reversed(order):
            results[name].append(build(sources[name], course, work / f"out-{name}"))
    for name, runs in results.items():
        print(describe(f"{name:4s}", runs))
    identical = same_output(work / "out-base", work / "out-work")
    print("same bytes" if identical else "the two versions built different bytes")


if __name__ == "__main__":
    main()
