"""One rule for every URL field: an http, https or mailto address, or an error at its line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from courseware.errors import CoursewareError
from courseware.load import load_course

from .sandbox_probes import MINI

REFUSED = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//example.org/x",
    "ftp://example.org/x",
    "https://",
    "example.org",
    "http://[::1/x",
]
ACCEPTED = ["https://example.org/a?b=1#c", "http://example.org", "mailto:equipo@example.org"]


def _course(tmp_path: Path, source_url: str, video_url: str) -> Path:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    course = root / "course.yaml"
    text = course.read_text(encoding="utf-8")
    at = "    file: seeds/nota.md"
    course.write_text(text.replace(at, f"{at}\n    url: {json.dumps(source_url)}"), "utf-8")
    lesson = root / "lessons" / "01-uno.yaml"
    lesson.write_text(
        lesson.read_text(encoding="utf-8")
        + f"  - type: video\n    title: Vídeo\n    url: {json.dumps(video_url)}\n"
        + "    transcript: Texto.\n",
        encoding="utf-8",
    )
    return root


@pytest.mark.parametrize("url", REFUSED)
def test_a_source_and_a_video_url_share_one_rule(tmp_path: Path, url: str) -> None:
    with pytest.raises(CoursewareError) as info:
        load_course(_course(tmp_path, url, url))
    located = sorted(str(i.span).rsplit("/", 1)[-1].split(":")[0] for i in info.value.errors)
    assert located == ["01-uno.yaml", "course.yaml"], info.value
    assert all("is not a web address" in i.message for i in info.value.errors)


@pytest.mark.parametrize("url", ACCEPTED)
def test_web_addresses_are_accepted(tmp_path: Path, url: str) -> None:
    loaded = load_course(_course(tmp_path, url, url))
    assert loaded.course.sources[0].url == url
