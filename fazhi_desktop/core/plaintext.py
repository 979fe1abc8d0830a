"""Text as pasted, made fit for one line or for a page: the one rule the editor applies when a clerk pastes (so
nothing odd is stored) and the documents apply to every value they print (records stored before).

A font has no glyph for a tab, a line break or any other control character: a 会议名称 pasted with a tab printed
"会议☒名称", terms copied from a Word numbered list ("一、<tab>被申请人…") printed "一、☒被申请人…", and a title
pasted with its line break split on the 会议记录.

- `one_line` for titles, names, places and table cells: a tab or a line break goes between two Chinese characters
  ("第20次\n镇党委会议" is one title) and after full-width punctuation (the 、 of "一、" carries its own space), and
  becomes one space elsewhere;
- `multi_line` for long text (议题, 协议内容, 备注): paragraph breaks stay, tabs go as above;
- both make the odd spaces WeChat, web pages and Word paste (a no-break space, U+2005 and the other typographic
  spaces: `ODD_SPACES`) what a keyboard types: none beside a Chinese character (2026年第\u00a03\u00a0次 is
  2026年第3次) or at a line's ends, one space between two words (John Smith). A meeting's title pasted from a
  WeChat notice as "第3次\u2005镇政府常务会议" looked like the one typed, but was not the same text: entered twice,
  the two were never said to be the same meeting (validate._find_twins) and both counted; the search did not find
  it either. U+3000, which a Chinese input method types, stays;
- `drawable`, the last guard the typesetter applies to every piece of text it measures: tabs and line breaks become
  spaces, every other control or invisible format character is dropped.

All three give Word's bullets their Unicode characters (`WORD_BULLETS`): a list pasted from Word carries its bullet as
a character of Word's Symbol or Wingdings font (U+F0B7), in a private-use code no Chinese font has, which printed as
a box; it is stored as • when saved, and printed as • from a record saved before.
"""

from __future__ import annotations

import re
from typing import Any

#: line breaks as pasted text carries them: Word's manual line break is a vertical tab, its page break a form feed
_BREAKS = "\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029"
#: a tab or line break (with the spaces around it) after full-width punctuation: the mark carries its own space
_AFTER_MARK = re.compile(rf"(?<=[、，。：；！？）】」』》〕．])[ \t]*[\t{_BREAKS}][ \t{_BREAKS}]*")
_SEPARATOR = re.compile(rf"[ \t]*[\t{_BREAKS}][ \t{_BREAKS}]*")  # one space for the run, however long
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_TAB = re.compile(r"[ \t]*\t[ \t]*")
_LINE_ENDS = re.compile(r"^[ \t]*\t[ \t]*|[ \t]*\t[ \t]*$", re.M)  # tabs indenting or ending a line: dropped
_MARK_TAB = re.compile(r"(?<=[、，。：；！？）】」』》〕．])[ \t]*\t[ \t]*")
_NEWLINES = re.compile(r"\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
#: spaces no keyboard types, pasted from WeChat, web pages and Word: no-break, U+2000–U+200A, narrow no-break, math
ODD_SPACES = "\u00a0\u2000-\u200a\u202f\u205f"
_ODD_RUN = re.compile(f"[ {ODD_SPACES}]*[{ODD_SPACES}][ {ODD_SPACES}]*")
#: Word's list bullets in its Symbol/Wingdings fonts' private-use codes, and the Unicode characters they look like
WORD_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf0fc": "✓", "\uf06c": "●"}
#: every character `as_saved` changes in a one-line text (odd spaces, tabs and line breaks, control and invisible
#: format characters, Word's bullets; NUL aside), as a character class: a title saved before a save cleaned it holds
#: one (db.ODD_TITLE, in SQLite's GLOB)
CHANGED_ON_SAVE = ("\x01-\x1f\x7f-\x9f\xad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff" + ODD_SPACES
                   + "".join(WORD_BULLETS))


def _drawable_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in (*range(0x00, 0x20), *range(0x7F, 0xA0), 0xAD, *range(0x200B, 0x2010), *range(0x202A, 0x202F),
                 *range(0x2060, 0x2065), 0xFEFF):
        table[code] = None
    for ch in "\t" + _BREAKS:
        table[ord(ch)] = " "
    for bullet, char in WORD_BULLETS.items():
        table[ord(bullet)] = char
    return table


_DRAWABLE = _drawable_table()


def drawable(text: str) -> str:
    """`text` with each tab and line break made a space, Word's bullets made Unicode ones (U+F0B7 •) and every
    other control character (and invisible format character: zero-width space, byte-order mark, direction marks)
    dropped: nothing a font lacks a glyph for."""
    return text.translate(_DRAWABLE)


def _usual_spaces(text: str) -> str:
    """`text` with each run of spaces holding an odd one (`ODD_SPACES`) gone beside a Chinese character and at a
    line's ends, and one space elsewhere (between two words). Only between two Chinese characters, a web page's
    “第\u00a03\u00a0次” was saved as 第 3 次, which no clerk types: the same meeting typed was not its twin."""
    if not _ODD_RUN.search(text):
        return text

    def spaced(match: re.Match[str]) -> str:
        before, after = text[match.start() - 1 : match.start()], text[match.end() : match.end() + 1]
        if before in ("", "\n") or after in ("", "\n") or _CJK.match(before) or _CJK.match(after):
            return ""
        return " "

    return _ODD_RUN.sub(spaced, text)


def one_line(text: str) -> str:
    """A one-line value: tabs and line breaks go between Chinese characters and after 、，。：）…, and become one
    space elsewhere, so a title or a name never breaks where the pasted text did; other control characters go;
    odd spaces as `_usual_spaces` has them."""
    if text.isprintable():  # the usual case: nothing to do
        return text
    text = _usual_spaces(text)
    text, dropped = _AFTER_MARK.subn("", text)

    def joined(match: re.Match[str]) -> str:
        before, after = text[match.start() - 1 : match.start()], text[match.end() : match.end() + 1]
        return "" if _CJK.match(before) and _CJK.match(after) else " "

    text, spaced = _SEPARATOR.subn(joined, text)
    return drawable(text.strip(" ") if dropped or spaced else text)


def as_saved(text: Any) -> Any:
    """A one-line value as a save stores it now (`one_line`, no spaces at its ends), anything else as it is: what a
    title saved before with an odd space (2026年第3次\u00a0镇政府常务会议) is compared as, with the same title typed or
    imported again (db.CLEANED)."""
    return one_line(text).strip() if isinstance(text, str) else text


def multi_line(text: str) -> str:
    """Long text as printed: paragraph breaks kept (as "\\n", whatever the system or Word used), a tab after a list
    mark such as "一、" dropped, after "1." or inside a line one space, at a line's ends none; other control
    characters dropped."""
    if text.isprintable():
        return text
    text = _usual_spaces(_NEWLINES.sub("\n", text))
    text = _TAB.sub(" ", _MARK_TAB.sub("", _LINE_ENDS.sub("", text)))
    return "\n".join(drawable(line) for line in text.split("\n"))
