"""编辑 → 查找当事人… as the 所长 uses it when 马建国 asks what the office holds about him: his name and number typed,
every record naming him listed across the ledgers (the complaint by letter too), the witness mention apart, and his
个人信息摘录 saved; a 录入员 finds the entry off, saying why."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from helpers import type_text
from person_records import HIS_ID, add_his_records
from PySide6.QtCore import Qt
from test_idle_lock_gui import STAFF_PASSWORD, open_window

from fazhi_desktop.core import accounts
from fazhi_desktop.core.clock import local_today


class SavedTo:
    def __init__(self, path: Path):
        self.path, self.asked = path, []

    def save_path(self, parent, title, suggested):
        self.asked.append((title, suggested))
        return self.path


def action(window, text: str):
    return next(a for a in window.findChildren(type(window.delete_action)) if a.text().startswith(text))


def finished(qtbot, dialog) -> None:
    """Wait for the search or the extract, which run on a worker thread."""
    qtbot.waitUntil(lambda: dialog.task is None, timeout=10_000)


def records(store):
    accounts.login(store, "马丽", STAFF_PASSWORD)
    add_his_records(store)
    accounts.logout(store)


def test_the_head_finds_his_records_and_saves_his_extract(qtbot, store, staff, dialogs, ui_settings, tmp_path):
    records(store)
    window = open_window(qtbot, store, dialogs, ui_settings, accounts.login(store, "杨芳", STAFF_PASSWORD))
    entry = action(window, "查找当事人")
    assert entry.isEnabled()
    entry.trigger()
    dialog = window.person_dialog
    dialog.prompts = SavedTo(tmp_path / "摘录.pdf")
    assert not dialog.extract_button.isEnabled()
    type_text(qtbot, dialog.name_edit, "马建国")
    type_text(qtbot, dialog.id_edit, HIS_ID)
    qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    finished(qtbot, dialog)
    rows = [[dialog.hits.item(row, column).text() for column in range(1, 8)] for row in range(dialog.hits.rowCount())]
    assert [row[1] for row in rows] == ["〔2026〕投诉字第1号", "〔2026〕投诉字第2号", "〔2026〕人调字第1号",
                                        "〔2026〕人调字第2号"]
    assert rows[3][3:] == ["被申请人", "当事人", "姓名", "身份证号与所填不同（请核对是否同一人）"]
    assert dialog.mentions.isVisibleTo(dialog) and dialog.mentions.item(0, 1).text() == "〔2026〕人调字第3号"
    assert "记有此人的 4 条记录（4 处）" in dialog.result_label.text()
    assert dialog.result_label.text().endswith("已记入完整证件号查看日志：查找当事人（当事人本人申请查阅、复制"
                                               "（个人信息保护法第四十五条）），4 条记录。")
    window.resize(1100, 760)
    dialog.grab().save(str(tmp_path / "person.png"))

    dialog.hits.item(0, 0).setCheckState(Qt.CheckState.Unchecked)  # not this one
    qtbot.mouseClick(dialog.extract_button, Qt.MouseButton.LeftButton)
    finished(qtbot, dialog)
    assert (tmp_path / "摘录.pdf").is_file(), dialogs.texts()
    assert dialog.prompts.asked == [("保存个人信息摘录", f"个人信息摘录 {local_today(store.clock).isoformat()}.pdf")]
    assert dialogs.shown[-1][1] == "个人信息摘录" and "3 条记录）。已记入完整证件号查看日志。" in dialogs.shown[-1][2]
    hows = [e["how"] for e in store.query("SELECT how FROM reveal_log ORDER BY id")]
    assert hows.count("个人信息摘录（当事人本人申请查阅、复制（个人信息保护法第四十五条））") == 3

    dialog.name_edit.clear()
    dialog.id_edit.clear()
    type_text(qtbot, dialog.name_edit, "马小平")  # nobody of that name: nothing noted, and said so
    qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    finished(qtbot, dialog)
    assert dialog.result_label.text().endswith("没有找到记有此人的记录，未记入完整证件号查看日志。")
    assert len(store.query("SELECT how FROM reveal_log")) == len(hows)


def test_records_with_nothing_masked_are_found_and_extracted_saying_nothing_was_noted(
        qtbot, store, staff, dialogs, ui_settings, valid_record, tmp_path):
    accounts.login(store, "马丽", STAFF_PASSWORD)
    store.save("meeting", valid_record("meeting", host="马文军"), "马丽")  # his name, no number beside it
    window = open_window(qtbot, store, dialogs, ui_settings, accounts.login(store, "杨芳", STAFF_PASSWORD))
    action(window, "查找当事人").trigger()
    dialog = window.person_dialog
    dialog.prompts = SavedTo(tmp_path / "摘录.pdf")
    type_text(qtbot, dialog.name_edit, "马文军")
    qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    finished(qtbot, dialog)
    assert dialog.result_label.text().endswith("没有身份证号、电话等遮盖显示的信息，未记入完整证件号查看日志。")
    qtbot.mouseClick(dialog.extract_button, Qt.MouseButton.LeftButton)
    finished(qtbot, dialog)
    assert (tmp_path / "摘录.pdf").is_file(), dialogs.texts()
    assert "1 条记录）。" in dialogs.shown[-1][2] and "已记入" not in dialogs.shown[-1][2]
    assert store.query("SELECT count(*) AS n FROM reveal_log")[0]["n"] == 0


def test_a_reason_holding_a_number_is_refused_in_red(qtbot, store, staff, dialogs, ui_settings):
    records(store)
    window = open_window(qtbot, store, dialogs, ui_settings, accounts.login(store, "杨芳", STAFF_PASSWORD))
    action(window, "查找当事人").trigger()
    dialog = window.person_dialog
    type_text(qtbot, dialog.name_edit, "马建国")
    dialog.reason_combo.setEditText("本人来所 13995120316")
    qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    assert dialog.problem_label.isVisibleTo(dialog)
    assert dialog.problem_label.text() == "用途：请不要写证件号码或电话号码：日志只记用途，不记号码"
    assert dialog.hits.rowCount() == 0


def test_a_clerk_finds_the_entry_off_saying_why(qtbot, store, staff, dialogs, ui_settings):
    window = open_window(qtbot, store, dialogs, ui_settings, accounts.login(store, "马丽", STAFF_PASSWORD))
    entry = action(window, "查找当事人")
    assert not entry.isEnabled()
    assert entry.toolTip() == "查找当事人须由所长或管理员操作"  # the entry, not 无权显示完整的身份证号和电话


def test_opening_a_deleted_record_names_it_and_the_menu_it_is_restored_in(qtbot, store, staff, dialogs, ui_settings):
    accounts.login(store, "马丽", STAFF_PASSWORD)
    saved = add_his_records(store)
    accounts.logout(store)
    window = open_window(qtbot, store, dialogs, ui_settings, accounts.login(store, "杨芳", STAFF_PASSWORD))
    gone = saved["〔2026〕投诉字第2号"]
    store.delete(gone.id, "杨芳")
    action(window, "查找当事人").trigger()
    dialog = window.person_dialog
    type_text(qtbot, dialog.name_edit, "马建国")
    type_text(qtbot, dialog.id_edit, HIS_ID)
    qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    finished(qtbot, dialog)
    row = next(row for row in range(dialog.hits.rowCount()) if "投诉字第2号" in dialog.hits.item(row, 2).text())
    dialog.hits.setCurrentCell(row, 1)
    assert dialog.open_selected(dialog.hits) is None
    assert dialogs.shown[-1][2] == "〔2026〕投诉字第2号（已删除）：在“编辑 → 已删除的记录…”中查看或恢复。"
