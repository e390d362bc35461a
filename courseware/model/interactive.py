"""Interactive lesson blocks: panels, cards, steps, events, scenarios, sorting, hotspots.

Each has a deliberate form without scripts, on paper and in the EPUB (see ``render/``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from courseware.model.base import (
    BlockBase,
    Cell,
    Id,
    InlineText,
    Markdown,
    ModelError,
    Node,
)


class Panel(Node):
    """A titled panel of Markdown (accordion and tabs)."""

    title: InlineText = Field(description="The panel's heading, shown on its button or tab.")
    body: Markdown


class AccordionBlock(BlockBase):
    """Titled panels the learner opens one by one; printed as sections."""

    type: Literal["accordion"]
    title: InlineText | None = None
    panels: list[Panel] = Field(min_length=1)


class TabsBlock(BlockBase):
    """Titled panels shown one at a time as tabs; printed as sections."""

    type: Literal["tabs"]
    title: InlineText | None = None
    tabs: list[Panel] = Field(min_length=2, description="Two or more panels, one per tab.")


class RevealBlock(BlockBase):
    """A prompt to think about, and an answer the learner opens after trying."""

    type: Literal["reveal"]
    title: InlineText | None = None
    prompt: Markdown = Field(description="The question or task to answer first.")
    answer: Markdown = Field(description="Hidden until asked for; in the guide, not the workbook.")
    lines: int = Field(default=4, ge=0, le=20, description="Lines to write on, on paper.")


class FlipCard(Node):
    """One card: a short front and its back."""

    front: InlineText = Field(description='The term, figure or question: "GMV", "800".')
    back: Markdown = Field(description="What the learner sees after turning the card.")


class FlipCardsBlock(BlockBase):
    """Cards to turn over: terms, figures, before/after; printed as a two-column table."""

    type: Literal["flip_cards"]
    title: InlineText | None = None
    front_label: InlineText | None = Field(
        default=None, description='Heading of the fronts\' column on paper: "Término".'
    )
    back_label: InlineText | None = Field(
        default=None, description='Heading of the backs\' column on paper: "Significado".'
    )
    cards: list[FlipCard] = Field(min_length=1)


class Step(Node):
    """One step of a process."""

    title: InlineText
    body: Markdown | None = None
    image: str | None = Field(default=None, description="Image path inside the course folder.")
    alt: InlineText | None = Field(
        default=None, description="What the image shows (required with an image)."
    )

    @model_validator(mode="after")
    def _alt_with_image(self) -> Step:
        if self.image and self.alt is None:
            raise ModelError("model.step.alt", "image")
        return self


class ProcessBlock(BlockBase):
    """Numbered steps shown one at a time (all of them without scripts and on paper)."""

    type: Literal["process"]
    title: InlineText | None = None
    intro: Markdown | None = None
    steps: list[Step] = Field(min_length=2)


class TimelineEvent(Node):
    """One dated event."""

    date: Cell = Field(min_length=1, description='As shown: "2009", "marzo de 2021".')
    title: InlineText
    body: Markdown | None = None


class TimelineBlock(BlockBase):
    """Dated events in order."""

    type: Literal["timeline"]
    title: InlineText | None = None
    events: list[TimelineEvent] = Field(min_length=1)


class ScenarioChoice(Node):
    """One choice of a scenario node."""

    text: InlineText = Field(description="What the learner decides.")
    goto: Id = Field(description="Id of the node this choice leads to.")


class ScenarioNode(Node):
    """A moment of a scenario: a situation and its choices, or an ending (no choices)."""

    id: Id
    title: InlineText | None = None
    text: Markdown = Field(description="The situation, or for an ending, how it turned out.")
    choices: list[ScenarioChoice] = Field(
        default_factory=list, description="Two or more choices; none makes this node an ending."
    )
    score: float | None = Field(
        default=None, ge=0, le=1, description="Endings only: how good this ending is, 0 to 1."
    )

    @model_validator(mode="after")
    def _ending_or_choices(self) -> ScenarioNode:
        if self.choices and self.score is not None:
            raise ModelError("model.scenario.ending-score", "score")
        if len(self.choices) == 1:
            raise ModelError("model.scenario.one-choice", "choices")
        return self


class ScenarioBlock(BlockBase):
    """A branching scenario: the learner's choices lead from node to node to an ending."""

    type: Literal["scenario"]
    title: InlineText
    intro: Markdown | None = None
    start: Id | None = Field(default=None, description="Id of the first node (default: the first).")
    nodes: list[ScenarioNode] = Field(min_length=2)


class SortCategory(Node):
    """A category and the items that belong in it."""

    title: InlineText
    items: list[InlineText] = Field(min_length=1)


class SortBlock(BlockBase):
    """Items to sort into categories (dragged, or chosen with the keyboard), scored."""

    type: Literal["sort"]
    title: InlineText
    prompt: Markdown | None = None
    categories: list[SortCategory] = Field(min_length=2)


class HotspotPoint(Node):
    """A labelled point on a hotspot image and the note it opens."""

    x: float = Field(ge=0, le=100, description="Across the image: percent from the left edge.")
    y: float = Field(ge=0, le=100, description="Down the image: percent from the top edge.")
    label: InlineText = Field(description="Short name of what is at this point.")
    note: Markdown = Field(description="What the learner reads when opening the point.")


class HotspotBlock(BlockBase):
    """An image with labelled points, each opening a note (printed with numbered markers)."""

    type: Literal["hotspot"]
    title: InlineText
    intro: Markdown | None = None
    src: str = Field(min_length=1, description="Image path inside the course folder.")
    alt: InlineText = Field(description="What the image shows, for screen readers.")
    credit: InlineText | None = None
    points: list[HotspotPoint] = Field(min_length=1)
