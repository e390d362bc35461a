"""Fixtures of the quiz exporter tests: the fixture bank, an export helper and golden files."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from courseware.export import ExportOptions, ExportResult, export_bank
from courseware.load import load_bank
from courseware.model.quiz import QuizBank

TESTDATA = Path(__file__).parent / "testdata"
COURSE_DIR = TESTDATA / "course"
BANK_FILE = COURSE_DIR / "banks" / "comercio.yaml"
SAMPLE_COURSE = Path(__file__).resolve().parents[2] / "courses" / "aldeas-digitales"
Export = Callable[..., ExportResult]


@pytest.fixture(scope="session")
def bank() -> QuizBank:
    """The fixture bank: every question type, Spanish text with GIFT's special characters."""
    return load_bank(BANK_FILE)


@pytest.fixture(scope="session")
def course_dir() -> Path:
    """Folder the fixture bank's image paths are relative to."""
    return COURSE_DIR


@pytest.fixture(scope="session")
def export(bank: QuizBank) -> Export:
    """export(fmt, bank=None, **options) -> ExportResult for the fixture bank."""

    def run(fmt: str, bank_: QuizBank | None = None, **options: object) -> ExportResult:
        opts = ExportOptions(source_date_epoch=1700000000, **options)  # type: ignore[arg-type]
        return export_bank(bank_ or bank, fmt, course_dir=COURSE_DIR, options=opts)

    return run


def check_golden(name: str, data: bytes) -> None:
    """Compare with testdata/golden/<name>; UPDATE_GOLDEN=1 rewrites it (review the diff!)."""
    path = TESTDATA / "golden" / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_bytes(data)
    assert path.is_file(), f"missing golden file {path}; run with UPDATE_GOLDEN=1 and review it"
    assert data == path.read_bytes(), (
        f"{name} differs from its golden file (UPDATE_GOLDEN=1 to review)"
    )
