"""The words of a draft (comments and question prompts) in Spanish and English.

Why here and not in the locale catalogue: they are written into the author's YAML files as
comments and draft prompts, in the article's language, not shown by the CLI.
"""

from __future__ import annotations

TEXTS = {
    "es": {
        "header": (
            "Borrador generado por `courseware draft` a partir de {file}. Antes de publicarlo:\n"
            "  - reescribe los bloques de texto con tus palabras (hoy copian la fuente);\n"
            "  - comprueba cada cifra y cada cita con la fuente (`courseware check`);\n"
            "  - añade `objectives:` con los objetivos del curso que sirve esta lección;\n"
            "  - revisa las preguntas de {bank}, márcalas `status: ready`\n"
            "    y llámalas desde un bloque knowledge_check."
        ),
        "bank_header": (
            "Preguntas en borrador generadas por `courseware draft` a partir de {file}.\n"
            "Quedan fuera de las compilaciones hasta que las revises y cambies\n"
            "`status: draft` por `status: ready`."
        ),
        "objectives": "objectives: [...]  <- añade los objetivos del curso que sirve la lección",
        "figures": "Cifras clave",
        "bank_title": "Borrador: preguntas sobre «{title}»",
        "numeric": "Según «{title}», ¿qué número falta?\n\n> {sentence}",
        "single": "Según «{title}», ¿qué cifra completa la frase?\n\n> {sentence}",
        "who": "Según «{title}», ¿quién dijo «{quote}»?",
        "multiple": "Según «{title}», ¿qué afirmaciones son correctas? Marca todas las correctas.",
        "cloze": "Completa la frase de «{title}» con las cifras que faltan.",
        "match_people": "Según «{title}», relaciona a cada persona con su papel.",
        "match_figures": "Según «{title}», relaciona cada cosa con su cifra.",
        "ordering": "Ordena estos hechos de «{title}» del más antiguo al más reciente.",
        "says": "La fuente dice: «{sentence}»",
        "check": "Cuando estén revisadas, añade las preguntas a la lección:",
        "sentence": "Frase de la fuente:",
        "rewrite": "BORRADOR: texto copiado de la fuente; reescríbelo con tus palabras.",
        "publisher": "(editor desconocido)",
    },
    "en": {
        "header": (
            "Draft written by `courseware draft` from {file}. Before publishing it:\n"
            "  - rewrite the text blocks in your own words (they copy the source now);\n"
            "  - check every figure and quotation against the source (`courseware check`);\n"
            "  - add `objectives:` with the course objectives this lesson serves;\n"
            "  - review the questions in {bank}, set them to `status: ready`\n"
            "    and use them in a knowledge_check block."
        ),
        "bank_header": (
            "Draft questions written by `courseware draft` from {file}.\n"
            "They are left out of builds until you review them and change\n"
            "`status: draft` to `status: ready`."
        ),
        "objectives": "objectives: [...]  <- add the course objectives this lesson serves",
        "figures": "Key figures",
        "bank_title": "Draft: questions on “{title}”",
        "numeric": "According to “{title}”, which number is missing?\n\n> {sentence}",
        "single": "According to “{title}”, which figure completes the sentence?\n\n> {sentence}",
        "who": "According to “{title}”, who said “{quote}”?",
        "multiple": "According to “{title}”, which statements are right? Tick all that are.",
        "cloze": "Complete the sentence from “{title}” with the missing figures.",
        "match_people": "According to “{title}”, match each person with their role.",
        "match_figures": "According to “{title}”, match each thing with its figure.",
        "ordering": "Put these events from “{title}” in order, earliest first.",
        "says": "The source says: “{sentence}”",
        "check": "Once reviewed, add the questions to the lesson:",
        "sentence": "Sentence in the source:",
        "rewrite": "DRAFT: text copied from the source; rewrite it in your own words.",
        "publisher": "(unknown publisher)",
    },
}


def texts(language: str) -> dict[str, str]:
    """The draft's words for a language (Spanish unless it is English)."""
    return TEXTS["en" if language.lower().startswith("en") else "es"]
