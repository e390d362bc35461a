"""The build report: what each target lost, per question, as JSON and Markdown."""

from __future__ import annotations

import json
from collections import defaultdict

from courseware.errors import Issue
from courseware.export.common import Loss
from courseware.i18n import messages


def report_json(losses: list[Loss], issues: list[Issue]) -> bytes:
    """Losses grouped by target then question (in English, for tools), plus the issues, as JSON."""
    by_target: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for loss in losses:
        by_target[loss.target][loss.question_id].append(loss.what)
    data = {
        "losses": {t: {q: w for q, w in qs.items()} for t, qs in sorted(by_target.items())},
        "issues": [i.to_json() for i in issues],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def report_markdown(losses: list[Loss], issues: list[Issue], *, language: str = "en") -> bytes:
    """The same report as Markdown, for people: every line in ``language`` (or its fallback)."""
    say = messages(language)
    title, nothing, problems = (say(f"quiz_report.{k}") for k in ("title", "nothing", "problems"))
    lines = [title, ""]
    by_target: dict[str, list[Loss]] = defaultdict(list)
    for loss in losses:
        by_target[loss.target].append(loss)
    if not by_target:
        lines += [nothing, ""]
    for target in sorted(by_target):
        lines += [f"## {target}", ""]
        lines += [f"- `{loss.question_id}`: {loss.text(language)}" for loss in by_target[target]]
        lines.append("")
    if issues:
        lines += [f"## {problems}", ""]
        lines += [f"- {issue.format()}" for issue in issues]
        lines.append("")
    return "\n".join(lines).encode("utf-8")
