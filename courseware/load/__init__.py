"""Load a course folder: YAML files -> plain data with positions -> validated models."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from courseware.errors import CoursewareError, Issue, SourceSpan
from courseware.i18n import says
from courseware.load.paths import PathEscapeError, forget_folders, is_file, resolve_inside
from courseware.load.yaml import DataPath, Positions, YamlDocument, display_path, read_yaml

if TYPE_CHECKING:
    from pydantic import BaseModel

    from courseware.model import Course, QuizBank

COURSE_FILE = "course.yaml"


@dataclass
class LoadedCourse:
    """A course valid field by field, with its folder and the files it was read from.

    The cross-reference and file checks are not run here (:func:`courseware.check_course`).
    """

    course: Course
    root: Path
    files: list[Path] = field(default_factory=list)
    sources: dict[DataPath, tuple[str, str]] = field(default_factory=dict)
    """(path as written, blake2b of the bytes) of each included file, by where its data went.

    A lesson read from a file is all in that file (its model validators look no further),
    so a page key can hold this pair instead of the lesson dumped again.
    """


def attach_spans(obj: Any, path: DataPath, positions: Positions) -> None:
    """Let every model object find its span (and its fields') in ``positions`` when asked."""
    from courseware.model.base import Node, node_fields

    stack: list[tuple[Any, Positions, DataPath]] = [(obj, *positions.part(path))]
    pop, push = stack.pop, stack.append
    nesting = (Node, list)  # a tuple: isinstance checks it faster than a union
    while stack:
        item, where, at = pop()
        if isinstance(item, Node):
            if at in where.parts:
                where, at = where.parts[at], ()
            item.locate(where, at)
            for name in node_fields(type(item)):
                value = getattr(item, name)
                if isinstance(value, nesting):
                    push((value, where, (*at, name)))
        elif isinstance(item, list):
            for index, value in enumerate(item):
                if isinstance(value, nesting):
                    push((value, where, (*at, index)))


def _read(path: Path, issues: list[Issue]) -> YamlDocument | None:
    try:
        return read_yaml(path)
    except CoursewareError as exc:
        issues.extend(exc.issues)
        return None


def _target(root: Path, reference: str, span: SourceSpan | None, what: str) -> Path | Issue:
    """The file a path string names, or the problem with it."""
    try:
        target = resolve_inside(root, reference)
    except PathEscapeError as exc:
        hint = says("check.path-escape.hint")
        return Issue("error", str(exc), span, hint=hint, code="path-escape")
    kind = says(f"load.what.{what}")
    if target.suffix not in (".yaml", ".yml"):
        message = says("load.bad-include", what=kind, path=repr(reference))
        hint = says("load.bad-include.hint")
        return Issue("error", message, span, hint=hint, code="bad-include")
    if not is_file(target):
        return Issue(
            "error",
            says("load.missing-file", what=kind, path=repr(reference)),
            span,
            hint=says("load.missing-file.hint", path=display_path(target)),
            code="missing-file",
        )
    return target


def _graft(
    document: YamlDocument | CoursewareError,
    where: DataPath,
    positions: Positions,
    issues: list[Issue],
    what: str,
) -> tuple[Any, bool]:
    """The mapping an included file holds, its positions grafted at ``where``; (data, ok)."""
    if isinstance(document, CoursewareError):
        issues.extend(document.issues)
        return None, False
    if not isinstance(document.data, dict):
        issues.append(
            Issue(
                "error",
                says("load.not-a-mapping", what=says(f"load.what.{what}")),
                SourceSpan(display_path(document.path), 1, 1),
                hint=says("load.not-a-mapping.hint"),
                code="wrong-type",
            )
        )
        return None, False
    positions.merge(where, document.positions)
    return document.data, True


def _include_all(
    root: Path,
    includes: list[tuple[list[Any], int, DataPath, str]],
    positions: Positions,
    issues: list[Issue],
    files: list[Path],
    sources: dict[DataPath, tuple[str, str]],
) -> set[DataPath]:
    """Replace each path string ``container[index]`` by the mapping in that file.

    Returns the data paths that could not be included; ``sources`` gets the path and
    digest of each file that was. Problems are reported in the order of the references.
    """
    documents: dict[Path, YamlDocument | CoursewareError] = {}
    failed: set[DataPath] = set()
    for container, index, where, what in includes:
        reference = container[index]
        if not isinstance(reference, str):
            continue  # written inline, not a path
        target = _target(root, reference, positions.value(where), what)
        if isinstance(target, Issue):
            issues.append(target)
            container[index], ok = None, False
        else:
            if target not in documents:
                documents[target] = _read_document(target)
            document = documents[target]
            if not isinstance(document, CoursewareError):
                files.append(target)
                sources[where] = (reference, document.digest)
            container[index], ok = _graft(document, where, positions, issues, what)
        if not ok:
            failed.add(where)
    return failed


def _read_document(path: Path) -> YamlDocument | CoursewareError:
    """The document in ``path``, or the error reading it (reported where it is included)."""
    try:
        return read_yaml(path)
    except CoursewareError as exc:
        return exc


def _validate(
    model: type[BaseModel],
    data: Any,
    positions: Positions,
    skip: set[DataPath],
    issues: list[Issue],
) -> Any:
    from pydantic import ValidationError

    from courseware.load.locate import issues_from_validation, walk_loc

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        details = [
            d
            for d in exc.errors(include_url=False)
            if not any(walk_loc(model, tuple(d["loc"]))[0][: len(s)] == s for s in skip)
        ]
        issues.extend(issues_from_validation(details, model, positions))
        return None


def load_course(course_dir: Path | str) -> LoadedCourse:
    """Load a course folder and validate it field by field; raise CoursewareError listing
    every problem (at file:line). Reads files; starts no process or thread."""
    forget_folders()  # this load sees the folder as it is now
    return _load_course(course_folder(course_dir))


def course_folder(path: Path | str) -> Path:
    """The course folder ``path`` names: itself, or the folder of a ``course.yaml`` given."""
    given = Path(path)
    return given.parent if given.name == COURSE_FILE and given.is_file() else given


def _load_course(root: Path) -> LoadedCourse:
    course_file = root / COURSE_FILE
    if not course_file.is_file():
        raise CoursewareError(
            Issue(
                "error",
                says("load.no-course", file=COURSE_FILE, folder=display_path(root)),
                None,
                hint=says("load.no-course.hint"),
                code="no-course",
            )
        )
    issues: list[Issue] = []
    files = [course_file.resolve()]
    document = _read(course_file, issues)
    if document is None:
        raise CoursewareError(issues)
    data, positions = document.data, document.positions
    if not isinstance(data, dict):
        raise CoursewareError(
            Issue(
                "error",
                says("load.course-not-a-mapping"),
                SourceSpan(display_path(course_file), 1, 1),
                hint=says("load.not-a-mapping.hint"),
                code="wrong-type",
            )
        )
    includes: list[tuple[list[Any], int, DataPath, str]] = []
    modules = data.get("modules")
    for m, module in enumerate(modules if isinstance(modules, list) else []):
        if isinstance(module, dict) and isinstance(module.get("lessons"), list):
            lessons = module["lessons"]
            includes += [
                (lessons, j, ("modules", m, "lessons", j), "lesson") for j in range(len(lessons))
            ]
    if "banks" not in data:
        bank_dir = root / "banks"
        bank_refs = (
            sorted(str(p.relative_to(root)) for p in bank_dir.glob("*.y*ml"))
            if bank_dir.is_dir()
            else []
        )
        data["banks"] = bank_refs
        for k in range(len(bank_refs)):
            positions.values[("banks", k)] = (1, 1)
    banks = data.get("banks")
    if isinstance(banks, list):
        includes += [(banks, k, ("banks", k), "bank") for k in range(len(banks))]
    sources: dict[DataPath, tuple[str, str]] = {}
    skip = _include_all(root, includes, positions, issues, files, sources)
    from courseware.model import Course

    course = _validate(Course, data, positions, skip, issues)
    if not isinstance(course, Course) or issues:
        raise CoursewareError(issues)
    attach_spans(course, (), positions)
    return LoadedCourse(course, root, files, sources)


def load_bank(path: Path | str) -> QuizBank:
    """Load one quiz bank file on its own (for export-quiz), valid field by field (its
    checks: :func:`courseware.checks.check_bank`)."""
    file = Path(path)
    issues: list[Issue] = []
    if not file.is_file():
        raise CoursewareError(
            Issue(
                "error",
                says("load.no-bank", path=display_path(file)),
                hint=says("load.no-bank.hint"),
                code="missing-file",
            )
        )
    document = _read(file, issues)
    if document is None:
        raise CoursewareError(issues)
    from courseware.model import QuizBank

    bank = _validate(QuizBank, document.data, document.positions, set(), issues)
    if not isinstance(bank, QuizBank) or issues:
        raise CoursewareError(issues)
    attach_spans(bank, (), document.positions)
    return bank
