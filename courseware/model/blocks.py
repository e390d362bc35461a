"""Lesson content blocks: a discriminated union on ``type``."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from courseware.model.base import (
    BlockBase,
    Cell,
    Id,
    InlineText,
    Markdown,
    Minutes,
    ModelError,
    Node,
    WebAddress,
)
from courseware.model.interactive import (
    AccordionBlock,
    FlipCard,
    FlipCardsBlock,
    HotspotBlock,
    HotspotPoint,
    Panel,
    ProcessBlock,
    RevealBlock,
    ScenarioBlock,
    ScenarioChoice,
    ScenarioNode,
    SortBlock,
    SortCategory,
    Step,
    TabsBlock,
    TimelineBlock,
    TimelineEvent,
)


class TextBlock(BlockBase):
    """A passage of Markdown."""

    type: Literal["text"]
    body: Markdown


class CalloutBlock(BlockBase):
    """A highlighted note, tip, warning or example."""

    type: Literal["callout"]
    kind: Literal["note", "tip", "warning", "example"] = "note"
    title: InlineText | None = None
    body: Markdown


class QuoteBlock(BlockBase):
    """A short quotation from one of the course's sources."""

    type: Literal["quote"]
    source: Id = Field(description="Id of an entry in the course's `sources`.")
    quote: str = Field(min_length=1)
    speaker: InlineText | None = Field(default=None, description="Who said it, if not the author.")
    locator: InlineText | None = Field(default=None, description='Page, paragraph: "párr. 4".')


class KeyFigure(Node):
    """One number worth remembering."""

    value: Cell = Field(
        min_length=1, description='The figure as shown: "800", "más de 15", "8 000".'
    )
    label: InlineText = Field(description='What it counts: "familias viven de las perlas".')
    source: Id | None = Field(default=None, description="Id of the source that states it.")


class KeyFiguresBlock(BlockBase):
    """A row of key figures (value + label)."""

    type: Literal["key_figures"]
    title: InlineText | None = None
    figures: list[KeyFigure] = Field(min_length=1)


class ImageBlock(BlockBase):
    """An image from the course folder."""

    type: Literal["image"]
    src: str = Field(min_length=1, description="Path inside the course folder.")
    alt: InlineText = Field(
        description="Text alternative: what the image shows, for screen readers."
    )
    caption: Markdown | None = None
    credit: InlineText | None = None
    decorative: bool = Field(default=False, description="True if it adds no information.")


class CaptionTrack(Node):
    """A WebVTT captions or subtitles track."""

    src: str = Field(min_length=1, description="Path of a .vtt file inside the course folder.")
    language: str = Field(min_length=2, description="BCP 47 language tag.")
    label: InlineText | None = None
    kind: Literal["captions", "subtitles", "descriptions"] = "captions"


class MediaBlockBase(BlockBase):
    """Shared fields of video and audio."""

    title: InlineText | None = None
    src: str | None = Field(default=None, description="Media file inside the course folder.")
    url: WebAddress | None = Field(
        default=None, description="Web address, when the file is hosted elsewhere."
    )
    transcript: Markdown | None = Field(default=None, description="Full transcript (Markdown).")
    captions: list[CaptionTrack] = Field(default_factory=list)
    duration: Minutes | None = None

    @model_validator(mode="after")
    def _one_location(self) -> MediaBlockBase:
        if (self.src is None) == (self.url is None):
            raise ModelError("model.media.one-location")
        return self


class VideoCue(Node):
    """A moment of a video where it pauses and asks a question from a bank."""

    at: float = Field(ge=0, description="Seconds into the video.")
    question: Id = Field(description="Id of a question in one of the course's banks.")


class VideoBlock(MediaBlockBase):
    """A video, with captions and a transcript; with ``cues``, it stops to ask questions."""

    type: Literal["video"]
    poster: str | None = Field(default=None, description="Still image shown before playing.")
    cues: list[VideoCue] = Field(
        default_factory=list,
        description="Questions asked at given times (a video file, `src`, only). Without "
        "scripts, and on paper, they follow the video.",
    )

    @model_validator(mode="after")
    def _cues_need_a_file(self) -> VideoBlock:
        if self.cues and self.src is None:
            raise ModelError("model.video.cues-need-file", "cues")
        return self

    @property
    def questions(self) -> list[str]:
        """The cues' question ids, in time order (as a knowledge check lists them)."""
        return [cue.question for cue in sorted(self.cues, key=lambda cue: cue.at)]


class AudioBlock(MediaBlockBase):
    """An audio clip with a transcript."""

    type: Literal["audio"]


class TableBlock(BlockBase):
    """A table; cells are inline Markdown."""

    type: Literal["table"]
    caption: InlineText | None = None
    columns: list[Cell] = Field(min_length=1, description="Header cells.")
    rows: list[list[Cell]] = Field(min_length=1)

    @model_validator(mode="after")
    def _rectangular(self) -> TableBlock:
        width = len(self.columns)
        for number, row in enumerate(self.rows, start=1):
            if len(row) != width:
                raise ModelError(
                    "model.table.row-width",
                    "rows",
                    number - 1,
                    number=number,
                    cells=len(row),
                    width=width,
                )
        return self


class ActivityBlock(BlockBase):
    """A hands-on activity or exercise."""

    type: Literal["activity"]
    title: InlineText
    instructions: Markdown
    duration: Minutes | None = None
    grouping: Literal["individual", "pairs", "groups", "whole_class"] | None = None
    materials: list[InlineText] = Field(default_factory=list)
    deliverable: Markdown | None = None


class CaseStudyBlock(BlockBase):
    """A real case told as a story, with questions to think about."""

    type: Literal["case_study"]
    title: InlineText
    body: Markdown
    source: Id | None = None
    questions: list[Markdown] = Field(default_factory=list, description="Reflection prompts.")


class DiscussionBlock(BlockBase):
    """A prompt for a class or forum discussion."""

    type: Literal["discussion"]
    title: InlineText | None = None
    prompt: Markdown
    guidance: Markdown | None = Field(default=None, description="How to take part.")


class KnowledgeCheckBlock(BlockBase):
    """Questions from a quiz bank, answered in the page with immediate feedback."""

    type: Literal["knowledge_check"]
    title: InlineText | None = None
    questions: list[Id] = Field(min_length=1, description="Question ids from the course's banks.")


Block = Annotated[
    TextBlock
    | CalloutBlock
    | QuoteBlock
    | KeyFiguresBlock
    | ImageBlock
    | VideoBlock
    | AudioBlock
    | TableBlock
    | ActivityBlock
    | CaseStudyBlock
    | DiscussionBlock
    | KnowledgeCheckBlock
    | AccordionBlock
    | TabsBlock
    | RevealBlock
    | FlipCardsBlock
    | ProcessBlock
    | TimelineBlock
    | ScenarioBlock
    | SortBlock
    | HotspotBlock,
    Field(discriminator="type"),
]

BLOCK_TYPES: tuple[str, ...] = (
    "text",
    "callout",
    "quote",
    "key_figures",
    "image",
    "video",
    "audio",
    "table",
    "activity",
    "case_study",
    "discussion",
    "knowledge_check",
    "accordion",
    "tabs",
    "reveal",
    "flip_cards",
    "process",
    "timeline",
    "scenario",
    "sort",
    "hotspot",
)

__all__ = [
    "BLOCK_TYPES",
    "AccordionBlock",
    "ActivityBlock",
    "AudioBlock",
    "Block",
    "BlockBase",
    "CalloutBlock",
    "CaptionTrack",
    "CaseStudyBlock",
    "DiscussionBlock",
    "FlipCard",
    "FlipCardsBlock",
    "HotspotBlock",
    "HotspotPoint",
    "ImageBlock",
    "KeyFigure",
    "KeyFiguresBlock",
    "KnowledgeCheckBlock",
    "MediaBlockBase",
    "Panel",
    "ProcessBlock",
    "QuoteBlock",
    "RevealBlock",
    "ScenarioBlock",
    "ScenarioChoice",
    "ScenarioNode",
    "SortBlock",
    "SortCategory",
    "Step",
    "TableBlock",
    "TabsBlock",
    "TextBlock",
    "TimelineBlock",
    "TimelineEvent",
    "VideoBlock",
    "VideoCue",
]
