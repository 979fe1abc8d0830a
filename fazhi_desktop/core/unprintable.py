"""Characters the printed documents cannot draw, said as a record is saved: an emoji newer than the machine's fonts
or a rare symbol (🫠, 𝄞) that no font the documents embed has (documents/fonts.glyph_font: the roles' fonts, then the
spare ones) prints as a blank of its width. The print says so (fonts.take_notice), but by then the clerk has filed
the paper, or not read the notice: `notes` tells her at the field, as she saves, in orange (a note, not a refusal:
another machine may have the font).

Usual text (ASCII, the common Chinese characters, their punctuation) is never looked up: every Chinese font has it,
and a save loads no font for it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from fazhi_desktop.core.errors import FieldProblem
from fazhi_desktop.core.forms import FieldDef, LedgerDef
from fazhi_desktop.core.plaintext import drawable

#: what every Chinese font the documents use has: ASCII, CJK punctuation, the common characters, full-width forms
_USUAL = re.compile(r"[\s\x20-\x7e\u00b7\u2014-\u201d\u2026\u3000-\u303f\u4e00-\u9fa5\uff00-\uffef]*")
#: drawn with the character before them or not at all: not a character to be missing
_NOT_DRAWN = frozenset({"Mn", "Me", "Cf"})


def notes(ledger: LedgerDef, values: Mapping[str, Any], saved: str = "") -> list[FieldProblem]:
    """A note at each field (a group's row's too) holding a character no font here has. `saved`: the record's text
    as written (its canonical JSON), all of which is usual text in almost every save: then no field is walked
    (walking a meeting's fields was 6 % of its save)."""
    if saved and _USUAL.fullmatch(saved):
        return []
    found: list[FieldProblem] = []
    _walk(ledger.fields, values, "", "", found)
    remarks = values.get("remarks")
    if isinstance(remarks, str):
        _note("remarks", "备注", remarks, found)
    return found


def _walk(fields: tuple[FieldDef, ...], values: Mapping[str, Any], path: str, label: str,
          found: list[FieldProblem]) -> None:
    for f in fields:
        value = values.get(f.name)
        if f.type == "group" and isinstance(value, list):
            for index, row in enumerate(value, 1):  # numbered as validate names a row's fields
                if isinstance(row, Mapping):
                    _walk(f.fields, row, f"{path}{f.name}[{index}].", f"{label}{f.label}第{index}行·", found)
        elif isinstance(value, str):
            _note(path + f.name, label + f.label, value, found)
        elif isinstance(value, list):
            _note(path + f.name, label + f.label, "".join(v for v in value if isinstance(v, str)), found)


def _note(path: str, label: str, text: str, found: list[FieldProblem]) -> None:
    if _USUAL.fullmatch(text) or _in_gb2312(text):
        return  # the usual case: no font loaded
    missing = missing_chars(text)
    if missing:
        from fazhi_desktop.core.documents.fonts import char_said

        found.append(FieldProblem(path, label, f"{'、'.join(char_said(ch) for ch in missing)}在本机的字体中都没有，"
                                  "打印件上是空白：请改用文字，或安装含此字的字体后再打印"))


def _in_gb2312(text: str) -> bool:
    """Whether every character of `text` is in GB 2312 (①, ℃, ×, √, ㈠, 〔〕 as offices type them), which every
    Chinese font covers (a national standard's set): no font is looked up for them. The first save holding one loaded
    every font, 0.75 s here, inside the save's transaction."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def missing_chars(text: str) -> list[str]:
    """The characters of `text` as documents draw it (plaintext.drawable) that no font here has, each once; none
    when no Chinese font is installed at all (printing then says so itself)."""
    from fazhi_desktop.core.documents.fonts import FontError, glyph_font, resolve_fonts

    unusual = dict.fromkeys(ch for ch in drawable(text) if not _USUAL.fullmatch(ch)
                            and unicodedata.category(ch) not in _NOT_DRAWN)
    if not unusual:
        return []
    try:
        fonts = resolve_fonts()
    except FontError:
        return []
    return [ch for ch in unusual if glyph_font(fonts, ch, noted=False) is None]  # the next print's notice: its own
