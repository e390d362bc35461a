"""What crosses to a worker process and back: one document to draw, and what drawing gave.

Plain data only, and a light import: a worker that draws PDFs imports this module, not the
planner (which needs the course model, the templates and the loader).
"""

from __future__ import annotations

from dataclasses import dataclass

PDF_VARIANT = "pdf/ua-1"
"""Tagged PDF with the structure screen readers need (WeasyPrint's PDF/UA-1 variant)."""


@dataclass(frozen=True)
class PdfJob:
    """One PDF to draw: where it goes, its HTML and what the fetcher may read."""

    relpath: str
    html: str
    base_url: str
    roots: tuple[str, ...]
    identifier: bytes

    def cost(self) -> int:
        """A rough size, to start the longest documents first."""
        return len(self.html)


@dataclass(frozen=True)
class PdfResult:
    """What drawing one document gave: the PDF, or a refused URL or an error."""

    relpath: str
    pdf: bytes | None
    error: str | None = None
    refused: str | None = None
    warnings: tuple[str, ...] = ()
    seconds: float = 0.0
