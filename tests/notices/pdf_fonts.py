"""What a PDF shows a reader: its text (pypdf) and, per embedded font, the glyphs it uses and the
characters they stand for (ToUnicode CMaps), so a test can prove that no glyph is missing."""

import io
import re
from dataclasses import dataclass, field

import pypdf
from pypdf.generic import ContentStream, DictionaryObject, IndirectObject

PAGE_COUNTER = re.compile(r"\s*\d+ / \d+\s*$")


def text_of(pdf: bytes) -> str:
    """The text of every page without the page counter at its foot."""
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return "\n".join(PAGE_COUNTER.sub("", page.extract_text()) for page in pages)


@dataclass
class EmbeddedFont:
    name: str
    embedded: bool
    to_unicode: dict[int, str] = field(default_factory=dict)
    used_glyphs: set[int] = field(default_factory=set)


def _hex_to_text(value: str) -> str:
    return bytes.fromhex(value).decode("utf-16-be")


def _parse_to_unicode(cmap: str) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for source, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(source, 16)] = _hex_to_text(target)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(target, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def _descriptor(font: DictionaryObject) -> DictionaryObject:
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    return font["/FontDescriptor"].get_object()


def embedded_fonts(pdf: bytes) -> dict[str, EmbeddedFont]:
    """Every font the pages use, with the glyph ids (Identity-H, two bytes each) they show."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts: dict[str, EmbeddedFont] = {}
    for page in reader.pages:
        resources = page["/Resources"]["/Font"]
        by_resource: dict[str, EmbeddedFont] = {}
        for resource_name, reference in resources.items():
            font = reference.get_object() if isinstance(reference, IndirectObject) else reference
            base = str(font["/BaseFont"])
            descriptor = _descriptor(font)
            entry = fonts.setdefault(
                base,
                EmbeddedFont(
                    name=base,
                    embedded=any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")),
                ),
            )
            if "/ToUnicode" in font:
                entry.to_unicode.update(_parse_to_unicode(font["/ToUnicode"].get_object().get_data().decode("latin-1")))
            by_resource[str(resource_name)] = entry
        current: EmbeddedFont | None = None
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                current = by_resource[str(operands[0])]
            elif operator in (b"Tj", b"TJ") and current is not None:
                strings = operands[0] if operator == b"TJ" else [operands[0]]
                for item in strings:
                    raw = getattr(item, "original_bytes", item if isinstance(item, bytes) else None)
                    if raw is not None:
                        current.used_glyphs.update(int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2))
    return fonts
