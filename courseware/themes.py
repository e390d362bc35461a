"""Themes: folders of Jinja2 templates and assets, chained with ``extends:`` in ``theme.yml``.

Lookup of a theme name: the course's own ``themes/<name>/``, then the built-in
``themes/<name>/`` at the top of the repository. A theme's parent (``extends:``) is looked
up the same way, skipping folders already in the chain, so a course may keep a partial
``themes/default/`` that extends the built-in default. Templates and assets resolve
through the chain, child first; ``!<name>/page.html`` names a template of one theme of the
chain, so an override can extend the template it replaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2 import BaseLoader, ChoiceLoader, FileSystemLoader, PrefixLoader

import courseware
from courseware.errors import CoursewareError, Issue, SourceSpan
from courseware.model.course import ThemeColors

BUILTIN_THEMES = Path(courseware.__file__).resolve().parent.parent / "themes"
THEME_FILE = "theme.yml"
ASSETS = "assets"
MAX_CHAIN = 10

COLOR_NAMES = ("primary", "accent", "background", "text")
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

    @property
    def name(self) -> str:
        """Name of the selected theme."""
        return self.chain[0].name

    def loader(self) -> BaseLoader:
        """A Jinja2 loader searching the chain, plus ``!name/`` prefixes for each theme."""
        plain = FileSystemLoader([str(t.path) for t in self.chain])
        prefixed = PrefixLoader(
            {f"!{t.name}": FileSystemLoader(str(t.path)) for t in reversed(self.chain)},
            delimiter="/",
        )
        return ChoiceLoader([plain, prefixed])

    def assets(self) -> dict[str, bytes]:
        """Every file under ``assets/`` of the chain (child wins), keyed ``assets/<relpath>``."""
        files: dict[str, bytes] = {}
        for folder in reversed(self.chain):
            base = folder.path / ASSETS
            for path in sorted(_files(base)):
                data = path.read_bytes()
                if path.suffix == ".css":
                    data = minify_css(data.decode("utf-8")).encode("utf-8")
                files[f"{ASSETS}/{path.relative_to(base).as_posix()}"] = data
        return files

    def colors(self) -> dict[str, str]:
        """Default colours from the ``colors:`` of the chain's ``theme.yml`` files (child wins)."""
        merged: dict[str, str] = {}
        for folder in reversed(self.chain):
            value = folder.settings.get("colors") or {}
            merged.update({k: str(v) for k, v in value.items() if k in COLOR_NAMES})
        return merged


_CSS_TOKENS = re.compile(
    r"""(/\*.*?\*/)|("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')|(\s+)|([{};,:])""", re.S
)


def minify_css(css: str) -> str:
    """Drop comments and needless whitespace; strings are left alone.

    Why: pages must stay small for phones on slow connections (a lesson page with its CSS
    and JS under 60 KB), and hand-written theme CSS is easier to keep readable.
    """
    out: list[str] = []
    position = 0
    for match in _CSS_TOKENS.finditer(css):
        out.append(css[position : match.start()])
        position = match.end()
        comment, string, space, punct = match.groups()
        if string:
            out.append(string)
        elif punct:
            while out and out[-1] == " " and punct != ":":
                out.pop()
            out.append(punct)
        elif space or comment:
            previous = out[-1][-1:] if out and out[-1] else ""
            if previous and previous not in "{};,:" and not _space_follows(css, position):
                out.append(" ")
    out.append(css[position:])
    return "".join(out).strip() + "\n"


def _space_follows(css: str, position: int) -> bool:
    """True if the next significant character makes a space before it useless."""
    rest = css[position : position + 1]
    return rest in ("{", "}", ";", ",", "")


def _files(base: Path) -> Iterator[Path]:
    if base.is_dir():
        yield from (p for p in base.rglob("*") if p.is_file() and not p.name.startswith("."))


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
    return data


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
    return Theme(tuple(chain))


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


def readable(color: str, background: str, minimum: float = 4.5) -> str:
    """``color`` mixed towards black or white until it reaches ``minimum`` on ``background``."""
    if contrast(color, background) >= minimum:
        return color
    target = (0.0, 0.0, 0.0) if luminance(background) > 0.18 else (1.0, 1.0, 1.0)
    r, g, b = _rgb(color)
    for step in range(1, 21):
        t = step / 20
        mixed = _hex((r + (target[0] - r) * t, g + (target[1] - g) * t, b + (target[2] - b) * t))
        if contrast(mixed, background) >= minimum:
            return mixed
    return _hex(target)


def color_properties(defaults: dict[str, str], overrides: ThemeColors) -> dict[str, str]:
    """CSS custom properties for the theme colours, with text variants kept readable.

    Why: a course may pick any brand colour; links and buttons derived from it must still
    reach 4.5:1 contrast, so the text uses of each colour are adjusted, not the colour itself.
    """
    given = {k: v for k, v in overrides.model_dump().items() if v is not None}
    colors = {**defaults, **given}
    background = colors.get("background", "#ffffff")
    text = readable(colors.get("text", "#1a1a1a"), background)
    primary = colors.get("primary", "#0b6e4f")
    accent = colors.get("accent", primary)
    on_primary = max(("#ffffff", "#000000"), key=lambda c: contrast(c, primary))
    on_accent = max(("#ffffff", "#000000"), key=lambda c: contrast(c, accent))
    return {
        "--cw-primary": primary,
        "--cw-accent": accent,
        "--cw-bg": background,
        "--cw-text": text,
        "--cw-link": readable(primary, background),
        "--cw-accent-text": readable(accent, background),
        "--cw-on-primary": on_primary,
        "--cw-on-accent": on_accent,
    }


def color_css(defaults: dict[str, str], overrides: ThemeColors) -> str:
    """A ``:root { ... }`` rule setting the colour custom properties."""
    body = "".join(f"{k}:{v};" for k, v in color_properties(defaults, overrides).items())
    return f":root{{{body}}}\n"
