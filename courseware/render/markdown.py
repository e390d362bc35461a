"""Markdown to HTML with markdown-it-py; raw HTML sanitised with nh3 unless the course allows it.

Texts without a link, an image or HTML of their own (no ``[`` and no ``<``) are drawn by
markdown-it.rs (``markdown-it-pyrs``, by markdown-it-py's maintainer) where it is installed:
twenty times as fast, and byte-identical there (a property test compares the two).
"""

from __future__ import annotations

import html as htmlmod
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from courseware.load.paths import split_url

try:
    import markdown_it_pyrs
except ImportError:  # no wheel for this platform: markdown-it-py draws every text
    markdown_it_pyrs = None  # type: ignore[assignment]

_SAFE_ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "a": {"href", "title", "hreflang"},
    "th": {"style", "scope"},
    "td": {"style"},
    "abbr": {"title"},
    "span": {"lang"},
    "p": {"lang"},
}


@dataclass(frozen=True, slots=True)
class Reference:
    """A link or image target found in Markdown."""

    kind: str  # "image" or "link"
    url: str
    alt: str = ""  # an image's alt text (its Markdown text content); "" for links

    @property
    def is_local(self) -> bool:
        """True for a relative path inside the course (no scheme, no host, not a fragment)."""
        parts = split_url(self.url)
        return parts is not None and not parts.scheme and not parts.netloc and bool(parts.path)

    @property
    def path(self) -> str:
        """The decoded path part of a local reference."""
        return unquote(urlsplit(self.url).path)


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "typographer": False, "linkify": False})
    md.enable("table")
    md.enable("strikethrough")
    return md


@cache
def _fast_parser() -> markdown_it_pyrs.MarkdownIt | None:
    if markdown_it_pyrs is None:
        return None
    return markdown_it_pyrs.MarkdownIt("commonmark").enable("table").enable("strikethrough")


_ODD_SPACE = "\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
"""Every character ``str.isspace`` takes for whitespace, but for space, tab and line feed."""

_NOT_FAST = re.compile(f"[\\[<>`~|\x00{_ODD_SPACE}\U00010000-\U0010ffff]")
"""What markdown-it.rs may draw otherwise than markdown-it-py, or may not draw at all
(with ``-:`` and ``:-``, looked for apart: one class of characters is searched for
three times as fast as the alternatives together).

``[`` and ``<`` start every link, image and piece of raw HTML (there are then no
references to collect and nothing of the author's own to sanitise). The rest is where
fuzzing the two found them to differ: empty quotes (``>``), code fences left open
(`````, ``~``), tables (``|``, ``-:``), whitespace other than spaces, tabs and line
feeds (a no-break space at the edge of a paragraph), characters beyond the BMP (an emoji
next to emphasis) and NUL.
"""


def _not_fast(text: str) -> bool:
    return _NOT_FAST.search(text) is not None or "-:" in text or ":-" in text


def fast_html(text: str, inline: bool) -> str | None:
    """markdown-it.rs's HTML of ``text`` where it is markdown-it-py's; None elsewhere.

    Inline, only a single line without edge whitespace that makes one paragraph.
    """
    fast = _fast_parser()
    if fast is None or _not_fast(text):
        return None
    html: str = fast.render(text)
    if not inline:
        return html
    if "\n" in text or "\r" in text or text[:1].isspace() or text[-1:].isspace():
        return None
    if html.startswith("<p>") and html.endswith("</p>\n"):
        return html[3:-5]
    return None


_CACHE_SIZE = 32_768
"""Parses remembered per process: a 1,000-lesson course has about 10,000 distinct texts."""


@dataclass(frozen=True, slots=True)
class _Parsed:
    """What every caller needs from one parse of a text: raw HTML (not sanitised) and targets."""

    html: str
    references: tuple[Reference, ...]
    raw_html: bool = True
    """True if the text holds HTML of its own (an html_inline or html_block token)."""


@lru_cache(maxsize=_CACHE_SIZE)
def _parse(text: str, inline: bool) -> _Parsed:
    """Parse and render ``text`` once per process.

    The checks, the linter and the HTML renderer all need the same texts (links, images with
    their alt text, HTML); remembering the result makes each distinct text one parse. Call it
    with positional arguments only: ``lru_cache`` keys ``f(t, False)`` and ``f(t, inline=False)``
    apart. Results are immutable because they are shared.
    """
    md = _parser()
    env: dict[str, object] = {}
    tokens = md.parseInline(text, env) if inline else md.parse(text, env)
    html: str = md.renderer.render(tokens, md.options, env)
    walked = _walk(tokens)
    raw = any(token.type in _RAW_HTML for token in walked)
    return _Parsed(html, tuple(_references(walked)), raw)


_RAW_HTML = frozenset({"html_inline", "html_block"})


def _walk(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        if token.children:
            out.extend(_walk(token.children))
    return out


def _references(walked: list[Token]) -> list[Reference]:
    refs: list[Reference] = []
    for token in walked:
        if token.type == "image":
            refs.append(Reference("image", str(token.attrGet("src") or ""), token.content))
        elif token.type == "link_open":
            refs.append(Reference("link", str(token.attrGet("href") or "")))
        elif token.type in _RAW_HTML:
            refs.extend(_html_references(token.content))
    return refs


class _TagTargets(HTMLParser):
    """The ``<img src>`` and ``<a href>`` of a piece of raw HTML, as the sanitiser keeps them
    (an address no URL parser takes is dropped there, so here too)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Reference] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if k not in ("src", "href") or split_url(v or "")}
        if tag == "img" and values.get("src"):
            self.found.append(Reference("image", str(values["src"]), values.get("alt") or ""))
        elif tag == "a" and values.get("href"):
            self.found.append(Reference("link", str(values["href"])))


def _html_references(html: str) -> list[Reference]:
    """Targets of raw HTML in a text: the checks must see what the pages will show."""
    parser = _TagTargets()
    parser.feed(html)
    parser.close()
    return parser.found


def references(text: str) -> list[Reference]:
    """Every image and link target of a Markdown text, in order (block mode)."""
    if is_plain(text):
        return []  # plain words: no link or image syntax (see render_with_references)
    return list(_parse(text, False).references)


def sanitize(html: str) -> str:
    """Remove scripts, event handlers, styles and dangerous URLs from HTML."""
    return str(
        nh3.clean(
            html,
            attributes=_SAFE_ATTRIBUTES,
            url_schemes={"http", "https", "mailto", "tel"},
            link_rel="noopener noreferrer",
            attribute_filter=_parsable_urls,
        )
    )


def _parsable_urls(tag: str, attribute: str, value: str) -> str | None:
    """Drop a link or source no URL parser takes (``//[x``: a host that is no IPv6
    address). Browsers ignore it; WeasyPrint raises on it."""
    if attribute in ("href", "src") and split_url(value) is None:
        return None
    return value


def render_markdown(text: str, *, allow_html: bool = False, inline: bool = False) -> str:
    """Render Markdown to HTML; ``inline`` drops the surrounding paragraph."""
    return render_with_references(text, allow_html=allow_html, inline=inline)[0]


def render_with_references(
    text: str, *, allow_html: bool = False, inline: bool = False
) -> tuple[str, list[Reference]]:
    """:func:`render_markdown` and :func:`references` of ``text`` from a single parse."""
    if inline and text.startswith("\ufeff"):
        text = text[1:]  # markdown-it drops a leading byte-order mark from inline text
    if is_plain(text):
        # Plain words: no Markdown syntax, nothing to escape, nothing to sanitise.
        return (text if inline else f"<p>{text}</p>\n"), []
    html, refs = _render(text, inline, allow_html)
    return html, list(refs)


@lru_cache(maxsize=_CACHE_SIZE)
def _render(text: str, inline: bool, allow_html: bool) -> tuple[str, tuple[Reference, ...]]:
    """The finished HTML of ``text``, remembered: the same feedback recurs on many pages."""
    html = fast_html(text, inline)
    if html is not None:  # no references and no HTML of its own
        return _finish(html, allow_html or _plain_markup(html)), ()
    parsed = _parse(text, inline)
    trusted = allow_html or (not parsed.raw_html and _plain_markup(parsed.html))
    return _finish(parsed.html, trusted), parsed.references


_MARKUP_CHARACTER = re.compile(r"""[\\`*_\[\]!<>&~#|"\n\r\f\v\x00\u00a0\u2028\u2029]""")
_MARKUP_START = re.compile(r"[-+=>]|\d{1,9}[.)]")


def is_plain(text: str) -> bool:
    """True if the Markdown of ``text`` is the text itself in a paragraph: no character
    that could be markup, no edge whitespace, no start of a list, heading or quote.

    (One pattern with the anchors as alternatives was tried at every position: twice
    the time of these checks, for each of the tens of thousands of texts of a course.)
    """
    return (
        bool(text)
        and not text[0].isspace()
        and not text[-1].isspace()
        and not _MARKUP_START.match(text)
        and not _MARKUP_CHARACTER.search(text)
    )


_PLAIN_TAG = re.compile(
    r"<(?:/?(?:p|em|strong|del|s|code|pre|blockquote|ul|ol|li|h[1-6]|table|thead|tbody|tr)"
    r"|/?t[hd]|t[hd] style=\"text-align:(?:left|center|right)\")>"
)
_PLAIN_ENTITY = re.compile(r"&(?:amp|lt|gt);")


def _plain_markup(html: str) -> bool:
    """True if markdown-it's ``html`` (of a text without HTML of its own) is only plain markup.

    Why: the sanitiser costs as much as the parse and, on such HTML, would give back the
    same string (a test compares them): it holds no attribute but a table cell's
    alignment, no link, image or URL, no character it writes otherwise (a quote mark
    escaped as an entity, a no-break space).
    """
    if "\u00a0" in html or _PLAIN_ENTITY.sub("", html).count("&"):
        return False
    rest = _PLAIN_TAG.sub("", html)
    return "<" not in rest and ">" not in rest.replace("&gt;", "")


def _finish(html: str, allow_html: bool) -> str:
    if not allow_html:
        html = sanitize(html)
    # Lazy-load images and keep them inside the column.
    return html.replace("<img ", '<img loading="lazy" ')


def plain_text(text: str) -> str:
    """Markdown reduced to its text (for titles, alt text, search and exports)."""
    parts: list[str] = []
    for token in _walk(_parser().parse(text)):
        if token.type in {"text", "code_inline"}:
            parts.append(token.content)
        elif token.type in {"softbreak", "hardbreak"} or token.type in {
            "paragraph_close",
            "heading_close",
            "list_item_close",
        }:
            parts.append(" ")
    return " ".join("".join(parts).split())


# --- links to lessons ----------------------------------------------------------------------

_HREF = re.compile(r'href="([^"]*)"')
Place = tuple[int, int]
"""Where a lesson sits: (module index, lesson index)."""


def lesson_key(path: str) -> str:
    """A lesson file's path as links and ``course.yaml`` may spell it, made comparable:
    ``./lessons//02.yaml`` and ``lessons/02.yaml`` give the same key."""
    return posixpath.normpath(path.replace("\\", "/")).removeprefix("./")


def lesson_files(sources: Mapping[tuple[str | int, ...], tuple[str, str]]) -> dict[str, Place]:
    """Lesson file key -> (module index, lesson index), from the loader's ``sources``
    (data path -> the path written in course.yaml, relative to the course folder)."""
    return {
        lesson_key(path): (int(where[1]), int(where[3]))
        for where, (path, _) in sources.items()
        if len(where) == 4 and where[0] == "modules" and where[2] == "lessons"
    }


def lesson_of(url: str, files: Mapping[str, Place]) -> tuple[Place, str] | None:
    """((module, lesson) index, fragment) when ``url`` links a lesson file, else None.

    Links to lessons are written as the lesson's YAML file, relative to the course folder
    (like images): ``[next](lessons/02-cifras.yaml)``, ``[x](lessons/02-cifras.yaml#quiz)``.
    """
    parts = split_url(url)
    if parts is None or parts.scheme or parts.netloc or not parts.path:
        return None
    place = files.get(lesson_key(unquote(parts.path)))
    return None if place is None else (place, parts.fragment)


def link_lessons(
    html: str,
    files: Mapping[str, Place],
    target: Callable[[Place, str], str],
    extra: Callable[[Place], Mapping[str, str]] | None = None,
) -> str:
    """``html`` with every ``href`` naming a lesson file replaced by ``target(place,
    fragment)``, plus the attributes ``extra(place)`` (escaped here): the page, chapter or
    anchor each output gives that lesson."""
    if not files or ".y" not in html:
        return html

    def swap(match: re.Match[str]) -> str:
        found = lesson_of(htmlmod.unescape(match.group(1)), files)
        if found is None:
            return match.group(0)
        attributes = {"href": target(*found), **(extra(found[0]) if extra else {})}
        return " ".join(f'{k}="{htmlmod.escape(v, quote=True)}"' for k, v in attributes.items())

    return _HREF.sub(swap, html)
