"""QTI packages: Canvas's QTI 1.2 zips and QTI 2.1 content packages (or one loose XML file)."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from lxml import etree

from courseware.quizimport.media import MediaStore

_SRC = re.compile(r"""(src|href)=(["'])([^"']*)\2""")


class Package:
    """The files of a package and the media found while reading its questions."""

    def __init__(self, path: Path, files: dict[str, bytes], media: MediaStore) -> None:
        self.path = path
        self.files = files
        self.media = media
        self.missing: list[str] = []

    def member_path(self, name: str) -> Path:
        """A path naming a member inside the package, for diagnostics."""
        return self.path if len(self.files) == 1 else self.path / name

    def localise(self, html: str, base: str) -> str:
        """``html`` with each reference to a file of the package turned into ``media/...``."""

        def swap(match: re.Match[str]) -> str:
            target = unquote(match.group(3))
            if ":" in target.split("/")[0] and not target.startswith("$IMS-CC-FILEBASE$"):
                return match.group(0)
            target = target.replace("$IMS-CC-FILEBASE$/", "").split("?")[0]
            found = self._find(target, base)
            if found is None:
                self.missing.append(target)
                return match.group(0)
            folder, _, name = found.rpartition("/")
            for prefix in ("web_resources", "images", "media"):
                if folder == prefix or folder.startswith(prefix + "/"):
                    folder = folder[len(prefix) :]
                    break
            ref = self.media.add(folder, name, self.files[found])
            return f"{match.group(1)}={match.group(2)}{ref}{match.group(2)}"

        return _SRC.sub(swap, html) if ("src=" in html or "href=" in html) else html

    def _find(self, target: str, base: str) -> str | None:
        joined = str(PurePosixPath(base).parent / target) if base else target
        parts: list[str] = []
        for part in PurePosixPath(joined).parts:
            if part == "..":
                if parts:
                    parts.pop()
            elif part != ".":
                parts.append(part)
        for candidate in ("/".join(parts), target, f"web_resources/{target}", f"images/{target}"):
            if candidate in self.files and not candidate.endswith(".xml"):
                return candidate
        return None


def text_of(element: etree._Element | None) -> str:
    """All the text inside an element."""
    return "".join(element.itertext()) if element is not None else ""
