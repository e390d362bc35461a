"""Themes: folders of Jinja2 templates and assets, chained with ``extends:`` in ``theme.yml``.

Lookup of a theme name: the course's own ``themes/<name>/``, then the built-in
``themes/<name>/`` at the top of the repository. A theme's parent (``extends:``) is looked
up the same way, skipping folders already in the chain, so a course may keep a partial
``themes/default/`` that extends the built-in default. Templates and assets resolve
through the chain, child first; ``!<name>/page.html`` names a template of one theme of the
chain, so an override can extend the template it replaces.
"""

from __future__ import annotations

import itertools
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
        if match.start() > position:
            out.append(css[position : match.start()])
        position = match.end()
        comment, string, space, punct = match.groups()
        if string:
            out.append(string)
        elif punct:
            while out and out[-1] == " " and punct != ":":
                out.pop()
            if punct == "}" and out and out[-1] == ";":
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


# --- JavaScript ------------------------------------------------------------------------------

_JS_PUNCTUATORS = (
    *(">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??="),
    *("=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*="),
    *("/=", "%=", "&=", "|=", "^=", "**", "<<", ">>"),
    *"{}()[];,<>+-*/%&|^!~?:=.@#",
)
"""Longest first, so that the first match is the whole punctuator."""
_JS_NUMBER = re.compile(
    r"0[xXoObB][\da-fA-F_]+n?|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?n?",
    re.ASCII,
)
_JS_WORD = re.compile(r"(?:[\w$\\]|[^\x00-\x7f\s\u2028\u2029\ufeff])+")
_JS_LINE_END = re.compile(r"[\n\r\u2028\u2029]")
_JS_SPACE = re.compile(r"[ \t\x0b\x0c\xa0\ufeff]+")
_JS_NEWLINES = "\n\r\u2028\u2029"
_DIGITS = frozenset("0123456789")
_JS_REGEX_AFTER_WORDS = frozenset(
    {"return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case"}
    | {"do", "else", "yield", "await", "extends"}
)
_JS_RESTRICTED = frozenset({"return", "break", "continue", "throw", "yield", "async"})
_JS_STATEMENT_START = frozenset(["{", "!", "~", "++", "--"])
_JS_STATEMENT_END = frozenset([")", "]", "}", "++", "--"])


class _JsSyntax(ValueError):
    """The tokenizer met something it does not understand; the source is kept as it is."""


@dataclass(frozen=True)
class _JsToken:
    kind: str  # word, number, string, template, regex, punct, keep (a /*! comment)
    text: str
    newline_before: bool


def _js_tokens(source: str) -> list[_JsToken]:
    """Split JavaScript into tokens, dropping whitespace and comments (recorded as flags)."""
    tokens: list[_JsToken] = []
    pos, end = 0, len(source)
    newline = False

    def add(kind: str, text: str) -> None:
        nonlocal newline
        tokens.append(_JsToken(kind, text, newline))
        newline = False

    while pos < end:
        char = source[pos]
        if char in _JS_NEWLINES:
            newline, pos = True, pos + 1
        elif match := _JS_SPACE.match(source, pos):
            pos = match.end()
        elif source.startswith("//", pos):
            line_end = _JS_LINE_END.search(source, pos)
            pos = line_end.start() if line_end else end
        elif source.startswith("/*", pos):
            stop = source.find("*/", pos + 2)
            if stop < 0:
                raise _JsSyntax("unterminated comment")
            comment = source[pos : stop + 2]
            if comment.startswith("/*!"):
                add("keep", comment)
            if any(c in comment for c in _JS_NEWLINES):
                newline = True
            pos = stop + 2
        elif char in "'\"":
            stop = _js_string_end(source, pos)
            add("string", source[pos:stop])
            pos = stop
        elif char == "`":
            stop = _js_template_end(source, pos)
            add("template", source[pos:stop])
            pos = stop
        elif char == "/" and _js_regex_allowed(tokens):
            stop = _js_regex_end(source, pos)
            add("regex", source[pos:stop])
            pos = stop
        elif (char in _DIGITS or (char == "." and source[pos + 1 : pos + 2] in _DIGITS)) and (
            match := _JS_NUMBER.match(source, pos)
        ):
            add("number", match.group(0))
            pos = match.end()
        elif match := _JS_WORD.match(source, pos):
            add("word", match.group(0))
            pos = match.end()
        else:
            punct = next((p for p in _JS_PUNCTUATORS if source.startswith(p, pos)), None)
            if punct is None:
                raise _JsSyntax(f"unexpected {char!r}")
            if punct == "?." and source[pos + 2 : pos + 3].isdigit():
                punct = "?"
            add("punct", punct)
            pos += len(punct)
    return tokens


def _js_string_end(source: str, pos: int) -> int:
    quote, pos = source[pos], pos + 1
    while pos < len(source):
        char = source[pos]
        if char == "\\":
            pos += 2
        elif char == quote:
            return pos + 1
        elif char in "\n\r":
            break
        else:
            pos += 1
    raise _JsSyntax("unterminated string")


def _js_template_end(source: str, pos: int) -> int:
    """End of a template literal starting at ``pos``, ``${...}`` parts included."""
    pos += 1
    while pos < len(source):
        char = source[pos]
        if char == "\\":
            pos += 2
        elif char == "`":
            return pos + 1
        elif source.startswith("${", pos):
            pos = _js_code_end(source, pos + 2)
        else:
            pos += 1
    raise _JsSyntax("unterminated template")


def _js_code_end(source: str, pos: int) -> int:
    """Index after the ``}`` closing a template substitution that starts at ``pos``."""
    depth = 0
    while pos < len(source):
        char = source[pos]
        if char in "'\"":
            pos = _js_string_end(source, pos)
        elif char == "`":
            pos = _js_template_end(source, pos)
        elif source.startswith("/*", pos) or source.startswith("//", pos):
            raise _JsSyntax("comment inside a template substitution")
        elif char == "{":
            depth, pos = depth + 1, pos + 1
        elif char == "}":
            if depth == 0:
                return pos + 1
            depth, pos = depth - 1, pos + 1
        elif char == "/":
            raise _JsSyntax("slash inside a template substitution")
        else:
            pos += 1
    raise _JsSyntax("unterminated template substitution")


def _js_regex_allowed(tokens: list[_JsToken]) -> bool:
    """True if a ``/`` here starts a regular expression rather than a division."""
    significant = [t for t in tokens if t.kind != "keep"][-2:]
    if not significant:
        return True
    previous = significant[-1]
    if previous.kind == "punct":
        return previous.text not in (")", "]", "++", "--")
    if len(significant) == 2 and significant[0].text in (".", "?."):
        return False  # a property named like a keyword: x.in / 2
    return previous.kind == "word" and previous.text in _JS_REGEX_AFTER_WORDS


def _js_regex_end(source: str, pos: int) -> int:
    pos += 1
    in_class = False
    while pos < len(source):
        char = source[pos]
        if char == "\\":
            pos += 2
            continue
        if char in _JS_NEWLINES:
            break
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "/" and not in_class:
            flags = _JS_WORD.match(source, pos + 1)
            return flags.end() if flags else pos + 1
        pos += 1
    raise _JsSyntax("unterminated regular expression")


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in "_$\\" or ord(char) > 0x7F


def _js_glue(previous: _JsToken, token: _JsToken) -> str:
    """What must separate two tokens: "\\n" where a line break may matter, " ", or nothing."""
    if token.newline_before or previous.kind == "keep":
        ends_statement = previous.kind in ("word", "number", "string", "template", "regex") or (
            previous.text in _JS_STATEMENT_END
        )
        starts_statement = token.kind in ("word", "number", "string", "template", "regex", "keep")
        if previous.kind == "keep" or (previous.kind == "word" and previous.text in _JS_RESTRICTED):
            return "\n"
        if token.text in ("++", "--") or (
            ends_statement and (starts_statement or token.text in _JS_STATEMENT_START)
        ):
            return "\n"
    last, first = previous.text[-1], token.text[0]
    if _is_word_char(last) and _is_word_char(first):
        return " "
    if previous.kind == "regex" and _is_word_char(first):
        return " "
    if previous.kind == "number" and first == ".":
        return " "
    pairs = {("+", "+"), ("-", "-"), ("/", "/"), ("/", "*"), ("<", "!"), ("-", ">")}
    return " " if (last, first) in pairs else ""


def minify_js(source: str) -> str:
    """Drop comments and needless whitespace from JavaScript; the source if unsure.

    Why: quiz and page scripts are most of a lesson page's weight. Line breaks stay where
    automatic semicolon insertion could use them, ``/*! ... */`` comments (licences) are
    kept, and the result is tokenized again: if its tokens differ, the source is returned.
    Like other small minifiers it takes a ``/`` after ``)`` for a division, so a regular
    expression must not follow a closing parenthesis (``if (x) /re/.test(s)``).
    """
    try:
        tokens = _js_tokens(source)
    except _JsSyntax:
        return source
    if not tokens:
        return source
    out = [tokens[0].text]
    for previous, token in itertools.pairwise(tokens):
        out.append(_js_glue(previous, token))
        out.append(token.text)
    result = "".join(out) + "\n"
    try:
        again = _js_tokens(result)
    except _JsSyntax:
        return source
    if [(t.kind, t.text) for t in again] != [(t.kind, t.text) for t in tokens]:
        return source
    return result


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
