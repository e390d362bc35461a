"""Reading theme folders: settings, files confined to their folder, assets, compiled templates.

A course's theme is course content, so untrusted: every file it reads must lie inside the
course folder (a link out is refused), and ``theme.yml`` is checked field by field.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2
import rcssmin
import rjsmin
import yaml
from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    TemplateError,
)
from jinja2.bccache import Bucket

from courseware.errors import CoursewareError, Issue, SourceSpan
from courseware.i18n import says
from courseware.load.yaml import display_path
from courseware.theme_colors import HEX_COLOR

THEME_FILE = "theme.yml"
ASSETS = "assets"

CACHE_ENV = "COURSEWARE_CACHE"
"""Environment variable naming the folder for compiled templates ("off": none)."""


class _QuietBytecodeCache(FileSystemBytecodeCache):
    """Compiled templates in a folder; a folder that fails to read or write is skipped."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def template_cache(options: dict[str, Any]) -> BytecodeCache | None:
    """Where templates compiled with ``options`` are kept: ``$COURSEWARE_CACHE`` or the
    user's cache folder (``$XDG_CACHE_HOME/courseware``), one subfolder per Jinja2 version
    and options (code compiled one way must not be loaded by an environment set up
    another). None if the folder cannot be made.
    """
    base = os.environ.get(CACHE_ENV)
    if base == "off":
        return None
    if not base:
        home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        base = os.path.join(home, "courseware")
    setup = json.dumps([jinja2.__version__, sorted(options.items())], default=repr)
    folder = Path(base) / "templates" / hashlib.blake2b(setup.encode(), digest_size=8).hexdigest()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return _QuietBytecodeCache(str(folder))


def minify_css(css: str) -> str:
    """Minified CSS (rcssmin); ``/*! ... */`` comments (licences) are kept.

    Why: pages must stay small for phones on slow connections (a lesson page with its CSS
    and JS under 60 KB), and hand-written theme CSS is easier to keep readable.
    """
    return str(rcssmin.cssmin(css, keep_bang_comments=True)) + "\n"


def minify_js(source: str) -> str:
    """Minified JavaScript (rjsmin); ``/*! ... */`` comments (licences) are kept.

    Why: quiz and page scripts are most of a lesson page's weight. rjsmin only drops
    whitespace and comments (no renaming); it glues ``1 .toString()`` into ``1.toString()``,
    so theme scripts write ``(1).toString()``.
    """
    return str(rjsmin.jsmin(source, keep_bang_comments=True)) + "\n"


def files_under(base: Path, places: tuple[Path, ...]) -> Iterator[Path]:
    if base.is_dir():
        for path in base.rglob("*"):
            if path.is_file() and not path.name.startswith("."):
                if not inside(path, places):
                    raise theme_error(
                        says("theme.error.file-outside", path=display_path(path)), None
                    )
                yield path


def inside(path: Path, places: tuple[Path, ...]) -> bool:
    """True if ``path`` resolves inside one of ``places`` (resolved folders)."""
    real = path.resolve()
    return any(real.is_relative_to(place) for place in places)


class ConfinedLoader(FileSystemLoader):
    """A theme folder's templates; one that resolves outside the course is refused.

    Why: a course theme is untrusted, and a link inside it to ``/etc/passwd`` must not
    be included into a page (``check`` reports such links; this is the last guard).
    """

    def __init__(self, folder: Path, places: tuple[Path, ...]) -> None:
        super().__init__(str(folder))
        self.places = places

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if not inside(Path(filename), self.places):
            raise TemplateError(says("theme.error.template-outside", template=repr(template)))
        return source, filename, uptodate


def escaping_links(folder: Path, course_root: Path) -> list[Path]:
    """Links under a course's theme ``folder`` that lead outside ``course_root``."""
    root = course_root.resolve()
    found: list[Path] = []
    for base, dirs, files in os.walk(folder, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(base, name)
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                found.append(path)
    return found


def theme_error(message: str, span: SourceSpan | None, hint: str | None = None) -> CoursewareError:
    return CoursewareError(Issue("error", message, span, hint=hint, code="theme"))


def read_settings(folder: Path, span: SourceSpan | None) -> dict[str, Any]:
    file = folder / THEME_FILE
    if not file.is_file():
        raise theme_error(
            says("theme.error.no-settings", folder=folder, file=THEME_FILE),
            span,
            hint=says("theme.error.no-settings.hint"),
        )
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise theme_error(says("theme.error.yaml", file=file, error=exc), span) from None
    if not isinstance(data, dict):
        raise theme_error(says("theme.error.mapping", file=file), span)
    colors = data.get("colors") or {}
    if not isinstance(colors, dict) or not all(
        isinstance(v, str) and HEX_COLOR.match(v) for v in colors.values()
    ):
        raise theme_error(says("theme.error.colors", file=file), span)
    sheets = data.get("css") or []
    if not isinstance(sheets, list) or not all(isinstance(v, str) for v in sheets):
        raise theme_error(says("theme.error.css", file=file), span)
    for name in sheets:
        if name.startswith("/") or ".." in name.replace("\\", "/").split("/"):
            raise theme_error(says("theme.error.css-path", file=file, name=repr(name)), span)
        if not (folder / ASSETS / name).is_file():
            raise theme_error(
                says("theme.error.css-missing", file=file, name=repr(name), folder=folder / ASSETS),
                span,
            )
    minimum = data.get("min_contrast")
    if minimum is not None and (
        isinstance(minimum, bool) or not isinstance(minimum, int | float) or not 3 <= minimum <= 21
    ):
        raise theme_error(says("theme.error.min-contrast", file=file), span)
    return data


def confine(course_root: Path, name: str, found: Path, span: SourceSpan | None) -> None:
    """Raise unless the course's theme folder ``found`` and every file in it lie inside
    the course folder (a theme is course content: it travels with the course)."""
    shown = f"themes/{name}"
    if not found.is_relative_to(course_root.resolve()):
        raise theme_error(
            says("theme.error.folder-outside", folder=shown),
            span,
            hint=says("theme.error.folder-outside.hint"),
        )
    links = escaping_links(course_root / "themes" / name, course_root)
    if links:
        names = ", ".join(p.relative_to(course_root).as_posix() for p in links)
        raise theme_error(
            says("theme.error.links-outside", name=repr(name), names=names),
            span,
            hint=says("theme.error.links-outside.hint"),
        )
