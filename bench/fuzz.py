#!/usr/bin/env python3
"""Long property-based run of the loader hardening tests (CI runs a short profile).

    python bench/fuzz.py [--examples 10000]

Runs tests/hardening/test_fuzz_load.py with COURSEWARE_FUZZ_EXAMPLES set and prints the
outcome and the time taken; record it in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=10_000)
    args = parser.parse_args()
    env = {**os.environ, "COURSEWARE_FUZZ_EXAMPLES": str(args.examples)}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "-p", "no:cacheprovider",
         "tests/hardening/test_fuzz_load.py"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    seconds = time.perf_counter() - started
    tail = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr
    print(f"{args.examples} examples per property: {tail} ({seconds:.0f} s)")
    if result.returncode:
        print(result.stdout[-5000:])
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
