"""A save names a character no font here has (core/unprintable.py: 🫠 in the 会议名称); the clerk replaces it with
words and saves again. Her next print, of that meeting or of any other record, said all the same
“🫠”…打印为空白 (the save's check had added it to the fonts' list of characters a print met blank): a notice about a
paper that has no such character. The save's check asks the fonts without noting anything for the print; a print
that meets it still says it."""

from __future__ import annotations

from dataclasses import replace

from fazhi_desktop.core import accounts
from fazhi_desktop.core.documents import build_document
from fazhi_desktop.core.documents import fonts as font_module
from fazhi_desktop.core.documents.fonts import resolve_fonts, take_notice

MELTING = "\U0001fae0"  # 🫠 (Unicode 14): in none of the fonts here


def test_a_character_said_at_save_is_not_told_by_a_print_without_it(store, staff, valid_record,
                                                                    fonts_not_yet_told, monkeypatch):
    # the process's fonts with nothing met blank yet, as in a program just started (earlier tests printed 🫠)
    monkeypatch.setattr(font_module, "_default", replace(resolve_fonts(), missing=set()))
    take_notice(resolve_fonts())  # the substitution notice, said already
    accounts.login(store, "马丽", "mima-2026")
    typed = store.save("meeting", valid_record("meeting", title=f"迎新春{MELTING}座谈会"), "马丽")
    assert [w for w in typed.warnings if MELTING in w.message]  # said at the save
    fixed = store.save("meeting", {"title": "迎新春座谈会"}, "马丽", record_id=typed.id,
                       expected_revision=typed.revision)
    doc = build_document(store, fixed, "minutes")
    assert MELTING not in (take_notice(doc.fonts) or "")  # before: “🫠”…打印为空白, of a paper without it

    again = store.save("meeting", valid_record("meeting", title=f"{MELTING}茶话会"), "马丽")
    doc = build_document(store, again, "minutes")
    assert MELTING in (take_notice(doc.fonts) or "")  # printed blank: the print says so, as before
