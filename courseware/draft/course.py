"""Writing a draft into a course folder: new files only, and ``course.yaml`` with ``--add``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from courseware.draft.article import Article, read_article, resolve_source
from courseware.draft.lesson import Draft, make_draft
from courseware.draft.texts import texts
from courseware.draft.yamltext import dump
from courseware.errors import CoursewareError, Issue
from courseware.i18n import says
from courseware.scaffold import slugify
from courseware.yamledit import register


@dataclass(frozen=True)
class DraftPlan:
    """What ``write_plan`` will do to a course folder, decided before anything is written."""

    course_dir: Path
    draft: Draft
    files: dict[Path, str]
    copy_source: tuple[Path, Path] | None
    source_entry: dict[str, str] | None
    add: bool
    module: str | None
    explicit_banks: bool
    next_steps: tuple[str, ...]


def _refuse(message: str, hint: str | None = None) -> CoursewareError:
    return CoursewareError(Issue("error", message, hint=hint, code="draft"))


def _course_data(course_dir: Path) -> dict[str, Any]:
    course_file = course_dir / "course.yaml"
    if not course_file.is_file():
        raise _refuse(says("draft.no-course", path=course_dir), says("draft.no-course.hint"))
    try:
        data = yaml.safe_load(course_file.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        raise _refuse(
            says("yamledit.invalid", name=course_file, error=exc), says("yamledit.invalid.hint")
        ) from None
    if not isinstance(data, dict):
        raise _refuse(says("yamledit.not-mapping", name=course_file), says("yamledit.invalid.hint"))
    return data


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def _source_entry(article: Article, source_id: str, file: str) -> dict[str, str]:
    meta = article.meta
    entry = {
        "id": source_id,
        "title": meta.get("title") or article.title,
        "publisher": meta.get("publisher") or texts(article.language)["publisher"],
    }
    for key in ("date", "author", "url"):
        if meta.get(key):
            entry[key] = meta[key]
    language = meta.get("language", "")
    if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", language):
        entry["language"] = language
    entry["file"] = file
    return entry


def _registered(data: dict[str, Any], course_dir: Path, source: Path) -> tuple[str, str] | None:
    """(id, file) of the course's source entry for this article, if it has one."""
    for entry in data.get("sources") or []:
        if not isinstance(entry, dict):
            continue
        file, sid = entry.get("file"), entry.get("id")
        if isinstance(file, str) and isinstance(sid, str) and _same_file(course_dir / file, source):
            return sid, file
    return None


def _new_source(
    data: dict[str, Any], course_dir: Path, source: Path
) -> tuple[str, str, tuple[Path, Path] | None]:
    """(id, file in the course, copy to make) for an article the course does not cite yet."""
    copy: tuple[Path, Path] | None = None
    try:
        relative = source.resolve().relative_to(course_dir.resolve()).as_posix()
    except ValueError:
        relative = f"seeds/{source.name}"
        target = course_dir / relative
        if target.exists() and not _same_file(target, source):
            raise _refuse(
                says("draft.copy-clash", target=target, source=source),
                says("draft.copy-clash.hint"),
            ) from None
        if not target.exists():
            copy = (source, target)
    taken = {s.get("id") for s in data.get("sources") or [] if isinstance(s, dict)}
    source_id = base = slugify(source.stem)[:70]
    counter = 2
    while source_id in taken:
        source_id, counter = f"{base}-{counter}", counter + 1
    return source_id, relative, copy


def _steps(
    draft: Draft, entry: dict[str, str] | None, add: bool, explicit: bool, course_dir: Path
) -> list[str]:
    steps: list[str] = []
    if not add:
        steps.append(says("draft.next.lesson", item=f"- lessons/{draft.lesson_id}.yaml"))
        if draft.bank_yaml and explicit:
            steps.append(says("draft.next.bank", item=f"- banks/{draft.bank_id}.yaml"))
        if entry is not None:
            body = "".join(
                ("    - " if i == 0 else "      ") + line + "\n"
                for i, line in enumerate(dump(entry).splitlines())
            )
            steps.append(says("draft.next.source", entry=body))
    steps.append(says("draft.next.review"))
    steps.append(says("draft.next.check", command=f"courseware check {course_dir}"))
    return steps


def plan_draft(
    source_path: Path,
    course_dir: Path,
    *,
    lesson_id: str | None = None,
    language: str | None = None,
    add: bool = False,
    module: str | None = None,
) -> DraftPlan:
    """Decide the files, source entry and course.yaml changes of a draft (writes nothing).

    ``source_path`` is read relative to the current folder, else to ``course_dir``.
    """
    data = _course_data(course_dir)
    source_path = resolve_source(source_path, course_dir)
    found = _registered(data, course_dir, source_path)
    copy: tuple[Path, Path] | None = None
    entry: dict[str, str] | None = None
    if found is None:
        source_id, relative, copy = _new_source(data, course_dir, source_path)
        entry = _source_entry(read_article(source_path), source_id, relative)
    else:
        source_id, relative = found
    course_language = data.get("language") if isinstance(data.get("language"), str) else None
    draft = make_draft(
        source_path,
        language=language or course_language,
        lesson_id=lesson_id,
        source_id=source_id,
        source_file=relative,
        cite_in_questions=entry is None or add,
    )
    files = {course_dir / "lessons" / f"{draft.lesson_id}.yaml": draft.lesson_yaml}
    if draft.bank_yaml:
        files[course_dir / "banks" / f"{draft.bank_id}.yaml"] = draft.bank_yaml
    for path in files:
        if path.exists():
            raise _refuse(
                says("draft.exists", path=path),
                says("draft.exists.hint"),
            )
    explicit = "banks" in data
    steps = _steps(draft, entry, add, explicit, course_dir)
    return DraftPlan(course_dir, draft, files, copy, entry, add, module, explicit, tuple(steps))


def add_to_course(text: str, plan: DraftPlan) -> str:
    """course.yaml text with the draft's lesson, bank and source registered in place."""
    return register(
        text,
        lesson=f"lessons/{plan.draft.lesson_id}.yaml",
        module=plan.module,
        bank=f"banks/{plan.draft.bank_id}.yaml" if plan.draft.bank_yaml else None,
        source=plan.source_entry,
    )


def write_plan(plan: DraftPlan) -> list[Path]:
    """Write a planned draft: new files only, plus course.yaml entries when ``plan.add``."""
    course_file = plan.course_dir / "course.yaml"
    updated = add_to_course(course_file.read_text(encoding="utf-8-sig"), plan) if plan.add else None
    written: list[Path] = []
    if plan.copy_source is not None:
        origin, target = plan.copy_source
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(origin.read_bytes())
        written.append(target)
    for path, content in plan.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as out:
            out.write(content)
        written.append(path)
    if updated is not None:
        course_file.write_text(updated, encoding="utf-8", newline="")
        written.append(course_file)
    return written


def write_draft(
    source_path: Path,
    course_dir: Path,
    *,
    lesson_id: str | None = None,
    language: str | None = None,
    add: bool = False,
    module: str | None = None,
) -> list[Path]:
    """Write ``lessons/<id>.yaml`` and ``banks/<id>-borrador.yaml``; never overwrite."""
    plan = plan_draft(
        source_path, course_dir, lesson_id=lesson_id, language=language, add=add, module=module
    )
    return write_plan(plan)
