"""The model's validation messages (and the media and theme reasons) come from the catalogue,
in the language :func:`courseware.i18n.speaking` sets; the library alone speaks English."""

from __future__ import annotations

import string
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from courseware.i18n import messages, speaking
from courseware.model.base import Minutes, Score

PREFIXES = ("model.", "media.error.", "theme.error.")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_the_same_fields_in_spanish_and_english() -> None:
    english, spanish = messages("en").strings, messages("es").strings
    keys = [k for k in english if k.startswith(PREFIXES)]
    assert len(keys) > 50
    for key in keys:
        assert _fields(english[key]) == _fields(spanish[key]), key
        assert english[key] != spanish[key] or key == "media.error.unknown-kind", key


@pytest.mark.parametrize(
    ("adapter", "value", "english", "spanish"),
    [
        (Minutes, "un rato", "cannot read 'un rato' as a duration", "no se puede leer 'un rato'"),
        (Score, 70, 'write 0.7 or "70%" instead of 70', 'escriba 0.7 o "70%" en lugar de 70'),
        (Score, "mucho", "cannot read 'mucho' as a score", "como puntuación"),
    ],
)
def test_a_validation_message_follows_the_instructor_language(
    adapter: Any, value: object, english: str, spanish: str
) -> None:
    checker: TypeAdapter[object] = TypeAdapter(adapter)
    with pytest.raises(ValidationError, match=english):
        checker.validate_python(value)
    with speaking("es-MX"), pytest.raises(ValidationError, match=spanish):
        checker.validate_python(value)
    with pytest.raises(ValidationError, match=english):  # the language is restored
        checker.validate_python(value)
