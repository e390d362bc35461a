"""The packages themselves: official XSDs, contents, shipped schemas, reproducible zips."""

from __future__ import annotations

import filecmp
import io
import zipfile
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from courseware.errors import CoursewareError
from courseware.load import LoadedCourse
from courseware.package import KINDS, build_packages, package_kind
from courseware.package.common import SCHEMAS_DIR, PackageOptions, inject_scripts
from tests.package.conftest import extract
from tests.validators import STANDARDS_DIR, page_check_many, xsd_errors

CP12 = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
CP2004 = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
CMI5 = "{https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd}"


@pytest.fixture(scope="module")
def unpacked(sample_packages: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("unpacked")
    for name, data in sample_packages.items():
        extract(data, root / name.removesuffix(".zip").removeprefix("aldeas-digitales-"))
    return root


@pytest.fixture(scope="module")
def per_module(
    sample: LoadedCourse, sample_site: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    out, issues = build_packages(
        sample,
        sample_site,
        None,
        PackageOptions(kinds=("scorm12", "scorm2004"), sco_per_module=True),
    )
    assert not [i for i in issues if i.severity == "error"]
    root = tmp_path_factory.mktemp("modules")
    for name, data in out.items():
        extract(data, root / name.removesuffix(".zip").removeprefix("aldeas-digitales-"))
    return root


def test_names(sample_packages: dict[str, bytes]) -> None:
    assert sorted(sample_packages) == sorted(f"aldeas-digitales-{k}.zip" for k in KINDS)
    assert list(KINDS) == ["scorm12", "scorm2004", "imscc", "cmi5", "web"]
    with pytest.raises(CoursewareError, match="unknown package format"):
        package_kind("scorm3")


@pytest.mark.parametrize("layout", ["unpacked", "per_module"])
@pytest.mark.parametrize("kind", ["scorm12", "scorm2004"])
def test_scorm_manifests_are_valid(kind: str, layout: str, request: pytest.FixtureRequest) -> None:
    root: Path = request.getfixturevalue(layout)
    assert xsd_errors(kind, root / kind / "imsmanifest.xml", engine="both") == []


def test_cartridge_is_valid(unpacked: Path) -> None:
    cc = unpacked / "imscc"
    documents = [
        cc / "imsmanifest.xml",
        cc / "question-bank.xml",
        *sorted(cc.glob("*/*/assessment.xml")),
    ]
    assert len(documents) == 2 + 4  # manifest, bank, one assessment per quiz
    for document in documents:
        assert xsd_errors("cc11", document, engine="both") == [], document
    manifest = etree.parse(str(cc / "imsmanifest.xml"))
    ns = {"cp": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"}
    hrefs = manifest.xpath("//cp:file/@href", namespaces=ns)
    for href in hrefs:
        assert (cc / href).is_file(), href
    types = manifest.xpath("//cp:resource/@type", namespaces=ns)
    assert types.count("imsqti_xmlv1p2/imscc_xmlv1p1/question-bank") == 1
    lessons = manifest.xpath("//cp:item[starts-with(@identifier, 'lesson-')]", namespaces=ns)
    assert len(lessons) == 9
    final = etree.parse(str(cc / "quizzes" / "examen-final" / "assessment.xml"))
    items = final.xpath("//q:item", namespaces={"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"})
    assert 5 <= len(items) <= 8  # matching/ordering/cloze have no CC 1.1 form


def test_cartridge_pages_have_no_site_frame_and_no_links_between_pages(unpacked: Path) -> None:
    """An LMS makes each page its own activity: a link to another page would be broken."""
    web = unpacked / "imscc" / "web_resources"
    pages = sorted(web.glob("*.html"))
    assert {p.name for p in pages} >= {"index.html", "glossary.html", "sources.html"}
    for page in pages:
        body = lxml.html.parse(str(page)).getroot().find("body")
        assert body is not None and body.xpath(".//h1"), page.name
        assert not body.xpath(".//script | .//nav[contains(@class, 'cw-toc')]"), page.name
        for href in body.xpath(".//a/@href"):
            local = not href.startswith(("#", "http:", "https:", "mailto:"))
            assert not (local and ".htm" in href), (page.name, href)


@pytest.mark.parametrize("kind,ns", [("scorm12", CP12), ("scorm2004", CP2004)])
def test_scorm_contents(unpacked: Path, kind: str, ns: str) -> None:
    root = unpacked / kind
    manifest = etree.parse(str(root / "imsmanifest.xml")).getroot()
    (resource,) = manifest.iter(f"{ns}resource")
    assert resource.get("href") == "lms.html"
    listed = {f.get("href") for f in resource.iter(f"{ns}file")}
    present = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    schemas = {p for p in present if p.endswith((".xsd", ".dtd"))}
    assert listed == present - schemas - {"imsmanifest.xml"}
    assert {
        "lms.html",
        "index.html",
        "quiz-examen-final.html",
        "assets/lms.js",
        "assets/course-data.js",
    } <= listed
    (item,) = manifest.iter(f"{ns}item")
    assert item.get("identifierref") == "sco"
    for page in sorted(root.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        if page.name == "lms.html":
            assert "data-cw-host" in text
            continue
        data = text.index('<script src="assets/course-data.js" defer></script>')
        runtime = text.index('<script src="assets/lms.js" defer></script>')
        assert data < runtime < text.index("assets/courseware.js") < text.index("</head>"), (
            page.name
        )


def test_scorm12_masteryscore_and_flat_organisation(unpacked: Path, per_module: Path) -> None:
    manifest = etree.parse(str(unpacked / "scorm12" / "imsmanifest.xml")).getroot()
    items = list(manifest.iter(f"{CP12}item"))
    assert len(items) == 1
    mastery = items[0].find("{http://www.adlnet.org/xsd/adlcp_rootv1p2}masteryscore")
    assert mastery is not None and mastery.text == "70"
    split = etree.parse(str(per_module / "scorm12" / "imsmanifest.xml")).getroot()
    params = [i.get("parameters") for i in split.iter(f"{CP12}item")]
    assert params == [
        "?sco=modelo-taobao",
        "?sco=aldeas-mexico",
        "?sco=producto-en-linea",
        "?sco=vender-y-crecer",
        "?sco=_quiz",
    ]


def test_scorm2004_sequencing(unpacked: Path) -> None:
    manifest = etree.parse(str(unpacked / "scorm2004" / "imsmanifest.xml")).getroot()
    ss = "{http://www.imsglobal.org/xsd/imsss}"
    (control,) = manifest.iter(f"{ss}controlMode")
    assert control.get("flow") == "true"
    (primary,) = manifest.iter(f"{ss}primaryObjective")
    assert primary.get("satisfiedByMeasure") == "true"
    assert primary.findtext(f"{ss}minNormalizedMeasure") == "0.7"
    objectives = [o.get("objectiveID") for o in manifest.iter(f"{ss}objective")]
    assert len(objectives) == 7 and objectives[0] == "obj-modelo-taobao"
    # Moodle 5.1 rejects any mapInfo and passes the last objective's measure to the SCO.
    assert not list(manifest.iter(f"{ss}mapInfo"))
    measures = [o.findtext(f"{ss}minNormalizedMeasure") for o in manifest.iter(f"{ss}objective")]
    assert measures == ["0.7"] * 7
    (delivery,) = manifest.iter(f"{ss}deliveryControls")
    assert delivery.get("completionSetByContent") == delivery.get("objectiveSetByContent") == "true"


def test_shipped_schemas_are_the_official_files(unpacked: Path) -> None:
    for folder, kind in (("scorm12", "scorm12"), ("scorm2004-4th", "scorm2004")):
        official = STANDARDS_DIR / folder
        files = [p.relative_to(official) for p in official.rglob("*") if p.is_file()]
        assert files
        for rel in files:
            assert filecmp.cmp(official / rel, SCHEMAS_DIR / folder / rel, shallow=False), rel
            assert filecmp.cmp(official / rel, unpacked / kind / rel, shallow=False), rel


def test_cmi5_structure(unpacked: Path) -> None:
    root = etree.parse(str(unpacked / "cmi5" / "cmi5.xml")).getroot()
    assert root.tag == f"{CMI5}courseStructure"
    course = root.find(f"{CMI5}course")
    assert course is not None and course.get("id") == "urn:courseware:aldeas-digitales"
    (au,) = root.findall(f"{CMI5}au")
    assert au.get("id") == "urn:courseware:aldeas-digitales:au"
    assert (au.get("moveOn"), au.get("masteryScore")) == ("Passed", "0.7")
    assert [c.tag.removeprefix(CMI5) for c in au] == ["title", "description", "url"]
    assert au.findtext(f"{CMI5}url") == "lms.html"
    assert (unpacked / "cmi5" / "lms.html").is_file()
    assert "connect-src *" in (unpacked / "cmi5" / "lms.html").read_text(encoding="utf-8")


def test_web_copy(unpacked: Path) -> None:
    web = unpacked / "web"
    assert (web / "index.html").is_file() and (web / "quiz-examen-final.html").is_file()
    assert not (web / "lms.html").exists()
    assert "window.COURSEWARE_COURSE" in (web / "assets" / "course-data.js").read_text(
        encoding="utf-8"
    )


def test_reproducible_zips(
    sample: LoadedCourse, sample_site: dict[str, bytes], sample_packages: dict[str, bytes]
) -> None:
    again, _ = build_packages(sample, sample_site, None, PackageOptions(source_date_epoch=0))
    assert again == sample_packages
    with zipfile.ZipFile(io.BytesIO(sample_packages["aldeas-digitales-scorm12.zip"])) as archive:
        infos = archive.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    stored = {i.filename for i in infos if i.compress_type == zipfile.ZIP_STORED}
    assert "media/de-taobao-a-mexico.mp4" in stored and "media/ficha-producto-ejemplo.png" in stored
    assert "index.html" not in stored


def test_source_date_epoch(
    sample: LoadedCourse, sample_site: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out, _ = build_packages(sample, sample_site, None, PackageOptions(kinds=("web",)))
    with zipfile.ZipFile(io.BytesIO(out["aldeas-digitales-web.zip"])) as archive:
        assert archive.infolist()[0].date_time == (2023, 11, 14, 22, 13, 20)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    out, _ = build_packages(sample, sample_site, None, PackageOptions(kinds=("web",)))
    with zipfile.ZipFile(io.BytesIO(out["aldeas-digitales-web.zip"])) as archive:
        assert archive.infolist()[0].date_time[:3] == (2026, 11, 25)  # the course date


def test_inject_scripts() -> None:
    page = b"<html><head><title>x</title><script src=a.js></script></head><body></body></html>"
    out = inject_scripts(page, ["b.js"])
    assert out == page.replace(
        b"<script src=a.js>", b'<script src="b.js" defer></script>\n<script src=a.js>'
    )
    assert (
        inject_scripts(b"<head></head>", ["c.js"])
        == b'<head><script src="c.js" defer></script>\n</head>'
    )
    with pytest.raises(ValueError):
        inject_scripts(b"<p>no head", ["c.js"])


def test_cartridge_warns_once_about_losses(
    sample: LoadedCourse, sample_site: dict[str, bytes]
) -> None:
    _, issues = build_packages(sample, sample_site, None, PackageOptions(kinds=("imscc",)))
    (warning,) = [i for i in issues if i.code == "imscc-loss"]
    assert warning.severity == "warning"
    assert "match-final-quien (matching)" in warning.message
    assert "examen-final" in warning.message


def test_opened_from_disk_without_an_lms(unpacked: Path) -> None:
    """No LMS, file:// pages: progress falls back to localStorage with no error shown."""
    pages = [
        ("scorm12", "lms.html"),
        ("scorm2004", "lms.html"),
        ("web", "index.html"),
        ("web", "quiz-examen-final.html"),
    ]
    reports = page_check_many(
        {"root_dir": unpacked / kind, "page": page, "file_url": True, "wait_ms": 500}
        for kind, page in pages
    )
    for report in reports:
        assert report["ok"], report
        assert report["pageErrors"] == [] and report["consoleErrors"] == []
