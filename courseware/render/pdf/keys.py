"""Cache keys: a document is drawn again only when something it can read changed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin

import lxml.etree
import lxml.html

from courseware.incremental import digest, file_digest, toolkit_fingerprint, tree_digest
from courseware.load.paths import is_file, split_url
from courseware.render.pdf.fetch import SOURCE_SUFFIXES, real_url
from courseware.render.pdf.job import PDF_VARIANT, PdfJob

_LEAF_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".ico", ".ttf", ".otf", ".woff", ".woff2"}
)
"""Files that name no other file (unless they turn out to be markup)."""
_MAX_SCAN = 8 * 1024 * 1024
_QUOTED = re.compile(r"""(?=(["'])([^<>\n]*?)\1)""")
"""From every quote to the next one of its kind (overlapping, so no quote hides a URL)."""
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.IGNORECASE)


def _candidates(text: str) -> set[str]:
    """Every string in markup or CSS that might be a URL (over-inclusive on purpose)."""
    found = {m.group(2) for m in _QUOTED.finditer(text)}
    found.update(next(g for g in m.groups() if g is not None) for m in _CSS_URL.finditer(text))
    return found


def _html_candidates(html: str) -> set[str]:
    """Attribute values (quoted or not) and CSS URLs of an HTML document."""
    found = _candidates(html)
    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return found
    for element in root.iter():
        for value in element.attrib.values():
            found.add(value)
            found.update(re.split(r"[\s,]+", value))
    return found


def _names_in(path: Path) -> set[str] | None:
    """What a fetched file may name in turn: nothing for a picture or font, None if huge."""
    with open(path, "rb") as handle:
        head = handle.read(256)
    if path.suffix.lower() in _LEAF_SUFFIXES and head.lstrip()[:1] != b"<":
        return set()
    if path.stat().st_size > _MAX_SCAN:
        return None
    text = path.read_bytes().decode("utf-8", "replace")
    return _html_candidates(text) if text.lstrip()[:1] == "<" else _candidates(text)


@dataclass
class Memo:
    """What the documents of one plan share while their keys are made: where each
    reference leads (from a base URL), and what each file names in turn."""

    targets: dict[tuple[str, str], Path | None] = field(default_factory=dict)
    names: dict[Path, set[str] | None] = field(default_factory=dict)
    files: dict[Path, bool] = field(default_factory=dict)


def _target(base: str, name: str, folders: list[Path]) -> Path | None:
    """The path ``name`` (relative to ``base``) leads to, if it is a file address inside
    ``folders`` (resolved: symlinks followed); None otherwise."""
    try:
        joined = urljoin(base, name.strip())
    except ValueError:  # a malformed address: nothing to fetch
        return None
    parts = split_url(real_url(joined, folders))
    if parts is None or parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parts.path)).resolve()
    return path if any(path.is_relative_to(f) for f in folders) else None


def fetchable_course_files(
    html: str,
    base_url: str,
    root: Path,
    others: Sequence[Path | str] = (),
    memo: Memo | None = None,
) -> set[Path] | None:
    """Course files a document can fetch: those its HTML names, and those they name in turn.

    References are followed through the course folder ``root`` and the ``others`` folders
    (the themes, whose files the key hashes in full, so they are not returned). None when
    that cannot be told (a ``<base>`` element, a huge referenced file): then every course
    file counts. ``memo`` keeps what was found across documents of the same folders.
    """
    if re.search(r"<base[\s>/]", html, re.IGNORECASE):
        return None
    root = root.resolve()
    folders = [root, *(Path(o).resolve() for o in others)]
    memo = Memo() if memo is None else memo
    seen: set[Path] = set()
    queue = [(base_url, text) for text in _html_candidates(html)]
    while queue:
        base, name = queue.pop()
        if (base, name) not in memo.targets:
            memo.targets[base, name] = _target(base, name, folders)
        path = memo.targets[base, name]
        if path is None or path in seen:
            continue
        seen.add(path)
        if path not in memo.files:
            memo.files[path] = is_file(path)
        if not memo.files[path]:
            continue
        if path not in memo.names:
            memo.names[path] = _names_in(path)
        names = memo.names[path]
        if names is None:
            return None
        queue.extend((path.as_uri(), n) for n in names)
    return {p for p in seen if p.is_relative_to(root)}


class PdfKeys:
    """Cache keys of the documents of one plan (file digests shared between documents)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._digests: dict[Path, tuple[str, str]] = {}
        self._themes: dict[tuple[str, ...], str] = {}
        self._all: str | None = None
        self._memos: dict[tuple[str, ...], Memo] = {}

    def _file(self, path: Path) -> tuple[str, str]:
        """(relpath in the course, digest) of a course file ("-": no such file)."""
        if path not in self._digests:
            relpath = path.relative_to(self.root).as_posix()
            self._digests[path] = (relpath, file_digest(path) if is_file(path) else "-")
        return self._digests[path]

    def key(self, job: PdfJob) -> str:
        """The key of ``job``: a change to anything it can read changes it."""
        themes = tuple(
            r for r in job.roots if r != str(self.root) and Path(r).resolve() != self.root
        )
        if themes not in self._themes:
            self._themes[themes] = digest([tree_digest(Path(r)) for r in themes])
        memo = self._memos.setdefault(themes, Memo())
        files = fetchable_course_files(job.html, job.base_url, self.root, themes, memo)
        if files is None:
            if self._all is None:
                self._all = tree_digest(self.root, SOURCE_SUFFIXES)
            course: object = self._all
        else:
            course = sorted(self._file(p) for p in files)
        return digest(
            "pdf",
            toolkit_fingerprint(),
            PDF_VARIANT,
            job.relpath,
            job.html,
            job.base_url,
            list(job.roots),
            job.identifier.decode("ascii", "replace"),
            self._themes[themes],
            course,
        )
