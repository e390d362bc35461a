"""The hostile course built once for the suites that read its outputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from courseware.build import build_course

from .hostile import make_hostile


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every output of the hostile course: ``dist/mini/{html,quiz,pdf,packages}``."""
    root = tmp_path_factory.mktemp("hostile") / "mini"
    make_hostile(root)
    out = root.parent / "dist"
    build_course(root, out, ["html", "quiz", "pdf", "packages"])
    return out / "mini"


@pytest.fixture(scope="session")
def hostile_site(hostile_build: Path) -> Path:
    return hostile_build / "html"
