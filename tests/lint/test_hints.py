"""Every warning of ``check`` and the linter says what to do or how to silence it, in every
language the catalogue has."""

from __future__ import annotations

import pytest

from courseware.checks_authoring import WARNING_CODES
from courseware.i18n import available, messages, speaking
from courseware.lint import LINT_CODES, META_CODES, lint_course
from tests.authoring.conftest import Workbench
from tests.lint.conftest import LESSON1, add_bank

HINT_KEYS = [f"lint.{code}.hint" for code in [*LINT_CODES, *META_CODES]] + [
    f"check.{code}.hint" for code in WARNING_CODES
]


def test_the_registries_are_not_empty() -> None:
    assert len(LINT_CODES) >= 11 and len(META_CODES) == 3 and len(WARNING_CODES) >= 6


@pytest.mark.parametrize("language", available())
@pytest.mark.parametrize("key", HINT_KEYS)
def test_every_warning_code_has_a_hint(key: str, language: str) -> None:
    say = messages(language)
    assert key in say.strings, f"{key} missing in {language}.json"
    assert say(key).strip()


@pytest.mark.parametrize("key", HINT_KEYS)
def test_the_spanish_hint_is_spanish(key: str) -> None:
    assert messages("es")(key) != messages("en")(key)


def test_every_lint_hint_says_how_to_silence_it(sample: Workbench) -> None:
    add_bank(sample)
    sample.edit(LESSON1, "objectives: [obj-modelo-taobao]\n", "")
    loaded = sample.load()
    for language, silence in (("en", "silence it with"), ("es-MX", "siléncielo con")):
        with speaking(language):
            issues = lint_course(loaded.course, loaded.root)
        assert {i.code for i in issues} >= {"answer-longest", "lesson-no-objective"}
        for issue in issues:
            assert issue.hint and silence in issue.hint, issue.hint
            assert f"ignore[{issue.code}]" in issue.hint
