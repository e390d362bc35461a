"""Fixtures of the PDF and EPUB tests: the sample course, built once per test run.

Why: drawing every PDF of the sample course takes tens of seconds. Under pytest-xdist each
worker has its own session, so the first worker builds into a folder shared by the run
(under a file lock) and the others read the files from there.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from filelock import FileLock

from courseware.load import LoadedCourse, load_course
from courseware.render.epub import render_epub
from courseware.render.pdf import PdfNames, PdfOptions, render_pdfs
from tests.pdf.helpers import reader

PageTexts = dict[str, list[str]]

SAMPLE_COURSE = Path(__file__).resolve().parents[2] / "courses" / "aldeas-digitales"


@pytest.fixture(scope="session")
def loaded() -> LoadedCourse:
    """The Spanish sample course."""
    return load_course(SAMPLE_COURSE)


@pytest.fixture(scope="session")
def names(loaded: LoadedCourse) -> PdfNames:
    """Output names of the sample course's documents."""
    return PdfNames(loaded.course.id, loaded.course.language)


def _shared_dir(factory: pytest.TempPathFactory) -> Path:
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    base = factory.getbasetemp()
    return base.parent / f"pdf-build-{run}" if run else base / "pdf-build"


def _page_texts(path: Path) -> None:
    """Write the text of each page of a PDF next to it, as JSON (a pool task)."""
    pages = [page.extract_text() or "" for page in reader(path.read_bytes()).pages]
    path.with_suffix(".pages.json").write_text(json.dumps(pages), encoding="utf-8")


@pytest.fixture(scope="session")
def pdf_files(loaded: LoadedCourse, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """render_pdfs() of the sample course (built once per run, shared by xdist workers)."""
    folder = _shared_dir(tmp_path_factory)
    folder.mkdir(parents=True, exist_ok=True)
    with FileLock(folder.parent / f"{folder.name}.lock"):  # every platform, unlike flock
        done = folder / ".done"
        if not done.exists():
            files, issues = render_pdfs(loaded, PdfOptions())
            errors = [i.format() for i in issues if i.severity == "error"]
            assert not errors, errors
            for relpath, data in files.items():
                target = folder / relpath
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            # Text extraction is slow in pypdf: do it once, in parallel, for every worker.
            with ProcessPoolExecutor(os.cpu_count() or 1) as pool:
                list(pool.map(_page_texts, [folder / relpath for relpath in files]))
            done.write_text("\n".join(sorted(files)), encoding="utf-8")
        names = done.read_text(encoding="utf-8").splitlines()
    return {name: (folder / name).read_bytes() for name in names}


@pytest.fixture(scope="session")
def pdf_pages(pdf_files: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> PageTexts:
    """Text of each page of each built PDF (extracted with pypdf once per run)."""
    folder = _shared_dir(tmp_path_factory)
    return {
        name: json.loads((folder / name).with_suffix(".pages.json").read_text(encoding="utf-8"))
        for name in pdf_files
    }


@pytest.fixture(scope="session")
def pdf_dir(pdf_files: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder holding the built PDFs."""
    return _shared_dir(tmp_path_factory)


@pytest.fixture(scope="session")
def epub_bytes(loaded: LoadedCourse) -> bytes:
    """render_epub() of the sample course."""
    files, issues = render_epub(loaded)
    assert not [i for i in issues if i.severity == "error"]
    (data,) = files.values()
    return data
