#!/usr/bin/env python3
"""Long property-based run of the loader hardening tests (CI runs a short profile).

    python bench/fuzz.py [--examples 10000] [--timeout SECONDS]

Runs tests/hardening/test_fuzz_load.py with COURSEWARE_FUZZ_EXAMPLES set and prints the
outcome and the time taken; record it in bench/RESULTS.md. With --timeout the run is
stopped after that many seconds and the script prints how many examples each property
had run by then (counted by bench/fuzz_count.py; shrinking counts as examples too).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--timeout", type=float, default=None, help="stop after this many s")
    args = parser.parse_args()
    progress = Path(tempfile.mkdtemp(prefix="fuzz-progress-")) / "counts.json"
    env = {
        **os.environ,
        "COURSEWARE_FUZZ_EXAMPLES": str(args.examples),
        "COURSEWARE_FUZZ_PROGRESS": str(progress),
        "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
    }
    started = time.perf_counter()
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:xdist",
        "-p",
        "no:cacheprovider",
        "-p",
        "fuzz_count",
        "tests/hardening/test_fuzz_load.py",
    ]
    try:
        result = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=args.timeout
        )
        stdout, stderr, code, timed_out = result.stdout, result.stderr, result.returncode, False
    except subprocess.TimeoutExpired as stopped:
        out = stopped.stdout or b""
        stdout = out.decode() if isinstance(out, bytes) else out
        stderr, code, timed_out = "", 0, True
    seconds = time.perf_counter() - started
    counts = json.loads(progress.read_text(encoding="utf-8")) if progress.exists() else {}
    ran = ", ".join(
        f"{name}: {int(c['examples'])} examples in {c['seconds']:.0f} s"
        for name, c in counts.items()
    )
    if timed_out:
        print(
            f"{args.examples} examples per property: stopped by the time limit after "
            f"{seconds:.0f} s, no failure so far; {ran}"
        )
        return 0
    tail = stdout.strip().splitlines()[-1] if stdout.strip() else stderr
    print(f"{args.examples} examples per property: {tail} ({seconds:.0f} s); {ran}")
    if code:
        print(stdout[-5000:])
    return code


if __name__ == "__main__":
    raise SystemExit(main())
