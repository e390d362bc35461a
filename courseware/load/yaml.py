"""Safe YAML reading that keeps a position for every key and value.

Why: PyYAML's loaders forget where values came from and accept duplicate keys. We
compose nodes with libyaml (fast), then build plain Python data ourselves, recording
each node's line and column, refusing tags, duplicate keys and alias bombs.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from courseware.errors import CoursewareError, Issue, SourceSpan
from courseware.i18n import says
from courseware.load.paths import real_folder, real_path
from courseware.load.yamlerrors import syntax_issue

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64

DataPath = tuple[str | int, ...]

_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    _STR,
}


_IMPLICIT = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
"""The safe loader's implicit tags by first character, less the timestamp (dates stay text)."""


class _Loader(_BaseLoader):  # type: ignore[misc]
    """libyaml composer with the YAML 1.1 timestamp resolver removed (dates stay text)."""

    yaml_implicit_resolvers = _IMPLICIT


Place = tuple[int, int]
"""(line, column), 1-based, in the file of the :class:`Positions` that holds it."""


class Positions:
    """Where every value and every mapping key of one file starts, by data path.

    Places are kept as (line, column) pairs and made into spans when asked for: a course
    has hundreds of thousands of them and only a few are ever shown. Included files are
    kept as parts, by the data path where each file's data sits.
    """

    def __init__(
        self,
        file: Path | None = None,
        values: dict[DataPath, Place] | None = None,
        keys: dict[DataPath, Place] | None = None,
    ) -> None:
        self.file = file
        self.values: dict[DataPath, Place] = {} if values is None else values
        """Data path -> where the value there starts."""
        self.keys: dict[DataPath, Place] = {} if keys is None else keys
        """Data path -> where the mapping key naming it starts."""
        self.parts: dict[DataPath, Positions] = {}
        self._lengths: list[int] = []

    def merge(self, prefix: DataPath, other: Positions) -> None:
        """Graft another file's positions under ``prefix``.

        Why kept apart rather than copied in: a lesson file has thousands of positions,
        and re-keying each under its prefix costs more than looking the prefix up.
        """
        self.parts[prefix] = other
        if len(prefix) not in self._lengths:
            self._lengths = sorted({*self._lengths, len(prefix)}, reverse=True)

    def part(self, path: DataPath) -> tuple[Positions, DataPath]:
        """The positions that hold ``path`` and the path inside them."""
        for length in self._lengths:
            part = self.parts.get(path[:length]) if len(path) >= length else None
            if part is not None:
                return part.part(path[length:])
        return self, path

    def _span(self, place: Place | None) -> SourceSpan | None:
        if place is None or self.file is None:
            return None
        return SourceSpan(self.file, place[0], place[1])

    def exact(self, path: DataPath) -> SourceSpan | None:
        """Span of the value at ``path`` only if one was recorded there."""
        positions, inner = self.part(path)
        return positions._span(positions.values.get(inner))

    def value(self, path: DataPath) -> SourceSpan | None:
        """Span of the value at ``path``, or of its nearest recorded ancestor."""
        positions, inner = self.part(path)
        for end in range(len(inner), -1, -1):
            place = positions.values.get(inner[:end])
            if place is not None:
                return positions._span(place)
        if positions is not self:
            return self.value(path[: len(path) - len(inner) - 1]) if path else None
        return None

    def key(self, path: DataPath) -> SourceSpan | None:
        """Span of the key naming ``path`` (falls back to the value span)."""
        positions, inner = self.part(path)
        return positions._span(positions.keys.get(inner)) or self.value(path)


@dataclass
class YamlDocument:
    """Plain data read from one file, with positions."""

    path: Path
    data: Any
    positions: Positions
    digest: str = ""
    """blake2b of the file's bytes ("" where not worked out)."""


def display_path(path: Path) -> Path:
    """The path as users should see it: relative to the working directory when possible."""
    cwd = os.getcwd()
    real = real_path(str(path) if path.is_absolute() else os.path.join(cwd, path))
    here = real_folder(cwd)
    if real == here:
        return Path(".")
    if real.startswith(here.rstrip(os.sep) + os.sep):
        return Path(real[len(here.rstrip(os.sep)) + 1 :])
    return path


class _Builder:
    def __init__(self, path: Path, loader: Any) -> None:
        self.path = display_path(path)
        self.loader = loader
        self.values: dict[DataPath, Place] = {}
        self.keys: dict[DataPath, Place] = {}
        self.positions = Positions(self.path, self.values, self.keys)
        self.issues: list[Issue] = []
        self.count = 0

    def span(self, node: Node) -> SourceSpan:
        mark = node.start_mark
        return SourceSpan(self.path, mark.line + 1, mark.column + 1)

    def build(self, node: Node, path: DataPath, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise CoursewareError(
                Issue(
                    "error",
                    says("load.yaml-too-large", n=f"{MAX_NODES:,}"),
                    self.span(node),
                    hint=says("load.yaml-too-large.hint"),
                    code="yaml-too-large",
                )
            )
        if depth > MAX_DEPTH:
            raise CoursewareError(
                Issue(
                    "error",
                    says("load.yaml-too-deep", n=MAX_DEPTH),
                    self.span(node),
                    hint=says("load.yaml-too-deep.hint"),
                    code="yaml-too-deep",
                )
            )
        mark = node.start_mark
        self.values[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.tag_error(node)
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                self.tag_error(node)
            return self.mapping(node, path, depth)
        raise AssertionError(f"unexpected YAML node {node!r}")

    def tag_error(self, node: Node) -> None:
        self.issues.append(
            Issue(
                "error",
                says("load.yaml-tag", tag=repr(node.tag)),
                self.span(node),
                hint=says("load.yaml-tag.hint"),
                code="yaml-tag",
            )
        )

    def scalar(self, node: ScalarNode) -> Any:
        if node.tag == _STR:  # the common case: what the constructor would return
            return node.value
        if node.tag not in _SCALAR_TAGS:
            if node.tag == "tag:yaml.org,2002:merge":
                self.issues.append(
                    Issue(
                        "error",
                        says("load.yaml-merge"),
                        self.span(node),
                        hint=says("load.yaml-merge.hint"),
                        code="yaml-merge",
                    )
                )
                return None
            self.tag_error(node)
            return node.value
        return SafeConstructor.yaml_constructors[node.tag](self.loader, node)

    def mapping(self, node: MappingNode, path: DataPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        keys = self.keys
        for key_node, value_node in node.value:
            mark = key_node.start_mark
            where = (mark.line + 1, mark.column + 1)
            if not isinstance(key_node, ScalarNode):
                self.issues.append(
                    Issue(
                        "error",
                        says("load.yaml-key"),
                        SourceSpan(self.path, *where),
                        hint=says("load.yaml-key.hint"),
                        code="yaml-key",
                    )
                )
                continue
            key = self.scalar(key_node)
            if not isinstance(key, str):
                self.issues.append(
                    Issue(
                        "error",
                        says(
                            "load.yaml-key.type",
                            key=repr(key_node.value),
                            kind=type(key).__name__,
                        ),
                        SourceSpan(self.path, *where),
                        hint=says("load.yaml-key.type.hint", key=key_node.value),
                        code="yaml-key",
                    )
                )
                continue
            key_path = (*path, key)
            if key in result:
                first = SourceSpan(self.path, *keys[key_path])
                self.issues.append(
                    Issue(
                        "error",
                        says("load.yaml-duplicate-key", key=repr(key), line=first.line),
                        SourceSpan(self.path, *where),
                        hint=says("load.yaml-duplicate-key.hint"),
                        code="yaml-duplicate-key",
                        related=(first,),
                    )
                )
                continue
            keys[key_path] = where
            result[key] = self.build(value_node, key_path, depth + 1)
        return result


def _decode(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise CoursewareError(
            Issue(
                "error",
                says("load.encoding", byte=f"{raw[exc.start]:02x}"),
                SourceSpan(display_path(path), line, column),
                hint=says("load.encoding.hint"),
                code="encoding",
            )
        ) from None


def parse_yaml(text: str, path: Path) -> YamlDocument:
    """Parse YAML text into plain data and positions; raise CoursewareError on any problem."""
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise CoursewareError(syntax_issue(exc, text, display_path(path))) from None
        except yaml.YAMLError as exc:
            raise CoursewareError(
                Issue(
                    "error",
                    says("load.yaml-error", error=exc),
                    SourceSpan(display_path(path), 1, 1),
                    hint=says("load.yaml-error.hint"),
                    code="yaml-syntax",
                )
            ) from None
        if node is None:
            return YamlDocument(path, None, Positions(display_path(path)))
        builder = _Builder(path, loader)
        data = builder.build(node, (), 0)
        if builder.issues:
            raise CoursewareError(builder.issues)
        return YamlDocument(path, data, builder.positions)
    finally:
        loader.dispose()


def read_yaml(path: Path) -> YamlDocument:
    """Read and parse a YAML file with size and encoding checks (its digest filled in)."""
    raw = _read_bytes(path)
    document = parse_yaml(_decode(raw, path), path)
    document.digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
    return document


def _read_bytes(path: Path) -> bytes:
    """The bytes of a course file, refused if it is over the size limit."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # reading it says what is wrong
    if size > MAX_FILE_BYTES:
        raise CoursewareError(
            Issue(
                "error",
                says("load.file-too-large", size=f"{size:,}", limit=f"{MAX_FILE_BYTES:,}"),
                SourceSpan(display_path(path), 1, 1),
                hint=says("load.file-too-large.hint"),
                code="file-too-large",
            )
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CoursewareError(
            Issue(
                "error",
                says("load.unreadable", reason=exc.strerror or exc),
                SourceSpan(display_path(path), 1, 1),
                hint=says("load.unreadable.hint"),
                code="unreadable",
            )
        ) from None
