"""What every package kind shares: options, the tracked site, the launch page and zips."""

from __future__ import annotations

import calendar
import io
import os
import re
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import lxml.html
from lxml import etree

from courseware.errors import CoursewareError, Issue
from courseware.export.common import COMPRESSED_SUFFIXES
from courseware.i18n import says
from courseware.load import LoadedCourse
from courseware.package.quizpage import render_quiz_page
from courseware.package.runtime import (
    FinalQuiz,
    course_data,
    course_data_script,
    final_quiz,
    ui_strings,
)
from courseware.themes import BUILTIN_THEMES

DEFAULT_EPOCH = 315532800
"""1980-01-01T00:00:00Z, the earliest time a zip entry can hold."""

STORED_SUFFIXES = COMPRESSED_SUFFIXES
"""Files that are compressed already: stored, not deflated again."""

SCHEMAS_DIR = Path(__file__).resolve().parent.parent / "data" / "schemas"
LAUNCH_PAGE = "lms.html"
DATA_SCRIPT = "assets/course-data.js"
RUNTIME_SCRIPT = "assets/lms.js"

_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_SCRIPT = re.compile(rb"<script\b", re.IGNORECASE)


@dataclass(frozen=True)
class PackageOptions:
    """Choices that change what the packages contain."""

    kinds: tuple[str, ...] | None = None
    """Kinds to build (``scorm12``, ``scorm2004``, ``imscc``, ``cmi5``, ``web``); all if None."""
    sco_per_module: bool = False
    """SCORM: one SCO per module (plus one for the final quiz) instead of one for the course."""
    source_date_epoch: int | None = None
    """Timestamp of zip entries; ``SOURCE_DATE_EPOCH``, else the course date, else 1980-01-01."""
    base_iri: str | None = None
    """Publisher IRI of the course (cmi5 course and AU ids); ``urn:courseware:<id>`` if None."""


@dataclass
class Prepared:
    """The inputs every kind wraps: the rendered site, the final quiz and its page."""

    loaded: LoadedCourse
    html: dict[str, bytes]
    quiz: FinalQuiz | None
    quiz_files: dict[str, bytes] = field(default_factory=dict)
    runtime: bytes = b""
    issues: list[Issue] = field(default_factory=list)


def prepare(loaded: LoadedCourse, html: dict[str, bytes]) -> Prepared:
    """Find the final quiz, render its page and read the runtime script, once for all kinds."""
    if "index.html" not in html:
        raise CoursewareError(Issue("error", says("package.no-index"), code="package"))
    quiz, issues = final_quiz(loaded)
    prepared = Prepared(loaded, html, quiz, issues=list(issues))
    if quiz is not None:
        files = render_quiz_page(loaded, quiz)
        clash = quiz.page in html
        if clash:
            prepared.issues.append(
                Issue(
                    "error",
                    says("package.quiz-page-clash", page=repr(quiz.page)),
                    loaded.course.settings.field_span("final_quiz"),
                    hint=says("package.quiz-page-clash.hint"),
                    code="package-clash",
                )
            )
        prepared.quiz_files = {k: v for k, v in files.items() if k not in html or k == quiz.page}
    runtime = html.get(RUNTIME_SCRIPT)
    if runtime is None:
        runtime = (BUILTIN_THEMES / "default" / "assets" / "lms.js").read_bytes()
    prepared.runtime = runtime
    return prepared


def inject_scripts(page: bytes, sources: list[str]) -> bytes:
    """Add deferred ``<script src>`` tags before the first script of the head (or ``</head>``).

    Why first: deferred scripts run in order, so the runtime listens before ``courseware.js``
    announces the lesson view.
    """
    end = _HEAD_END.search(page)
    if end is None:
        raise ValueError("the page has no </head>")
    first = _SCRIPT.search(page, 0, end.start())
    at = first.start() if first else end.start()
    tags = "".join(f'<script src="{src}" defer></script>\n' for src in sources).encode()
    return page[:at] + tags + page[at:]


def launch_page(loaded: LoadedCourse, connect: str) -> bytes:
    """``lms.html``: the SCO/AU launch page that holds the LMS connection and frames the course."""
    course = loaded.course
    strings = ui_strings(course.language)
    csp = (
        "default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
        f"img-src 'self' data:; frame-src 'self'; connect-src {connect}; "
        "base-uri 'none'; form-action 'none'"
    )
    E = lxml.html.builder
    doc = E.HTML(
        E.HEAD(
            E.META(charset="utf-8"),
            E.META(name="viewport", content="width=device-width, initial-scale=1"),
            E.META(**{"http-equiv": "Content-Security-Policy", "content": csp}),
            E.META(name="referrer", content="no-referrer"),
            E.TITLE(course.title),
            E.SCRIPT(src=DATA_SCRIPT, defer="defer"),
            E.SCRIPT(src=RUNTIME_SCRIPT, defer="defer"),
        ),
        E.BODY(
            E.IFRAME(
                id="cw-frame",
                title=course.title,
                style="position:fixed;top:0;left:0;width:100%;height:100%;border:0",
            ),
            E.BUTTON(
                strings["exit"],
                id="cw-exit",
                type="button",
                hidden="hidden",
                style="position:fixed;right:0.75rem;bottom:0.75rem;z-index:1",
            ),
            E.NOSCRIPT(E.P(E.A(course.title, href="index.html"))),
            style="margin:0",
        ),
        lang=course.language,
    )
    doc.set("data-cw-host", "")
    body: str = lxml.html.tostring(doc, doctype="<!DOCTYPE html>", encoding="unicode")
    return (body + "\n").encode("utf-8")


def tracked_site(
    prepared: Prepared,
    standard: str,
    *,
    scos: dict[str, dict[str, Any]] | None = None,
    au: str | None = None,
    launch: bool = True,
) -> tuple[dict[str, bytes], dict[str, Any]]:
    """The site with the quiz page, the runtime on every page and (``launch``) ``lms.html``.

    Returns the files and the course data the runtime reads.
    """
    data = course_data(prepared.loaded, standard, prepared.quiz, scos=scos, au=au)
    files = dict(prepared.html)
    files.update(prepared.quiz_files)
    for relpath, body in list(files.items()):
        if relpath.endswith(".html"):
            files[relpath] = inject_scripts(body, [DATA_SCRIPT, RUNTIME_SCRIPT])
    files[DATA_SCRIPT] = course_data_script(data)
    files[RUNTIME_SCRIPT] = prepared.runtime
    if launch:
        files[LAUNCH_PAGE] = launch_page(prepared.loaded, "*" if standard == "cmi5" else "'self'")
    return dict(sorted(files.items())), data


def schema_files(folder: str) -> dict[str, bytes]:
    """The official XSDs shipped under ``courseware/data/schemas/<folder>``, by relpath."""
    base = SCHEMAS_DIR / folder
    return {
        p.relative_to(base).as_posix(): p.read_bytes()
        for p in sorted(base.rglob("*"))
        if p.is_file() and p.suffix in (".xsd", ".dtd")
    }


def xml_document(root: etree._Element) -> bytes:
    """An XML document as indented UTF-8 with its declaration."""
    etree.indent(root, space="  ")
    body: str = etree.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def zip_epoch(loaded: LoadedCourse, options: PackageOptions) -> int:
    """Zip timestamp: the option, ``SOURCE_DATE_EPOCH``, the course date, else 1980-01-01."""
    if options.source_date_epoch is not None:
        return max(options.source_date_epoch, DEFAULT_EPOCH)
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env.isdigit():
        return max(int(env), DEFAULT_EPOCH)
    date = loaded.course.date
    if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        try:
            stamp = calendar.timegm(time.strptime(date, "%Y-%m-%d"))
        except ValueError:
            return DEFAULT_EPOCH
        return max(stamp, DEFAULT_EPOCH)
    return DEFAULT_EPOCH


DEFLATE_LEVEL = 6
"""zlib level for text in packages: level 9 costs about 2.3x the time for 0.8% less size."""


def zip_files(files: dict[str, bytes], epoch: int) -> bytes:
    """A reproducible zip: sorted entries, one timestamp, fixed permissions; media stored.

    Text is deflated (level ``DEFLATE_LEVEL``); images, audio, video, fonts and archives are
    stored as they are. zipfile writes zip64 records when an archive needs them.
    """
    stamp = time.gmtime(epoch)[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", allowZip64=True) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            stored = PurePosixPath(name).suffix.lower() in STORED_SUFFIXES
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, files[name], compresslevel=None if stored else DEFLATE_LEVEL)
    return buffer.getvalue()


__all__ = [
    "LAUNCH_PAGE",
    "PackageOptions",
    "Prepared",
    "inject_scripts",
    "launch_page",
    "prepare",
    "schema_files",
    "tracked_site",
    "xml_document",
    "zip_epoch",
    "zip_files",
]


QUIZ_SCO = "_quiz"
"""Scope name of the final quiz's own SCO (module ids cannot start with ``_``)."""


def sco_scopes(prepared: Prepared) -> dict[str, dict[str, Any]]:
    """One SCO per module (its lessons) plus one for the final quiz, as the runtime reads them."""
    course = prepared.loaded.course
    index = {lesson.id: n for n, lesson in enumerate(course.lessons())}
    scopes: dict[str, dict[str, Any]] = {
        module.id: {
            "lessons": [index[lesson.id] for lesson in module.lessons],
            "quiz": False,
            "start": module.lessons[0].id,
        }
        for module in course.modules
    }
    if prepared.quiz is not None:
        scopes[QUIZ_SCO] = {"lessons": [], "quiz": True, "start": prepared.quiz.page[:-5]}
    return scopes


def mastery_percent(passing: float) -> str:
    """A 0..1 passing score as a percentage without needless decimals: 0.7 -> ``70``."""
    return f"{passing * 100:.2f}".rstrip("0").rstrip(".")
