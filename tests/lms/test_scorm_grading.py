"""What each of Moodle 5.1's SCORM grading methods makes of what the runtime reports.

The facts the README's advice to coordinators rests on ("which grading method to choose"),
measured with Moodle's own grading code (tests/lms/scorm_grading.php: scorm_insert_track,
scorm_grade_item_update, scorm_update_grades) on activities made from the sample's packages.
Methods: 0 Learning objects (count of SCOs completed or passed, out of the number of SCOs),
1 Highest grade, 2 Average grade, 3 Sum of grades (of the SCOs' raw scores, out of the
activity's maximum grade, 100).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.lms.conftest import HERE, SAMPLE, Moodle

PASSED_90 = {"completion": "completed", "success": "passed", "raw": "90"}
# (package, SCO reports, grade under each method 0..3)
CASES: list[tuple[str, list[dict[str, str]], tuple[float, float, float, float]]] = [
    # every lesson seen (completion: all_lessons), the quiz failed: Learning objects gives
    # full marks in SCORM 2004 (it reads completion only), the score methods the score
    ("scorm2004", [{"completion": "completed", "success": "failed", "raw": "30"}], (1, 30, 30, 30)),
    (
        "scorm2004",
        [{"completion": "incomplete", "success": "failed", "raw": "30"}],
        (0, 30, 30, 30),
    ),
    ("scorm2004", [PASSED_90], (1, 90, 90, 90)),
    # SCORM 1.2: one status; "completed" (every lesson seen, the quiz not taken yet) counts
    ("scorm12", [{"status": "completed"}], (1, 0, 0, 0)),
    ("scorm12", [{"status": "failed", "raw": "30"}], (0, 30, 30, 30)),
    ("scorm12", [{"status": "passed", "raw": "90"}], (1, 90, 90, 90)),
    # a SCO per module (--sco-per-module): four modules seen (each reports its status and no
    # score, as the runtime does: tests/lms/test_scorm_per_module.py), the quiz SCO completed
    # and failed: Learning objects counts the modules, the score methods give the quiz's score
    (
        "scorm2004-per-module",
        [{"completion": "completed", "success": "passed"}] * 4
        + [{"completion": "completed", "success": "failed", "raw": "30"}],
        (5, 30, 30, 30),
    ),
    (  # the same in SCORM 1.2: the failed quiz SCO is not counted
        "scorm12-per-module",
        [{"status": "passed"}] * 4 + [{"status": "failed", "raw": "30"}],
        (4, 30, 30, 30),
    ),
]


def elements(kind: str, reports: list[dict[str, str]]) -> dict[str, str]:
    """The data model elements of these SCO reports (the N-th SCO's prefixed ``N:``)."""
    out = {}
    for n, report in enumerate(reports):
        prefix = f"{n}:" if len(reports) > 1 else ""
        if kind == "scorm12":
            out[prefix + "cmi.core.lesson_status"] = report["status"]
            if "raw" in report:
                out[prefix + "cmi.core.score.raw"] = report["raw"]
            continue
        out[prefix + "cmi.completion_status"] = report["completion"]
        out[prefix + "cmi.success_status"] = report["success"]
        if "raw" in report:
            out[prefix + "cmi.score.raw"] = report["raw"]
            out[prefix + "cmi.score.scaled"] = str(float(report["raw"]) / 100)
    return out


@pytest.fixture(scope="session")
def grading(
    moodle: Moodle, sample_dist: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """Per package (one SCORM activity each): the grades of every case under every method."""
    per_module = tmp_path_factory.mktemp("lms-per-module")
    cmd = [sys.executable, "-m", "courseware", "package", str(SAMPLE), "--out", str(per_module)]
    proc = subprocess.run([*cmd, "--quiet", "--sco-per-module"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    built = per_module / SAMPLE.name / "packages"
    zips = {
        "scorm12": sample_dist / "packages" / f"{SAMPLE.name}-scorm12.zip",
        "scorm2004": sample_dist / "packages" / f"{SAMPLE.name}-scorm2004.zip",
        "scorm2004-per-module": built / f"{SAMPLE.name}-scorm2004.zip",
        "scorm12-per-module": built / f"{SAMPLE.name}-scorm12.zip",
    }
    out: dict[str, Any] = {}
    for package, zip_path in zips.items():
        added = moodle.php("scorm_add.php", zip_path)
        assert added.code == 0 and added.data is not None, added.describe()
        cmid = str(added.data["cmid"])
        assert moodle.php("mkstudent.php", f"--cmid={cmid}").code == 0
        kind = package.split("-")[0]
        reports = [elements(kind, reports) for p, reports, _ in CASES if p == package]
        graded = moodle.php(HERE / "scorm_grading.php", cmid, json.dumps(reports))
        assert graded.code == 0 and graded.data is not None, graded.describe()
        out[package] = graded.data
    return out


@pytest.mark.parametrize("case", range(len(CASES)))
def test_what_each_grading_method_gives(grading: dict[str, Any], case: int) -> None:
    package, _, expected = CASES[case]
    number = [n for n, c in enumerate(CASES) if c[0] == package].index(case)
    rows = [r for r in grading[package]["rows"] if r["report"] == number]
    got = tuple(r["finalgrade"] for r in sorted(rows, key=lambda r: r["grademethod"]))
    assert got == expected, rows
    scos = grading[package]["scos"]
    assert [r["grademax"] for r in sorted(rows, key=lambda r: r["grademethod"])] == [
        scos,
        100,
        100,
        100,
    ]
