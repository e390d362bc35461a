"""Regenerate the media of the "aldeas-digitales" sample course.

Every file in ../media is made here from scratch: two SVG diagrams written by hand,
PNG images drawn with Pillow, narration synthesised with espeak-ng (voice es-419) and
a slideshow video encoded with ffmpeg. Nothing is downloaded.

Needs: Pillow, espeak-ng and ffmpeg (apt-get install -y espeak-ng ffmpeg).
Run from anywhere:  python3 courses/aldeas-digitales/tools/make_media.py
Slides only:        python3 courses/aldeas-digitales/tools/make_media.py --frames-only
  (redraws the poster and the video's pictures under its narration and captions as they
  are; needs Pillow and ffmpeg only)
"""

# ruff: noqa: E501  (long SVG and narration strings read better unbroken)

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from itertools import pairwise
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
MEDIA = HERE.parent / "media"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
VOICE = ["espeak-ng", "-v", "es-419", "-s", "165"]
VOICE_FAST = ["espeak-ng", "-v", "es-419", "-s", "185"]

GREEN = "#0b6e4f"
GOLD = "#e8a33d"
CREAM = "#fbf6ec"
INK = "#1f2a2e"


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_BOLD if bold else FONT, size)


def run(*cmd: str) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def duration(path: Path) -> float:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip())


# --------------------------------------------------------------------------- slides

SLIDES = [
    {
        "title": "De la aldea Taobao a la aldea digital",
        "body": "Comercio electrónico para comunidades rurales",
        "say": "De la aldea Taobao, a la aldea digital.",
        "caption": "De la aldea Taobao a la aldea digital.",
    },
    {
        "title": "China rural",
        "body": "Aldeas que venden en línea sus especialidades locales: de joyas a frutas.",
        "say": "En la China rural, muchas aldeas venden en línea sus especialidades.",
        "caption": "En la China rural, muchas aldeas venden en línea sus especialidades.",
    },
    {
        "title": "La aldea de las perlas",
        "body": "A dos horas de Hangzhou: más de 800 familias venden perlas en transmisiones en vivo.",
        "say": "A dos horas de Hangzhou, más de ochocientas familias venden perlas en vivo.",
        "caption": "A dos horas de Hangzhou, más de 800 familias venden perlas en vivo.",
    },
    {
        "title": "México",
        "body": "8\u00a0aldeas digitales\u00a0· 400\u00a0instructores\u00a0· 8000\u00a0estudiantes\u00a0· 6\u00a0estados",
        "say": "En México hay ocho aldeas digitales, en seis estados.",
        "caption": "En México hay ocho aldeas digitales, en seis estados.",
    },
    {
        "title": "Tu aldea",
        "body": "Un producto, un celular y un plan.",
        "say": "Tu aldea puede empezar con un producto, un celular y un plan.",
        "caption": "Tu aldea puede empezar con un producto, un celular y un plan.",
    },
]


SLIDE_SIZE = (640, 360)
MARGIN = 40
TEXT_WIDTH = SLIDE_SIZE[0] - 2 * MARGIN
"""Room for a line of title or body text: the slide less a margin on each side."""
TEXT_TOP, TEXT_BOTTOM = 84, 270
"""Text stands below the green bar and above the roofs of the little houses."""
TITLE_SIZE, TITLE_LEAD = 34, 42
BODY_SIZE, BODY_LEAD = 26, 36
GAP = 16
"""Space between the title's last line and the body."""


def text_width(text: str, face: ImageFont.FreeTypeFont) -> float:
    """Width in pixels of ``text`` drawn in ``face`` (Pillow's textbbox)."""
    left, _, right, _ = ImageDraw.Draw(Image.new("RGB", (1, 1))).textbbox((0, 0), text, font=face)
    return right - left


def wrap(text: str, face: ImageFont.FreeTypeFont, width: float = TEXT_WIDTH) -> list[str]:
    """The words of ``text`` in lines no wider than ``width`` pixels in ``face``.

    Only plain spaces break: a no-break space (U+00A0) keeps "8000 estudiantes" together.
    """
    lines: list[str] = []
    for word in text.split(" "):
        longer = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(longer, face) <= width:
            lines[-1] = longer
        else:
            lines.append(word)
    return lines


def balanced(text: str, face: ImageFont.FreeTypeFont, width: float = TEXT_WIDTH) -> list[str]:
    """As :func:`wrap`, in as few lines, made as even as they can be (no lone last word)."""
    lines = wrap(text, face, width)
    widest = max(text_width(line, face) for line in lines)
    while True:
        tighter = wrap(text, face, widest - 1)
        narrowest = max(text_width(line, face) for line in tighter)
        if len(tighter) > len(lines) or narrowest >= widest:
            return lines
        lines, widest = tighter, narrowest


def slide_layout(slide: dict[str, str]) -> list[tuple[int, str, ImageFont.FreeTypeFont, str]]:
    """Each text line of a slide as (top y, text, font, colour): the title, then the body."""
    title, body = font(TITLE_SIZE, bold=True), font(BODY_SIZE)
    placed = []
    y = TEXT_TOP
    for line in balanced(slide["title"], title):
        placed.append((y, line, title, GREEN))
        y += TITLE_LEAD
    y += GAP
    for line in balanced(slide["body"], body):
        placed.append((y, line, body, INK))
        y += BODY_LEAD
    return placed


def draw_slide(number: int, slide: dict[str, str], path: Path) -> None:
    width, height = SLIDE_SIZE
    image = Image.new("RGB", (width, height), CREAM)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, width, 56], fill=GREEN)
    draw.text((24, 14), "Aldeas digitales", font=font(22, bold=True), fill="white")
    draw.text((width - 90, 18), f"{number} / {len(SLIDES)}", font=font(18), fill="white")
    # a row of little houses: the village
    for i in range(7):
        x = 60 + i * 80
        y = 300
        colour = GOLD if i % 2 == 0 else GREEN
        draw.rectangle([x, y, x + 40, y + 34], fill=colour)
        draw.polygon([(x - 6, y), (x + 20, y - 22), (x + 46, y)], fill=INK)
        draw.rectangle([x + 15, y + 14, x + 25, y + 34], fill=CREAM)
    for y, line, face, colour in slide_layout(slide):
        draw.text((MARGIN, y), line, font=face, fill=colour)
    image.save(path, optimize=True)


def timestamp(seconds: float) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"00:{int(minutes):02d}:{secs:06.3f}"


def encode_clip(png: Path, seconds: float, clip: Path, wav: Path | None = None) -> None:
    """One slide shown ``seconds`` long at 5 frames a second, with its narration if given."""
    sound = ["-i", str(wav), "-af", "apad"] if wav else []
    audio = ["-c:a", "aac", "-b:a", "32k", "-ac", "1", "-ar", "22050"] if wav else ["-an"]
    run(
        "ffmpeg",
        "-y",
        "-loop",
        "1",
        "-framerate",
        "5",
        "-i",
        str(png),
        *sound,
        "-t",
        f"{seconds:.2f}",
        "-c:v",
        "libx264",
        "-preset",
        "veryslow",
        "-tune",
        "stillimage",
        "-crf",
        "30",
        "-pix_fmt",
        "yuv420p",
        "-r",
        "5",
        *audio,
        str(clip),
    )


def concat(parts: list[Path], out: Path, tmp: Path) -> None:
    listing = tmp / "list.txt"
    listing.write_text("".join(f"file '{p}'\n" for p in parts))
    run(
        "ffmpeg", "-y", "-f", "concat", "-safe", "0", "-i", str(listing),
        "-c", "copy", "-movflags", "+faststart", str(out),
    )  # fmt: skip


VIDEO = MEDIA / "de-taobao-a-mexico.mp4"
CAPTIONS = MEDIA / "de-taobao-a-mexico.es.vtt"


def make_video(tmp: Path) -> None:
    parts: list[Path] = []
    cues: list[str] = []
    start = 0.0
    for number, slide in enumerate(SLIDES, start=1):
        png = tmp / f"slide{number}.png"
        draw_slide(number, slide, png)
        if number == 1:
            shutil.copy(png, MEDIA / "video-portada.png")
        wav = tmp / f"voz{number}.wav"
        run(*VOICE_FAST, "-w", str(wav), slide["say"])
        length = duration(wav) + 0.3
        clip = tmp / f"clip{number}.mp4"
        encode_clip(png, length, clip, wav)
        parts.append(clip)
        cues.append(
            f"{number}\n{timestamp(start + 0.1)} --> {timestamp(start + length - 0.1)}\n{slide['caption']}\n"
        )
        start += length
    concat(parts, VIDEO, tmp)
    CAPTIONS.write_text("WEBVTT\n\n" + "\n".join(cues), encoding="utf-8")


def slide_lengths(captions: str) -> list[float]:
    """How long each slide shows, read back from the captions: each cue is its slide less 0.1 s
    at both ends (as make_video writes them)."""
    ends = re.findall(r"(\d+):(\d\d):(\d\d\.\d+) --> (\d+):(\d\d):(\d\d\.\d+)", captions)
    seconds = [
        (int(h) * 3600 + int(m) * 60 + float(s), int(h2) * 3600 + int(m2) * 60 + float(s2))
        for h, m, s, h2, m2, s2 in ends
    ]
    return [end - begin + 0.2 for begin, end in seconds]


def remake_frames(tmp: Path) -> None:
    """Redraw the slides (the poster is the first) and put them under the video's narration as it
    is: the voice and captions stay byte for byte (espeak-ng's voice differs between versions)."""
    lengths = slide_lengths(CAPTIONS.read_text(encoding="utf-8"))
    assert len(lengths) == len(SLIDES), "the captions have one cue per slide"
    # each slide starts on the frame nearest its narration's start (5 frames a second)
    starts = [round(sum(lengths[:n]) * 5) / 5 for n in range(len(lengths) + 1)]
    shown = [end - start for start, end in pairwise(starts)]
    parts: list[Path] = []
    for number, (slide, length) in enumerate(zip(SLIDES, shown, strict=True), start=1):
        png = tmp / f"slide{number}.png"
        draw_slide(number, slide, png)
        if number == 1:
            shutil.copy(png, MEDIA / "video-portada.png")
        parts.append(tmp / f"clip{number}.mp4")
        encode_clip(png, length, parts[-1])
    frames = tmp / "frames.mp4"
    concat(parts, frames, tmp)
    run(
        "ffmpeg", "-y", "-i", str(frames), "-i", str(VIDEO), "-map", "0:v", "-map", "1:a",
        "-c", "copy", "-movflags", "+faststart", str(tmp / "video.mp4"),
    )  # fmt: skip
    shutil.copy(tmp / "video.mp4", VIDEO)


# --------------------------------------------------------------------------- audio

AUDIO = {
    "resumen-aldeas-digitales.mp3": (
        "Resumen de la lección. Alibaba y socios locales crearon ocho aldeas digitales en México. "
        "En ellas participan cuatrocientos instructores y ocho mil estudiantes, en seis estados del país. "
        "La meta es ayudar a revitalizar la economía rural y aprovechar el talento digital. "
        "Estas aldeas siguen el modelo de las aldeas Taobao de China, donde la gente vende en línea "
        "las especialidades de su lugar. Fuente: un artículo de Alizilla, de Alibaba Group."
    ),
    "lista-antes-de-transmitir.mp3": (
        "Lista rápida antes de transmitir. "
        "Uno: carga el celular y ten el cargador a la mano. "
        "Dos: prueba la señal en el lugar exacto donde vas a transmitir. "
        "Tres: limpia la cámara y busca luz de frente, nunca a contraluz. "
        "Cuatro: ten los productos en orden, cada uno con su precio escrito. "
        "Cinco: pide a alguien que lea los comentarios y anote los pedidos. "
        "Seis: anuncia el día y la hora de la transmisión con anticipación. "
        "Y al terminar, da las gracias y di cuándo será la próxima."
    ),
}


def make_audio(tmp: Path) -> None:
    for name, text in AUDIO.items():
        wav = tmp / (name + ".wav")
        run(*VOICE, "-w", str(wav), text)
        run(
            "ffmpeg",
            "-y",
            "-i",
            str(wav),
            "-ac",
            "1",
            "-ar",
            "16000",
            "-c:a",
            "libmp3lame",
            "-b:a",
            "24k",
            str(MEDIA / name),
        )


# --------------------------------------------------------------------------- listing mock-up


def make_listing() -> None:
    width, height = 360, 640
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([4, 4, width - 5, height - 5], radius=28, outline=INK, width=6)
    draw.rectangle([10, 30, width - 11, 74], fill=GREEN)
    draw.text((24, 40), "Tienda de la aldea", font=font(20, bold=True), fill="white")
    # product photo area: a jar of honey on a plain background
    draw.rectangle([24, 88, width - 25, 300], fill="#efe6d2")
    draw.rounded_rectangle([130, 140, 230, 280], radius=14, fill=GOLD, outline="#9c6a1c", width=3)
    draw.rectangle([138, 120, 222, 142], fill="#8a5a2b")
    draw.rectangle([142, 186, 218, 232], fill="white")
    draw.text((150, 198), "MIEL", font=font(22, bold=True), fill=INK)
    draw.text((32, 94), "Foto 1 de 4", font=font(13), fill=INK)
    draw.text((250, 276), "EJEMPLO", font=font(14, bold=True), fill="#b03a2e")
    y = 312
    draw.text((24, y), "Miel multiflora de la sierra", font=font(19, bold=True), fill=INK)
    draw.text((24, y + 26), "Frasco de vidrio de 500 g", font=font(16), fill=INK)
    draw.text((24, y + 56), "$150 MXN", font=font(28, bold=True), fill=GREEN)
    draw.text((196, y + 68), "(precio de ejemplo)", font=font(13), fill=INK)
    lines = [
        "• Cosecha de temporada, sin mezclas",
        "• Envío por paquetería: 3 a 5 días",
        "• Costo de envío según tu código postal",
        "• Pago: transferencia o en persona",
        "• Vende: Cooperativa de la aldea",
    ]
    y += 104
    for line in lines:
        draw.text((24, y), line, font=font(15), fill=INK)
        y += 24
    draw.rounded_rectangle([24, 560, width - 25, 604], radius=12, fill=GOLD)
    draw.text((82, 570), "Comprar por mensaje", font=font(18, bold=True), fill=INK)
    image.save(MEDIA / "ficha-producto-ejemplo.png", optimize=True)


# --------------------------------------------------------------------------- SVG diagrams

SVG_HEAD = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
    'role="img" aria-labelledby="t d" font-family="DejaVu Sans, Arial, Helvetica, sans-serif">\n'
    '<title id="t">{title}</title>\n<desc id="d">{desc}</desc>\n'
    '<rect width="{w}" height="{h}" fill="{bg}"/>\n'
)


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def make_model_svg() -> None:
    w, h = 800, 540
    steps = [
        (400, 130, "1. Especialidad local", "perlas, frutas, joyas…"),
        (650, 215, "2. Tienda en línea", "fichas con fotos y precio"),
        (650, 375, "3. Venta en vivo", "transmisión con el celular"),
        (400, 460, "4. Pedidos y pagos", "confirmar antes de enviar"),
        (150, 375, "5. Empaque y envío", "por paquetería"),
        (150, 215, "6. Clientes y reseñas", "vuelven y recomiendan"),
    ]
    out = [
        SVG_HEAD.format(
            w=w,
            h=h,
            bg=CREAM,
            title="El modelo de la aldea Taobao",
            desc=(
                "Ciclo de seis pasos alrededor de la aldea: 1 especialidad local, 2 tienda en línea, "
                "3 venta en vivo, 4 pedidos y pagos, 5 empaque y envío, 6 clientes y reseñas, "
                "que vuelve al paso 1. En el centro, muchas familias de una misma comunidad."
            ),
        )
    ]
    out.append(
        '<defs><marker id="flecha" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        f'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{INK}"/></marker></defs>\n'
    )
    out.append(
        f'<text x="400" y="42" text-anchor="middle" font-size="28" font-weight="bold" fill="{GREEN}">'
        "El modelo de la aldea Taobao</text>\n"
    )
    out.append(
        f'<text x="400" y="70" text-anchor="middle" font-size="15" fill="{INK}">'
        "Esquema del curso a partir del artículo de Alizilla (Alibaba Group)</text>\n"
    )
    # arrows between consecutive boxes
    for i, (x1, y1, *_rest) in enumerate(steps):
        x2, y2, *_ = steps[(i + 1) % len(steps)]
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        # shorten both ends so arrows stop at the boxes
        fx, fy = x1 + (x2 - x1) * 0.32, y1 + (y2 - y1) * 0.32
        tx, ty = x1 + (x2 - x1) * 0.68, y1 + (y2 - y1) * 0.68
        if x1 == x2:
            fy, ty = y1 + (y2 - y1) * 0.28, y1 + (y2 - y1) * 0.72
        out.append(
            f'<line x1="{fx:.0f}" y1="{fy:.0f}" x2="{tx:.0f}" y2="{ty:.0f}" stroke="{INK}" '
            'stroke-width="3" marker-end="url(#flecha)"/>\n'
        )
        del mx, my
    # centre: the village
    out.append(f'<circle cx="400" cy="295" r="92" fill="{GREEN}"/>\n')
    for i in range(5):
        x = 338 + i * 26
        out.append(
            f'<rect x="{x}" y="250" width="18" height="16" fill="{GOLD}"/>'
            f'<path d="M{x - 3},250 L{x + 9},240 L{x + 21},250 z" fill="{CREAM}"/>\n'
        )
    for j, line in enumerate(["La aldea", "muchas familias,", "un mismo oficio"]):
        size = 22 if j == 0 else 15
        weight = ' font-weight="bold"' if j == 0 else ""
        out.append(
            f'<text x="400" y="{298 + j * 22}" text-anchor="middle" font-size="{size}"{weight} '
            f'fill="white">{esc(line)}</text>\n'
        )
    for x, y, title, detail in steps:
        out.append(
            f'<rect x="{x - 115}" y="{y - 34}" width="230" height="68" rx="12" fill="white" '
            f'stroke="{GOLD}" stroke-width="3"/>\n'
        )
        out.append(
            f'<text x="{x}" y="{y - 6}" text-anchor="middle" font-size="17" font-weight="bold" '
            f'fill="{INK}">{esc(title)}</text>\n'
        )
        out.append(
            f'<text x="{x}" y="{y + 18}" text-anchor="middle" font-size="14" fill="{INK}">'
            f"{esc(detail)}</text>\n"
        )
    out.append("</svg>\n")
    (MEDIA / "modelo-aldea-taobao.svg").write_text("".join(out), encoding="utf-8")


def person(x: float, y: float, colour: str, scale: float = 1.0) -> str:
    r = 4 * scale
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}"/>'
        f'<rect x="{x - 5 * scale:.1f}" y="{y + 5 * scale:.1f}" width="{10 * scale:.1f}" '
        f'height="{11 * scale:.1f}" rx="{3 * scale:.1f}" fill="{colour}"/>'
    )


def make_figures_svg() -> None:
    w, h = 800, 600
    out = [
        SVG_HEAD.format(
            w=w,
            h=h,
            bg=CREAM,
            title="Aldeas digitales en México, en cifras",
            desc=(
                "Pictograma: 8 aldeas digitales (8 casas), 6 estados (6 marcadores), "
                "400 instructores (4 figuras) y 8000 estudiantes (80 figuras); "
                "cada figura de persona representa 100 personas."
            ),
        )
    ]
    out.append(
        f'<text x="400" y="44" text-anchor="middle" font-size="28" font-weight="bold" fill="{GREEN}">'
        "Aldeas digitales en México, en cifras</text>\n"
    )
    rows = [
        (90, "8", "aldeas digitales"),
        (180, "6", "estados"),
        (270, "400", "instructores"),
        (370, "8000", "estudiantes"),
    ]
    for y, value, label in rows:
        out.append(
            f'<text x="40" y="{y + 18}" font-size="34" font-weight="bold" fill="{GREEN}">{value}</text>\n'
        )
        out.append(f'<text x="40" y="{y + 44}" font-size="16" fill="{INK}">{label}</text>\n')
    # 8 houses
    for i in range(8):
        x = 230 + i * 64
        out.append(
            f'<rect x="{x}" y="100" width="40" height="32" fill="{GOLD}"/>'
            f'<path d="M{x - 6},100 L{x + 20},78 L{x + 46},100 z" fill="{INK}"/>'
            f'<rect x="{x + 15}" y="114" width="10" height="18" fill="{CREAM}"/>\n'
        )
    # 6 map pins
    for i in range(6):
        x = 250 + i * 84
        out.append(
            f'<path d="M{x},{222} C{x - 22},{196} {x - 16},{172} {x},{172} '
            f'C{x + 16},{172} {x + 22},{196} {x},{222} z" fill="#b03a2e"/>'
            f'<circle cx="{x}" cy="190" r="6" fill="white"/>\n'
        )
    # 400 instructors: 4 figures
    for i in range(4):
        out.append(person(244 + i * 26, 280, GREEN, 1.3) + "\n")
    # 8000 students: 80 figures in 4 rows of 20
    for row in range(4):
        for col in range(20):
            out.append(person(244 + col * 26, 372 + row * 30, GOLD, 1.3))
        out.append("\n")
    out.append(f'<rect x="40" y="500" width="720" height="1" fill="{INK}"/>\n')
    out.append(
        f'<text x="40" y="526" font-size="15" fill="{INK}">Cada figura de persona = 100 personas. '
        "El artículo no dice en qué estados están las aldeas.</text>\n"
    )
    out.append(
        f'<text x="40" y="552" font-size="13" fill="{INK}">Fuente de las cifras: Alizilla (Alibaba Group), '
        "«Programa GDT de Alibaba trae clases magistrales</text>\n"
    )
    out.append(
        f'<text x="40" y="570" font-size="13" fill="{INK}">de economía digital a México». '
        "Gráfica elaborada para este curso.</text>\n"
    )
    out.append("</svg>\n")
    (MEDIA / "cifras-aldeas-mexico.svg").write_text("".join(out), encoding="utf-8")


def make_cover() -> None:
    """The course cover: a village of little houses on green hills, a phone selling live."""
    width, height = 1200, 600
    image = Image.new("RGB", (width, height), CREAM)
    draw = ImageDraw.Draw(image)
    draw.ellipse([-300, 380, 700, 900], fill="#cfe3d6")
    draw.ellipse([450, 400, 1500, 950], fill="#b9d8c4")
    for i, (x, y, s) in enumerate([(90, 410, 1.3), (250, 430, 1.0), (380, 400, 1.4),
                                     (560, 440, 1.0), (700, 420, 1.2), (860, 445, 0.9)]):
        colour = GOLD if i % 2 == 0 else GREEN
        w, h = 80 * s, 68 * s
        draw.rectangle([x, y, x + w, y + h], fill=colour)
        draw.polygon([(x - 12 * s, y), (x + w / 2, y - 44 * s), (x + w + 12 * s, y)], fill=INK)
        draw.rectangle([x + w * 0.37, y + h * 0.4, x + w * 0.63, y + h], fill=CREAM)
    # a phone showing a product, with a red "live" dot
    px, py = 960, 120
    draw.rounded_rectangle([px, py, px + 170, py + 330], radius=26, fill=INK)
    draw.rounded_rectangle([px + 12, py + 30, px + 158, py + 300], radius=10, fill="white")
    draw.ellipse([px + 24, py + 42, px + 46, py + 64], fill="#c62828")
    draw.ellipse([px + 45, py + 110, px + 125, py + 190], fill=GOLD)
    draw.rectangle([px + 35, py + 215, px + 135, py + 230], fill=GREEN)
    draw.rectangle([px + 35, py + 245, px + 105, py + 258], fill="#9bb8a8")
    # the sun
    draw.ellipse([120, 70, 230, 180], fill=GOLD)
    image.save(MEDIA / "portada-curso.png", optimize=True)


def make_plain_background() -> None:
    """A process step's picture: the same jar of honey on a busy cloth and on plain card."""
    width, height = 640, 300
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for x in range(0, 310, 20):  # left: a striped, busy cloth
        draw.rectangle([x, 0, x + 9, height], fill="#c0392b" if (x // 20) % 2 else "#2e86c1")
    draw.rectangle([330, 0, width, height], fill="#f3ead8")  # right: plain card
    for cx in (155, 485):
        draw.rounded_rectangle([cx - 50, 95, cx + 50, 235], radius=14, fill=GOLD)
        draw.rectangle([cx - 42, 70, cx + 42, 100], fill=INK)
        draw.rectangle([cx - 34, 140, cx + 34, 185], fill=CREAM)
    draw.line([(20, 20), (60, 60)], fill="white", width=9)
    draw.line([(60, 20), (20, 60)], fill="white", width=9)
    draw.line([(355, 45), (372, 62), (405, 25)], fill=GREEN, width=9)
    image.save(MEDIA / "fondo-liso.png", optimize=True)


def main() -> None:
    MEDIA.mkdir(exist_ok=True)
    make_cover()
    make_plain_background()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if "--frames-only" in sys.argv[1:]:
            remake_frames(tmp)
            return
        make_video(tmp)
        make_audio(tmp)
    make_listing()
    make_model_svg()
    make_figures_svg()


if __name__ == "__main__":
    main()
