"""Safe YAML reading that keeps a position for every key and value.

Why: PyYAML's loaders forget where values came from and accept duplicate keys. We
compose nodes with libyaml (fast), then build plain Python data ourselves, recording
each node's line and column, refusing tags, duplicate keys and alias bombs.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from courseware.background import can_fork, start_fork_map
from courseware.errors import CoursewareError, Issue, SourceSpan
from courseware.load.paths import real_folder, real_path

if TYPE_CHECKING:
    from courseware.incremental import UnitCache

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


_IMPLICIT: dict[str | None, list[tuple[str, Any]]] = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
"""The safe loader's implicit tags by first character, less the timestamp (dates stay text)."""
assert None not in _IMPLICIT and not yaml.SafeLoader.yaml_path_resolvers

_DEFAULT_TAGS = {
    ScalarNode: _STR,
    SequenceNode: "tag:yaml.org,2002:seq",
    MappingNode: "tag:yaml.org,2002:map",
}


PARSE_SPACE = "yaml"
"""The cache's space of parsed course files (see :func:`read_yaml_files`)."""


class _Loader(_BaseLoader):  # type: ignore[misc]
    """libyaml composer with the YAML 1.1 timestamp resolver removed (dates stay text).

    libyaml calls back into Python to tag every node; these are the resolver's methods
    with what the safe loader never uses (path resolvers) left out: a third of a parse.
    """

    yaml_implicit_resolvers = _IMPLICIT

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass  # no path resolvers

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0]:
            for tag, regexp in _IMPLICIT.get(value[:1], ()):
                if regexp.match(value):
                    return tag
        return _DEFAULT_TAGS[kind]


Place = tuple[int, int]
"""(line, column), 1-based, in the file of the :class:`Positions` that holds it."""


class Positions:
    """Where every value and every mapping key of one file starts, by data path.

    Places are kept as (line, column) pairs and made into spans when asked for: a course
    has hundreds of thousands of them and only a few are ever shown. Included files are
    kept as parts, by the data path where each file's data sits. Places that came from
    a worker or the cache stay packed (``marshal``) until one is asked for: unpacking
    them all was a tenth of a large build, for the handful of places a build shows.
    """

    def __init__(
        self,
        file: Path | None = None,
        values: dict[DataPath, Place] | None = None,
        keys: dict[DataPath, Place] | None = None,
        *,
        packed: bytes | None = None,
    ) -> None:
        self.file = file
        if packed is None:
            self._places: tuple[dict[DataPath, Place], dict[DataPath, Place]] | None = (
                {} if values is None else values,
                {} if keys is None else keys,
            )
        else:
            self._places = None
        self._packed = packed
        self.parts: dict[DataPath, Positions] = {}
        self._lengths: list[int] = []

    def _unpacked(self) -> tuple[dict[DataPath, Place], dict[DataPath, Place]]:
        if self._places is None:
            try:
                values, keys = marshal.loads(self._packed or b"")
            except (EOFError, ValueError, TypeError):  # a unit checked by its checksum
                values, keys = {}, {}
            self._places = (values, keys)
        return self._places

    @property
    def values(self) -> dict[DataPath, Place]:
        """Data path -> where the value there starts."""
        return self._unpacked()[0]

    @property
    def keys(self) -> dict[DataPath, Place]:
        """Data path -> where the mapping key naming it starts."""
        return self._unpacked()[1]

    def packed(self) -> bytes:
        """The places as ``marshal`` bytes (as they came, if they were never unpacked)."""
        if self._places is None and self._packed is not None:
            return self._packed
        return marshal.dumps(self._unpacked())

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
        keys = self.keys
        for key_node, value_node in node.value:
            mark = key_node.start_mark
            where = (mark.line + 1, mark.column + 1)
            if not isinstance(key_node, ScalarNode):
                self.issues.append(
                    Issue(
                        "error",
                        "a key must be plain text, not a list or mapping",
                        SourceSpan(self.path, *where),
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
                        SourceSpan(self.path, *where),
                        hint=f'quote it: "{key_node.value}"',
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
                        f"duplicate key {key!r} (first defined at line {first.line})",
                        SourceSpan(self.path, *where),
                        hint="each key may appear once in a mapping; remove or rename one",
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
            return YamlDocument(path, None, Positions(display_path(path)))
        builder = _Builder(path, loader)
        data = builder.build(node, (), 0)
        if builder.issues:
            raise CoursewareError(builder.issues)
        return YamlDocument(path, data, builder.positions)
    finally:
        loader.dispose()


PARALLEL_FILES = 200
"""Fewer files than this are read in the build's own process (forking costs more)."""


def read_yaml_files(
    paths: Sequence[Path],
    jobs: int = 1,
    cache: UnitCache | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> list[YamlDocument | CoursewareError]:
    """:func:`read_yaml` of every path, in order; a file's problems come as its error.

    With ``jobs`` above 1, many files are read by ``jobs - 1`` forked workers and this
    process (once ``meanwhile`` returns); the workers send back plain data and (line,
    column) pairs through ``marshal`` (a tenth of the cost of pickling them). With
    ``cache``, a file whose bytes were parsed before is not parsed again (the key is its
    bytes, its displayed path and the toolkit); the workers work out the keys and look
    them up too, as they read the files anyway. ``meanwhile`` is called while they do (or
    first, without workers).
    """
    if jobs < 2 or len(paths) < PARALLEL_FILES or not can_fork():
        if meanwhile is not None:
            meanwhile()
        answers = [_read_one(path, cache) for path in paths]
    else:
        if cache is not None:
            from courseware.incremental import toolkit_fingerprint

            cache.stored(PARSE_SPACE)  # mapped before the fork: the workers share the pages
            toolkit_fingerprint()  # worked out once, here, for every worker's keys
        runs = _runs(paths, jobs * 8)
        settled: list[YamlDocument | CoursewareError] = []

        def settle(index: int, answers: list[_Answer]) -> None:
            """A run's documents, unpacked while the workers read the next runs."""
            for path, answer in zip(runs[index], answers, strict=True):
                settled.append(_settle(path, answer, cache))

        here = os.getpid()

        def read_run(index: int) -> list[_Answer]:
            """A run's answers: packed in a worker, as they are in this process."""
            answers = [_read_one(p, cache) for p in runs[index]]
            return answers if os.getpid() == here else [_packed(a) for a in answers]

        # This process is one of the jobs: it imports what validates the course while the
        # workers read, then reads the runs still left (no packing, no unpacking) and
        # unpacks the workers' runs between its own, while they read the rest.
        collect = start_fork_map(read_run, len(runs), jobs, settle, helping=True)
        try:
            if meanwhile is not None:
                meanwhile()
        finally:
            collect()
        return settled
    return [_settle(path, answer, cache) for path, answer in zip(paths, answers, strict=True)]


_Answer = tuple[str | None, str, "YamlDocument | CoursewareError | bytes | None"]
"""(cache key or None, digest of the bytes or "", what reading gave): a document (or, from
a worker, its packed bytes), the file's problems, or None when the cache holds the parse
under that key."""


def _read_one(path: Path, cache: UnitCache | None) -> _Answer:
    """Read one file: its key, and its parse unless the cache has it."""
    try:
        raw = _read_bytes(path)
    except CoursewareError as exc:
        return None, "", exc
    content = hashlib.blake2b(raw, digest_size=16).hexdigest()
    key = _unit_key(path, content) if cache is not None else None
    if cache is not None and key is not None and cache.holds(PARSE_SPACE, key):
        return key, content, None
    try:
        return key, content, parse_yaml(_decode(raw, path), path)
    except CoursewareError as exc:
        return key, content, exc


def _packed(answer: _Answer) -> _Answer:
    """A worker's answer as it travels back: a document packed with ``marshal``."""
    key, content, result = answer
    return (key, content, _pack(result)) if isinstance(result, YamlDocument) else answer


def _settle(path: Path, answer: _Answer, cache: UnitCache | None) -> YamlDocument | CoursewareError:
    """The document of an answer, taken from the cache or stored in it."""
    key, content, result = answer
    if result is None and cache is not None and key is not None:
        unit = cache.get(PARSE_SPACE, key, str(path))
        document = _from_unit(path, unit.data) if unit is not None else None
        if document is not None:
            document.digest = content
            return document
        _, content, result = _read_one(path, None)  # checked by the reader; a changed file
    if isinstance(result, bytes):
        packed, document = result, _unpack(path, result)
    elif isinstance(result, YamlDocument):
        packed, document = None, result
    else:
        assert result is not None
        return result
    document.digest = content
    if cache is not None and key is not None:
        from courseware.incremental import Unit

        cache.put(PARSE_SPACE, key, str(path), Unit(packed or _pack(document)))
    return document


def _unit_key(path: Path, content: str) -> str:
    """Cache key of a file's parse: its bytes' digest, where it is shown, the toolkit."""
    from courseware.incremental import toolkit_fingerprint

    text = f"{content}\0{display_path(path)}\0{toolkit_fingerprint()}"
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _pack(document: YamlDocument) -> bytes:
    where = document.positions
    file = str(where.file) if where.file is not None else None
    return marshal.dumps((document.data, file, where.packed()))


def _from_unit(path: Path, packed: bytes) -> YamlDocument | None:
    """The document a cache unit holds; None if it is not one (the file is parsed)."""
    try:
        return _unpack(path, packed)
    except (EOFError, ValueError, TypeError):
        return None


def _runs(paths: Sequence[Path], count: int) -> list[list[Path]]:
    """``paths`` cut into about ``count`` consecutive runs of about the same bytes."""
    sizes = []
    for path in paths:
        try:
            sizes.append(path.stat().st_size + 1)
        except OSError:
            sizes.append(1)  # reading it reports the problem
    share = sum(sizes) / count
    runs: list[list[Path]] = [[]]
    filled = 0
    for path, size in zip(paths, sizes, strict=True):
        if filled >= share * len(runs):
            runs.append([])
        runs[-1].append(path)
        filled += size
    return runs


def _unpack(path: Path, packed: bytes) -> YamlDocument:
    data, file, places = marshal.loads(packed)
    if not isinstance(places, bytes):
        raise TypeError("not a parse of this toolkit")
    return YamlDocument(path, data, Positions(Path(file) if file else None, packed=places))


def read_yaml(path: Path) -> YamlDocument:
    """Read and parse a YAML file with size and encoding checks."""
    return parse_yaml(_decode(_read_bytes(path), path), path)


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
                f"file is {size:,} bytes; course files are limited to {MAX_FILE_BYTES:,}",
                SourceSpan(display_path(path), 1, 1),
                hint="split it into several lesson or bank files",
                code="file-too-large",
            )
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CoursewareError(
            Issue(
                "error",
                f"cannot read the file: {exc.strerror or exc}",
                SourceSpan(display_path(path), 1, 1),
                code="unreadable",
            )
        ) from None
