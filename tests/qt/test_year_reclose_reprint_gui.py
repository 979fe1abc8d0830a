# ruff: noqa: F811  (fixtures imported from other test modules)
"""编辑 → 年度封账… closing a year again after a reopening names, in its 已封账 message, the papers printed for the
archive box that the correction made out of date."""

from __future__ import annotations

from archived_year import archived  # noqa: F401  (fixture)
from test_review_gui import as_user, open_window  # noqa: F401  (open_window is a fixture)
from test_year_close_gui import open_dialog

from fazhi_desktop.core import year_close


def test_closing_again_says_which_papers_to_reprint(qtbot, archived, open_window, store, dialogs, clock):
    year_close.reopen_year(store, 2026, "县局通知再次更正")  # the fixture closed it again: reopen to close here
    clock.advance(hours=1)
    window = open_window("杨芳")
    dialog = open_dialog(window, qtbot)
    dialogs.confirm_answers.append(True)
    dialog.close_year_button.click()
    assert year_close.is_closed(store.conn, 2026)
    shown = [text for kind, title, text in dialogs.shown if (kind, title) == ("info", "年度封账")]
    assert shown == ["已封账：2026年\n\n重新打开期间修改过的记录，此前打印的以下纸面已与数据库不符，"
                     "已归档的请重新打印替换：调解案件 〔2026〕人调字第1号的调解协议书（第 4 版）；"
                     "海城镇司法所2026年调解案件台账第 1 页"]
