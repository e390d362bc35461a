"""Load a course folder: YAML files -> plain data with positions -> validated models."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from courseware.errors import CoursewareError, Issue, SourceSpan
from courseware.load.locate import issues_from_validation, walk_loc
from courseware.load.paths import PathEscapeError, resolve_inside
from courseware.load.yaml import DataPath, Positions, YamlDocument, display_path, read_yaml
from courseware.model import Course, QuizBank
from courseware.model.base import Node

if TYPE_CHECKING:
    from courseware.background import Background

COURSE_FILE = "course.yaml"


@dataclass
class LoadedCourse:
    """A validated course with its folder and the warnings found while loading."""

    course: Course
    root: Path
    warnings: list[Issue] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    teaching: Background[list[Issue]] | None = None
    """The teaching warnings, still being worked out (``load_course(lint="background")``)."""


def attach_spans(obj: Any, path: DataPath, positions: Positions) -> None:
    """Let every model object find its span (and its fields') in ``positions`` when asked."""
    stack: list[tuple[Any, Positions, DataPath]] = [(obj, *positions.part(path))]
    while stack:
        item, where, at = stack.pop()
        if isinstance(item, Node):
            if at in where.parts:
                where, at = where.parts[at], ()
            item._where = (where, at)
            for name in type(item).model_fields:
                value = getattr(item, name)
                if isinstance(value, Node | list):
                    stack.append((value, where, (*at, name)))
        elif isinstance(item, list):
            stack.extend(
                (value, where, (*at, index))
                for index, value in enumerate(item)
                if isinstance(value, Node | list)
            )


def _read(path: Path, issues: list[Issue]) -> YamlDocument | None:
    try:
        return read_yaml(path)
    except CoursewareError as exc:
        issues.extend(exc.issues)
        return None


def _include(
    root: Path,
    reference: Any,
    where: DataPath,
    positions: Positions,
    issues: list[Issue],
    files: list[Path],
    what: str,
) -> tuple[Any, bool]:
    """Replace a path string by the mapping in that file; return (data, ok)."""
    if not isinstance(reference, str):
        return reference, True
    span = positions.value(where)
    try:
        target = resolve_inside(root, reference)
    except PathEscapeError as exc:
        issues.append(Issue("error", str(exc), span, code="path-escape"))
        return None, False
    if target.suffix not in (".yaml", ".yml"):
        issues.append(
            Issue(
                "error", f"{what} file {reference!r} must be a .yaml file", span, code="bad-include"
            )
        )
        return None, False
    if not target.is_file():
        issues.append(
            Issue(
                "error",
                f"{what} file {reference!r} not found",
                span,
                hint=f"looked for {display_path(target)}",
                code="missing-file",
            )
        )
        return None, False
    document = _read(target, issues)
    if document is None:
        return None, False
    files.append(target)
    if not isinstance(document.data, dict):
        issues.append(
            Issue(
                "error",
                f"{what} file must hold a mapping (key: value lines)",
                SourceSpan(display_path(target), 1, 1),
                code="wrong-type",
            )
        )
        return None, False
    positions.merge(where, document.positions)
    return document.data, True


def _validate(
    model: type[BaseModel],
    data: Any,
    positions: Positions,
    skip: set[DataPath],
    issues: list[Issue],
) -> Any:
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


def load_course(course_dir: Path | str, *, lint: bool | str = True) -> LoadedCourse:
    """Load and validate a course folder; raise CoursewareError listing every problem.

    ``lint`` False leaves out the teaching warnings; "background" works them out in a
    forked child, from when the course is validated (:attr:`LoadedCourse.teaching`).

    The cyclic garbage collector is paused meanwhile. Why: loading makes hundreds of
    thousands of small objects, all alive until the end and free of cycles, so every
    collection the allocations trigger is wasted work (about 20% of the load of 1,000
    lessons); reference counting still frees what is dropped.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _load_course(Path(course_dir), lint)
    finally:
        if paused:
            gc.enable()


def _load_course(root: Path, lint: bool | str) -> LoadedCourse:
    from courseware.checks import check_course  # cross-reference checks need the full model

    course_file = root / COURSE_FILE
    if not course_file.is_file():
        raise CoursewareError(
            Issue(
                "error",
                f"no {COURSE_FILE} in {display_path(root)}",
                None,
                hint="run `courseware new <folder>` to start a course",
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
                "course.yaml must hold a mapping (key: value lines)",
                SourceSpan(display_path(course_file), 1, 1),
                code="wrong-type",
            )
        )
    skip: set[DataPath] = set()
    modules = data.get("modules")
    for m, module in enumerate(modules if isinstance(modules, list) else []):
        if isinstance(module, dict) and isinstance(module.get("lessons"), list):
            for j, ref in enumerate(module["lessons"]):
                lesson_at: DataPath = ("modules", m, "lessons", j)
                module["lessons"][j], ok = _include(
                    root, ref, lesson_at, positions, issues, files, "lesson"
                )
                if not ok:
                    skip.add(lesson_at)
    if "banks" not in data:
        bank_dir = root / "banks"
        bank_refs = (
            sorted(str(p.relative_to(root)) for p in bank_dir.glob("*.y*ml"))
            if bank_dir.is_dir()
            else []
        )
        data["banks"] = bank_refs
        for k in range(len(bank_refs)):
            positions.values[("banks", k)] = SourceSpan(display_path(course_file), 1, 1)
    banks = data.get("banks")
    if isinstance(banks, list):
        for k, ref in enumerate(banks):
            bank_at: DataPath = ("banks", k)
            banks[k], ok = _include(root, ref, bank_at, positions, issues, files, "bank")
            if not ok:
                skip.add(bank_at)
    course = _validate(Course, data, positions, skip, issues)
    if not isinstance(course, Course) or issues:
        raise CoursewareError(issues)
    attach_spans(course, (), positions)
    teaching = None
    if lint == "background":
        from courseware.background import Background
        from courseware.lint import lint_course

        # Started before the checks: they and the teaching rules then use both cores.
        teaching = Background(lint_course, course, root)
    findings = check_course(course, root, lint=lint is True)
    errors = [i for i in findings if i.severity == "error"]
    if errors:
        if teaching is not None:
            teaching.cancel()
        raise CoursewareError(findings)
    warnings = [i for i in findings if i.severity == "warning"]
    return LoadedCourse(course, root, warnings, files, teaching)


def load_bank(path: Path | str) -> QuizBank:
    """Load one quiz bank file on its own (for export-quiz)."""
    file = Path(path)
    issues: list[Issue] = []
    if not file.is_file():
        raise CoursewareError(
            Issue("error", f"bank file {display_path(file)} not found", code="missing-file")
        )
    document = _read(file, issues)
    if document is None:
        raise CoursewareError(issues)
    bank = _validate(QuizBank, document.data, document.positions, set(), issues)
    if not isinstance(bank, QuizBank) or issues:
        raise CoursewareError(issues)
    attach_spans(bank, (), document.positions)
    from courseware.checks import check_bank

    problems = [i for i in check_bank(bank, None) if i.severity == "error"]
    if problems:
        raise CoursewareError(problems)
    return bank
