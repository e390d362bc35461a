"""Benchmark: import 20,000 GIFT questions and 20,000 Moodle XML questions (targets 5 s, 10 s).

Run: ``.venv/bin/python bench/import_bench.py [COUNT]``. Prints seconds per format and the
time per question at COUNT/4 and COUNT, so growth faster than linear shows.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from courseware.quizimport import import_bank

KINDS = (
    "::Q{n}::¿Cuánto es {n} + 1?{{#{m}:0.5#Bien}}",
    "// [id:q{n}] [tag:bench]\n::Capital {n}::[html]<p>Pregunta <b>{n}</b></p>{{\n"
    "\t=Ciudad {n}#Correcto\n\t~Otra {n}\n\t~Tercera {n}#No\n}}",
    "Verdadero {n}.{{T#Mal#Bien####General {n}}}",
    "¿Palabra {n}?{{=uno{n} =%50%dos{n}#medio ~%0%*#no}}",
    "Relaciona {n}. {{\n\t=a{n} -> b{n}\n\t=c{n} -> d{n}\n}}",
)


def gift(count: int) -> str:
    """GIFT text of ``count`` questions of five kinds, by category of 1,000."""
    blocks = []
    for n in range(count):
        if n % 1000 == 0:
            blocks.append(f"$CATEGORY: $course$/top/Bench/Parte {n // 1000}")
        blocks.append(KINDS[n % len(KINDS)].format(n=n, m=n + 1))
    return "\n\n".join(blocks) + "\n"


def moodle(count: int) -> str:
    """Moodle XML of ``count`` questions (multichoice, numerical, shortanswer, truefalse)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n']
    for n in range(count):
        if n % 1000 == 0:
            out.append(
                '<question type="category"><category><text>$course$/top/Bench/Parte '
                f"{n // 1000}</text></category></question>\n"
            )
        head = (
            f'<name><text>Q{n}</text></name><questiontext format="html"><text>'
            f"<![CDATA[<p>Pregunta <b>{n}</b></p>]]></text></questiontext>"
            "<defaultgrade>1</defaultgrade><penalty>0.3333333</penalty><hidden>0</hidden>"
        )
        kind = n % 4
        if kind == 0:
            body = (
                '<single>true</single><answer fraction="100"><text>A{n}</text><feedback>'
                '<text>Sí</text></feedback></answer><answer fraction="0"><text>B{n}</text>'
                "</answer>"
            )
            qtype = "multichoice"
        elif kind == 1:
            body = '<answer fraction="100"><text>{n}</text><tolerance>1</tolerance></answer>'
            qtype = "numerical"
        elif kind == 2:
            body = '<answer fraction="100"><text>uno{n}</text></answer>'
            qtype = "shortanswer"
        else:
            body = (
                '<answer fraction="100"><text>true</text></answer>'
                '<answer fraction="0"><text>false</text></answer>'
            )
            qtype = "truefalse"
        out.append(f'<question type="{qtype}">{head}{body.format(n=n)}</question>\n')
    out.append("</quiz>\n")
    return "".join(out)


def timed(path: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one import (CPU time shows the cost on a busy machine)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = import_bank(path, max_bytes=1 << 30)
    elapsed, used = time.perf_counter() - start, time.process_time() - cpu
    assert result.imported and not result.issues, result.issues[:3]
    return elapsed, used


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    with tempfile.TemporaryDirectory() as folder:
        for fmt, make, suffix, target in (
            ("GIFT", gift, ".gift", 5.0),
            ("Moodle XML", moodle, ".xml", 10.0),
        ):
            rows = []
            for size in (count // 4, count):
                path = Path(folder) / f"bench-{size}{suffix}"
                path.write_text(make(size), encoding="utf-8")
                seconds, cpu = timed(path)
                rows.append((size, seconds))
                mb = path.stat().st_size / 2**20
                print(
                    f"{fmt:11} {size:>6} questions {mb:6.1f} MB {seconds:6.2f} s wall "
                    f"{cpu:6.2f} s CPU ({cpu / size * 1e6:5.0f} µs CPU/question)"
                )
            ok = rows[-1][1] < target
            print(f"{fmt:11} target < {target:g} s for {count}: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
