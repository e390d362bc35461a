"""Root conftest: the validator fixtures and hypothesis' default settings. Put other
fixtures in conftest.py files of subfolders. The helpers never skip: a missing tool fails
the test with a message saying to run `bash tests/run.sh`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

from tests import validators as _validators

# No property test has a deadline: speed is measured in bench/, and a busy CI machine must
# not turn a slow example into a failure.
settings.register_profile("courseware", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("courseware")


LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")
"""Variables that choose the CLI's language (and gettext's); the suite fixes them."""


@pytest.fixture(scope="session", autouse=True)
def neutral_locale() -> Iterator[None]:
    """Run the suite, and every command it starts, in C.UTF-8 (English messages).

    Why: tests assert English CLI output; an instructor running them under es_MX must not
    see them fail. A test that wants another language sets its own variables (monkeypatch,
    or an ``env`` for its subprocess).
    """
    with pytest.MonkeyPatch.context() as patch:
        for name in LOCALE_VARIABLES:
            patch.delenv(name, raising=False)
        patch.setenv("LC_ALL", "C.UTF-8")
        patch.setenv("LANG", "C.UTF-8")
        yield


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
