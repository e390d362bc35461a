"""The import graph: no cycle, and the layers of the build (load, then checks, then lint)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "courseware"


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """The courseware modules a module imports, wherever (top level or in a function).

    ``from package import submodule`` counts as the submodule; a module's own packages
    are not counted (Python imports them before the module in any case).
    """
    name = next(n for n, p in MODULES.items() if p == path)
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            subs = {f"{node.module}.{a.name}" for a in node.names}
            found |= subs & MODULES.keys() or {node.module}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    own = {name.rsplit(".", k)[0] for k in range(1, name.count(".") + 1)}
    return {m for m in found if m in MODULES and m not in own and m != name}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while (top := stack.pop()) != node:
                group.append(top)
            if group:
                groups.append(sorted([node, *group]))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_no_module_imports_itself_back_through_others() -> None:
    graph = {name: _imports(path) for name, path in MODULES.items()}
    assert _cycles(graph) == []


def test_loading_knows_nothing_of_checks_or_lint_and_checks_nothing_of_lint() -> None:
    graph = {name: _imports(path) for name, path in MODULES.items()}
    loading = [n for n in graph if n == "courseware.load" or n.startswith("courseware.load.")]
    for name in loading:
        assert not graph[name] & {"courseware.checks", "courseware.lint"}, name
    assert "courseware.lint" not in graph["courseware.checks"]


def test_loading_a_course_starts_no_process_and_imports_no_check() -> None:
    sample = PACKAGE.parent / "courses" / "aldeas-digitales"
    code = (
        "import sys, threading\n"
        "from courseware import load_course\n"
        f"load_course({str(sample)!r})\n"
        "print(sorted(m for m in ('courseware.checks', 'courseware.lint', 'multiprocessing')"
        " if m in sys.modules), threading.active_count())\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.stdout.strip() == "[] 1", run.stderr[-3000:]
