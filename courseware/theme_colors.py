"""Theme colours: the palette's names, WCAG contrast, and the colour CSS of a site or PDF.

A theme's ``colors:`` and a course's ``theme: colors:`` give brand colours; the palette's
text colours are darkened or lightened until they are readable on every panel they sit on.
"""

from __future__ import annotations

import re

from courseware.model.course import ThemeColors

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
HEX_COLOR = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
"""A colour as themes and courses write it: ``#rgb`` or ``#rrggbb``."""


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
