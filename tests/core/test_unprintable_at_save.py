"""A character no font the documents embed has (an emoji newer than the machine's fonts, a musical sign) prints as a
blank on the paper: the clerk learned it only when she printed, if she read the notice, and the filed paper had a
gap in the 议题. The save now says, at the field, which character will not print (a note, not a refusal); what
some font has (𠮷 in LXGW WenKai, ➢ in DejaVu Sans) is not said."""

from __future__ import annotations

from fazhi_desktop.core import accounts
from fazhi_desktop.core.documents.fonts import glyph_font, resolve_fonts

MELTING = "\U0001fae0"  # 🫠 (Unicode 14): in none of the fonts here
CLEF = "\U0001d11e"  # 𝄞


def test_a_character_no_font_has_is_said_at_its_field_as_the_record_is_saved(store, staff, valid_record):
    fonts = resolve_fonts()
    assert glyph_font(fonts, MELTING) is None and glyph_font(fonts, CLEF) is None  # as on this machine
    accounts.login(store, "马丽", "mima-2026")
    saved = store.save("meeting", valid_record("meeting", title=f"迎新春{MELTING}座谈会", location="镇政府𠮷➢会议室",
                                                remarks=f"会上合唱{CLEF}"), "")
    assert saved.values["title"] == f"迎新春{MELTING}座谈会"  # saved as typed: a note, not a refusal
    notes = {w.path: w.message for w in saved.warnings if "打印" in w.message}
    assert notes == {
        "title": f"“{MELTING}”在本机的字体中都没有，打印件上是空白：请改用文字，或安装含此字的字体后再打印",
        "remarks": f"“{CLEF}”在本机的字体中都没有，打印件上是空白：请改用文字，或安装含此字的字体后再打印"}


def test_usual_text_is_not_checked_against_the_fonts(store, staff, valid_record):
    accounts.login(store, "马丽", "mima-2026")
    saved = store.save("meeting", valid_record("meeting", title="2026年第3次镇政府常务会议（扩大）"), "")
    assert not [w for w in saved.warnings if "打印" in w.message]
