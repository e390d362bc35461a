"""The course model: pydantic classes for course, lessons, blocks and quiz banks."""

from courseware.model.blocks import BLOCK_TYPES, Block
from courseware.model.course import (
    Author,
    Course,
    GlossaryEntry,
    Lesson,
    Module,
    Objective,
    Settings,
    Source,
    ThemeSettings,
)
from courseware.model.quiz import QUESTION_TYPES, Question, Quiz, QuizBank

__all__ = [
    "BLOCK_TYPES",
    "QUESTION_TYPES",
    "Author",
    "Block",
    "Course",
    "GlossaryEntry",
    "Lesson",
    "Module",
    "Objective",
    "Question",
    "Quiz",
    "QuizBank",
    "Settings",
    "Source",
    "ThemeSettings",
]
