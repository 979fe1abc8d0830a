"""Emoji and Word's Symbol bullets print as the notice says, never as ☒ boxes: a bullet pasted from a Word list
(U+F0B7, a private-use code of Word's Symbol font) is stored and printed as •; an emoji (😀) is set in a font with
emoji outlines (DejaVu Sans here, Segoe UI Symbol/Emoji on Windows); a character no font has is left blank, its width
kept, as the notice promises, and the notice names an invisible one by its code point."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from test_documents_pasted_text import missing_glyphs, stored_as_pasted

from fazhi_desktop.core.documents import build_document
from fazhi_desktop.core.documents.fonts import missing_notice, resolve_fonts, take_notice
from fazhi_desktop.core.documents.layout import Page, Style, Typesetter

FONTS = Path("/usr/share/fonts/truetype")
WENKAI, MICROHEI = FONTS / "lxgw-wenkai/LXGWWenKai-Regular.ttf", FONTS / "wqy/wqy-microhei.ttc"
DEJAVU = FONTS / "dejavu/DejaVuSans.ttf"
needs_fonts = pytest.mark.skipif(not all(p.exists() for p in (WENKAI, MICROHEI, DEJAVU)),
                                 reason="fonts-lxgw-wenkai, fonts-wqy-microhei and fonts-dejavu-core by .ci/setup")
WORD_LIST = "会议要求：\n\uf0b7\t第一，强化学法用法；\n\uf0a7\t第二，严格规范执法；\n\uf0d8\t第三，化解矛盾纠纷。"
PRINTED_LIST = "• 第一，强化学法用法；▪ 第二，严格规范执法；➢ 第三，化解矛盾纠纷。"
NOWHERE = "\U0003134a"  # the last CJK Ext-G character: no font on the test machine has it


def font_folder(tmp_path_factory, *paths: Path) -> Path:
    """A folder of copies of `paths`, made once for the module (no test writes into it): a font read once, not for
    each test (half a second each)."""
    folder = tmp_path_factory.mktemp("fonts")
    for path in paths:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def dejavu_folder(tmp_path_factory):
    return font_folder(tmp_path_factory, WENKAI, MICROHEI, DEJAVU)


@pytest.fixture(scope="module")
def chinese_folder(tmp_path_factory):
    return font_folder(tmp_path_factory, WENKAI, MICROHEI)


@pytest.fixture
def with_dejavu(dejavu_folder):
    """An auditor's Linux machine: LXGW WenKai, WenQuanYi Micro Hei and DejaVu Sans (no emoji in the first two)."""
    return resolve_fonts([dejavu_folder])


@pytest.fixture
def chinese_only(chinese_folder):
    """A machine with Chinese fonts and nothing with emoji outlines."""
    return resolve_fonts([chinese_folder])


def meeting_with(store, valid_record, discussion: str):
    return store.save("meeting", valid_record("meeting", agenda_items=[{"title": "研究法治建设工作",
                                                                         "discussion": discussion}]), "杨芳")


def printed(doc) -> str:
    return doc.text().replace("\n", "")


def test_a_word_bullet_pasted_into_a_record_is_saved_as_a_unicode_bullet(store, valid_record):
    record = meeting_with(store, valid_record, WORD_LIST)
    assert record.values["agenda_items"][0]["discussion"] == (
        "会议要求：\n• 第一，强化学法用法；\n▪ 第二，严格规范执法；\n➢ 第三，化解矛盾纠纷。")


@needs_fonts
@pytest.mark.parametrize("kind", ["minutes", "record"])
def test_a_word_bullet_stored_before_prints_as_a_bullet_not_a_box(store, valid_record, with_dejavu, kind):
    record = meeting_with(store, valid_record, "讨论")
    old = stored_as_pasted(store, record, remarks="附件：\n\uf0b7\t签到表", agenda_items=[
        {"title": "研究法治建设工作", "discussion": WORD_LIST}])
    doc = build_document(store, old, kind, fonts=with_dejavu)
    assert missing_glyphs(doc) == set() and "\uf0b7" not in doc.text()
    assert PRINTED_LIST in printed(doc)


@needs_fonts
def test_an_emoji_is_set_in_a_font_with_emoji_outlines(store, valid_record, with_dejavu, fonts_not_yet_told):
    take_notice(with_dejavu)  # the substitution notice, said already
    doc = build_document(store, meeting_with(store, valid_record, "会议认为，要化解矛盾纠纷😀。"), "minutes",
                         fonts=with_dejavu)
    assert missing_glyphs(doc) == set() and "化解矛盾纠纷😀。" in printed(doc)
    [smile] = [run for page in doc.pages for run in page.texts() if run.text == "😀"]
    assert pdfmetrics.getFont(smile.font).face.name.endswith(b"DejaVuSans")
    assert take_notice(with_dejavu) is None  # nothing printed blank: nothing to say


@needs_fonts
def test_a_character_no_font_has_is_left_blank_its_width_kept(store, valid_record, chinese_only,
                                                              fonts_not_yet_told):
    """It was drawn in the role's font, whose .notdef glyph prints a ☒ box, while the notice said 空白."""
    take_notice(chinese_only)
    doc = build_document(store, meeting_with(store, valid_record, "要压实责任👍，化解纠纷😀。"), "minutes",
                         fonts=chinese_only)
    assert missing_glyphs(doc) == set()
    assert "要压实责任，化解纠纷。" in printed(doc)
    said = take_notice(chinese_only)
    assert said and "“👍”、“😀”字的字形，打印件上这些字是空白" in said and "Segoe UI Symbol" in said
    page, ts = Page(595, 842), Typesetter(chinese_only)
    style = Style("fangsong", 16)
    width = ts.draw_text(page, "责任👍，", style, 0, 100)
    before, after = page.texts()
    assert (before.text, after.text) == ("责任", "，")
    assert after.x == pytest.approx(width - ts.width("，", "fangsong", 16))  # 👍's width left blank
    assert after.x > before.x + ts.width("责任", "fangsong", 16) + 8


def test_the_notice_names_a_character_that_shows_nothing_by_its_code_point():
    said = missing_notice(["\uf0a8", "😀", NOWHERE])
    assert "“U+F0A8”" in said and "“😀”" in said and f"“{NOWHERE}”" in said and "“\uf0a8”" not in said
    assert "Segoe UI" not in missing_notice([NOWHERE])  # a rare Chinese character: the fonts for those only


@needs_fonts
@pytest.mark.parametrize("kind", ["minutes", "record", "signin"])
def test_a_record_stored_with_word_bullets_is_printed_without_a_write_and_under_yesterdays_code(
        store, valid_record, with_dejavu, kind):
    """The review's question: the bullets are mapped for the page only; the stored record keeps its values, revision
    and hash, so a paper printed before the mapping still verifies (its code is the stored hash's)."""
    from fazhi_desktop.core.documents.verify import check_print, print_code

    old = stored_as_pasted(store, meeting_with(store, valid_record, "讨论"), remarks="附件：\n\uf0b7\t签到表",
                           agenda_items=[{"title": "研究法治建设工作", "discussion": WORD_LIST}])
    yesterdays = print_code(store, old)
    writes = store.conn.total_changes
    doc = build_document(store, old, kind, fonts=with_dejavu)
    assert doc.code == yesterdays and store.conn.total_changes == writes
    assert store.get(old.id) == old and "\uf0b7" in store.get(old.id).values["remarks"]
    assert check_print(store, yesterdays).status == "same"
