"""Colour contrast of the built-in themes, computed from the colours of their theme.yml.

axe checks the rendered pages too (tests/a11y); this test covers every pair of colours the
stylesheets can put together, including states a page only reaches after an answer.
"""

from __future__ import annotations

import pytest

from courseware.model.course import ThemeColors
from courseware.themes import Theme, color_properties, contrast, resolve_theme
from tests.render.conftest import SECOND_THEME

TEXT_PAIRS = [
    # (foreground, background): text the themes draw on that background
    *(("--cw-text", bg) for bg in ("--cw-bg", "--cw-surface", "--cw-tint")),
    *(("--cw-link", bg) for bg in ("--cw-bg", "--cw-surface", "--cw-tint")),
    *(("--cw-muted", bg) for bg in ("--cw-bg", "--cw-surface", "--cw-tint")),
    ("--cw-accent-text", "--cw-bg"),  # eyebrow, block kind
    ("--cw-accent-text", "--cw-surface"),  # question number, activity label
    ("--cw-on-primary", "--cw-primary"),  # header, buttons
    ("--cw-right", "--cw-right-bg"),
    ("--cw-right", "--cw-surface"),
    ("--cw-wrong", "--cw-wrong-bg"),
    ("--cw-wrong", "--cw-surface"),
    ("--cw-partial", "--cw-surface"),
    ("--cw-text", "--cw-right-bg"),  # a blank marked right
    ("--cw-text", "--cw-wrong-bg"),
    *((f"--cw-{k}", f"--cw-{k}-bg") for k in ("note", "tip", "warning", "example")),
    *(("--cw-text", f"--cw-{k}-bg") for k in ("note", "tip", "warning", "example")),
    *(("--cw-link", f"--cw-{k}-bg") for k in ("note", "tip", "warning", "example")),
]
NON_TEXT_PAIRS = [
    # WCAG 1.4.11: borders of form fields and the focus ring need 3:1 against their background
    ("--cw-field", "--cw-surface"),
    ("--cw-link", "--cw-surface"),  # the border and dot of a chosen answer
    ("--cw-accent-text", "--cw-bg"),  # focus ring
    ("--cw-accent-text", "--cw-surface"),
    ("--cw-accent-text", "--cw-tint"),
]


def palette(theme: Theme, overrides: ThemeColors | None = None) -> dict[str, str]:
    """The ``--cw-*`` colours of a page (assets/colors.css), from the chain's theme.yml."""
    return color_properties(theme.colors(), overrides or ThemeColors(), theme.min_contrast())


def _failures(colors: dict[str, str], text_minimum: float) -> list[str]:
    out = []
    for pairs, minimum in ((TEXT_PAIRS, text_minimum), (NON_TEXT_PAIRS, 3.0)):
        for fg, bg in pairs:
            ratio = contrast(colors[fg], colors[bg])
            if ratio < minimum:
                out.append(f"{fg} {colors[fg]} on {bg} {colors[bg]}: {ratio:.2f} < {minimum}")
    return out


@pytest.mark.parametrize(
    ("name", "minimum"), [("default", 4.5), (SECOND_THEME, 7.0)], ids=["default", "high"]
)
def test_theme_contrast(name: str, minimum: float) -> None:
    theme = resolve_theme(name)
    assert theme.min_contrast() == minimum
    colors = palette(theme)
    # The theme's own colours need no adjusting: what theme.yml says is what pages show.
    for key, value in theme.colors().items():
        assert colors.get("--cw-" + key.replace("_", "-"), value).lower() == value.lower(), key
    assert _failures(colors, minimum) == []
    # The figures the report quotes: body text, links and buttons.
    assert contrast(colors["--cw-text"], colors["--cw-bg"]) >= minimum
    assert contrast(colors["--cw-on-primary"], colors["--cw-primary"]) >= minimum


@pytest.mark.parametrize("name", ["default", SECOND_THEME])
def test_course_colours_are_kept_readable(name: str) -> None:
    """The sample course's brand colours (a light orange accent) over each theme."""
    theme = resolve_theme(name)
    brand = ThemeColors(primary="#0b6e4f", accent="#e8a33d")
    assert _failures(palette(theme, brand), theme.min_contrast()) == []
    pale = ThemeColors(primary="#ffe066", accent="#a0d8ef", background="#fffef0")
    assert _failures(palette(theme, pale), theme.min_contrast()) == []


def test_high_contrast_darkens_a_brand_primary_for_white_text() -> None:
    props = color_properties({}, ThemeColors(primary="#0b6e4f"), minimum=7)
    assert contrast(props["--cw-on-primary"], props["--cw-primary"]) >= 7
    assert props["--cw-primary"] != "#0b6e4f"
    same = color_properties({}, ThemeColors(primary="#0b6e4f"))
    assert same["--cw-primary"] == "#0b6e4f"  # AA: the brand colour is used as it is
