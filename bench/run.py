#!/usr/bin/env python3
"""Build-speed benchmark: courseware against MkDocs (and Hugo when installed) on synthetic courses.

    python bench/run.py [--sizes 10 100 1000] [--pdf-max 100] [--repeat 3] [--work DIR]

For each size it prints: cold build time per output, no-op rebuild, one-lesson-edited
rebuild, peak memory, and MkDocs/Hugo building the same pages (as ratios). Every time is a
whole process (interpreter start-up and imports included), median of --repeat runs.
MkDocs comes from `pip install mkdocs`; Hugo from Debian's `hugo` package (optional).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen_course import generate  # noqa: E402

BUILD = (
    "import json, sys\n"
    "from courseware.build import build_course\n"
    "r = build_course(sys.argv[1], sys.argv[2], sys.argv[3].split(',') if sys.argv[3] else None)\n"
    "print(json.dumps({o.name: [o.files, o.seconds] for o in r.outputs}))\n"
)


def run(cmd: list[str], cwd: Path | None = None) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (MB) and stdout of one process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    out = proc.stdout.read() if proc.stdout else ""
    err = proc.stderr.read() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err[-2000:]}")
    return seconds, usage.ru_maxrss // 1024, out


def median(values: list[float]) -> float:
    return statistics.median(values)


def bench_size(n: int, work: Path, repeat: int, pdf_max: int) -> dict[str, object]:
    """All measurements for one course size."""
    root = work / f"n{n}"
    course = generate(root, n, mkdocs=True, hugo=shutil.which("hugo") is not None)
    out = root / "dist"
    py = sys.executable
    result: dict[str, object] = {"lessons": n}
    formats = ["html", "quiz", "packages"] + (["pdf"] if n <= pdf_max else [])
    available = json.loads(
        run(
            [
                py,
                "-c",
                "import json; from courseware.build import available_formats;"
                " print(json.dumps(available_formats()))",
            ]
        )[2]
    )
    formats = [f for f in formats if f in available]
    # Cold HTML-only builds.
    times, memory = [], []
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        seconds, rss, _ = run([py, "-c", BUILD, str(course), str(out), "html"])
        times.append(seconds)
        memory.append(rss)
    result["html_cold_s"] = median(times)
    result["html_peak_mb"] = max(memory)
    html_pages = sum(1 for p in (out / "curso-sintetico" / "html").glob("*.html"))
    result["html_pages"] = html_pages
    # Cold full build, per output.
    shutil.rmtree(out, ignore_errors=True)
    seconds, rss, text = run([py, "-c", BUILD, str(course), str(out), ",".join(formats)])
    result["full_cold_s"] = seconds
    result["full_peak_mb"] = rss
    result["per_output_s"] = {k: round(v[1], 3) for k, v in json.loads(text).items()}
    # No-op and one-lesson-edit rebuilds through the CLI (which checks the fingerprint first).
    cli = [py, "-m", "courseware", "build", str(course), "-o", str(out), "-q"] + [
        arg for f in formats for arg in ("-f", f)
    ]
    noop = [run(cli)[0] for _ in range(repeat)]
    result["noop_s"] = median(noop)
    lesson = sorted((course / "lessons").glob("*.yaml"))[n // 2]
    edits = []
    for i in range(repeat):
        text = lesson.read_text(encoding="utf-8")
        lesson.write_text(text.replace("title: ", f"title: Editada {i} ", 1), encoding="utf-8")
        edits.append(run(cli)[0])
    result["one_edit_s"] = median(edits)
    # Peers.
    mkdocs = shutil.which("mkdocs")
    if mkdocs:
        t = [
            run(
                [
                    mkdocs,
                    "build",
                    "-q",
                    "-f",
                    str(root / "mkdocs" / "mkdocs.yml"),
                    "-d",
                    str(root / "out-mkdocs"),
                ]
            )[0]
            for _ in range(repeat)
        ]
        result["mkdocs_s"] = median(t)
        mk_pages = sum(1 for _ in (root / "out-mkdocs").rglob("index.html"))
        result["mkdocs_pages"] = mk_pages
    hugo = shutil.which("hugo")
    if hugo:
        t = [
            run([hugo, "--quiet", "-s", str(root / "hugo"), "-d", str(root / "out-hugo")])[0]
            for _ in range(repeat)
        ]
        result["hugo_s"] = median(t)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf-max", type=int, default=100, help="largest size that builds PDFs")
    parser.add_argument("--work", type=Path, default=Path("/tmp/courseware-bench"))
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        row = bench_size(n, args.work, args.repeat, args.pdf_max)
        rows.append(row)
        pages_per_s = row["html_pages"] / row["html_cold_s"]  # type: ignore[operator]
        line = (
            f"{n:>5} lessons: html {row['html_cold_s']:.2f}s ({pages_per_s:.0f} pages/s, "
            f"peak {row['html_peak_mb']} MB); full {row['full_cold_s']:.2f}s "
            f"{row['per_output_s']}; no-op {row['noop_s']:.3f}s; one edit {row['one_edit_s']:.2f}s"
        )
        if "mkdocs_s" in row:
            mk_rate = row["mkdocs_pages"] / row["mkdocs_s"]  # type: ignore[operator]
            speedup = pages_per_s / mk_rate
            line += f"; mkdocs {row['mkdocs_s']:.2f}s ({mk_rate:.0f} pages/s, x{speedup:.1f})"
        if "hugo_s" in row:
            ratio = row["html_cold_s"] / row["hugo_s"]  # type: ignore[operator]
            line += f"; hugo {row['hugo_s']:.2f}s (ours / hugo = {ratio:.2f})"
        print(line, flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
