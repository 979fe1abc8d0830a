"""The record editor as a clerk uses it: typing records of every ledger, saving, refusals, editing, closing.

Chinese is typed only through helpers.type_text (an input-method commit), choices are made with the arrow keys,
and Ctrl+S / Esc / Ctrl+Enter are pressed as keys.
"""

from __future__ import annotations

import pytest
import review_steps
from helpers import type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from fazhi_desktop.core.people import add_person
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import ListQuery
from fazhi_desktop.qt.dialogs import Answer
from fazhi_desktop.qt.editor import EditorWindow, RecordEditor

ACTOR = "李娟"
ROSTER = [
    ("马明", "乡长", ["主要负责同志"], None),
    ("李娟", "司法所所长", ["司法所所长", "调解员"], None),
    ("田亮", "综合执法队员", ["执法人员"], "64052200123"),
    ("马占福", "人民调解员", ["调解员"], None),
]
ATTENDEES = ["马明", "王强", "张丽", "田亮", "李娟", "马小军", "杨文", "海燕"]
AGENDA = [("研究法治政府建设工作要点", "李娟"), ("审议土地流转合同", "王强"), ("部署矛盾纠纷排查", "马明")]
BRIEF_MEETING = {"title": "例会", "meeting_type": "党委会", "office_head_attendance": "全程"}


@pytest.fixture
def office(tmp_path):
    """A township database with a small roster."""
    store = init_database(tmp_path / "t.db", "640522100")
    for name, title, roles, cert in ROSTER:
        add_person(store, "管理员", name, title=title, roles=roles, cert_no=cert)
    yield store
    store.close()


def open_window(qtbot, store, ledger: str, dialogs, record=None) -> EditorWindow:
    window = EditorWindow(store, store.ledgers[ledger], record, dialogs, ACTOR)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def typed(qtbot, editor: RecordEditor, name: str, text: str) -> None:
    """Click into a field, select what is there and type over it."""
    control = editor.field_widget(name).control
    control.setFocus()
    control.selectAll()
    type_text(qtbot, control, text)


def paste(qtbot, control: QWidget, text: str) -> None:
    """Ctrl+V of `text` into `control`, as a clerk pastes names copied from a 公文."""
    control.setFocus()
    QApplication.clipboard().setText(text)
    qtbot.keyClick(control, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def fill_required_meeting(qtbot, editor: RecordEditor, title: str) -> None:
    """A meeting's required fields, typed and chosen as a clerk does: title, 党委会, 全程."""
    typed(qtbot, editor, "title", title)
    choose(qtbot, editor.field_widget("meeting_type").control, "党委会")
    choose(qtbot, editor.field_widget("office_head_attendance").control, "全程")


def choose(qtbot, combo: QComboBox, text: str) -> None:
    """Pick an entry with the arrow keys, as a keyboard user does."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text, f"“{text}” is not offered"


def press_save(qtbot, window: QWidget) -> None:
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def add_row(qtbot, group) -> None:
    """Ctrl+Enter inside the group adds a row and puts the cursor in its first field."""
    target = QApplication.focusWidget()
    if target is None or not group.isAncestorOf(target):
        group.add_button.setFocus()
        target = group.add_button
    qtbot.keyClick(target, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def only_record(store, ledger: str):
    records = store.list(ListQuery(ledger))
    assert len(records) == 1
    return records[0]


# -- one record of every ledger, typed -------------------------------------------------------------------------


def test_a_meeting_with_eight_attendees_and_three_agenda_items(qtbot, office, dialogs):
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    typed(qtbot, editor, "title", "2026年第3次乡镇政府常务会议")
    choose(qtbot, editor.field_widget("meeting_type").control, "乡镇行政会议(政府常务会议)")
    typed(qtbot, editor, "held_on", "2026年3月5日")
    typed(qtbot, editor, "start_time", "9:00")
    typed(qtbot, editor, "end_time", "下午3点")
    typed(qtbot, editor, "location", "乡政府三楼会议室")
    typed(qtbot, editor, "host", "马明")
    typed(qtbot, editor, "recorder", "张丽")
    attendees = editor.field_widget("attendees").control
    for name in ATTENDEES:
        type_text(qtbot, attendees, name)
        qtbot.keyClick(attendees, Qt.Key.Key_Return)
    assert editor.field_widget("attendees").names == ATTENDEES
    assert attendees.text() == ""
    choose(qtbot, editor.field_widget("office_head_attendance").control, "全程")

    agenda = editor.group_widget("agenda_items")
    for title, presenter in AGENDA:
        add_row(qtbot, agenda)
        row = agenda.rows[-1]
        assert QApplication.focusWidget() is row.inputs["title"].control
        type_text(qtbot, row.inputs["title"].control, title)
        type_text(qtbot, row.inputs["presenter"].control, presenter)
    second = agenda.row(1)
    choose(qtbot, second.inputs["needs_review"].control, "是")
    choose(qtbot, second.inputs["review_status"].control, "已审查合法")
    press_save(qtbot, window)

    record = only_record(office, "meeting")
    assert record.number == "〔2026〕会记字第1号"
    assert record["title"] == "2026年第3次乡镇政府常务会议"
    assert record["held_on"] == "2026-03-05"
    assert (record["start_time"], record["end_time"]) == ("09:00", "15:00")
    assert record["attendees"] == ATTENDEES
    assert [item["title"] for item in record["agenda_items"]] == [title for title, _ in AGENDA]
    assert record["agenda_items"][1]["review_status"] == "已审查合法"
    assert record["agenda_items"][0]["review_status"] is None
    assert record["office_head_attendance"] == "全程"
    assert window.windowTitle() == "会议 — 〔2026〕会记字第1号"
    assert not editor.is_dirty()
    assert dialogs.shown == []


def test_a_law_study_session_with_pasted_participants(qtbot, office, dialogs):
    window = open_window(qtbot, office, "law_study", dialogs)
    editor = window.editor
    choose(qtbot, editor.field_widget("activity_type").control, "会前学法")
    typed(qtbot, editor, "topic", "学习《中华人民共和国行政处罚法》")
    typed(qtbot, editor, "held_on", "2026/3/2")
    typed(qtbot, editor, "duration_minutes", "30")
    typed(qtbot, editor, "speaker", "李娟")
    type_text(qtbot, editor.field_widget("participants").control, "马明、王强、张丽")
    absentees = editor.group_widget("absentees")
    add_row(qtbot, absentees)
    type_text(qtbot, absentees.row(0).inputs["name"].control, "周平")
    type_text(qtbot, absentees.row(0).inputs["reason"].control, "下村入户")
    press_save(qtbot, window)

    record = only_record(office, "law_study")
    assert record.number == "〔2026〕学法字第1号"
    assert record["held_on"] == "2026-03-02"
    assert record["duration_minutes"] == 30
    assert record["participants"] == ["马明", "王强", "张丽"]
    assert record["absentees"] == [{"name": "周平", "reason": "下村入户"}]
    assert record["court"] is None


def test_an_enforcement_check_with_a_certificate_row(qtbot, office, dialogs):
    window = open_window(qtbot, office, "enforcement_check", dialogs)
    editor = window.editor
    typed(qtbot, editor, "checked_on", "20260310")
    choose(qtbot, editor.field_widget("check_type").control, "专项检查")
    typed(qtbot, editor, "supervised_unit", "乡综合执法办")
    people = editor.field_widget("inspectors").control
    for name in ("李娟", "田亮"):
        type_text(qtbot, people, name)
        qtbot.keyClick(people, Qt.Key.Key_Return)
    typed(qtbot, editor, "staff_requiring_certificate", "5")
    typed(qtbot, editor, "staff_certified", "4")
    certificates = editor.group_widget("certificates")
    add_row(qtbot, certificates)
    row = certificates.row(0)
    type_text(qtbot, row.inputs["name"].control, "田亮")
    assert row.inputs["certificate_no"].value() == "64052200123"  # the roster's, filled in with the name
    type_text(qtbot, row.inputs["valid_until"].control, "2027年12月31日")
    choose(qtbot, editor.field_widget("disclosure_status").control, "落实")
    press_save(qtbot, window)

    record = only_record(office, "enforcement_check")
    assert record["checked_on"] == "2026-03-10"
    assert record["check_type"] == "专项检查"
    assert record["inspectors"] == ["李娟", "田亮"]
    assert (record["staff_requiring_certificate"], record["staff_certified"]) == (5, 4)
    assert record["certificates"] == [{"name": "田亮", "certificate_no": "64052200123", "valid_until": "2027-12-31"}]
    assert record["disclosure_status"] == "落实"


def test_a_complaint_linked_to_a_check(qtbot, office, dialogs):
    check = office.save("enforcement_check", {"checked_on": "2026-03-10", "supervised_unit": "乡综合执法办"}, ACTOR)
    window = open_window(qtbot, office, "complaint", dialogs)
    editor = window.editor
    typed(qtbot, editor, "accepted_on", "2026-03-08")
    choose(qtbot, editor.field_widget("source").control, "12345热线")
    typed(qtbot, editor, "complainant", "马某")
    typed(qtbot, editor, "contact", "139 9501 2345")
    typed(qtbot, editor, "respondent", "乡综合执法办")
    typed(qtbot, editor, "matter", "执法人员未出示执法证")
    link = editor.field_widget("related_check")
    choose(qtbot, link.control, link.control.itemText(1))
    assert check.number in link.control.currentText()
    typed(qtbot, editor, "closed_on", "2026.3.20")
    choose(qtbot, editor.field_widget("closed_in_time").control, "是")
    press_save(qtbot, window)

    record = only_record(office, "complaint")
    assert record["source"] == "12345热线"
    assert record["complainant"] == "马某"
    assert record["contact"] == "13995012345"
    assert record["related_check"] == check.id
    assert record["closed_on"] == "2026-03-20"
    assert record["closed_in_time"] is True


def test_a_mediation_case_with_a_person_and_an_organisation(qtbot, office, dialogs):
    window = open_window(qtbot, office, "mediation_case", dialogs)
    editor = window.editor
    typed(qtbot, editor, "case_name", "马某与某村股份经济合作社宅基地纠纷")
    typed(qtbot, editor, "accepted_on", "2026-03-06")
    choose(qtbot, editor.field_widget("dispute_type").control, "房屋宅基地纠纷")
    parties = editor.group_widget("parties")
    assert len(parties.rows) == 1, "a new case starts with the one party it needs"
    person = parties.row(0)
    choose(qtbot, person.inputs["role"].control, "申请人")
    type_text(qtbot, person.inputs["name"].control, "马某")
    choose(qtbot, person.inputs["gender"].control, "男")
    type_text(qtbot, person.inputs["ethnicity"].control, "回族")
    type_text(qtbot, person.inputs["id_number"].control, "11010519491231002x")
    type_text(qtbot, person.inputs["phone"].control, "13995012345")
    add_row(qtbot, parties)
    organisation = parties.row(1)
    choose(qtbot, organisation.inputs["role"].control, "被申请人")
    choose(qtbot, organisation.inputs["party_type"].control, "单位")
    type_text(qtbot, organisation.inputs["org_name"].control, "某村股份经济合作社")
    type_text(qtbot, organisation.inputs["legal_representative"].control, "李某")
    people = editor.field_widget("mediators").control
    type_text(qtbot, people, "李娟")
    qtbot.keyClick(people, Qt.Key.Key_Return)
    choose(qtbot, editor.field_widget("result").control, "调解成功")
    press_save(qtbot, window)

    record = only_record(office, "mediation_case")
    assert record.number == "〔2026〕人调字第1号"
    first, second = record["parties"]
    assert first["name"] == "马某" and first["party_type"] == "自然人"
    assert first["id_number"] == "11010519491231002X"
    assert first["phone"] == "13995012345"
    assert second["org_name"] == "某村股份经济合作社" and second["party_type"] == "单位"
    assert second["name"] is None
    assert record["mediators"] == ["李娟"]
    assert record["agreement_form"] == "书面"


# -- refusals ---------------------------------------------------------------------------------------------------


def test_a_missing_required_field_is_shown_next_to_it_and_nothing_is_saved(qtbot, office, dialogs):
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    choose(qtbot, editor.field_widget("meeting_type").control, "党委会")
    choose(qtbot, editor.field_widget("office_head_attendance").control, "部分")

    assert editor.save() is False
    title = editor.field_widget("title")
    assert title.error() == "必填"
    assert title.message.isVisible() and title.message.text() == "必填"
    assert QApplication.focusWidget() is title.control
    assert "会议名称/届次：必填" in editor.status.text()
    assert office.count("meeting") == 0
    assert dialogs.shown == [], "problems are shown at the fields, not in a message box"

    type_text(qtbot, title.control, "党委会第5次会议")
    assert title.error() is None, "a valid value clears the message as it is typed"
    assert editor.save() is True
    assert office.count("meeting") == 1


def test_a_wrong_id_check_digit_is_refused_at_the_party_row(qtbot, office, dialogs):
    window = open_window(qtbot, office, "mediation_case", dialogs)
    editor = window.editor
    typed(qtbot, editor, "case_name", "邻里纠纷")
    choose(qtbot, editor.field_widget("dispute_type").control, "邻里纠纷")
    party = editor.group_widget("parties").row(0)
    choose(qtbot, party.inputs["role"].control, "申请人")
    type_text(qtbot, party.inputs["name"].control, "马某")
    id_input = party.inputs["id_number"]
    type_text(qtbot, id_input.control, "110105194912310021")
    assert "校验位" in id_input.error(), "an ID number is checked while it is typed"

    press_save(qtbot, window)
    assert "校验位" in id_input.error()
    assert id_input.message.isVisible()
    assert office.count("mediation_case") == 0
    assert "当事人第1行·身份证号" in editor.status.text()


def test_enter_in_a_field_never_saves(qtbot, office, dialogs):
    window = open_window(qtbot, office, "meeting", dialogs)
    title = window.editor.field_widget("title").control
    type_text(qtbot, title, "会议")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert office.count("meeting") == 0
    assert QApplication.focusWidget() is window.editor.field_widget("meeting_type").control


def test_a_record_changed_elsewhere_is_refused_with_a_message(qtbot, office, dialogs):
    record = office.save("meeting", BRIEF_MEETING, ACTOR)
    first = open_window(qtbot, office, "meeting", dialogs, record)
    typed(qtbot, first.editor, "location", "会议室")
    assert first.editor.save()
    second = RecordEditor(office, office.ledgers["meeting"], record, dialogs, ACTOR)
    qtbot.addWidget(second)
    second.field_widget("location").set_value("党委会议室")
    assert second.save() is False
    assert dialogs.shown[-1][0] == "error" and "已被他人修改" in dialogs.shown[-1][2]
    assert office.get(record.id)["location"] == "会议室"


def test_a_record_locked_elsewhere_keeps_the_clerks_text_read_only_and_says_how_to_go_on(qtbot, office, dialogs):
    """The 所长 locks the record from the list while the clerk is editing it: saving is refused, the typed text stays
    on screen (to copy) but nothing more can be typed in vain, and closing asks only whether to give it up."""

    record = office.save("meeting", BRIEF_MEETING, ACTOR)
    window = open_window(qtbot, office, "meeting", dialogs, record)
    typed(qtbot, window.editor, "location", "党委会议室")
    review_steps.submit(office, record.id, "所长")
    review_steps.lock(office, record.id, "所长")
    assert window.save() is False
    location = window.editor.field_widget("location")
    assert location.value() == "党委会议室" and location.read_only
    assert "关闭后重新打开" in window.editor.status.text() and "已锁定" not in window.editor.status.text()  # once
    assert "已不是现在保存的" in window.editor.header.text()
    assert not window.save_button.isEnabled() and not window.save_new_button.isEnabled()
    assert not window.key_hint.isVisible()  # Ctrl+S 保存 … promised keys that do nothing here
    assert window.review_bar.banner.isVisible() and "已锁定" in window.review_bar.banner.text()
    assert not any(b.isEnabled() for b in window.review_bar.buttons.values() if not b.isHidden())
    window.close()
    assert window.isVisible()  # the default answer keeps the window and the text
    assert dialogs.shown[-1][0] == "confirm" and "无法保存" in dialogs.shown[-1][2]
    assert dialogs.confirm_defaults == [False]  # and so does the box's Enter
    dialogs.confirm_answers.append(True)
    window.close()
    assert not window.isVisible()
    assert office.get(record.id).status == "locked" and office.get(record.id).values["location"] is None


def test_a_refusal_of_a_current_record_leaves_it_editable(qtbot, office, dialogs, monkeypatch):
    """A refusal that is not about the record having moved on (the disk, a right) keeps the editor open to correct
    and save again."""
    from fazhi_desktop.core.errors import PermissionDenied

    record = office.save("meeting", BRIEF_MEETING, ACTOR)
    window = open_window(qtbot, office, "meeting", dialogs, record)
    typed(qtbot, window.editor, "location", "会议室")
    with monkeypatch.context() as patch:
        patch.setattr(office, "save", lambda *a, **k: (_ for _ in ()).throw(PermissionDenied("需要重新登录")))
        assert window.save() is False
    assert not window.editor.is_outdated and not window.editor.field_widget("location").read_only
    assert window.save_button.isEnabled() and window.save() is True
    # the disk that refused the save refuses the look at the stored record too: no traceback, still editable
    import sqlite3

    from fazhi_desktop.core.failures import ReadOnlyStorage

    typed(qtbot, window.editor, "location", "三楼会议室")
    with monkeypatch.context() as patch:
        patch.setattr(office, "save", lambda *a, **k: (_ for _ in ()).throw(ReadOnlyStorage("保存失败：U盘只读")))
        patch.setattr(office, "get", lambda *a, **k: (_ for _ in ()).throw(sqlite3.OperationalError("disk I/O")))
        assert window.save() is False
    assert not window.editor.is_outdated and "U盘只读" in window.editor.status.text()


# -- editing and closing -------------------------------------------------------------------------------------------


def test_editing_a_record_saves_revision_two(qtbot, office, dialogs):
    record = office.save("meeting", {**BRIEF_MEETING, "attendees": ["马明", "李娟"]}, ACTOR)
    window = open_window(qtbot, office, "meeting", dialogs, record)
    editor = window.editor
    assert window.windowTitle() == f"会议 — {record.number}"
    assert editor.field_widget("attendees").names == ["马明", "李娟"]
    assert not editor.is_dirty()
    typed(qtbot, editor, "location", "乡政府三楼会议室")
    assert editor.is_dirty()
    saved = []
    window.saved.connect(saved.append)
    press_save(qtbot, window)

    stored = office.get(record.id)
    assert stored.revision == 2
    assert stored["location"] == "乡政府三楼会议室"
    assert stored["attendees"] == ["马明", "李娟"]
    assert [r.revision for r in saved] == [2]
    assert "第 2 版" in editor.header.text()


def test_correcting_the_year_renumbers_the_record_and_says_so(qtbot, office, dialogs):
    record = office.save("meeting", {**BRIEF_MEETING, "held_on": "2025-11-20"}, ACTOR)
    assert record.number == "〔2025〕会记字第1号"
    window = open_window(qtbot, office, "meeting", dialogs, record)
    typed(qtbot, window.editor, "held_on", "2026-11-20")
    press_save(qtbot, window)
    assert office.get(record.id).number == "〔2026〕会记字第1号"
    status = window.editor.status.text()
    assert "编号已改为 〔2026〕会记字第1号（原为 〔2025〕会记字第1号，原编号已收回）" in status, status
    assert window.windowTitle() == "会议 — 〔2026〕会记字第1号"
    assert "〔2026〕会记字第1号" in window.editor.header.text()


def test_ctrl_s_with_the_name_list_open_closes_it_and_questions_a_one_character_name(qtbot, office, dialogs):
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    fill_required_meeting(qtbot, editor, "例会")
    host = editor.field_widget("host").control
    host.setFocus()
    type_text(qtbot, host, "马")
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)  # 马明（乡长）, 马占福（人民调解员）
    window.save()
    assert QApplication.activePopupWidget() is None
    record = only_record(office, "meeting")
    assert record["host"] == "马"
    assert editor.field_widget("host").warning() == "“马”只有一个字，请填写全名"


def test_spaced_characters_of_roster_names_become_those_people(qtbot, office, dialogs):
    """“马　明　李　娟” (two padded names with one space between) is 马明 and 李娟 of the roster, not one person."""
    window = open_window(qtbot, office, "meeting", dialogs)
    attendees = window.editor.field_widget("attendees")
    paste(qtbot, attendees.control, "马　明　李　娟")
    assert attendees.names == ["马明", "李娟"]


def test_names_pasted_from_a_document_become_one_chip_each(qtbot, office, dialogs):
    window = open_window(qtbot, office, "meeting", dialogs)
    attendees = window.editor.field_widget("attendees")
    paste(qtbot, attendees.control, "王　梅、李强　苏燕　禹成、田 玉 春")
    assert attendees.names == ["王梅", "李强", "苏燕", "禹成", "田玉春"]
    assert attendees.count_label.text() == "共 5 人"


def test_closing_with_unsaved_changes_and_cancel_keeps_the_window(qtbot, office, dialogs):
    window = open_window(qtbot, office, "meeting", dialogs)
    typed(qtbot, window.editor, "title", "党委会")
    dialogs.save_answers.append(Answer.CANCEL)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert window.isVisible()
    assert dialogs.shown[-1][:2] == ("save_discard_cancel", "未保存的修改")
    assert window.editor.field_widget("title").value() == "党委会"


def test_closing_with_discard_closes_without_saving(qtbot, office, dialogs):
    window = open_window(qtbot, office, "meeting", dialogs)
    typed(qtbot, window.editor, "title", "党委会")
    dialogs.save_answers.append(Answer.DISCARD)
    assert window.close() is True
    assert not window.isVisible()
    assert office.count("meeting") == 0


def test_closing_with_save_saves_and_closes(qtbot, office, dialogs):
    window = open_window(qtbot, office, "meeting", dialogs)
    editor = window.editor
    typed(qtbot, editor, "title", "党委会")
    choose(qtbot, editor.field_widget("meeting_type").control, "党委会")
    choose(qtbot, editor.field_widget("office_head_attendance").control, "全程")
    dialogs.save_answers.append(Answer.SAVE)
    window.close()
    assert not window.isVisible()
    assert only_record(office, "meeting")["title"] == "党委会"


def test_closing_with_save_stays_open_when_the_record_is_refused(qtbot, office, dialogs):
    window = open_window(qtbot, office, "meeting", dialogs)
    typed(qtbot, window.editor, "location", "会议室")
    dialogs.save_answers.append(Answer.SAVE)
    window.close()
    assert window.isVisible()
    assert window.editor.field_widget("title").error() == "必填"
    assert office.count("meeting") == 0


def test_closing_without_changes_asks_nothing(qtbot, office, dialogs):
    window = open_window(qtbot, office, "mediation_case", dialogs)
    window.close()
    assert not window.isVisible()
    assert dialogs.shown == []


def test_a_deleted_record_opens_read_only(qtbot, office, dialogs):
    record = office.save("meeting", BRIEF_MEETING, ACTOR)
    deleted = office.delete(record.id, ACTOR)
    window = open_window(qtbot, office, "meeting", dialogs, deleted)
    assert window.editor.field_widget("title").control.isReadOnly()
    assert not window.save_button.isEnabled()
    assert "已删除" in window.editor.header.text()


def test_the_key_hint_wraps_between_its_items_only(qtbot, office, dialogs):
    """"F4 打开日" / "历": the hint broke inside an item in 长者模式."""
    from fazhi_desktop.qt.editor.dialog import KEY_HINT

    window = open_window(qtbot, office, "meeting", dialogs)
    window.resize(1400, window.height())  # room for the whole hint on two lines (test_editor_footer_scaled.py)
    QApplication.processEvents()
    shown = window.key_hint.text()
    assert shown.replace("\u2060", "").replace("\u00a0", " ") == KEY_HINT
    for item in shown.split(" · "):
        assert " " not in item and "\u2060" in item  # no break opportunity inside an item
    assert window.key_hint.isVisible()


def test_a_field_with_two_warnings_shows_both(qtbot, office, dialogs):
    """Domain fields: a 会前学法 of another type and day has two things wrong; a field shows one message, and the
    second used to replace the first (so did a 结案日期 before both 受理日期 and 调解日期)."""
    seminar = office.save("law_study", {"activity_type": "法治研讨", "topic": "执法研讨", "held_on": "2026-02-10"},
                          ACTOR)
    meeting = office.save("meeting", {**BRIEF_MEETING, "held_on": "2026-03-05", "pre_meeting_study": seminar.id},
                          ACTOR)
    window = open_window(qtbot, office, "meeting", dialogs, office.get(meeting.id))
    shown = window.editor.field_widget("pre_meeting_study").warning()
    assert shown == (f"所链接的 {seminar.number} 为“法治研讨”，不是“会前学法”，请核对；"
                     f"所链接的 {seminar.number} 日期为 2026-02-10，与会议日期不同，请核对")
    window.close()
