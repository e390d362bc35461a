"""What a process that only draws PDFs imports, and the package's names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import courseware.render.pdf as pdf
from courseware.load import load_course
from courseware.parallel import Workers

MINI = Path(__file__).resolve().parents[1] / "load" / "testdata" / "mini"


def test_a_process_that_draws_imports_no_planner_model_or_templates() -> None:
    # A worker imports the drawing module before its first PDF: the course model, the
    # templates and the planner are a third of a second it does not need.
    code = (
        "import sys, courseware.render.pdf.draw\n"
        "heavy = ['courseware.model', 'courseware.render.pdf.plan',"
        " 'courseware.render.pdf.printer', 'jinja2', 'pydantic', 'weasyprint']\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_every_name_the_package_exports_is_there() -> None:
    for name in pdf.__all__:
        assert getattr(pdf, name) is not None, name
    assert pdf.render_pdfs.__module__ == "courseware.render.pdf.produce"


def test_a_name_the_package_does_not_export_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        pdf.no_such_name  # noqa: B018


def test_pdfs_drawn_by_spawned_workers_are_the_bytes_drawn_here() -> None:
    # Windows starts workers by spawn: a fresh interpreter imports draw, job and the
    # package's lazy names, unpickles each PdfJob and sends its PdfResult back.
    loaded = load_course(MINI)
    with Workers(2, method="spawn"):
        spawned, issues = pdf.render_pdfs(loaded, pdf.PdfOptions(jobs=2))
    here, _ = pdf.render_pdfs(loaded, pdf.PdfOptions(jobs=1))
    assert not [i for i in issues if i.severity == "error"]
    assert len(spawned) >= 3
    assert spawned == here
