"""The confined URL fetcher: WeasyPrint reads only files inside the course and themes."""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from courseware.i18n import says
from courseware.load.paths import is_file, split_url


class FetchRefused(ValueError):
    """WeasyPrint asked for something outside the course and theme folders."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


SOURCE_SUFFIXES = frozenset({".yaml", ".yml"})
"""Course sources: never served to a document (a course's YAML is not for print)."""

_VIRTUAL = re.compile(r"^/courseware-root-(\d+)(/.*)?$")


def virtual_url(index: int, relpath: str = "") -> str:
    """A ``file:`` URL for ``relpath`` inside ``roots[index]`` that names no real folder.

    Why: WeasyPrint names each image in the PDF after a hash of its URL; URLs that hold the
    course's absolute path would make the same course give other bytes in another folder.
    """
    return f"file:///courseware-root-{index}/{quote(relpath)}"


def real_url(url: str, roots: Sequence[Path | str]) -> str:
    """``url`` with a :func:`virtual_url` prefix replaced by the real folder it stands for."""
    parts = split_url(url)
    if parts is None:
        return url
    match = _VIRTUAL.match(parts.path) if parts.scheme.lower() == "file" else None
    if match is None or parts.netloc not in ("", "localhost") or int(match[1]) >= len(roots):
        return url
    folder = Path(roots[int(match[1])]).resolve().as_uri()
    return folder + (match[2] or "/") + (f"?{parts.query}" if parts.query else "")


def allowed_file(url: str, roots: Sequence[Path | str]) -> Path:
    """The file a ``file:`` URL names, if it lies inside one of ``roots``; else FetchRefused.

    Symlinks are resolved before the check. Course source files (YAML) are refused too:
    they hold instructor notes and answers. The reason is in the instructor's language.
    """
    parts = split_url(real_url(url, roots))
    if parts is None:
        raise FetchRefused(url, says("pdf.refused.malformed"))
    if parts.scheme.lower() != "file":
        if parts.scheme:
            raise FetchRefused(url, says("pdf.refused.scheme", scheme=parts.scheme))
        raise FetchRefused(url, says("pdf.refused.not-file"))
    if parts.netloc not in ("", "localhost"):
        raise FetchRefused(url, says("pdf.refused.host"))
    target = Path(unquote(parts.path)).resolve()
    bases = [Path(r).resolve() for r in roots]
    if not any(target == b or b in target.parents for b in bases):
        raise FetchRefused(url, says("pdf.refused.outside"))
    if target.suffix.lower() in SOURCE_SUFFIXES:
        raise FetchRefused(url, says("pdf.refused.source"))
    if not is_file(target):
        raise FetchRefused(url, says("pdf.refused.missing"))
    return target


_MIME = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}


def confined_fetcher(roots: Sequence[Path | str]) -> Any:
    """A WeasyPrint URL fetcher that serves only files inside ``roots`` (imports WeasyPrint).

    Any refused URL stops the rendering: WeasyPrint raises ``FatalURLFetchingError``
    whose ``__cause__`` is the :class:`FetchRefused`.
    """
    urls = importlib.import_module("weasyprint.urls")
    bases = tuple(Path(r).resolve() for r in roots)

    def fetch(self: Any, url: str, headers: Any = None) -> Any:
        if url.startswith("data:"):
            return urls.URLFetcher.fetch(self, url, headers)  # inline data reads no file
        path = allowed_file(url, bases)
        mime = _MIME.get(path.suffix.lower(), "application/octet-stream")
        return urls.URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

    confined = type("ConfinedFetcher", (urls.URLFetcher,), {"fetch": fetch})
    return confined(fail_on_errors=True)
