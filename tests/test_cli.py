"""The command line: exit codes, messages without tracebacks, a light start-up."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from courseware.scaffold import create_course

MINI = Path(__file__).parent / "load" / "testdata" / "mini"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "courseware", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_help_imports_nothing_heavy() -> None:
    code = (
        "import sys, courseware.cli as c\n"
        "c.build_parser().format_help()\n"
        "heavy = [m for m in ('weasyprint', 'pydantic', 'jinja2', 'rich', 'lxml', 'yaml')"
        " if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_check_clean_course_exits_zero() -> None:
    result = run("check", str(MINI))
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stderr


def test_check_error_has_location_snippet_and_no_traceback(tmp_path: Path) -> None:
    course = tmp_path / "mini"
    shutil.copytree(MINI, course)
    lesson = course / "lessons/01-uno.yaml"
    lesson.write_text(
        lesson.read_text().replace("alt: Un punto rojo", "alt: Un punto rojo\n    altt: x")
    )
    result = run("check", "mini", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert (
        first == "mini/lessons/01-uno.yaml:11:5: error: "
        "unknown key `altt` in image block; did you mean `alt`?"
    )
    assert "  11 |     altt: x" in result.stderr


def test_check_json_format(tmp_path: Path) -> None:
    course = tmp_path / "mini"
    shutil.copytree(MINI, course)
    (course / "course.yaml").write_text(
        (course / "course.yaml").read_text().replace('version: "1.0"', "version: 1.0")
    )
    result = run("check", str(course), "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["errors"] == 1
    diag = report["diagnostics"][0]
    assert (diag["line"], diag["column"], diag["code"]) == (4, 10, "wrong-type")
    assert diag["file"].endswith("course.yaml")


def test_missing_course_folder_is_a_clean_error(tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "nope"))
    assert result.returncode == 1
    assert "no course.yaml" in result.stderr and "Traceback" not in result.stderr


def test_new_creates_a_course_that_checks_clean(tmp_path: Path) -> None:
    result = run("new", "cursos/mi-curso", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert run("check", "cursos/mi-curso", cwd=tmp_path).returncode == 0
    again = run("new", "cursos/mi-curso", cwd=tmp_path)
    assert again.returncode == 1 and "already holds a course" in again.stderr


def test_new_in_english(tmp_path: Path) -> None:
    create_course(tmp_path / "my-course", language="en")
    text = (tmp_path / "my-course/lessons/01-introduction.yaml").read_text()
    assert "Introduction" in text
    assert run("check", str(tmp_path / "my-course")).returncode == 0


def test_schema_command_writes_three_schemas(tmp_path: Path) -> None:
    result = run("schema", "--out", str(tmp_path))
    assert result.returncode == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["bank.schema.json", "course.schema.json", "lesson.schema.json"]
    course = json.loads((tmp_path / "course.schema.json").read_text())
    assert "modules" in course["required"]


def test_committed_schemas_match_the_models() -> None:
    from courseware.schema import json_schemas

    repo = Path(__file__).resolve().parents[1]
    for name, schema in json_schemas().items():
        committed = json.loads((repo / "schema" / f"{name}.schema.json").read_text())
        assert committed == schema, f"schema/{name}.schema.json is stale: run `courseware schema`"


def test_command_exit_runs_exit_handlers_and_flushes_output(tmp_path: Path) -> None:
    # The command leaves with os._exit (no heap teardown); what it printed and what the
    # exit handlers do must survive that, and the exit status must be main()'s.
    marker = tmp_path / "handler-ran"
    code = (
        "import atexit, sys\n"
        "from pathlib import Path\n"
        f"atexit.register(lambda: Path({str(marker)!r}).write_text('yes'))\n"
        "from courseware.cli import run\n"
        f"sys.argv = ['courseware', 'check', {str(tmp_path / 'missing')!r}]\n"
        "print('before', end='')\n"
        "run()\n"
        "print('never reached')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 1
    assert out.stdout == "before"
    assert "missing" in out.stderr and "Traceback" not in out.stderr
    assert marker.read_text() == "yes"


def _env(**values: str) -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if k not in {"LC_ALL", "LC_MESSAGES", "LANG"}}
    return {**env, **values}


def test_cli_speaks_spanish_from_lang_flag_or_locale(tmp_path: Path) -> None:
    help_es = subprocess.run(
        [sys.executable, "-m", "courseware", "build", "--help", "--lang", "es"],
        capture_output=True, text=True, env=_env(LANG="en_US.UTF-8"), timeout=60,
    )  # fmt: skip
    assert help_es.returncode == 0
    assert "uso: courseware build" in help_es.stdout and "carpeta de salida" in help_es.stdout
    assert "muestra esta ayuda y termina" in help_es.stdout and "usage:" not in help_es.stdout
    new = subprocess.run(
        [sys.executable, "-m", "courseware", "new", str(tmp_path / "c")],
        capture_output=True, text=True, env=_env(LANG="es_MX.UTF-8"), timeout=60,
    )  # fmt: skip
    assert new.returncode == 0
    assert f"siguiente: courseware check {tmp_path / 'c'}" in new.stderr
    assert "creado " in new.stderr and "next:" not in new.stderr
    check = subprocess.run(
        [sys.executable, "-m", "courseware", "check", str(tmp_path / "c")],
        capture_output=True, text=True, env=_env(LANG="es_MX.UTF-8", LC_ALL="C"), timeout=60,
    )  # fmt: skip
    assert check.stderr.rstrip().endswith(": ok")  # LC_ALL wins, and C means English


def test_cli_english_by_default() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "courseware", "--help"],
        capture_output=True, text=True, env=_env(), timeout=60,
    )  # fmt: skip
    assert "usage: courseware" in result.stdout and "start a course folder" in result.stdout


@pytest.mark.parametrize(
    ("lang", "exists", "new_hint", "shard", "shard_hint"),
    [
        (
            "es",
            "ya contiene un curso (existe course.yaml)",
            "elija una carpeta nueva",
            "valor de --shard no válido: '3/2'",
            "escriba I/N con 1 <= I <= N, p. ej. 2/4",
        ),
        (
            "en",
            "already holds a course (course.yaml exists)",
            "choose a new folder",
            "bad shard '3/2'",
            "write I/N with 1 <= I <= N, e.g. 2/4",
        ),
    ],
)
def test_refusals_of_new_and_build_speak_the_instructor_language(
    lang: str,
    exists: str,
    new_hint: str,
    shard: str,
    shard_hint: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from courseware.cli import main

    course = tmp_path / "c"
    create_course(course)
    assert main(["--lang", lang, "new", str(course)]) == 1
    err = capsys.readouterr().err
    assert f"error: {course} {exists}\n" in err and f"= {new_hint}\n" in err
    out = tmp_path / "dist"
    assert main(["--lang", lang, "build", str(course), "--out", str(out), "--shard", "3/2"]) == 1
    err = capsys.readouterr().err
    assert f"error: {shard}\n" in err and f"= {shard_hint}\n" in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("lang", "required", "bad_value"),
    [
        (
            "es",
            "courseware draft: error: faltan estos argumentos obligatorios: --from\n",
            "courseware serve: error: argumento --port/-p: valor int no válido: 'abc'\n",
        ),
        (
            "en",
            "courseware draft: error: the following arguments are required: --from\n",
            "courseware serve: error: argument --port/-p: invalid int value: 'abc'\n",
        ),
    ],
)
def test_usage_errors_speak_the_instructor_language(
    lang: str, required: str, bad_value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from courseware.cli import main

    for args, expected in (
        (["draft", "--course", "x"], required),
        (["serve", "x", "--port", "abc"], bad_value),
    ):
        with pytest.raises(SystemExit) as stopped:
            main(["--lang", lang, *args])
        assert stopped.value.code == 2
        assert capsys.readouterr().err.endswith(expected)
