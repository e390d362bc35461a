"""Every Moodle XML, GIFT and Aiken file of the sample course, imported by the real Moodle 5.1.

Each file goes through Moodle's own importer (the web form's defaults, a new course each), then
the question engine grades each auto-graded question's own right answer, then every imported
question is compared field by field with the bank (tests/lms/expected.py): only fields the
build's loss report names for that question and format may differ.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from courseware.export.common import Env, ExportOptions
from courseware.load import LoadedCourse, load_course
from tests.lms.conftest import HERE, SAMPLE, Moodle
from tests.lms.expected import covered, differences, expected, stored

FORMATS = {"xml": ("moodle", "xml"), "gift": ("gift", "gift"), "aiken": ("aiken", "txt")}
TARGET = {"xml": "moodle", "gift": "gift", "aiken": "aiken"}
BANKS = [b.id for b in load_course(SAMPLE).course.banks]


@pytest.fixture(scope="module")
def losses(sample_dist: Path) -> dict[str, dict[str, list[str]]]:
    """The build's loss report: format -> question id -> what was lost."""
    report = json.loads((sample_dist / "quiz" / "report.json").read_text(encoding="utf-8"))
    return dict(report["losses"])


@pytest.mark.parametrize("bank_id", BANKS)
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_file_imports_completely_and_as_the_bank_says(
    moodle: Moodle,
    sample_dist: Path,
    losses: dict[str, dict[str, list[str]]],
    sample_course: LoadedCourse,
    fmt: str,
    bank_id: str,
) -> None:
    folder, ext = FORMATS[fmt]
    path = sample_dist / "quiz" / folder / f"{bank_id}.{ext}"
    run = moodle.php("import_questions.php", fmt, path)
    assert run.code == 0 and run.data is not None, run.describe()
    result: dict[str, Any] = run.data
    assert result["messages"] == [] and result["exception"] is None, result["messages"]
    counts = result["counts"]
    assert counts["in_file"] == counts["parsed"] == counts["imported"] == counts["in_bank"] > 0
    graded = moodle.php("grade_check.php", str(result["contextid"]))
    assert graded.code == 0, graded.describe()

    dump = moodle.php(HERE / "dump_questions.php", str(result["contextid"]))
    assert dump.code == 0 and dump.data is not None, dump.describe()
    rows = dump.data["questions"]
    loaded = sample_course
    course = loaded.course
    bank = next(b for b in course.banks if b.id == bank_id)
    options = ExportOptions(allow_html=bool(course.settings.allow_html))
    env = Env(bank, TARGET[fmt], course=course, course_dir=loaded.root, options=options)
    lost = losses.get(TARGET[fmt], {})
    exported = [q for q in env.questions if "left out" not in " ".join(lost.get(q.id, []))]
    assert len(rows) == len(exported)
    problems = {}
    for question, row in zip(_in_file_order(exported, rows, fmt), rows, strict=True):
        want, got = expected(question, fmt, env), stored(row)
        unexplained = {
            field: pair
            for field, pair in differences(want, got).items()
            if field not in covered(lost.get(question.id, []))
        }
        if unexplained:
            problems[question.id] = unexplained
    assert problems == {}, json.dumps(problems, ensure_ascii=False, indent=1, default=str)


def _in_file_order(questions: list[Any], rows: list[dict[str, Any]], fmt: str) -> list[Any]:
    """Bank questions in the order of Moodle's rows: by idnumber, or by prompt for Aiken."""
    if fmt == "aiken":
        by_text = {q.id: q for q in questions}
        ordered = []
        for row in rows:
            match = [q for q in by_text.values() if row["questiontext"].startswith(q.prompt[:40])]
            assert match, row["questiontext"]
            ordered.append(by_text.pop(match[0].id))
        return ordered
    by_id = {q.id: q for q in questions}
    return [by_id[row["idnumber"]] for row in rows]
