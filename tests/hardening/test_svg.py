"""SVG images only draw: what could run or load is taken out of every published copy."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from courseware.build import build_course
from courseware.svg import SVG, clean_svg

from .sandbox_probes import MINI

EVIL = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY x "boom">]>
<?xml-stylesheet href="http://evil.example/x.css"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="40" height="40" onload="console.error('PWNED onload')">
<title>Un punto</title>
<script>console.error('PWNED script'); document.title = 'PWNED'</script>
<style>@import url(http://evil.example/a.css); circle { fill: red }</style>
<style>circle { stroke: url(#g) }</style>
<foreignObject width="9" height="9"><body xmlns="http://www.w3.org/1999/xhtml">
<iframe src="javascript:console.error('PWNED iframe')"></iframe></body></foreignObject>
<a xlink:href="javascript:console.error('PWNED link')"><rect width="5" height="5"
   onclick="console.error('PWNED click')"/></a>
<a href=" java&#x09;script:console.error('PWNED link')">t</a> after
<a href="https://example.org/">ok</a>
<image href="http://evil.example/x.png"/><image href="data:image/png;base64,AAAA"/>
<use href="other.svg#x"/><use href="#dot"/>
<rect fill="url(http://evil.example/x)" style="fill:blue"/>
<set attributeName="href" to="javascript:console.error('PWNED set')"/>
<animate attributeName="href" values="javascript:console.error('PWNED animate')"/>
&x;
<circle id="dot" cx="20" cy="20" r="10"/>
<text>hola &amp; adios</text>
</svg>
"""


def _everything(tree: Any) -> tuple[list[str], list[tuple[str, str]]]:
    tags = [etree.QName(e).localname for e in tree.iter() if isinstance(e.tag, str)]
    attrs = [(etree.QName(k).localname, v) for e in tree.iter() for k, v in e.attrib.items()]
    return tags, attrs


def test_what_could_run_or_load_is_removed_and_the_drawing_kept() -> None:
    cleaned = clean_svg(EVIL)
    tree = etree.fromstring(cleaned)
    tags, attrs = _everything(tree)
    assert not {"script", "foreignObject", "iframe", "set", "animate", "body"} & set(tags)
    assert not [name for name, _ in attrs if name.lower().startswith("on")]
    hrefs = [value for name, value in attrs if name == "href"]
    assert hrefs == ["https://example.org/", "data:image/png;base64,AAAA", "#dot"]
    assert b"evil.example" not in cleaned and b"boom" not in cleaned and b"DOCTYPE" not in cleaned
    assert b"PWNED" not in cleaned
    assert tags.count("circle") == 1 and "hola & adios" in "".join(tree.itertext())
    assert b"after" in cleaned  # text after a removed link stays
    assert clean_svg(b"not xml at all") == f'<svg xmlns="{SVG}"/>\n'.encode()
    assert clean_svg(cleaned) == cleaned  # cleaning is stable


def test_published_svgs_run_nothing_when_opened_on_their_own(
    tmp_path: Path, validators: Any
) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    (root / "media" / "punto.svg").write_bytes(EVIL)
    lesson = root / "lessons" / "01-uno.yaml"
    text = lesson.read_text(encoding="utf-8")
    text = text.replace("src: media/punto.png", "src: media/punto.svg")
    text = text.replace("Hola **mundo**.", "Hola [el dibujo](media/punto.svg).")
    lesson.write_text(text, encoding="utf-8")
    out = tmp_path / "dist"
    build_course(root, out, ["html", "pdf", "packages"])
    site = out / "mini" / "html"
    copies = [(site / "media" / "punto.svg").read_bytes()]
    with zipfile.ZipFile(out / "mini" / "pdf" / "mini.epub") as epub:
        copies += [epub.read(n) for n in epub.namelist() if n.endswith(".svg")]
    with zipfile.ZipFile(out / "mini" / "packages" / "mini-scorm12.zip") as package:
        copies += [package.read(n) for n in package.namelist() if n.endswith(".svg")]
    assert len(copies) >= 3
    assert all(b"PWNED" not in copy for copy in copies)
    report = validators.page_check(site, "media/punto.svg")
    assert report["title"] != "PWNED"
    assert not [e for e in report["consoleErrors"] + report["pageErrors"] if "PWNED" in e]
