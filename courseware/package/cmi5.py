"""cmi5: ``cmi5.xml`` (course structure) with one AU, the tracked site.

The AU is ``lms.html``; the LMS launches it with ``endpoint``, ``fetch``, ``actor``,
``registration`` and ``activityId`` in the query string, and ``lms.js`` sends the cmi5
defined statements (initialized, completed once all content is experienced, passed or
failed, terminated) plus an "answered" statement per question to that LRS, every one as an
ordinary JSON request (``terminated`` and the last state save with ``keepalive``: no xAPI
alternate request syntax, which real LRSs such as Ralph refuse). "launched" is the LMS's
own statement. The course's completion rule is the AU's ``moveOn``.
"""

from __future__ import annotations

from lxml import etree

from courseware.errors import Issue
from courseware.package.common import (
    LAUNCH_PAGE,
    PackageOptions,
    Prepared,
    tracked_site,
    xml_document,
)
from courseware.render.markdown import plain_text

NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"


def course_iri(course_id: str, options: PackageOptions) -> str:
    """The publisher's course id: ``base_iri`` or ``urn:courseware:<course-id>``."""
    return (options.base_iri or f"urn:courseware:{course_id}").rstrip("/")


def au_iri(course: str) -> str:
    """The publisher's AU id, under the course id."""
    return f"{course}/au" if "://" in course else f"{course}:au"


def move_on(prepared: Prepared) -> str:
    """cmi5 ``moveOn``: what the AU must report for the LMS to count it as done."""
    if prepared.quiz is None:
        return "Completed"
    if prepared.loaded.course.settings.completion == "final_quiz":
        return "Passed"
    return "CompletedAndPassed"


def _text(parent: etree._Element, tag: str, value: str, language: str) -> None:
    holder = etree.SubElement(parent, f"{{{NS}}}{tag}")
    etree.SubElement(holder, f"{{{NS}}}langstring", lang=language).text = value


def build_structure(prepared: Prepared, options: PackageOptions) -> bytes:
    """``cmi5.xml``."""
    course = prepared.loaded.course
    iri = course_iri(course.id, options)
    description = " ".join(plain_text(course.description).split()) or course.title
    root = etree.Element(f"{{{NS}}}courseStructure", nsmap={None: NS})
    node = etree.SubElement(root, f"{{{NS}}}course", id=iri)
    _text(node, "title", course.title, course.language)
    _text(node, "description", description, course.language)
    au = etree.SubElement(root, f"{{{NS}}}au", id=au_iri(iri), moveOn=move_on(prepared))
    if prepared.quiz is not None:
        au.set("masteryScore", f"{prepared.quiz.passing:.4f}".rstrip("0").rstrip(".") or "0")
    au.set("launchMethod", "AnyWindow")
    _text(au, "title", course.title, course.language)
    _text(au, "description", course.subtitle or description, course.language)
    etree.SubElement(au, f"{{{NS}}}url").text = LAUNCH_PAGE
    return xml_document(root)


def build_cmi5(prepared: Prepared, options: PackageOptions) -> tuple[dict[str, bytes], list[Issue]]:
    """Files of the cmi5 package (relpath -> bytes)."""
    iri = course_iri(prepared.loaded.course.id, options)
    site, _ = tracked_site(prepared, "cmi5", au=au_iri(iri))
    files = dict(site)
    files["cmi5.xml"] = build_structure(prepared, options)
    return files, []


__all__ = ["au_iri", "build_cmi5", "build_structure", "course_iri", "move_on"]
