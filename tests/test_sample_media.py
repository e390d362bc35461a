"""The sample course's media tool: every slide's text fits the slide (the poster's title was
cut at "...aldea di"). Tests make_media's own layout, measured with Pillow's textbbox."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from PIL import Image, ImageDraw

TOOL = Path(__file__).resolve().parents[1] / "courses/aldeas-digitales/tools/make_media.py"


def _make_media() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_media", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_slide_line_fits_between_the_margins_and_above_the_houses() -> None:
    media = _make_media()
    draw = ImageDraw.Draw(Image.new("RGB", media.SLIDE_SIZE))
    for slide in media.SLIDES:
        placed = media.slide_layout(slide)
        for y, text, face, _ in placed:
            left, top, right, bottom = draw.textbbox((media.MARGIN, y), text, font=face)
            assert left >= media.MARGIN and right <= media.SLIDE_SIZE[0] - media.MARGIN, text
            assert top >= media.TEXT_TOP and bottom <= media.TEXT_BOTTOM, text
        title = [text for _, text, face, _ in placed if face.size == media.TITLE_SIZE]
        assert " ".join(title) == slide["title"]


def test_the_first_slide_title_needs_two_balanced_lines() -> None:
    media = _make_media()
    title = media.font(media.TITLE_SIZE, bold=True)
    text = media.SLIDES[0]["title"]
    assert media.text_width(text, title) > media.TEXT_WIDTH  # one line would be cut
    assert media.balanced(text, title) == ["De la aldea Taobao", "a la aldea digital"]


def test_wrap_breaks_only_at_plain_spaces() -> None:
    media = _make_media()
    face = media.font(media.BODY_SIZE)
    lines = media.wrap("uno dos\u00a0tres cuatro", face, media.text_width("uno dos", face))
    assert lines == ["uno", "dos\u00a0tres", "cuatro"]
