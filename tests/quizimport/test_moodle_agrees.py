"""Moodle's own importers read each GIFT, Moodle XML and Aiken fixture as we do.

Runs against the real Moodle 5.1 of the LMS layer (``tests/lms``: installed once per run
from ``../shared/lms/moodle``; skipped with the reason without it, failing if its setup
fails). For each fixture it compares, question by question (by type and answer key), what
Moodle stored with what the YAML bank holds: the fixtures are real Moodle syntax and the
importer agrees with Moodle.
"""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from courseware.quizimport import import_bank
from courseware.quizimport.markdown import html_to_text
from tests.lms.conftest import HARNESS, Moodle
from tests.quizimport.helpers import TESTDATA

TYPES = {"truefalse": "true_false", "shortanswer": "short_answer", "numerical": "numeric",
         "match": "matching", "essay": "essay", "multianswer": "cloze", "ordering": "ordering",
         "gapselect": "cloze", "ddwtos": "cloze"}  # fmt: skip


def _text(html: str) -> str:
    return " ".join(html_to_text(html or "").split())


def _moodle_key(q: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    qtype = q["qtype"]
    if qtype == "multichoice":
        single = str(q.get("options", {}).get("single", "1")) in {"1", "true"}
        kind = "single_choice" if single else "multiple_response"
        right = [
            _text(a["answer"]) for a in q["answers"] if a["fraction"] >= (1 if single else 1e-9)
        ]
        return kind, tuple(sorted(right))
    kind = TYPES.get(qtype, qtype)
    if qtype == "truefalse":
        right = [a["answer"] for a in q["answers"] if a["fraction"] >= 1]
        return kind, tuple(r.lower() for r in right)
    if qtype in {"shortanswer", "numerical"}:
        full = [a for a in q["answers"] if a["fraction"] >= 1]
        if qtype == "numerical":
            right = [f"{float(a['answer']):g}±{float(a.get('tolerance', 0)):g}" for a in full]
        else:
            right = [_text(a["answer"]) for a in full]
        return kind, tuple(sorted(right))
    if qtype == "ordering":
        ranked = sorted(q["answers"], key=lambda a: a["fraction"])
        return kind, tuple(_text(a["answer"]) for a in ranked)
    if qtype == "match":
        pairs = [f"{_text(s['questiontext'])}->{s['answertext']}" for s in q.get("subquestions", [])
                 if _text(s["questiontext"])]  # fmt: skip
        return kind, tuple(sorted(pairs))
    return kind, ()


def _our_key(q: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    kind = q["type"]
    if kind in {"single_choice", "multiple_response"}:
        return kind, tuple(sorted(c["text"] for c in q["choices"] if c.get("correct")))
    if kind == "true_false":
        return kind, ("true" if q["answer"] else "false",)
    if kind == "short_answer":
        return kind, tuple(sorted(a["text"] for a in q["answers"] if a.get("credit", 1) == 1))
    if kind == "numeric":
        if "answer" in q:
            return kind, (f"{q['answer']:g}±{q.get('tolerance', 0):g}",)
        middle = (q["min"] + q["max"]) / 2
        return kind, (f"{middle:g}±{q['max'] - middle:g}",)
    if kind == "matching":
        return kind, tuple(sorted(f"{p['left']}->{p['right']}" for p in q["pairs"]))
    if kind == "ordering":
        return kind, tuple(q["items"])
    return kind, ()


FIXTURES = [
    *(("gift", p) for p in sorted((TESTDATA / "gift").glob("*.gift")) if p.stem != "broken"),
    *(("xml", p) for p in sorted((TESTDATA / "moodle").glob("*.xml")) if p.stem != "xxe"),
    *(("aiken", p) for p in sorted((TESTDATA / "aiken").glob("*.txt")) if p.stem != "broken"),
]


@pytest.mark.parametrize(("fmt", "path"), FIXTURES, ids=lambda v: getattr(v, "name", v))
def test_moodle_reads_the_fixture_as_we_do(moodle: Moodle, fmt: str, path: Path) -> None:
    run = moodle.php("import_questions.php", fmt, path)
    report = run.data
    assert report is not None, run.describe()
    moodle = [q for q in report["questions"] if q["qtype"] not in {"description", "calculated"}]
    ours = yaml.safe_load(import_bank(path).yaml)["questions"]
    assert Counter(map(_moodle_key, moodle)) == Counter(map(_our_key, ours)), report["messages"]
    calculated = [q for q in report["questions"] if q["qtype"] == "calculated"]
    assert len(calculated) == len(import_bank(path).issues)
    for q in report["questions"]:
        assert not str(q.get("loads", "")).startswith("ERROR"), q


@pytest.mark.parametrize(("fmt", "path"), FIXTURES, ids=lambda v: getattr(v, "name", v))
def test_moodle_takes_our_export_of_the_imported_bank(
    moodle: Moodle, tmp_path: Path, fmt: str, path: Path
) -> None:
    from tests.quizimport.helpers import export_file, import_into

    import_into(tmp_path / "curso", path)
    target = {"gift": "gift", "xml": "moodle", "aiken": "aiken"}[fmt]
    exported = export_file(tmp_path / "curso", target, tmp_path / f"export{path.suffix}")
    run = moodle.php("import_questions.php", fmt, exported)
    report = run.data
    assert report is not None, run.describe()
    assert report["ok"], report["messages"] or report["exception"]
    ours = yaml.safe_load((tmp_path / "curso" / "banks" / "importado.yaml").read_text())
    exportable = [
        q for q in ours["questions"] if fmt != "gift" or q["type"] not in {"cloze", "ordering"}
    ]
    moodle = [q for q in report["questions"] if q["qtype"] != "description"]
    assert Counter(map(_moodle_key, moodle)) == Counter(map(_our_key, exportable))


EXPORTER = Path(__file__).parent / "moodle" / "export_questions.php"


@pytest.mark.parametrize(("fmt", "path"), FIXTURES, ids=lambda v: getattr(v, "name", v))
@pytest.mark.parametrize("out", ["xml", "gift"])
def test_we_read_moodles_own_export(
    moodle: Moodle, tmp_path: Path, fmt: str, path: Path, out: str
) -> None:
    """Real-world files: what Moodle writes when it exports the questions it imported."""
    run = moodle.php("import_questions.php", fmt, path)
    report = run.data
    assert report is not None, run.describe()
    questions = [q for q in report["questions"] if q["qtype"] != "description"]
    target = tmp_path / f"moodle.{'xml' if out == 'xml' else 'gift'}"
    env = {**moodle.proc_env(), "MOODLE_HARNESS_LIB": str(HARNESS / "php" / "lib" / "harness.php")}
    exported = subprocess.run(
        ["php", str(EXPORTER), out, str(target), *(str(q["id"]) for q in questions)],
        capture_output=True, text=True, timeout=300, check=False, env=env,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr[-3000:]
    result = import_bank(target)
    ours = yaml.safe_load(result.yaml)["questions"]
    readable = [q for q in questions if q["qtype"] != "calculated"]
    if out == "gift":  # Moodle's GIFT exporter writes no cloze, gap-select or drag-and-drop
        readable = [q for q in readable if q["qtype"] not in {"multianswer", "gapselect", "ddwtos"}]
    assert Counter(map(_our_key, ours)) == Counter(map(_moodle_key, readable))
    if out == "xml":  # each question Moodle wrote that has no equivalent here is reported
        assert len(result.issues) == len(questions) - len(readable)
