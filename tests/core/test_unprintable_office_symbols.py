"""A save looks a character up in the fonts only when no Chinese font can lack it: ①, ℃, × and √ are in GB 2312,
which every Chinese font covers. The first save holding one (a 议题 “①审议…”, a 备注 “气温 38℃”) loaded every font
the documents use, 0.75 s inside the save's transaction, more on a PC with a full Windows font folder."""

from __future__ import annotations

from fazhi_desktop.core import accounts
from fazhi_desktop.core.documents import fonts


def test_office_symbols_are_saved_without_looking_at_a_font(store, staff, valid_record, monkeypatch):
    accounts.login(store, "马丽", "mima-2026")
    looked: list[str] = []

    def glyph_font(*args, **kwargs):
        looked.append(args[-1] if args else "")
        raise AssertionError("a font was looked up")

    monkeypatch.setattr(fonts, "glyph_font", glyph_font)
    saved = store.save("meeting", valid_record("meeting", title="①审议2026年工作要点（气温38℃，×√㈠）"), "")
    assert saved.warnings == () and looked == []


def test_a_character_no_chinese_font_need_have_is_still_looked_up(store, staff, valid_record):
    accounts.login(store, "马丽", "mima-2026")
    saved = store.save("meeting", valid_record("meeting", title="第3次党委会\U0001fae0"), "")
    assert any("打印件上是空白" in w.message for w in saved.warnings)
