"""SCORM 1.2: ``imsmanifest.xml`` (with the official XSDs) around the tracked site.

By default the whole course is one SCO in a flat organisation, the layout Moodle handles
best; ``sco_per_module`` makes one SCO per module plus one for the final quiz.
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
    mastery_percent,
    schema_files,
    sco_scopes,
    tracked_site,
    xml_document,
)
from courseware.package.runtime import SUSPEND_LIMITS, suspend_data_size

CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = (
    f"{CP} imscp_rootv1p1p2.xsd {IMSMD} imsmd_rootv1p2p1.xsd {ADLCP} adlcp_rootv1p2.xsd"
)


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    node = etree.SubElement(parent, f"{{{CP}}}{tag}", attrs)
    if text is not None:
        node.text = text
    return node


def manifest_id(course_id: str, version: str, kind: str) -> str:
    """A manifest identifier (an XML ``ID``) that changes with the course version."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in version)
    return f"courseware.{course_id}.{kind}.v{safe}"


def build_manifest(prepared: Prepared, files: list[str], per_module: bool) -> bytes:
    """The SCORM 1.2 ``imsmanifest.xml`` for a site with these files."""
    course = prepared.loaded.course
    quiz = prepared.quiz
    root = etree.Element(
        f"{{{CP}}}manifest",
        {
            "identifier": manifest_id(course.id, course.version, "scorm12"),
            "version": course.version,
        },
        nsmap={None: CP, "adlcp": ADLCP, "xsi": XSI},
    )
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    metadata = _el(root, "metadata")
    _el(metadata, "schema", "ADL SCORM")
    _el(metadata, "schemaversion", "1.2")
    organizations = _el(root, "organizations", default="org")
    organization = _el(organizations, "organization", identifier="org")
    _el(organization, "title", course.title)

    def item(identifier: str, title: str, sco: str | None, mastery: bool) -> None:
        attrs = {"identifier": identifier, "identifierref": "sco", "isvisible": "true"}
        if sco is not None:
            attrs["parameters"] = f"?sco={sco}"
        node = _el(organization, "item", **attrs)
        _el(node, "title", title)
        if mastery and quiz is not None:
            etree.SubElement(node, f"{{{ADLCP}}}masteryscore").text = mastery_percent(quiz.passing)

    if per_module:
        for module in course.modules:
            item(f"item-{module.id}", module.title, module.id, False)
        if quiz is not None:
            item("item-quiz", quiz.quiz.title, QUIZ_SCO, True)
    else:
        item("item-course", course.title, None, True)
    resources = _el(root, "resources")
    resource = _el(resources, "resource", identifier="sco", type="webcontent", href=LAUNCH_PAGE)
    resource.set(f"{{{ADLCP}}}scormtype", "sco")
    for name in files:
        _el(resource, "file", href=name)
    return xml_document(root)


def build_scorm12(
    prepared: Prepared, options: PackageOptions
) -> tuple[dict[str, bytes], list[Issue]]:
    """Files of the SCORM 1.2 package (relpath -> bytes) and any problem found."""
    scos = sco_scopes(prepared) if options.sco_per_module else None
    site, data = tracked_site(prepared, "scorm12", scos=scos)
    issues: list[Issue] = []
    size = suspend_data_size(data)
    limit = SUSPEND_LIMITS["scorm12"]
    if size > limit:
        course = prepared.loaded.course
        issues.append(
            Issue(
                "error",
                says(
                    "package.suspend-data.scorm12",
                    size=size,
                    limit=limit,
                    lessons=len(data["lessons"]),
                ),
                course.settings.field_span("final_quiz") or course.span,
                hint=says("package.suspend-data.scorm12.hint"),
                code="suspend-data-too-large",
            )
        )
    files = dict(site)
    files["imsmanifest.xml"] = build_manifest(prepared, sorted(site), options.sco_per_module)
    files.update(schema_files("scorm12"))
    return files, issues


__all__ = ["build_manifest", "build_scorm12", "manifest_id"]
