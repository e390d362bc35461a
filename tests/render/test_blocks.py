"""Interactive blocks (accordion, tabs, reveal, flip_cards, process, timeline) on the page:
readable without scripts, the script loaded only where needed, bad input reported at its line.

Keyboard use and axe are in tests/a11y; the print twins in tests/pdf/test_blocks_print.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html

from courseware.model import BLOCK_TYPES
from tests.load.conftest import run_check
from tests.render.conftest import SAMPLE_COURSE

NEW_BLOCKS = (
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


def _page(files: dict[str, bytes], name: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(files[name].decode("utf-8"))


def test_every_new_block_is_a_type_and_used_in_the_sample(sample_files: dict[str, bytes]) -> None:
    from courseware.load import load_course

    assert set(NEW_BLOCKS) <= set(BLOCK_TYPES)
    course = load_course(SAMPLE_COURSE).course
    used = {block.type for lesson in course.lessons() for block in lesson.blocks}
    assert set(NEW_BLOCKS) <= used


def test_disclosures_need_no_script(sample_files: dict[str, bytes]) -> None:
    """Accordion panels, the reveal's answer and flip cards are <details>: a summary to open,
    the content in the page (readable with scripts off, found by the browser's search)."""
    photos = _page(sample_files, "ficha-y-fotos.html")
    (accordion,) = photos.find_class("cw-accordion")
    panels = accordion.findall("details")
    assert len(panels) == 4
    assert panels[0].findtext("summary") == "¿Cómo sé que el producto es como en la foto?"
    assert "fotos reales" in panels[0].text_content()

    price = _page(sample_files, "precio-y-envio.html")
    (reveal,) = price.find_class("cw-reveal")
    assert reveal.get("aria-labelledby") == reveal.find("h2").get("id")
    assert reveal.find("details/summary").text == "Ver la respuesta"
    assert "«envío gratis» no existe" in reveal.find("details").text_content()

    terms = _page(sample_files, "gdt-y-ewtp.html")
    (flips,) = terms.find_class("cw-flips")
    cards = flips.findall(".//details")
    assert [c.find("summary").text_content() for c in cards][:2] == ["GDT", "eWTP"]
    assert "Global Digital Talent" in cards[0].text_content()


def test_tabs_and_process_read_in_order_without_script(sample_files: dict[str, bytes]) -> None:
    """Without scripts a tab list is a titled section per tab, a process a numbered list."""
    price = _page(sample_files, "precio-y-envio.html")
    (tabs,) = price.find_class("cw-tabs")
    sections = tabs.findall("section")
    assert [s.findtext("h3") for s in sections] == [
        "Vidrio y barro",
        "Líquidos",
        "Alimentos frescos",
        "Siempre",
    ]
    assert all(s.get("aria-labelledby") == s.find("h3").get("id") for s in sections)
    assert not any(s.get("hidden") is not None for s in sections)

    photos = _page(sample_files, "ficha-y-fotos.html")
    (process,) = photos.find_class("cw-process")
    steps = process.findall("ol/li")
    assert len(steps) == 6
    assert steps[0].findtext("h3/span") == "Paso 1 de 6"
    assert "Limpia la lente" in steps[0].find("h3").text_content()


def test_timeline_is_an_ordered_list_of_dated_events(sample_files: dict[str, bytes]) -> None:
    page = _page(sample_files, "ocho-aldeas-digitales.html")
    (timeline,) = page.find_class("cw-timeline")
    events = timeline.findall("ol/li")
    assert [e.find_class("cw-event-date")[0].text_content() for e in events] == [
        "Antes",
        "Tres años antes del artículo",
        "Hasta la fecha del artículo",
        "Fecha del artículo",
    ]


def test_block_styles_and_scripts_only_where_a_block_needs_them(
    sample_files: dict[str, bytes],
) -> None:
    """Each lesson links the stylesheet of each kind of block that has one (interactive
    blocks, key figures, quotes, video and audio, ordering, matching, cloze and numeric
    questions), and the script of
    those that need one (tabs, process, scenario, sort, hotspot, video cues); no other
    lesson does."""
    linked = {
        name: set(re.findall(r'"assets/blocks/([a-z_]+\.(?:css|js))"', body.decode()))
        for name, body in sample_files.items()
        if name.endswith(".html")
    }
    assert {name: found for name, found in linked.items() if found} == {
        "aldea-de-las-perlas.html": {
            "key_figures.css",
            "media.css",
            "numeric.css",
            "quote.css",
            "video.css",
            "video.js",
        },
        "aldeas-taobao.html": {"ordering.css", "quote.css"},
        "gdt-y-ewtp.html": {
            "cloze.css",
            "flip_cards.css",
            "key_figures.css",
            "matching.css",
            "numeric.css",
        },
        "guanajuato.html": {"ordering.css", "quote.css"},
        "ocho-aldeas-digitales.html": {
            "cloze.css",
            "key_figures.css",
            "matching.css",
            "media.css",
            "numeric.css",
            "timeline.css",
        },
        "ficha-y-fotos.html": {
            "hotspot.css",
            "hotspot.js",
            "process.css",
            "process.js",
            "accordion.css",
            "ordering.css",
        },
        "precio-y-envio.html": {"cloze.css", "numeric.css", "tabs.css", "tabs.js", "reveal.css"},
        "transmision-en-vivo.html": {
            "matching.css",
            "media.css",
            "ordering.css",
            "scenario.css",
            "scenario.js",
        },
        "confianza-y-plan.html": {"matching.css", "quote.css", "sort.css", "sort.js"},
    }
    script = sample_files["assets/blocks/tabs.js"]
    assert b"/*" not in script  # minified
    assert b'"tablist"' in script and b"aria-selected" in script


def test_scenario_moments_are_linked_without_script(sample_files: dict[str, bytes]) -> None:
    """Every moment is in the page, in order; each choice links to the moment it leads to."""
    page = _page(sample_files, "transmision-en-vivo.html")
    (scenario,) = page.find_class("cw-scenario")
    scenes = scenario.find_class("cw-scene")
    ids = {scene.get("id") for scene in scenes}
    assert len(scenes) == 8 and scenario.get("data-start") == scenes[0].get("id")
    assert all(scene.find("h3").get("tabindex") == "-1" for scene in scenes)  # focus target
    links = scenario.find_class("cw-scene-choice")
    assert len(links) == 9
    assert all(link.get("href")[1:] in ids for link in links)
    endings = scenario.find_class("cw-ending")
    assert len(endings) == 4
    assert endings[0].find_class("cw-scene-score")[0].text == "Resultado: 100 de 100"


def test_sort_items_are_radio_groups(sample_files: dict[str, bytes]) -> None:
    """Each item can be sorted with the keyboard or a click, with no script and no drag."""
    page = _page(sample_files, "confianza-y-plan.html")
    (sort,) = page.find_class("cw-sort")
    items = sort.find_class("cw-sort-item")
    assert len(items) == 6
    for item in items:
        radios = item.xpath("fieldset/label/input[@type='radio']")
        assert len(radios) == 2 and len({r.get("name") for r in radios}) == 1
        assert item.find(".//legend").text_content().strip()
    keys = sorted(item.get("data-key") for item in items)
    assert keys == ["0", "0", "1", "1", "1", "1"]
    assert sort.find_class("cw-sort-key")[0].tag == "details"


def _check(tmp_path: Path, old: str, new: str) -> tuple[int, list[dict[str, object]]]:
    course = tmp_path / "c"
    shutil.copytree(SAMPLE_COURSE, course)
    lesson = course / "lessons" / "07-precio-y-envio.yaml"
    text = lesson.read_text(encoding="utf-8")
    assert text.count(old) == 1
    lesson.write_text(text.replace(old, new), encoding="utf-8")
    code, report = run_check(course)
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    return code, errors


def _line_of(path: Path, fragment: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if fragment in line)


def test_a_tab_list_needs_two_tabs(tmp_path: Path) -> None:
    start = "      - title: Líquidos\n"
    old = start + (
        "        body: Sella la tapa con cinta y mete el frasco en una bolsa cerrada.\n"
        "      - title: Alimentos frescos\n"
        "        body: |\n"
        "          Véndelos solo donde puedan llegar en buen estado; empieza por entregas\n"
        "          cercanas.\n"
        "      - title: Siempre\n"
        "        body: Toma una foto del paquete cerrado y guarda el comprobante del envío.\n"
    )
    code, errors = _check(tmp_path, old, "")
    assert code == 1 and len(errors) == 1, errors
    (error,) = errors
    lesson = tmp_path / "c" / "lessons" / "07-precio-y-envio.yaml"
    assert error["line"] == _line_of(lesson, "- title: Vidrio y barro")  # the list
    assert error["message"] == "this list needs at least 2 items, not 1"


def test_a_misspelt_key_in_a_reveal_is_named(tmp_path: Path) -> None:
    code, errors = _check(tmp_path, "    prompt: |\n      Tu ficha", "    promt: |\n      Tu ficha")
    assert code == 1
    messages = " ".join(str(e["message"]) for e in errors)
    assert "promt" in messages
    lesson = tmp_path / "c" / "lessons" / "07-precio-y-envio.yaml"
    assert any(e["line"] == _line_of(lesson, "promt:") for e in errors)


def test_hotspot_points_link_to_numbered_notes_without_script(
    sample_files: dict[str, bytes],
) -> None:
    """Each pin sits on the image at its percent coordinates and links to its note, a
    <details> in a numbered list after the image: all readable, in order, with no script."""
    page = _page(sample_files, "ficha-y-fotos.html")
    (box,) = page.find_class("cw-hotspot")
    image = box.find(".//img")
    assert image.get("alt", "").startswith("Pantalla de celular") and image.get("width")
    pins = box.find_class("cw-hotspot-pin")
    notes = box.xpath(".//ol[@class='cw-hotspot-notes']/li")
    assert len(pins) == len(notes) == 6
    for n, (pin, note) in enumerate(zip(pins, notes, strict=True), start=1):
        assert pin.tag == "a" and pin.get("href") == "#" + note.get("id")
        assert pin.text_content() == str(n)
        label = note.find("details/summary").text_content()
        assert pin.get("aria-label") == f"Punto {n}: {label}"
        assert re.fullmatch(r"left:[\d.]+%;top:[\d.]+%", pin.get("style"))
    assert pins[0].get("style") == "left:20%;top:30%"
    assert "Foto 1 de 4" in notes[0].text_content()


def test_a_hotspot_point_off_the_image_is_named(tmp_path: Path) -> None:
    course = tmp_path / "c"
    shutil.copytree(SAMPLE_COURSE, course)
    lesson = course / "lessons" / "06-ficha-y-fotos.yaml"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("      - x: 20\n", "      - x: 120\n", 1), encoding="utf-8")
    code, report = run_check(course)
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert code == 1 and len(errors) == 1, errors
    assert errors[0]["line"] == _line_of(lesson, "- x: 120")
    assert "100" in str(errors[0]["message"])


def test_video_cue_questions_follow_the_video_without_script(
    sample_files: dict[str, bytes],
) -> None:
    """The cues' questions come right after the video, in time order, each answerable as a
    knowledge check (quiz.js is linked); video.js gets the video's id to pause it."""
    body = sample_files["aldea-de-las-perlas.html"].decode()
    page = lxml.html.fromstring(body)
    (cues,) = page.find_class("cw-cues")
    video = page.get_element_by_id(cues.get("data-video"))
    assert video.tag == "figure" and video.find(".//video") is not None
    assert cues.getprevious() is video
    found = [
        (c.get("data-at"), c.find_class("cw-question")[0].get("data-question"))
        for c in cues.find_class("cw-cue")
    ]
    assert found == [("7.3", "tf-cientos-comunidades"), ("15.8", "num-aldeas-digitales")]
    assert _texts_of(cues.find_class("cw-cue-at")) == ["En 0:07", "En 0:15"]
    assert cues.get("data-continue") == "Seguir viendo"
    assert '<script src="assets/quiz.js" defer>' in body


def _texts_of(nodes: list[lxml.html.HtmlElement]) -> list[str]:
    return [" ".join(n.text_content().split()) for n in nodes]


def test_a_cue_with_an_unknown_question_is_named(tmp_path: Path) -> None:
    course = tmp_path / "c"
    shutil.copytree(SAMPLE_COURSE, course)
    lesson = course / "lessons" / "02-aldea-de-las-perlas.yaml"
    text = lesson.read_text(encoding="utf-8")
    old = "question: num-aldeas-digitales"
    lesson.write_text(text.replace(old, "question: num-aldeas-digitale"), encoding="utf-8")
    code, report = run_check(course)
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert code == 1 and len(errors) == 1, errors
    assert errors[0]["line"] == _line_of(lesson, "question: num-aldeas-digitale")
    assert "num-aldeas-digitale" in str(errors[0]["message"])
    assert "num-aldeas-digitales" in str(errors[0].get("hint"))
