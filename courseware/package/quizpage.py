"""The final quiz as a page of the package, made with the course theme's templates.

Why here: the HTML site has no quiz pages, and the LMS packages need one for the final
quiz. It reuses the theme's ``base.html`` and ``questions/*.html`` through the HTML
renderer's page machinery, so the quiz looks like the lessons and ``quiz.js`` scores it.
Every candidate question (picks and whole draw pools) is on the page; ``lms.js`` shows
the ones drawn for the attempt.
"""

from __future__ import annotations

from courseware.i18n import messages
from courseware.load import LoadedCourse
from courseware.package.runtime import FinalQuiz, ui_strings
from courseware.render.html import _Site
from courseware.scoring import answer_key
from courseware.themes import resolve_theme

QUIZ_TEMPLATE = """{% extends "base.html" %}
{% block scripts %}<script src="assets/quiz.js" defer></script>{% endblock %}
{% block content %}
<article class="cw-lesson cw-final-quiz" data-cw-quiz="{{ quiz.id }}">
<header class="cw-lesson-header">
<h1>{{ quiz.title }}</h1>
</header>
{% if quiz.description %}<div class="cw-summary">{{ md(quiz.description, top=3) }}</div>{% endif %}
<section class="cw-block cw-check" id="cw-quiz" aria-labelledby="cw-quiz-title">
<h2 id="cw-quiz-title">{{ heading }}</h2>
{% for q in questions %}
{% set qid = "cw-quiz-q" ~ loop.index %}
{% set number = loop.index %}
{% set total = questions|length %}
{% include "questions/question.html" %}
{% endfor %}
</section>
<p id="cw-quiz-result" class="cw-status" role="status" aria-live="polite"></p>
<div id="cw-quiz-actions" class="cw-actions"></div>
</article>
{% endblock %}
"""


def render_quiz_page(loaded: LoadedCourse, final: FinalQuiz) -> dict[str, bytes]:
    """``quiz-<id>.html`` plus any course file its questions show (images), by relpath."""
    course = loaded.course
    theme = resolve_theme(course.theme.name, loaded.root, course.theme.field_span("name"))
    site = _Site(loaded, theme, messages(course.language))
    env = site.environment()
    keys = {q.id: answer_key(q) for q in final.candidates}
    language = course.language.split("-")[0].lower()
    page = env.from_string(QUIZ_TEMPLATE).render(
        page={"kind": "quiz", "path": final.page, "title": final.quiz.title},
        page_data=site.page_data("quiz", None, keys),
        toc=site.toc(env, final.page, None),
        lesson=None,
        module=None,
        prev=None,
        next=None,
        quiz=final.quiz,
        questions=final.candidates,
        heading=ui_strings(language)["questions"],
    )
    files = dict(site.files)
    files[final.page] = page.encode("utf-8")
    return files


__all__ = ["render_quiz_page"]
