"""待办事项's rows were fitted once: opened narrow, a row whose 缺少什么 (a 退回's long reason) wrapped into many
lines stayed that tall (about 200 px) after the dialog was widened, the reason on one line over a tall empty row.
Rows are fitted again as the dialog's width changes."""

from __future__ import annotations

import review_steps
from PySide6.QtWidgets import QApplication

from fazhi_desktop.qt.todo_view import TodoDialog

REASON = ("会议纪要中议题二的汇报人姓名与签到表不一致，出席人数与签到表人数不符，请核对签到表后修改，"
          "并补充列席人员名单和会议记录人，修改后重新提交所长审核")


def tallest(dialog) -> int:
    return max(dialog.table.rowHeight(r) for r in range(dialog.table.rowCount()))


def test_rows_fall_back_to_one_line_when_the_dialog_is_widened(qtbot, store, valid_record):
    meeting = store.save("meeting", valid_record("meeting"), "马丽")
    review_steps.submit(store, meeting.id, "马丽")
    review_steps.reopen(store, meeting.id, REASON, "杨芳")
    dialog = TodoDialog(store, lambda record: None)
    qtbot.addWidget(dialog)
    dialog.resize(560, 400)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    dialog.load()  # fitted at this width, as 刷新 does
    narrow = tallest(dialog)
    dialog.resize(2400, 400)
    qtbot.waitUntil(lambda: tallest(dialog) < narrow / 2)  # the reason on a line or two again
