"""停用 a clerk who leaves, in 账户管理: the question says what she leaves unfinished. Before, it said only
修改历史保留, and her unsaved text (kept against a power cut, offered only at her own login) went with the account
unsaid."""

from __future__ import annotations

from PySide6.QtCore import Qt

from fazhi_desktop.core import accounts, autosave
from fazhi_desktop.core.clock import utc_iso
from fazhi_desktop.qt.accounts_view import AccountsDialog

STAFF_PASSWORD = "mima-2026"  # tests/conftest.py


def test_the_question_names_her_drafts_and_the_unsaved_text_stopping_deletes(qtbot, store, staff, dialogs,
                                                                                valid_record):
    accounts.login(store, "马丽", STAFF_PASSWORD)
    store.save("mediation_case", valid_record("mediation_case"), "")
    autosave.keep(store, autosave.Draft("马丽", "meeting", autosave.new_key(None), None, None, {"title": "半截"},
                                        utc_iso(store.clock())))
    accounts.login(store, "admin", STAFF_PASSWORD)
    dialog = AccountsDialog(store, dialogs)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.select("马丽")
    qtbot.mouseClick(dialog.deactivate_button, Qt.MouseButton.LeftButton)  # 取消: the scripted safe answer
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("confirm", "停用账户")
    assert "马丽 登记的草稿还有 1 条（调解案件 1）" in text and "待办事项" in text
    assert "1 个编辑窗口的内容没有保存" in text and "停用后将删除" in text and "先由本人登录" in text
    assert len(autosave.listed(store.path, "马丽")) == 1  # 取消 kept it
    dialog.select("杨芳")
    qtbot.mouseClick(dialog.deactivate_button, Qt.MouseButton.LeftButton)
    assert "草稿" not in dialogs.shown[-1][2]  # she leaves nothing: the question as it was
