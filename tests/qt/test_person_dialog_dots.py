"""编辑 → 查找当事人… for 阿依古丽·买买提, her name typed with the dot a WeChat message gave (•): the window listed
nothing, and the 所长 would have told her the office held nothing about her."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from helpers import type_text
from PySide6.QtCore import Qt
from test_idle_lock_gui import STAFF_PASSWORD, open_window
from test_person_view import action

from fazhi_desktop.core import accounts


def test_her_name_typed_with_another_dot_finds_her_case(qtbot, store, staff, dialogs, ui_settings, valid_record):
    accounts.login(store, "马丽", STAFF_PASSWORD)
    store.save("mediation_case", valid_record("mediation_case", parties=[
        {"role": "被申请人", "party_type": "自然人", "name": "阿依古丽·买买提"}]), actor="马丽")
    accounts.logout(store)
    window = open_window(qtbot, store, dialogs, ui_settings, accounts.login(store, "杨芳", STAFF_PASSWORD))
    action(window, "查找当事人").trigger()
    dialog = window.person_dialog
    type_text(qtbot, dialog.name_edit, "阿依古丽•买买提")
    qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=10_000)  # the search runs on a worker thread
    rows = [[dialog.hits.item(row, column).text() for column in range(1, 6)] for row in range(dialog.hits.rowCount())]
    assert rows == [["调解案件", "〔2026〕人调字第1号", "2026-03-05", "被申请人", "当事人"]]
    assert "记有此人的 1 条记录（1 处）" in dialog.result_label.text()
