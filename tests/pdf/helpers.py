"""Helpers of the PDF tests: reading PDFs with pypdf and comparing their text."""

from __future__ import annotations

import re
import unicodedata
from io import BytesIO

from pypdf import PdfReader


def normalize(text: str) -> str:
    """Text for comparisons: NFKC, no hyphens, no white space, case folded.

    Why: the PDF hyphenates and wraps lines, so "em-\\npezando" must match "empezando".
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s\-\u00ad\u2010]+", "", folded)


def reader(data: bytes) -> PdfReader:
    """A pypdf reader over bytes."""
    return PdfReader(BytesIO(data))
