"""Text pasted with tabs and line breaks, as records stored before the editor refused them still hold it, prints
without missing-glyph boxes (☒) and without splitting one-line values: in the 会议纪要, the 会议记录, the 签到表, the
yearly 台账 and the 人民调解协议书 (terms copied from a Word numbered list)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics

from fazhi_desktop.core.documents import build_document, build_register_document, render_document
from fazhi_desktop.core.documents.layout import Document
from fazhi_desktop.core.plaintext import multi_line, one_line
from fazhi_desktop.core.store import Record, Store

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by .ci/setup")
TITLE = "2026年第3次法治政府建设专题研究部署会议"
PASTED_TITLE = "2026年第3次\t法治政府建设\n专题研究部署会议"  # a tab and a line break from a Word document
TERMS = ("一、\t被申请人于2026年7月31日前赔偿申请人损失8500元。\r\n"
         "二、\t双方以登记图为准重新确界。\v"  # Word's manual line break
         "3.\t本协议履行完毕后双方再无争议。")


def stored_as_pasted(store: Store, record: Record, **values) -> Record:
    """`record` with `values` written straight into its row, as a record saved before the editor cleaned pasted
    text holds them (validation never sees them again)."""
    columns = ", ".join(f'"{name}" = ?' for name in values)
    params = [json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for v in values.values()]
    store.conn.execute(f'UPDATE "{record.ledger}" SET {columns} WHERE id = ?', [*params, record.id])
    return store.get(record.id)


def missing_glyphs(doc: Document) -> set[str]:
    """Characters drawn in a font that has no glyph for them: what the PDF and the preview show as ☒."""
    missing = set()
    for page in doc.pages:
        for run in page.texts():
            glyphs = pdfmetrics.getFont(run.font).face.charToGlyph
            missing |= {ch for ch in run.text if ord(ch) not in glyphs}
    return missing


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True,
                          timeout=60).stdout


@pytest.fixture
def meeting(store, valid_record) -> Record:
    data = valid_record("meeting", location="镇政府三楼会议室", host="田玉春", attendees=["马志刚", "田玉春"],
                        agenda_items=[{"title": "审议方案", "discussion": "讨论"}], record_form="会议记录")
    record = store.save("meeting", data, "杨芳")
    return stored_as_pasted(store, record, title=PASTED_TITLE, location="镇政府\t三楼会议室",
                            agenda_items=[{"title": "审议\t方案", "discussion": "一、\t讨论甲\n二、\t讨论乙"}])


@pytest.fixture
def case(store, valid_record) -> Record:
    parties = [{"role": "申请人", "party_type": "自然人", "name": "马文"},
               {"role": "被申请人", "party_type": "自然人", "name": "李海"}]
    data = valid_record("mediation_case", result="调解成功", agreement_form="书面", parties=parties,
                        agreement_content="双方以登记图为准重新确界。")
    record = store.save("mediation_case", data, "杨芳")
    return stored_as_pasted(store, record, agreement_content=TERMS)


@pytest.mark.parametrize("kind", ["minutes", "record", "signin"])
def test_a_tab_pasted_into_a_meeting_title_prints_no_box_in_any_meeting_document(store, meeting, kind):
    doc = build_document(store, meeting, kind)
    assert missing_glyphs(doc) == set()
    assert "2026年第3次法治政府建设" in doc.text().replace("\n", "")  # between Chinese characters the tab goes


def test_the_yearly_register_prints_a_pasted_title_without_a_box(store, meeting):
    doc = build_register_document(store, "meeting", 2026)
    assert missing_glyphs(doc) == set()
    assert "\t" not in doc.text()


@needs_poppler
def test_a_line_break_inside_a_meeting_title_does_not_split_it_on_the_meeting_record(store, meeting, tmp_path):
    path = render_document(store, meeting.id, "record", tmp_path / "记录.pdf").path
    lines = pdf_text(path).splitlines()
    assert any("2026年第3次法治政府建设专题研究部署会议" in line for line in lines)  # one line, in its cell
    assert any("镇政府三楼会议室" in line for line in lines)


@needs_poppler
def test_agreement_terms_pasted_from_a_word_numbered_list_print_as_numbered_paragraphs(store, case, tmp_path):
    doc = build_document(store, case, "agreement")
    assert missing_glyphs(doc) == set()
    path = render_document(store, case.id, "agreement", tmp_path / "协议书.pdf").path
    lines = [line.strip() for line in pdf_text(path).splitlines()]
    assert "一、被申请人于2026年7月31日前赔偿申请人损失8500元。" in lines  # no box, no gap after 一、
    assert "二、双方以登记图为准重新确界。" in lines  # each term its own paragraph, as in Word
    assert "3. 本协议履行完毕后双方再无争议。" in lines


def test_long_text_keeps_its_paragraphs_when_its_tabs_go(store, meeting):
    text = build_document(store, meeting, "minutes").text()
    assert "一、讨论甲" in text.split("\n") and "二、讨论乙" in text.split("\n")
    assert missing_glyphs(build_document(store, meeting, "minutes")) == set()


def test_text_from_outside_the_record_draws_no_control_character_either(store, meeting):
    """The office's name as set up, a roster entry's title: whatever reaches the typesetter is drawable."""
    store.set_settings(office_name="海城镇\t司法所\n")
    for doc in (build_register_document(store, "meeting", 2026), build_document(store, meeting, "record")):
        assert missing_glyphs(doc) == set(), doc.kind


@pytest.mark.parametrize(("pasted", "printed"), [
    ("会议\t名称", "会议名称"),  # between Chinese characters the break goes: one title
    ("第一行\r\n\r\n第二行", "第一行第二行"),
    ("Word\t2016", "Word 2016"),  # elsewhere it is one space
    ("第3次\nmeeting", "第3次 meeting"),
    ("一、\t被申请人", "一、被申请人"),
    ("标题\n", "标题"),
    ("马\x00文\u200b\ufeff", "马文"),
    ("海城镇　人民政府", "海城镇　人民政府"),  # a full-width space is a space the clerk typed
])
def test_a_one_line_value_prints_on_one_line_without_control_characters(pasted, printed):
    assert one_line(pasted) == printed


@pytest.mark.parametrize(("pasted", "printed"), [
    ("一、\t甲\r\n二、\t乙", "一、甲\n二、乙"),
    ("1.\t甲\v2.\t乙", "1. 甲\n2. 乙"),
    ("\t缩进的段落\t\n下一段", "缩进的段落\n下一段"),
    ("甲\t\t乙", "甲 乙"),
    ("甲\x07乙", "甲乙"),
])
def test_long_text_keeps_paragraph_breaks_and_loses_its_tabs(pasted, printed):
    assert multi_line(pasted) == printed
