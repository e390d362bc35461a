"""Checks of interactive blocks that a schema cannot express.

A scenario is a graph: every choice must lead to a node of the same scenario, every node
must be reachable from the start, and from every node some ending must be reachable (no
loop without a way out). A sort must not list one item under two categories. A video's
cues must ask questions the banks have.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from courseware.errors import Issue, SourceSpan
from courseware.i18n import says
from courseware.model import Course
from courseware.model.blocks import ScenarioBlock, ScenarioNode, SortBlock, VideoBlock


def block_issues(course: Course) -> list[Issue]:
    """Every problem of the scenarios and sorts of the course's lessons."""
    issues: list[Issue] = []
    questions = course.questions()
    for lesson in course.lessons():
        for block in lesson.blocks:
            if isinstance(block, ScenarioBlock):
                issues.extend(scenario_issues(block))
            elif isinstance(block, SortBlock):
                issues.extend(sort_issues(block))
            elif isinstance(block, VideoBlock):
                issues.extend(cue_issues(block, questions))
    return issues


def cue_issues(block: VideoBlock, questions: dict[str, object]) -> list[Issue]:
    """Cues naming no question of the banks, or a draft one."""
    issues: list[Issue] = []
    for cue in block.cues:
        question = questions.get(cue.question)
        if question is None:
            fields = {"at": f"{cue.at:g}", "question": repr(cue.question)}
            message = says("check.cue.unknown", **fields)
            hint = _close(cue.question, questions) or says("check.cue.unknown.hint")
            issues.append(_error(message, cue.field_span("question"), hint, "unknown-question"))
        elif getattr(question, "status", "ready") == "draft":
            message = says("check.cue.draft", at=f"{cue.at:g}", question=repr(cue.question))
            hint = says("check.draft-question.hint")
            issues.append(_error(message, cue.field_span("question"), hint, "draft-question"))
    return issues


def _error(message: str, span: SourceSpan | None, hint: str | None, code: str) -> Issue:
    return Issue("error", message, span, hint=hint, code=code)


def scenario_issues(block: ScenarioBlock) -> list[Issue]:
    """Unknown targets, duplicate ids, unreachable nodes and nodes with no way to an ending."""
    issues: list[Issue] = []
    nodes: dict[str, ScenarioNode] = {}
    for node in block.nodes:
        if node.id in nodes:
            issues.append(
                _error(
                    says("check.scenario.duplicate", id=repr(node.id)),
                    node.field_span("id"),
                    says("check.scenario.duplicate.hint"),
                    "duplicate-id",
                )
            )
        nodes.setdefault(node.id, node)
    start = block.start or block.nodes[0].id
    if start not in nodes:
        issues.append(
            _error(
                says("check.scenario.unknown", id=repr(start)),
                block.field_span("start"),
                _hint(start, nodes),
                "unknown-node",
            )
        )
        return issues
    edges = _edges(nodes, issues)
    reached = _reach([start], edges)
    return issues + _unreached(nodes, reached, start) + _endless(nodes, edges, reached)


def _edges(nodes: dict[str, ScenarioNode], issues: list[Issue]) -> dict[str, list[str]]:
    """Node id -> the nodes its choices lead to (a choice leading nowhere is reported)."""
    edges: dict[str, list[str]] = {}
    for node in nodes.values():
        edges[node.id] = []
        for index, choice in enumerate(node.choices):
            if choice.goto in nodes:
                edges[node.id].append(choice.goto)
                continue
            issues.append(
                _error(
                    says(
                        "check.scenario.dead-choice",
                        n=index + 1,
                        node=repr(node.id),
                        goto=repr(choice.goto),
                    ),
                    choice.field_span("goto"),
                    _hint(choice.goto, nodes),
                    "dead-choice",
                )
            )
    return edges


def _unreached(nodes: dict[str, ScenarioNode], reached: set[str], start: str) -> list[Issue]:
    return [
        _error(
            says("check.scenario.unreachable", node=repr(node.id), start=repr(start)),
            node.field_span("id"),
            says("check.scenario.unreachable.hint"),
            "unreachable-node",
        )
        for node in nodes.values()
        if node.id not in reached
    ]


def _endless(
    nodes: dict[str, ScenarioNode], edges: dict[str, list[str]], reached: set[str]
) -> list[Issue]:
    """Reached nodes from which no ending (a node without choices) can be reached."""
    backwards: dict[str, list[str]] = {name: [] for name in nodes}
    for source, targets in edges.items():
        for target in targets:
            backwards[target].append(source)
    ending = [node.id for node in nodes.values() if not node.choices]
    can_end = _reach(ending, backwards)
    return [
        _error(
            says("check.scenario.no-ending", node=repr(node.id)),
            node.field_span("id"),
            says("check.scenario.no-ending.hint"),
            "no-ending",
        )
        for node in nodes.values()
        if node.id in reached and node.id not in can_end
    ]


def _reach(starts: Iterable[str], edges: dict[str, list[str]]) -> set[str]:
    seen: set[str] = set()
    stack = list(starts)
    while stack:
        name = stack.pop()
        if name not in seen:
            seen.add(name)
            stack.extend(edges.get(name, ()))
    return seen


def _close(name: str, known: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(name, list(known), n=1)
    return says("check.did_you_mean", name=repr(close[0])) if close else None


def _hint(name: str, known: Iterable[str]) -> str:
    return _close(name, known) or says("check.scenario.known", ids=", ".join(sorted(known)))


def sort_issues(block: SortBlock) -> list[Issue]:
    """An item listed under two categories (or twice in one) cannot be scored."""
    issues: list[Issue] = []
    seen: dict[str, str] = {}
    for category in block.categories:
        for index, item in enumerate(category.items):
            key = " ".join(item.split()).casefold()
            if key in seen:
                issues.append(
                    _error(
                        says("check.sort.duplicate", item=repr(item), category=repr(seen[key])),
                        category.item_span("items", index),
                        says("check.sort.duplicate.hint"),
                        "duplicate-item",
                    )
                )
            seen.setdefault(key, category.title)
    return issues
