"""Files embedded in imported questions: sanitised names, confined to the course's ``media/``."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import unicodedata
from pathlib import Path, PurePosixPath

from courseware.errors import CoursewareError, Issue, SourceSpan
from courseware.i18n import says

MEDIA = "media"
"""The course folder holding imported files; references are ``media/<name>``."""


def clean_name(name: str) -> str:
    """A safe file name: no folders, no leading dots, no control or reserved characters."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = re.sub(r'[\x00-\x1f<>:"|?*]', "_", name).strip(" .")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = stem[:80] or "file"
    if stem.upper() in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}:
        stem = f"_{stem}"
    return f"{stem}.{ext[:16]}" if ext else stem


def clean_path(folder: str, name: str) -> str:
    """``folder/name`` below ``media/``: every part cleaned, ``..`` and absolute parts dropped."""
    parts = [p for p in PurePosixPath(folder.replace("\\", "/")).parts if p not in {"/", ".", ".."}]
    if parts[:1] == [MEDIA]:
        parts = parts[1:]
    cleaned = [clean_name(p) for p in parts[:4]] + [clean_name(name)]
    return "/".join(cleaned)


_DATA_URI = re.compile(
    r"""(["'(])data\\?:image/([a-z0-9.+-]+);base64,([A-Za-z0-9+/=\\\s]+)(?=["')])"""
)
"""An inline image; in GIFT its ``:`` and ``=`` may be backslashed."""
_EXTENSIONS = {"jpeg": "jpg", "svg+xml": "svg", "x-icon": "ico"}


class MediaStore:
    """Files to write under the course's ``media/``; the same file is kept once."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def add(self, folder: str, name: str, data: bytes) -> str:
        """Keep ``data`` and return its reference (``media/...``); name clashes get a suffix."""
        rel = clean_path(folder, name)
        stem, dot, ext = rel.rpartition(".")
        if not dot:
            stem, ext = rel, ""
        n = 2
        while rel in self.files and self.files[rel] != data:
            rel = f"{stem}-{n}.{ext}" if ext else f"{stem}-{n}"
            n += 1
        self.files[rel] = data
        return f"{MEDIA}/{rel}"

    def data_uris(self, html: str) -> str:
        """``html`` with each ``data:image/...;base64`` source kept as a file and referenced."""
        if ";base64," not in html:
            return html

        def swap(match: re.Match[str]) -> str:
            try:
                data = base64.b64decode(re.sub(r"[\s\\]+", "", match.group(3)), validate=True)
            except (binascii.Error, ValueError):
                return match.group(0)
            kind = match.group(2).lower()
            name = f"image-{hashlib.sha256(data).hexdigest()[:12]}.{_EXTENSIONS.get(kind, kind)}"
            return match.group(1) + self.add("", name, data)

        return _DATA_URI.sub(swap, html)

    def write(self, course_dir: Path) -> list[Path]:
        """Write the files under ``course_dir/media``; an existing identical file is left alone.

        A different file already there is an error (nothing is overwritten).
        """
        root = (course_dir / MEDIA).resolve()
        written: list[Path] = []
        for rel, data in self.files.items():
            target = (root / rel).resolve()
            if not target.is_relative_to(root):  # pragma: no cover - names are cleaned
                continue
            if target.exists():
                if target.is_file() and target.read_bytes() == data:
                    continue
                raise CoursewareError(
                    Issue(
                        "error",
                        says("quizimport.media-clash", path=target),
                        SourceSpan(target, 1, 1),
                        hint=says("quizimport.media-clash.hint"),
                        code="import-media-clash",
                    )
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written.append(target)
        return written
