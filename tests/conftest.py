"""Root conftest: the validator fixtures and hypothesis' default settings. Put other
fixtures in conftest.py files of subfolders. The helpers never skip: a missing tool fails
the test with a message saying to run `bash tests/run.sh`."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

from tests import validators as _validators

# No property test has a deadline: speed is measured in bench/, and a busy CI machine must
# not turn a slow example into a failure.
settings.register_profile("courseware", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("courseware")


@pytest.fixture(scope="session")
def validators() -> ModuleType:
    """The tests.validators module: nu_check, axe_check, gift_parse, xsd_errors, ..."""
    return _validators


@pytest.fixture(scope="session")
def standards_dir() -> Path:
    """tests/standards: the official XSDs, catalog.xml, drivers and samples."""
    return _validators.STANDARDS_DIR


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of the Chromium binary (fails, never skips, when it is missing)."""
    return _validators.chromium_path()
