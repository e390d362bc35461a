"""LMS packages: SCORM 1.2, SCORM 2004 4th edition, IMS Common Cartridge 1.1, cmi5, web.

Each kind is one module with one entry point of the same shape,
``build_x(prepared, options) -> (files, issues)``, listed in :data:`KINDS`.
:func:`build_packages` wraps the rendered HTML site (and the final quiz page it adds) into
one reproducible zip per kind: ``<course-id>-<kind>.zip``. Everything here is pure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from courseware.errors import CoursewareError, Issue
from courseware.i18n import says
from courseware.load import LoadedCourse
from courseware.package.cmi5 import build_cmi5
from courseware.package.common import (
    PackageOptions,
    Prepared,
    prepare,
    zip_epoch,
    zip_files,
)
from courseware.package.imscc import build_imscc
from courseware.package.runtime import SUSPEND_LIMITS, course_data, suspend_data_size
from courseware.package.scorm12 import build_scorm12
from courseware.package.scorm2004 import build_scorm2004
from courseware.package.web import build_web

Builder = Callable[[Prepared, PackageOptions], tuple[dict[str, bytes], list[Issue]]]


@dataclass(frozen=True)
class PackageKind:
    """One kind of package: its name (``--format``), what it is for, and its builder."""

    name: str
    title: str
    build: Builder

    def file_name(self, course_id: str) -> str:
        """The zip's name: ``<course-id>-<kind>.zip``."""
        return f"{course_id}-{self.name}.zip"


KINDS: dict[str, PackageKind] = {
    "scorm12": PackageKind("scorm12", "SCORM 1.2 (Moodle, most LMSs)", build_scorm12),
    "scorm2004": PackageKind("scorm2004", "SCORM 2004 4th edition", build_scorm2004),
    "imscc": PackageKind("imscc", "IMS Common Cartridge 1.1 (course import)", build_imscc),
    "cmi5": PackageKind("cmi5", "cmi5 (xAPI)", build_cmi5),
    "web": PackageKind("web", "plain HTML site for any web server", build_web),
}
"""Package kind name -> kind, in build order."""


def package_kind(name: str) -> PackageKind:
    """The kind called ``name``; a user error naming the known kinds otherwise."""
    try:
        return KINDS[name]
    except KeyError:
        raise CoursewareError(
            Issue(
                "error",
                says("package.unknown-format", name=repr(name)),
                hint=says("package.unknown-format.hint", choices=", ".join(KINDS)),
                code="bad-format",
            )
        ) from None


def build_packages(
    loaded: LoadedCourse,
    html: dict[str, bytes],
    quiz: dict[str, bytes] | None = None,
    options: PackageOptions | None = None,
) -> tuple[dict[str, bytes], list[Issue]]:
    """Every chosen package of the course as ``{"<course-id>-<kind>.zip": bytes}``, plus issues.

    ``html`` is the rendered site (``render_site``); ``quiz`` the quiz exports (unused: the
    cartridge builds its own CC-profile QTI). A kind with errors is left out of the result.
    """
    options = options or PackageOptions()
    names = list(options.kinds) if options.kinds is not None else list(KINDS)
    kinds = [package_kind(name) for name in names]
    prepared = prepare(loaded, html)
    issues = list(prepared.issues)
    if any(i.severity == "error" for i in issues):
        return {}, issues
    epoch = zip_epoch(loaded, options)

    out: dict[str, bytes] = {}
    for kind in kinds:
        files, found = kind.build(prepared, options)
        issues.extend(found)
        if not any(i.severity == "error" for i in found):
            out[kind.file_name(loaded.course.id)] = zip_files(files, epoch)
    return out, list(dict.fromkeys(issues))


def suspend_data_estimate(
    loaded: LoadedCourse, standard: str = "scorm12"
) -> tuple[int, int | None]:
    """(worst-case ``suspend_data`` length, the standard's limit) for a course."""
    from courseware.package.runtime import final_quiz

    final, _ = final_quiz(loaded)
    data = course_data(loaded, standard, final)
    return suspend_data_size(data), SUSPEND_LIMITS.get(standard)


__all__ = [
    "KINDS",
    "PackageKind",
    "PackageOptions",
    "build_packages",
    "package_kind",
    "suspend_data_estimate",
]
