"""PDF build time of a course against WeasyPrint drawing the same documents.

WeasyPrint's own time is the floor of this design: ``render_pdfs`` first renders every
document to HTML (``plan_pdfs``), then asks WeasyPrint for the PDFs in a process pool.
Each variant below runs in a child process of its own, and the variants take turns in
every round (side by side), so a change in the machine's load hits them alike:

- ``ours N`` / ``ours 1``: ``render_pdfs`` as the build calls it (plan + pool + confined
  fetcher + PDF/UA), with N worker processes or in one process;
- ``weasy N`` / ``weasy+UA N`` / ``weasy+UA 1``: WeasyPrint on the same HTML strings
  (default fetcher), plain or with the PDF/UA variant ours asks for (the same work);
- ``build N``: ``courseware build`` of every output (HTML, instructor view, quizzes, PDFs,
  EPUB, packages) into an empty folder, as a user runs it.

For each: wall time of the work (the child's imports and course loading excluded, except
for ``build``, which is all work) and CPU time of the child and every process under it
(on Linux the benchmark adopts orphaned workers, such as the fork server's, to count
them). Best and median of ``--repeat`` rounds, and the load average around each round.

    python bench/pdf_bench.py [courses/aldeas-digitales] [--jobs N] [--repeat 3]
                              [--parallel-only] [--json FILE]

``--parallel-only`` runs only ``ours N``, ``weasy N`` and ``weasy+UA N`` (bench/run.py
uses it for larger courses); ``--json`` also writes {name: [best wall, best CPU]} to FILE,
those three first.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PARALLEL = ["ours N", "weasy N", "weasy+UA N"]
SERIAL = ["ours 1", "weasy+UA 1"]
BUILD = ["build N"]


# --- in the child: one variant ----------------------------------------------------------


def _direct_jobs(course: str) -> list[Any]:
    """The planned documents, with the planner's virtual root URLs made real again.

    Why: WeasyPrint's default fetcher cannot read ``file:///courseware-root-N/`` URLs (our
    confined fetcher maps them back); without this, WeasyPrint would draw the documents
    without their stylesheet and images, which is faster and not the same work.
    """
    import re
    from dataclasses import replace

    from courseware.load import load_course
    from courseware.render.pdf import plan_pdfs

    virtual = re.compile(r"file:///courseware-root-(\d+)/")
    jobs = []
    for job in plan_pdfs(load_course(course)).jobs:

        def real(match: re.Match[str], roots: tuple[str, ...] = job.roots) -> str:
            return Path(roots[int(match[1])]).resolve().as_uri() + "/"

        html, base = virtual.sub(real, job.html), virtual.sub(real, job.base_url)
        jobs.append(replace(job, html=html, base_url=base))
    return sorted(jobs, key=lambda j: -j.cost())


def _weasy(job: Any) -> int:
    import weasyprint

    return len(weasyprint.HTML(string=job.html, base_url=job.base_url).write_pdf())


def _weasy_ua(job: Any) -> int:
    import weasyprint

    from courseware.render.pdf import PDF_VARIANT

    html = weasyprint.HTML(string=job.html, base_url=job.base_url)
    return len(html.write_pdf(pdf_variant=PDF_VARIANT))


def _warm() -> None:
    import weasyprint  # noqa: F401


def _pool(jobs: list[Any], workers: int, task: Callable[[Any], int]) -> int:
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(workers, initializer=_warm) as pool:
        return sum(pool.map(task, jobs, chunksize=1))


def _prepare(name: str, course: str, workers: int, out: str) -> Callable[[], int]:
    """The work of variant ``name`` as a function returning the bytes it made."""
    if name.startswith("ours"):
        from courseware.load import load_course
        from courseware.render.pdf import PdfOptions, render_pdfs

        loaded = load_course(course)
        jobs = 1 if name.endswith(" 1") else workers

        def ours() -> int:
            files, issues = render_pdfs(loaded, PdfOptions(jobs=jobs))
            assert files, [i.format() for i in issues]
            return sum(len(d) for d in files.values())

        return ours
    if name.startswith("weasy"):
        planned = _direct_jobs(course)
        task = _weasy_ua if "UA" in name else _weasy
        if name.endswith(" 1"):
            return lambda: sum(task(job) for job in planned)
        return lambda: _pool(planned, workers, task)
    from courseware.cli import main

    def build() -> int:  # no -f: every output the course asks for (the sample: all)
        assert main(["build", course, "-o", out, "-q", "-j", str(workers)]) == 0
        return sum(p.stat().st_size for p in Path(out).rglob("*") if p.is_file())

    return build


def child(name: str, course: str, workers: int, out: str) -> None:
    """Run one variant; print its wall time and the CPU time spent before the work."""
    work = _prepare(name, course, workers, out)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    before = usage.ru_utime + usage.ru_stime
    started = time.perf_counter()
    size = work()
    wall = time.perf_counter() - started
    print(json.dumps({"wall": wall, "setup_cpu": before, "bytes": size}))


# --- in the parent: rounds side by side --------------------------------------------------


def _adopt_orphans() -> bool:
    """Become the reaper of orphaned descendants (Linux), so their CPU time is counted."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0  # SUBREAPER
    except (OSError, AttributeError):
        return False


def _reap() -> None:
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(name: str, course: str, workers: int) -> tuple[float, float, int]:
    """(wall, CPU, bytes) of one run of ``name`` in a fresh child process."""
    with tempfile.TemporaryDirectory() as out:
        cpu = _children_cpu()
        done = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                name,
                course,
                "--jobs",
                str(workers),
                "--child-out",
                out,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        _reap()
        if done.returncode != 0:
            raise SystemExit(f"{name} failed:\n{done.stderr[-3000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        spent = _children_cpu() - cpu - result["setup_cpu"]
        return result["wall"], spent, result["bytes"]


def _load() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("course", nargs="?", default=str(ROOT / "courses" / "aldeas-digitales"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--parallel-only", action="store_true", help="skip serial and build")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--child-out", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.course, args.jobs, args.child_out)
        return
    adopted = _adopt_orphans()
    names = PARALLEL + ([] if args.parallel_only else SERIAL + BUILD)
    runs: dict[str, list[tuple[float, float, int]]] = {n: [] for n in names}
    loads: list[float] = []
    print(f"course: {args.course}; cores: {os.cpu_count()}; N = {args.jobs}; ", end="")
    print(f"{args.repeat} rounds; CPU of workers counted: {'yes' if adopted else 'not all'}")
    for round_no in range(args.repeat):
        loads.append(_load())
        order = names[round_no % len(names) :] + names[: round_no % len(names)]
        for name in order:
            runs[name].append(run_once(name, args.course, args.jobs))
        loads.append(_load())
        print(f"round {round_no + 1}: " + ", ".join(f"{n} {runs[n][-1][0]:.2f}s" for n in names))
    report(runs, loads, args)


def _pairs(runs: dict[str, list[tuple[float, float, int]]], a: str, b: str, i: int) -> str:
    """Median and range of the per-round ratios a / b (index 0 wall, 1 CPU)."""
    ratios = sorted(x[i] / y[i] for x, y in zip(runs[a], runs[b], strict=True))
    return f"{statistics.median(ratios):.2f}x ({ratios[0]:.2f}-{ratios[-1]:.2f})"


def report(runs: dict[str, list[tuple[float, float, int]]], loads: list[float], args: Any) -> None:
    """The table, the ratios asked for, and the JSON figures."""
    print(f"load average (1 min) around the rounds: {min(loads):.1f}-{max(loads):.1f}")
    print(f"{'':<12} {'wall best':>9} {'median':>7} {'CPU best':>9} {'median':>7}  bytes")
    for name, rows in runs.items():
        walls, cpus = [r[0] for r in rows], [r[1] for r in rows]
        print(
            f"{name:<12} {min(walls):8.2f}s {statistics.median(walls):6.2f}s"
            f" {min(cpus):8.2f}s {statistics.median(cpus):6.2f}s  {rows[-1][2]:,}"
        )
    print("per-round ratios, median (range):")
    print(f"  ours N / weasy+UA N:  wall {_pairs(runs, 'ours N', 'weasy+UA N', 0)},", end="")
    print(f" CPU {_pairs(runs, 'ours N', 'weasy+UA N', 1)}   (target <= 1.10)")
    print(f"  ours N / weasy N:     wall {_pairs(runs, 'ours N', 'weasy N', 0)}")
    if "ours 1" in runs:
        print(f"  ours 1 / ours N:      wall {_pairs(runs, 'ours 1', 'ours N', 0)}   (>= 1.8)")
        print(f"  weasy+UA 1 / N:       wall {_pairs(runs, 'weasy+UA 1', 'weasy+UA N', 0)}")
        print(f"  build N / weasy+UA N: wall {_pairs(runs, 'build N', 'weasy+UA N', 0)},", end="")
        print(f" CPU {_pairs(runs, 'build N', 'weasy+UA N', 1)}   (<= 1.0; stretch 0.7)")
    if args.json:
        figures = {
            n: [round(min(r[0] for r in rows), 3), round(min(r[1] for r in rows), 3)]
            for n, rows in runs.items()
        }
        from courseware.load import load_course
        from courseware.render.pdf import plan_pdfs

        pdfs = len(plan_pdfs(load_course(args.course)).jobs)
        summary = {"pdfs": pdfs, "jobs": args.jobs, "cores": os.cpu_count(), "loads": loads}
        args.json.write_text(json.dumps({**summary, "figures": figures}, indent=2), "utf-8")


if __name__ == "__main__":
    main()
