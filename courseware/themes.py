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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    PrefixLoader,
    TemplateError,
    TemplateSyntaxError,
)

import courseware
from courseware.errors import CoursewareError, Issue, SourceSpan
from courseware.i18n import says
from courseware.load.yaml import display_path
from courseware.sandbox import CourseThemeSandbox
from courseware.theme_colors import AA_CONTRAST, COLOR_NAMES, PALETTE_NAMES
from courseware.theme_colors import color_css as color_css
from courseware.theme_colors import color_properties as color_properties
from courseware.theme_colors import contrast as contrast
from courseware.theme_files import (
    ASSETS,
    THEME_FILE,
    ConfinedLoader,
    confine,
    files_under,
    read_settings,
    template_cache,
    theme_error,
)
from courseware.theme_files import CACHE_ENV as CACHE_ENV
from courseware.theme_files import minify_css as minify_css
from courseware.theme_files import minify_js as minify_js

_INSTALLED_THEMES = Path(courseware.__file__).resolve().parent / "builtin_themes"
BUILTIN_THEMES = (
    _INSTALLED_THEMES
    if _INSTALLED_THEMES.is_dir()
    else Path(courseware.__file__).resolve().parent.parent / "themes"
)
"""The built-in themes: inside the package when installed from a wheel, else the repo's."""
MAX_CHAIN = 10
TEMPLATE_SUFFIXES = (".html", ".xhtml", ".xml")
"""Files of a theme (outside ``assets/``) that templates may load."""


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
        file elsewhere is refused (see :class:`~courseware.theme_files.ConfinedLoader`).
        """
        places = self.places
        plain = ChoiceLoader([ConfinedLoader(t.path, places) for t in self.chain])
        prefixed = PrefixLoader(
            {f"!{t.name}": ConfinedLoader(t.path, places) for t in reversed(self.chain)},
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
                Issue(
                    "error", says("theme.error.syntax", message=exc.message), span, code="template"
                )
            ) from None
        except Exception as exc:
            at = self._template_line(exc)
            if at is None and (self.trusted or not isinstance(exc, TemplateError)):
                raise
            message = str(exc) or type(exc).__name__
            raise CoursewareError(
                Issue(
                    "error",
                    says("theme.error.failed", template=repr(template), message=message),
                    at,
                    hint=says("theme.error.failed.hint"),
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
            for path in sorted(files_under(base, self.places)):
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
            for path in sorted(files_under(folder.path, self.places)):
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
                        Issue(
                            "error",
                            says("theme.error.syntax", message=message),
                            span,
                            code="template",
                        )
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
            raise theme_error(says("theme.error.chain", name=repr(name), most=MAX_CHAIN), span)
        seen = {t.path for t in chain}
        candidates = [(p / wanted).resolve() for p in places]
        found = next((c for c in candidates if c.is_dir() and c not in seen), None)
        if course_root is not None and found is not None and found == candidates[0]:
            confine(course_root, wanted, found, span)
        if found is None:
            raise theme_error(
                says(
                    "theme.error.not-found.extended", name=repr(wanted), child=repr(chain[-1].name)
                )
                if chain
                else says("theme.error.not-found", name=repr(wanted)),
                span,
                hint=says("theme.error.not-found.hint", names=", ".join(builtin_names())),
            )
        settings = read_settings(found, span)
        chain.append(ThemeFolder(wanted, found, settings))
        parent = settings.get("extends")
        if parent is not None and not isinstance(parent, str):
            raise theme_error(says("theme.error.extends", file=found / THEME_FILE), span)
        wanted = parent
    return Theme(tuple(chain), course_root.resolve() if course_root is not None else None)
