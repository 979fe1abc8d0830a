"""The editor's inputs, field by field: conditions, masking, names, dates, groups, attachments, Tab order."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import shown, type_text
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QTableView
from test_editor import (
    ACTOR,
    add_row,
    choose,
    fill_required_meeting,
    office,
    only_record,
    open_window,
    paste,
    press_save,
    typed,
)

from fazhi_desktop.core import paths
from fazhi_desktop.core.identifiers import mask_id_card
from fazhi_desktop.qt.editor.context import ORANGE, RED

__all__ = ["office"]  # the fixture, shared with test_editor

ID_NUMBER = "11010519491231002X"


def tab(qtbot) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)


# -- conditions ------------------------------------------------------------------------------------------------


def test_court_fields_show_only_for_attending_a_trial(qtbot, office, dialogs):
    window = open_window(qtbot, office, "law_study", dialogs)
    editor = window.editor
    court_fields = ("court", "case_no", "cause_of_action")
    assert not any(shown(editor, name) for name in court_fields)
    choose(qtbot, editor.field_widget("activity_type").control, "旁听庭审")
    assert all(shown(editor, name) for name in court_fields)
    assert not shown(editor, "exam_method")
    choose(qtbot, editor.field_widget("activity_type").control, "学法用法考试")
    assert not any(shown(editor, name) for name in court_fields)
    assert shown(editor, "exam_method")


def test_a_hidden_required_field_does_not_block_saving(qtbot, office, dialogs):
    window = open_window(qtbot, office, "law_study", dialogs)
    editor = window.editor
    choose(qtbot, editor.field_widget("activity_type").control, "旁听庭审")
    typed(qtbot, editor, "topic", "旁听行政诉讼案件庭审")
    assert editor.save() is False
    assert editor.field_widget("court").error() == "必填"
    choose(qtbot, editor.field_widget("activity_type").control, "会前学法")
    assert editor.save() is True


def test_an_adjudication_case_offers_no_mediation_fields_unless_it_already_holds_one(qtbot, office, dialogs,
                                                                                     valid_record):
    """The printed 行政裁决案件记录 showed empty mediation rows the editor offered; now neither shows them, and a
    value saved before (调解日期 of an attempt at mediation) is still shown, printed and kept."""
    mediation = ("mediators", "mediated_on", "mediation_record", "result", "follow_ups")
    window = open_window(qtbot, office, "mediation_case", dialogs)
    editor = window.editor
    assert all(shown(editor, name) for name in mediation)
    choose(qtbot, editor.field_widget("case_category").control, "行政裁决")
    assert not any(shown(editor, name) for name in mediation)
    assert shown(editor, "adjudication_matter") and shown(editor, "investigation_record")
    choose(qtbot, editor.field_widget("case_category").control, "人民调解")
    assert all(shown(editor, name) for name in mediation)
    values = valid_record("mediation_case", case_category="行政裁决", adjudication_matter="土地权属",
                          mediated_on="2026-03-06")
    record = office.save("mediation_case", values, "杨芳")
    editor = open_window(qtbot, office, "mediation_case", dialogs, record).editor
    assert shown(editor, "mediated_on") and not shown(editor, "mediators")
    editor.field_widget("mediated_on").set_value(None)  # cleared: the row stays until the record is saved
    assert editor.is_dirty() and shown(editor, "mediated_on")


def test_an_organisation_party_shows_the_credit_code_instead_of_personal_fields(qtbot, office, dialogs):
    window = open_window(qtbot, office, "mediation_case", dialogs)
    editor = window.editor
    party = editor.group_widget("parties").row(0)
    assert not party.inputs["id_number"].isHidden()
    assert party.inputs["credit_code"].isHidden() and party.labels["credit_code"].isHidden()
    choose(qtbot, party.inputs["party_type"].control, "单位")
    assert not party.inputs["credit_code"].isHidden() and not party.labels["credit_code"].isHidden()
    assert party.inputs["id_number"].isHidden() and party.inputs["name"].isHidden()
    assert not party.inputs["phone"].isHidden(), "fields without a condition stay"


def test_a_wrong_credit_code_check_character_is_an_orange_warning_that_does_not_block(qtbot, office, dialogs):
    window = open_window(qtbot, office, "mediation_case", dialogs)
    editor = window.editor
    typed(qtbot, editor, "case_name", "合同纠纷")
    choose(qtbot, editor.field_widget("dispute_type").control, "合同纠纷")
    party = editor.group_widget("parties").row(0)
    choose(qtbot, party.inputs["role"].control, "申请人")
    choose(qtbot, party.inputs["party_type"].control, "单位")
    type_text(qtbot, party.inputs["org_name"].control, "某公司")
    code = party.inputs["credit_code"]
    type_text(qtbot, code.control, "91640522MA76XXXX1A")
    tab(qtbot)
    assert code.error() is None
    assert "校验位不符" in code.warning()
    assert ORANGE in code.message.styleSheet() and RED not in code.message.styleSheet()
    assert editor.save() is True
    assert "校验位不符" in editor.group_widget("parties").row(0).inputs["credit_code"].warning()


# -- masking ----------------------------------------------------------------------------------------------------


def test_an_id_number_is_masked_unless_it_is_being_edited(qtbot, office, dialogs):
    window = open_window(qtbot, office, "mediation_case", dialogs)
    editor = window.editor
    id_input = editor.group_widget("parties").row(0).inputs["id_number"]
    type_text(qtbot, id_input.control, ID_NUMBER)
    assert id_input.control.hasFocus()
    assert id_input.control.text() == ID_NUMBER
    assert id_input.error() is None

    tab(qtbot)
    assert id_input.control.text() == mask_id_card(ID_NUMBER) == "110105********002X"
    assert id_input.value() == ID_NUMBER

    id_input.control.setFocus()
    qtbot.waitUntil(id_input.control.hasFocus)
    assert id_input.control.text() == ID_NUMBER


def test_a_stored_birth_date_opens_masked_to_its_year_like_the_id_number_beside_it(qtbot, office, dialogs,
                                                                                 valid_record):
    party = {"role": "申请人", "party_type": "自然人", "name": "马文", "id_number": ID_NUMBER,
             "birth_date": "1949-12-31"}
    record = office.save("mediation_case", valid_record("mediation_case", parties=[party]), ACTOR)
    window = open_window(qtbot, office, "mediation_case", dialogs, record)
    row = window.editor.group_widget("parties").row(0).inputs
    assert row["id_number"].control.text() == "110105********002X"
    assert row["birth_date"].control.text() == "1949-**-**"
    assert row["birth_date"].value() == "1949-12-31" and not window.editor.is_dirty()


def test_a_refused_id_number_stays_readable_until_it_is_corrected(qtbot, office, dialogs):
    """A typo under a red 校验位不符 was masked as soon as the clerk left the field, so the typo could not be
    seen without clicking back in; it is shown as typed while it is wrong, and masked again once right."""
    window = open_window(qtbot, office, "mediation_case", dialogs)
    id_input = window.editor.group_widget("parties").row(0).inputs["id_number"]
    wrong = ID_NUMBER[:-1] + "3"
    type_text(qtbot, id_input.control, wrong)
    tab(qtbot)
    assert "校验位不符" in id_input.error() and id_input.control.text() == wrong
    id_input.control.setFocus()
    qtbot.waitUntil(id_input.control.hasFocus)
    id_input.control.selectAll()
    type_text(qtbot, id_input.control, ID_NUMBER)
    tab(qtbot)
    assert id_input.error() is None and id_input.control.text() == mask_id_card(ID_NUMBER)


def test_a_stored_number_todays_rules_refuse_stays_masked_until_asked_for(qtbot):
    """Marked wrong, a stored number an older version wrote was shown in full to a 所长 who merely opened the record,
    nothing noted. It stays masked under its red message: a 所长 sees it as any stored number, when she asks (a
    click, F2: noted); a 录入员 types it again from the paper, as any stored one."""
    from fazhi_desktop.qt.editor.masked_inputs import MaskedLineEdit

    stored = "640522197002300012"  # 2月30日: saved by an older version
    noted = []
    clerk = MaskedLineEdit(mask_id_card, may_reveal=False, on_reveal=lambda: False)
    head = MaskedLineEdit(mask_id_card, may_reveal=True, on_reveal=lambda: noted.append(True) or True)
    for edit in (clerk, head):
        qtbot.addWidget(edit)
        edit.set_raw(stored)
        edit.set_wrong(True)
        edit.show()
    assert (clerk.text(), head.text(), noted) == ("640522********0012", "640522********0012", [])
    qtbot.mouseClick(head, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(head.hasFocus)
    assert head.text() == stored and noted
    clerk.activateWindow()
    clerk.setFocus()
    qtbot.waitUntil(clerk.hasFocus)
    assert clerk.text() == "640522********0012"
    type_text(qtbot, clerk, "6")  # the first key replaces it
    assert clerk.raw == "6" and clerk.text() == "6"


def test_a_stored_phone_number_opens_masked(qtbot, office, dialogs):
    record = office.save("complaint", {"source": "来电", "respondent": "乡综合执法办", "matter": "态度问题",
                                       "contact": "13995012345", "complainant": "马某某"}, ACTOR)
    window = open_window(qtbot, office, "complaint", dialogs, record)
    editor = window.editor
    assert editor.field_widget("contact").control.text() == "139****2345"
    assert editor.field_widget("complainant").control.text() == "马**"
    assert not editor.is_dirty()


def test_pasted_line_breaks_and_tabs_become_spaces(qtbot, office, dialogs):
    """A title pasted with its line break and a tab was stored so and printed ☒ on the 纪要 and split on the 记录."""
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    paste(qtbot, editor.field_widget("title").control, "2026年第20次\r\n镇党委会议\t（扩大）")
    assert editor.field_widget("title").value() == "2026年第20次镇党委会议（扩大）"  # one title, as printed
    title = editor.field_widget("title").control  # Ctrl+Z takes the paste back (known gap: it emptied the history)
    qtbot.keyClick(title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert title.text() == ""
    window = open_window(qtbot, office, "mediation_case", dialogs)
    claims = window.editor.field_widget("claims")
    paste(qtbot, claims.control, "一、\t赔偿医疗费3000元\n二、\t赔礼道歉")
    assert claims.value() == "一、赔偿医疗费3000元\n二、赔礼道歉"  # the lines stay; 一、 carries its own space


def test_enter_walks_past_the_add_row_button_and_an_empty_attachment_list(qtbot, office, dialogs):
    """Walking a meeting with Enter stopped at every “＋ 添加一行” and at the empty 附件 list: Enter did nothing."""
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    group = editor.group_widget("agenda_items")
    rows = len(group.rows)
    group.add_button.setFocus()
    qtbot.waitUntil(group.add_button.hasFocus)
    qtbot.keyClick(group.add_button, Qt.Key.Key_Return)
    assert not group.add_button.hasFocus() and len(group.rows) == rows  # moved on, added nothing
    qtbot.keyClick(group.add_button, Qt.Key.Key_Space)  # Space still presses it
    assert len(group.rows) == rows + 1
    files = editor.field_widget("attachments")
    files.files.setFocus()
    qtbot.waitUntil(files.files.hasFocus)
    for _ in range(4):  # the list, 添加…, 打开, 移除
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert not files.isAncestorOf(QApplication.focusWidget())


def test_a_study_saved_while_the_meeting_is_open_is_offered_when_the_clerk_comes_back(qtbot, office, dialogs,
                                                                                      valid_record):
    """The 会前学法 list was read when the meeting opened: a study saved meanwhile in another window was missing."""
    window = open_window(qtbot, office, "meeting", dialogs)
    link = window.editor.field_widget("pre_meeting_study")
    study = office.save("law_study", valid_record("law_study"), ACTOR)  # in the other window
    link.records.setFocus()
    qtbot.waitUntil(link.records.hasFocus)
    assert link.records.findData(study.id) > 0


def test_the_links_year_box_clicked_into_goes_on_as_the_link_does(qtbot, office, dialogs, valid_record):
    """The year box is no stop of Tab or Enter (PageUp / PageDown in the list change the year), but a clerk who
    clicks it changes the year with the arrows, and Enter or Shift+Tab from it goes on as from the link."""
    office.save("law_study", valid_record("law_study", held_on="2025-12-30"), ACTOR)
    window = open_window(qtbot, office, "meeting", dialogs)
    link = window.editor.field_widget("pre_meeting_study")
    agenda = window.editor.group_widget("agenda_items").add_button
    assert not link.year.focusPolicy() & Qt.FocusPolicy.TabFocus
    qtbot.mouseClick(link.year, Qt.MouseButton.LeftButton)
    link.year.hidePopup()
    assert link.year.hasFocus()
    qtbot.keyClick(link.year, Qt.Key.Key_Down)
    assert link.year.currentData() == 2025
    qtbot.keyClick(link.year, Qt.Key.Key_Return)
    assert agenda.hasFocus()
    link.year.setFocus()
    qtbot.keyClick(link.year, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert link.records.hasFocus()
    # the list's tooltip says what the field is for (its help) and how to change the year: the help had replaced it
    assert link.records.toolTip() == ("会前组织学法的，选择对应的学法活动记录\n"
                                      "上下箭头选择；PageUp / PageDown 换成上一年 / 下一年的“学法活动”记录")


def test_a_december_meeting_entered_in_january_offers_that_decembers_studies(qtbot, store, clock, dialogs,
                                                                              valid_record):
    """On 3 January the 会前学法 list of a meeting held on 28 December listed the new year's studies (none): the
    clerk had to find the year box beside it to link December's."""
    december = store.save("law_study", valid_record("law_study", held_on="2026-12-28"), ACTOR)
    clock.set(datetime(2027, 1, 3, 1, 0, tzinfo=UTC))
    january = store.save("law_study", valid_record("law_study", held_on="2027-01-02"), ACTOR)
    window = open_window(qtbot, store, "meeting", dialogs)
    link = window.editor.field_widget("pre_meeting_study")
    assert link.year.currentData() == 2027 and link.records.findData(january.id) > 0  # today's date, today's year
    typed(qtbot, window.editor, "held_on", "2026-12-28")
    assert link.year.currentData() == 2026 and link.records.findData(december.id) > 0
    link.year.setCurrentIndex(link.year.findData(2027))  # the clerk's own choice stays while she types on
    fill_required_meeting(qtbot, window.editor, "2026年第12次常务会议")
    assert link.year.currentData() == 2027
    link.year.setCurrentIndex(link.year.findData(2026))
    link.records.setCurrentIndex(link.records.findData(december.id))
    typed(qtbot, window.editor, "held_on", "2027-01-02")  # a study linked stays linked, in its year
    assert link.value() == december.id and link.year.currentData() == 2026
    press_save(qtbot, window)
    saved = only_record(store, "meeting")
    reopened = open_window(qtbot, store, "meeting", dialogs, saved)
    assert reopened.editor.field_widget("pre_meeting_study").year.currentData() == 2026


def test_the_duration_is_offered_from_the_times_and_a_different_one_is_questioned(qtbot, office, dialogs):
    """时长 was neither filled from 8:30–9:00 nor questioned when 90 was typed: the same fact typed twice."""
    window = open_window(qtbot, office, "law_study", dialogs)
    editor = window.editor
    typed(qtbot, editor, "start_time", "8:30")
    typed(qtbot, editor, "end_time", "9:00")
    duration = editor.field_widget("duration_minutes")
    duration.control.setFocus()
    qtbot.waitUntil(duration.control.hasFocus)
    assert duration.value() == "30" and duration.control.selectedText() == "30"
    type_text(qtbot, duration.control, "90")  # replaces the offer
    typed(qtbot, editor, "topic", "学习宪法")
    choose(qtbot, editor.field_widget("activity_type").control, "会前学法")
    typed(qtbot, editor, "held_on", "2026-03-02")
    assert editor.save()
    assert "90 分钟与开始时间至结束时间的 30 分钟不符" in duration.warning()


# -- names --------------------------------------------------------------------------------------------------------


def test_pasted_names_become_chips_and_backspace_removes_the_last(qtbot, office, dialogs):
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    people = editor.field_widget("attendees")
    type_text(qtbot, people.control, "马明、李娟，田亮")
    assert people.names == ["马明", "李娟", "田亮"]
    assert people.control.text() == ""
    qtbot.keyClick(people.control, Qt.Key.Key_Backspace)
    assert people.names == ["马明", "李娟"]
    type_text(qtbot, people.control, "马明")
    qtbot.keyClick(people.control, Qt.Key.Key_Return)
    assert people.names == ["马明", "李娟"], "a name already listed is not added twice"


def test_a_wrong_name_in_the_middle_is_removed_with_the_arrows_and_delete(qtbot, office, dialogs):
    """Only the × (mouse) removed a name in the middle of 出席人员; Left and Delete did nothing."""
    window = open_window(qtbot, office, "meeting", dialogs)
    people = window.editor.field_widget("attendees")
    type_text(qtbot, people.control, "马明、错名、李娟、田亮")
    for _ in range(3):  # 田亮, 李娟, 错名
        qtbot.keyClick(people.control, Qt.Key.Key_Left)
    assert people.picked == 1
    qtbot.keyClick(people.control, Qt.Key.Key_Delete)
    assert people.names == ["马明", "李娟", "田亮"] and people.picked == 0  # the one to its left is picked next
    qtbot.keyClick(people.control, Qt.Key.Key_Right)
    qtbot.keyClick(people.control, Qt.Key.Key_Right)
    qtbot.keyClick(people.control, Qt.Key.Key_Right)  # past the last: typing again, nothing picked
    assert people.picked is None
    qtbot.keyClick(people.control, Qt.Key.Key_Backspace)
    assert people.names == ["马明", "李娟"]
    qtbot.keyClick(people.control, Qt.Key.Key_Left)
    type_text(qtbot, people.control, "王梅")  # through the input method: the pick is given up
    qtbot.keyClick(people.control, Qt.Key.Key_Return)
    qtbot.keyClick(people.control, Qt.Key.Key_Backspace)
    assert people.names == ["马明", "李娟"]  # 王梅 went, not the name picked before


def test_a_name_typed_but_not_yet_entered_is_still_saved(qtbot, office, dialogs):
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    fill_required_meeting(qtbot, editor, "党委会")
    people = editor.field_widget("attendees").control
    type_text(qtbot, people, "马明")
    qtbot.keyClick(people, Qt.Key.Key_Return)
    type_text(qtbot, people, "李娟")
    press_save(qtbot, window)
    assert only_record(office, "meeting")["attendees"] == ["马明", "李娟"]


def test_enter_in_an_empty_name_list_moves_to_the_next_field(qtbot, office, dialogs):
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    people = editor.field_widget("attendees").control
    type_text(qtbot, people, "马明")
    qtbot.keyClick(people, Qt.Key.Key_Return)
    qtbot.keyClick(people, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is editor.field_widget("observers").control


ABSENT_SAID = "“马志刚（请假）”：请假、缺席的人员不算出席人员，请填在“请假/缺席人员”中"


def test_a_pasted_list_with_an_absent_name_stays_in_the_entry_with_its_reason(qtbot, office, dialogs):
    """杨芳 pasted “田玉春、马志刚（请假）、李强” and pressed Enter: the chips said 田玉春 马志刚 李强 共 3 人, and it
    saved with 马志刚 present."""
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    fill_required_meeting(qtbot, editor, "第5次常务会议")
    attendees = editor.field_widget("attendees")
    paste(qtbot, attendees.control, "田玉春、马志刚（请假）、李强")
    assert attendees.names == [] and attendees.control.text() == "田玉春、马志刚（请假）、李强"
    assert attendees.error() == ABSENT_SAID and attendees.message.isVisible()  # at once, not at saving
    qtbot.keyClick(attendees.control, Qt.Key.Key_Return)
    assert attendees.names == [] and attendees.control.text() == "田玉春、马志刚（请假）、李强"
    assert attendees.count_label.text() == ""
    press_save(qtbot, window)
    assert office.count("meeting") == 0 and attendees.error() == ABSENT_SAID
    attendees.control.setFocus()
    attendees.control.selectAll()
    type_text(qtbot, attendees.control, "田玉春、李强")
    assert attendees.names == ["田玉春"] and attendees.error() is None  # corrected: the red goes
    absentees = editor.group_widget("absentees")
    add_row(qtbot, absentees)
    type_text(qtbot, absentees.row(0).inputs["name"].control, "马志刚")
    press_save(qtbot, window)
    saved = only_record(office, "meeting")
    assert saved["attendees"] == ["田玉春", "李强"] and saved["absentees"][0]["name"] == "马志刚"


def test_a_name_typed_with_its_leave_is_not_added_and_two_names_run_together_are_questioned(qtbot, office, dialogs):
    window = open_window(qtbot, office, "meeting", dialogs)
    attendees = window.editor.field_widget("attendees")
    type_text(qtbot, attendees.control, "马志刚（请假）")
    qtbot.keyClick(attendees.control, Qt.Key.Key_Return)
    assert attendees.names == [] and attendees.error() == ABSENT_SAID
    attendees.control.selectAll()
    type_text(qtbot, attendees.control, "马文和马斌")
    qtbot.keyClick(attendees.control, Qt.Key.Key_Return)
    assert attendees.names == ["马文和马斌"] and attendees.error() is None
    assert attendees.warning() == "“马文和马斌”是两个人吗？是否应为“马文、马斌”"


def test_the_roster_is_offered_with_titles_and_completes_to_the_name(qtbot, office, dialogs):
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    host = editor.field_widget("host").control
    completer = host.completer()
    model = completer.model()
    assert model.index(0, 0).data() == "马明（乡长）", "the role 主要负责同志 comes first"
    type_text(qtbot, host, "李")
    assert completer.completionCount() == 1
    assert completer.currentCompletion() == "李娟"


# -- dates ----------------------------------------------------------------------------------------------------------


def test_a_typed_chinese_date_is_shown_as_stored_when_leaving_the_field(qtbot, office, dialogs):
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    held_on = editor.field_widget("held_on")
    typed(qtbot, editor, "held_on", "2026年3月5日")
    tab(qtbot)
    assert held_on.control.text() == "2026-03-05"
    assert held_on.error() is None


def test_an_unreadable_date_is_reported_when_leaving_the_field_not_while_typing(qtbot, office, dialogs):
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    held_on = editor.field_widget("held_on")
    typed(qtbot, editor, "held_on", "3月5日")
    assert held_on.error() is None, "no red text while the clerk is still typing"
    tab(qtbot)
    assert "年" in held_on.error()
    assert held_on.message.isVisible()


def test_an_afternoon_hour_typed_without_xiawu_stays_as_typed_under_its_note(qtbot, office, dialogs):
    """开始时间 “3点半” and 结束时间 “5点” were stored 03:30 and 05:00 without a word; the 签到表 printed
    “03:30至05:00”."""
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    fill_required_meeting(qtbot, editor, "第5次常务会议")
    start, end = editor.field_widget("start_time"), editor.field_widget("end_time")
    typed(qtbot, editor, "start_time", "3点半")
    tab(qtbot)
    assert start.control.text() == "3点半", "left as typed: 03:30 would hide what the note is about"
    assert start.warning() == "“3点半”记为凌晨03:30；下午请写 15:30 或 下午3点半" and start.message.isVisible()
    typed(qtbot, editor, "end_time", "5点")
    tab(qtbot)
    press_save(qtbot, window)
    saved = only_record(office, "meeting")
    assert (saved["start_time"], saved["end_time"]) == ("03:30", "05:00")  # a note, not a refusal
    assert end.warning() == "“5点”记为凌晨05:00；下午请写 17:00 或 下午5点"
    typed(qtbot, editor, "start_time", "15:30")
    tab(qtbot)
    assert start.warning() is None and start.control.text() == "15:30"


def test_the_calendar_writes_the_chosen_date(qtbot, office, dialogs):
    window = open_window(qtbot, office, "enforcement_check", dialogs)
    editor = window.editor
    checked_on = editor.field_widget("checked_on")
    qtbot.keyClick(checked_on.control, Qt.Key.Key_F4)
    assert checked_on.popup.isVisible()
    checked_on.calendar.setSelectedDate(QDate(2026, 4, 30))
    qtbot.keyClick(checked_on.calendar.findChild(QTableView), Qt.Key.Key_Return)
    assert not checked_on.popup.isVisible()
    assert checked_on.value() == "2026-04-30"
    assert QApplication.focusWidget() is checked_on.control


# -- groups -----------------------------------------------------------------------------------------------------------


def test_the_office_head_typed_as_absent_while_attending_is_questioned_at_her_row(qtbot, office, dialogs):
    """李娟, the roster's 司法所所长, typed as 请假 with 列席情况 全程: saved without a word, and the indicator counted
    the meeting as 全程列席."""
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    fill_required_meeting(qtbot, editor, "第5次常务会议")  # 全程
    absentees = editor.group_widget("absentees")
    add_row(qtbot, absentees)
    type_text(qtbot, absentees.row(0).inputs["name"].control, "李娟")
    press_save(qtbot, window)
    assert only_record(office, "meeting")["absentees"][0]["name"] == "李娟"  # a note, not a refusal
    assert absentees.row(0).inputs["name"].warning() == "李娟是名册中的司法所所长，而司法所所长列席情况为“全程”，请核对"


def test_ctrl_enter_adds_a_row_and_removing_a_filled_row_asks_first(qtbot, office, dialogs):
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    agenda = editor.group_widget("agenda_items")
    add_row(qtbot, agenda)
    add_row(qtbot, agenda)
    assert [row.title.text() for row in agenda.rows] == ["议题 1", "议题 2"]
    type_text(qtbot, agenda.row(0).inputs["title"].control, "议题甲")

    remove = (Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(agenda.row(0).inputs["title"].control, *remove)
    assert len(agenda.rows) == 2, "the clerk said 取消"
    assert dialogs.shown[-1][0] == "confirm"
    dialogs.confirm_answers.append(True)
    qtbot.keyClick(agenda.row(0).inputs["title"].control, *remove)
    assert len(agenda.rows) == 1
    assert agenda.row(0).title.text() == "议题 1"
    shown = len(dialogs.shown)
    qtbot.keyClick(agenda.row(0).inputs["title"].control, *remove)
    assert agenda.rows == [] and len(dialogs.shown) == shown, "an untouched row goes without asking"


def test_review_fields_show_per_agenda_row(qtbot, office, dialogs):
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    agenda = editor.group_widget("agenda_items")
    add_row(qtbot, agenda)
    add_row(qtbot, agenda)
    choose(qtbot, agenda.row(1).inputs["needs_review"].control, "是")
    assert not agenda.row(1).inputs["review_status"].isHidden()
    assert agenda.row(0).inputs["review_status"].isHidden()


def test_a_problem_in_a_later_row_is_shown_on_that_row(qtbot, office, dialogs):
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    agenda = editor.group_widget("agenda_items")
    for _ in range(3):
        add_row(qtbot, agenda)
    type_text(qtbot, agenda.row(0).inputs["title"].control, "议题甲")
    type_text(qtbot, agenda.row(2).inputs["presenter"].control, "马明")
    assert editor.save() is False
    assert agenda.row(0).inputs["title"].error() is None
    assert agenda.row(1).inputs["title"].error() is None, "an untouched row is ignored, as core ignores empty rows"
    assert agenda.row(2).inputs["title"].error() == "必填"


# -- attachments ---------------------------------------------------------------------------------------------------


def test_attachments_are_added_opened_and_removed(qtbot, office, dialogs, tmp_path):
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    typed(qtbot, editor, "title", "党委会")
    choose(qtbot, editor.field_widget("meeting_type").control, "党委会")
    choose(qtbot, editor.field_widget("office_head_attendance").control, "全程")
    scan = tmp_path / "签到表.pdf"
    scan.write_bytes(b"%PDF-1.4 sign-in sheet")
    attachments = editor.field_widget("attachments")
    attachments.choose_files = lambda parent: [str(scan)]
    opened = []
    attachments.open_file = lambda path: opened.append(path) or True

    qtbot.mouseClick(attachments.add_button, Qt.MouseButton.LeftButton)
    assert attachments.files.count() == 1
    assert attachments.files.item(0).text().startswith("签到表.pdf")
    qtbot.mouseClick(attachments.open_button, Qt.MouseButton.LeftButton)
    # the viewer gets a copy under the file's own name: Windows picks the program by the extension, which the
    # stored file (named by its hash) has not
    assert opened and opened[0].name == "签到表.pdf" and opened[0].read_bytes() == scan.read_bytes()
    assert opened[0].is_relative_to(paths.opened_attachments_dir())
    press_save(qtbot, window)
    stored = only_record(office, "meeting")["attachments"]
    assert [a["name"] for a in stored] == ["签到表.pdf"]

    attachments.files.setCurrentRow(0)
    qtbot.mouseClick(attachments.remove_button, Qt.MouseButton.LeftButton)
    assert attachments.files.count() == 0
    press_save(qtbot, window)
    assert only_record(office, "meeting")["attachments"] is None


def test_a_missing_file_is_reported_not_raised(qtbot, office, dialogs, tmp_path):
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    attachments = editor.field_widget("attachments")
    attachments.choose_files = lambda parent: [str(tmp_path / "不存在.jpg")]
    attachments.add_files()
    assert attachments.files.count() == 0
    assert dialogs.shown[-1][:2] == ("error", "无法添加附件")


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="a file whose reading fails with EIO (Linux)")
def test_a_file_that_cannot_be_read_is_said_in_chinese(qtbot, office, dialogs):
    """A scan on a stick pulled out or with a bad sector: the box said 读取或复制“mem”失败：[Errno 5] Input/output
    error."""
    window = open_window(qtbot, office, "meeting", dialogs)
    attachments = window.editor.field_widget("attachments")
    attachments.choose_files = lambda parent: ["/proc/self/mem"]  # reading it fails as a failing medium does
    attachments.add_files()
    assert attachments.files.count() == 0
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("error", "无法添加附件")
    assert text == "无法读取文件 /proc/self/mem：读写出错（U盘可能被拔出）。请检查U盘或磁盘是否连接正常，然后再试。"


# -- keyboard ---------------------------------------------------------------------------------------------------------


def test_tab_follows_the_form_order(qtbot, office, dialogs):
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    order = ["title", "meeting_type", "record_form", "held_on", "start_time", "end_time", "location", "host"]
    assert QApplication.focusWidget() is editor.field_widget(order[0]).control
    for name in order[1:]:
        tab(qtbot)
        assert QApplication.focusWidget() is editor.field_widget(name).control, name


def test_tab_runs_through_group_rows_then_on_to_the_next_field(qtbot, office, dialogs):
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    absentees = editor.group_widget("absentees")
    add_row(qtbot, absentees)
    row = absentees.row(0)
    assert QApplication.focusWidget() is row.inputs["name"].control
    tab(qtbot)
    assert QApplication.focusWidget() is row.inputs["reason"].control
    tab(qtbot)
    assert QApplication.focusWidget() is absentees.add_button
    tab(qtbot)
    assert QApplication.focusWidget() is editor.field_widget("office_head_attendance").control


def enter(qtbot) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def test_enter_in_a_drop_down_keeps_the_choice_and_moves_to_the_next_field(qtbot, office, dialogs):
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    meeting_type = editor.field_widget("meeting_type").control
    choose(qtbot, meeting_type, "党委会")
    enter(qtbot)
    assert QApplication.focusWidget() is editor.field_widget("record_form").control
    assert editor.field_widget("meeting_type").value() == "党委会"
    enter(qtbot)
    assert QApplication.focusWidget() is editor.field_widget("held_on").control
    assert office.count("meeting") == 0, "Enter never saves"


def test_a_character_from_inside_a_choice_picks_the_one_choice_holding_it(qtbot, office, dialogs):
    """Typing 纪 in 文书形式 did nothing (Qt matches only the start of an item), so the meeting stayed a 会议记录 and
    printed as one; 不 never reached 审查情况's 已审查不合法. Text several choices hold, or none, changes nothing."""
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    form = editor.field_widget("record_form")
    type_text(qtbot, form.control, "纪")
    assert form.value() == "会议纪要"
    type_text(qtbot, form.control, "会")  # the start of both: the one shown stays
    type_text(qtbot, form.control, "议")  # inside both: nothing
    type_text(qtbot, form.control, "核")  # inside none: nothing
    assert form.value() == "会议纪要"
    meeting_type = editor.field_widget("meeting_type")
    type_text(qtbot, meeting_type.control, "常务")
    assert meeting_type.value() == "乡镇行政会议(政府常务会议)"


def test_enter_in_a_yes_no_field_moves_on_to_what_it_shows(qtbot, office, dialogs):
    window = open_window(qtbot, office, "mediation_case", dialogs)
    editor = window.editor
    choose(qtbot, editor.field_widget("rights_notified").control, "是")
    enter(qtbot)
    assert QApplication.focusWidget() is editor.field_widget("rights_notified_on").control


def test_enter_moves_through_the_drop_downs_of_a_party_row(qtbot, office, dialogs):
    window = open_window(qtbot, office, "mediation_case", dialogs)
    party = window.editor.group_widget("parties").row(0)
    choose(qtbot, party.inputs["role"].control, "被申请人")
    enter(qtbot)
    assert QApplication.focusWidget() is party.inputs["party_type"].control
    enter(qtbot)
    assert QApplication.focusWidget() is party.inputs["name"].control
    choose(qtbot, party.inputs["gender"].control, "女")
    enter(qtbot)
    assert QApplication.focusWidget() is party.inputs["ethnicity"].control
    assert party.values()["role"] == "被申请人" and party.values()["gender"] == "女"


def test_enter_in_an_open_drop_down_list_picks_the_item_and_the_next_enter_moves_on(qtbot, office, dialogs):
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    combo = editor.field_widget("meeting_type").control
    combo.setFocus()
    combo.showPopup()
    qtbot.waitUntil(combo.view().isVisible)
    wanted = combo.itemText(combo.currentIndex() + 2)
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Return):
        qtbot.keyClick(combo.view(), key)
    qtbot.waitUntil(lambda: not combo.view().isVisible())
    assert combo.currentText() == wanted
    assert QApplication.focusWidget() is combo, "picking an item stays in the field"
    enter(qtbot)
    assert QApplication.focusWidget() is editor.field_widget("record_form").control


@pytest.mark.parametrize("ledger", ["complaint", "mediation_case"])
def test_tab_goes_round_the_window_without_an_invisible_stop(qtbot, office, dialogs, ledger):
    """A mediation case (its first party's row made with the form) sent Tab from 备注 back into the form: the
    buttons below were never reached."""
    window = open_window(qtbot, office, ledger, dialogs)
    first = QApplication.focusWidget()
    visited = []
    for _ in range(200):
        tab(qtbot)
        if QApplication.focusWidget() is first:
            break
        visited.append(QApplication.focusWidget())
    assert QApplication.focusWidget() is first, "Tab comes back to the first field"
    assert window.close_button in visited
    assert window.editor.scroll not in visited and all(w.isVisible() for w in visited)


def open_as_clerk(qtbot, office, dialogs, ledger: str, values: dict, head: str | None = None):
    """The 录入员 马丽 opening a record of `ledger` saved with `values` (accounts admin, 马丽 and the 所长 `head`):
    (record, window)."""
    from fazhi_desktop.core import accounts

    record = office.save(ledger, values, ACTOR)
    office.user = accounts.add_account(office, "admin", None, "管理员", "mima-2026")
    accounts.add_account(office, "马丽", None, "录入员", "mima-2026")
    if head:
        accounts.add_account(office, head, None, "所长", "mima-2026")
    accounts.login(office, "马丽", "mima-2026")
    return record, open_window(qtbot, office, ledger, dialogs, record)


def clerk_on_stored_number(qtbot, office, dialogs, head: str | None = None):
    """The 录入员 马丽 in a mediation case whose party has a stored ID number, her cursor in it (accounts admin,
    马丽 and the 所长 `head`): (record, window, the number's control)."""
    record, window = open_as_clerk(qtbot, office, dialogs, "mediation_case", {
        "case_category": "人民调解", "case_name": "马某与李某宅基地纠纷", "accepted_on": "2026-03-05",
        "dispute_type": "房屋宅基地纠纷",
        "parties": [{"role": "申请人", "party_type": "自然人", "name": "马文", "id_number": ID_NUMBER}]}, head)
    control = window.editor.group_widget("parties").row(0).inputs["id_number"].control
    control.setFocus()
    qtbot.waitUntil(control.hasFocus)
    return record, window, control


def test_a_clerk_retypes_a_stored_id_number_she_may_not_see(qtbot, office, dialogs):
    """A 录入员 clicking into a party's stored number read it in full, which only a 所长 may (and then logged): it
    stays masked for her, and what she types replaces it."""
    from fazhi_desktop.core import accounts, reveals

    record, window, control = clerk_on_stored_number(qtbot, office, dialogs, head="杨芳")
    assert control.text() == "110105********002X"
    qtbot.keyClick(control, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)  # copying changes nothing
    assert control.text() == "110105********002X" and control.raw == ID_NUMBER
    other = "640522196103231939"
    type_text(qtbot, control, other)
    assert control.text() == other and window.editor.group_widget("parties").row(0).inputs["id_number"].value() == other
    window.editor.save()
    assert office.get(record.id)["parties"][0]["id_number"] == other
    window.close()

    accounts.login(office, "杨芳", "mima-2026")
    window = open_window(qtbot, office, "mediation_case", dialogs, office.get(record.id))
    control = window.editor.group_widget("parties").row(0).inputs["id_number"].control
    for _ in range(2):  # shown to the 所长 when she clicks into it, noted once for the window
        control.setFocus()
        qtbot.waitUntil(control.hasFocus)
        assert control.text() == other
        window.editor.field_widget("case_name").control.setFocus()
        qtbot.waitUntil(lambda: not control.hasFocus())
        assert control.text() == "640522********1939"
    accounts.login(office, "admin", "mima-2026")
    assert [(e["actor"], e["how"]) for e in reveals.reveal_log(office)] == [("杨芳", "编辑窗口中查看")]


def test_a_stored_number_emptied_by_a_backspace_comes_back_when_the_clerk_leaves_it(qtbot, office, dialogs):
    """One Backspace in a masked number emptied it and Ctrl+S saved the record without it: the clerk could not see
    what she lost. Left empty, the stored number stays; she deletes it on purpose from the field's menu."""
    record, window, control = clerk_on_stored_number(qtbot, office, dialogs)
    qtbot.keyClick(control, Qt.Key.Key_Backspace)
    assert control.text() == ""
    tab(qtbot)
    assert control.text() == "110105********002X" and control.raw == ID_NUMBER
    assert not window.editor.is_dirty()
    typed(qtbot, window.editor, "case_name", "马某与李某宅基地纠纷（补正）")
    assert window.editor.save()
    assert office.get(record.id)["parties"][0]["id_number"] == ID_NUMBER
    control.setFocus()
    qtbot.waitUntil(control.hasFocus)
    control._delete_stored()  # 删除已保存的号码, from the field's right-click menu
    tab(qtbot)
    assert control.text() == "" and window.editor.save()
    assert office.get(record.id)["parties"][0].get("id_number") in (None, "")


def test_ctrl_s_right_after_a_backspace_in_a_stored_number_keeps_the_number(qtbot, office, dialogs):
    """The number came back only when the clerk left the field: Ctrl+S at once saved the record without it."""
    record, window, control = clerk_on_stored_number(qtbot, office, dialogs)
    qtbot.keyClick(control, Qt.Key.Key_Backspace)
    typed_name = window.editor.field_widget("case_name")
    typed_name.control.setText("马某与李某宅基地纠纷（补正）")  # something else changed, so there is a save
    typed_name.edited()
    control.setFocus()
    qtbot.waitUntil(control.hasFocus)
    assert control.text() == ""
    assert window.editor.save()
    assert office.get(record.id)["parties"][0]["id_number"] == ID_NUMBER


def test_the_editor_does_not_tell_a_clerk_the_birth_date_a_masked_id_number_holds(qtbot, office, dialogs):
    """Saving birth dates typed under a masked number showed 出生日期与身份证号不符 for each wrong guess."""
    _record, window, _control = clerk_on_stored_number(qtbot, office, dialogs)
    birth = window.editor.group_widget("parties").row(0).inputs["birth_date"]

    def saved_with(guess: str) -> str | None:
        birth.control.setFocus()
        qtbot.waitUntil(birth.control.hasFocus)
        birth.control.selectAll()
        type_text(qtbot, birth.control, guess)
        tab(qtbot)
        window.editor.save()
        return birth.warning()

    assert saved_with("1949-06-01") is None and saved_with("1949-12-31") is None  # ID_NUMBER's: both read alike
    assert "出生日期与身份证号不符" in (saved_with("1961-12-31") or "")  # the year is shown with the mask


def test_a_number_typed_stays_readable_after_the_save(qtbot, office, dialogs):
    """After Ctrl+S the number she had just typed was masked, beside an orange 性别与身份证号不符 to check."""
    _record, window, control = clerk_on_stored_number(qtbot, office, dialogs)
    other = "640522196103231939"
    type_text(qtbot, control, other)
    assert window.editor.save()
    control.setFocus()
    qtbot.waitUntil(control.hasFocus)
    assert control.text() == other


def test_pasting_from_the_right_click_menu_into_an_emptied_number_pastes_only_what_was_copied(qtbot, office,
                                                                                             dialogs):
    """The menu took the focus, the stored number came back masked, and 粘贴 added to it: "6405**…1234" + the
    pasted number were saved."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QFocusEvent

    _record, _window, control = clerk_on_stored_number(qtbot, office, dialogs)
    qtbot.keyClick(control, Qt.Key.Key_Backspace)
    QApplication.sendEvent(control, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.PopupFocusReason))  # the menu
    other = "640522196103231939"
    QApplication.clipboard().setText(other)
    control.paste()  # 粘贴
    control.textEdited.emit(control.text())  # as the menu's paste reports it
    assert control.raw == other and control.text() == other


def test_a_number_the_clerk_typed_is_shown_in_full_when_she_comes_back_to_check_it(qtbot, office, dialogs):
    """A number typed in this window was masked and read-only when she came back to check it against the paper,
    and her Backspace emptied it: what she typed is hers to read and correct."""
    _record, _window, control = clerk_on_stored_number(qtbot, office, dialogs)
    other = "640522196103231939"
    type_text(qtbot, control, other)
    tab(qtbot)
    assert control.text() == "640522********1939"
    control.setFocus()
    qtbot.waitUntil(control.hasFocus)
    assert control.text() == other and not control.isReadOnly()
    control.end(False)
    qtbot.keyClick(control, Qt.Key.Key_Backspace)
    assert control.text() == other[:-1]


def test_a_long_agenda_title_is_shown_whole_beside_its_presenter(qtbot, office, dialogs):
    """A nineteen-character 议题 lost its first character in an input as narrow as 汇报人's."""
    title = "审议《海城镇农村人居环境整治实施方案》"
    record = office.save("meeting", {"title": "例会", "meeting_type": "党委会", "office_head_attendance": "全程",
                                     "agenda_items": [{"title": title, "presenter": "马志刚"}]}, ACTOR)
    window = open_window(qtbot, office, "meeting", dialogs, record)
    window.resize(900, 800)
    QApplication.processEvents()
    row = window.editor.group_widget("agenda_items").row(0)
    shown, presenter = row.inputs["title"].control, row.inputs["presenter"].control
    assert shown.width() > presenter.width()
    assert shown.width() >= shown.fontMetrics().horizontalAdvance(title)


def test_a_meeting_entered_twice_is_saved_with_an_orange_warning_naming_the_first(qtbot, office, dialogs):
    """The same meeting entered twice counted twice at the county; the warning names the first record, and the
    saved record is never its own twin (its window asked again after saving says nothing new)."""
    first = None
    for _ in range(2):
        window = open_window(qtbot, office, "meeting", dialogs)
        fill_required_meeting(qtbot, window.editor, "2026年第一次党委会")
        assert window.editor.save() is True
        first = first or window.editor.record
    title = window.editor.field_widget("title")
    assert f"与 {first.number} 的会议日期和会议名称/届次相同" in title.warning()
    assert [w.path for w in window.editor.stored_warnings()] == ["title"]
    office.delete(first.id, ACTOR)
    assert window.editor.stored_warnings() == []  # the twin gone, nothing left: not itself


def test_a_typed_id_number_fills_the_partys_empty_gender_and_birth_date(qtbot, office, dialogs):
    """The paper and the form have 性别 and 出生日期 before 身份证号: the clerk typed all three (the keyboard audit
    counted two extra fields and a date for every party). A valid number typed fills them while they are empty, or
    still hold what the number gave before a digit was corrected; never what she chose herself."""
    window = open_window(qtbot, office, "mediation_case", dialogs)
    row = window.editor.group_widget("parties").row(0).inputs
    type_text(qtbot, row["id_number"].control, ID_NUMBER[:-1])
    assert row["gender"].value() is None and row["birth_date"].value() in (None, "")  # not yet a whole number
    type_text(qtbot, row["id_number"].control, ID_NUMBER[-1])
    assert (row["gender"].value(), row["birth_date"].value()) == ("女", "1949-12-31")
    row["birth_date"].control.setFocus()
    qtbot.waitUntil(row["birth_date"].control.hasFocus)
    assert row["birth_date"].control.text() == "1949-12-31"  # hers: shown in full while edited, as the number is
    assert window.editor.is_dirty()
    corrected = "640522196103231939"  # another number typed over it: what it gave follows
    row["id_number"].control.setFocus()
    qtbot.waitUntil(row["id_number"].control.hasFocus)
    row["id_number"].control.selectAll()
    type_text(qtbot, row["id_number"].control, corrected)
    assert (row["gender"].value(), row["birth_date"].value()) == ("男", "1961-03-23")
    row["gender"].set_value("女")  # her own choice stays; the form's check will question it
    row["gender"].edited()
    row["id_number"].control.selectAll()
    type_text(qtbot, row["id_number"].control, ID_NUMBER)
    assert (row["gender"].value(), row["birth_date"].value()) == ("女", "1949-12-31")


def test_an_id_number_born_after_the_programs_today_fills_nothing(qtbot, office, dialogs):
    """The 身份证号 field said 出生日期晚于今天 by the program's clock, while the number still filled 性别 and 出生日期
    by the PC's own date: two clocks in one row (a PC whose date differs from the program's, as in a test)."""
    from fazhi_desktop.core.identifiers import id_card_check_char

    office.clock = lambda: datetime(2020, 6, 1, 2, tzinfo=UTC)  # the program's today: before the number's birth
    first17 = "64052220210101001"
    window = open_window(qtbot, office, "mediation_case", dialogs)
    row = window.editor.group_widget("parties").row(0).inputs
    type_text(qtbot, row["id_number"].control, first17 + id_card_check_char(first17))
    row["id_number"].check()  # as when she leaves the field
    assert "晚于" in row["id_number"].error()
    assert row["gender"].value() is None and row["birth_date"].value() in (None, "")


def test_a_stored_id_number_fills_nothing_when_the_record_is_opened(qtbot, office, dialogs, valid_record,
                                                                     monkeypatch):
    """Only a number typed in this window fills anything: opening a stored party without a birth date must not
    show it (a 录入员 sees the number masked) nor change the record (one an earlier version saved: saving now fills
    them, core/validate.py)."""
    from fazhi_desktop.core import validate

    party = {"role": "申请人", "party_type": "自然人", "name": "马文", "id_number": ID_NUMBER}
    with monkeypatch.context() as earlier:
        earlier.setattr(validate, "_fill_from_id", lambda *args: None)
        record = office.save("mediation_case", valid_record("mediation_case", parties=[party]), ACTOR)
    assert office.get(record.id)["parties"][0]["gender"] is None
    window = open_window(qtbot, office, "mediation_case", dialogs, record)
    row = window.editor.group_widget("parties").row(0).inputs
    assert row["gender"].value() is None and row["birth_date"].value() in (None, "")
    row["id_number"].control.setFocus()
    qtbot.waitUntil(row["id_number"].control.hasFocus)
    qtbot.keyClick(row["id_number"].control, Qt.Key.Key_Backspace)  # a 录入员 emptying it: still the stored one
    assert row["gender"].value() is None and row["birth_date"].value() in (None, "")


def test_the_ethnicity_box_offers_the_standard_name_and_warns_of_a_spoken_one(qtbot, office, dialogs):
    """民族 is typed freely, as “回”, “回民” or 回族: the box offers 回族 as the clerk types, and a name left as
    spoken is saved with an orange note naming the standard one (counts by 民族 need one spelling)."""
    window = open_window(qtbot, office, "mediation_case", dialogs)
    ethnicity = window.editor.group_widget("parties").row(0).inputs["ethnicity"]
    type_text(qtbot, ethnicity.control, "回")
    popup = ethnicity.control.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())] == ["回族"]
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert ethnicity.value() == "回族" and not ethnicity.message.isVisible()
    ethnicity.control.clear()
    type_text(qtbot, ethnicity.control, "回民")
    ethnicity.control.clearFocus()  # the check as the clerk leaves the box
    assert ethnicity.message.isVisible() and ethnicity.message.text() == "“回民”不是民族的规范写法，是否应为“回族”"
    assert ORANGE in ethnicity.message.styleSheet()


def test_a_leader_who_has_left_is_offered_for_a_date_he_was_in_post(qtbot, office, dialogs):
    """The half-year's 述法 entered after its leader left: the completer offered only people in use, so 马书记 could
    not be picked. Who was in post on the record's date is offered, and follows the date as it is typed."""
    from fazhi_desktop.core.people import add_person, set_active

    gone = add_person(office, "管理员", "马书记", title="党委书记", roles=["主要负责同志"], joined_on="2020-01-01")
    set_active(office, gone.id, False, "管理员", left_on="2025-03-15")
    window = open_window(qtbot, office, "law_study", dialogs)
    editor = window.editor
    choose(qtbot, editor.field_widget("activity_type").control, "领导干部述法")
    model = editor.field_widget("reporters").completer.model()

    def offered() -> list[str]:
        return [model.index(row, 0).data() for row in range(model.rowCount())]

    typed(qtbot, editor, "held_on", "2025-01-10")
    assert "马书记（党委书记，2025-03-15离任）" in offered()
    assert "马明（乡长）" in offered()  # and the people in use
    typed(qtbot, editor, "held_on", "2025-06-10")
    assert not any(text.startswith("马书记") for text in offered())


def test_a_number_field_shows_its_unit_after_the_input(qtbot, office, dialogs):
    """年龄 [ 55 ] 岁, 实到人数 [ 12 ] 人: the form's `unit`, as the value is printed; the input holds the number."""
    window = open_window(qtbot, office, "mediation_case", dialogs)
    age = window.editor.group_widget("parties").row(0).inputs["age"]
    type_text(qtbot, age.control, "55")
    assert age.unit_label.text() == "岁" and age.unit_label.isVisible() and age.value() == "55"
    assert age.unit_label.geometry().left() >= age.control.geometry().right()
