"""An evening's backlog of sign-in sheets, not in date order, typed with 保存并新建: the April paper typed after May's
said 早于已编号的… at its date, in a window that 保存并新建 closed at once, and the next window said only
`上一条已保存：〔2026〕学法字第2号`, the number the clerk writes on the paper, which 按日期重新编号 then changes. The
line now says the number does not follow the dates and is not to be written on the paper yet."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from helpers import press, type_text

from fazhi_desktop.qt.main_window import create_main_window

Key, CTRL, SHIFT = Qt.Key, Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def sheet(qtbot, topic: str, day: str) -> str:
    """One sign-in sheet typed from the 活动类型 on (Enter from field to field), then Ctrl+Shift+S: the next window's
    line."""
    for text in ("会", topic, "", day):
        if text:
            type_text(qtbot, QApplication.focusWidget(), text)
        press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_S, CTRL | SHIFT)
    return QApplication.focusWidget().window().editor.status.text()


def test_save_and_new_says_the_paper_typed_out_of_date_order_keeps_no_number_yet(qtbot, store, staff, dialogs,
                                                                                   ui_settings):
    window = create_main_window(store, dialogs, ui_settings, staff["clerk"])
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(qtbot, Key.Key_2, CTRL)
    press(qtbot, Key.Key_N, CTRL)

    carried = "，不是这一天的请直接输入"  # 保存并新建 starts the next sheet at the saved one's date
    said = sheet(qtbot, "学习《行政复议法》", "2026-05-28")
    assert said == f"上一条已保存：〔2026〕学法字第1号；已从上一条带入日期 2026-05-28{carried}"
    said = sheet(qtbot, "学习《民法典》", "2026-04-14")
    assert said == ("上一条已保存：〔2026〕学法字第2号，早于已编号的 〔2026〕学法字第1号（2026-05-28），"
                    "编号不按日期先后，所长按日期重新编号后会改变：请先不要把编号写在纸质表单上；"
                    f"已从上一条带入日期 2026-04-14{carried}")
    assert not dialogs.shown  # said, not asked: 保存并新建 went on
    said = sheet(qtbot, "学习《宪法》", "2026-06-03")
    assert said == f"上一条已保存：〔2026〕学法字第3号；已从上一条带入日期 2026-06-03{carried}"
