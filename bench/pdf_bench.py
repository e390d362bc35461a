"""PDF build time of a course against WeasyPrint drawing the same HTML directly.

WeasyPrint's own time is the floor of this design: ``render_pdfs`` first renders every
document to HTML (``plan_pdfs``), then asks WeasyPrint for the PDFs in a process pool.
This script times

- ``ours``: ``render_pdfs`` as the build calls it (plan + pool + confined fetcher + PDF/UA);
- ``plan``: the HTML rendering alone;
- ``weasy serial``: WeasyPrint on the same HTML strings, one after another, in this process;
- ``weasy parallel``: the same in a plain ``multiprocessing`` pool of ``--jobs`` processes;

and prints the overhead of ours over WeasyPrint in parallel. Each figure is the best of
``--repeat`` runs, as wall time and as CPU time of this process and its workers (CPU time
is the steadier one on a busy machine).

    python bench/pdf_bench.py [courses/aldeas-digitales] [--jobs N] [--repeat 3]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from courseware.load import load_course  # noqa: E402
from courseware.render.pdf import (  # noqa: E402
    PDF_VARIANT,
    PdfJob,
    PdfOptions,
    plan_pdfs,
    render_pdfs,
)


def _weasy(job: PdfJob) -> tuple[float, int]:
    """WeasyPrint alone: default fetcher and options, same HTML and base URL."""
    import weasyprint

    started = time.perf_counter()
    data = weasyprint.HTML(string=job.html, base_url=job.base_url).write_pdf()
    return time.perf_counter() - started, len(data)


def _weasy_ua(job: PdfJob) -> tuple[float, int]:
    """WeasyPrint with the PDF/UA variant we ask for (tags cost time)."""
    import weasyprint

    started = time.perf_counter()
    data = weasyprint.HTML(string=job.html, base_url=job.base_url).write_pdf(
        pdf_variant=PDF_VARIANT
    )
    return time.perf_counter() - started, len(data)


def _warm() -> None:
    import weasyprint  # noqa: F401


def _parallel(jobs: list[PdfJob], workers: int, task: Callable[[PdfJob], object]) -> None:
    ordered = sorted(jobs, key=lambda j: -j.cost())
    with multiprocessing.get_context("fork").Pool(workers, initializer=_warm) as pool:
        pool.map(task, ordered, chunksize=1)


def _cpu() -> float:
    me, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def _measure(runs: int, action: Callable[[], object]) -> tuple[float, float]:
    """Best wall time and CPU time (this process and its workers) of ``runs`` runs."""
    best = (float("inf"), float("inf"))
    for _ in range(runs):
        wall, cpu = time.perf_counter(), _cpu()
        action()
        best = min(best, (time.perf_counter() - wall, _cpu() - cpu))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("course", nargs="?", default=str(ROOT / "courses" / "aldeas-digitales"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    loaded = load_course(args.course)
    jobs = plan_pdfs(loaded).jobs
    print(f"course: {loaded.course.id}: {len(jobs)} PDFs; cores: {os.cpu_count()}", end="")
    print(f", jobs: {args.jobs}; best of {args.repeat} (wall and CPU of all processes)")

    def ours(workers: int) -> None:
        files, issues = render_pdfs(loaded, PdfOptions(jobs=workers))
        assert len(files) == len(jobs), [i.format() for i in issues]

    # Ours in parallel first: this process must not have imported WeasyPrint yet, as in a build.
    rows = [
        (f"ours, parallel (jobs={args.jobs})", _measure(args.repeat, lambda: ours(args.jobs))),
        (
            f"WeasyPrint direct, parallel ({args.jobs})",
            _measure(args.repeat, lambda: _parallel(jobs, args.jobs, _weasy)),
        ),
        (
            f"WeasyPrint direct + PDF/UA, parallel ({args.jobs})",
            _measure(args.repeat, lambda: _parallel(jobs, args.jobs, _weasy_ua)),
        ),
        ("plan (HTML of every document)", _measure(args.repeat, lambda: plan_pdfs(loaded))),
    ]
    import weasyprint  # noqa: F401  (the serial runs must not count the import)

    rows += [
        ("ours, serial (jobs=1)", _measure(1, lambda: ours(1))),
        ("WeasyPrint direct, serial", _measure(1, lambda: [_weasy(job) for job in jobs])),
        (
            "WeasyPrint direct + PDF/UA, serial",
            _measure(1, lambda: [_weasy_ua(job) for job in jobs]),
        ),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"{'':<{width}}  {'wall':>8}  {'CPU':>8}")
    for name, (wall, cpu) in rows:
        print(f"{name:<{width}}  {wall:7.2f}s  {cpu:7.2f}s")
    times = dict(rows)
    ours_p, ua_p, plain_p = (times[name] for name, _ in rows[:3])
    for label, (wall, cpu) in (("WeasyPrint + PDF/UA", ua_p), ("plain WeasyPrint", plain_p)):
        print(
            f"ours over {label}, parallel: wall {ours_p[0] / wall:.2f}x ({ours_p[0] - wall:+.2f}s),"
            f" CPU {ours_p[1] / cpu:.2f}x ({ours_p[1] - cpu:+.2f}s)"
        )
    serial = times["ours, serial (jobs=1)"][0]
    print(f"parallel speed-up of ours: {serial / ours_p[0]:.2f}x with {args.jobs} jobs")


if __name__ == "__main__":
    main()
