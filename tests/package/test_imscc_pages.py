"""Pages as the cartridge carries them: the site frame cut out, the rest untouched."""

from __future__ import annotations

from courseware.package.imscc_pages import cartridge_page, is_page_link

PAGE = """<!DOCTYPE html>
<html lang="es"><head><script src="assets/courseware.js" defer></script></head>
<body><a class="cw-skip" href="#cw-main">Saltar</a>
<header class="cw-header"><div><a href="index.html">Inicio</a></div></header>
<main id="cw-main"><h1>Lección</h1>
<p>Ver <a class="x" href="sources.html#src-1" rel="next">la fuente</a> y
<a href="https://example.org/a.html">la web</a>, <a href="#arriba">arriba</a>,
<a href="media/guia.pdf">la guía</a>.</p>
<svg viewBox="0 0 10 10"><path d="M0 0h10"/></svg>
<video controls poster="media/p.png"><source src="media/v.mp4"><track src="media/v.vtt">
Sin video.</video>
<nav class="cw-pager"><nav class="inner"><a href="b.html">Siguiente</a></nav></nav></main>
<nav class="cw-toc"><ol><li><a href="a.html">A</a></li></ol></nav>
<footer class="cw-footer"><p>Pie</p></footer>
<script id="cw-data" type="application/json">{"keys": {"q": "</p>"}}</script>
</body></html>
"""


def test_frame_scripts_and_page_links_go_the_rest_stays_byte_for_byte() -> None:
    out = cartridge_page(PAGE.encode()).decode()
    for gone in ("cw-skip", "cw-header", "cw-pager", "cw-toc", "cw-footer", "cw-data", "Pie"):
        assert gone not in out, gone
    assert '<span class="x">la fuente</span>' in out
    for kept in (
        '<a href="https://example.org/a.html">la web</a>',
        '<a href="#arriba">arriba</a>',
        '<a href="media/guia.pdf">la guía</a>',
        '<svg viewBox="0 0 10 10"><path d="M0 0h10"/></svg>',
        '<source src="media/v.mp4"><track src="media/v.vtt">\nSin video.</video>',
        '<script src="assets/courseware.js" defer></script></head>',
    ):
        assert kept in out, kept
    assert "<video controls>" in out and "poster" not in out


def test_page_links() -> None:
    assert is_page_link("a.html") and is_page_link("sub/b.htm#x") and is_page_link("c.xhtml?q")
    for other in ("#x", "/a.html", "https://e.org/a.html", "//e.org/a.html", "a.png", ""):
        assert not is_page_link(other), other
