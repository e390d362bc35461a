"""`courseware import-quiz`: exit codes, --strict, the size cap, where files are written."""

from __future__ import annotations

from pathlib import Path

import pytest

from courseware.cli import main
from tests.quizimport.helpers import TESTDATA


def test_partial_import_exits_zero_with_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "banco.yaml"
    assert main(["import-quiz", str(TESTDATA / "gift" / "broken.gift"), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "broken.gift:3:1: warning:" in err and "broken.gift:5:1: warning:" in err
    assert "imported 2 question(s); 2 skipped" in err
    assert "Traceback" not in err and "pydantic" not in err and "https://" not in err
    assert out.read_text(encoding="utf-8").count("- id:") == 2


def test_strict_fails_when_a_question_is_not_imported(tmp_path: Path) -> None:
    out = tmp_path / "banco.yaml"
    args = ["import-quiz", str(TESTDATA / "gift" / "broken.gift"), "-o", str(out), "--strict"]
    assert main(args) == 1 and not out.exists()
    lossy = TESTDATA / "gift" / "numeric_partial.gift"  # a loss note is not a warning
    clean = ["import-quiz", str(lossy), "-o", str(out), "--strict"]
    assert main(clean) == 0 and out.exists()


def test_nothing_imported_exits_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nada.gift"
    path.write_text("::a::solo texto\n\n::b:: {#no}\n", encoding="utf-8")
    assert main(["import-quiz", str(path)]) == 1
    assert "imported 0 question(s)" in capsys.readouterr().err


def test_size_cap_and_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "grande.gift"
    long = "palabra " * 100
    path.write_text("\n\n".join(f"P{n} {long}{{=a ~b}}" for n in range(3_000)), encoding="utf-8")
    assert path.stat().st_size > 2 * 1024 * 1024
    assert main(["import-quiz", str(path), "-o", str(tmp_path / "x.yaml")]) == 1
    err = capsys.readouterr().err
    assert "grande.gift:1:1: error: file is" in err and "--max-size" in err
    assert main(["import-quiz", str(path), "-o", str(tmp_path / "x.yaml"), "--max-size", "5"]) == 0


def test_media_go_to_the_course_of_the_bank(tmp_path: Path) -> None:
    course = tmp_path / "curso"
    (course / "banks").mkdir(parents=True)
    source = TESTDATA / "moodle" / "embedded_file.xml"
    assert main(["import-quiz", str(source), "-o", str(course / "banks" / "logos.yaml")]) == 0
    assert (course / "media" / "logo viejo.png").is_file()
    elsewhere = tmp_path / "otro"
    assert main(["import-quiz", str(source), "-o", str(tmp_path / "b.yaml"),
                 "--course", str(elsewhere)]) == 0  # fmt: skip
    assert (elsewhere / "media" / "icon.png").is_file()


def test_losses_are_summed_up_by_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = TESTDATA / "moodle" / "cloze.xml"
    assert main(["import-quiz", str(source), "-o", str(tmp_path / "c.yaml")]) == 0
    err = capsys.readouterr().err
    assert "7 loss note(s)" in err and "5 x feedback on blank …, answer …" in err


def test_media_are_not_written_to_the_current_folder_by_surprise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["import-quiz", str(TESTDATA / "moodle" / "embedded_file.xml")]) == 0
    assert "2 embedded file(s) not written" in capsys.readouterr().err
    assert not (tmp_path / "media").exists()
