# ruff: noqa: F811  (the open_window fixture imported from test_review_gui)
"""年度封账 in the GUI: 编辑 → 年度封账… tells the 所长 what closing means and what is still open, closes the year
after asking, and an open editor of that year's records turns read-only with "2026年已封账" in its banner; the
year is reopened with a reason. A clerk finds the item off, with the reason."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
import review_steps
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel
from test_review_gui import as_user, open_window  # noqa: F401  (open_window is a fixture)

from fazhi_desktop.core import accounts, year_close
from fazhi_desktop.qt import year_close_view


@pytest.fixture
def december(store, staff, valid_record, clock):
    """Two meetings of December 2026 submitted for review, one of January 2027; the clock at 12 January 2027."""
    as_user(store, "马丽")
    records = [review_steps.submit(store, store.save("meeting", valid_record(
        "meeting", title=f"第{i}次乡镇政府常务会议", held_on=f"2026-12-{10 + i}"), "").id) for i in (1, 2)]
    clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    store.save("meeting", valid_record("meeting", title="新年第一次会议", held_on="2027-01-05"), "")
    accounts.logout(store)
    return records


def closed_by_the_head(store, december) -> None:
    """The 所长, logged in, locks December's meetings and closes 2026."""
    as_user(store, "杨芳")
    for record in december:
        review_steps.lock(store, record.id)
    year_close.close_year(store, 2026)


def year_close_action(window) -> QAction:
    edit = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("编辑"))
    return next(a for a in edit.actions() if a.text().startswith("年度封账"))


def open_dialog(window, qtbot):
    year_close_action(window).trigger()
    dialog = window.year_close_dialog
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_the_head_closes_last_year_and_its_open_editor_turns_read_only(qtbot, december, open_window, store, dialogs):
    window = open_window("杨芳")
    editor = window.open_record(store.get(december[0].id))
    qtbot.addWidget(editor)
    dialog = open_dialog(window, qtbot)
    assert dialog.year_combo.currentText() == "2026年"  # in January: the year just ended
    assert dialog.state_label.text() == "2026年未封账"
    assert dialog.list_label.text() == "封账时将锁定以下 2 条记录（均已提交、所长尚未审核）："
    assert [dialog.table.item(r, 1).text() for r in range(2)] == ["〔2026〕会记字第1号", "〔2026〕会记字第2号"]
    assert dialog.close_year_button.text() == "封账（锁定 2 条）" and dialog.close_year_button.isEnabled()
    assert not dialog.reopen_button.isEnabled()

    dialog.close_year_button.click()  # the question's safe answer (取消, Enter's too) closes nothing
    assert dialogs.confirm_defaults == [False] and not year_close.is_closed(store.conn, 2026)
    dialogs.confirm_answers.append(True)
    dialog.close_year_button.click()
    assert year_close.is_closed(store.conn, 2026)
    assert ("info", "年度封账", "已封账：2026年（锁定 2 条记录）") in dialogs.shown
    assert dialog.state_label.text() == "2026年已封账：2027-01-12 10:00（北京时间），杨芳"
    assert dialog.reopen_button.isEnabled()
    assert editor.review_bar.banner.text() == "2026年已封账，须由所长或管理员先重新打开2026年（编辑 → 年度封账…）"
    assert not editor.save_button.isEnabled()
    assert not editor.review_bar.buttons["reopen"].isEnabled()

    dialogs.text_answers.append("补录12月30日的党委会")
    dialog.reopen_button.click()
    assert not year_close.is_closed(store.conn, 2026)
    assert "重新打开（原因：补录12月30日的党委会）" in dialog.state_label.text()
    assert editor.review_bar.banner.text().splitlines()[0] == "已锁定，所长可重新打开"  # each reopened on its own
    assert editor.review_bar.buttons["reopen"].isEnabled()
    dialog.reject()


def test_a_year_without_records_says_so_and_closing_it_asks_first(qtbot, staff, open_window, store, valid_record,
                                                                  dialogs, clock):
    """A township that began with the program in 2026 opened the dialog on 2025 reading 2025年的记录都已锁定。, 封账
    the default button: closing it would keep the earlier months from ever being entered or imported."""
    as_user(store, "马丽")
    store.save("meeting", valid_record("meeting", held_on="2026-03-05"), "")
    clock.set(datetime(2026, 6, 1, 2, 0, tzinfo=UTC))
    dialog = open_dialog(open_window("杨芳"), qtbot)
    assert dialog.year_combo.currentText() == "2025年" and dialog.state_label.text() == "2025年未封账"
    assert dialog.list_label.text().startswith("2025年没有记录。封账后就不能再录入或从Excel导入2025年的记录")
    assert dialog.close_year_button.isEnabled() and not dialog.close_year_button.isDefault()  # Enter: not closed
    dialog.close_year_button.click()
    kind, _, text = dialogs.shown[-1]
    assert kind == "confirm" and text.startswith("2025年没有记录。") and dialogs.confirm_defaults == [False]
    assert not year_close.is_closed(store.conn, 2025)
    dialog.reject()


def test_on_a_pc_west_of_beijing_the_question_names_the_beijing_day_recorded(qtbot, staff, open_window, store,
                                                                           valid_record, dialogs, clock, monkeypatch):
    """00:30 on 1 January in Beijing, on a PC set to a Pacific zone (still 31 December there): the dialog offered
    only 2025, and its question named 2026-12-31 (the PC's date) while the closing is recorded as of 2027-01-01."""
    as_user(store, "马丽")
    review_steps.submit(store, store.save("meeting", valid_record("meeting", held_on="2026-12-10"), "").id)
    monkeypatch.setenv("TZ", "PST8")
    time.tzset()
    try:
        clock.set(datetime(2026, 12, 31, 16, 30, tzinfo=UTC))
        dialog = open_dialog(open_window("杨芳"), qtbot)
        assert dialog.year_combo.currentText() == "2026年" and dialog.close_year_button.isEnabled()
        dialogs.confirm_answers.append(True)
        dialog.close_year_button.click()
        question = next(text for kind, _, text in dialogs.shown if kind == "confirm")
        assert "今天是2027-01-01（北京时间），封账按这一天记入年度封账日志并报送县里" in question
        assert "这台电脑的日期是2026-12-31，与北京时间不是同一天" in question
        assert year_close.bag_value(store.conn) == "2026=close@2027-01-01"
        # then it said 2026年已封账（2026-12-31 08:30，杨芳）: closed, to read it, before the year ended
        assert dialog.state_label.text() == "2026年已封账：2027-01-01 00:30（北京时间），杨芳"
        dialog.reject()
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_dialog_opens_on_the_last_year_with_records_to_close(qtbot, staff, open_window, store, valid_record,
                                                                 clock):
    as_user(store, "马丽")
    review_steps.submit(store, store.save("meeting", valid_record("meeting", held_on="2025-11-05"), "").id)
    clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))  # nothing entered in 2026
    dialog = open_dialog(open_window("杨芳"), qtbot)
    assert [dialog.year_combo.itemText(i) for i in range(dialog.year_combo.count())] == ["2026年", "2025年"]
    assert dialog.year_combo.currentText() == "2025年"
    assert dialog.list_label.text() == "封账时将锁定以下 1 条记录（均已提交、所长尚未审核）："
    dialog.year_combo.setCurrentIndex(0)
    assert dialog.list_label.text().startswith("2026年没有记录。")
    dialog.reject()


def test_a_draft_of_the_year_keeps_the_close_button_off_and_is_shown_in_orange(qtbot, december, open_window, store,
                                                                             valid_record):
    as_user(store, "马丽")
    store.save("meeting", valid_record("meeting", title="还没填完的会议", held_on="2026-12-30"), "")
    window = open_window("杨芳")
    dialog = open_dialog(window, qtbot)
    reason = "2026年还有 1 条草稿记录：请录入员填完并提交审核（或删除）后再封账"
    assert not dialog.close_year_button.isEnabled() and dialog.close_year_button.toolTip() == reason
    assert dialog.list_label.text() == f"{reason}。橙色为草稿："
    drafts = [r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 4).text() == "草稿"]
    assert [dialog.table.item(r, 3).text() for r in drafts] == ["还没填完的会议"]
    assert dialog.table.item(drafts[0], 3).foreground().color().name() == "#b35c00"
    dialog.reject()


def test_a_new_record_dated_in_a_closed_year_is_refused_at_its_date(qtbot, december, open_window, store, valid_record):
    closed_by_the_head(store, december)
    window = open_window("杨芳")
    dialog = window.open_editor("meeting", None)
    qtbot.addWidget(dialog)
    editor = dialog.editor
    editor.field_widget("title").set_value("12月30日党委会")
    editor.field_widget("meeting_type").set_value("党委会")
    editor.field_widget("office_head_attendance").set_value("全程")
    editor.field_widget("held_on").set_value("2026-12-30")
    assert not editor.save()
    assert editor.field_widget("held_on").message.text().startswith("2026年已封账")


def test_a_clerk_finds_year_close_off_with_the_reason(qtbot, december, open_window):
    window = open_window("马丽")
    action = year_close_action(window)
    assert not action.isEnabled() and action.toolTip() == "年度封账须由所长或管理员操作"


def test_a_complaint_still_being_handled_is_listed_grey_and_left_open(qtbot, december, open_window, store,
                                                                      valid_record):
    as_user(store, "马丽")
    store.save("complaint", valid_record("complaint", matter="村道施工扬尘", accepted_on="2026-12-20",
                                          closed_on=None), "")
    window = open_window("杨芳")
    dialog = open_dialog(window, qtbot)
    assert dialog.close_year_button.isEnabled() and dialog.close_year_button.text() == "封账（锁定 2 条）"
    assert dialog.list_label.text() == ("封账时将锁定以下 2 条记录（均已提交、所长尚未审核）；"
                                        "办理中的 1 条不锁定（灰色），办结后仍可登记：")
    handled = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 3).text() == "村道施工扬尘")
    assert dialog.table.item(handled, 4).text() == "办理中"
    dialog.reject()


def test_a_new_record_of_the_year_typed_and_not_saved_keeps_the_close_button_off(qtbot, december, open_window,
                                                                                  store):
    """The check for unsaved editors looked only at the year's stored records: a new December meeting being typed
    let the year close, and its save was then refused."""
    window = open_window("杨芳")
    new = window.open_editor("meeting", None)
    qtbot.addWidget(new)
    new.editor.field_widget("title").set_value("12月30日党委会")
    new.editor.field_widget("held_on").set_value("2026-12-30")
    assert new.editor.is_dirty()
    dialog = open_dialog(window, qtbot)
    assert not dialog.close_year_button.isEnabled()
    assert dialog.close_year_button.toolTip() == year_close_view.UNSAVED
    assert dialog.list_label.text() == (f"{year_close_view.UNSAVED}。"  # not only in the tip
                                        "封账时将锁定以下 2 条记录（均已提交、所长尚未审核）：")
    dialog.reject()
    new.editor.field_widget("held_on").set_value("2027-01-05")  # of this year: no reason to wait for it
    dialog = open_dialog(window, qtbot)
    assert dialog.close_year_button.isEnabled()
    dialog.reject()
    new.editor._baseline = new.editor.collect()  # nothing to ask about when the test closes it


def test_a_matter_left_open_by_the_closing_opens_with_only_its_conclusion_writable(qtbot, december, open_window,
                                                                                     store, valid_record):
    """Its 受理日期 and 被投诉对象 could be changed after the closing, moving the closed year's figures; now they
    are read-only with the reason above the buttons, and a 办结日期 inside the closed year is refused at the field."""
    as_user(store, "马丽")
    pending = store.save("complaint", valid_record(  # the 投诉人 and phone masked to the clerk, kept as stored
        "complaint", matter="村道施工扬尘", accepted_on="2026-12-20", complainant="马某某", contact="13912345678"), "")
    closed_by_the_head(store, december)
    window = open_window("马丽")
    dialog = window.open_record(store.get(pending.id))
    qtbot.addWidget(dialog)
    editor = dialog.editor
    held = editor.held_reason()
    assert held == ("2026年已封账，本记录办理中：只能填写办理和办结情况（办结日期等），其他内容（标签为灰色）只读；"
                    "须由所长或管理员先重新打开2026年（编辑 → 年度封账…）才能修改")
    assert dialog.review_bar.banner.text() == held and dialog.save_button.isEnabled()
    for name in ("accepted_on", "respondent", "matter"):
        assert editor.field_widget(name).control.isReadOnly() and editor.field_widget(name).toolTip() == held
        assert not editor.labels[name].isEnabled()
    for name in ("closed_on", "reply", "remarks"):  # the 备注 too (督办 noted while it is handled): session 24
        assert not editor.field_widget(name).control.isReadOnly() and editor.labels[name].isEnabled()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert QApplication.focusWidget() is editor.field_widget("related_check").control  # the first it can fill
    editor.field_widget("closed_on").set_value("2026-12-30")
    assert not editor.save()
    said = editor.field_widget("closed_on").message.text()
    assert said.startswith("2026年已封账，办结计入办结的年度：须为2027-01-01或以后")
    editor.field_widget("closed_on").set_value("2027-01-10")
    editor.field_widget("reply").set_value("已电话答复投诉人")
    assert editor.save()
    assert store.get(pending.id).values["closed_on"] == "2027-01-10"
    assert editor.field_widget("accepted_on").control.isReadOnly()  # still a matter of 2026 after its conclusion


def test_after_a_reopening_with_only_matters_in_hand_left_it_locks_none_and_does_not_say_0(qtbot, december,
                                                                                           open_window, store,
                                                                                           valid_record):
    """Reopened, its records all locked and a complaint still being handled, the dialog said 封账时将锁定以下 0 条
    记录 above a list of the one it does not lock."""
    as_user(store, "马丽")
    store.save("complaint", valid_record("complaint", matter="村道施工扬尘", accepted_on="2026-12-20",
                                          closed_on=None), "")
    closed_by_the_head(store, december)
    year_close.reopen_year(store, 2026, "补录12月30日的党委会")
    window = open_window("杨芳")
    dialog = open_dialog(window, qtbot)
    assert dialog.year == 2026 and dialog.table.rowCount() == 1
    assert dialog.list_label.text() == "2026年的其他记录都已锁定；办理中的 1 条不锁定（灰色），办结后仍可登记："
    assert dialog.close_year_button.text() == "封账"
    dialog.reject()


def test_an_open_matters_groups_are_greyed_as_its_other_read_only_fields_are(qtbot, december, open_window, store,
                                                                              valid_record):
    """A case its year's closing left open greyed the labels of the fields it cannot change, but not those of its
    当事人 group, which looked editable though saving refused a change to them; a check still being rectified opens
    with its recheck (复查日期, 复查结果) writable and its 执法证核查 greyed."""
    as_user(store, "马丽")
    case = store.save("mediation_case", valid_record("mediation_case", accepted_on="2026-12-20"), "")
    check = store.save("enforcement_check", valid_record(
        "enforcement_check", checked_on="2026-12-18", rectify_by="2027-01-10", recheck_result="整改中",
        certificates=[{"name": "马明", "certificate_no": "64052201"}]), "")
    review_steps.submit(store, check.id)  # a draft check stops the closing, a draft case being handled does not
    closed_by_the_head(store, december)
    window = open_window("马丽")
    dialog = window.open_record(store.get(case.id))
    qtbot.addWidget(dialog)
    parties, follow_ups = dialog.editor.group_widget("parties"), dialog.editor.group_widget("follow_ups")
    row = parties.row(0)
    assert not parties.title.isEnabled() and not row.title.isEnabled()
    # a 法定代理人 known later, and his 身份证号 and 联系电话, may still be filled in (fill_only), as may a 单位's
    # 法定代表人职务 (hidden in this 自然人's row)
    fillable = {"guardian", "guardian_relation", "guardian_id_number", "guardian_phone", "representative_title"}
    assert not any(label.isEnabled() for name, label in row.labels.items() if name not in fillable)
    assert all(row.labels[name].isEnabled() and not row.inputs[name].control.isReadOnly() for name in fillable)
    assert row.inputs["name"].control.isReadOnly()
    assert follow_ups.title.isEnabled()  # its conclusion: 回访 can still be entered
    dialog = window.open_record(store.get(check.id))
    qtbot.addWidget(dialog)
    editor = dialog.editor
    assert editor.held_reason().startswith("2026年已封账，本记录办理中：只能填写办理和办结情况（复查日期等）")
    for name in ("checked_on", "supervised_unit", "rectify_by"):
        assert editor.field_widget(name).control.isReadOnly() and not editor.labels[name].isEnabled()
    for name in ("rechecked_on", "recheck_result", "attachments"):
        assert editor.labels[name].isEnabled()
    certificates = editor.group_widget("certificates")
    assert not certificates.title.isEnabled() and not certificates.row(0).labels["name"].isEnabled()


def test_a_given_notice_of_an_open_case_is_shown_read_only_one_not_given_is_writable(qtbot, december, open_window,
                                                                                     store, valid_record):
    """A case its year's closing left open with 是否告知权利义务 是 and its 告知日期 (the form's `fill_only`: given,
    the closed year counts it) opened with both writable, and changing them was refused only at 保存; they are now
    read-only with their labels grey. A case not yet told may still be: 是否告知权利义务 stays writable."""
    as_user(store, "马丽")
    told = store.save("mediation_case", valid_record("mediation_case", accepted_on="2026-12-20", rights_notified=True,
                                                     rights_notified_on="2026-12-21"), "")
    untold = store.save("mediation_case", valid_record("mediation_case", accepted_on="2026-12-22",
                                                       rights_notified=False), "")
    closed_by_the_head(store, december)
    window = open_window("马丽")
    editor = window.open_record(store.get(told.id)).editor
    qtbot.addWidget(editor.window())
    for name in ("rights_notified", "rights_notified_on"):
        assert editor.field_widget(name).read_only and not editor.labels[name].isEnabled()
    assert editor.field_widget("closed_on").read_only is False and editor.labels["closed_on"].isEnabled()
    editor = window.open_record(store.get(untold.id)).editor
    qtbot.addWidget(editor.window())
    assert editor.field_widget("rights_notified").read_only is False and editor.labels["rights_notified"].isEnabled()


def test_a_draft_check_still_being_rectified_is_counted_as_the_closing_will_and_named_among_the_open(
        qtbot, december, open_window, store, valid_record):
    """Two meetings and a draft check whose 整改 is pending: the button read 封账（锁定 3 条） while the draft
    blocked, then locked 2 once the check was submitted (it is left open); and the explanation named only 投诉举报、
    调解案件 as left open, though the grey 办理中 rows held 执监字 checks."""
    as_user(store, "马丽")
    check = store.save("enforcement_check", valid_record(
        "enforcement_check", checked_on="2026-12-18", rectify_by="2027-01-10", recheck_result="整改中"), "")
    window = open_window("杨芳")
    dialog = open_dialog(window, qtbot)
    said = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "还在办理的行政执法监督检查（已填整改期限、复查结果不为“已整改”）、投诉举报（未填办结日期）" in said, said
    assert not dialog.close_year_button.isEnabled() and dialog.close_year_button.text() == "封账（锁定 2 条）"
    dialog.reject()
    review_steps.submit(store, check.id)
    dialog = open_dialog(window, qtbot)
    assert dialog.close_year_button.isEnabled() and dialog.close_year_button.text() == "封账（锁定 2 条）"
    dialog.reject()


def test_the_list_counts_the_matters_left_open_as_the_button_does(qtbot, december, open_window, store, valid_record):
    """A draft check whose 整改 is pending and a submitted complaint being handled: the button read 封账（锁定 2 条）
    (the check left open once submitted) while the list said 办理中的 1 条（灰色）不锁定: the draft check was in
    neither count."""
    as_user(store, "马丽")
    store.save("enforcement_check", valid_record(
        "enforcement_check", checked_on="2026-12-18", rectify_by="2027-01-10", recheck_result="整改中"), "")
    review_steps.submit(store, store.save("complaint", valid_record("complaint", accepted_on="2026-12-20",
                                                                     due_on="2027-01-20"), "").id)
    window = open_window("杨芳")
    dialog = open_dialog(window, qtbot)
    text, button = dialog.list_label.text(), dialog.close_year_button.text()
    dialog.reject()
    assert button == "封账（锁定 2 条）"
    assert text.endswith("。橙色为草稿；办理中的 2 条不锁定（灰色 1 条；橙色草稿 1 条，提交后也不锁定），"
                         "办结后仍可登记："), text


def test_a_concluded_check_of_a_closed_year_is_not_asked_about_what_it_cannot_edit(qtbot, december, open_window,
                                                                                    store, valid_record):
    """A check rechecked after the closing opened with 此记录有 1 条提醒（橙色），请核对 about its read-only
    实际持证人数, which only a reopening could correct: it is said now as information; the status line asks nothing."""
    as_user(store, "马丽")
    check = store.save("enforcement_check", valid_record(
        "enforcement_check", checked_on="2026-12-18", staff_requiring_certificate=2, staff_certified=3,
        rectify_by="2027-01-10", recheck_result="整改中"), "")
    review_steps.submit(store, check.id)
    closed_by_the_head(store, december)
    store.save("enforcement_check", {"rechecked_on": "2027-01-12", "recheck_result": "已整改"}, "", record_id=check.id)
    editor = open_window("杨芳").open_record(store.get(check.id)).editor
    qtbot.addWidget(editor.window())
    assert editor.field_widget("staff_certified").warning() == (
        "实际持证人数大于应持证执法人员数（2026年已封账，更正须重新打开该年）")
    assert editor.status.text() == ("此记录有 1 条提醒（橙色），都在已封账、只读的内容上：仅供了解，"
                                    "更正须由所长或管理员重新打开该年")


def test_closing_says_how_many_records_it_locks_the_head_never_reviewed(qtbot, december, open_window, store, dialogs):
    """「尚未锁定的 2 条记录将一并锁定」: one of them still 已提交, which closing locked unseen with nothing said;
    Enter on the dialog started the closing."""
    as_user(store, "杨芳")
    review_steps.review(store, december[0].id)
    dialog = open_dialog(open_window("杨芳"), qtbot)
    assert dialog.list_label.text() == "封账时将锁定以下 2 条记录（其中 1 条已提交、所长尚未审核）："
    assert dialog.close_year_button.isEnabled() and not dialog.close_year_button.isDefault()
    dialog.close_year_button.click()
    assert "尚未锁定的 2 条记录将一并锁定，其中 1 条已提交、所长尚未审核。" in dialogs.shown[-1][2]
    assert dialogs.confirm_defaults == [False] and not year_close.is_closed(store.conn, 2026)  # Enter: 取消
    dialog.reject()


def test_a_year_left_reopened_is_said_in_the_status_bar_the_editor_and_the_reopenings_result(qtbot, december,
                                                                                             open_window, store,
                                                                                             dialogs):
    """Reopened, 2026 was said only in this dialog (the county flags it at once): nothing in the window or in a
    record's editor reminded anyone to close it again, and the reopening told no next step."""
    closed_by_the_head(store, december)
    window = open_window("杨芳")
    editor = window.open_record(store.get(december[0].id))
    qtbot.addWidget(editor)
    assert window.reopened_label.isHidden()
    dialog = open_dialog(window, qtbot)
    dialogs.text_answers.append("补录12月30日的党委会")
    dialog.reopen_button.click()
    assert dialogs.shown[-1] == ("info", "重新打开年度", year_close.reopened_next(2026))
    assert "该年的记录可以由所长逐条重新打开后修改" in dialogs.shown[-1][2]
    said = "2026年已重新打开（原因：补录12月30日的党委会），更正后请再次封账（编辑 → 年度封账…）"
    assert window.reopened_label.isVisibleTo(window)
    assert window.reopened_label.text() == "2026年已重新打开，更正后请再次封账（编辑 → 年度封账…）"
    assert window.reopened_label.toolTip() == said
    assert editor.review_bar.banner.text().splitlines()[-1] == said
    dialogs.confirm_answers.append(True)
    dialog.close_year_button.click()  # closed again: said no more
    assert year_close.is_closed(store.conn, 2026) and window.reopened_label.isHidden()
    assert said not in editor.review_bar.banner.text()
    dialog.reject()


def reopened_by_the_head(store, december) -> None:
    closed_by_the_head(store, december)
    year_close.reopen_year(store, 2026, "补录12月30日的党委会，并更正第2次常务会议的参会人员名单")
    accounts.logout(store)


@pytest.mark.parametrize("width", [1326, 1024])
def test_the_reopened_years_note_is_whole_in_large_text_the_counts_give_way(qtbot, december, open_window, store,
                                                                            width):
    """长者模式 on a 1366x768 laptop (the window 1326x668): the note read "2026年已重新打开（原因：补录12月30日的党委
    …），更正后请再次封账（编辑", cut mid-word without "…", the way to close the year lost. The instruction is said
    first and whole, the reason in its tooltip; in a narrower window the record counts beside it are cut instead."""
    reopened_by_the_head(store, december)
    window = open_window("杨芳")
    window.set_large_text(True)
    try:
        window.resize(width, 668)
        note = window.reopened_label
        whole = note.contentsMargins().left()  # the note as wide as its text in large text, and nothing over it

        def laid_out() -> bool:  # the bar laid out again in large text once the counts and the names gave way
            return (note.width() >= note.fontMetrics().horizontalAdvance(note.text()) + whole
                    and note.geometry().right() < window.counts_label.geometry().left())

        qtbot.waitUntil(laid_out, timeout=2000)
        assert note.text() == "2026年已重新打开，更正后请再次封账（编辑 → 年度封账…）"
        assert "原因：补录12月30日的党委会，并更正第2次常务会议的参会人员名单" in note.toolTip()
        assert window.counts_label.geometry().right() < window.user_label.geometry().left()
        assert "3 条记录" in window.counts_label.text() + window.counts_label.toolTip()
    finally:
        window.set_large_text(False)


def test_a_clerk_is_told_the_head_closes_the_reopened_year_again(qtbot, december, open_window, store):
    """The note told the 录入员 to close the year again (编辑 → 年度封账…), an item greyed for her."""
    reopened_by_the_head(store, december)
    window = open_window("马丽")
    assert window.reopened_label.text() == "2026年已重新打开，更正后请所长再次封账"
    editor = window.open_record(store.get(december[0].id))
    qtbot.addWidget(editor)
    assert editor.review_bar.banner.text().splitlines()[-1] == (
        "2026年已重新打开（原因：补录12月30日的党委会，并更正第2次常务会议的参会人员名单），更正后请所长再次封账")


def test_in_november_the_dialog_says_this_year_is_closed_once_over_and_how_to_lock_before(qtbot, december,
                                                                                          open_window, clock):
    """In November it listed only last year, nothing said of the year being entered."""
    clock.set(datetime(2026, 11, 28, 2, 0, tzinfo=UTC))
    dialog = open_dialog(open_window("杨芳"), qtbot)
    assert dialog.year_combo.currentText() == "2025年"
    assert dialog.this_year_label.isVisibleTo(dialog) and dialog.this_year_label.text() == (
        "2026年尚未结束，年度结束后才能封账；需要先固定已审核的记录的，可用批量锁定（编辑 → 批量锁定…）")
    dialog.reject()


def test_the_dialog_names_the_mediation_files_whose_keeping_period_ends_this_year(qtbot, staff, open_window, store,
                                                                                 valid_record):
    """Ten years on, 年度封账 (where the 所长 looks each January) said nothing of the cases kept 10年 that were due
    for appraisal: the program kept them, ID numbers and all, for good without a word."""
    as_user(store, "杨芳")
    store.save("mediation_case", valid_record(
        "mediation_case", accepted_on="2016-05-10", mediated_on="2016-05-10", result="调解成功",
        agreement_form="口头", agreement_content="双方和解", closed_on="2016-05-10", retention_period="10年"), "")
    dialog = open_dialog(open_window("杨芳"), qtbot)
    assert dialog.retention_label.isVisible()
    assert dialog.retention_label.text().startswith(
        "保管期限（从结案次年1月1日起算）：2016年结案、保管期限10年的调解案件 1 件，到2026年12月31日届满。"
        "本程序不删除记录")


def test_the_dialog_says_nothing_of_keeping_periods_while_none_ends(qtbot, december, open_window):
    dialog = open_dialog(open_window("杨芳"), qtbot)
    assert not dialog.retention_label.isVisible()
