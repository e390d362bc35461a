"""``cmi5.xml`` against the official cmi5 course structure schema (tests/standards/cmi5/)."""

from __future__ import annotations

import io
import zipfile

import pytest
import xmlschema
from lxml import etree

from tests.validators import STANDARDS_DIR

XSD = STANDARDS_DIR / "cmi5" / "CourseStructure.xsd"
NS = "{https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd}"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD), etree.XMLParser(no_network=True)))


@pytest.fixture(scope="module")
def structure(sample_packages: dict[str, bytes]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(sample_packages["aldeas-digitales-cmi5.zip"])) as archive:
        return archive.read("cmi5.xml")


def test_xsd_is_the_official_copy() -> None:
    text = XSD.read_text(encoding="utf-8")
    assert 'targetNamespace="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"' in text
    assert 'id="cmi5CourseStructure"' in text


def test_sample_cmi5_xml_is_valid(schema: etree.XMLSchema, structure: bytes) -> None:
    doc = etree.fromstring(structure)
    assert schema.validate(doc), schema.error_log
    assert not list(xmlschema.XMLSchema10(str(XSD)).iter_errors(io.BytesIO(structure)))
    au = doc.find(f"{NS}au")
    assert au is not None
    assert (au.get("moveOn"), au.get("masteryScore")) == ("Passed", "0.7")


@pytest.mark.parametrize(
    ("attribute", "value"),
    [("moveOn", "Finished"), ("masteryScore", "70"), ("launchMethod", "Popup")],
)
def test_the_schema_refuses_wrong_values(
    schema: etree.XMLSchema, structure: bytes, attribute: str, value: str
) -> None:
    doc = etree.fromstring(structure)
    au = doc.find(f"{NS}au")
    assert au is not None
    au.set(attribute, value)
    assert not schema.validate(doc)
