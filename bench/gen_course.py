#!/usr/bin/env python3
"""Write a synthetic Spanish-like course in courseware's format, plus the same pages for MkDocs.

    python bench/gen_course.py OUT --lessons 100 [--mkdocs] [--hugo] [--seed 1]

OUT/course/ is a courseware course (course.yaml, lessons/, banks/, media/);
OUT/mkdocs/ and OUT/hugo/ hold the same lesson text as Markdown sites for comparison.
Deterministic for a given seed. Needs PyYAML.
"""

from __future__ import annotations

import argparse
import random
import shutil
import struct
import zlib
from pathlib import Path
from typing import Any

import yaml

WORDS = """el la los las un una de del en con por para sobre entre desde hasta según
comercio tienda producto productos aldea aldeas familia familias venta ventas precio
envío cliente clientes pago pagos confianza foto fotos video transmisión vivo mercado
mercados local locales digital digitales artesanía miel café perlas bordado taller
instructor instructora estudiantes curso lección práctica ejemplo actividad plan meta
mejora revisa organiza explica compara vende muestra prepara calcula publica responde
también además siempre después antes durante cuando donde cómo qué porque pero así más
""".split()  # noqa: SIM905


class Text:
    """Random but plausible Spanish-looking text."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def words(self, lo: int, hi: int) -> str:
        return " ".join(self.r.choice(WORDS) for _ in range(self.r.randint(lo, hi)))

    def title(self, lo: int = 3, hi: int = 6) -> str:
        text = self.words(lo, hi)
        return text[0].upper() + text[1:]

    def sentence(self, lo: int = 8, hi: int = 16) -> str:
        text = self.words(lo, hi)
        if self.r.random() < 0.15:
            text += f" **{self.r.choice(WORDS)}**"
        return text[0].upper() + text[1:] + "."

    def paragraph(self, lo: int = 2, hi: int = 4) -> str:
        return " ".join(self.sentence() for _ in range(self.r.randint(lo, hi)))


def png(width: int, height: int, seed: int) -> bytes:
    """A small solid-colour PNG."""
    rng = random.Random(seed)
    pixel = bytes(rng.randrange(256) for _ in range(3))
    raw = b"".join(b"\x00" + pixel * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def question(qid: str, index: int, t: Text) -> dict[str, Any]:
    """One question, cycling through the common types."""
    kind = ["single_choice", "true_false", "multiple_response", "short_answer", "numeric"][
        index % 5
    ]
    q: dict[str, Any] = {
        "id": qid,
        "type": kind,
        "prompt": "¿" + t.sentence(8, 14)[:-1] + "?",
        "objectives": ["obj-1"],
        "feedback": {"correct": "¡Correcto!", "incorrect": "Revisa la lección."},
    }
    if kind == "single_choice":
        good = t.r.randrange(4)
        q["choices"] = [
            {"text": f"{j + 1}. {t.sentence(3, 6)}", "correct": j == good} for j in range(4)
        ]
    elif kind == "true_false":
        q["answer"] = t.r.random() < 0.5
    elif kind == "multiple_response":
        q["choices"] = [
            {"text": f"{j + 1}. {t.sentence(3, 6)}", "correct": j in (0, 2)} for j in range(4)
        ]
    elif kind == "short_answer":
        q["answers"] = [{"text": t.r.choice(WORDS)}]
    else:
        q["answer"] = t.r.randint(1, 900)
        q["tolerance"] = 1
    return q


def block(kind: str, t: Text, questions: list[str], images: list[str]) -> dict[str, Any]:
    """One content block of the given type."""
    if kind == "text":
        return {"type": "text", "body": t.paragraph() + "\n\n" + t.paragraph()}
    if kind == "image":
        return {
            "type": "image",
            "src": "media/" + t.r.choice(images),
            "alt": t.title(4, 7),
            "caption": t.sentence(4, 8),
        }
    if kind == "callout":
        return {
            "type": "callout",
            "kind": t.r.choice(["tip", "note", "warning"]),
            "title": t.title(2, 4),
            "body": t.paragraph(1, 2),
        }
    if kind == "table":
        return {
            "type": "table",
            "caption": t.sentence(3, 6).replace("**", ""),  # a table caption is plain text
            "columns": ["Concepto", "Descripción", "Ejemplo"],
            "rows": [[t.title(1, 2), t.sentence(4, 7), t.words(2, 4)] for _ in range(4)],
        }
    if kind == "key_figures":
        return {
            "type": "key_figures",
            "figures": [
                {"value": str(t.r.randint(2, 900)), "label": t.words(2, 4)} for _ in range(3)
            ],
        }
    if kind == "activity":
        return {
            "type": "activity",
            "title": t.title(2, 5),
            "instructions": t.paragraph(2, 3),
            "duration": t.r.choice([10, 15, 20]),
        }
    if kind == "discussion":
        return {"type": "discussion", "prompt": t.sentence()}
    if kind == "knowledge_check":
        return {
            "type": "knowledge_check",
            "questions": t.r.sample(questions, min(2, len(questions))),
        }
    raise ValueError(kind)


CYCLE = [
    "text",
    "image",
    "text",
    "callout",
    "table",
    "text",
    "key_figures",
    "knowledge_check",
    "activity",
    "discussion",
]


def generate(
    out: Path,
    lessons: int,
    per_module: int = 10,
    per_bank: int = 20,
    seed: int = 1,
    mkdocs: bool = False,
    hugo: bool = False,
) -> Path:
    """Write the course (and peer sites); return the course folder."""
    t = Text(seed)
    if out.exists():
        shutil.rmtree(out)
    course = out / "course"
    (course / "lessons").mkdir(parents=True)
    (course / "banks").mkdir()
    (course / "media").mkdir()
    images = [f"img{i:02d}.png" for i in range(1, 6)]
    for i, name in enumerate(images):
        (course / "media" / name).write_bytes(png(64, 40, seed + i))
    modules: list[dict[str, Any]] = []
    pages: list[tuple[str, str, str, str]] = []  # module title, lesson id, title, markdown
    number = 0
    for m in range(max(1, -(-lessons // per_module))):
        mid = f"m{m + 1:02d}"
        qids = [f"{mid}-q{i + 1:03d}" for i in range(per_bank)]
        bank = {
            "id": f"banco-{mid}",
            "title": f"Preguntas del módulo {m + 1}",
            "questions": [question(q, i, t) for i, q in enumerate(qids)],
        }
        (course / "banks" / f"{mid}.yaml").write_text(
            yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        refs = []
        module_title = f"Módulo {m + 1}: {t.title(2, 4)}"
        for _ in range(min(per_module, lessons - number)):
            number += 1
            lid = f"l{number:04d}"
            lesson = {
                "id": lid,
                "title": t.title(3, 6),
                "duration": t.r.choice([20, 30, 45]),
                "objectives": ["obj-1"],
                "blocks": [block(kind, t, qids, images) for kind in CYCLE],
            }
            (course / "lessons" / f"{lid}.yaml").write_text(
                yaml.safe_dump(lesson, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
            refs.append(f"lessons/{lid}.yaml")
            markdown = "\n\n".join(b["body"] for b in lesson["blocks"] if "body" in b)
            pages.append((module_title, lid, lesson["title"], markdown))
        modules.append({"id": mid, "title": module_title, "lessons": refs})
    meta = {
        "id": "curso-sintetico",
        "title": "Curso sintético de comercio electrónico rural",
        "language": "es-MX",
        "version": "1.0.0",
        "authors": [{"name": "Banco de pruebas"}],
        "license": "CC-BY-4.0",
        "description": t.paragraph(),
        "audience": t.sentence(),
        "objectives": [{"id": "obj-1", "text": t.sentence()}],
        "modules": modules,
    }
    (course / "course.yaml").write_text(
        yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    if mkdocs:
        docs = out / "mkdocs" / "docs"
        docs.mkdir(parents=True)
        (docs / "index.md").write_text(
            f"# {meta['title']}\n\n{meta['description']}\n", encoding="utf-8"
        )
        nav: dict[str, list[dict[str, str]]] = {}
        for module_title, lid, title, markdown in pages:
            (docs / f"{lid}.md").write_text(f"# {title}\n\n{markdown}\n", encoding="utf-8")
            nav.setdefault(module_title, []).append({title: f"{lid}.md"})
        config = {
            "site_name": meta["title"],
            "nav": [{"Inicio": "index.md"}] + [{k: v} for k, v in nav.items()],
        }
        (out / "mkdocs" / "mkdocs.yml").write_text(
            yaml.safe_dump(config, allow_unicode=True), encoding="utf-8"
        )
    if hugo:
        write_hugo(out / "hugo", meta, pages)
    return course


HUGO_LAYOUTS = {
    # The frame every page of ours has: site title, the modules, the current module's
    # lessons, and previous / next links (the shape ../shared/bench-anchors measured).
    "baseof.html": """<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}"><head><meta charset="utf-8">
<title>{{ .Title }} | {{ .Site.Title }}</title><link rel="stylesheet" href="/style.css"></head>
<body><header><a href="/">{{ .Site.Title }}</a></header>
<nav><ul>{{ range .Site.Sections }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ with .CurrentSection }}<ol>{{ range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol>{{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">Anterior</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">Siguiente</a>{{ end }}</footer></body></html>
""",
    "single.html": '{{ define "main" }}<article>{{ .Content }}</article>{{ end }}\n',
    "list.html": '{{ define "main" }}{{ .Content }}<ul>{{ range .Pages }}'
    '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n',
}


def write_hugo(site: Path, meta: dict[str, Any], pages: list[tuple[str, str, str, str]]) -> None:
    """The same lessons as a Hugo site: one section per module, navigation on every page."""
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name, body in HUGO_LAYOUTS.items():
        (layouts / name).write_text(body, encoding="utf-8")
    (site / "hugo.toml").write_text(
        f'title = "{meta["title"]}"\nbaseURL = "/"\nlanguageCode = "es"\n'
        'disableKinds = ["taxonomy", "term"]\n',
        encoding="utf-8",
    )
    content = site / "content"
    content.mkdir()
    (content / "_index.md").write_text(
        f'---\ntitle: "{meta["title"]}"\n---\n{meta["description"]}\n', encoding="utf-8"
    )
    sections: dict[str, int] = {}
    for module_title, lid, title, markdown in pages:
        number = sections.setdefault(module_title, len(sections) + 1)
        section = content / f"m{number:02d}"
        if not section.exists():
            section.mkdir()
            (section / "_index.md").write_text(
                f'---\ntitle: "{module_title}"\nweight: {number}\n---\n', encoding="utf-8"
            )
        (section / f"{lid}.md").write_text(
            f'---\ntitle: "{title}"\nweight: {int(lid[1:])}\n---\n\n{markdown}\n',
            encoding="utf-8",
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--lessons", type=int, default=100)
    parser.add_argument("--lessons-per-module", type=int, default=10)
    parser.add_argument("--questions-per-module", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mkdocs", action="store_true")
    parser.add_argument("--hugo", action="store_true")
    args = parser.parse_args()
    course = generate(
        args.out,
        args.lessons,
        args.lessons_per_module,
        args.questions_per_module,
        args.seed,
        args.mkdocs,
        args.hugo,
    )
    print(course)


if __name__ == "__main__":
    main()
