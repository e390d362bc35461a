"""Print options and names: strings, paper size, output paths, the build time."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from typing import Literal

from courseware.i18n import messages
from courseware.model import Course, Lesson
from courseware.model.quiz import Quiz
from courseware.parallel import workers_for

PageSize = Literal["A4", "Letter"]
LETTER_REGIONS = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "DO", "PR"})
"""Regions whose printers and shops use US Letter ("carta"); others get A4."""


# --- strings -----------------------------------------------------------------------------


class Strings:
    """UI strings for print: the page labels shared with HTML, then the ``print.*`` ones."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._messages = messages(language)

    def __call__(self, key: str, /, **fields: object) -> str:
        """The string for ``key`` with ``{name}`` fields filled in; a missing key is a bug."""
        strings = self._messages.strings
        full = key if not key.startswith("file.") and key in strings else f"print.{key}"
        if full not in strings:
            raise KeyError(f"no print string {key!r} for language {self.language!r}")
        return self._messages(full, **fields)  # with the plural form of ``n``

    def duration(self, minutes: int) -> str:
        """``45 min``, ``2 h``, ``1 h 30 min``."""
        return self._messages.duration(minutes)

    def date(self, text: str) -> str:
        """``2026-11-25`` -> ``25 de noviembre de 2026``; anything else stays as it is."""
        return self._messages.date(text)


# --- options and names -------------------------------------------------------------------


@dataclass(frozen=True)
class PdfOptions:
    """How to print: paper size (None: by the course's region) and worker processes."""

    page_size: PageSize | None = None
    jobs: int | None = None
    """Processes that draw PDFs at once (``--jobs``); None: every core; 1: this process."""
    source_date_epoch: int | None = None
    """Fixed build time; None reads ``SOURCE_DATE_EPOCH``, then the course ``date``."""

    def workers(self) -> int:
        """How many processes to use."""
        return workers_for(self.jobs)


def page_size_from(text: str | None) -> PageSize | None:
    """``"a4"``, ``"A4"``, ``"letter"``, ``"carta"`` -> a page size; None or "auto" -> None."""
    if text is None or text.strip().lower() in ("", "auto"):
        return None
    folded = text.strip().lower()
    if folded == "a4":
        return "A4"
    if folded in ("letter", "us-letter", "carta"):
        return "Letter"
    raise ValueError(f"unknown page size {text!r}; choose A4 or Letter")


def default_page_size(language: str) -> PageSize:
    """US Letter where the language tag names a region that uses it (es-MX, en-US), else A4."""
    region = next((p for p in language.split("-")[1:] if len(p) == 2), "")
    return "Letter" if region.upper() in LETTER_REGIONS else "A4"


@dataclass(frozen=True)
class PdfNames:
    """Output paths of the documents, named in the course language."""

    course_id: str
    language: str

    def _s(self, key: str) -> str:
        return Strings(self.language)(f"file.{key}")

    def handout(self, number: int, lesson: Lesson) -> str:
        """``lecciones/01-<lesson-id>.pdf``: numbered so the files sort in course order."""
        return f"{self._s('handouts')}/{number:02d}-{lesson.id}.pdf"

    @property
    def workbook(self) -> str:
        """``<course-id>-cuaderno.pdf``."""
        return f"{self.course_id}-{self._s('workbook')}.pdf"

    @property
    def guide(self) -> str:
        """``<course-id>-guia-instructores.pdf``."""
        return f"{self.course_id}-{self._s('guide')}.pdf"

    def quiz(self, quiz: Quiz, *, key: bool) -> str:
        """``cuestionarios/<quiz-id>-estudiante.pdf`` or ``...-clave.pdf``."""
        kind = self._s("key") if key else self._s("student")
        return f"{self._s('quizzes')}/{quiz.id}-{kind}.pdf"


def build_time(course: Course, epoch: int | None = None) -> str | None:
    """W3C date-time of the build: ``epoch``, else ``SOURCE_DATE_EPOCH``, else the course date."""
    if epoch is None and os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        epoch = int(os.environ["SOURCE_DATE_EPOCH"])
    if epoch is not None:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))
    if course.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", course.date):
        return f"{course.date}T00:00:00Z"
    return None
