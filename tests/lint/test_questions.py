"""Question warnings: answer patterns across a bank, duplicate questions."""

from __future__ import annotations

from tests.authoring.conftest import Workbench, at, codes
from tests.lint.conftest import (
    EXTRA_BANK,
    LONG,
    add_bank,
    only,
)


def test_correct_answer_always_longest(sample: Workbench) -> None:
    # x1..x3: the right option is the longest and always first.
    add_bank(sample)
    issues = sample.lint()
    assert sorted(codes(issues)) == ["answer-longest", "answer-position"]
    for issue in issues:
        assert at(issue, sample, "banks/extra.yaml", 1)
        assert len(issue.related) == 3


def test_correct_answer_same_position_only(sample: Workbench) -> None:
    bank = EXTRA_BANK.replace("      - text: Café\n", f"      - text: {LONG}\n")
    add_bank(sample, bank)
    issue = only(sample.lint(), "answer-position")
    assert "number 1" in issue.message


def test_varied_answers_do_not_warn(sample: Workbench) -> None:
    bank = EXTRA_BANK.replace("      - text: Café\n", f"      - text: {LONG}\n").replace(
        "      - text: Miguel Cuevas, de la Secretaría de Educación\n        correct: true\n"
        "      - text: James Chang\n",
        "      - text: James Chang\n      - text: Miguel Cuevas, de la Secretaría de Educación\n"
        "        correct: true\n",
    )
    add_bank(sample, bank)
    assert sample.lint() == []


def test_true_false_always_true(sample: Workbench) -> None:
    questions = "".join(
        f"  - id: vf{n}\n    type: true_false\n"
        f"    prompt: Afirmación número {n} sobre las aldeas.\n    answer: true\n"
        for n in range(1, 5)
    )
    add_bank(sample, f"id: extra\ntitle: Extra\nquestions:\n{questions}")
    issue = only(sample.lint(), "answer-position")
    assert "true/false" in issue.message


def test_duplicate_question(sample: Workbench) -> None:
    duplicate = EXTRA_BANK.split("  - id: x2")[0].replace("id: x1", "id: x9")
    bank = EXTRA_BANK + duplicate.split("questions:\n")[1]
    add_bank(sample, bank)
    issues = [i for i in sample.lint() if i.code == "duplicate-question"]
    assert len(issues) == 1
    assert "'x9'" in issues[0].message and "'x1'" in issues[0].message
    assert at(issues[0], sample, "banks/extra.yaml", sample.line_of("banks/extra.yaml", "id: x9"))
    assert issues[0].related
