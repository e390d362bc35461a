"""Quiz banks: questions of every common type, categories and quiz definitions."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, model_validator

from courseware.model.base import Id, InlineText, Markdown, ModelError, Node, Score, Truth

BLANK_PATTERN = re.compile(r"\[\[([a-z0-9][a-z0-9_-]*)\]\]")
"""A blank in a cloze text: ``[[b1]]``."""


class Feedback(Node):
    """Feedback shown after answering."""

    correct: Markdown | None = Field(default=None, description="Shown when fully right.")
    incorrect: Markdown | None = Field(
        default=None, description="Shown when wrong or partly right."
    )
    general: Markdown | None = Field(default=None, description="Always shown after answering.")


class QuestionBase(Node):
    """Fields every question shares."""

    id: Id
    title: InlineText | None = Field(default=None, description="Short name shown in LMS lists.")
    prompt: Markdown = Field(
        min_length=1, description="The question (Markdown; may include an image)."
    )
    points: float = Field(default=1.0, gt=0, le=1000)
    feedback: Feedback | None = None
    hint: Markdown | None = None
    tags: list[Id] = Field(default_factory=list)
    difficulty: Literal["easy", "medium", "hard"] | None = None
    objectives: list[Id] = Field(default_factory=list, description="Objective ids assessed.")
    source: Id | None = Field(default=None, description="Source id the question is drawn from.")
    category: Id | None = Field(default=None, description="Category id within the bank.")
    status: Literal["ready", "draft"] = Field(
        default="ready", description="Draft questions are left out of builds."
    )


class Choice(Node):
    """An option of a choice question."""

    text: InlineText
    correct: Truth = False
    feedback: Markdown | None = None
    weight: float | None = Field(
        default=None,
        ge=-1,
        le=1,
        description="Explicit credit fraction for multiple response (-1..1); computed if absent.",
    )


def _check_choices(choices: list[Choice]) -> None:
    seen: set[str] = set()
    for index, choice in enumerate(choices):
        key = " ".join(choice.text.split()).casefold()
        if key in seen:
            raise ModelError(
                "model.choice.duplicate", "choices", index, "text", text=repr(choice.text)
            )
        seen.add(key)


class SingleChoiceQuestion(QuestionBase):
    """One correct option among several."""

    type: Literal["single_choice"]
    choices: list[Choice] = Field(min_length=2)
    shuffle: bool = True

    @model_validator(mode="after")
    def _one_correct(self) -> SingleChoiceQuestion:
        _check_choices(self.choices)
        count = sum(c.correct for c in self.choices)
        if count != 1:
            raise ModelError("model.single-choice.correct", count=count)
        return self


class MultipleResponseQuestion(QuestionBase):
    """Several correct options; all-or-nothing or partial credit."""

    type: Literal["multiple_response"]
    choices: list[Choice] = Field(min_length=2)
    shuffle: bool = True
    partial_credit: bool = Field(
        default=True,
        description="Each correct option earns its share; each wrong one takes a share away.",
    )

    @model_validator(mode="after")
    def _some_correct(self) -> MultipleResponseQuestion:
        _check_choices(self.choices)
        if not any(c.correct for c in self.choices):
            raise ModelError("model.multiple-response.correct")
        return self


class TrueFalseQuestion(QuestionBase):
    """A statement that is true or false."""

    type: Literal["true_false"]
    answer: Truth


class AcceptedAnswer(Node):
    """An accepted answer of a short-answer question."""

    text: InlineText
    credit: float = Field(default=1.0, gt=0, le=1, description="Fraction of the points it earns.")
    feedback: Markdown | None = None


class ShortAnswerQuestion(QuestionBase):
    """A typed word or phrase compared with accepted answers."""

    type: Literal["short_answer"]
    answers: list[AcceptedAnswer] = Field(min_length=1)
    case_sensitive: bool = False
    accent_sensitive: bool = Field(
        default=False,
        description='If false, "comercio electronico" matches "comercio electrónico".',
    )

    @model_validator(mode="after")
    def _full_credit(self) -> ShortAnswerQuestion:
        if not any(a.credit == 1 for a in self.answers):
            raise ModelError("model.short-answer.full-credit")
        return self


class NumericQuestion(QuestionBase):
    """A number, exact, within a tolerance, or within a range."""

    type: Literal["numeric"]
    answer: float | None = Field(default=None, description="The exact value.")
    tolerance: float = Field(
        default=0, ge=0, description="Accepted absolute error around `answer`."
    )
    min: float | None = Field(default=None, description="Lower end of an accepted range.")
    max: float | None = Field(default=None, description="Upper end of an accepted range.")
    unit: InlineText | None = None

    @model_validator(mode="after")
    def _answer_or_range(self) -> NumericQuestion:
        has_range = self.min is not None or self.max is not None
        if self.answer is None and not has_range:
            raise ModelError("model.numeric.answer")
        if self.answer is not None and has_range:
            raise ModelError("model.numeric.both")
        if has_range:
            if self.min is None or self.max is None:
                raise ModelError("model.numeric.range")
            if self.min > self.max:
                raise ModelError("model.numeric.order", low=self.min, high=self.max)
        return self

    @property
    def low(self) -> float:
        """Lowest accepted value."""
        if self.answer is not None:
            return self.answer - self.tolerance
        assert self.min is not None
        return self.min

    @property
    def high(self) -> float:
        """Highest accepted value."""
        if self.answer is not None:
            return self.answer + self.tolerance
        assert self.max is not None
        return self.max


class MatchPair(Node):
    """A prompt and the answer it matches."""

    left: InlineText
    right: InlineText


class MatchingQuestion(QuestionBase):
    """Match each item on the left with one on the right."""

    type: Literal["matching"]
    pairs: list[MatchPair] = Field(min_length=2)
    distractors: list[InlineText] = Field(default_factory=list, description="Extra wrong answers.")

    @model_validator(mode="after")
    def _distinct(self) -> MatchingQuestion:
        lefts = [p.left for p in self.pairs]
        for index, left in enumerate(lefts):
            if left in lefts[:index]:
                raise ModelError(
                    "model.matching.left-twice", "pairs", index, "left", left=repr(left)
                )
        rights = {p.right for p in self.pairs}
        clash = rights.intersection(self.distractors)
        if clash:
            raise ModelError("model.matching.distractor", text=repr(sorted(clash)[0]))
        return self


class OrderingQuestion(QuestionBase):
    """Put items in the right order (listed here in that order)."""

    type: Literal["ordering"]
    items: list[InlineText] = Field(min_length=2, description="Items in the correct order.")

    @model_validator(mode="after")
    def _distinct(self) -> OrderingQuestion:
        if len(set(self.items)) != len(self.items):
            raise ModelError("model.ordering.distinct")
        return self


class Blank(Node):
    """A gap in a cloze text."""

    id: Id
    answers: list[InlineText] = Field(
        min_length=1, description="Accepted answers (first is shown in keys)."
    )
    choices: list[InlineText] = Field(
        default_factory=list, description="If given, the blank is a drop-down of these options."
    )
    case_sensitive: bool = False
    accent_sensitive: bool = False


class ClozeQuestion(QuestionBase):
    """A text with several blanks, each marked ``[[id]]``."""

    type: Literal["cloze"]
    text: Markdown = Field(description="Text with blanks written as [[blank-id]].")
    blanks: list[Blank] = Field(min_length=1)

    @model_validator(mode="after")
    def _blanks_match(self) -> ClozeQuestion:
        used = BLANK_PATTERN.findall(self.text)
        declared = [b.id for b in self.blanks]
        if len(set(declared)) != len(declared):
            raise ModelError("model.cloze.unique-ids")
        missing = [b for b in used if b not in declared]
        if missing:
            raise ModelError("model.cloze.unknown-blank", id=missing[0])
        unused = [b for b in declared if b not in used]
        if unused:
            raise ModelError(
                "model.cloze.unused-blank",
                "blanks",
                declared.index(unused[0]),
                id=repr(unused[0]),
                name=unused[0],
            )
        if len(set(used)) != len(used):
            raise ModelError("model.cloze.once")
        for blank in self.blanks:
            if blank.choices and not set(blank.answers) <= set(blank.choices):
                raise ModelError("model.cloze.choices", id=repr(blank.id))
        return self


class RubricCriterion(Node):
    """One line of an essay rubric."""

    criterion: InlineText
    points: float = Field(gt=0)
    description: Markdown | None = None


class EssayQuestion(QuestionBase):
    """A written answer, graded by hand with a rubric or a model answer."""

    type: Literal["essay"]
    rubric: list[RubricCriterion] = Field(default_factory=list)
    model_answer: Markdown | None = None
    min_words: int | None = Field(default=None, ge=0)
    max_words: int | None = Field(default=None, ge=1)


Question = Annotated[
    SingleChoiceQuestion
    | MultipleResponseQuestion
    | TrueFalseQuestion
    | ShortAnswerQuestion
    | NumericQuestion
    | MatchingQuestion
    | OrderingQuestion
    | ClozeQuestion
    | EssayQuestion,
    Field(discriminator="type"),
]

QUESTION_TYPES: tuple[str, ...] = (
    "single_choice",
    "multiple_response",
    "true_false",
    "short_answer",
    "numeric",
    "matching",
    "ordering",
    "cloze",
    "essay",
)


class Category(Node):
    """A group of questions within a bank."""

    id: Id
    title: InlineText
    description: Markdown | None = None


class PickQuestion(Node):
    """A quiz item that is one question, by id."""

    question: Id


class DrawQuestions(Node):
    """A quiz item that draws N questions at random from a pool."""

    draw: int = Field(ge=1, description="How many questions to draw.")
    category: Id | None = None
    tags: list[Id] = Field(default_factory=list, description="Pool: questions with all these tags.")


class Quiz(Node):
    """A quiz assembled from the bank's questions."""

    id: Id
    title: InlineText
    description: Markdown | None = None
    items: list[PickQuestion | DrawQuestions] = Field(min_length=1)
    shuffle_questions: bool = False
    shuffle_choices: bool = True
    passing_score: Score | None = Field(
        default=None, description='0..1 or "70%"; course default if absent.'
    )
    time_limit: int | None = Field(default=None, ge=1, description="Minutes.")
    attempts: int | None = Field(default=None, ge=1)


class QuizBank(Node):
    """A file of questions (``banks/*.yaml``)."""

    id: Id
    title: InlineText
    description: Markdown | None = None
    language: str | None = Field(default=None, description="BCP 47; the course's if absent.")
    categories: list[Category] = Field(default_factory=list)
    questions: list[Question] = Field(min_length=1)
    quizzes: list[Quiz] = Field(default_factory=list)
