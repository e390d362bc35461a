"""Glossary terms linked where they first appear in a lesson: on the page, on paper, in the EPUB."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import lxml.html
from markupsafe import escape

from courseware.load import load_course
from courseware.model.course import GlossaryEntry
from courseware.render.epub import render_epub
from courseware.render.glossary_links import (
    Term,
    TermLinker,
    epub_term,
    glossary_terms,
    html_term,
    inline,
    print_linkers,
)
from courseware.render.html import render_site
from tests.render.conftest import SAMPLE_COURSE, course_copy

TERMS = [
    Term("term-pyme", "Pyme", "Pequeña o mediana empresa."),
    Term("term-gdt", "GDT (Global Digital Talent)", "Un programa."),
    Term("term-ec", "Comercio electrónico", "Compra y venta por internet."),
    Term("term-taobao", "Taobao", "Una plataforma."),
    Term("term-aldea-taobao", "Aldea Taobao", "Un pueblo."),
]


def _brackets(term: Term, text: str) -> str:
    return f"[{term.anchor}:{text}]"


def test_first_appearance_whole_words_ignoring_accents_capitals_and_plurals() -> None:
    link = TermLinker(TERMS, _brackets)
    html = "<p>Las PYMES hacen COMERCIO ELECTRONICO; una pyme más. Pymera no.</p>"
    assert link(html) == (
        "<p>Las [term-pyme:PYMES] hacen [term-ec:COMERCIO ELECTRONICO]; una pyme más."
        " Pymera no.</p>"
    )
    assert link("<p>Pymes otra vez</p>") == "<p>Pymes otra vez</p>"  # once per linker


def test_a_term_in_parentheses_is_found_by_either_name_and_longest_first() -> None:
    link = TermLinker(TERMS, _brackets)
    out = link("<p>El programa GDT y la aldea   Taobao, luego Taobao.</p>")
    assert out == (
        "<p>El programa [term-gdt:GDT] y la [term-aldea-taobao:aldea   Taobao],"
        " luego [term-taobao:Taobao].</p>"
    )
    assert TermLinker(TERMS, _brackets)("<p>Global digital talent</p>") == (
        "<p>[term-gdt:Global digital talent]</p>"
    )


def test_letters_that_fold_to_more_or_fewer_link_the_text_as_written() -> None:
    terms = [Term("term-strasse", "Strasse", "Calle."), Term("term-cafe", "Café", "Bebida.")]
    link = TermLinker(terms, _brackets)
    # "ß" folds to two letters, a decomposed accent to none: the link keeps the text
    html = "<p>La STRAẞE, la straße y los cafe\u0301s de Ñandutí.</p>"
    assert link(html) == (
        "<p>La [term-strasse:STRAẞE], la straße y los [term-cafe:cafe\u0301s] de Ñandutí.</p>"
    )
    assert TermLinker(terms, _brackets)("<p>CAFÉS</p>") == "<p>[term-cafe:CAFÉS]</p>"


def test_links_code_headings_and_summaries_are_left_alone() -> None:
    link = TermLinker(TERMS, _brackets)
    html = (
        '<h2>Pyme</h2><p><a href="x">pyme</a> <code>pyme</code></p>'
        "<details><summary>Pyme</summary><p>Una pyme.</p></details>"
    )
    assert link(html) == (
        '<h2>Pyme</h2><p><a href="x">pyme</a> <code>pyme</code></p>'
        "<details><summary>Pyme</summary><p>Una [term-pyme:pyme].</p></details>"
    )


def test_the_web_link_is_described_by_the_definition() -> None:
    link = TermLinker(TERMS[:1], html_term(lambda text: escape(text)))
    page = lxml.html.fromstring(str(link("<p>Una pyme.</p>")))
    (anchor,) = page.find_class("cw-term")
    assert anchor.get("href") == "glossary.html#term-pyme"
    tip = page.get_element_by_id(anchor.get("aria-describedby"))
    assert tip.text_content() == "Pequeña o mediana empresa." and tip.get("role") == "tooltip"
    assert anchor.getparent().get("class") == "cw-gloss"


def test_definitions_are_made_to_fit_inside_a_sentence() -> None:
    assert inline("<p>Uno.</p>\n<p>Dos <em>tres</em>.</p>\n") == "Uno. Dos <em>tres</em>."
    assert inline("<p>Lista:</p><ul><li>a &amp; b</li></ul>") == "Lista: a &amp; b"


def test_anchors_are_the_glossary_pages_anchors() -> None:
    entries = [
        GlossaryEntry(term="Pyme", definition="x"),
        GlossaryEntry(term="pyme", definition="y"),
        GlossaryEntry(term="Ñu", definition="z", id="animal"),
    ]
    # alphabetical (ñ after n), as the glossary page lists them
    anchors = [t.anchor for t in glossary_terms(entries)]
    assert anchors == ["term-animal", "term-pyme", "term-pyme-2"]


def _page(files: dict[str, bytes], name: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(files[name].decode())


def test_sample_lesson_links_each_term_once_to_its_glossary_entry(
    sample_files: dict[str, bytes],
) -> None:
    page = _page(sample_files, "precio-y-envio.html")
    links = page.find_class("cw-term")
    assert [a.get("href") for a in links] == [
        "glossary.html#term-costo-unitario",
        "glossary.html#term-paqueteria",
    ]
    glossary = _page(sample_files, "glossary.html")
    for link in links:
        anchor = link.get("href").split("#")[1]
        assert glossary.get_element_by_id(anchor) is not None
        assert page.get_element_by_id(link.get("aria-describedby")).text_content()
    # later mentions are plain text; headings are never linked
    text = page.find_class("cw-lesson")[0].text_content().casefold()
    assert text.count("paquetería") > 1
    assert not page.xpath("//h2//a[@class='cw-term'] | //h3//a[@class='cw-term']")
    # the page links glossary.css; a lesson without terms does not
    assert (
        '<link rel="stylesheet" href="assets/glossary.css">'
        in sample_files["precio-y-envio.html"].decode()
    )
    assert "glossary.css" not in sample_files["transmision-en-vivo.html"].decode()


def test_a_course_can_turn_glossary_links_off(tmp_path: Path) -> None:
    root = course_copy(
        SAMPLE_COURSE,
        tmp_path / "c",
        settings={"completion": "final_quiz", "final_quiz": "examen-final", "link_glossary": False},
    )
    files = render_site(load_course(root))
    assert b"cw-term" not in files["precio-y-envio.html"]
    assert b"glossary.css" not in files["precio-y-envio.html"]


def test_print_footnotes_and_epub_links() -> None:
    loaded = load_course(SAMPLE_COURSE)
    scopes, anchors = print_linkers(loaded.course, "pdf", lambda text, top: f"<p>{text}</p>")
    lesson = scopes.open()
    out = scopes.link("<p>El costo unitario y el COSTO UNITARIO.</p>", lesson)
    assert out.count('class="cw-fn"') == 1
    assert (
        '<span class="cw-term">costo unitario</span><span class="cw-fn"><b>Costo unitario.</b>'
        in out
    )
    assert "cw-fn" not in scopes.link("<p>costo unitario</p>", lesson)  # once per lesson
    assert anchors["Costo unitario"] == "term-costo-unitario"
    assert scopes.link("<p>costo unitario</p>", scopes.open()).count("cw-fn") == 1  # next one
    link = TermLinker(glossary_terms(loaded.course.glossary), epub_term())
    assert 'href="glossary.xhtml#term-pyme"' in link("<p>pymes</p>")

    epub, issues = render_epub(loaded)
    assert not [i for i in issues if i.severity == "error"]
    archive = zipfile.ZipFile(io.BytesIO(next(iter(epub.values()))))
    chapter = archive.read("EPUB/07-precio-y-envio.xhtml").decode()
    glossary = archive.read("EPUB/glossary.xhtml").decode()
    hrefs = re.findall(r'<a class="cw-term" href="glossary\.xhtml#([^"]+)"', chapter)
    assert hrefs == ["term-costo-unitario", "term-paqueteria"]
    for anchor in hrefs:
        assert f'<dt id="{anchor}"' in glossary


def test_linkers_sharing_a_memo_link_as_linkers_alone() -> None:
    texts = [
        "<p>Una pyme vende por comercio electrónico.</p>",
        "<p>Otra pyme y la aldea Taobao.</p>",
        "<p>Taobao, GDT y comercio electrónico.</p>",
    ]
    alone = TermLinker(TERMS, _brackets)
    expected = [alone(text) for text in texts]
    memo: dict[tuple[tuple[int, ...], str], tuple[str, tuple[int, ...]]] = {}
    for _ in range(2):  # the second linker finds every linking in the memo
        shared = TermLinker(TERMS, _brackets, memo)
        assert [shared(text) for text in texts] == expected
        assert shared.linked == alone.linked
    # The same text after other terms were linked: its own result, not the memo's.
    later = TermLinker(TERMS, _brackets, memo)
    assert later(texts[1]) == "<p>Otra [term-pyme:pyme] y la [term-aldea-taobao:aldea Taobao].</p>"
    assert later(texts[0]) == "<p>Una pyme vende por [term-ec:comercio electrónico].</p>"


def test_a_lesson_page_asks_for_the_glossary_styles_when_it_links_a_term() -> None:
    site = render_site(load_course(SAMPLE_COURSE))
    lessons = [
        site[f"{lesson.id}.html"].decode() for lesson in load_course(SAMPLE_COURSE).course.lessons()
    ]
    linking = [page for page in lessons if 'class="cw-term"' in page]
    assert linking and len(linking) < len(lessons)  # both kinds are tried
    for page in lessons:
        assert ('href="assets/glossary.css"' in page) == ('class="cw-term"' in page)
        anchors = re.findall(r'class="cw-term" href="glossary.html#([^"]+)"', page)
        assert len(anchors) == len(set(anchors))  # each term once a page
        assert page.count('class="cw-def"') == len(anchors)  # each with its definition
