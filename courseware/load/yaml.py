"""Safe YAML reading that keeps a position for every key and value.

Why: PyYAML's loaders forget where values came from and accept duplicate keys. We
compose nodes with libyaml (fast), then build plain Python data ourselves, recording
each node's line and column, refusing tags, duplicate keys and alias bombs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from courseware.errors import CoursewareError, Issue, SourceSpan

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


class _Loader(_BaseLoader):  # type: ignore[misc]
    """libyaml composer with the YAML 1.1 timestamp resolver removed (dates stay text)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Positions:
    """Spans of every value and every mapping key, by data path; included files as parts."""

    values: dict[DataPath, SourceSpan] = field(default_factory=dict)
    keys: dict[DataPath, SourceSpan] = field(default_factory=dict)
    parts: dict[DataPath, Positions] = field(default_factory=dict)
    """Positions of included files, by the data path where each file's data sits."""
    _lengths: list[int] = field(default_factory=list)

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

    def value(self, path: DataPath) -> SourceSpan | None:
        """Span of the value at ``path``, or of its nearest recorded ancestor."""
        positions, inner = self.part(path)
        for end in range(len(inner), -1, -1):
            span = positions.values.get(inner[:end])
            if span is not None:
                return span
        if positions is not self:
            return self.value(path[: len(path) - len(inner) - 1]) if path else None
        return None

    def key(self, path: DataPath) -> SourceSpan | None:
        """Span of the key naming ``path`` (falls back to the value span)."""
        positions, inner = self.part(path)
        return positions.keys.get(inner) or self.value(path)


@dataclass
class YamlDocument:
    """Plain data read from one file, with positions."""

    path: Path
    data: Any
    positions: Positions


def display_path(path: Path) -> Path:
    """The path as users should see it: relative to the working directory when possible."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


class _Builder:
    def __init__(self, path: Path, loader: Any) -> None:
        self.path = display_path(path)
        self.loader = loader
        self.positions = Positions()
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
                    f"document expands to more than {MAX_NODES:,} values "
                    "(an alias bomb, or a file far too large)",
                    self.span(node),
                    code="yaml-too-large",
                )
            )
        if depth > MAX_DEPTH:
            raise CoursewareError(
                Issue(
                    "error",
                    f"nesting deeper than {MAX_DEPTH} levels",
                    self.span(node),
                    code="yaml-too-deep",
                )
            )
        self.positions.values[path] = self.span(node)
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
                f"YAML tag {node.tag!r} is not allowed in course files",
                self.span(node),
                hint="remove the tag; only plain text, numbers, true/false, lists and mappings",
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
                        "merge keys (<<) are not supported",
                        self.span(node),
                        code="yaml-merge",
                    )
                )
                return None
            self.tag_error(node)
            return node.value
        return SafeConstructor.yaml_constructors[node.tag](self.loader, node)

    def mapping(self, node: MappingNode, path: DataPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, SourceSpan] = {}
        for key_node, value_node in node.value:
            key_span = self.span(key_node)
            if not isinstance(key_node, ScalarNode):
                self.issues.append(
                    Issue(
                        "error",
                        "a key must be plain text, not a list or mapping",
                        key_span,
                        code="yaml-key",
                    )
                )
                continue
            key = self.scalar(key_node)
            if not isinstance(key, str):
                self.issues.append(
                    Issue(
                        "error",
                        f"key {key_node.value!r} is read as {type(key).__name__}, not text",
                        key_span,
                        hint=f'quote it: "{key_node.value}"',
                        code="yaml-key",
                    )
                )
                continue
            if key in first_seen:
                self.issues.append(
                    Issue(
                        "error",
                        f"duplicate key {key!r} (first defined at line {first_seen[key].line})",
                        key_span,
                        hint="each key may appear once in a mapping; remove or rename one",
                        code="yaml-duplicate-key",
                        related=(first_seen[key],),
                    )
                )
                continue
            first_seen[key] = key_span
            self.positions.keys[(*path, key)] = key_span
            result[key] = self.build(value_node, (*path, key), depth + 1)
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
                f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                SourceSpan(display_path(path), line, column),
                hint="save the file as UTF-8 in your editor",
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
            mark = exc.problem_mark or exc.context_mark
            span = SourceSpan(display_path(path), mark.line + 1, mark.column + 1) if mark else None
            problem = exc.problem or exc.context or "invalid YAML"
            if exc.context and exc.problem:
                problem = f"{exc.problem} ({exc.context})"
            raise CoursewareError(
                Issue("error", f"YAML syntax error: {problem}", span, code="yaml-syntax")
            ) from None
        except yaml.YAMLError as exc:
            raise CoursewareError(
                Issue(
                    "error",
                    f"YAML error: {exc}",
                    SourceSpan(display_path(path), 1, 1),
                    code="yaml-syntax",
                )
            ) from None
        if node is None:
            return YamlDocument(path, None, Positions())
        builder = _Builder(path, loader)
        data = builder.build(node, (), 0)
        if builder.issues:
            raise CoursewareError(builder.issues)
        return YamlDocument(path, data, builder.positions)
    finally:
        loader.dispose()


def read_yaml(path: Path) -> YamlDocument:
    """Read and parse a YAML file with size and encoding checks."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise CoursewareError(
            Issue(
                "error",
                f"file is {size:,} bytes; course files are limited to {MAX_FILE_BYTES:,}",
                SourceSpan(display_path(path), 1, 1),
                hint="split it into several lesson or bank files",
                code="file-too-large",
            )
        )
    return parse_yaml(_decode(path.read_bytes(), path), path)
