"""Shared steps of the import tests: import into a course folder, export, import again."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from courseware.export import ExportOptions, export_bank
from courseware.load import load_bank
from courseware.quizimport import ImportResult, import_bank

TESTDATA = Path(__file__).parent / "testdata"
SUFFIX = {"gift": ".gift", "moodle": ".xml", "aiken": ".txt", "qti12": ".zip", "qti21": ".zip"}


def zip_folder(folder: Path, target: Path) -> Path:
    """A zip of every file below ``folder`` (names relative to it), written to ``target``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                archive.write(file, file.relative_to(folder).as_posix())
    target.write_bytes(buffer.getvalue())
    return target


def import_into(course: Path, source: Path, name: str = "importado") -> ImportResult:
    """Import ``source`` into ``course/banks/<name>.yaml`` with its media, as the CLI does."""
    result = import_bank(source)
    (course / "banks").mkdir(parents=True, exist_ok=True)
    result.media.write(course)
    (course / "banks" / f"{name}.yaml").write_text(result.yaml, encoding="utf-8")
    return result


def export_file(course: Path, fmt: str, target: Path, name: str = "importado") -> Path:
    """Export ``course/banks/<name>.yaml`` to ``fmt``; the one file written."""
    bank = load_bank(course / "banks" / f"{name}.yaml")
    result = export_bank(bank, fmt, course_dir=course, options=ExportOptions())
    assert result.ok, [i.message for i in result.issues]
    ((_, data),) = result.files.items()
    target.write_bytes(data)
    return target


def body(yaml_text: str) -> str:
    """The YAML without its first line (which names the imported file)."""
    return yaml_text.split("\n", 1)[1]


def cycle(tmp: Path, source: Path, fmt: str) -> tuple[ImportResult, list[bytes], list[str]]:
    """import -> export -> import -> export -> import: the exports and the YAML texts."""
    exports: list[bytes] = []
    texts: list[str] = []
    first = import_into(tmp / "c0", source)
    texts.append(first.yaml)
    for n in (1, 2):
        (tmp / f"e{n}").mkdir()
        exported = export_file(tmp / f"c{n - 1}", fmt, tmp / f"e{n}" / f"bank{SUFFIX[fmt]}")
        exports.append(exported.read_bytes())
        texts.append(import_into(tmp / f"c{n}", exported).yaml)
    return first, exports, texts
