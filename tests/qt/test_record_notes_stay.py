"""The whole record's orange notes as the clerk moves and types (keyboard review of session 23): Tab through
是否告知权利义务 or 履行期限 without changing them wiped their note, the field checked alone, while the status line
still counted 1 条提醒; and 是 chosen left 此记录有 1 条提醒 until the save. The notes are now kept apart from the
field's own and made again as the values change: the fields and the status line say what a save would."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from test_editor import ACTOR, choose, office, open_window, typed  # noqa: F401  (office: fixture)

from fazhi_desktop.core.clock import local_today
from fazhi_desktop.core.setup import init_database

CASE = {"case_name": "马文礼与李志强宅基地边界纠纷", "accepted_on": "2026-10-09", "dispute_type": "房屋宅基地纠纷",
        "parties": [{"role": "申请人", "name": "马文礼"}, {"role": "被申请人", "name": "李志强"}],
        "result": "调解成功", "mediated_on": "2026-10-15"}
TOLD = "调解前应告知当事人权利义务，请核对是否已告知"


def test_tabbing_through_a_field_keeps_the_records_note_and_choosing_yes_clears_it_and_the_count(
        qtbot, office, dialogs):  # noqa: F811
    window = open_window(qtbot, office, "mediation_case", dialogs, office.save("mediation_case", CASE, ACTOR))
    editor = window.editor
    told = editor.field_widget("rights_notified")
    assert told.warning() == TOLD and editor.status.text() == "此记录有 1 条提醒（橙色），请核对"
    told.control.setFocus()
    qtbot.keyClick(told.control, Qt.Key.Key_Tab)  # through it, nothing changed
    assert told.warning() == TOLD and told.message.isVisibleTo(window)
    assert editor.status.text() == "此记录有 1 条提醒（橙色），请核对"
    choose(qtbot, told.control, "是")
    assert told.warning() is None and not told.message.isVisibleTo(window)
    assert editor.status.text() == "有未保存的修改（Ctrl+S 保存）"  # no 1 条提醒 left to look for
    typed(qtbot, editor, "case_name", "马文礼与李志强宅基地边界纠纷（二）")
    assert editor.status.text() == "有未保存的修改（Ctrl+S 保存）"
    choose(qtbot, told.control, "否")  # back as stored, 案件名称 changed
    assert told.warning() == TOLD
    assert editor.status.text() == "有未保存的修改（Ctrl+S 保存）；此记录有 1 条提醒（橙色），请核对"


def test_tabbing_through_a_passed_deadline_keeps_its_note(qtbot, tmp_path, dialogs):
    store = init_database(tmp_path / "t.db", "640522100")
    day = local_today(store.clock)
    case = {**CASE, "accepted_on": (day - timedelta(days=40)).isoformat(),
            "mediated_on": (day - timedelta(days=30)).isoformat(), "rights_notified": True,
            "rights_notified_on": (day - timedelta(days=40)).isoformat(),
            "performance_deadline": (day - timedelta(days=10)).isoformat(), "performance_status": "正在履行"}
    window = open_window(qtbot, store, "mediation_case", dialogs, store.save("mediation_case", case, ACTOR))
    editor = window.editor
    deadline = editor.field_widget("performance_deadline")
    said = deadline.warning()
    assert said == "履行期限已过，履行情况仍为“正在履行”，请核对"
    deadline.control.setFocus()
    qtbot.keyClick(deadline.control, Qt.Key.Key_Tab)
    assert deadline.warning() == said and editor.status.text() == "此记录有 1 条提示（橙色，不影响提交和打印）"
    choose(qtbot, editor.field_widget("performance_status").control, "已履行")
    assert deadline.warning() is None and editor.status.text() == "有未保存的修改（Ctrl+S 保存）"
    store.close()
