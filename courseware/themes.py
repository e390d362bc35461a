"""Themes: folders of Jinja2 templates and assets, chained with ``extends:`` in ``theme.yml``.

Lookup of a theme name: the course's own ``themes/<name>/``, then the built-in
``themes/<name>/`` at the top of the repository. A theme's parent (``extends:``) is looked
up the same way, skipping folders already in the chain, so a course may keep a partial
``themes/default/`` that extends the built-in default. Templates and assets resolve
through the chain, child first; ``!<name>/page.html`` names a template of one theme of the
chain, so an override can extend the template it replaces.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import rcssmin
import rjsmin
import yaml
from jinja2 import (
    BaseLoader,
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PrefixLoader,
    TemplateError,
    TemplateSyntaxError,
)
from jinja2.bccache import Bucket

import courseware
from courseware.errors import CoursewareError, Issue, SourceSpan
from courseware.load.yaml import display_path
from courseware.model.course import ThemeColors
from courseware.sandbox import CourseThemeSandbox

_INSTALLED_THEMES = Path(courseware.__file__).resolve().parent / "builtin_themes"
BUILTIN_THEMES = (
    _INSTALLED_THEMES
    if _INSTALLED_THEMES.is_dir()
    else Path(courseware.__file__).resolve().parent.parent / "themes"
)
"""The built-in themes: inside the package when installed from a wheel, else the repo's."""
THEME_FILE = "theme.yml"
ASSETS = "assets"
MAX_CHAIN = 10
TEMPLATE_SUFFIXES = (".html", ".xhtml", ".xml")
"""Files of a theme (outside ``assets/``) that templates may load."""

COLOR_NAMES = ("primary", "accent", "background", "text")
"""The brand colours; a course may override them (``theme: colors:`` in course.yaml)."""
PALETTE_ON = {
    "muted": ("surface", "tint"),
    "right": ("surface", "right_bg"),
    "wrong": ("surface", "wrong_bg"),
    "partial": ("surface",),
    "note": ("note_bg",),
    "tip": ("tip_bg",),
    "warning": ("warning_bg",),
    "example": ("example_bg",),
}
"""Text colours of a theme's palette and the panels they are drawn on (besides the page)."""
SURFACES = (
    "surface",
    "tint",
    "right_bg",
    "wrong_bg",
    "note_bg",
    "tip_bg",
    "warning_bg",
    "example_bg",
)
"""Panel backgrounds of the palette, on which body text and links must stay readable too."""
BORDERS = ("line", "field")
"""Decorative lines, and the border of form fields (3:1 against the panels)."""
PALETTE_NAMES = (*PALETTE_ON, *SURFACES, *BORDERS)
AA_CONTRAST = 4.5
"""WCAG 2 level AA for body text; a high-contrast theme asks for 7 (AAA)."""
_COLOR = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


@dataclass(frozen=True)
class ThemeFolder:
    """One theme of a chain: its name, folder and settings from ``theme.yml``."""

    name: str
    path: Path
    settings: dict[str, Any]


@dataclass(frozen=True)
class Theme:
    """A resolved theme: the chain of folders, the selected theme first."""

    chain: tuple[ThemeFolder, ...]
    course: Path | None = None
    """The course folder (resolved): a course theme's files must lie inside it."""

    @property
    def places(self) -> tuple[Path, ...]:
        """Where the theme's files may lie: the built-in themes and the course folder."""
        return (BUILTIN_THEMES, *([self.course] if self.course else []))

    @property
    def name(self) -> str:
        """Name of the selected theme."""
        return self.chain[0].name

    def loader(self) -> BaseLoader:
        """A Jinja2 loader searching the chain, plus ``!name/`` prefixes for each theme.

        A template found in a course theme must lie inside the course folder: a link to a
        file elsewhere is refused (see :class:`_ConfinedLoader`).
        """
        places = self.places
        plain = ChoiceLoader([_ConfinedLoader(t.path, places) for t in self.chain])
        prefixed = PrefixLoader(
            {f"!{t.name}": _ConfinedLoader(t.path, places) for t in reversed(self.chain)},
            delimiter="/",
        )
        return ChoiceLoader([plain, prefixed])

    @functools.cached_property
    def trusted(self) -> bool:
        """True if every theme of the chain is a built-in one (shipped with the toolkit).

        Worked out once (paths only, no file is looked at): every page's key asks.
        """
        return all(folder.path.is_relative_to(BUILTIN_THEMES) for folder in self.chain)

    def environment(self, **options: Any) -> Environment:
        """A Jinja2 environment over :meth:`loader` with ``options``, compiling each template once.

        A theme from a course folder is course content, so untrusted: its templates run in
        Jinja2's sandbox (no reaching Python internals from ``{{ ... }}``). Compiled
        templates are kept per machine (:func:`template_cache`), as Python keeps bytecode:
        a template's cached code is used only while its source is unchanged.
        """
        kind = Environment if self.trusted else CourseThemeSandbox
        # auto_reload off: an environment serves one render of one state of the theme, so
        # checking every template file's time on each include is wasted.
        compiled = {"sandboxed": not self.trusted}
        return kind(
            loader=self.loader(),
            bytecode_cache=template_cache({**options, **compiled}),
            auto_reload=False,
            **options,
        )

    @contextlib.contextmanager
    def reporting(self, template: str) -> Iterator[None]:
        """Turn a failure inside a template into a course error at the template's line.

        Why: a course's own theme is input like its YAML; its mistakes (syntax, unknown
        variables, what the sandbox refuses) deserve a file:line, not a traceback. Errors
        in the built-in templates are bugs of the toolkit and stay tracebacks.
        """
        try:
            yield
        except CoursewareError:
            raise
        except TemplateSyntaxError as exc:
            where = Path(exc.filename) if exc.filename else Path(exc.name or template)
            span = SourceSpan(display_path(where), exc.lineno, 1)
            raise CoursewareError(
                Issue("error", f"template syntax error: {exc.message}", span, code="template")
            ) from None
        except Exception as exc:
            at = self._template_line(exc)
            if at is None and (self.trusted or not isinstance(exc, TemplateError)):
                raise
            message = str(exc) or type(exc).__name__
            raise CoursewareError(
                Issue(
                    "error",
                    f"template {template!r} failed: {message}",
                    at,
                    hint="check the theme's template at that line",
                    code="template",
                )
            ) from None

    def _template_line(self, exc: BaseException) -> SourceSpan | None:
        """Where in a course theme's template ``exc`` was raised (innermost such frame)."""
        folders = [
            f.path.resolve() for f in self.chain if not f.path.is_relative_to(BUILTIN_THEMES)
        ]
        found = None
        tb = exc.__traceback__
        while tb is not None:
            name = tb.tb_frame.f_code.co_filename
            path = Path(name)
            if name.endswith((".html", ".css", ".xml", ".xhtml", ".txt")) and any(
                path.resolve().is_relative_to(folder) for folder in folders
            ):
                found = SourceSpan(display_path(path), tb.tb_lineno, 1)
            tb = tb.tb_next
        return found

    def assets(self) -> dict[str, bytes]:
        """Every file under ``assets/`` of the chain (child wins), keyed ``assets/<relpath>``."""
        files: dict[str, bytes] = {}
        for folder in reversed(self.chain):
            base = folder.path / ASSETS
            for path in sorted(_files(base, self.places)):
                data = path.read_bytes()
                if path.suffix == ".css" and not path.name.endswith(".min.css"):
                    data = minify_css(data.decode("utf-8")).encode("utf-8")
                elif path.suffix == ".js" and not path.name.endswith(".min.js"):
                    data = minify_js(data.decode("utf-8")).encode("utf-8")
                files[f"{ASSETS}/{path.relative_to(base).as_posix()}"] = data
        return files

    def stylesheets(self) -> list[str]:
        """Extra stylesheets (``css:`` in ``theme.yml``), parents' first, as package paths.

        Why: a child theme adds its CSS after the default's without overriding ``base.html``.
        """
        sheets: list[str] = []
        for folder in reversed(self.chain):
            for name in folder.settings.get("css") or []:
                path = f"{ASSETS}/{name}"
                if path not in sheets:
                    sheets.append(path)
        return sheets

    def syntax_issues(self) -> list[Issue]:
        """A syntax error at file:line for each template of the course's own themes that
        does not parse (the built-in ones are the toolkit's)."""
        found: list[Issue] = []
        parser = Environment()
        for folder in self.chain:
            if folder.path.is_relative_to(BUILTIN_THEMES):
                continue
            for path in sorted(_files(folder.path, self.places)):
                if (
                    path.suffix not in TEMPLATE_SUFFIXES
                    or ASSETS in path.relative_to(folder.path).parts[:1]
                ):
                    continue
                try:
                    parser.parse(path.read_text(encoding="utf-8"), path.name, str(path))
                except (TemplateSyntaxError, UnicodeDecodeError) as exc:
                    line = getattr(exc, "lineno", 1) or 1
                    message = getattr(exc, "message", None) or str(exc)
                    span = SourceSpan(display_path(path), line, 1)
                    found.append(
                        Issue("error", f"template syntax error: {message}", span, code="template")
                    )
        return found

    def min_contrast(self) -> float:
        """Contrast that text colours must reach (``min_contrast:``, nearest theme first)."""
        for folder in self.chain:
            value = folder.settings.get("min_contrast")
            if value is not None:
                return float(value)
        return AA_CONTRAST

    def colors(self) -> dict[str, str]:
        """Default colours from the ``colors:`` of the chain's ``theme.yml`` files (child wins)."""
        merged: dict[str, str] = {}
        for folder in reversed(self.chain):
            value = folder.settings.get("colors") or {}
            known = COLOR_NAMES + PALETTE_NAMES
            merged.update({k: str(v) for k, v in value.items() if k in known})
        return merged


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


def _files(base: Path, places: tuple[Path, ...]) -> Iterator[Path]:
    if base.is_dir():
        for path in base.rglob("*"):
            if path.is_file() and not path.name.startswith("."):
                if not _inside(path, places):
                    raise _error(f"theme file {display_path(path)} leads outside its folder", None)
                yield path


def _inside(path: Path, places: tuple[Path, ...]) -> bool:
    """True if ``path`` resolves inside one of ``places`` (resolved folders)."""
    real = path.resolve()
    return any(real.is_relative_to(place) for place in places)


class _ConfinedLoader(FileSystemLoader):
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
        if not _inside(Path(filename), self.places):
            raise TemplateError(f"template {template!r} leads outside the course folder")
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


def _error(message: str, span: SourceSpan | None, hint: str | None = None) -> CoursewareError:
    return CoursewareError(Issue("error", message, span, hint=hint, code="theme"))


def _read_settings(folder: Path, span: SourceSpan | None) -> dict[str, Any]:
    file = folder / THEME_FILE
    if not file.is_file():
        raise _error(
            f"theme folder {folder} has no {THEME_FILE}",
            span,
            hint="add theme.yml, e.g. `extends: default`",
        )
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise _error(f"{file} is not valid YAML: {exc}", span) from None
    if not isinstance(data, dict):
        raise _error(f"{file} must hold a mapping (key: value lines)", span)
    colors = data.get("colors") or {}
    if not isinstance(colors, dict) or not all(
        isinstance(v, str) and _COLOR.match(v) for v in colors.values()
    ):
        raise _error(f"{file}: `colors` must map names to colours like '#0b6e4f'", span)
    sheets = data.get("css") or []
    if not isinstance(sheets, list) or not all(isinstance(v, str) for v in sheets):
        raise _error(f"{file}: `css` must list stylesheets under assets/, e.g. [extra.css]", span)
    for name in sheets:
        if name.startswith("/") or ".." in name.replace("\\", "/").split("/"):
            raise _error(f"{file}: stylesheet {name!r} must be a path inside assets/", span)
        if not (folder / ASSETS / name).is_file():
            raise _error(f"{file}: stylesheet {name!r} not found in {folder / ASSETS}", span)
    minimum = data.get("min_contrast")
    if minimum is not None and (
        isinstance(minimum, bool) or not isinstance(minimum, int | float) or not 3 <= minimum <= 21
    ):
        raise _error(f"{file}: `min_contrast` must be a ratio from 3 to 21, e.g. 7", span)
    return data


def _confined(course_root: Path, name: str, found: Path, span: SourceSpan | None) -> None:
    """Raise unless the course's theme folder ``found`` and every file in it lie inside
    the course folder (a theme is course content: it travels with the course)."""
    shown = f"themes/{name}"
    if not found.is_relative_to(course_root.resolve()):
        raise _error(
            f"theme folder {shown} leads outside the course folder",
            span,
            hint="copy the theme into the course's themes/ folder instead of linking it",
        )
    links = escaping_links(course_root / "themes" / name, course_root)
    if links:
        names = ", ".join(p.relative_to(course_root).as_posix() for p in links)
        raise _error(
            f"theme {name!r}: {names} lead(s) outside the course folder",
            span,
            hint="copy the file into the theme instead of linking to it",
        )


def builtin_names() -> list[str]:
    """Names of the themes shipped with courseware."""
    return sorted(p.name for p in BUILTIN_THEMES.iterdir() if (p / THEME_FILE).is_file())


def resolve_theme(
    name: str, course_root: Path | None = None, span: SourceSpan | None = None
) -> Theme:
    """Find theme ``name`` and its parents; raise CoursewareError if one is missing or loops."""
    places = ([course_root / "themes"] if course_root is not None else []) + [BUILTIN_THEMES]
    chain: list[ThemeFolder] = []
    wanted: str | None = name
    while wanted is not None:
        if len(chain) >= MAX_CHAIN:
            raise _error(f"theme {name!r} extends more than {MAX_CHAIN} themes (a loop?)", span)
        seen = {t.path for t in chain}
        candidates = [(p / wanted).resolve() for p in places]
        found = next((c for c in candidates if c.is_dir() and c not in seen), None)
        if course_root is not None and found is not None and found == candidates[0]:
            _confined(course_root, wanted, found, span)
        if found is None:
            what = f"theme {wanted!r}" + (f" (extended by {chain[-1].name!r})" if chain else "")
            raise _error(
                f"{what} not found",
                span,
                hint="built-in themes: "
                + ", ".join(builtin_names())
                + "; a course theme lives in the course's themes/<name>/",
            )
        settings = _read_settings(found, span)
        chain.append(ThemeFolder(wanted, found, settings))
        parent = settings.get("extends")
        if parent is not None and not isinstance(parent, str):
            raise _error(f"{found / THEME_FILE}: `extends` must be a theme name", span)
        wanted = parent
    return Theme(tuple(chain), course_root.resolve() if course_root is not None else None)


# --- colours -----------------------------------------------------------------------------


def _rgb(color: str) -> tuple[float, float, float]:
    value = color.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return r, g, b


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


def luminance(color: str) -> float:
    """Relative luminance (WCAG 2)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def readable(color: str, background: str, minimum: float = 4.5, *also: str) -> str:
    """``color`` mixed towards black or white until it reaches ``minimum`` on ``background``.

    ``also``: more backgrounds (panels) the colour must be readable on where possible; when
    no mix suits them all, the page ``background`` wins.
    """
    backgrounds = (background, *also)
    candidates = [color]
    target = (0.0, 0.0, 0.0) if luminance(background) > 0.18 else (1.0, 1.0, 1.0)
    r, g, b = _rgb(color)
    for step in range(1, 21):
        t = step / 20
        candidates.append(
            _hex((r + (target[0] - r) * t, g + (target[1] - g) * t, b + (target[2] - b) * t))
        )
    for wanted in (backgrounds, (background,)):
        for mixed in candidates:
            if all(contrast(mixed, bg) >= minimum for bg in wanted):
                return mixed
    return _hex(target)


def color_properties(
    defaults: dict[str, str], overrides: ThemeColors, minimum: float = AA_CONTRAST
) -> dict[str, str]:
    """CSS custom properties for the theme colours, with every text colour kept readable.

    ``defaults`` come from the ``colors:`` of the theme chain: the brand colours and the
    palette (panels such as ``tint`` and ``note_bg``, text such as ``muted``). Why adjust:
    a course may pick any brand colour, and links, labels and status text derived from it
    must still reach ``minimum`` (4.5:1, or 7:1 in a high-contrast theme) on the page and on
    every panel, so the text uses of each colour are adjusted, not the colour itself. Where
    white or black text sits on the primary colour (header, buttons) and neither reaches
    ``minimum``, the primary colour is darkened or lightened until one does.
    """
    given = {k: v for k, v in overrides.model_dump().items() if v is not None}
    colors = {**defaults, **given}
    background = colors.get("background", "#ffffff")
    panels = [colors[name] for name in SURFACES if name in colors]
    primary = colors.get("primary", "#0b6e4f")
    accent = colors.get("accent", primary)
    on_primary = max(("#ffffff", "#000000"), key=lambda c: contrast(c, primary))
    on_accent = max(("#ffffff", "#000000"), key=lambda c: contrast(c, accent))
    props = {
        "--cw-primary": readable(primary, on_primary, minimum),
        "--cw-accent": accent,
        "--cw-bg": background,
        "--cw-text": readable(colors.get("text", "#1a1a1a"), background, minimum, *panels),
        "--cw-link": readable(primary, background, minimum, *panels),
        "--cw-accent-text": readable(accent, background, minimum, *panels),
        "--cw-on-primary": on_primary,
        "--cw-on-accent": on_accent,
    }
    for name in (*SURFACES, *BORDERS):
        if name in colors:
            props[_property(name)] = colors[name]
    for name, places in PALETTE_ON.items():
        if name in colors:
            on = [colors[p] for p in places if p in colors]
            props[_property(name)] = readable(colors[name], background, minimum, *on)
    return props


def _property(name: str) -> str:
    return "--cw-" + name.replace("_", "-")


def color_css(
    defaults: dict[str, str], overrides: ThemeColors, minimum: float = AA_CONTRAST
) -> str:
    """A ``:root { ... }`` rule setting the colour custom properties."""
    properties = color_properties(defaults, overrides, minimum)
    body = ";".join(f"{k}:{v}" for k, v in properties.items())
    return f":root{{{body}}}\n"
