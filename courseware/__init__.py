"""courseware: author e-learning courses as YAML; build HTML, PDFs, quiz banks and LMS packages.

The library in three calls (each imports what it needs when called, so that importing
``courseware`` stays instant):

- :func:`load_course`: a course folder -> a course valid field by field;
- :func:`check_course`: its errors and warnings (cross-references, files, sources, teaching);
- :func:`build_course`: load, check, then every output written at once into ``dist/``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from pathlib import Path

    from courseware.build import BuildReport
    from courseware.errors import Issue
    from courseware.load import LoadedCourse


def load_course(course_dir: Path | str) -> LoadedCourse:
    """See :func:`courseware.load.load_course`."""
    from courseware.load import load_course as load

    return load(course_dir)


def check_course(loaded: LoadedCourse, *, lint: bool = True) -> list[Issue]:
    """Errors and warnings of a loaded course: the checks, then (``lint``, and only if the
    checks found no error) the teaching warnings."""
    from courseware.build import check, lint_warnings

    issues = check(loaded)
    if lint and not any(i.severity == "error" for i in issues):
        issues += lint_warnings(loaded)
    return issues


def build_course(*args: Any, **kwargs: Any) -> BuildReport:
    """See :func:`courseware.build.build_course`."""
    from courseware.build import build_course as build

    return build(*args, **kwargs)


__all__ = ["__version__", "build_course", "check_course", "load_course"]
