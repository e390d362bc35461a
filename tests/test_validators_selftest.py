"""Self-test of tests/validators.py: every helper accepts a valid sample, rejects a broken one,
and fails (never skips) when its tool is missing.

Samples: tests/standards/samples (XML) and tests/validators/samples (HTML, GIFT, Moodle XML,
pages, SCORM packages).
"""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests import validators as v

SAMPLES = v.SAMPLES_DIR
XML_SAMPLES = v.STANDARDS_DIR / "samples"
PAGE_DIR = SAMPLES / "page"


# --- XML against the official XSDs (in-process) -----------------------------------------

# (profile, sample name, a text that must appear in the errors of <name>-broken.xml)
XSD_CASES = [
    ("scorm12", "scorm12-imsmanifest", "scormtype='lesson'"),
    ("scorm2004", "scorm2004-imsmanifest", "'choice': 'maybe'"),
    ("qti21-item", "qti21-choice-item", "'cardinality'"),
    ("qti21-manifest", "qti21-imsmanifest", "'sometimes'"),
    ("qti12", "qti12-quiz", "'rcardinality'"),
    ("cc11", "cc11-imsmanifest", "imscc_xmlv1p0/assessment"),
    ("cc11", "cc11-assessment", "'POINTS'"),
    ("cc11", "cc11-weblink", "imswl_v1p1}url"),
    ("cc11", "cc11-topic", "imsdt_v1p1}text"),
]


@pytest.mark.parametrize(("profile", "name", "expected"), XSD_CASES, ids=[c[1] for c in XSD_CASES])
def test_xsd_errors_valid_and_broken(profile: str, name: str, expected: str) -> None:
    assert v.xsd_errors(profile, XML_SAMPLES / f"{name}.xml") == []
    errors = v.xsd_errors(profile, XML_SAMPLES / f"{name}-broken.xml")
    assert errors, f"{name}-broken.xml passed {profile}"
    assert any(expected in e for e in errors), errors


def test_xsd_errors_both_engines_agree() -> None:
    good = XML_SAMPLES / "cc11-assessment.xml"
    bad = XML_SAMPLES / "cc11-assessment-broken.xml"
    assert v.xsd_errors("cc11", good, engine="both") == []
    errors = v.xsd_errors("cc11", bad, engine="both")
    assert any(e.startswith("[xmlschema] ") for e in errors), errors
    assert any(e.startswith("[lxml] ") for e in errors), errors


def test_xsd_errors_not_well_formed_and_bad_args(tmp_path: Path) -> None:
    broken = tmp_path / "imsmanifest.xml"
    broken.write_text("<manifest><organizations></manifest>", encoding="utf-8")
    for engine in ("xmlschema", "lxml"):
        errors = v.xsd_errors("scorm2004", broken, engine=engine)
        assert errors and errors[0].startswith("not well-formed"), errors
    with pytest.raises(ValueError):
        v.xsd_errors("scorm3000", XML_SAMPLES / "scorm12-imsmanifest.xml")
    with pytest.raises(FileNotFoundError):
        v.xsd_errors("scorm12", tmp_path / "missing.xml")


def test_catalog_points_at_existing_files() -> None:
    """The copy of the standards is complete: every local target of catalog.xml exists."""
    cat = "{urn:oasis:names:tc:entity:xmlns:xml:catalog}"
    root = ET.parse(v.STANDARDS_DIR / "catalog.xml").getroot()
    targets = [el.get("uri") or el.get("rewritePrefix") for el in root if el.tag.startswith(cat)]
    assert len(targets) > 10
    missing = [t for t in targets if t and not (v.STANDARDS_DIR / t).exists()]
    assert missing == []


# --- HTML: vnu and axe ----------------------------------------------------------------


def test_nu_check_one_call_for_good_and_bad() -> None:
    errors = v.nu_check([SAMPLES / "html" / "good.html", SAMPLES / "html" / "bad.html"])
    assert errors, "bad.html passed vnu"
    assert all("bad.html:" in e for e in errors), errors
    assert any("Duplicate ID" in e for e in errors), errors
    assert any("alt" in e for e in errors), errors


def test_nu_check_refuses_to_check_nothing(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        v.nu_check(tmp_path)
    with pytest.raises(ValueError):
        v.nu_check([])
    with pytest.raises(FileNotFoundError):
        v.nu_check(tmp_path / "missing.html")


def test_axe_check_good_and_bad_page() -> None:
    report = v.axe_check(SAMPLES / "html", ["good.html", "bad.html"], min_impact="serious")
    assert report["axeVersion"] == "4.14.1"
    good, bad = report["pages"]
    assert good["page"] == "good.html" and bad["page"] == "bad.html"
    assert good["violations"] == [] and good["passes"] > 0, good
    assert not report["ok"]
    ids = {x["id"] for x in bad["violations"]}
    assert {"image-alt", "button-name", "label", "html-has-lang"} <= ids, ids
    assert report["failing"] and all(f.startswith("bad.html: ") for f in report["failing"])
    assert any("image-alt (critical)" in f for f in report["failing"]), report["failing"]


# --- Quiz formats ---------------------------------------------------------------------


def test_gift_parse_good_file_and_text() -> None:
    result = v.gift_parse(SAMPLES / "gift" / "good.gift", summary=True)
    assert result["ok"]
    assert result["types"] == {"MC": 1, "TF": 1, "Short": 1, "Numerical": 1, "Matching": 1}
    full = v.gift_parse("::Q1:: The sky is blue. {TRUE}\n")
    assert full["ok"] and full["count"] == 1
    assert full["questions"][0]["type"] == "TF"


def test_gift_parse_bad() -> None:
    result = v.gift_parse(SAMPLES / "gift" / "bad.gift")
    assert not result["ok"]
    assert result["line"] >= 1 and result["message"]
    assert not v.gift_parse("::Q1:: 2+2 {=4 ~5")["ok"]
    with pytest.raises(FileNotFoundError):
        v.gift_parse(SAMPLES / "gift" / "missing.gift")


def test_moodle_parse_good_and_bad() -> None:
    good = v.moodle_parse(SAMPLES / "moodle" / "quiz.xml")
    assert good["ok"]
    assert good["question_types_in_file"] == {
        "category": 1,
        "multichoice": 1,
        "truefalse": 1,
        "cloze": 1,
    }
    assert good["not_modelled"] == {"truefalse": 1}
    assert good["questions"], good
    bad = v.moodle_parse(SAMPLES / "moodle" / "bad.xml")
    assert not bad["ok"] and "mismatched tag" in bad["error"]


# --- Pages in Chromium ----------------------------------------------------------------


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_page_check_good_page_http(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    r = v.page_check(
        PAGE_DIR,
        "index.html",
        click=["#go", "#go"],
        read="#out",
        screenshot=shot,
        width=400,
        height=300,
    )
    assert r["ok"], r
    assert r["mode"] == "http" and r["url"].startswith("http://127.0.0.1:")
    assert r["readText"] == "Clicked 2"
    assert _png_size(shot) == (400, 300)


def test_page_check_many_good_and_broken_pages() -> None:
    """One browser for several checks: file:// mode, broken pages, a missing selector."""
    good_disk, broken, broken_disk, module_http, module_disk = v.page_check_many(
        [
            {
                "root_dir": PAGE_DIR,
                "page": "index.html",
                "click": "#go",
                "read": "#out",
                "file_url": True,
            },
            {"root_dir": PAGE_DIR, "page": "broken.html", "click": "#missing", "timeout_ms": 300},
            {"root_dir": PAGE_DIR, "page": "broken.html", "file_url": True},
            {"root_dir": PAGE_DIR, "page": "module.html", "read": "#out"},
            {"root_dir": PAGE_DIR, "page": "module.html", "read": "#out", "file_url": True},
        ]
    )
    # A good page works from disk too.
    assert good_disk["ok"], good_disk
    assert good_disk["mode"] == "file" and good_disk["url"].startswith("file://")
    assert good_disk["readText"] == "Clicked 1"
    # A broken page: everything is recorded, over HTTP and from disk alike.
    for r in (broken, broken_disk):
        assert not r["ok"]
        assert r["consoleErrors"] == ["boom from console.error"], r
        assert any("kaboom" in e for e in r["pageErrors"]), r
        assert sorted(r["blockedRequests"]) == [
            "https://cdn.example.com/theme.css",
            "https://images.example.org/logo.png",
        ], r
        assert r["notFound"] == ["missing.js"], r
    assert broken["errors"] and broken["errors"][0].startswith("click #missing"), broken
    # An ES module script runs over HTTP but is refused (CORS) from file://.
    assert module_http["ok"], module_http
    assert module_http["readText"] == "module ran"
    assert not module_disk["ok"]
    assert module_disk["readText"] == "module not run"
    assert module_disk["failedRequests"] == ["module.js: net::ERR_FAILED"], module_disk


# --- SCORM runtime (scorm-again in Chromium) ------------------------------------------


def test_scorm_check_good_scorm12() -> None:
    r = v.scorm_check(
        SAMPLES / "scorm12-min",
        expect={"cmi.core.lesson_status": "completed", "cmi.core.score.raw": 80},
    )
    assert r["ok"], r["failures"]
    assert r["version"] == "1.2"


def test_scorm_check_bad_scorm2004() -> None:
    r = v.scorm_check(SAMPLES / "bad-scorm2004", timeout_ms=2000)
    assert not r["ok"]
    assert any("407" in f for f in r["failures"]), r["failures"]


# --- Missing tools fail loudly ----------------------------------------------------------


def test_missing_chromium_fails_with_setup_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHROMIUM_PATH", "/nonexistent/chromium")
    with pytest.raises(v.ValidatorSetupError, match=r"tests/run\.sh"):
        v.chromium_path()
    with pytest.raises(v.ValidatorSetupError, match=r"tests/run\.sh"):
        v.page_check(PAGE_DIR, "index.html")


def test_missing_java_fails_with_setup_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAVA", "/nonexistent/java")
    with pytest.raises(v.ValidatorSetupError, match=r"tests/run\.sh"):
        v.nu_check(SAMPLES / "html" / "good.html")


def test_missing_node_modules_fails_with_setup_hint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(v, "NODE_MODULES", tmp_path / "node_modules")
    with pytest.raises(v.ValidatorSetupError, match=r"tests/run\.sh"):
        v.gift_parse(SAMPLES / "gift" / "good.gift")
    with pytest.raises(v.ValidatorSetupError, match=r"tests/run\.sh"):
        v.axe_check(SAMPLES / "html", "good.html")


def test_conftest_fixtures(validators: object, standards_dir: Path, chromium: str) -> None:
    assert validators is v
    assert (standards_dir / "catalog.xml").is_file()
    assert Path(chromium).is_file()
