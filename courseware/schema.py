"""JSON Schemas for editors, generated from the pydantic models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from courseware.model import Course, Lesson, QuizBank

FILE_REFERENCE = {
    "type": "string",
    "pattern": r"\.ya?ml$",
    "description": "Path of a YAML file inside the course folder.",
}


def _allow_file_refs(schema: dict[str, Any]) -> None:
    """Course files may list lesson and bank files by path instead of inline mappings."""
    props = schema["properties"]
    props["banks"]["items"] = {"anyOf": [props["banks"]["items"], FILE_REFERENCE]}
    module = schema["$defs"]["Module"]["properties"]["lessons"]
    module["items"] = {"anyOf": [module["items"], FILE_REFERENCE]}


def json_schemas() -> dict[str, dict[str, Any]]:
    """Schemas for course.yaml, lesson files and bank files."""
    course = Course.model_json_schema()
    _allow_file_refs(course)
    out = {
        "course": course,
        "lesson": Lesson.model_json_schema(),
        "bank": QuizBank.model_json_schema(),
    }
    for name, schema in out.items():
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"courseware/{name}.schema.json"
    return out


def write_schemas(directory: Path) -> list[Path]:
    """Write ``<name>.schema.json`` files into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in json_schemas().items():
        path = directory / f"{name}.schema.json"
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
