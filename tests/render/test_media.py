"""Images for phones: wide PNG/JPEG scaled down at build, sizes on every <img>, bad files named."""

from __future__ import annotations

import io
import re
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from courseware.errors import CoursewareError
from courseware.load import LoadedCourse, load_course
from courseware.media import DEFAULT_MAX_WIDTH, ImageError, display_size, fit_width, image_size
from courseware.render.html import render_site
from tests.render.conftest import COURSE_DIR, SAMPLE_COURSE

ORIENTATION = 0x0112


def _png(width: int, height: int, mode: str = "RGB", **info: str) -> bytes:
    image = Image.new(mode, (width, height), "#3a7" if mode != "P" else 0)
    for x in range(0, width, 7):  # some detail, so that scaling has work to do
        image.putpixel((x, (x * 3) % height), (255, 255, 255) if mode == "RGB" else 1)
    out = io.BytesIO()
    if info:
        from PIL.PngImagePlugin import PngInfo

        meta = PngInfo()
        for key, value in info.items():
            meta.add_text(key, value)
        image.save(out, "PNG", pnginfo=meta)
    else:
        image.save(out, "PNG", transparency=0) if mode == "P" else image.save(out, "PNG")
    return out.getvalue()


def _jpeg(width: int, height: int, orientation: int | None = None) -> bytes:
    image = Image.new("RGB", (width, height), "#c84")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make: metadata that must not be published
    if orientation:
        exif[ORIENTATION] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), comment=b"taken at home", quality=90)
    return out.getvalue()


def _chunks(png: bytes) -> list[bytes]:
    names, pos = [], 8
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        names.append(png[pos + 4 : pos + 8])
        pos += 12 + length
    return names


def test_wide_png_is_scaled_down_without_metadata() -> None:
    source = _png(3200, 1000, Software="camera app", Comment="made on 2026-01-01")
    scaled = fit_width(source, ".png", 1600)
    assert image_size(scaled, ".png") == (1600, 500)
    assert fit_width(source, ".png", 1600) == scaled  # same bytes on every build
    assert set(_chunks(scaled)) <= {b"IHDR", b"IDAT", b"IEND", b"PLTE", b"tRNS", b"iCCP"}
    assert len(scaled) < len(source)


def test_transparent_palette_png_keeps_its_transparency() -> None:
    scaled = fit_width(_png(2000, 400, mode="P"), ".PNG", 500)
    with Image.open(io.BytesIO(scaled)) as image:
        assert image.size == (500, 100)
        assert image.mode == "RGBA"
        transparent = image.getchannel("A").histogram()[0]
        assert transparent > 500 * 100 / 2


def test_jpeg_is_turned_then_scaled_and_loses_exif() -> None:
    source = _jpeg(4000, 3000, orientation=6)  # stored landscape, shown portrait
    assert display_size(source, ".jpg") == (3000, 4000)
    scaled = fit_width(source, ".jpeg", 1600)
    with Image.open(io.BytesIO(scaled)) as image:
        assert image.size == (1600, 2133)
        assert not image.getexif()
        assert "comment" not in image.info
    assert b"PhoneMaker" not in scaled and b"taken at home" not in scaled
    assert fit_width(source, ".jpeg", 1600) == scaled


def test_small_svg_and_gif_files_pass_through() -> None:
    small = _png(800, 600)
    assert fit_width(small, ".png", 1600) is small
    portrait = _jpeg(2400, 1200, orientation=8)  # shown 1200 wide: small enough
    assert fit_width(portrait, ".jpg", 1600) is portrait
    assert display_size(portrait, ".jpg") == (1200, 2400)  # <img> sizes as shown
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="100"></svg>'
    assert fit_width(svg, ".svg", 1600) is svg
    gif = b"GIF89a\xa0\x0f\x10\x00" + b"\x00" * 20
    assert fit_width(gif, ".gif", 1600) is gif
    big = _png(3000, 10)
    assert fit_width(big, ".png", None) is big and fit_width(big, ".png", 0) is big
    assert DEFAULT_MAX_WIDTH == 1600


def test_broken_wide_image_is_an_error() -> None:
    header = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR"
    header += struct.pack(">IIBBBBB", 5000, 100, 8, 2, 0, 0, 0)
    truncated = header + struct.pack(">I", zlib.crc32(header[12:]))
    with pytest.raises(ImageError, match="not a readable PNG"):
        fit_width(truncated, ".png", 1600)
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = True  # as WeasyPrint leaves it once imported
    try:
        with pytest.raises(ImageError, match="not a readable PNG"):
            fit_width(_png(3000, 200)[:300], ".png", 1600)
        assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = False
    gif = io.BytesIO()
    Image.new("P", (2000, 10)).save(gif, "GIF")
    with pytest.raises(ImageError, match="GIF data, not PNG"):
        fit_width(gif.getvalue(), ".png", 1600)
    # A JPEG named .png is still a JPEG to browsers: scaled, and kept a JPEG.
    assert fit_width(_jpeg(2000, 100), ".png", 1600)[:2] == b"\xff\xd8"


def test_render_scales_images_and_sizes_every_img(loaded: LoadedCourse) -> None:
    files = render_site(loaded, max_image_width=100)
    assert image_size(files["media/ficha.png"], ".png") == (100, 62)  # was 320 x 200
    assert image_size(files["media/portada.png"], ".png") == (100, 56)  # video poster
    assert files["media/diagrama.svg"] == (COURSE_DIR / "media" / "diagrama.svg").read_bytes()
    lesson = files["ficha.html"].decode()
    # A Markdown image gets the size it is published at, like an image block.
    assert re.search(r'<img loading="lazy" src="media/ficha.png" width="100" height="62"', lesson)
    media = files["medios.html"].decode()
    assert 'poster="media/portada.png" width="100" height="56"' in media
    unscaled = render_site(loaded)
    assert unscaled["media/ficha.png"] == (COURSE_DIR / "media" / "ficha.png").read_bytes()
    assert 'src="media/ficha.png" width="320" height="200" decoding="async"' in (
        unscaled["ficha.html"].decode()
    )


def test_every_img_of_the_sample_has_size_and_lazy_loading(
    sample_files: dict[str, bytes],
) -> None:
    images = [
        (name, tag)
        for name, data in sample_files.items()
        if name.endswith(".html")
        for tag in re.findall(r"<img\b[^>]*>", data.decode())
    ]
    assert len(images) >= 3
    for name, tag in images:
        assert re.search(r'\swidth="\d+" height="\d+"', tag), (name, tag)
        # the logo and the home page's cover are the first things on screen: not lazy
        first = 'class="cw-logo"' in tag or 'class="cw-cover"' in tag
        assert ' loading="lazy"' in tag or first, (name, tag)


def test_sample_image_block_scaled_to_a_course_setting(tmp_path: Path) -> None:
    files = render_site(load_course(SAMPLE_COURSE), max_image_width=180)
    assert image_size(files["media/ficha-producto-ejemplo.png"], ".png") == (180, 320)
    assert 'width="180" height="320"' in files["ficha-y-fotos.html"].decode()


def test_unreadable_image_is_reported_at_its_block(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(SAMPLE_COURSE, root)
    photo = root / "media" / "ficha-producto-ejemplo.png"
    photo.write_bytes(photo.read_bytes()[:200])  # cut short, as by a failed copy
    with pytest.raises(CoursewareError) as caught:
        render_site(load_course(root), max_image_width=100)
    issue = caught.value.issues[0]
    assert "media/ficha-producto-ejemplo.png" in issue.message
    assert issue.span is not None and issue.span.path.name == "06-ficha-y-fotos.yaml"


def test_course_setting_max_image_width(loaded: LoadedCourse) -> None:
    """``settings.max_image_width`` (to be declared in the course model) sets the width."""
    settings = loaded.course.settings.model_copy(update={"max_image_width": 100})
    course = loaded.course.model_copy(update={"settings": settings})
    files = render_site(LoadedCourse(course, loaded.root))
    assert image_size(files["media/ficha.png"], ".png") == (100, 62)
    off = loaded.course.settings.model_copy(update={"max_image_width": 0})
    files = render_site(
        LoadedCourse(loaded.course.model_copy(update={"settings": off}), loaded.root)
    )
    assert image_size(files["media/ficha.png"], ".png") == (320, 200)
