"""JSON: the whole bank (ready questions) with each question's answer key from the scoring
module.
"""

from __future__ import annotations

import json
from typing import Any

from courseware.export.common import Env, ExportResult
from courseware.scoring import answer_key


def export_json(env: Env) -> ExportResult:
    """``<bank-id>.json``: bank fields, categories, questions (+ ``answer_key``) and quizzes."""
    bank = env.bank
    data: dict[str, Any] = bank.model_dump(
        mode="json", exclude_none=True, exclude={"questions", "quizzes"}
    )
    data["questions"] = [
        {**q.model_dump(mode="json", exclude_none=True), "answer_key": answer_key(q)}
        for q in env.questions
    ]
    data["quizzes"] = [quiz.model_dump(mode="json", exclude_none=True) for quiz in bank.quizzes]
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return env.result({f"{bank.id}.json": text.encode("utf-8")})
