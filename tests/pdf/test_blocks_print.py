"""Print and EPUB twins of the interactive blocks, read from the documents' HTML (no drawing).

Handouts and workbook: accordion and tabs as titled sections, flip cards as a two-column
table, process and timeline as numbered lists, reveal as its prompt with lines to write on
and no answer. Guide: the reveal answers. EPUB: everything, the reveal answer after its prompt.
"""

from __future__ import annotations

import io
import re
import zipfile

import lxml.html
import pytest

from courseware.load import LoadedCourse
from courseware.render.pdf import plan_pdfs

ANSWER = "el «envío gratis» no existe"
PROMPT = "Tu ficha dice «envío gratis»"


@pytest.fixture(scope="module")
def documents(loaded: LoadedCourse) -> dict[str, str]:
    plan = plan_pdfs(loaded)
    assert not [i for i in plan.issues if i.severity == "error"]
    return {job.relpath: job.html for job in plan.jobs}


def _doc(documents: dict[str, str], start: str) -> lxml.html.HtmlElement:
    (name,) = [n for n in documents if n.startswith(start)]
    return lxml.html.fromstring(documents[name])


def _texts(nodes: list[lxml.html.HtmlElement]) -> list[str]:
    return [" ".join(n.text_content().split()) for n in nodes]


def test_accordion_and_tabs_are_sections(documents: dict[str, str]) -> None:
    price = _doc(documents, "lecciones/07-")
    (tabs,) = price.find_class("cw-tabs")
    assert _texts(tabs.xpath("section/*[1]")) == [
        "Vidrio y barro",
        "Líquidos",
        "Alimentos frescos",
        "Siempre",
    ]
    assert all(h.tag in {"h3", "h4"} for h in tabs.xpath("section/*[1]"))
    photos = _doc(documents, "lecciones/06-")
    (accordion,) = photos.find_class("cw-accordion")
    assert len(accordion.xpath("section[h3 or h4]")) == 4
    assert "fotos reales" in accordion.text_content()


def test_flip_cards_are_a_two_column_table(documents: dict[str, str]) -> None:
    terms = _doc(documents, "lecciones/03-")
    (flips,) = terms.find_class("cw-flips")
    assert _texts(flips.xpath(".//thead//th")) == ["Término", "Qué significa"]
    rows = flips.xpath(".//tbody/tr")
    assert len(rows) == 5
    assert _texts(rows[0].xpath("th")) == ["GDT"]
    assert "Global Digital Talent" in rows[0].xpath("td")[0].text_content()


def test_process_and_timeline_are_numbered_lists(documents: dict[str, str]) -> None:
    photos = _doc(documents, "lecciones/06-")
    (steps,) = photos.find_class("cw-steps")
    assert steps.tag == "ol" and len(steps.findall("li")) == 6
    villages = _doc(documents, "lecciones/05-")
    (events,) = villages.find_class("cw-events")
    assert events.tag == "ol"
    assert _texts(events.find_class("cw-event-date"))[1] == "Tres años antes del artículo"


def test_reveal_has_room_to_write_and_its_answer_only_in_the_guide(
    documents: dict[str, str],
) -> None:
    for start in ("lecciones/07-", "aldeas-digitales-cuaderno"):
        doc = _doc(documents, start)
        reveal = next(r for r in doc.find_class("cw-reveal") if PROMPT in r.text_content())
        assert len(reveal.find_class("cw-line")) == 4, start
        assert ANSWER not in doc.text_content(), start
    guide = _doc(documents, "aldeas-digitales-guia")
    answers = [r for r in guide.find_class("cw-reveal") if PROMPT in r.text_content()]
    assert len(answers) == 1
    assert ANSWER in answers[0].text_content()
    assert not answers[0].find_class("cw-line")
    assert "Respuestas de «Piensa y responde»" in guide.text_content()


def test_scenario_is_a_decision_table_with_its_endings(documents: dict[str, str]) -> None:
    live = _doc(documents, "lecciones/08-")
    (scenario,) = live.find_class("cw-scenario")
    rows = scenario.xpath(".//table[contains(@class, 'cw-decisions')]/tbody/tr")
    assert len(rows) == 4  # the moments with choices
    assert "pasa a 2" in rows[0].text_content() and "pasa a 3" in rows[0].text_content()
    endings = scenario.xpath(".//dl[contains(@class, 'cw-endings')]/dt")
    assert _texts(endings)[0] == "5. Ganas confianza · 100/100"
    assert len(endings) == 4


def test_sort_is_a_matching_exercise_with_the_key_in_the_guide(
    documents: dict[str, str],
) -> None:
    trust = _doc(documents, "lecciones/09-")
    (sort,) = trust.find_class("cw-sort")
    assert _texts(sort.find_class("cw-sort-categories")[0].findall("li")) == [
        "A. Ya puedes enviar",
        "B. No envíes todavía",
    ]
    blanks = sort.xpath(".//ol[contains(@class, 'cw-sort-items')]/li/span[@class='cw-slot']")
    assert len(blanks) == 6 and not any(b.text_content().strip() for b in blanks)
    guide = _doc(documents, "aldeas-digitales-guia")
    (keyed,) = guide.find_class("cw-sort")
    letters = {
        " ".join(li.text_content().split()[1:]): li.find("strong").text
        for li in keyed.xpath(".//ol/li")
    }
    assert letters["Revisaste en tu banca que la transferencia llegó"] == "A"
    assert letters["Pagan de más y te piden que devuelvas la diferencia"] == "B"


def test_epub_has_every_block_and_the_reveal_answer(epub_bytes: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(epub_bytes)) as book:
        text = " ".join(
            book.read(name).decode("utf-8") for name in book.namelist() if name.endswith("xhtml")
        )
    markers = ("cw-accordion", "cw-tabs", "cw-flips", "cw-steps", "cw-events", "cw-reveal")
    for marker in (*markers, "cw-decisions", "cw-sort-items", "cw-hotspot-legend"):
        assert re.search(rf'class="[^"]*\b{marker}\b', text), marker
    assert ANSWER in text
    assert "cw-line" not in text  # no ruled lines in a reflowable book


def test_hotspot_is_the_image_with_numbered_markers_and_a_legend(
    documents: dict[str, str],
) -> None:
    for start in ("lecciones/06-", "aldeas-digitales-cuaderno"):  # handout, workbook
        doc = _doc(documents, start)
        (box,) = doc.find_class("cw-hotspot")
        markers = box.find_class("cw-hotspot-marker")
        assert _texts(markers) == [str(n) for n in range(1, 7)], start
        assert markers[0].get("style") == "left:20%;top:30%"
        legend = box.xpath(".//ol[@class='cw-hotspot-legend']/li")
        assert len(legend) == 6
        assert _texts(legend)[1].startswith("El título. Dice qué es")


def test_video_cues_are_listed_after_the_video(documents: dict[str, str]) -> None:
    for start in ("lecciones/02-", "aldeas-digitales-cuaderno"):
        doc = _doc(documents, start)
        (cues,) = doc.find_class("cw-cues")
        media = cues.getprevious()
        assert "cw-media" in media.get("class") and "De la aldea Taobao" in media.text_content()
        assert _texts(cues.find_class("cw-cue-at")) == ["En 0:07", "En 0:15"]
        assert len(cues.find_class("cw-question")) == 2
        assert "cientos de comunidades" in cues.text_content()
