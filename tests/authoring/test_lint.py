"""Teaching warnings: each kind fires on a crafted case, not on the sample, and can be silenced."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courseware.errors import Issue
from courseware.lint import LINT_CODES, estimate_lesson, find_numbers, lint_course, reading_minutes
from courseware.load import LoadedCourse
from courseware.model.blocks import TextBlock
from tests.authoring.conftest import Workbench, at, codes

LESSON1 = "lessons/01-aldeas-taobao.yaml"
LESSON2 = "lessons/02-aldea-de-las-perlas.yaml"
LESSON4 = "lessons/04-guanajuato.yaml"

EXTRA_BANK = """\
id: extra
title: Banco de prueba
questions:
  - id: x1
    type: single_choice
    prompt: ¿Qué vende la aldea de las perlas?
    choices:
      - text: Perlas recolectadas y vendidas en transmisiones en vivo
        correct: true
      - text: Café
      - text: Miel
  - id: x2
    type: single_choice
    prompt: ¿Desde qué ciudad viajó la delegación?
    choices:
      - text: Desde Hangzhou, en la provincia de Zhejiang
        correct: true
      - text: Pekín
      - text: Shanghái
  - id: x3
    type: single_choice
    prompt: ¿Quién encabezó la delegación mexicana?
    choices:
      - text: Miguel Cuevas, de la Secretaría de Educación
        correct: true
      - text: James Chang
      - text: Nadie
"""


LONG = "Café de olla de la región montañosa de Veracruz, con canela, piloncillo y clavo"


def _add_bank(bench: Workbench, text: str = EXTRA_BANK) -> None:
    bench.path("banks/extra.yaml").write_text(text, encoding="utf-8")
    bench.insert_after("course.yaml", "  - banks/evaluacion-final.yaml", "  - banks/extra.yaml")


def _only(issues: list[Issue], code: str) -> Issue:
    found = [i for i in issues if i.code == code]
    assert len(found) == 1, [i.format() for i in issues]
    assert codes(issues) == [code], [i.format() for i in issues]
    return found[0]


# --- the sample course is clean ---------------------------------------------------------


def test_sample_course_has_no_warnings(sample_loaded: LoadedCourse) -> None:
    issues = lint_course(sample_loaded.course, sample_loaded.root)
    assert issues == [], "\n".join(i.format() for i in issues)


def test_every_warning_is_a_warning_with_a_one_line_fix(sample: Workbench) -> None:
    _add_bank(sample)
    sample.edit(LESSON1, "objectives: [obj-modelo-taobao]\n", "")
    issues = sample.lint()
    assert issues
    for issue in issues:
        assert issue.severity == "warning"
        assert issue.span is not None and issue.span.line >= 1
        assert issue.hint and "\n" not in issue.hint
        assert issue.code in LINT_CODES


# --- each kind on a crafted case --------------------------------------------------------


def test_objective_unassessed(sample: Workbench) -> None:
    sample.insert_after(
        "course.yaml",
        "    text: Elaborar con la comunidad",
        "  - id: obj-sin-preguntas",
        "    text: Un objetivo que ninguna pregunta evalúa.",
    )
    issue = _only(sample.lint(), "objective-unassessed")
    assert at(issue, sample, "course.yaml", sample.line_of("course.yaml", "obj-sin-preguntas"))
    assert "obj-sin-preguntas" in issue.message


def test_draft_questions_do_not_assess_objectives(sample: Workbench) -> None:
    sample.insert_after(
        "course.yaml",
        "    text: Elaborar con la comunidad",
        "  - id: obj-nuevo",
        "    text: Un objetivo evaluado solo por un borrador.",
    )
    _add_bank(
        sample,
        "id: extra\ntitle: Extra\nquestions:\n  - id: b1\n    type: true_false\n"
        "    status: draft\n    objectives: [obj-nuevo]\n    prompt: Hay ocho aldeas.\n"
        "    answer: true\n",
    )
    assert codes(sample.lint()) == ["objective-unassessed"]


def test_lesson_without_objective(sample: Workbench) -> None:
    sample.edit(LESSON1, "objectives: [obj-modelo-taobao]\n", "")
    issue = _only(sample.lint(), "lesson-no-objective")
    assert at(issue, sample, LESSON1, sample.line_of(LESSON1, "id: aldeas-taobao"))


@pytest.mark.parametrize(
    "alt",
    ["imagen", "Image", "foto 2", "modelo-aldea-taobao.svg", "modelo aldea taobao", "  "],
)
def test_image_without_meaningful_alt(sample: Workbench, alt: str) -> None:
    sample.drop(LESSON1, "    alt: >-")
    sample.insert_after(LESSON1, "src: media/modelo-aldea-taobao.svg", f'    alt: "{alt}"')
    issue = _only(sample.lint(), "alt-text")
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
    issue = _only(sample.lint(), "alt-text")
    line = sample.line_of(LESSON1, "![](media/modelo-aldea-taobao.svg)")
    assert at(issue, sample, LESSON1, line)
    assert issue.span is not None and issue.span.column == 11


def test_video_without_captions(sample: Workbench) -> None:
    sample.drop(LESSON2, "    captions:")
    issue = _only(sample.lint(), "video-no-captions")
    assert at(issue, sample, LESSON2, sample.line_of(LESSON2, "  - type: video"))


def test_correct_answer_always_longest(sample: Workbench) -> None:
    # x1..x3: the right option is the longest and always first.
    _add_bank(sample)
    issues = sample.lint()
    assert sorted(codes(issues)) == ["answer-longest", "answer-position"]
    for issue in issues:
        assert at(issue, sample, "banks/extra.yaml", 1)
        assert len(issue.related) == 3


def test_correct_answer_same_position_only(sample: Workbench) -> None:
    bank = EXTRA_BANK.replace("      - text: Café\n", f"      - text: {LONG}\n")
    _add_bank(sample, bank)
    issue = _only(sample.lint(), "answer-position")
    assert "number 1" in issue.message


def test_varied_answers_do_not_warn(sample: Workbench) -> None:
    bank = EXTRA_BANK.replace("      - text: Café\n", f"      - text: {LONG}\n").replace(
        "      - text: Miguel Cuevas, de la Secretaría de Educación\n        correct: true\n"
        "      - text: James Chang\n",
        "      - text: James Chang\n      - text: Miguel Cuevas, de la Secretaría de Educación\n"
        "        correct: true\n",
    )
    _add_bank(sample, bank)
    assert sample.lint() == []


def test_true_false_always_true(sample: Workbench) -> None:
    questions = "".join(
        f"  - id: vf{n}\n    type: true_false\n"
        f"    prompt: Afirmación número {n} sobre las aldeas.\n    answer: true\n"
        for n in range(1, 5)
    )
    _add_bank(sample, f"id: extra\ntitle: Extra\nquestions:\n{questions}")
    issue = _only(sample.lint(), "answer-position")
    assert "true/false" in issue.message


def test_duplicate_question(sample: Workbench) -> None:
    duplicate = EXTRA_BANK.split("  - id: x2")[0].replace("id: x1", "id: x9")
    bank = EXTRA_BANK + duplicate.split("questions:\n")[1]
    _add_bank(sample, bank)
    issues = [i for i in sample.lint() if i.code == "duplicate-question"]
    assert len(issues) == 1
    assert "'x9'" in issues[0].message and "'x1'" in issues[0].message
    assert at(issues[0], sample, "banks/extra.yaml", sample.line_of("banks/extra.yaml", "id: x9"))
    assert issues[0].related


def test_lesson_far_over_its_duration(sample: Workbench) -> None:
    sample.edit(LESSON4, "duration: 40 min", "duration: 15 min")
    issue = _only(sample.lint(), "lesson-too-long")
    assert at(issue, sample, LESSON4, 4)
    assert "15 min" in issue.message and "duration: 35 min" in (issue.hint or "")


def test_lesson_just_over_its_duration_is_fine(sample: Workbench) -> None:
    sample.edit(LESSON4, "duration: 40 min", "duration: 25 min")  # estimate ~31 < 1.5 x 25
    assert sample.lint() == []


def test_reading_speed_depends_on_language() -> None:
    assert reading_minutes(1800, "es-MX") == 10
    assert reading_minutes(2000, "en") == 10


def test_estimate_counts_media_and_activities(sample_loaded: LoadedCourse) -> None:
    course = sample_loaded.course
    lesson = next(les for les in course.lessons() if les.id == "guanajuato")
    estimate = estimate_lesson(lesson, course.language, course.questions())
    assert estimate.activities == 25
    assert estimate.minutes > estimate.activities + estimate.reading


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("[ver](#no-existe)", "no anchor"),
        ("[ver](#aldeas-taobao)", "is a lesson"),
        ("[ver]()", "no target"),
    ],
)
def test_dead_links(sample: Workbench, link: str, message: str) -> None:
    sample.insert_after(
        LESSON2, "## ¿Qué es una transmisión de venta en vivo?", "", f"      {link}"
    )
    issue = _only(sample.lint(), "dead-link")
    assert message in issue.message
    assert at(issue, sample, LESSON2, sample.line_of(LESSON2, link))


def test_links_that_resolve(sample: Workbench) -> None:
    sample.insert_after(
        LESSON2,
        "## ¿Qué es una transmisión de venta en vivo?",
        "",
        "      Ver [el caso](#cw-b1), [el glosario](#cw-toc) y [fuentes](https://example.org/#x).",
    )
    assert sample.lint() == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("no-existe.html", "no page"),
        ("ficha-y-fotos.html#no-hay", "no anchor 'no-hay'"),
        ("glossary.html#term-nada", "no anchor 'term-nada'"),
    ],
)
def test_dead_page_links(sample_loaded: LoadedCourse, url: str, message: str) -> None:
    # checks.py treats `x.html` as a course file, so these are set on the loaded model.
    course = sample_loaded.course.model_copy(deep=True)
    block = next(b for b in course.lessons()[1].blocks if isinstance(b, TextBlock))
    original = block.body
    try:
        block.body = f"[{url}]({url})"
        issues = lint_course(course, sample_loaded.root)
    finally:
        block.body = original
    assert codes(issues) == ["dead-link"]
    assert message in issues[0].message


def test_page_links_that_resolve(sample_loaded: LoadedCourse) -> None:
    course = sample_loaded.course.model_copy(deep=True)
    block = next(b for b in course.lessons()[1].blocks if isinstance(b, TextBlock))
    block.body = "[a](ficha-y-fotos.html) [b](glossary.html) [c](aldeas-taobao.html#introduccion)"
    assert lint_course(course, sample_loaded.root) == []


def test_quote_from_a_source_without_file(sample: Workbench) -> None:
    sample.edit("course.yaml", "    file: seeds/gdt-mexico.md\n", "")
    issues = sample.lint()
    assert set(codes(issues)) == {"quote-unverified"}
    messages = [i.message for i in issues]
    assert sum(m.startswith("quotation") for m in messages) == 5
    assert sum(m.startswith("key figures") for m in messages) >= 3


# --- silencing --------------------------------------------------------------------------


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


# --- numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("más de 800 familias", 800),
        ("8000 estudiantes", 8000),
        ("1,400 educators", 1400),
        ("1.400 educadores", 1400),
        ("8 000 estudiantes", 8000),
        ("8\u00a0000 estudiantes", 8000),
        ("2,5 horas", 2.5),
        ("ocho aldeas", 8),
        ("nueve instructores", 9),
        ("dieciséis talleres", 16),
        ("veinte mercados", 20),
        ("veintitrés cooperativas", 23),
        ("treinta y dos casas", 32),
        ("noventa días", 90),
        ("cien años", 100),
        ("ciento veinte artesanas", 120),
        ("cuatrocientos instructores", 400),
        ("quinientas familias", 500),
        ("ocho mil estudiantes", 8000),
        ("un millón de personas", 1_000_000),
        ("twenty-one villages", 21),
        ("one hundred and twenty", 120),
        ("eight thousand students", 8000),
    ],
)
def test_find_numbers(text: str, value: float) -> None:
    found = find_numbers(text)
    assert [n.value for n in found] == [value]


@pytest.mark.parametrize("text", ["una casa", "un pueblo", "one of them", "entre tres y cinco"])
def test_articles_and_ranges(text: str) -> None:
    assert len(find_numbers(text)) == (2 if "tres" in text else 0)


def test_anchor_slug_matches_the_renderer() -> None:
    from courseware.lint import anchor_slug
    from courseware.render.html import slug

    for term in ("Aldea Taobao", "GDT (Global Digital Talent)", "Número de guía", "¿Qué?", "x"):
        assert anchor_slug(term) == slug(term)


def test_page_links_are_recognised() -> None:
    from courseware.lint import is_page_link

    assert is_page_link("ficha-y-fotos.html") and is_page_link("./glossary.html#term-x")
    assert not is_page_link("media/hoja.html") and not is_page_link("https://example.org/a.html")
    assert not is_page_link("media/ficha.pdf") and not is_page_link("#cw-b1")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_fold_drops_exactly_the_combining_marks(text: str) -> None:
    import unicodedata

    from courseware.lint import fold

    decomposed = unicodedata.normalize("NFD", text.casefold())
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    assert fold(text) == " ".join(bare.split())
    assert fold("  Comunicación  EN línea ") == "comunicacion en linea"


_PROSE = st.text(
    alphabet=st.sampled_from(
        [*"abcñáéíóúü AZ09\n\t.,;:!?¡¿()*\"'’-_«»/…—", "\u00a0", "\u0301", "\u2003", "²"]
    ),
    max_size=80,
)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(_PROSE, st.text(max_size=40)))
def test_word_counts_are_the_patterns_however_they_are_counted(text: str) -> None:
    from courseware.lint.text import _WORD, count_words

    assert count_words(text) == len(_WORD.findall(text))


_MARKDOWN = st.lists(
    st.sampled_from([*"ab áZ09 \n.,-'[]()<>:/\"", "![x](y.png)", "<b>", "[t]: u", ' "t")']),
    max_size=30,
).map("".join)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(_PROSE, st.none()), max_size=6), st.lists(_MARKDOWN, max_size=6))
def test_texts_counted_together_count_as_each_counted_alone(
    plain: list[str | None], markdown: list[str]
) -> None:
    """A lesson's estimate counts its many short texts in one go: the same words."""
    from courseware.lint.text import count_words
    from courseware.lint.timing import _md_words, _Words

    words = _Words()
    words.text(*plain)
    words.markdown(*markdown)
    alone = sum(count_words(t) for t in plain if t) + sum(_md_words(t) for t in markdown)
    assert words.total() == alone


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(_PROSE, st.none()), max_size=6), st.lists(_MARKDOWN, max_size=6))
def test_the_quick_bound_on_words_is_never_below_the_count(
    plain: list[str | None], markdown: list[str]
) -> None:
    """Lessons whose bound is short enough are never counted: the bound must hold."""
    from courseware.lint.timing import _Words

    counted, bounded = _Words(), _Words(exact=False)
    for words in (counted, bounded):
        words.text(*plain)
        words.markdown(*markdown)
    assert bounded.total() >= counted.total()


def test_a_lesson_short_by_the_bound_is_short_by_the_count(sample_loaded: LoadedCourse) -> None:
    course = sample_loaded.course
    for lesson in course.lessons():
        exact = estimate_lesson(lesson, course.language, course.questions())
        bound = estimate_lesson(lesson, course.language, course.questions(), exact=False)
        assert bound.words >= exact.words and bound.minutes >= exact.minutes
        assert (bound.media, bound.activities, bound.questions) == (
            exact.media,
            exact.activities,
            exact.questions,
        )


def test_each_object_knows_its_file_without_its_places(sample_loaded: LoadedCourse) -> None:
    from courseware.checks import iter_nodes

    nodes = list(iter_nodes(sample_loaded.course))
    assert len({n.source_file for n in nodes}) > 5  # course.yaml, lessons, banks
    for node in nodes:
        span = node.span
        assert span is not None and node.source_file == span.path
