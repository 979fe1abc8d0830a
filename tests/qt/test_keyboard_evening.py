"""An evening of records typed with the keyboard alone, as a township clerk who hardly touches the mouse does.

A 录入员 logged in walks the program through its own keys: Ctrl+1…Ctrl+7 for the pages, Ctrl+N, Enter from field to
field, a letter or a character to choose in a drop-down, the arrows in a link or a name list, Space on ＋ 添加一行,
Ctrl+Enter for a row, Ctrl+S, Ctrl+Shift+S, Esc. Keys go where the keyboard sends them: to an open popup (a name
list, a drop-down's list) first, else to the focused widget; Chinese is typed through tests/qt/helpers.type_text.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent, QInputMethodEvent
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from helpers import press, type_text

from fazhi_desktop.core.people import add_person, list_people
from fazhi_desktop.core.store import ListQuery
from fazhi_desktop.qt.dialogs import Answer
from fazhi_desktop.qt.main_window import create_main_window

Key, Mod = Qt.Key, Qt.KeyboardModifier
CTRL, SHIFT = Mod.ControlModifier, Mod.ShiftModifier
ROSTER = [("田玉春", "镇长", ["主要负责同志"], None), ("马志刚", "党委书记", ["主要负责同志"], None),
          ("李强", "副镇长", [], None), ("王梅", "党政办干事", [], None), ("杨芳", "司法所所长", ["调解员"], None),
          ("苏燕", "执法队员", ["执法人员"], "64052200101")]
ID_NUMBER = "640522196103051938"


@pytest.fixture
def window(qtbot, store, staff, dialogs, ui_settings):
    """The main window of a township office, its 录入员 马丽 logged in, a small roster."""
    store.user = staff["admin"]
    for name, title, roles, cert in ROSTER:
        add_person(store, "admin", name, title=title, roles=roles, cert_no=cert)
    w = create_main_window(store, dialogs, ui_settings, staff["clerk"])
    qtbot.addWidget(w)
    w.resize(1180, 720)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    return w


def write(qtbot, text: str) -> None:
    """Type into the field that has the cursor (never one picked by the test)."""
    type_text(qtbot, QApplication.focusWidget(), text)


def fields(qtbot, *texts: str) -> None:
    """Type each text into the field at the cursor and press Enter to go on ("" just goes on)."""
    for text in texts:
        if text:
            write(qtbot, text)
        press(qtbot, Key.Key_Return)


def back_to_main(qtbot, window) -> None:
    """After Esc closed an editor Windows activates its owner, the main window; the offscreen test platform does
    not, so the test does what the system would."""
    if QApplication.activeWindow() is None:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def new_record(qtbot, page: Key) -> None:
    """Ctrl+<the page's number>, Ctrl+N."""
    press(qtbot, page, CTRL)
    press(qtbot, Key.Key_N, CTRL)


def save_and_close(qtbot, window) -> None:
    """Ctrl+S, Esc, and on to the main window."""
    press(qtbot, Key.Key_S, CTRL)
    press(qtbot, Key.Key_Escape)
    back_to_main(qtbot, window)


def editor_at_cursor():
    return QApplication.focusWidget().window()


def field_at_cursor() -> str:
    """The form field (or sub-field) the cursor is in, by name."""
    from fazhi_desktop.qt.editor.widgets import FieldInput

    widget = QApplication.focusWidget()
    while widget is not None and not isinstance(widget, FieldInput):
        widget = widget.parentWidget()
    return widget.field.name if widget is not None else ""


def test_an_evening_of_records_typed_without_the_mouse(qtbot, window, store, dialogs):
    # 会前学法 first, so that the meeting can link it; 保存并新建 goes on to a lecture
    new_record(qtbot, Key.Key_2)
    fields(qtbot, "会", "学习《中华人民共和国行政复议法》", "行政复议法", "2026-05-28", "830", "900", "",
           "镇政府三楼会议室", "田玉春")
    press(qtbot, Key.Key_S, CTRL | SHIFT)
    assert field_at_cursor() == "activity_type"
    assert editor_at_cursor().editor.status.text() == ("上一条已保存：〔2026〕学法字第1号；"
                                                       "已从上一条带入日期 2026-05-28，不是这一天的请直接输入")
    fields(qtbot, "专", "法治政府建设专题讲座", "", "2026-05-29")
    save_and_close(qtbot, window)

    # a 政府常务会议: the roster's names completed, the 会前学法 linked with the arrow, an agenda item by Space
    new_record(qtbot, Key.Key_1)
    fields(qtbot, "2026年第5次镇政府常务会议", "乡", "", "2026-05-28", "900", "1130", "镇政府三楼会议室")
    write(qtbot, "田")
    press(qtbot, Key.Key_Down)  # 田玉春（镇长） in the name list
    fields(qtbot, "", "王梅", "马志刚", "李强", "", "", "")  # 主持人, 记录人, 出席人员 (two, then on), 列席, 请假
    fields(qtbot, "全")
    assert field_at_cursor() == "pre_meeting_study"
    press(qtbot, Key.Key_Down, times=2)  # the list is newest first: the lecture, then the 会前学法
    fields(qtbot, "")  # on to 议题, past the link's year box
    press(qtbot, Key.Key_Space)  # ＋ 添加一行 of 议题
    fields(qtbot, "研究春耕生产", "李强")
    save_and_close(qtbot, window)

    # a check with a certificate row, and the complaint it brought
    new_record(qtbot, Key.Key_3)
    fields(qtbot, "2026-05-27", "专", "镇综合执法办", "苏燕", "")
    press(qtbot, Key.Key_Tab)  # out of 检查依据 (several lines: Enter is a new line there)
    fields(qtbot, "6", "5")
    press(qtbot, Key.Key_Return, CTRL)
    fields(qtbot, "苏燕", "64052200101", "2028-12-31", "", "落", "部", "未")
    save_and_close(qtbot, window)
    new_record(qtbot, Key.Key_4)
    fields(qtbot, "2026-05-20", "1", "马某", "15509542033", "镇综合执法办", "执法人员未出示执法证")
    press(qtbot, Key.Key_Tab)
    fields(qtbot, "杨芳", "2026-06-05")
    press(qtbot, Key.Key_Down)
    save_and_close(qtbot, window)

    # a mediation case saved before its party was typed: the cursor is put where the party goes
    new_record(qtbot, Key.Key_5)
    fields(qtbot, "", "马文与海玉宅基地纠纷", "2026-05-26", "", "房")
    press(qtbot, Key.Key_Return)  # on past 当事人 1, to 纠纷简要情况
    press(qtbot, Key.Key_S, CTRL)
    assert field_at_cursor() == "role"
    fields(qtbot, "申", "", "马文", "男", "回族", "", "", ID_NUMBER, "个体工商户", "海城镇南坪村7组", "15509542033")
    save_and_close(qtbot, window)

    # a mediator added to the roster: Enter from field to field, and on 保存
    new_record(qtbot, Key.Key_7)
    fields(qtbot, "马占福", "人民调解员", "南坪村调委会", "", "", "")
    press(qtbot, Key.Key_Space)  # 调解员
    fields(qtbot, "", "", "", "")  # 联系电话, 到任日期, 离任日期
    assert QApplication.focusWidget() is window.pages["people"].dialog.save_button
    press(qtbot, Key.Key_Return)

    [lecture, study] = store.list(ListQuery("law_study"))
    assert (study["activity_type"], study["held_on"], study["duration_minutes"], study["host"]) == (
        "会前学法", "2026-05-28", 30, "田玉春")
    assert (lecture["activity_type"], lecture["held_on"]) == ("专题法治讲座", "2026-05-29")
    [meeting] = store.list(ListQuery("meeting"))
    assert (meeting["meeting_type"], meeting["host"], meeting["recorder"], meeting["attendees"]) == (
        "乡镇行政会议(政府常务会议)", "田玉春", "王梅", ["马志刚", "李强"])
    assert meeting["pre_meeting_study"] == study.id and meeting["office_head_attendance"] == "全程"
    assert [(a["title"], a["presenter"]) for a in meeting["agenda_items"]] == [("研究春耕生产", "李强")]
    [check] = store.list(ListQuery("enforcement_check"))
    assert (check["check_type"], check["inspectors"], check["staff_certified"]) == ("专项检查", ["苏燕"], 5)
    assert [c["certificate_no"] for c in check["certificates"]] == ["64052200101"]
    assert (check["disclosure_status"], check["recording_status"], check["legal_review_status"]) == (
        "落实", "部分落实", "未落实")
    [complaint] = store.list(ListQuery("complaint"))
    assert (complaint["source"], complaint["handler"], complaint["related_check"]) == ("12345热线", "杨芳", check.id)
    [case] = store.list(ListQuery("mediation_case"))
    [party] = case["parties"]
    assert (case["dispute_type"], party["role"], party["name"], party["gender"]) == (
        "房屋宅基地纠纷", "申请人", "马文", "男")
    assert (party["id_number"], party["phone"]) == (ID_NUMBER, "15509542033")
    [mediator] = [p for p in list_people(store) if p.name == "马占福"]
    assert (mediator.title, mediator.unit, mediator.roles) == ("人民调解员", "南坪村调委会", ("调解员",))
    assert not [shown for shown in dialogs.shown if shown[0] != "confirm"]  # no box interrupted the evening


def test_one_enter_leaves_a_link_and_page_keys_in_it_change_its_year(qtbot, window, store, valid_record):
    """After choosing the 会前学法, Enter stopped on the link's year box beside it: one Enter more on every meeting,
    and Space then pressed nothing. The year box is passed by; PageUp / PageDown in the list change the year."""
    december = store.save("law_study", valid_record("law_study", held_on="2025-12-30"), "")
    store.save("law_study", valid_record("law_study", held_on="2026-05-28"), "")
    new_record(qtbot, Key.Key_1)
    fields(qtbot, "2026年第1次镇政府常务会议", "乡", "", "2026-01-02", "", "", "", "", "", "", "", "")
    fields(qtbot, "全")
    assert field_at_cursor() == "pre_meeting_study"
    editor = editor_at_cursor().editor
    link = editor.field_widget("pre_meeting_study")
    press(qtbot, Key.Key_PageUp)  # the year before: December's study of a meeting of 2 January
    assert link.year.currentData() == 2025 and QApplication.focusWidget() is link.records
    press(qtbot, Key.Key_Down)
    assert link.value() == december.id
    press(qtbot, Key.Key_Return)
    assert QApplication.focusWidget() is editor.group_widget("agenda_items").add_button
    press(qtbot, Key.Key_Tab, SHIFT)  # back: to the list, not to the year box
    assert QApplication.focusWidget() is link.records
    press(qtbot, Key.Key_PageDown)
    assert link.year.currentData() == 2026 and link.value() == december.id  # still linked, and said so
    assert link.records.currentText() == "〔2025〕学法字第1号 学习《中华人民共和国行政处罚法》（2025-12-30）"
    press(qtbot, Key.Key_PageDown)  # no later year to list
    assert link.year.currentData() == 2026
    press(qtbot, Key.Key_S, CTRL)
    [meeting] = store.list(ListQuery("meeting"))
    assert meeting["pre_meeting_study"] == december.id


def test_a_refused_group_puts_the_cursor_in_its_first_row_not_on_the_group_box(qtbot, window, dialogs):
    """当事人：必填 put the focus on the group's own box, which takes no keys: what the clerk typed next went
    nowhere and Tab led to ＋ 添加一行. The cursor now waits in 当事人 1's first field."""
    new_record(qtbot, Key.Key_5)
    fields(qtbot, "", "马文与海玉宅基地纠纷", "", "", "房")
    press(qtbot, Key.Key_S, CTRL)
    editor = editor_at_cursor().editor
    assert editor.group_widget("parties").message.text() == "必填"
    assert field_at_cursor() == "role"
    write(qtbot, "申")
    assert editor.group_widget("parties").row(0).inputs["role"].value() == "申请人"
    dialogs.save_answers.append(Answer.DISCARD)
    press(qtbot, Key.Key_Escape)


def test_enter_in_the_roster_dialog_moves_on_instead_of_saving_half_a_person(qtbot, window, store):
    """Enter in 姓名 pressed 保存: 马占福 was saved with only his name, and the 职务 typed next went to the list."""
    new_record(qtbot, Key.Key_7)
    dialog = window.pages["people"].dialog
    fields(qtbot, "马占福")
    assert dialog.isVisible() and QApplication.focusWidget() is dialog.title_edit
    fields(qtbot, "人民调解员", "")
    assert QApplication.focusWidget() is dialog.role_boxes["主要负责同志"]
    press(qtbot, Key.Key_Return)  # on a check box too
    assert dialog.isVisible() and "马占福" not in [p.name for p in list_people(store)]
    press(qtbot, Key.Key_S, CTRL)
    assert window.pages["people"].dialog is None  # saved and closed
    [person] = [p for p in list_people(store) if p.name == "马占福"]
    assert person.title == "人民调解员"


def test_esc_in_the_roster_dialog_asks_before_the_typed_person_is_lost(qtbot, window, store, dialogs):
    new_record(qtbot, Key.Key_7)
    dialog = window.pages["people"].dialog
    fields(qtbot, "白玉兰", "人民调解员")
    press(qtbot, Key.Key_Escape)  # 取消 (the scripted answer): nothing lost
    assert dialog.isVisible() and dialog.title_edit.text() == "人民调解员"
    assert dialogs.shown[-1] == ("save_discard_cancel", "未保存的修改",
                                 "“添加人员”中填写的内容尚未保存。关闭前是否保存？")
    dialogs.save_answers.append(Answer.SAVE)
    press(qtbot, Key.Key_Escape)
    assert window.pages["people"].dialog is None and "白玉兰" in [p.name for p in list_people(store)]
    back_to_main(qtbot, window)
    press(qtbot, Key.Key_N, CTRL)  # nothing typed: Esc closes at once
    assert window.pages["people"].dialog is not None
    press(qtbot, Key.Key_Escape)
    assert window.pages["people"].dialog is None and len(dialogs.shown) == 2


def test_a_refused_person_puts_the_cursor_in_the_field_named(qtbot, window, store):
    new_record(qtbot, Key.Key_7)
    dialog = window.pages["people"].dialog
    fields(qtbot, "海军", "执法队员", "", "", "")
    press(qtbot, Key.Key_Space)  # 执法人员
    dialog.cert_expiry.setText("2028年13月")  # a 有效期 that is no date
    press(qtbot, Key.Key_S, CTRL)
    assert dialog.isVisible() and dialog.errors["cert_expiry"].isVisible()
    assert QApplication.focusWidget() is dialog.cert_expiry
    dialog.done(dialog.DialogCode.Rejected)


def test_a_name_left_with_tab_becomes_a_name_of_the_list(qtbot, window, dialogs):
    """Tab after 王梅 left her in the entry, not among the names (“共 2 人”); coming back with Shift+Tab selected
    the entry's text, so the next name typed replaced hers and 王梅 was lost."""
    new_record(qtbot, Key.Key_1)
    editor = editor_at_cursor().editor
    attendees = editor.field_widget("attendees")
    attendees.control.setFocus()
    fields(qtbot, "马志刚", "李强")
    write(qtbot, "王梅")
    press(qtbot, Key.Key_Tab)
    assert field_at_cursor() == "observers"
    assert attendees.names == ["马志刚", "李强", "王梅"] and attendees.control.text() == ""
    assert attendees.count_label.text() == "共 3 人"
    press(qtbot, Key.Key_Tab, SHIFT)
    fields(qtbot, "杨芳")
    assert attendees.value() == ["马志刚", "李强", "王梅", "杨芳"]
    dialogs.save_answers.append(Answer.DISCARD)
    press(qtbot, Key.Key_Escape)


def test_a_name_half_typed_stays_in_the_entry_when_the_window_loses_focus(qtbot, window, dialogs):
    """Leaving the window (another program, the idle lock) is not leaving the field: "王" is not yet a name."""
    new_record(qtbot, Key.Key_1)
    attendees = editor_at_cursor().editor.field_widget("attendees")
    attendees.control.setFocus()
    write(qtbot, "王")
    attendees.completer.popup().hide()  # its event filter takes the entry's focus-out while it is shown
    QApplication.sendEvent(attendees.control, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.ActiveWindowFocusReason))
    assert attendees.names == [] and attendees.control.text() == "王"
    dialogs.save_answers.append(Answer.DISCARD)
    press(qtbot, Key.Key_Escape)


def test_a_name_still_spelled_in_the_input_method_is_not_added_when_a_click_leaves_the_entry(qtbot, window, dialogs):
    """微软拼音 or 搜狗: "王" chosen, "fang" still being spelled, and a click on another field: "王" alone became a
    name, and the input method put "fang" in the entry after it. A name spelled to the end and left is added."""
    new_record(qtbot, Key.Key_1)
    attendees = editor_at_cursor().editor.field_widget("attendees")
    attendees.control.setFocus()
    for preedit, chosen in (("wang", ""), ("", "王"), ("fang", "")):
        event = QInputMethodEvent(preedit, [])
        event.setCommitString(chosen)
        QApplication.sendEvent(attendees.control, event)
    attendees.completer.popup().hide()
    QApplication.sendEvent(attendees.control, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.MouseFocusReason))
    assert attendees.names == [] and attendees.control.text() == "王"
    attendees.control.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString("芳")
    QApplication.sendEvent(attendees.control, event)
    attendees.completer.popup().hide()
    QApplication.sendEvent(attendees.control, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.MouseFocusReason))
    assert attendees.names == ["王芳"]
    dialogs.save_answers.append(Answer.DISCARD)
    press(qtbot, Key.Key_Escape)


# 保存并复制为新记录 (Ctrl+D in an editor): a month's meetings of the same people typed one after another. 保存并新建
# opens an empty form, so each of 22 meetings of the same attendees had 会议类型, times, 地点, 主持人, 记录人, 出席人员
# and 列席人员 typed again (measured: 22 keys and 66 characters a meeting, 40 of them these); Ctrl+D in the editor did
# nothing, and 复制为新记录 was only in the main window (Ctrl+S, Esc, Ctrl+D, the copy opening elsewhere).


def test_ctrl_d_saves_the_meeting_and_opens_the_next_with_its_place_and_people(qtbot, window, store, dialogs):
    new_record(qtbot, Key.Key_1)
    where = editor_at_cursor().geometry()
    fields(qtbot, "2026年第1次镇政府常务会议", "乡", "", "2026-05-06", "900", "1130", "镇政府三楼会议室",
           "田玉春", "王梅", "马志刚", "李强", "", "", "", "全")
    press(qtbot, Key.Key_D, CTRL)

    second = editor_at_cursor()
    assert second.geometry() == where  # in its place, as 保存并新建's
    editor = second.editor
    assert editor.status.text() == ("上一条已保存：〔2026〕会记字第1号；已从它复制会议类型、文书形式、开始时间、"
                                    "结束时间、地点、主持人、记录人、出席人员，请按纸质表单核对；"
                                    "已从上一条带入日期 2026-05-06，不是这一天的请直接输入")
    assert editor.inputs["title"].control.hasFocus()  # the cursor where the next paper starts
    fields(qtbot, "2026年第2次镇政府常务会议", "", "", "2026-05-13", *[""] * 8, "全")  # Enter past what was copied
    press(qtbot, Key.Key_S, CTRL)

    [one, two] = sorted(store.list(ListQuery("meeting")), key=lambda r: r.number)
    assert (one.number, one["held_on"], one["attendees"]) == ("〔2026〕会记字第1号", "2026-05-06", ["马志刚", "李强"])
    assert (two.number, two["held_on"], two["title"]) == (
        "〔2026〕会记字第2号", "2026-05-13", "2026年第2次镇政府常务会议")
    assert (two["meeting_type"], two["start_time"], two["end_time"], two["location"], two["host"], two["recorder"],
            two["attendees"]) == ("乡镇行政会议(政府常务会议)", "09:00", "11:30", "镇政府三楼会议室", "田玉春", "王梅",
                                  ["马志刚", "李强"])
    assert not dialogs.shown


def test_ctrl_d_again_on_the_untouched_copy_saves_nothing(qtbot, window, store, dialogs):
    new_record(qtbot, Key.Key_1)
    fields(qtbot, "2026年第1次镇政府常务会议", "乡", "", "2026-05-06", "900", "1130", "镇政府三楼会议室",
           "", "", "", "", "", "全")
    press(qtbot, Key.Key_D, CTRL)
    copy = editor_at_cursor()
    press(qtbot, Key.Key_D, CTRL)  # a key pressed twice, and again (the line grew at each press)
    press(qtbot, Key.Key_D, CTRL)
    press(qtbot, Key.Key_S, CTRL | SHIFT)

    assert editor_at_cursor() is copy and copy.isVisible()
    said = copy.editor.status.text()
    assert said.endswith("；本条尚未填写内容，未保存") and said.count("尚未填写内容") == 1
    assert [r.number for r in store.list(ListQuery("meeting"))] == ["〔2026〕会记字第1号"]


def test_ctrl_d_on_a_saved_record_shown_unchanged_copies_it_without_a_new_version(qtbot, window, store,
                                                                                 valid_record):
    saved = store.save("meeting", valid_record("meeting", location="村部会议室", attendees=["李强"]), "马丽")
    window.show_page("meeting")
    window.open_editor("meeting", saved)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and QApplication.focusWidget().window() is not window)
    press(qtbot, Key.Key_D, CTRL)

    copy = editor_at_cursor()
    assert copy.editor.record is None
    assert (copy.editor.collect()["location"], copy.editor.collect()["attendees"]) == ("村部会议室", ["李强"])
    assert store.get(saved.id).revision == saved.revision  # not saved again
