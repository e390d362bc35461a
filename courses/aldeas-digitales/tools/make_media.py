"""Regenerate the media of the "aldeas-digitales" sample course.

Every file in ../media is made here from scratch: two SVG diagrams written by hand,
PNG images drawn with Pillow, narration synthesised with espeak-ng (voice es-419) and
a slideshow video encoded with ffmpeg. Nothing is downloaded.

Needs: Pillow, espeak-ng and ffmpeg (apt-get install -y espeak-ng ffmpeg).
Run from anywhere:  python3 courses/aldeas-digitales/tools/make_media.py
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import textwrap
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
        "body": "8 aldeas digitales · 400 instructores · 8000 estudiantes · 6 estados",
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


def draw_slide(number: int, slide: dict[str, str], path: Path) -> None:
    width, height = 640, 360
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
    draw.text((40, 84), slide["title"], font=font(34, bold=True), fill=GREEN)
    y = 142
    for line in textwrap.wrap(slide["body"], width=34):
        draw.text((40, y), line, font=font(26), fill=INK)
        y += 36
    image.save(path, optimize=True)


def timestamp(seconds: float) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"00:{int(minutes):02d}:{secs:06.3f}"


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
        run(
            "ffmpeg", "-y", "-loop", "1", "-framerate", "5", "-i", str(png), "-i", str(wav),
            "-af", "apad", "-t", f"{length:.2f}",
            "-c:v", "libx264", "-preset", "veryslow", "-tune", "stillimage", "-crf", "30",
            "-pix_fmt", "yuv420p", "-r", "5",
            "-c:a", "aac", "-b:a", "32k", "-ac", "1", "-ar", "22050",
            str(clip),
        )
        parts.append(clip)
        cues.append(f"{number}\n{timestamp(start + 0.1)} --> {timestamp(start + length - 0.1)}\n{slide['caption']}\n")
        start += length
    listing = tmp / "list.txt"
    listing.write_text("".join(f"file '{p}'\n" for p in parts))
    run("ffmpeg", "-y", "-f", "concat", "-safe", "0", "-i", str(listing), "-c", "copy",
        "-movflags", "+faststart", str(MEDIA / "de-taobao-a-mexico.mp4"))
    (MEDIA / "de-taobao-a-mexico.es.vtt").write_text("WEBVTT\n\n" + "\n".join(cues), encoding="utf-8")


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
        run("ffmpeg", "-y", "-i", str(wav), "-ac", "1", "-ar", "16000",
            "-c:a", "libmp3lame", "-b:a", "24k", str(MEDIA / name))


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


def main() -> None:
    MEDIA.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        make_video(tmp)
        make_audio(tmp)
    make_listing()


if __name__ == "__main__":
    main()
