"""One string catalogue: course language, then its base language, then English, everywhere."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from courseware.build import BuildSettings, build_course
from courseware.cli import main
from courseware.export import ExportOptions, export_bank, export_course_quizzes
from courseware.i18n import LOCALES_DIR, available, instructor_language, messages
from courseware.load import LoadedCourse, load_bank, load_course

SAMPLE = Path(__file__).resolve().parent.parent / "courses" / "aldeas-digitales"
CATALOGUE = {name: json.loads((LOCALES_DIR / f"{name}.json").read_text()) for name in ("en", "es")}


def _texts(root: Path) -> Iterator[tuple[str, str]]:
    """(name, text) of every output file, the members of zip packages included."""
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".zip":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for member in archive.namelist():
                    yield f"{path.name}!{member}", archive.read(member).decode("utf-8", "replace")
        else:
            yield str(path.relative_to(root)), data.decode("utf-8", "replace")


def _spanish_markers(source_text: str) -> dict[str, str]:
    """Spanish UI phrases (parts of ``es`` strings unlike English) absent from the course."""
    markers: dict[str, str] = {}
    for key, value in CATALOGUE["es"].items():
        if key.startswith("cli.") or value == CATALOGUE["en"].get(key):
            continue
        for part in re.split(r"\{[^}]*\}", value):
            part = part.strip(" .:,")
            if len(part) >= 10 and part not in source_text:
                markers[part] = key
    return markers


def test_a_fr_fr_course_gets_no_spanish_in_any_output(tmp_path: Path) -> None:
    course = tmp_path / "curso"
    shutil.copytree(SAMPLE, course)
    yaml_file = course / "course.yaml"
    yaml_file.write_text(yaml_file.read_text().replace("language: es-MX", "language: fr-FR", 1))
    source = "\n".join(p.read_text("utf-8", "replace") for p in course.rglob("*.y*ml"))
    source += "\n".join(p.read_text("utf-8", "replace") for p in course.rglob("*.md"))
    markers = _spanish_markers(source)
    assert "Clave de respuestas" in markers and "Enviar respuestas" in markers
    report = build_course(
        course, tmp_path / "dist", ["html", "quiz", "packages"], settings=BuildSettings(jobs=1)
    )
    found = []
    names = []
    for name, text in _texts(report.path):
        names.append(name)
        escaped = text.encode("ascii", "backslashreplace").decode().replace("\\x", "\\u00")
        found += [(name, m) for m in markers if m in text or json.dumps(m)[1:-1] in escaped]
    assert found == [], "\n".join(map(str, found))
    assert not [n for n in names if re.search(r"-(clave|estudiante)\.", n)]
    everything = "\n".join(text for _, text in _texts(report.path))
    for english in ("Answer key", "Choose one answer.", "Submit answers"):
        assert english in everything, english


def test_base_language_then_english() -> None:
    assert messages("es-AR")("paper.key") == messages("es")("paper.key") == "Clave de respuestas"
    assert messages("fr-FR")("paper.key") == "Answer key"
    assert messages("fr-FR")("report.heading") == "Objective coverage"


@pytest.fixture
def extra_locale() -> Iterator[str]:
    """A new language added the documented way: one file in ``courseware/locales``."""
    name = "qaa"  # ISO 639 'reserved for local use': never a shipped catalogue
    path = LOCALES_DIR / f"{name}.json"
    assert not path.exists()
    strings = {"paper.key": "Kleo", "cli.check_ok": "{course}: bona", "lms.submit": "Sendi"}
    path.write_text(json.dumps(strings), encoding="utf-8")
    try:
        yield name
    finally:
        path.unlink()


def test_one_file_adds_a_language(
    extra_locale: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert extra_locale in available()
    bank = load_bank(SAMPLE / "banks" / "modelo-taobao.yaml")
    files = export_bank(
        bank, "print", course_dir=SAMPLE, options=ExportOptions(language=extra_locale)
    ).files
    key = next(v for k, v in files.items() if k.endswith("-key.html")).decode()
    assert "Kleo" in key and "Choose one answer." in key  # the rest falls back to English
    assert main(["--lang", extra_locale, "check", str(SAMPLE)]) == 0
    assert f"{SAMPLE}: bona" in capsys.readouterr().err


def test_instructor_language_from_flag_then_environment() -> None:
    env = {"LANG": "es_MX.UTF-8", "LC_MESSAGES": "", "LC_ALL": ""}
    assert instructor_language(None, env) == "es-MX"
    assert instructor_language("en", env) == "en"
    assert instructor_language(None, {**env, "LC_ALL": "en_GB.UTF-8"}) == "en-GB"
    assert instructor_language(None, {**env, "LC_MESSAGES": "fr_FR"}) == "fr-FR"
    assert instructor_language(None, {"LANG": "C.UTF-8"}) == "en"
    assert instructor_language(None, {}) == "en"


def test_cli_plurals_follow_babel() -> None:
    say = messages("es")
    assert say("cli.courses_built", n=1) == "1 curso generado"
    assert say("cli.courses_built", n=3) == "3 cursos generados"
    assert messages("en")("cli.courses_built", n=1) == "1 course built"


def test_spanish_and_english_catalogues_have_the_same_keys() -> None:
    assert sorted(CATALOGUE["es"]) == sorted(CATALOGUE["en"])


# --- quiz exports and quiz/report.md (the loss sentences) ------------------------------------
def _course_in(language: str, tmp_path: Path) -> LoadedCourse:
    """A copy of the sample course with ``language:`` set to ``language``, loaded."""
    course = tmp_path / "curso"
    shutil.copytree(SAMPLE, course, ignore=shutil.ignore_patterns("media"))
    yaml_file = course / "course.yaml"
    yaml_file.write_text(yaml_file.read_text().replace("language: es-MX", f"language: {language}"))
    return load_course(course)


def test_a_fr_fr_course_quiz_files_and_report_hold_no_spanish(tmp_path: Path) -> None:
    loaded = _course_in("fr-FR", tmp_path)
    source = "\n".join(p.read_text("utf-8") for p in loaded.root.rglob("*.y*ml"))
    markers = _spanish_markers(source)
    assert any(key.startswith("export.loss.") for key in markers.values())
    result = export_course_quizzes(loaded.course, loaded.root)
    found = [
        (name, marker)
        for name, data in result.files.items()
        for marker in markers
        if marker in data.decode("utf-8", "replace")
    ]
    assert found == []
    report = result.files["report.md"].decode()
    assert result.losses and all(loss.what in report for loss in result.losses)


def test_a_spanish_course_report_has_no_english_loss_line(tmp_path: Path) -> None:
    loaded = _course_in("es", tmp_path)
    result = export_course_quizzes(loaded.course, loaded.root)
    report = result.files["report.md"].decode()
    assert len({loss.key for loss in result.losses}) >= 10
    for loss in result.losses:
        assert loss.text("es") in report and loss.what not in report, loss.key
    english = {v for k, v in CATALOGUE["en"].items() if k.startswith("export.loss.")}
    parts = {p.strip() for v in english for p in re.split(r"\{[^}]*\}", v)}
    assert not [p for p in parts if len(p) >= 12 and p in report]
    report_json = json.loads(result.files["report.json"])  # for tools: English, stable
    assert "Moodle" in json.dumps(report_json["losses"]["moodle"])


def test_a_bank_exported_alone_without_language_is_english() -> None:
    bank = load_bank(SAMPLE / "banks" / "modelo-taobao.yaml").model_copy(update={"language": None})
    files = export_bank(bank, "print", course_dir=SAMPLE).files
    key = next(v for k, v in files.items() if k.endswith("-key.html")).decode()
    assert "Answer key" in key and "Clave de respuestas" not in key
    csv = export_bank(bank, "csv", course_dir=SAMPLE).files
    assert "Respuesta" not in next(iter(csv.values())).decode("utf-8-sig").splitlines()[0]


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _folded(text: str) -> str:
    """Case folded, white space and hyphens gone: PDFs wrap, hyphenate and upper-case."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text.casefold())


def test_a_fr_fr_course_gets_no_spanish_in_its_pdfs_and_epub(tmp_path: Path) -> None:
    from courseware.load import load_course
    from courseware.render.epub import render_epub
    from courseware.render.pdf import draw_pdf, plan_pdfs

    course = tmp_path / "curso"
    shutil.copytree(SAMPLE, course)
    yaml_file = course / "course.yaml"
    yaml_file.write_text(yaml_file.read_text().replace("language: es-MX", "language: fr-FR", 1))
    source = "\n".join(p.read_text("utf-8", "replace") for p in course.rglob("*.y*ml"))
    source += "\n".join(p.read_text("utf-8", "replace") for p in course.rglob("*.md"))
    everywhere = _folded(source)  # PDFs upper-case and wrap: compare folded, both sides
    markers = {_folded(m): m for m in _spanish_markers(source) if _folded(m) not in everywhere}
    assert _folded("En este módulo") in markers and _folded("Clave de respuestas") in markers
    loaded = load_course(course)
    plan = plan_pdfs(loaded)
    assert not [i.format() for i in plan.issues if i.severity == "error"]
    names = [job.relpath for job in plan.jobs]
    assert not [n for n in names if re.search(r"lecciones/|cuaderno|guia|-clave|-estudiante", n)]
    chosen = [
        names[0],
        f"{loaded.course.id}-workbook.pdf",
        f"{loaded.course.id}-instructor-guide.pdf",
    ]
    chosen += [n for n in names if n.endswith("-key.pdf")][:1]
    texts: dict[str, str] = {}
    for job in (j for j in plan.jobs if j.relpath in chosen):
        result = draw_pdf(job)
        assert result.pdf is not None, result.error
        texts[job.relpath] = _pdf_text(result.pdf)
    assert sorted(texts) == sorted(chosen)
    (book,) = render_epub(loaded)[0].values()
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        for member in archive.namelist():
            if member.endswith((".xhtml", ".opf", ".ncx", ".css")):
                texts[member] = archive.read(member).decode("utf-8")
    found = [
        (name, markers[m]) for name, text in texts.items() for m in markers if m in _folded(text)
    ]
    assert found == [], "\n".join(map(str, found))
    everything = _folded("\n".join(texts.values()))
    for english in ("In this module", "Answer key", "Contents", "Page 3 of"):
        assert _folded(english) in everything, english
