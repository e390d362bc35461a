"""Choose what to build: `outputs:` in course.yaml, overridden by the command line, and
warnings only about what is built, each saying how to silence it."""

from __future__ import annotations

import shutil
from pathlib import Path

from courseware.build import BuildSettings, build_course
from courseware.i18n import speaking

MINI = Path(__file__).resolve().parent / "load" / "testdata" / "mini"

TRUE_FALSE = """\
  - id: vf-extra
    type: true_false
    prompt: El modelo nació en China.
    answer: true
"""


def course(tmp_path: Path, outputs: str) -> Path:
    """The mini course with an ``outputs:`` section and a question Aiken cannot hold."""
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    yaml = root / "course.yaml"
    yaml.write_text(outputs + yaml.read_text(encoding="utf-8"), encoding="utf-8")
    bank = root / "banks" / "b.yaml"
    text = bank.read_text(encoding="utf-8").replace("quizzes:\n", TRUE_FALSE + "quizzes:\n")
    bank.write_text(text, encoding="utf-8")
    return root


def built(out: Path) -> set[str]:
    return {p.relative_to(out / "mini").as_posix() for p in (out / "mini").glob("*/*")}


def test_course_yaml_chooses_outputs_and_formats(tmp_path: Path) -> None:
    root = course(tmp_path, "outputs:\n  build: [quiz]\n  quiz: [moodle, gift]\n")
    report = build_course(root, tmp_path / "dist")
    assert built(tmp_path / "dist") == {
        "quiz/moodle",
        "quiz/gift",
        "quiz/report.json",
        "quiz/report.md",
    }
    assert not [w for w in report.warnings if "Aiken" in w.message]


def test_the_command_line_overrides_course_yaml(tmp_path: Path) -> None:
    root = course(tmp_path, "outputs:\n  build: [html]\n  quiz: [moodle]\n")
    settings = BuildSettings(quiz_formats=("aiken",))
    report = build_course(root, tmp_path / "dist", ["quiz"], settings=settings)
    assert built(tmp_path / "dist") == {"quiz/aiken", "quiz/report.json", "quiz/report.md"}
    [aiken] = [w for w in report.warnings if "Aiken" in w.message]
    assert aiken.hint and "`outputs: quiz:` in course.yaml" in aiken.hint


def test_packages_chosen_in_course_yaml(tmp_path: Path) -> None:
    root = course(tmp_path, "outputs:\n  build: [packages]\n  packages: [scorm12]\n")
    build_course(root, tmp_path / "dist")
    assert built(tmp_path / "dist") == {"packages/mini-scorm12.zip"}


def test_a_package_no_longer_chosen_is_removed_not_left_stale(tmp_path: Path) -> None:
    root = course(tmp_path, "")
    out = tmp_path / "dist"
    build_course(root, out, ["html", "packages"])
    kinds = ("scorm12", "scorm2004", "imscc", "cmi5", "web")
    assert {f"packages/mini-{k}.zip" for k in kinds} <= built(out)
    build_course(root, out, ["packages"], settings=BuildSettings(package_kinds=("scorm12",)))
    packages = {p for p in built(out) if p.startswith("packages/")}
    assert packages == {"packages/mini-scorm12.zip"}  # the other kinds' older zips are gone
    assert "html/index.html" in built(out)  # an output not built this time is kept


def test_the_progress_counts_only_the_outputs_chosen(tmp_path: Path) -> None:
    root = course(tmp_path, "outputs:\n  build: [quiz]\n")
    events: list[tuple[str, str]] = []
    build_course(root, tmp_path / "dist", progress=lambda name, event: events.append((name, event)))
    planned = [name for name, event in events if event == "planned"]
    done = [name for name, event in events if event == "done"]
    assert planned == ["load", "check", "lint", "quiz", "write", "stamp"]
    assert done == planned  # the bar reaches its total, no more, no less


def test_how_to_silence_a_format_warning_is_said_in_the_instructors_language(
    tmp_path: Path,
) -> None:
    root = course(tmp_path, "outputs:\n  build: [quiz]\n  quiz: [aiken]\n")
    with speaking("es"):
        report = build_course(root, tmp_path / "dist")
    [aiken] = [w for w in report.warnings if "Aiken" in w.message]
    assert aiken.hint and "indique los formatos que quiere en `outputs: quiz:`" in aiken.hint
    assert "not needed" not in aiken.hint
