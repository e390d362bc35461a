"""PDF build time of a course against WeasyPrint drawing the same HTML directly.

WeasyPrint's own time is the floor of this design: ``render_pdfs`` first renders every
document to HTML (``plan_pdfs``), then asks WeasyPrint for the PDFs in a process pool.
This script times

- ``ours``: ``render_pdfs`` as the build calls it (plan + pool + confined fetcher + PDF/UA);
- ``plan``: the HTML rendering alone;
- ``weasy serial``: WeasyPrint on the same HTML strings, one after another, in this process;
- ``weasy parallel``: the same in a plain ``multiprocessing`` pool of ``--jobs`` processes;

and prints the overhead of ours over WeasyPrint in parallel. Wall-clock times are noisy on
a shared machine, so each figure is the best of ``--repeat`` runs.

    python bench/pdf_bench.py [courses/aldeas-digitales] [--jobs N] [--repeat 3]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from courseware.load import load_course  # noqa: E402
from courseware.render.pdf import PDF_VARIANT, PdfJob, PdfOptions, plan_pdfs, render_pdfs  # noqa: E402


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


def _parallel(
    jobs: list[PdfJob], workers: int, task: Callable[[PdfJob], tuple[float, int]]
) -> float:
    ordered = sorted(jobs, key=lambda j: -j.cost())
    context = multiprocessing.get_context("fork")
    started = time.perf_counter()
    with context.Pool(workers, initializer=_warm) as pool:
        pool.map(task, ordered, chunksize=1)
    return time.perf_counter() - started


def _best(runs: int, action: Callable[[], float]) -> float:
    return min(action() for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("course", nargs="?", default=str(ROOT / "courses" / "aldeas-digitales"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    loaded = load_course(args.course)
    plan_started = time.perf_counter()
    plan = plan_pdfs(loaded)
    plan_time = time.perf_counter() - plan_started
    jobs = plan.jobs
    import weasyprint  # the serial runs below must not count the import

    print(f"course: {loaded.course.id}: {len(jobs)} PDFs, WeasyPrint {weasyprint.__version__}")
    print(f"cores: {os.cpu_count()}, jobs: {args.jobs}, best of {args.repeat}")

    def ours(workers: int) -> float:
        started = time.perf_counter()
        files, issues = render_pdfs(loaded, PdfOptions(jobs=workers))
        assert len(files) == len(jobs), [i.format() for i in issues]
        return time.perf_counter() - started

    def serial(task: Callable[[PdfJob], tuple[float, int]]) -> float:
        return sum(task(job)[0] for job in jobs)

    ours_parallel = _best(args.repeat, lambda: ours(args.jobs))
    weasy_parallel = _best(args.repeat, lambda: _parallel(jobs, args.jobs, _weasy))
    weasy_ua_parallel = _best(args.repeat, lambda: _parallel(jobs, args.jobs, _weasy_ua))
    ours_serial = _best(1, lambda: ours(1))
    weasy_serial = _best(1, lambda: serial(_weasy))
    weasy_ua_serial = _best(1, lambda: serial(_weasy_ua))

    rows = [
        ("plan (HTML of every document)", plan_time),
        ("ours, serial (jobs=1)", ours_serial),
        ("WeasyPrint direct, serial", weasy_serial),
        ("WeasyPrint direct + PDF/UA, serial", weasy_ua_serial),
        (f"ours, parallel (jobs={args.jobs})", ours_parallel),
        (f"WeasyPrint direct, parallel ({args.jobs})", weasy_parallel),
        (f"WeasyPrint direct + PDF/UA, parallel ({args.jobs})", weasy_ua_parallel),
    ]
    width = max(len(name) for name, _ in rows)
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds:7.2f} s")
    print(
        f"overhead of ours over WeasyPrint + PDF/UA, parallel: "
        f"{ours_parallel / weasy_ua_parallel:.2f}x ({ours_parallel - weasy_ua_parallel:+.2f} s)"
    )
    print(
        f"overhead of ours over plain WeasyPrint, parallel: "
        f"{ours_parallel / weasy_parallel:.2f}x ({ours_parallel - weasy_parallel:+.2f} s)"
    )
    print(f"parallel speed-up of ours: {ours_serial / ours_parallel:.2f}x on {args.jobs} jobs")


if __name__ == "__main__":
    main()
