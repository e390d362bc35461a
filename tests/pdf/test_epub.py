"""The EPUB 3 of the sample course: container layout, content and epubcheck."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from courseware.load import LoadedCourse, load_course
from courseware.render.epub import render_epub, to_xhtml
from courseware.render.markdown import plain_text
from tests.pdf.helpers import normalize

EPUBCHECK_JARS = (Path("/usr/share/java/epubcheck.jar"),)


def _epubcheck() -> list[str]:
    jar = next((p for p in EPUBCHECK_JARS if p.is_file()), None)
    java = shutil.which("java")
    assert jar and java, "epubcheck is missing: apt-get install epubcheck (see tests/run.sh)"
    return [java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(jar)]


def test_container_layout(epub_bytes: bytes) -> None:
    archive = zipfile.ZipFile(BytesIO(epub_bytes))
    first = archive.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert archive.read("mimetype") == b"application/epub+zip"
    names = archive.namelist()
    assert "META-INF/container.xml" in names and "EPUB/package.opf" in names
    assert "EPUB/nav.xhtml" in names
    assert any(n.endswith(".png") for n in names) and any(n.endswith(".svg") for n in names)
    assert not any(n.endswith((".yaml", ".yml", ".js", ".mp4", ".mp3")) for n in names)
    opf = archive.read("EPUB/package.opf").decode()
    assert "<dc:language>es-MX</dc:language>" in opf
    assert re.search(r'property="dcterms:modified">\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<', opf)


def test_every_lesson_and_question_is_there_and_no_notes(
    epub_bytes: bytes, loaded: LoadedCourse
) -> None:
    archive = zipfile.ZipFile(BytesIO(epub_bytes))
    text = normalize(
        " ".join(
            re.sub(r"<[^>]+>", " ", archive.read(n).decode())
            for n in archive.namelist()
            if n.endswith(".xhtml")
        )
    )
    questions = loaded.course.questions()
    for lesson in loaded.course.lessons():
        assert normalize(lesson.title) in text
        for block in lesson.blocks:
            if block.instructor_notes:
                assert normalize(plain_text(block.instructor_notes))[:60] not in text
            if block.type == "knowledge_check":
                for qid in block.questions:
                    prompt = plain_text(questions[qid].prompt)  # type: ignore[attr-defined]
                    assert normalize(prompt) in text


def test_rebuild_is_byte_identical(epub_bytes: bytes, loaded: LoadedCourse) -> None:
    again, _ = render_epub(loaded)
    assert list(again.values()) == [epub_bytes]


def test_xhtml_conversion() -> None:
    xhtml = to_xhtml(
        '<!DOCTYPE html><html lang="es"><body><section epub:type="chapter">'
        '<img src="a.png" alt="" loading="lazy"><br><!-- c --><p>x &amp; y</p></section>'
        "</body></html>"
    ).decode()
    assert '<html xmlns="http://www.w3.org/1999/xhtml"' in xhtml
    assert 'xml:lang="es"' in xhtml and 'epub:type="chapter"' in xhtml
    assert '<img src="a.png" alt=""/>' in xhtml and "<br/>" in xhtml
    assert "loading" not in xhtml and "x &amp; y" in xhtml


PRUEBA = Path(__file__).resolve().parents[1] / "render" / "testdata" / "curso-prueba"


@pytest.mark.parametrize("course", ["sample", "every-block-and-question"])
def test_epubcheck_reports_no_errors(epub_bytes: bytes, tmp_path: Path, course: str) -> None:
    if course == "sample":
        data = epub_bytes
    else:
        files, issues = render_epub(load_course(PRUEBA))
        assert not issues
        (data,) = files.values()
    book = tmp_path / "course.epub"
    book.write_bytes(data)
    run = subprocess.run(
        [*_epubcheck(), str(book)], capture_output=True, text=True, timeout=300, check=False
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "0 fatals / 0 errors" in output, output
