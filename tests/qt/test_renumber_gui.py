# ruff: noqa: F811  (the open_window fixture imported from test_review_gui)
"""按日期重新编号 and 编号从第N号起 in the window: the clerk saving an April meeting after May's sees, in orange at its
date, that its number does not follow the date order and where the 所长 renumbers; the 所长's 编辑 → 按日期重新编号…
lists 旧号→新号, renumbers after asking, and the list reads in date order; 数据交换 → 编号从第N号起… refuses a
number in use and sets where the series goes on. A clerk finds both entries off, with the reason."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from test_review_gui import as_user, open_window  # noqa: F401  (open_window is a fixture)

from fazhi_desktop.core import accounts
from fazhi_desktop.core.places import CONTINUE_NUMBERS, RENUMBER


@pytest.fixture
def may_first(store, staff, valid_record):
    """The clerk entered May's meeting (〔2026〕会记字第1号) first."""
    as_user(store, "马丽")
    store.save("meeting", valid_record("meeting", title="五月例会", held_on="2026-05-10"), "")
    accounts.logout(store)


def entry(window, path: str) -> QAction:
    menu_name, text = path.split(" → ")
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith(menu_name))
    return next(a for a in menu.actions() if a.text().replace("(&U)", "").replace("(&N)", "") == text)


def test_the_clerk_is_told_and_the_head_renumbers_by_date(qtbot, may_first, open_window, store, valid_record,
                                                          dialogs):
    clerk = open_window("马丽")
    assert not entry(clerk, RENUMBER).isEnabled()
    assert entry(clerk, RENUMBER).toolTip() == "按日期重新编号须由所长或管理员操作"
    assert not entry(clerk, CONTINUE_NUMBERS).isEnabled()
    window = clerk.open_editor("meeting", None)
    qtbot.addWidget(window)
    editor = window.editor
    editor.show_typed(valid_record("meeting", title="四月例会", held_on="2026-04-08"))
    assert editor.save()
    note = editor.field_widget("held_on").warning()
    assert note.startswith("早于已编号的 〔2026〕会记字第1号（2026-05-10），编号 〔2026〕会记字第2号 不按日期先后")
    assert RENUMBER in note
    assert "1 条提示" in editor.status.text()
    window.close()
    clerk.close()

    head = open_window("杨芳")
    entry(head, RENUMBER).trigger()
    dialog = head.renumber_dialog
    qtbot.addWidget(dialog)
    assert dialog.ledger_combo.currentText() == "会议"
    assert dialog.plan_text.toPlainText().splitlines() == [
        "2026年的会议将按日期重新编号 2 条（旧号→新号）：", "  〔2026〕会记字第2号 → 〔2026〕会记字第1号",
        "  〔2026〕会记字第1号 → 〔2026〕会记字第2号"]
    dialog.renumber_button.click()  # the safe answer (取消) renumbers nothing
    assert dialogs.confirm_defaults == [False]
    assert store.find_by_number("〔2026〕会记字第1号")["title"] == "五月例会"
    dialogs.confirm_answers.append(True)
    dialog.renumber_button.click()
    assert dialog.plan_text.toPlainText().startswith("2026年的会议已按日期重新编号 2 条")
    assert not dialog.renumber_button.isEnabled()
    view = head.pages["meeting"]
    shown = {view.model.record_at(row).number: view.model.record_at(row)["title"]
             for row in range(view.model.rowCount())}
    assert shown == {"〔2026〕会记字第1号": "四月例会", "〔2026〕会记字第2号": "五月例会"}


def test_the_head_sets_where_numbers_go_on(qtbot, may_first, open_window, store):
    head = open_window("杨芳")
    entry(head, CONTINUE_NUMBERS).trigger()
    dialog = head.continue_numbers_dialog
    qtbot.addWidget(dialog)
    assert dialog.state_label.text() == "现在接着第 1 号编，下一个是第 2 号"
    dialog.first_box.setValue(1)
    dialog.set_button.click()
    assert dialog.problem_label.text() == "〔2026〕会记字第1号 已经用过，只能从第 2 号或更大的号起编"
    dialog.first_box.setValue(12)
    dialog.set_button.click()
    assert dialog.state_label.text() == "已设定：2026年会记字从第 12 号起编号（记入账户日志）"
    assert store.last_seq("meeting", 2026, "会记字") == 11
