"""Sandbox probes: what a course theme's templates can reach, in numbers.

Two measures over the environments a course theme renders in (site pages and package
quiz pages share the site's; PDFs and the EPUB the printer's):

- the walk: from every name of the template context, every attribute (public ones and a
  list of private ones), the first items of every mapping and sequence, four levels deep,
  each step as a template would take it (``environment.getattr``/``getitem``). Anything
  reached that is a path, a module, a class other than Jinja2's globals, an absolute path
  in a string, a callable that is not one of the confined helpers or a read-only method of
  plain data, or an object of the build, is an escape;
- the catalogue: templates that try to leak (paths, objects, the file system) or change
  the build (mutation methods, ``|attr``, format strings, ``namespace``, ``loop``,
  ``self``, ``super``, ``caller``). One gets through when it renders and its output shows
  a leak, or the build's state or the file system changed.

``python -m tests.hardening.sandbox_probes`` prints the table.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import types
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path, PurePath
from typing import Any

from jinja2 import Environment, Undefined, defaults, runtime, utils
from jinja2.sandbox import modifies_known_mutable
from markupsafe import Markup
from pydantic import BaseModel

from courseware.i18n import messages
from courseware.load import load_course
from courseware.render.html import _Site
from courseware.render.pdf import Printer
from courseware.themes import resolve_theme

MINI = Path(__file__).resolve().parents[1] / "load" / "testdata" / "mini"
PRIVATE = [
    "__class__",
    "__dict__",
    "__globals__",
    "__self__",
    "__func__",
    "__init__",
    "__module__",
    "__builtins__",
    "__code__",
    "__subclasses__",
    "__mro__",
    "__base__",
    "__closure__",
    "__wrapped__",
    "_where",
    "_function",
    "_names",
    "_span",
    "mro",
    "gi_frame",
    "f_globals",
    "func_globals",
    "im_func",
]
PLAIN = (str, Markup, int, float, bool, bytes, tuple, list, dict, set, frozenset, type(None))
READ_ONLY_MODEL = {"field_span", "item_span", "lessons", "questions", "low", "high"}
BUILD_MODULES = ("courseware.render", "courseware.themes", "courseware.load")
LEAKS = ("PosixPath", "WindowsPath", "<bound method", "<module", "object at 0x", "root:x:0")


def mini_course(parent: Path) -> Path:
    """A copy of the mini course with a course theme (``propio``) extending the default."""
    root = parent / "mini"
    shutil.copytree(MINI, root)
    course = root / "course.yaml"
    course.write_text(
        course.read_text(encoding="utf-8") + "theme:\n  name: propio\n", encoding="utf-8"
    )
    (root / "themes" / "propio").mkdir(parents=True)
    (root / "themes" / "propio" / "theme.yml").write_text("extends: default\n", encoding="utf-8")
    return root


@dataclasses.dataclass
class Target:
    """One environment a course theme renders in, with a page's context."""

    name: str
    env: Environment
    context: dict[str, Any]
    state: Callable[[], object]
    """What the build holds that templates must not change (compared before and after)."""


def targets(root: Path) -> list[Target]:
    """The site's environment (pages, packages) and the printer's (PDFs, EPUB)."""
    loaded = load_course(root)
    theme = resolve_theme("propio", root)
    site = _Site(loaded, theme, messages(loaded.course.language))
    lesson = loaded.course.lessons()[0]
    page = {"lesson": lesson, "module": loaded.course.modules[0], "prev": None, "next": None}
    out = [
        Target(
            "site",
            site.environment(),
            {**page, "block": lesson.blocks[1], "anchors": ["a"], "entries": []},
            lambda: (
                sorted(site.files),
                sorted(site.questions),
                loaded.course.model_dump_json(),
            ),
        )
    ]
    for mode in ("pdf", "epub"):
        printer = Printer(loaded, theme, mode=mode)
        out.append(
            Target(
                mode,
                printer.environment(),
                {**page, "block": lesson.blocks[1], "entries": [], "quizzes": []},
                lambda p=printer: (sorted(p.files), sorted(p.questions), len(p.lessons)),
            )
        )
    return out


# --- the walk ------------------------------------------------------------------------------


def _known_callables(env: Environment) -> set[int]:
    helpers = {id(v) for v in env.globals.values() if callable(v)}
    for value in env.globals.values():
        names = getattr(value, "_names", None)
        if isinstance(names, Mapping):  # a view's helpers
            helpers |= {id(v) for v in names.values() if callable(v)}
    return helpers


def _verdict(value: Any, helpers: set[int], root: str) -> str | None:
    """Why ``value`` must not be reachable, or None."""
    if isinstance(value, PurePath):
        return "path"
    if isinstance(value, types.ModuleType):
        return "module"
    if isinstance(value, str):
        return "absolute path" if root in value or value.startswith(os.sep + "etc") else None
    if isinstance(value, types.GenericAlias):  # dict['x']: the type dict again
        return None
    if isinstance(value, type):
        return None if value in defaults.DEFAULT_NAMESPACE.values() else "class"
    jinja = (runtime.Macro, runtime.LoopContext, Undefined, utils.Cycler)
    if callable(value) and not isinstance(value, jinja):
        if id(value) in helpers:
            return None
        owner = getattr(value, "__self__", None)
        name = getattr(value, "__name__", "")
        if owner in PLAIN:  # dict.fromkeys: makes a new dict
            return None
        if isinstance(owner, runtime.LoopContext | utils.Cycler | utils.Joiner):
            return None  # loop.cycle, loop.changed: the template's own loop
        if owner is not None and isinstance(owner, (*PLAIN, types.MappingProxyType)):
            return "mutation method" if modifies_known_mutable(owner, name) else None
        if isinstance(owner, BaseModel):
            return None if name in READ_ONLY_MODEL else "model method"
        if isinstance(value, runtime.BlockReference | runtime.TemplateReference):
            return None
        if any(value is v for v in defaults.DEFAULT_NAMESPACE.values()):
            return None
        return "callable"
    if isinstance(value, (*PLAIN, types.MappingProxyType, BaseModel, Undefined)):
        return None
    if isinstance(value, runtime.LoopContext | utils.Namespace | utils.Joiner | utils.Cycler):
        return None
    if dataclasses.is_dataclass(value) and not type(value).__dataclass_params__.frozen:  # type: ignore[attr-defined]
        return "build object"
    if type(value).__module__.startswith(
        ("courseware.render", "courseware.themes", "courseware.load")
    ):
        if dataclasses.is_dataclass(value):
            return None  # a frozen record (Citation, Option...)
        return "build object"
    return None


def _steps(env: Environment, value: Any) -> Iterator[tuple[str, Any]]:
    names = [n for n in dir(value) if not n.startswith("_")] + PRIVATE
    for name in names:
        try:
            with warnings.catch_warnings():  # pydantic: model_fields on an instance
                warnings.simplefilter("ignore")
                found = env.getattr(value, name)
        except Exception:  # a property that fails, a sandbox refusal raised eagerly
            continue
        if not isinstance(found, Undefined):
            yield f".{name}", found
    if isinstance(value, Mapping):
        for key in list(value)[:3]:
            yield f"[{key!r}]", env.getitem(value, key)
    elif isinstance(value, list | tuple):
        for index in range(min(2, len(value))):
            yield f"[{index}]", env.getitem(value, index)


def walk(
    target: Target, root: Path, depth: int = 6, seen: set[int] | None = None
) -> tuple[int, list[str]]:
    """How many (name, step) pairs were taken, and the escapes found."""
    helpers = _known_callables(target.env)
    names = {**target.env.globals, **target.context}
    seen = set() if seen is None else seen
    steps = 0
    escapes: list[str] = []
    queue = [(name, value, 0) for name, value in names.items()]
    while queue:
        where, value, level = queue.pop()
        why = _verdict(value, helpers, str(root.resolve()))
        if why:
            escapes.append(f"{target.name}: {where} ({why})")
            continue
        if level >= depth or id(value) in seen or isinstance(value, str | int | float):
            continue
        seen.add(id(value))
        for step, found in _steps(target.env, value):
            steps += 1
            queue.append((where + step, found, level + 1))
    return steps, escapes


def recorded(root: Path) -> list[Target]:
    """Every template context of a real render of the course with its own theme: site
    pages, the package's quiz page, the PDFs' documents and the EPUB's chapters."""
    from jinja2.environment import Template

    from courseware.package.common import prepare
    from courseware.render.epub import render_epub
    from courseware.render.html import render_site
    from courseware.render.pdf import plan_pdfs

    found: dict[tuple[str, frozenset[str]], Target] = {}
    original = Template.new_context

    def record(self: Template, vars: Any = None, shared: bool = False, locals: Any = None) -> Any:
        context = {**(vars or {}), **{k: v for k, v in (locals or {}).items() if v is not None}}
        key = (str(self.name), frozenset(context))
        if self.environment.sandboxed and key not in found:
            found[key] = Target(f"{self.name}", self.environment, context, lambda: None)
        return original(self, vars, shared, locals)

    Template.new_context = record  # type: ignore[method-assign]
    try:
        loaded = load_course(root)
        prepare(loaded, render_site(loaded))
        plan_pdfs(loaded)
        render_epub(loaded)
    finally:
        Template.new_context = original  # type: ignore[method-assign]
    return list(found.values())


def walk_recorded(root: Path) -> tuple[int, int, list[str]]:
    """(contexts, steps, escapes) of the walk over every recorded context."""
    targets = recorded(root)
    seen: dict[int, set[int]] = {}
    steps = 0
    escapes: list[str] = []
    for target in targets:
        n, bad = walk(target, root, seen=seen.setdefault(id(target.env), set()))
        steps += n
        escapes += bad
    return len(targets), steps, escapes


# --- the catalogue -------------------------------------------------------------------------

ROOTS = ["site", "printer", "course", "lesson", "block", "md", "media", "t", "image_size"]
ATTRIBUTE_WALKS = [
    "loaded.root",
    "root",
    "files",
    "theme.chain[0].path",
    "loaded",
    "cache",
    "environment",
    "__class__.__mro__",
    "__self__",
    "__init__.__globals__",
    "source_file",
    "span.path",
    "field_span('src').path",
    "model_config",
]
MUTATIONS = [
    "printer.files.update({'leak.txt': printer.root / '../../../../etc/passwd'})",
    "site.files.update({'leak.txt': 'x'})",
    "site.questions.clear()",
    "printer.questions.clear()",
    "site.lessons.clear()",
    "printer.lessons.pop()",
    "site.objectives.clear()",
    "printer.module_of.clear()",
    "printer.lesson_number.update({'uno': 99})",
    "course.modules.clear()",
    "course.modules[0].lessons.pop()",
    "lesson.blocks.append(none)",
    "lesson.objectives.clear()",
    "course.glossary.extend([1])",
    "course.__dict__.update({'title': 'x'})",
    "course.locate(none, ())",
    "course.model_rebuild(force=True)",
    "course.model_post_init(none)",
    "course.parse_file('/etc/passwd')",
    "site.environment()",
    "site.cache.clear()",
    "site._published.clear()",
    "site.loaded.root.joinpath('escrito.txt').write_text('x')",
    "printer.root.joinpath('escrito.txt').touch()",
]
FILTERS = [
    "site|attr('loaded')|attr('root')",
    "printer|attr('root')",
    "printer|attr('files')",
    "course|attr('__class__')",
    "md|attr('__self__')|attr('loaded')",
    "site|attr('theme')",
    "block|attr('span')",
    "lesson|attr('source_file')",
]
FORMATS = [
    "'{0.loaded.root}'.format(site)",
    "'{0.root}'.format(printer)",
    "'{0.__self__.loaded.root}'.format(md)",
    "'{0.__class__.__init__.__globals__}'.format(course)",
    "'{0.source_file}'.format(lesson)",
    "'%s'|format(site)",
    "'%s'|format(printer)",
    "'%r'|format(md)",
    "'{0!r}'.format(media)",
    "site|string",
    "printer|string",
    "md ~ ''",
    "block.field_span('src')|string",
]
RUNTIME = [
    "{% set ns = namespace(x=site) %}{{ ns.x.loaded.root }}",
    "{% set ns = namespace() %}{{ ns.__init__.__globals__ }}",
    "{% set ns = namespace(a=1) %}{{ ns._Namespace__attrs }}",
    "{% for x in [1] %}{{ loop.__class__.__init__.__globals__ }}{% endfor %}",
    "{% for x in [1] %}{{ loop._undefined }}{% endfor %}",
    "{{ self.__dict__ }}",
    "{{ self._TemplateReference__context.parent }}",
    "{{ self._TemplateReference__context.environment }}",
    "{% macro m() %}{{ caller._func.__globals__ }}{% endmacro %}{% call m() %}x{% endcall %}",
    "{% macro m() %}{{ caller._environment }}{% endmacro %}{% call m() %}x{% endcall %}",
    "{% block b %}{{ super.__self__ }}{% endblock %}",
    "{% block b %}{{ self.b.__self__ }}{% endblock %}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ lipsum.__globals__.os }}",
    "{{ range.__self__ }}",
    "{{ dict.__subclasses__() }}",
    "{{ ().__class__.__base__.__subclasses__() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ t.__call__.__globals__ }}",
]


def catalogue() -> list[tuple[str, str]]:
    """(class, template) of every probe."""
    probes = [("attribute walk", f"{{{{ {r}.{a} }}}}") for r in ROOTS for a in ATTRIBUTE_WALKS]
    probes += [
        ("item walk", "{{ " + r + "".join(f"[{p!r}]" for p in a.split(".")) + " }}")
        for r in ROOTS
        for a in ATTRIBUTE_WALKS
        if "(" not in a and "[" not in a
    ]
    probes += [("mutation method", f"{{% set _ = {m} %}}ok") for m in MUTATIONS]
    probes += [("|attr", f"{{{{ {f} }}}}") for f in FILTERS]
    probes += [("format string", f"{{{{ {f} }}}}") for f in FORMATS]
    probes += [("namespace/loop/self/super/caller", r) for r in RUNTIME]
    probes += [("print an object", f"{{{{ {r} }}}}") for r in ROOTS]
    return probes


def _got_through(target: Target, template: str, root: Path) -> bool:
    before = target.state()
    marker = {p for p in root.parent.rglob("escrito.txt")}
    try:
        out = target.env.from_string(template).render(**target.context)
    except Exception:
        out = ""
    leaked = str(root.resolve()) in out or any(mark in out for mark in LEAKS)
    changed = target.state() != before or {p for p in root.parent.rglob("escrito.txt")} != marker
    return leaked or changed


def run(parent: Path) -> dict[str, tuple[int, int]]:
    """Class -> (probes tried, probes that got through), over every target."""
    root = mini_course(parent)
    tried: Counter[str] = Counter()
    through: Counter[str] = Counter()
    for target in targets(root):
        for kind, template in catalogue():
            tried[kind] += 1
            through[kind] += _got_through(target, template, root)
        steps, escapes = walk(target, root)
        tried["walk: names reached"] += steps
        through["walk: names reached"] += len(escapes)
    contexts, steps, bad = walk_recorded(root)
    tried[f"walk of {contexts} recorded contexts"] += steps
    through[f"walk of {contexts} recorded contexts"] += len(bad)
    return {k: (tried[k], through[k]) for k in tried}


def escapes(parent: Path) -> list[str]:
    """Every escape the walk finds (for a test's message)."""
    root = mini_course(parent)
    return [e for target in targets(root) for e in walk(target, root)[1]]


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        table = run(Path(folder))
    print("| class | tried | got through |\n|---|---|---|")
    for kind, (n, bad) in table.items():
        print(f"| {kind} | {n} | {bad} |")
    with tempfile.TemporaryDirectory() as folder:
        for line in escapes(Path(folder))[:40]:
            print(line)
