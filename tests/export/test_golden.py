"""Golden files of the text formats (regenerate with UPDATE_GOLDEN=1 and review the diff)."""

from __future__ import annotations

import pytest

from tests.export.conftest import Export, check_golden


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("gift", "comercio-digital.gift"),
        ("aiken", "comercio-digital.txt"),
        ("csv", "comercio-digital.csv"),
        ("moodle", "comercio-digital.xml"),
    ],
)
def test_golden(export: Export, fmt: str, name: str) -> None:
    result = export(fmt)
    assert list(result.files) == [name]
    check_golden(name, result.files[name])
