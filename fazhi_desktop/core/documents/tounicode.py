"""The ToUnicode map of an embedded TrueType subset, with characters outside the BMP written correctly.

A PDF's text (what search, copy and pdftotext give) comes from each font's ToUnicode CMap, whose destinations are
UTF-16BE (PDF 32000-1, 9.10.3): a character beyond U+FFFF is a surrogate pair. reportlab 5.1 writes every code
point as "%04X", so 𠮷 (U+20BB7, in names such as 𠮷祥) became <20BB7>, which readers take as U+20BB "₻" while
the glyph printed right. reportlab builds the map in one module function, `ttfonts.makeToUnicodeCMap`, looked up
when a PDF is written; `install()` puts this one in its place. For BMP characters its output is reportlab's,
byte for byte (tests compare the two).
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfbase import ttfonts

#: reportlab's own map, kept before `install` replaces it: tests compare ours with it (the same for the BMP)
REPORTLAB_CMAP = ttfonts.makeToUnicodeCMap


def utf16_hex(code: int) -> str:
    """A code point as the hex digits of its UTF-16BE form: 0x4E2D -> 4E2D, 0x20BB7 -> D842DFB7."""
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()


def to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ToUnicode CMap for one subset (byte i -> subset[i]), each destination in UTF-16BE."""
    return "\n".join([
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16_hex(code)}>" for i, code in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ])


def install() -> None:
    """Make reportlab write our maps (idempotent)."""
    ttfonts.makeToUnicodeCMap = to_unicode_cmap
