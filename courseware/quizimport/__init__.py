"""Import existing quiz banks (GIFT, Moodle XML, Aiken, QTI 1.2 and 2.1) as YAML banks.

Every question that can be read is imported; each one that cannot is reported at its
line, and whatever the YAML bank cannot hold is written as a comment at the question.
The API lives in ``api`` and is loaded on first use (the CLI parser stays import-light).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from courseware.quizimport.api import (
        MAX_IMPORT_BYTES,
        READERS,
        ImportResult,
        guess_format,
        import_bank,
        import_quiz,
    )

__all__ = [
    "MAX_IMPORT_BYTES",
    "READERS",
    "ImportResult",
    "guess_format",
    "import_bank",
    "import_quiz",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from courseware.quizimport import api

        return getattr(api, name)
    raise AttributeError(name)
