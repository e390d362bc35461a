"""Run the third-party validators from pytest and return parsed results.

    from tests.validators import nu_check, axe_check, gift_parse, xsd_errors, moodle_parse
    from tests.validators import page_check, page_check_many, scorm_check, chromium_path

(or use the ``validators`` fixture from ``tests/conftest.py``).

The engines are third-party: the Nu Html Checker (``vnu.jar`` from npm ``vnu-jar``), axe-core
and scorm-again in Debian's Chromium driven by playwright-core, gift-pegjs, moodle-xml-parser,
xmlschema / lxml with the official XSDs in ``tests/standards``. The node wrappers live in
``tests/validators/`` (see the header of each script).

Nothing here ever skips. A missing tool (java, chromium, node, tests/validators/node_modules,
a Python test extra) raises :class:`ValidatorSetupError`, which says to run ``bash tests/run.sh``.
A tool that runs but gives no usable answer raises :class:`ValidatorError`. Calling a checker
with nothing to check (no HTML file, no page) raises ``ValueError``, so an assertion can never
pass vacuously.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import shutil
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote, urlparse

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
VALIDATORS_DIR = TESTS_DIR / "validators"
STANDARDS_DIR = TESTS_DIR / "standards"
SAMPLES_DIR = VALIDATORS_DIR / "samples"
NODE_MODULES = VALIDATORS_DIR / "node_modules"

SETUP_HINT = (
    "run `bash tests/run.sh` from the repository root once; it installs chromium, "
    "default-jre-headless, the '.[test]' extras in .venv and tests/validators/node_modules"
)

#: Profiles of :func:`xsd_errors` (drivers in tests/standards/drivers/).
XSD_PROFILES = ("scorm12", "scorm2004", "qti21-item", "qti21-manifest", "qti12", "cc11")
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
AXE_IMPACTS = ("minor", "moderate", "serious", "critical")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")

# One node/java run must never hang a test run.
_SUBPROCESS_TIMEOUT = 300

StrPath = str | os.PathLike[str]


class ValidatorSetupError(RuntimeError):
    """A tool the validators need is not installed (or not installed right)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what}. To fix: {SETUP_HINT}.")


class ValidatorError(RuntimeError):
    """A validator ran but its output could not be used (crash, no JSON, usage error)."""


# --------------------------------------------------------------------------------------
# Tools
# --------------------------------------------------------------------------------------


def chromium_path() -> str:
    """Path of the Chromium binary: ``$CHROMIUM_PATH``, else /usr/bin/chromium, else PATH."""
    explicit = os.environ.get("CHROMIUM_PATH")
    candidates = [explicit] if explicit else ["/usr/bin/chromium", shutil.which("chromium")]
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    where = f"CHROMIUM_PATH={explicit}" if explicit else "/usr/bin/chromium or PATH"
    raise ValidatorSetupError(f"Chromium not found ({where}; Debian package `chromium`)")


def java_path() -> str:
    """The java binary used for vnu.jar: ``$JAVA`` or ``java`` on PATH."""
    explicit = os.environ.get("JAVA")
    found = shutil.which(explicit or "java")
    if not found:
        where = f"JAVA={explicit}" if explicit else "java on PATH"
        raise ValidatorSetupError(f"Java not found ({where}; Debian package default-jre-headless)")
    return found


def node_path() -> str:
    """The node binary on PATH, checked (once per process) to be Node.js >= 20."""
    found = shutil.which("node")
    if not found:
        raise ValidatorSetupError("node (Node.js >= 20) not found on PATH")
    version = _node_version(found)
    if int(version.split(".")[0]) < 20:
        raise ValidatorSetupError(f"{found} is Node.js {version}; playwright-core needs >= 20")
    return found


@functools.cache
def _node_version(node: str) -> str:
    proc = subprocess.run(
        [node, "-p", "process.versions.node"], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise ValidatorSetupError(f"{node} does not run: {proc.stderr.strip()}")
    return proc.stdout.strip()


@functools.cache
def _locked_versions() -> dict[str, str]:
    lock = json.loads((VALIDATORS_DIR / "package-lock.json").read_text(encoding="utf-8"))
    return {
        key.removeprefix("node_modules/"): meta["version"]
        for key, meta in lock["packages"].items()
        if key.startswith("node_modules/")
    }


def _require_node_package(name: str) -> Path:
    """tests/validators/node_modules/<name>, checked against the version in package-lock.json."""
    want = _locked_versions()[name]
    manifest = NODE_MODULES / name / "package.json"
    if not manifest.is_file():
        raise ValidatorSetupError(f"npm package {name} is not installed in {NODE_MODULES}")
    got = json.loads(manifest.read_text(encoding="utf-8")).get("version")
    if got != want:
        raise ValidatorSetupError(
            f"npm package {name} is {got} in {NODE_MODULES}, package-lock.json wants {want}"
        )
    return NODE_MODULES / name


def vnu_jar() -> Path:
    jar = _require_node_package("vnu-jar") / "build" / "dist" / "vnu.jar"
    if not jar.is_file():
        raise ValidatorSetupError(f"{jar} is missing")
    return jar


def _run_node(
    script: str,
    args: Sequence[StrPath],
    *,
    needs: Sequence[str],
    browser: bool = False,
    stdin: str | None = None,
) -> Any:
    """Run tests/validators/<script> and return its JSON.

    Exit codes 0 and 1 are results; anything else (usage/setup error, crash) raises.
    """
    node = node_path()
    for pkg in needs:
        _require_node_package(pkg)
    env = dict(os.environ)
    if browser:
        env["CHROMIUM_PATH"] = chromium_path()
    cmd = [node, str(VALIDATORS_DIR / script), *map(str, args)]
    feed: dict[str, Any] = {"input": stdin} if stdin is not None else {"stdin": subprocess.DEVNULL}
    try:
        proc = subprocess.run(
            cmd,
            **feed,
            capture_output=True,
            text=True,
            env=env,
            timeout=_SUBPROCESS_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ValidatorError(f"{script} timed out after {exc.timeout} s: {cmd}") from exc
    detail = f"{script} exited {proc.returncode}\ncommand: {cmd}\nstderr:\n{proc.stderr.strip()}"
    if proc.returncode not in (0, 1):
        raise ValidatorError(detail)
    try:
        result = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise ValidatorError(f"{detail}\nstdout (not JSON):\n{proc.stdout[:2000]}") from exc
    if not isinstance(result, dict | list):
        raise ValidatorError(f"{detail}\nunexpected JSON: {proc.stdout[:2000]}")
    return result


def _as_list(x: StrPath | Iterable[StrPath]) -> list[StrPath]:
    if isinstance(x, str | os.PathLike):
        return [x]
    return list(x)


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------------------
# HTML: Nu Html Checker
# --------------------------------------------------------------------------------------


def _html_files(paths: StrPath | Iterable[StrPath]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, _as_list(paths)):
        if p.is_dir():
            files.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in HTML_SUFFIXES)
            )
        elif p.is_file():
            files.append(p)
        else:
            raise FileNotFoundError(f"nu_check: no such file or folder: {p}")
    if not files:
        raise ValueError(f"nu_check: no HTML files to check in {paths!r}")
    return [f.resolve() for f in files]


def nu_messages(
    paths: StrPath | Iterable[StrPath], *, errors_only: bool = True
) -> list[dict[str, Any]]:
    """vnu's JSON messages for all files in ONE java run, each with an added ``file`` key.

    Folders are searched recursively for .html/.htm/.xhtml files.
    """
    files = _html_files(paths)
    cmd = [java_path(), "-jar", str(vnu_jar()), "--format", "json", "--stdout"]
    if errors_only:
        cmd.append("--errors-only")
    cmd += [str(f) for f in files]
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=_SUBPROCESS_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise ValidatorError(f"vnu timed out after {exc.timeout} s") from exc
    try:
        report = json.loads(proc.stdout)
        messages: list[dict[str, Any]] = report["messages"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ValidatorError(
            f"vnu gave no JSON report (exit {proc.returncode}):\n{proc.stdout[:2000]}"
            f"\n{proc.stderr[:2000]}"
        ) from exc
    for m in messages:
        url = m.get("url", "")
        m["file"] = unquote(urlparse(url).path) if url.startswith("file:") else url
    return messages


def nu_check(paths: StrPath | Iterable[StrPath]) -> list[str]:
    """Nu Html Checker errors (warnings are dropped) for one or many HTML files or folders.

    All files go to ONE java run (the JVM start costs about 2 s). Returns
    ``["path:line:col: message", ...]``; an empty list means valid.
    """
    out = []
    for m in nu_messages(paths, errors_only=True):
        if m.get("type") not in ("error", "non-document-error"):
            continue
        where = _display(Path(m["file"])) if m["file"] else "(vnu)"
        line = m.get("lastLine") or m.get("firstLine")
        col = m.get("firstColumn") or m.get("lastColumn")
        pos = f":{line}:{col}" if line else ""
        out.append(f"{where}{pos}: {m.get('message', '').strip()}")
    return out


# --------------------------------------------------------------------------------------
# Accessibility: axe-core in Chromium
# --------------------------------------------------------------------------------------


def axe_check(
    root_dir: StrPath,
    pages: StrPath | Iterable[StrPath],
    tags: Sequence[str] = AXE_TAGS,
    min_impact: str = "serious",
) -> dict[str, Any]:
    """Run axe-core on ``pages`` (relative to ``root_dir``, which is served on 127.0.0.1).

    Returns axe_check.mjs's report ``{ok, axeVersion, tags, pages: [{page, violations,
    passes, incomplete, blockedRequests, error?}], seconds}`` plus ``failing``: one line per
    violation at or above ``min_impact`` and per page that failed to load, e.g.
    ``"index.html: image-alt (critical) Images must have alternative text: img"``.
    ``ok`` is False exactly when ``failing`` is not empty.
    """
    if min_impact not in AXE_IMPACTS:
        raise ValueError(f"min_impact must be one of {AXE_IMPACTS}")
    page_list = [str(p) for p in _as_list(pages)]
    if not page_list:
        raise ValueError("axe_check: no pages given")
    if not tags:
        raise ValueError("axe_check: no tags given")
    if not Path(root_dir).is_dir():
        raise FileNotFoundError(f"axe_check: not a folder: {root_dir}")
    report: dict[str, Any] = _run_node(
        "axe_check.mjs",
        [root_dir, *page_list, "--tags", ",".join(tags), "--min-impact", min_impact],
        needs=["axe-core", "playwright-core"],
        browser=True,
    )
    floor = AXE_IMPACTS.index(min_impact)
    failing = []
    for entry in report.get("pages", []):
        if entry.get("error"):
            failing.append(f"{entry['page']}: {entry['error']}")
        for v in entry.get("violations", []):
            if v.get("impact") in AXE_IMPACTS and AXE_IMPACTS.index(v["impact"]) >= floor:
                targets = ", ".join(" ".join(n["target"]) for n in v.get("nodes", [])[:5])
                failing.append(f"{entry['page']}: {v['id']} ({v['impact']}) {v['help']}: {targets}")
    report["failing"] = failing
    if bool(report.get("ok")) != (not failing):
        raise ValidatorError(f"axe_check.mjs ok={report.get('ok')} but failing={failing}")
    return report


# --------------------------------------------------------------------------------------
# GIFT: gift-pegjs
# --------------------------------------------------------------------------------------


def gift_parse(path_or_text: StrPath, *, summary: bool = False) -> dict[str, Any]:
    """Parse GIFT with gift-pegjs.

    ``path_or_text``: a ``Path`` (must exist), or a ``str`` that is GIFT text when it contains
    a newline or ``{``, otherwise a path (must exist).
    Returns ``{ok: True, count, questions}`` (``summary=True``: ``{ok, count, types, titles}``)
    or ``{ok: False, message, line, column, found}`` for a syntax error.
    """
    text: str | None = None
    if isinstance(path_or_text, str) and ("\n" in path_or_text or "{" in path_or_text):
        text = path_or_text
        args: list[StrPath] = ["-"]
    else:
        path = Path(path_or_text)
        if not path.is_file():
            raise FileNotFoundError(f"gift_parse: no such file: {path}")
        args = [path]
    if summary:
        args.append("--summary")
    result: dict[str, Any] = _run_node("gift_parse.mjs", args, needs=["gift-pegjs"], stdin=text)
    return result


# --------------------------------------------------------------------------------------
# XML: official XSDs, in-process
# --------------------------------------------------------------------------------------


def _load_script(name: str) -> ModuleType:
    """Import tests/validators/<name>.py (a script, not a package) as a module."""
    path = VALIDATORS_DIR / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_courseware_test_{name}", path)
    if spec is None or spec.loader is None:
        raise ValidatorError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.cache
def _validate_xml_module() -> ModuleType:
    return _load_script("validate_xml")


@functools.cache
def _catalog_lookup() -> Any:
    return _validate_xml_module().load_catalog(str(STANDARDS_DIR / "catalog.xml"))


@functools.cache
def _schema(profile: str, engine: str) -> Any:
    """Build (once per process) the schema object for a profile and engine."""
    xmlschema_driver, xsd_version, lxml_driver = _validate_xml_module().PROFILES[profile]
    lookup = _catalog_lookup()
    if engine == "xmlschema":
        try:
            import xmlschema
        except ImportError as exc:
            raise ValidatorSetupError("Python package xmlschema is not installed") from exc
        cls = xmlschema.XMLSchema11 if xsd_version == "1.1" else xmlschema.XMLSchema10
        return cls(
            str(STANDARDS_DIR / xmlschema_driver),
            uri_mapper=lambda url: lookup(url) or url,
            allow="local",
        )
    try:
        from lxml import etree
    except ImportError as exc:
        raise ValidatorSetupError("Python package lxml is not installed") from exc

    class CatalogResolver(etree.Resolver):  # type: ignore[misc]
        def resolve(self, url: str, pubid: str, context: Any) -> Any:
            local = lookup(url)
            return self.resolve_filename(local, context) if local else None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(CatalogResolver())
    return etree.XMLSchema(etree.parse(str(STANDARDS_DIR / lxml_driver), parser)), parser


def _xsd_errors_xmlschema(profile: str, doc: Path) -> list[str]:
    from lxml import etree

    schema = _schema(profile, "xmlschema")
    try:
        # Parsed with lxml (no network, no DTD loading) so that errors carry line numbers.
        tree = etree.parse(str(doc), etree.XMLParser(no_network=True))
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed: {exc}"]
    errors = list(schema.iter_errors(tree))
    out = []
    for e in errors:
        line = getattr(e, "sourceline", None)
        where = f"line {line}: " if line else ""
        out.append(f"{where}{e.path or ''}: {e.reason or e.message}")
    return out


def _xsd_errors_lxml(profile: str, doc: Path) -> list[str]:
    from lxml import etree

    schema, parser = _schema(profile, "lxml")
    try:
        tree = etree.parse(str(doc), parser)
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed: {exc}"]
    if schema.validate(tree):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def xsd_errors(profile: str, xml_path: StrPath, *, engine: str = "auto") -> list[str]:
    """Validate one XML file against the official XSDs of ``profile``, offline, in-process.

    ``profile``: scorm12, scorm2004, qti21-item, qti21-manifest, qti12 or cc11 (any file of a
    CC 1.1 cartridge: manifest, QTI assessment / question bank, web link, topic, LTI link).
    ``engine``:
      "auto" (default): xmlschema for scorm12 (the official SCORM 1.2 IMS MD schema needs
        XSD 1.1 mode), lxml for the rest (fast: QTI 2.1 + MathML builds in about 1 s with
        lxml, about 5 s with xmlschema);
      "xmlschema": pure Python, XSD 1.1 mode for scorm12;
      "lxml": libxml2, XSD 1.0; for scorm12 its driver leaves IMS MD out, so inline
        ``imsmd:lom`` is reported as undeclared;
      "both": the errors of each, prefixed ``[xmlschema]`` / ``[lxml]``.
    Returns the error messages (with line numbers); ``[]`` means valid. Schemas are built
    once per process.
    """
    if profile not in XSD_PROFILES:
        raise ValueError(f"unknown XSD profile {profile!r}; use one of {XSD_PROFILES}")
    if engine not in ("auto", "xmlschema", "lxml", "both"):
        raise ValueError("engine must be 'auto', 'xmlschema', 'lxml' or 'both'")
    doc = Path(xml_path)
    if not doc.is_file():
        raise FileNotFoundError(f"xsd_errors: no such file: {doc}")
    if engine == "auto":
        engine = "xmlschema" if profile == "scorm12" else "lxml"
    if engine == "xmlschema":
        return _xsd_errors_xmlschema(profile, doc)
    if engine == "lxml":
        return _xsd_errors_lxml(profile, doc)
    return [f"[xmlschema] {e}" for e in _xsd_errors_xmlschema(profile, doc)] + [
        f"[lxml] {e}" for e in _xsd_errors_lxml(profile, doc)
    ]


# --------------------------------------------------------------------------------------
# Moodle XML: moodle-xml-parser, in-process
# --------------------------------------------------------------------------------------


@functools.cache
def _moodle_module() -> ModuleType:
    try:
        return _load_script("moodle_xml_parse")
    except ImportError as exc:
        raise ValidatorSetupError(
            f"Python package moodle-xml-parser is not importable ({exc})"
        ) from exc


def moodle_parse(path: StrPath) -> dict[str, Any]:
    """Parse a Moodle XML quiz with moodle-xml-parser 0.3.1.

    Returns ``{ok: True, question_types_in_file: {type: n}, not_modelled: {type: n},
    questions: {...}}`` or ``{ok: False, error}`` for malformed XML. The library models only
    ``multichoice`` and ``cloze``; other types are counted in ``not_modelled``.
    """
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"moodle_parse: no such file: {p}")
    result: dict[str, Any] = _moodle_module().parse(str(p))
    return result


# --------------------------------------------------------------------------------------
# Pages and SCORM packages in Chromium
# --------------------------------------------------------------------------------------


_PAGE_CHECK_KEYS = {
    "click": "click",
    "read": "read",
    "screenshot": "screenshot",
    "full_page": "fullPage",
    "width": "width",
    "height": "height",
    "file_url": "fileUrl",
    "wait_ms": "wait",
    "timeout_ms": "timeout",
}


def _page_spec(root_dir: StrPath, page: StrPath, **options: Any) -> dict[str, Any]:
    unknown = set(options) - set(_PAGE_CHECK_KEYS)
    if unknown:
        raise TypeError(f"page_check: unknown options {sorted(unknown)}")
    if not Path(root_dir).is_dir():
        raise FileNotFoundError(f"page_check: not a folder: {root_dir}")
    if not (Path(root_dir) / page).is_file():
        raise FileNotFoundError(f"page_check: no page {page} under {root_dir}")
    spec: dict[str, Any] = {"root": str(root_dir), "page": str(page)}
    for key, value in options.items():
        if value is None:
            continue
        if key == "click":
            value = [value] if isinstance(value, str) else list(value)
        elif key == "screenshot":
            value = str(value)
        spec[_PAGE_CHECK_KEYS[key]] = value
    return spec


def page_check(
    root_dir: StrPath,
    page: StrPath,
    *,
    click: str | Sequence[str] | None = None,
    read: str | None = None,
    screenshot: StrPath | None = None,
    full_page: bool = False,
    width: int | None = None,
    height: int | None = None,
    file_url: bool = False,
    wait_ms: int | None = None,
    timeout_ms: int | None = None,
) -> dict[str, Any]:
    """Load ``page`` (relative to ``root_dir``) in headless Chromium with no network.

    ``root_dir`` is served on 127.0.0.1 (random port), or with ``file_url=True`` the page is
    opened as file:// straight from disk (checks that it works offline without a server).
    Every request elsewhere is aborted and listed. ``click``: selector(s) clicked in order;
    ``read``: selector whose innerText is returned as ``readText`` after the clicks;
    ``width``/``height``: viewport (default 1280x800); ``wait_ms``: settle time after the
    load and each click (default 150); ``timeout_ms``: how long a click/read waits for its
    selector (default 5000; the navigation itself may take up to 30 s).
    Returns ``{ok, url, mode, title, consoleErrors, pageErrors, blockedRequests, notFound,
    failedRequests, readText, errors, screenshot, seconds}``; ``ok`` means every list is empty.
    Each call starts node and Chromium (about 2 s); use :func:`page_check_many` for many pages.
    """
    spec = _page_spec(
        root_dir,
        page,
        click=click,
        read=read,
        screenshot=screenshot,
        full_page=full_page,
        width=width,
        height=height,
        file_url=file_url,
        wait_ms=wait_ms,
        timeout_ms=timeout_ms,
    )
    args: list[StrPath] = [spec["root"], spec["page"]]
    for sel in spec.get("click", []):
        args += ["--click", sel]
    if "read" in spec:
        args += ["--read", spec["read"]]
    if "screenshot" in spec:
        args += ["--screenshot", spec["screenshot"]]
    if spec.get("fullPage"):
        args.append("--full-page")
    if spec.get("fileUrl"):
        args.append("--file-url")
    for key in ("width", "height", "wait", "timeout"):
        if key in spec:
            args += [f"--{key}", str(spec[key])]
    report: dict[str, Any] = _run_node(
        "page_check.mjs", args, needs=["playwright-core"], browser=True
    )
    return report


def page_check_many(checks: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Several :func:`page_check` runs in ONE node process and ONE browser (fresh context each).

    Each item is a mapping of :func:`page_check`'s arguments, e.g.
    ``{"root_dir": out, "page": "index.html", "click": "#next", "read": "#score"}``.
    Returns the reports in the same order.
    """
    specs = []
    for i, check in enumerate(checks):
        options = dict(check)
        try:
            root_dir, page = options.pop("root_dir"), options.pop("page")
        except KeyError as exc:
            raise TypeError(f"page_check_many: check {i} needs root_dir and page") from exc
        specs.append(_page_spec(root_dir, page, **options))
    if not specs:
        raise ValueError("page_check_many: no checks given")
    reports = _run_node(
        "page_check.mjs",
        ["--batch"],
        needs=["playwright-core"],
        browser=True,
        stdin=json.dumps(specs),
    )
    if not isinstance(reports, list) or len(reports) != len(specs):
        raise ValidatorError(f"page_check.mjs --batch gave {reports!r:.500}")
    return reports


def scorm_check(
    package: StrPath,
    *,
    expect: Mapping[str, str | float] | None = None,
    version: str | None = None,
    sco: str | None = None,
    timeout_ms: int | None = None,
    screenshot: StrPath | None = None,
    allow_api_errors: bool = False,
) -> dict[str, Any]:
    """Run a SCORM 1.2/2004 package (folder or .zip) against scorm-again in Chromium.

    Returns scorm_check.mjs's report: ``{ok, version, launch, initialized, finished, values
    (flattened CMI, e.g. "cmi.core.lesson_status"), calls, apiErrors, failures, console,
    pageErrors, blockedRequests, notFound, seconds}``. ``expect`` maps CMI elements to the
    values they must end with (numbers compare numerically); mismatches land in ``failures``.
    """
    if not Path(package).exists():
        raise FileNotFoundError(f"scorm_check: no such package: {package}")
    args: list[StrPath] = [package]
    for key, value in (expect or {}).items():
        args += ["--expect", f"{key}={value}"]
    if version is not None:
        args += ["--version", version]
    if sco is not None:
        args += ["--sco", sco]
    if timeout_ms is not None:
        args += ["--timeout", str(timeout_ms)]
    if screenshot is not None:
        args += ["--screenshot", screenshot]
    if allow_api_errors:
        args.append("--allow-api-errors")
    report: dict[str, Any] = _run_node(
        "scorm_check.mjs", args, needs=["scorm-again", "playwright-core"], browser=True
    )
    return report


__all__ = [
    "AXE_IMPACTS",
    "AXE_TAGS",
    "NODE_MODULES",
    "SAMPLES_DIR",
    "SETUP_HINT",
    "STANDARDS_DIR",
    "VALIDATORS_DIR",
    "XSD_PROFILES",
    "ValidatorError",
    "ValidatorSetupError",
    "axe_check",
    "chromium_path",
    "gift_parse",
    "java_path",
    "moodle_parse",
    "node_path",
    "nu_check",
    "nu_messages",
    "page_check",
    "page_check_many",
    "scorm_check",
    "vnu_jar",
    "xsd_errors",
]
