"""SCORM 2004 4th edition: manifest with simple sequencing, plus the official XSDs.

Flow and choice navigation at the organisation; each SCO item declares the course
objectives its lessons (or the final quiz's questions) serve. Content sets completion and
success (``deliveryControls``); with a final quiz, the primary objective is satisfied by the
passing score as well.

Two Moodle bugs shape the objectives (checked against Moodle 5.1 in ``tests/lms``): any
``<imsss:mapInfo>`` makes Moodle reject the package (``scormlib.php`` assigns to an undefined
variable), so objectives are not mapped to global ones; and Moodle hands the SCO the
``minNormalizedMeasure`` of the *last* objective as ``cmi.scaled_passing_score``, so every
objective of a judged item carries the passing score (without ``satisfiedByMeasure`` it does
not change how a secondary objective is satisfied).
"""

from __future__ import annotations

from lxml import etree

from courseware.errors import Issue
from courseware.i18n import says
from courseware.package.common import (
    LAUNCH_PAGE,
    QUIZ_SCO,
    PackageOptions,
    Prepared,
    schema_files,
    sco_scopes,
    tracked_site,
    xml_document,
)
from courseware.package.runtime import SUSPEND_LIMITS, suspend_data_size
from courseware.package.scorm12 import manifest_id

CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP = "http://www.adlnet.org/xsd/adlcp_v1p3"
ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = (
    f"{CP} imscp_v1p1.xsd {ADLCP} adlcp_v1p3.xsd {ADLSEQ} adlseq_v1p3.xsd "
    f"{ADLNAV} adlnav_v1p3.xsd {IMSSS} imsss_v1p0.xsd"
)


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    node = etree.SubElement(parent, tag if tag.startswith("{") else f"{{{CP}}}{tag}", attrs)
    if text is not None:
        node.text = text
    return node


def _decimal(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"


def _sequencing(item: etree._Element, objectives: list[str], passing: float | None) -> None:
    sequencing = _el(item, f"{{{IMSSS}}}sequencing")
    block = _el(sequencing, f"{{{IMSSS}}}objectives")
    primary = _el(block, f"{{{IMSSS}}}primaryObjective")
    if passing is not None:
        primary.set("satisfiedByMeasure", "true")
        _el(primary, f"{{{IMSSS}}}minNormalizedMeasure", _decimal(passing))
    for objective in objectives:
        local = _el(block, f"{{{IMSSS}}}objective", objectiveID=objective)
        if passing is not None:
            _el(local, f"{{{IMSSS}}}minNormalizedMeasure", _decimal(passing))
    _el(
        sequencing,
        f"{{{IMSSS}}}deliveryControls",
        tracked="true",
        completionSetByContent="true",
        objectiveSetByContent="true",
    )


def _manifest_root(prepared: Prepared) -> etree._Element:
    """The ``<manifest>`` element with its namespaces, schema locations and metadata."""
    course = prepared.loaded.course
    root = etree.Element(
        f"{{{CP}}}manifest",
        {
            "identifier": manifest_id(course.id, course.version, "scorm2004"),
            "version": course.version,
        },
        nsmap={
            None: CP,
            "adlcp": ADLCP,
            "adlseq": ADLSEQ,
            "adlnav": ADLNAV,
            "imsss": IMSSS,
            "xsi": XSI,
        },
    )
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    metadata = _el(root, "metadata")
    _el(metadata, "schema", "ADL SCORM")
    _el(metadata, "schemaversion", "2004 4th Edition")
    return root


def _item(
    organization: etree._Element,
    ident: tuple[str, str, str | None],
    objectives: list[str],
    passing: float | None,
) -> None:
    """One SCO item: ``ident`` is (identifier, title, ``?sco=`` value or None)."""
    identifier, title, sco = ident
    node = _el(organization, "item", identifier=identifier, identifierref="sco")
    if sco is not None:
        node.set("parameters", f"?sco={sco}")
    _el(node, "title", title)
    _sequencing(node, objectives, passing)


def _items(organization: etree._Element, prepared: Prepared, per_module: bool) -> None:
    """The organisation's SCO items: one per module and the quiz, or one for the course."""
    course = prepared.loaded.course
    quiz = prepared.quiz
    if not per_module:
        every = [o.id for o in course.objectives]
        passing = quiz.passing if quiz is not None else None
        _item(organization, ("item-course", course.title, None), every, passing)
        return
    for module in course.modules:
        ids = {le.id for le in module.lessons}
        served = [
            o.id
            for o in course.objectives
            if any(o.id in le.objectives for le in course.lessons() if le.id in ids)
        ]
        _item(organization, (f"item-{module.id}", module.title, module.id), served, None)
    if quiz is not None:
        assessed = {o for q in quiz.candidates for o in q.objectives}
        objectives = [o.id for o in course.objectives if o.id in assessed]
        _item(organization, ("item-quiz", quiz.quiz.title, QUIZ_SCO), objectives, quiz.passing)


def build_manifest(prepared: Prepared, files: list[str], per_module: bool) -> bytes:
    """The SCORM 2004 4th edition ``imsmanifest.xml`` for a site with these files."""
    root = _manifest_root(prepared)
    organizations = _el(root, "organizations", default="org")
    organization = _el(organizations, "organization", identifier="org")
    organization.set(f"{{{ADLSEQ}}}objectivesGlobalToSystem", "false")
    _el(organization, "title", prepared.loaded.course.title)
    _items(organization, prepared, per_module)
    control = _el(organization, f"{{{IMSSS}}}sequencing")
    _el(control, f"{{{IMSSS}}}controlMode", choice="true", flow="true")
    resources = _el(root, "resources")
    resource = _el(resources, "resource", identifier="sco", type="webcontent", href=LAUNCH_PAGE)
    resource.set(f"{{{ADLCP}}}scormType", "sco")
    for name in files:
        _el(resource, "file", href=name)
    return xml_document(root)


def build_scorm2004(
    prepared: Prepared, options: PackageOptions
) -> tuple[dict[str, bytes], list[Issue]]:
    """Files of the SCORM 2004 package (relpath -> bytes) and any problem found."""
    scos = sco_scopes(prepared) if options.sco_per_module else None
    site, data = tracked_site(prepared, "scorm2004", scos=scos)
    issues: list[Issue] = []
    size = suspend_data_size(data)
    if size > SUSPEND_LIMITS["scorm2004"]:
        issues.append(
            Issue(
                "error",
                says(
                    "package.suspend-data.scorm2004", size=size, limit=SUSPEND_LIMITS["scorm2004"]
                ),
                prepared.loaded.course.span,
                hint=says("package.suspend-data.scorm2004.hint"),
                code="suspend-data-too-large",
            )
        )
    files = dict(site)
    files["imsmanifest.xml"] = build_manifest(prepared, sorted(site), options.sco_per_module)
    files.update(schema_files("scorm2004-4th"))
    return files, issues


__all__ = ["build_manifest", "build_scorm2004"]
