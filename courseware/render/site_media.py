"""The site's course files: media published as pages reference them, and Markdown drawn.

:class:`SiteMedia` is the first layer of the HTML site (``render/html.py``'s ``_Site``): it
declares the state the site keeps and publishes each course file a page uses, at the same
relative path as in the course folder, wide images scaled down once per build.
"""

from __future__ import annotations

import posixpath
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote

from markupsafe import Markup

from courseware.errors import CoursewareError, Issue, SourceSpan
from courseware.i18n import Messages, says
from courseware.incremental import UnitCache
from courseware.load import LoadedCourse
from courseware.load.paths import PathEscapeError, is_file, resolve_inside
from courseware.media import DEFAULT_MAX_WIDTH, ImageError, display_size, fit_width
from courseware.model import Course, Lesson, Module
from courseware.render.html_helpers import SOURCE_SUFFIXES, sized_images
from courseware.render.markdown import Place, lesson_of, link_lessons, render_with_references
from courseware.render.pieces import shift_headings
from courseware.scoring import AnyQuestion
from courseware.themes import Theme


class SiteMedia:
    """The state of one build's site, and the course files its pages publish."""

    loaded: LoadedCourse
    theme: Theme
    ui: Messages
    files: dict[str, bytes]
    anchors: dict[str, list[str]]
    max_image_width: int | None
    cache: UnitCache | None
    _published: dict[str, bytes]
    _drawn: dict[tuple[str, int, bool], Markup]
    _located: dict[str, tuple[str, Path]]
    _tocs: dict[str, str]
    _outline: str | None
    _refs: set[str]
    _theme_assets: dict[str, bytes]
    _js_strings: dict[str, str]
    _lesson_files: dict[int, tuple[str, str]]
    _lesson_places: dict[str, Place]
    lessons: list[Lesson]
    module_of: dict[str, Module]
    questions: dict[str, AnyQuestion]

    @property
    def course(self) -> Course:
        return self.loaded.course

    def error(
        self, message: str, span: SourceSpan | None, hint: str | None = None
    ) -> CoursewareError:
        return CoursewareError(Issue("error", message, span, hint=hint, code="render"))

    # media ---------------------------------------------------------------------------

    @property
    def image_width(self) -> int | None:
        """The widest an image may be published; 0 or None keeps every image as it is."""
        if self.max_image_width is not None:
            return self.max_image_width
        width = getattr(self.course.settings, "max_image_width", DEFAULT_MAX_WIDTH)
        return int(width) if width else None

    def _read(self, relpath: str, source: Path, span: SourceSpan | None) -> bytes:
        """The published bytes of a course file: wide images scaled down, once per build."""
        if relpath not in self._published:
            data = source.read_bytes()
            try:
                data = fit_width(data, source.suffix, self.image_width)
            except ImageError as exc:
                raise self.error(
                    says("render.bad-image", path=repr(relpath), problem=exc), span
                ) from None
            self._published[relpath] = data
        return self._published[relpath]

    def _add(self, relpath: str, source: Path, span: SourceSpan | None) -> None:
        self._refs.add(relpath)
        if relpath in self.files:
            return
        if PurePosixPath(relpath).suffix.lower() in SOURCE_SUFFIXES:
            raise self.error(
                says("render.source-file", path=repr(relpath)),
                span,
                hint=says("render.source-file.hint"),
            )
        self.files[relpath] = self._read(relpath, source, span)

    def _locate(self, path: str, span: SourceSpan | None) -> tuple[str, Path]:
        found = self._located.get(path)
        if found is not None:
            return found
        try:
            target = resolve_inside(self.loaded.root, path)
        except PathEscapeError as exc:
            raise self.error(str(exc), span) from None
        if not is_file(target):
            raise self.error(
                says("render.missing-file", path=repr(path)),
                span,
                hint=says("check.missing-file.hint"),
            )
        found = target.relative_to(self.loaded.root.resolve()).as_posix(), target
        self._located[path] = found
        return found

    def media(self, path: str, span: SourceSpan | None = None) -> str:
        """URL of a course file used by a block (and add the file to the package)."""
        relpath, target = self._locate(path, span)
        self._add(relpath, target, span)
        return quote(relpath)

    def size(self, path: str, span: SourceSpan | None = None) -> tuple[int, int] | None:
        """Pixel size a course image is shown at, as published (after any scaling)."""
        relpath, target = self._locate(path, span)
        return display_size(self._read(relpath, target, span), target.suffix)

    def markdown(self, text: str | None, top: int = 2, inline: bool = False) -> Markup:
        """Markdown -> safe HTML; local images and links are added to the package."""
        if not text:
            return Markup("")
        drawn = self._drawn.get((text, top, inline))
        if drawn is not None:
            return drawn
        html, refs = render_with_references(
            text, allow_html=self.course.settings.allow_html, inline=inline
        )
        # A link whose unsafe href was removed keeps the sanitiser's rel, which is invalid.
        html = html.replace('<a rel="noopener noreferrer">', "<a>")
        if not refs:  # nothing to publish: the same HTML wherever the text recurs
            drawn = Markup(shift_headings(html, top))
            self._drawn[(text, top, inline)] = drawn
            return drawn
        sizes: dict[str, tuple[int, int]] = {}
        for ref in refs:
            if ref.is_local and lesson_of(ref.url, self._lesson_places) is None:
                relpath = posixpath.normpath(ref.path.replace("\\", "/"))
                try:
                    target = resolve_inside(self.loaded.root, ref.path)
                except PathEscapeError as exc:
                    raise self.error(str(exc), None) from None
                if is_file(target):
                    self._add(relpath, target, None)
                    size = display_size(self.files[relpath], target.suffix)
                    if ref.kind == "image" and size:
                        sizes[unquote(ref.url)] = size
        if sizes:
            html = sized_images(html, sizes)
        html = link_lessons(html, self._lesson_places, self._lesson_href)
        return Markup(shift_headings(html, top))

    def _lesson_href(self, place: tuple[int, int], fragment: str) -> str:
        """The page of the lesson a Markdown link names by its file."""
        lesson = self.course.modules[place[0]].lessons[place[1]]
        return f"{lesson.id}.html" + (f"#{fragment}" if fragment else "")
