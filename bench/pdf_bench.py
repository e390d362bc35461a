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
                              [--parallel-only] [--json FILE]

``--parallel-only`` skips the serial runs (bench/run.py uses it for the larger courses);
``--json`` also writes every figure, as {name: [wall, cpu]}, to FILE.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from courseware.load import load_course  # noqa: E402
from courseware.render import pdf as pdf_module  # noqa: E402
from courseware.render.pdf import (  # noqa: E402
    PDF_VARIANT,
    PdfJob,
    PdfOptions,
    plan_pdfs,
    render_pdfs,
)

_VIRTUAL_ROOT = re.compile(r"file:///courseware-root-(\d+)/")


def direct_job(job: PdfJob) -> PdfJob:
    """The job with the planner's virtual root URLs (see ``virtual_url``) made real again.

    Why: WeasyPrint's default fetcher cannot read ``file:///courseware-root-N/`` URLs (our
    confined fetcher maps them back); without this, "WeasyPrint direct" would draw the
    documents without their stylesheet and images, which is faster and not the same work.
    """
    if getattr(pdf_module, "real_url", None) is None:
        return job

    def real(match: re.Match[str]) -> str:
        return Path(job.roots[int(match[1])]).resolve().as_uri() + "/"

    return replace(
        job, html=_VIRTUAL_ROOT.sub(real, job.html), base_url=_VIRTUAL_ROOT.sub(real, job.base_url)
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


def _parallel(jobs: list[PdfJob], workers: int, task: Callable[[PdfJob], tuple[float, int]]) -> int:
    """Draw every job in a pool of ``workers``; the total PDF bytes (a sanity check)."""
    ordered = sorted(jobs, key=lambda j: -j.cost())
    with multiprocessing.get_context("fork").Pool(workers, initializer=_warm) as pool:
        return sum(size for _, size in pool.map(task, ordered, chunksize=1))


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
    parser.add_argument("--parallel-only", action="store_true", help="skip the serial runs")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()

    loaded = load_course(args.course)
    jobs = [direct_job(job) for job in plan_pdfs(loaded).jobs]
    print(f"course: {loaded.course.id}: {len(jobs)} PDFs; cores: {os.cpu_count()}", end="")
    print(f", jobs: {args.jobs}; best of {args.repeat} (wall and CPU of all processes)")

    sizes: dict[str, int] = {}

    def ours(workers: int) -> None:
        files, issues = render_pdfs(loaded, PdfOptions(jobs=workers))
        sizes["ours"] = sum(len(data) for data in files.values())
        assert len(files) == len(jobs), [i.format() for i in issues]

    # Ours in parallel first: this process must not have imported WeasyPrint yet, as in a build.
    rows = [
        (f"ours, parallel (jobs={args.jobs})", _measure(args.repeat, lambda: ours(args.jobs))),
        (
            f"WeasyPrint direct, parallel ({args.jobs})",
            _measure(args.repeat, lambda: sizes.update(direct=_parallel(jobs, args.jobs, _weasy))),
        ),
        (
            f"WeasyPrint direct + PDF/UA, parallel ({args.jobs})",
            _measure(args.repeat, lambda: _parallel(jobs, args.jobs, _weasy_ua)),
        ),
        ("plan (HTML of every document)", _measure(args.repeat, lambda: plan_pdfs(loaded))),
    ]
    import weasyprint  # noqa: F401  (the serial runs must not count the import)

    if not args.parallel_only:
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
    # rows[:3] are: ours, plain WeasyPrint, WeasyPrint + PDF/UA (all in parallel).
    ours_p, plain_p, ua_p = (times[name] for name, _ in rows[:3])
    for label, (wall, cpu) in (("plain WeasyPrint", plain_p), ("WeasyPrint + PDF/UA", ua_p)):
        print(
            f"ours over {label}, parallel: wall {ours_p[0] / wall:.2f}x ({ours_p[0] - wall:+.2f}s),"
            f" CPU {ours_p[1] / cpu:.2f}x ({ours_p[1] - cpu:+.2f}s)"
        )
    print(f"PDF bytes (same work?): ours {sizes['ours']:,}, WeasyPrint direct {sizes['direct']:,}")
    if "ours, serial (jobs=1)" in times:
        serial = times["ours, serial (jobs=1)"][0]
        print(f"parallel speed-up of ours: {serial / ours_p[0]:.2f}x with {args.jobs} jobs")
    if args.json:
        summary = {"pdfs": len(jobs), "jobs": args.jobs, "cores": os.cpu_count(), **sizes}
        figures = {name: [round(wall, 3), round(cpu, 3)] for name, (wall, cpu) in rows}
        args.json.write_text(json.dumps({**summary, "figures": figures}, indent=2), "utf-8")


if __name__ == "__main__":
    main()
