"""Write small or very long synthetic courses for the package tests."""

from __future__ import annotations

from pathlib import Path

import yaml


def write_course(
    folder: Path,
    *,
    lessons: int,
    modules: int = 1,
    checks_per_lesson: int = 0,
    quiz_picks: int = 0,
    quiz_draw: tuple[int, int] | None = None,
    completion: str = "all_lessons",
    course_id: str = "sintetico",
) -> Path:
    """A course folder with ``lessons`` lessons over ``modules`` modules.

    Each lesson has a text block and ``checks_per_lesson`` single-choice knowledge
    checks. With ``quiz_picks`` or ``quiz_draw`` = (draw, pool size), a final quiz.
    """
    folder.mkdir(parents=True, exist_ok=True)
    questions = []
    lesson_data = []
    for n in range(lessons):
        ids = [f"kc-{n}-{k}" for k in range(checks_per_lesson)]
        questions += [_question(qid, "practica") for qid in ids]
        blocks: list[dict[str, object]] = [
            {"type": "text", "body": f"Texto de la lección {n + 1}."}
        ]
        if ids:
            blocks.append({"type": "knowledge_check", "questions": ids})
        lesson_data.append(
            {
                "id": f"leccion-{n + 1:03d}",
                "title": f"Lección {n + 1}",
                "objectives": ["obj-1"],
                "blocks": blocks,
            }
        )
    per = -(-lessons // modules)
    course: dict[str, object] = {
        "id": course_id,
        "title": "Curso sintético",
        "language": "es-MX",
        "version": "1.0.0",
        "date": "2026-01-15",
        "authors": [{"name": "Pruebas"}],
        "license": "CC-BY-4.0",
        "description": "Un curso generado para las pruebas.",
        "audience": "Pruebas automáticas.",
        "objectives": [{"id": "obj-1", "text": "Recorrer todas las lecciones."}],
        "settings": {"completion": completion, "passing_score": 0.7},
        "modules": [
            {
                "id": f"modulo-{m + 1}",
                "title": f"Módulo {m + 1}",
                "lessons": lesson_data[m * per : (m + 1) * per],
            }
            for m in range(modules)
            if lesson_data[m * per : (m + 1) * per]
        ],
    }
    items: list[dict[str, object]] = []
    if quiz_picks:
        picks = [f"final-{k}" for k in range(quiz_picks)]
        questions += [_question(qid, "final") for qid in picks]
        items += [{"question": qid} for qid in picks]
    if quiz_draw:
        draw, pool = quiz_draw
        questions += [_question(f"pool-{k}", "pool") for k in range(pool)]
        items.append({"draw": draw, "category": "pool"})
    if questions:
        bank: dict[str, object] = {
            "id": "banco",
            "title": "Banco",
            "categories": [{"id": c, "title": c} for c in ("practica", "final", "pool")],
            "questions": questions,
        }
        if items:
            bank["quizzes"] = [
                {"id": "examen", "title": "Examen final", "items": items, "attempts": 3}
            ]
            course["settings"] = {**course["settings"], "final_quiz": "examen"}  # type: ignore[dict-item]
        (folder / "banks").mkdir(exist_ok=True)
        (folder / "banks" / "banco.yaml").write_text(
            yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        course["banks"] = ["banks/banco.yaml"]
    (folder / "course.yaml").write_text(
        yaml.safe_dump(course, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return folder


def _question(qid: str, category: str) -> dict[str, object]:
    return {
        "id": qid,
        "type": "single_choice",
        "prompt": f"Pregunta {qid}",
        "category": category,
        "objectives": ["obj-1"],
        "choices": [
            {"text": "Correcta", "correct": True},
            {"text": "Incorrecta"},
            {"text": "Otra"},
        ],
    }
