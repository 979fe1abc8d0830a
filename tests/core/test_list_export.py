"""A list sent to Excel reads as the window shows it: text stays text (a title beginning with "=" is no formula, a
pasted control character no crash), a linked record by its number and title, not its id."""

from __future__ import annotations

from openpyxl import load_workbook

from fazhi_desktop.core.list_export import plain, write_list
from fazhi_desktop.core.store import ListQuery

ACTOR = "杨芳"


def test_text_stays_text_in_both_files_and_links_are_named(store, valid_record, tmp_path):
    study = store.save("law_study", valid_record("law_study", topic="学习民法典"), ACTOR)
    record = store.save("meeting", valid_record("meeting", title="=调解 会议", remarks="第一行\x0b第二行",
                                                pre_meeting_study=study.id), ACTOR)
    assert write_list(store, ListQuery("meeting"), tmp_path / "会议.xlsx") == 1
    sheet = load_workbook(tmp_path / "会议.xlsx").active
    header, row = ([c.value for c in r] for r in sheet.iter_rows())
    cells = dict(zip(header, row, strict=True))
    assert cells["会议名称/届次"] == "=调解 会议" and sheet.cell(2, header.index("会议名称/届次") + 1).data_type == "s"
    assert cells["备注"] == "第一行 第二行"  # a control character a worksheet cannot hold
    assert cells["会前学法"] == f"{study.number} 学习民法典" and cells["标识"] == record.id
    write_list(store, ListQuery("meeting"), tmp_path / "会议.csv")
    text = (tmp_path / "会议.csv").read_text(encoding="utf-8-sig")
    assert ",'=调解 会议," in text and f"{study.number} 学习民法典" in text and study.id not in text


def test_only_formula_looking_text_is_marked():
    assert [plain(t) for t in ("=1+1", "+86 139", "-某", "@所长", "-5", "-2.5", "马某", "")] == [
        "'=1+1", "'+86 139", "'-某", "'@所长", "-5", "-2.5", "马某", ""]
