"""Ignore comments silence one warning on their item, with a reason, and nothing else."""

from __future__ import annotations

from tests.authoring.conftest import Workbench, at, codes
from tests.lint.conftest import (
    LESSON1,
    LESSON2,
)


def _no_alt(bench: Workbench, *lines: str) -> None:
    bench.drop(LESSON1, "    alt: >-")
    bench.insert_after(LESSON1, "src: media/modelo-aldea-taobao.svg", *lines)


def test_ignore_on_the_line_above_silences(sample: Workbench) -> None:
    _no_alt(
        sample,
        "    # courseware: ignore[alt-text] la leyenda describe el diagrama",
        "    alt: imagen",
    )
    assert sample.lint() == []


def test_ignore_on_the_same_line_silences(sample: Workbench) -> None:
    _no_alt(sample, "    alt: imagen  # courseware: ignore[alt-text] descrito en la leyenda")
    assert sample.lint() == []


def test_ignore_above_the_item_silences(sample: Workbench) -> None:
    sample.drop(LESSON2, "    captions:")
    sample.edit(
        LESSON2,
        "  - type: video\n",
        "  # courseware: ignore[video-no-captions, dead-link] el video no tiene voz\n"
        "  - type: video\n",
    )
    assert sample.lint() == []


def test_ignore_without_reason_does_not_silence(sample: Workbench) -> None:
    _no_alt(sample, "    # courseware: ignore[alt-text]", "    alt: imagen")
    issues = sample.lint()
    assert sorted(codes(issues)) == ["alt-text", "ignore-no-reason"]
    ignore = next(i for i in issues if i.code == "ignore-no-reason")
    assert at(ignore, sample, LESSON1, sample.line_of(LESSON1, "# courseware: ignore"))


def test_ignore_of_another_code_does_not_silence(sample: Workbench) -> None:
    _no_alt(sample, "    # courseware: ignore[dead-link] no aplica", "    alt: imagen")
    assert sorted(codes(sample.lint())) == ["alt-text", "ignore-unused"]


def test_ignore_with_unknown_code(sample: Workbench) -> None:
    _no_alt(sample, "    # courseware: ignore[alt-txt] la leyenda lo describe", "    alt: imagen")
    issues = sample.lint()
    assert sorted(codes(issues)) == ["alt-text", "ignore-unknown-code"]
    assert "alt-txt" in next(i for i in issues if i.code == "ignore-unknown-code").message


def test_ignore_far_from_the_item_does_not_silence(sample: Workbench) -> None:
    sample.edit(
        LESSON1,
        "blocks:\n",
        "# courseware: ignore[alt-text] demasiado lejos\nblocks:\n",
    )
    _no_alt(sample, "    alt: imagen")
    assert sorted(codes(sample.lint())) == ["alt-text", "ignore-unused"]
