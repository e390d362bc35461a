"""Diagnostics: where a problem is, what it is, and the exception that carries a batch of them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class SourceSpan:
    """A position in a source file; line and column are 1-based."""

    path: Path
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Issue:
    """One diagnostic: severity, message, optional span and a hint on what was expected."""

    severity: Severity
    message: str
    span: SourceSpan | None = None
    hint: str | None = None
    code: str = "invalid"
    related: tuple[SourceSpan, ...] = field(default=())

    def format(self) -> str:
        """Render as ``file:line:col: severity: message``."""
        where = f"{self.span}: " if self.span else ""
        return f"{where}{self.severity}: {self.message}"

    def relative_to(self, root: Path) -> Issue:
        """The same issue with file paths relative to ``root`` (for files a build writes).

        Why: a report inside the build must not depend on where the course folder lies.
        """

        def rel(span: SourceSpan) -> SourceSpan:
            try:
                path = Path(span.path).resolve().relative_to(root.resolve())
            except ValueError:
                return span
            return SourceSpan(path, span.line, span.column)

        return replace(
            self,
            span=rel(self.span) if self.span else None,
            related=tuple(rel(s) for s in self.related),
        )

    def to_json(self) -> dict[str, object]:
        """A plain dict for ``--format json``."""
        return {
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            "file": str(self.span.path) if self.span else None,
            "line": self.span.line if self.span else None,
            "column": self.span.column if self.span else None,
            "related": [
                {"file": str(s.path), "line": s.line, "column": s.column} for s in self.related
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Issue:
        """The issue :meth:`to_json` describes (for issues kept in the build cache)."""
        file, line, column = data.get("file"), data.get("line"), data.get("column")
        span = SourceSpan(Path(file), int(line), int(column)) if file and line and column else None
        related = tuple(
            SourceSpan(Path(r["file"]), int(r["line"]), int(r["column"]))
            for r in data.get("related") or []
        )
        return cls(
            data["severity"],
            str(data["message"]),
            span,
            hint=data.get("hint"),
            code=str(data.get("code") or "invalid"),
            related=related,
        )


class CoursewareError(Exception):
    """A user-facing failure carrying one or more diagnostics (never a bug)."""

    def __init__(self, issues: list[Issue] | Issue) -> None:
        self.issues = [issues] if isinstance(issues, Issue) else list(issues)
        super().__init__("\n".join(i.format() for i in self.issues))

    def __reduce__(self) -> tuple[type[CoursewareError], tuple[list[Issue]]]:
        """Pickle by the issues (a worker process sends its error back whole)."""
        return (type(self), (self.issues,))

    @property
    def errors(self) -> list[Issue]:
        """Only the issues of severity ``error``."""
        return [i for i in self.issues if i.severity == "error"]
