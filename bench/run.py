#!/usr/bin/env python3
"""Build-speed benchmark: courseware against MkDocs, Hugo and WeasyPrint on synthetic courses.

    python bench/run.py [--sizes 10 100 1000] [--pdf-max 100] [--repeat 3] [--work DIR]
                        [--json FILE] [--html-only]

For each size it prints: cold build time per output, no-op rebuild, one-lesson-edited
rebuild (HTML only, and every output), peak memory, and the same content built by MkDocs,
Hugo (when Debian's `hugo` is installed) and WeasyPrint directly (`bench/pdf_bench.py`, for
sizes up to --pdf-max), as ratios. Every build time is a whole process (interpreter start-up
and imports included), median of --repeat runs; builds that draw PDFs run once. Each cold
HTML build is followed at once by MkDocs' and Hugo's builds of the same pages, all into
removed output folders, so the ratios compare runs taken side by side. courseware's
modules are compiled to bytecode first, as an install from a wheel has them. MkDocs
comes from `pip install mkdocs` (found next to this interpreter or on PATH).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
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


CPU: dict[str, float] = {}
"""CPU seconds (user + system) of the last process :func:`run` waited for, under "last"."""


def run(
    cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (MB) and stdout of one process (``env`` added to ours); its
    CPU seconds (its own threads; not a fork server's workers) go to ``CPU["last"]``."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    CPU["last"] = usage.ru_utime + usage.ru_stime
    out = proc.stdout.read() if proc.stdout else ""
    err = proc.stderr.read() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err[-2000:]}")
    return seconds, usage.ru_maxrss // 1024, out


def median(values: list[float]) -> float:
    return statistics.median(values)


def tool(name: str) -> str | None:
    """A command next to this interpreter (the virtualenv) or on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def build(
    py: str, course: Path, out: Path, formats: list[str], env: dict[str, str] | None = None
) -> tuple[float, int, dict]:
    """One cold build in a fresh process: wall s, peak MB, {output: [files, seconds]}."""
    seconds, rss, text = run([py, "-c", BUILD, str(course), str(out), ",".join(formats)], env=env)
    return seconds, rss, json.loads(text)


def edited(text: str, key: str, i: int) -> str:
    """The lesson YAML with a few words put at the start of the first ``key:`` value."""
    at = text.index(f"{key}: ") + len(key) + 2
    if text[at] in "'\"":  # a quoted scalar: insert inside the quotes
        at += 1
    return text[:at] + f"Editado {i} " + text[at:]


def bench_size(
    n: int, work: Path, repeat: int, pdf_max: int, html_only: bool = False
) -> dict[str, object]:
    """All measurements for one course size (``html_only``: cold and no-op HTML builds and
    the peers, nothing else)."""
    root = work / f"n{n}"
    hugo = tool("hugo")
    course = generate(root, n, mkdocs=True, hugo=hugo is not None)
    py = sys.executable
    result: dict[str, object] = {"lessons": n}
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
    wanted = ["html", "quiz", "packages"] + (["pdf"] if n <= pdf_max else [])
    formats = [f for f in available if f in wanted]
    result["formats"] = formats
    out_html, out_full = root / "dist-html", root / "dist"

    # Cold HTML-only builds, each followed by the peers' builds of the same pages: this
    # machine's speed drifts from minute to minute, so the ratios come from runs taken
    # side by side rather than minutes apart.
    mkdocs = tool("mkdocs")
    config, site = str(root / "mkdocs" / "mkdocs.yml"), str(root / "out-mkdocs")
    peers: dict[str, list[float]] = {"mkdocs": [], "hugo": []}
    cpu: dict[str, list[float]] = {"ours": [], "mkdocs": [], "hugo": []}
    times, memory, inner, loads = [], [], [], [os.getloadavg()[0]]
    for _ in range(repeat):
        shutil.rmtree(out_html, ignore_errors=True)
        seconds, rss, outputs = build(py, course, out_html, ["html"])
        times.append(seconds)
        cpu["ours"].append(CPU["last"])
        memory.append(rss)
        inner.append(outputs["html"][1])
        if mkdocs:
            peers["mkdocs"].append(run([mkdocs, "build", "-q", "-f", config, "-d", site])[0])
            cpu["mkdocs"].append(CPU["last"])
        if hugo:
            shutil.rmtree(root / "out-hugo", ignore_errors=True)  # cold, as ours
            hugo_cmd = [hugo, "--quiet", "-s", str(root / "hugo"), "-d", str(root / "out-hugo")]
            peers["hugo"].append(run(hugo_cmd)[0])
            cpu["hugo"].append(CPU["last"])
        loads.append(os.getloadavg()[0])
    result["html_cold_s"] = median(times)
    result["cpu_s"] = {name: round(median(v), 2) for name, v in cpu.items() if v}
    result["load"] = [round(min(loads), 1), round(max(loads), 1)]
    # The very first build on a machine also compiles the theme's templates (later builds
    # load them from the per-user cache, as Python does its bytecode).
    firsts = []
    for _ in range(repeat):
        shutil.rmtree(out_html, ignore_errors=True)
        with tempfile.TemporaryDirectory() as fresh:
            firsts.append(build(py, course, out_html, ["html"], {"COURSEWARE_CACHE": fresh})[0])
    result["html_first_s"] = median(firsts)
    result["html_render_s"] = median(inner)
    result["html_peak_mb"] = max(memory)
    result["html_pages"] = sum(1 for _ in (out_html / "curso-sintetico" / "html").glob("*.html"))

    def cli(out: Path, chosen: list[str]) -> list[str]:
        return [py, "-m", "courseware", "build", str(course), "-o", str(out), "-q"] + [
            arg for f in chosen for arg in ("-f", f)
        ]

    result["html_noop_s"] = median([run(cli(out_html, ["html"]))[0] for _ in range(repeat)])
    if html_only:
        return _peers(result, root, peers, times, mkdocs, hugo)

    # Cold full build (every output), per output.
    with_pdf = "pdf" in formats
    runs = 1 if with_pdf else repeat
    fulls = []
    for _ in range(runs):
        shutil.rmtree(out_full, ignore_errors=True)
        fulls.append(build(py, course, out_full, formats))
    fulls.sort(key=lambda r: r[0])
    seconds, rss, outputs = fulls[len(fulls) // 2]
    result["full_cold_s"] = seconds
    result["full_peak_mb"] = max(r[1] for r in fulls)
    result["per_output_s"] = {k: round(v[1], 3) for k, v in outputs.items()}
    result["full_noop_s"] = median([run(cli(out_full, formats))[0] for _ in range(repeat)])

    # One lesson edited: rebuild the HTML-only and the full output folders after each edit.
    # A body edit changes one page; a title edit also changes the navigation of every page.
    lesson = sorted((course / "lessons").glob("*.yaml"))[n // 2]
    for kind in ("body", "title"):
        html_edits, full_edits = [], []
        for i in range(repeat):
            lesson.write_text(edited(lesson.read_text(encoding="utf-8"), kind, i), "utf-8")
            html_edits.append(run(cli(out_html, ["html"]))[0])
            if i < runs:
                full_edits.append(run(cli(out_full, formats))[0])
        result[f"html_edit_{kind}_s"] = median(html_edits)
        result[f"full_edit_{kind}_s"] = median(full_edits)

    # WeasyPrint directly on the same HTML (the PDFs our build draws), in parallel.
    if with_pdf:
        with tempfile.TemporaryDirectory() as tmp:
            figures = Path(tmp) / "pdf.json"
            run(
                [
                    py,
                    str(HERE / "pdf_bench.py"),
                    str(course),
                    "--parallel-only",
                    *("--repeat", "1", "--json", str(figures)),
                ]
            )
            pdf = json.loads(figures.read_text(encoding="utf-8"))
        rows = list(pdf["figures"].values())
        result["pdf_docs"] = pdf["pdfs"]
        result["pdf_ours_s"], result["weasy_s"], result["weasy_ua_s"] = (r[0] for r in rows[:3])

    return _peers(result, root, peers, times, mkdocs, hugo)


def _peers(
    result: dict[str, object],
    root: Path,
    peers: dict[str, list[float]],
    times: list[float],
    mkdocs: str | None,
    hugo: str | None,
) -> dict[str, object]:
    """``result`` with the peers' figures, timed alongside our cold HTML builds."""
    # Each pair of runs taken side by side gives a ratio too: their spread shows how much
    # of a difference between medians is the machine's drift.
    if mkdocs:
        result["mkdocs_s"] = median(peers["mkdocs"])
        result["mkdocs_pages"] = sum(1 for _ in (root / "out-mkdocs").rglob("index.html"))
        result["mkdocs_pair_ratios"] = sorted(
            round(m / o * result["html_pages"] / result["mkdocs_pages"], 2)
            for m, o in zip(peers["mkdocs"], times, strict=True)
        )
    if hugo:
        result["hugo_s"] = median(peers["hugo"])
        result["hugo_pages"] = sum(1 for _ in (root / "out-hugo").rglob("*.html"))
        result["hugo_pair_ratios"] = sorted(
            round(o / h, 2) for h, o in zip(peers["hugo"], times, strict=True)
        )
    return result


def compile_package() -> None:
    """Compile courseware's modules to bytecode once, as ``pip install`` does.

    Why: with ``PYTHONDONTWRITEBYTECODE`` set (as on this kind of machine) an editable
    install compiles every module from source in every process measured, about 0.15 s a
    build that no installed copy pays; MkDocs, installed from PyPI, has its bytecode.
    """
    import compileall

    import courseware

    compileall.compile_dir(str(Path(courseware.__file__).parent), quiet=1)


def describe(row: dict) -> str:
    """One size, as a few readable lines."""
    n, pages = row["lessons"], row["html_pages"]
    rate = pages / row["html_cold_s"]
    lines = [
        f"{n:>5} lessons, {pages} HTML pages: html cold {row['html_cold_s']:.2f}s "
        f"({rate:.0f} pages/s; render {row['html_render_s']:.2f}s in-process), peak "
        f"{row['html_peak_mb']} MB; first build on the machine {row['html_first_s']:.2f}s; "
        f"no-op {row['html_noop_s']:.3f}s",
        f"       CPU s (median; user + system) {row['cpu_s']}; load average {row['load']}",
    ]
    if "full_cold_s" in row:
        lines += _full_lines(row)
    return "\n".join(lines + _peer_lines(row, rate))


def pages_ratio(row: dict) -> float:
    """Our pages per MkDocs page (pages per second compare per page)."""
    return float(row["html_pages"]) / float(row["mkdocs_pages"])


def _full_lines(row: dict) -> list[str]:
    """The full build and the edits, as lines."""
    return [
        f"       one lesson edited (body/title) {row['html_edit_body_s']:.2f}s/"
        f"{row['html_edit_title_s']:.2f}s",
        f"       full ({','.join(row['formats'])}) cold {row['full_cold_s']:.2f}s "
        f"{row['per_output_s']}, peak {row['full_peak_mb']} MB; no-op {row['full_noop_s']:.3f}s; "
        f"one lesson edited (body/title) {row['full_edit_body_s']:.2f}s/"
        f"{row['full_edit_title_s']:.2f}s",
    ]


def _peer_lines(row: dict, rate: float) -> list[str]:
    """MkDocs, Hugo and WeasyPrint beside us, as lines."""
    lines = []
    if "mkdocs_s" in row:
        mk_rate = row["mkdocs_pages"] / row["mkdocs_s"]
        lines.append(
            f"       mkdocs {row['mkdocs_s']:.2f}s for {row['mkdocs_pages']} pages "
            f"({mk_rate:.0f} pages/s): ours x{rate / mk_rate:.1f} its pages/s "
            f"(runs side by side: {row['mkdocs_pair_ratios']}; CPU: ours "
            f"x{row['cpu_s']['mkdocs'] / row['cpu_s']['ours'] * pages_ratio(row):.1f} its pages/s)"
        )
    if "hugo_s" in row:
        lines.append(
            f"       hugo {row['hugo_s']:.2f}s for {row['hugo_pages']} pages: "
            f"ours / hugo = {row['html_cold_s'] / row['hugo_s']:.2f} "
            f"(runs side by side: {row['hugo_pair_ratios']}; CPU: ours / hugo = "
            f"{row['cpu_s']['ours'] / row['cpu_s']['hugo']:.2f})"
        )
    if "weasy_s" in row:
        lines.append(
            f"       PDF, {row['pdf_docs']} documents: ours {row['pdf_ours_s']:.2f}s, WeasyPrint "
            f"direct {row['weasy_s']:.2f}s (ours x{row['pdf_ours_s'] / row['weasy_s']:.2f}), "
            f"with PDF/UA {row['weasy_ua_s']:.2f}s (x{row['pdf_ours_s'] / row['weasy_ua_s']:.2f})"
        )
    return lines


def linearity(rows: list[dict]) -> str:
    """Marginal cost per lesson between consecutive sizes (start-up cancels out)."""
    parts = []
    for key in ("html_cold_s", "html_render_s", "full_cold_s", "html_peak_mb"):
        slopes = []
        for a, b in itertools.pairwise(rows):
            if key == "full_cold_s" and a["formats"] != b["formats"]:
                continue
            slope = (b[key] - a[key]) / (b["lessons"] - a["lessons"])
            slopes.append(f"{a['lessons']}->{b['lessons']}: {slope * 1000:.2f}")
        unit = "kB" if key.endswith("mb") else "ms"
        parts.append(f"{key} per extra lesson ({unit}): " + ", ".join(slopes))
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf-max", type=int, default=100, help="largest size that builds PDFs")
    parser.add_argument("--work", type=Path, default=Path("/tmp/courseware-bench"))
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument("--html-only", action="store_true", help="cold and no-op HTML builds only")
    args = parser.parse_args()
    compile_package()
    rows = []
    for n in args.sizes:
        row = bench_size(n, args.work, args.repeat, args.pdf_max, args.html_only)
        rows.append(row)
        print(describe(row), flush=True)
        if args.json:
            args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    if len(rows) > 1 and not args.html_only:
        print(linearity(rows))


if __name__ == "__main__":
    main()
