"""The plain web copy: the HTML site with the final quiz page, for any web server or a disk.

Progress and the quiz result stay in the learner's browser (``lms.js`` with no LMS).
"""

from __future__ import annotations

from courseware.errors import Issue
from courseware.package.common import PackageOptions, Prepared, tracked_site


def build_web(prepared: Prepared, options: PackageOptions) -> tuple[dict[str, bytes], list[Issue]]:
    """Files of the web package (relpath -> bytes); ``index.html`` is the entry page."""
    files, _ = tracked_site(prepared, "web", launch=False)
    return files, []


__all__ = ["build_web"]
