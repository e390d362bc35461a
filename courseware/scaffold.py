"""``courseware new``: a small, valid course to start from, in Spanish or English."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from courseware.errors import CoursewareError, Issue
from courseware.i18n import says

_TEXT = {
    "es": {
        "title": "Mi curso",
        "description": "Describe aquí de qué trata el curso y qué lograrán quienes lo tomen.",
        "audience": "Instructoras e instructores de comercio electrónico.",
        "objective": "Explicar en sus propias palabras la idea central del curso.",
        "module": "Primer módulo",
        "lesson": "Introducción",
        "body": "Escribe el contenido de la lección en **Markdown**.",
        "tip": "Cada bloque tiene un `type`. Prueba `callout`, `image`, `table` o `activity`.",
        "bank": "Preguntas del curso",
        "prompt": "¿Qué formato usa courseware para escribir las lecciones?",
        "right": "YAML con Markdown",
        "wrong1": "Solo PDF",
        "wrong2": "Hojas de cálculo",
        "check": "Comprueba lo aprendido",
        "author": "Tu nombre",
        "module_id": "modulo-1",
        "lesson_id": "introduccion",
        "lesson_file": "lessons/01-introduccion.yaml",
        "bank_id": "preguntas",
        "bank_file": "banks/preguntas.yaml",
        "question_id": "p-formato",
    },
    "en": {
        "title": "My course",
        "description": "Describe what the course is about and what learners will achieve.",
        "audience": "E-commerce instructors.",
        "objective": "Explain the course's central idea in their own words.",
        "module": "First module",
        "lesson": "Introduction",
        "body": "Write the lesson content in **Markdown**.",
        "tip": "Every block has a `type`. Try `callout`, `image`, `table` or `activity`.",
        "bank": "Course questions",
        "prompt": "Which format does courseware use to write lessons?",
        "right": "YAML with Markdown",
        "wrong1": "PDF only",
        "wrong2": "Spreadsheets",
        "check": "Check what you learned",
        "author": "Your name",
        "module_id": "module-1",
        "lesson_id": "introduction",
        "lesson_file": "lessons/01-introduction.yaml",
        "bank_id": "questions",
        "bank_file": "banks/questions.yaml",
        "question_id": "q-format",
    },
}

_COURSE = """\
# yaml-language-server: $schema={schema}/course.schema.json
id: {id}
title: {title}
language: {language}
version: "0.1.0"
authors:
  - name: {author}
license: CC-BY-4.0
description: >-
  {description}
audience: >-
  {audience}
objectives:
  - id: obj-1
    text: {objective}
modules:
  - id: {module_id}
    title: {module}
    lessons:
      - {lesson_file}
banks:
  - {bank_file}
"""

_LESSON = """\
# yaml-language-server: $schema={schema}/lesson.schema.json
id: {lesson_id}
title: {lesson}
duration: 15 min
objectives: [obj-1]
blocks:
  - type: text
    body: |
      {body}
  - type: callout
    kind: tip
    body: {tip}
  - type: knowledge_check
    title: {check}
    questions: [{question_id}]
"""

_BANK = """\
# yaml-language-server: $schema={schema}/bank.schema.json
id: {bank_id}
title: {bank}
questions:
  - id: {question_id}
    type: single_choice
    prompt: {prompt}
    objectives: [obj-1]
    choices:
      - text: {right}
        correct: true
      - text: {wrong1}
      - text: {wrong2}
"""


PLACEHOLDER_FIELDS = ("title", "author", "description", "audience", "objective", "body")
"""Texts of a new course that the author is meant to replace."""


def placeholders() -> dict[str, str]:
    """Every placeholder text ``new`` writes (any language), with the field it fills."""
    return {text[field]: field for text in _TEXT.values() for field in PLACEHOLDER_FIELDS}


def slugify(text: str) -> str:
    """ASCII id from any text: "Mi Curso Ñandú" -> "mi-curso-nandu"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return slug or "curso"


def create_course(
    path: Path, *, language: str = "es-MX", title: str | None = None, schema_dir: str | None = None
) -> list[Path]:
    """Write a new course folder; refuse to overwrite an existing course."""
    if (path / "course.yaml").exists():
        raise CoursewareError(
            Issue(
                "error",
                says("cli.new.exists", path=path),
                hint=says("cli.new.exists.hint"),
                code="exists",
            )
        )
    text = _TEXT["es" if language.lower().startswith("es") else "en"]
    if schema_dir is None:
        from courseware.schema import write_schemas

        schemas = path / ".schema"
        write_schemas(schemas)
        schema_dir = ".schema"
        lesson_schema = "../.schema"
    else:
        lesson_schema = f"../{schema_dir}"
    values = {
        **text,
        "id": slugify(path.name),
        "title": title or text["title"],
        "language": language,
    }
    files = {
        "course.yaml": _COURSE.format(schema=schema_dir, **values),
        text["lesson_file"]: _LESSON.format(schema=lesson_schema, **values),
        text["bank_file"]: _BANK.format(schema=lesson_schema, **values),
    }
    created = []
    for relpath, content in files.items():
        target = path / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
        created.append(target)
    (path / "media").mkdir(exist_ok=True)
    (path / "seeds").mkdir(exist_ok=True)
    return created
