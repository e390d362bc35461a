"""A course's own theme is untrusted input: sandboxed, and its mistakes reported at file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from courseware.cli import main
from courseware.errors import CoursewareError
from courseware.load import load_course
from courseware.render.html import render_site
from courseware.render.pdf import PdfOptions, render_pdfs

from .conftest import COURSE_DIR, course_copy


def _course(root: Path, footer: str) -> Path:
    course = course_copy(COURSE_DIR, root, theme={"name": "propio"})
    theme = course / "themes" / "propio"
    (theme / "partials").mkdir(parents=True)
    (theme / "theme.yml").write_text("extends: default\n", encoding="utf-8")
    (theme / "partials" / "footer.html").write_text(footer, encoding="utf-8")
    return course


def _error(course: Path) -> str:
    with pytest.raises(CoursewareError) as info:
        render_site(load_course(course))
    return str(info.value)


def test_python_internals_are_out_of_reach(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    footer = (
        "<footer>\n"
        "{{ cycler.__init__.__globals__.os.system('touch " + str(marker) + "') }}\n"
        "</footer>\n"
    )
    message = _error(_course(tmp_path / "curso", footer))
    assert not marker.exists()
    assert "themes/propio/partials/footer.html:2:1: error: template" in message
    assert "unsafe" in message  # the sandbox's refusal, in words


@pytest.mark.parametrize(
    "expression",
    [
        "site.loaded.root.joinpath('escrito.txt').write_text('x')",
        "site.theme.chain[0].path.parent.joinpath('escrito.txt').touch()",
        "(site.loaded.root / 'course.yaml').unlink()",
    ],
)
def test_no_file_can_be_written_or_deleted(tmp_path: Path, expression: str) -> None:
    course = _course(tmp_path / "curso", "<footer>{{ " + expression + " }}</footer>\n")
    message = _error(course)
    assert "footer.html:1:1: error: template" in message
    assert (course / "course.yaml").is_file()
    assert not list(tmp_path.rglob("escrito.txt"))


def test_an_unknown_variable_is_named_at_its_line(tmp_path: Path) -> None:
    footer = "<footer>\n<p>ok</p>\n{{ no_existe.titulo }}\n</footer>\n"
    message = _error(_course(tmp_path / "curso", footer))
    assert "themes/propio/partials/footer.html:3:1: error: template" in message
    assert "no_existe" in message


def test_a_syntax_error_is_named_at_its_line(tmp_path: Path) -> None:
    footer = "<footer>\n{% if course.title %}\n</footer>\n"
    message = _error(_course(tmp_path / "curso", footer))
    assert "themes/propio/partials/footer.html:" in message
    assert "template syntax error" in message


def test_the_command_line_reports_it_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = _course(tmp_path / "curso", "<footer>{{ 1 / 0 }}</footer>\n")
    out = tmp_path / "dist"
    assert main(["build", str(course), "-o", str(out), "-f", "html", "-q"]) == 1
    err = capsys.readouterr().err
    assert "footer.html:1:1: error: template" in err and "Traceback" not in err
    assert not out.exists() or not any(out.glob("*/html"))  # nothing half-written


def test_the_print_templates_of_a_course_theme_are_sandboxed_too(tmp_path: Path) -> None:
    course = _course(tmp_path / "curso", "<footer></footer>\n")
    pdf = course / "themes" / "propio" / "pdf"
    pdf.mkdir()
    default = Path(__file__).resolve().parents[2] / "themes" / "default" / "pdf"
    name = sorted(p.name for p in default.glob("*.html"))[0]
    (pdf / name).write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    files, issues = render_pdfs(load_course(course), PdfOptions(jobs=1))
    assert files == {} and issues
    assert all(i.severity == "error" and f"propio/pdf/{name}:1:1" in i.format() for i in issues)
    assert all("unsafe" in i.message for i in issues)
