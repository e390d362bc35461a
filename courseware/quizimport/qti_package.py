"""QTI 1.2 (Canvas) and QTI 2.1 packages: every question of a zip or of one XML file."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from courseware.i18n import says
from courseware.quizimport.common import BankBuilder, slug, valid_id
from courseware.quizimport.media import MediaStore
from courseware.quizimport.qti import Package
from courseware.quizimport.qti12 import read_questestinterop
from courseware.quizimport.qti21 import read_assessment_item
from courseware.quizimport.source import parse_xml, read_zip


def read_qti_package(path: Path, data: bytes, media: MediaStore, max_bytes: int) -> BankBuilder:
    """Read every QTI 1.2 or 2.1 question of a zip package or of one XML file."""
    files = read_zip(path, data, max_bytes) if data[:2] == b"PK" else {path.name: data}
    package = Package(path, files, media)
    bank = BankBuilder(path, "QTI")
    bank.title = path.stem.removesuffix("-canvas").removesuffix("-qti21")
    bank.id = bank.id.removesuffix("-canvas").removesuffix("-qti21")
    if "imsmanifest.xml" in files:
        _manifest(
            bank,
            parse_xml(
                package.member_path("imsmanifest.xml"), files["imsmanifest.xml"], "IMS manifest"
            ),
        )
    seen: set[str] = set()
    found = False
    for name in sorted(files, key=_order):
        if not name.lower().endswith((".xml", ".qti")) or name.endswith("imsmanifest.xml"):
            continue
        head = files[name][:4096]
        bank.source = package.member_path(name)
        if b"questestinterop" in head:
            root = parse_xml(package.member_path(name), files[name], "QTI 1.2")
            read_questestinterop(bank, package, name, root, seen)
            found = True
        elif b"assessmentItem" in head and b"assessmentItemRef" not in head:
            root = parse_xml(package.member_path(name), files[name], "QTI 2.1")
            bank.guarded(root.sourceline, read_assessment_item, bank, package, name, root, seen)
            found = True
    if not found:
        bank.skip(
            1,
            says("quizimport.qti.nothing"),
            says("quizimport.qti.nothing.hint"),
        )
    for target in dict.fromkeys(package.missing):
        bank.notes.append(says("quizimport.lost.missing-in-package", name=repr(target)))
    return bank


def _manifest(bank: BankBuilder, root: etree._Element) -> None:
    """Bank title and id from a package manifest's metadata (title, ``manifest-<id>``)."""
    titles = [
        "".join(node.itertext()).strip()
        for node in root.iter()
        if isinstance(node.tag, str) and node.tag.endswith("}title")
    ]
    if titles and titles[0]:
        bank.title = titles[0]
    ident = root.get("identifier", "")
    if ident.startswith("manifest-") and valid_id(ident[len("manifest-") :].lower()):
        bank.id = ident[len("manifest-") :].lower()
    elif titles and titles[0]:
        bank.id = slug(titles[0], bank.id)


def _order(name: str) -> tuple[int, str]:
    """Question banks first (they hold every question), then quizzes, by name."""
    return (0 if "non_cc_assessments" not in name and "assessment_meta" not in name else 1, name)


__all__ = ["read_qti_package"]
