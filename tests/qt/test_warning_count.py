"""保存并新建's box and the status line after 返回核对 count the same warnings (twenty-second session): a study saved
ahead of its date with its end before its start said 「有 1 条提醒」 in the box and 「有 2 条提醒」 below, the planned
date (information, not a doubt) counted in one and not the other."""

from __future__ import annotations

from datetime import timedelta

from test_editor import open_window

from fazhi_desktop.core.clock import local_today
from fazhi_desktop.core.setup import init_database

SAID = "1 条提醒（橙色；另有 1 条提示，不影响提交和打印）"


def test_the_box_and_the_status_line_count_the_doubts_and_the_notes_alike(qtbot, tmp_path, dialogs):
    store = init_database(tmp_path / "t.db", "640522100")
    window = open_window(qtbot, store, "law_study", dialogs)
    editor = window.editor
    ahead = (local_today(store.clock) + timedelta(days=20)).isoformat()
    for name, value in {"activity_type": "会前学法", "topic": "学习宪法", "held_on": ahead,
                        "start_time": "09:00", "end_time": "08:30"}.items():
        editor.field_widget(name).set_value(value)
    assert window.save_and_new()  # the box's Enter: 返回核对
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("confirm", "保存并新建")
    assert f"有 {SAID}，请对照纸质表单核对" in text
    assert f"有 {SAID}，请核对" in editor.status.text()
    store.close()


def test_notes_that_ask_to_check_are_not_called_for_information_only(qtbot, tmp_path, dialogs):
    """A case still 正在履行 past its 履行期限 (review of session 23): the field said 请核对 while the line below
    said 「有 1 条提示（橙色，仅供了解）」. The count now says what sets such notes apart: they do not hold up 提交 or
    printing."""
    store = init_database(tmp_path / "t.db", "640522100")
    day = local_today(store.clock)
    case = {"case_name": "马文礼与李志强宅基地边界纠纷", "accepted_on": (day - timedelta(days=40)).isoformat(),
            "dispute_type": "房屋宅基地纠纷", "parties": [{"role": "申请人", "name": "马文礼"}],
            "mediated_on": (day - timedelta(days=30)).isoformat(), "rights_notified": True,
            "rights_notified_on": (day - timedelta(days=40)).isoformat(), "result": "调解成功",
            "performance_deadline": (day - timedelta(days=10)).isoformat(), "performance_status": "正在履行"}
    record = store.save("mediation_case", case, "管理员")
    window = open_window(qtbot, store, "mediation_case", dialogs, record)
    editor = window.editor
    assert editor.field_widget("performance_deadline").warning().endswith("请核对")
    assert editor.status.text() == "此记录有 1 条提示（橙色，不影响提交和打印）"
    editor.field_widget("performance_method").set_value("自行履行")
    assert editor.save()
    assert editor.status.text().endswith("有 1 条提示（橙色，不影响提交和打印）")
    store.close()
