"""``courseware draft``: a draft lesson and a bank of draft questions from a source article.

Why plain text processing: instructors work offline, and a draft must never invent
anything. Every figure, name, date and quotation in the draft is copied from the article
(so the faithfulness check passes, and every question is answerable from it), and every
question is marked ``status: draft`` until a person reviews it.
"""

from __future__ import annotations

from courseware.draft.article import Article, read_article, resolve_source
from courseware.draft.course import DraftPlan, add_to_course, plan_draft, write_draft, write_plan
from courseware.draft.facts import Event, Facts, Person, find_events, find_facts, find_people
from courseware.draft.figures import Figure, find_figures
from courseware.draft.lesson import Draft, draft_lesson, make_draft, title_id
from courseware.draft.quotes import Quotation, find_quotations

__all__ = [
    "Article",
    "Draft",
    "DraftPlan",
    "Event",
    "Facts",
    "Figure",
    "Person",
    "Quotation",
    "add_to_course",
    "draft_lesson",
    "find_events",
    "find_facts",
    "find_figures",
    "find_people",
    "find_quotations",
    "make_draft",
    "plan_draft",
    "read_article",
    "resolve_source",
    "title_id",
    "write_draft",
    "write_plan",
]
