"""Teaching warnings: objectives, lessons without one, alt texts, videos without captions."""

from __future__ import annotations

import pytest

from tests.authoring.conftest import Workbench, at, codes
from tests.lint.conftest import (
    LESSON1,
    LESSON2,
    add_bank,
    only,
)


def test_objective_unassessed(sample: Workbench) -> None:
    sample.insert_after(
        "course.yaml",
        "    text: Elaborar con la comunidad",
        "  - id: obj-sin-preguntas",
        "    text: Un objetivo que ninguna pregunta evalúa.",
    )
    issue = only(sample.lint(), "objective-unassessed")
    assert at(issue, sample, "course.yaml", sample.line_of("course.yaml", "obj-sin-preguntas"))
    assert "obj-sin-preguntas" in issue.message


def test_draft_questions_do_not_assess_objectives(sample: Workbench) -> None:
    sample.insert_after(
        "course.yaml",
        "    text: Elaborar con la comunidad",
        "  - id: obj-nuevo",
        "    text: Un objetivo evaluado solo por un borrador.",
    )
    add_bank(
        sample,
        "id: extra\ntitle: Extra\nquestions:\n  - id: b1\n    type: true_false\n"
        "    status: draft\n    objectives: [obj-nuevo]\n    prompt: Hay ocho aldeas.\n"
        "    answer: true\n",
    )
    assert codes(sample.lint()) == ["objective-unassessed"]


def test_lesson_without_objective(sample: Workbench) -> None:
    sample.edit(LESSON1, "objectives: [obj-modelo-taobao]\n", "")
    issue = only(sample.lint(), "lesson-no-objective")
    assert at(issue, sample, LESSON1, sample.line_of(LESSON1, "id: aldeas-taobao"))


@pytest.mark.parametrize(
    "alt",
    ["imagen", "Image", "foto 2", "modelo-aldea-taobao.svg", "modelo aldea taobao", "  "],
)
def test_image_without_meaningful_alt(sample: Workbench, alt: str) -> None:
    sample.drop(LESSON1, "    alt: >-")
    sample.insert_after(LESSON1, "src: media/modelo-aldea-taobao.svg", f'    alt: "{alt}"')
    issue = only(sample.lint(), "alt-text")
    assert at(issue, sample, LESSON1, sample.line_of(LESSON1, "    alt: "))


def test_decorative_image_needs_no_alt(sample: Workbench) -> None:
    sample.drop(LESSON1, "    alt: >-")
    sample.insert_after(
        LESSON1, "src: media/modelo-aldea-taobao.svg", "    alt: imagen", "    decorative: true"
    )
    assert sample.lint() == []


def test_markdown_image_without_meaningful_alt(sample: Workbench) -> None:
    sample.insert_after(
        LESSON1,
        "## Tres ideas para entender el modelo",
        "",
        "      ![](media/modelo-aldea-taobao.svg)",
    )
    issue = only(sample.lint(), "alt-text")
    line = sample.line_of(LESSON1, "![](media/modelo-aldea-taobao.svg)")
    assert at(issue, sample, LESSON1, line)
    assert issue.span is not None and issue.span.column == 11


def test_video_without_captions(sample: Workbench) -> None:
    sample.drop(LESSON2, "    captions:")
    issue = only(sample.lint(), "video-no-captions")
    assert at(issue, sample, LESSON2, sample.line_of(LESSON2, "  - type: video"))
