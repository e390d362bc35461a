"""An imported bank is a bank like any other: `check` validates it fully and the build's
quiz exports of it pass the same validators."""

from __future__ import annotations

from pathlib import Path

import pytest

from courseware.cli import main
from courseware.scaffold import create_course
from tests.quizimport.helpers import TESTDATA, import_into, zip_folder


def _sources(group: str, tmp: Path) -> list[Path]:
    if group.startswith("qti"):
        return [zip_folder(TESTDATA / group, tmp / f"{group}.zip")]
    return [p for p in sorted((TESTDATA / group).iterdir()) if p.stem != "xxe"]


@pytest.mark.parametrize("group", ["gift", "moodle", "aiken", "qti12", "qti21"])
def test_imported_banks_check_and_build(
    tmp_path: Path, group: str, capsys: pytest.CaptureFixture[str]
) -> None:
    course = tmp_path / "curso"
    create_course(course, language="es-MX")
    text = (course / "course.yaml").read_text(encoding="utf-8")
    (course / "course.yaml").write_text(text.split("\nbanks:")[0] + "\n", encoding="utf-8")
    for source in _sources(group, tmp_path):
        import_into(course, source, name=source.stem.replace("_", "-"))
    assert main(["check", str(course)]) == 0, capsys.readouterr().err
    out = tmp_path / "dist"
    assert main(["build", str(course), "-f", "quiz", "-o", str(out), "-q"]) == 0
    assert list(out.rglob("*.xml")), "the build wrote no Moodle XML"
