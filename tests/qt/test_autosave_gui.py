"""A power cut while typing: the editor's unsaved values are kept on disk (every 30 seconds, and as a field is left),
and the next start, as the same account, offers 恢复未保存的内容; 恢复 puts them back in an editor, 放弃 forgets them,
saving forgets them, another account never sees them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from helpers import press, type_text, typed_new_record

from fazhi_desktop.core import accounts, autosave
from fazhi_desktop.qt import autosave_offer
from fazhi_desktop.qt.dialogs import Answer
from fazhi_desktop.qt.main_window import create_main_window

STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)
CASE = "马某某与李某某宅基地纠纷"
ID_NUMBER = "640522196103231939"


def start(qtbot, store, dialogs, ui_settings, who: str):
    """The program started again: `who` logs in, the main window opens and offers what was left unsaved."""
    window = create_main_window(store, dialogs, ui_settings, accounts.login(store, who, STAFF_PASSWORD))
    window.show()  # not given to qtbot, which closes its windows: `power_cut` deletes some (conftest the rest)
    qtbot.waitExposed(window)
    return window, autosave_offer.offer(window)


def power_cut(window) -> None:
    """The windows gone without being closed: no question asked, nothing saved, nothing removed."""
    shiboken6.delete(window)
    QApplication.processEvents()


@pytest.fixture
def typed(qtbot, store, staff, dialogs, ui_settings):
    """马丽 typed a new mediation case (its name, a party's ID number), the autosave timer fired, and the power
    went."""
    window, offered = start(qtbot, store, dialogs, ui_settings, "马丽")
    assert offered is None  # nothing left from before
    editor = typed_new_record(qtbot, window, "mediation_case", "case_name", CASE)
    type_text(qtbot, editor.editor.group_widget("parties").rows[0].inputs["id_number"].control, ID_NUMBER)
    editor.autosaver.keep()  # the 30-second timer's slot
    power_cut(window)
    return store


def test_what_was_typed_before_a_power_cut_is_offered_and_restored_at_the_next_start(qtbot, typed, dialogs,
                                                                                   ui_settings):
    window, offered = start(qtbot, typed, dialogs, ui_settings, "马丽")
    assert offered is not None and offered.isVisible() and offered.windowTitle() == "恢复未保存的内容"
    (label, restore, _drop), = offered.rows.values()
    assert label.text().startswith(f"调解案件　新记录“{CASE}”\n最后自动保存：2026年")
    restore.click()
    editor = window.editors[next(iter(window.editors))]
    assert editor.editor.inputs["case_name"].value() == CASE and editor.editor.is_dirty()
    id_input = editor.editor.group_widget("parties").rows[0].inputs["id_number"].control
    assert id_input.value() == ID_NUMBER and id_input.typed  # her own typing: a 录入员 reads it, as before the cut
    assert editor.editor.status.text().startswith("已恢复未保存的内容（自动保存于 2026年")
    assert not offered.isVisible()
    # restored and saved: the draft goes, and nothing is offered again
    editor.editor.inputs["dispute_type"].set_value("房屋宅基地纠纷")
    editor.editor.inputs["accepted_on"].set_value("2026-03-05")
    party = editor.editor.group_widget("parties").rows[0].inputs
    party["role"].set_value("申请人")
    party["name"].set_value("马某某")
    assert editor.save(), editor.editor.status.text()
    assert autosave.listed(typed.path, "马丽") == []
    assert typed.conn.execute("SELECT case_name FROM mediation_case").fetchall() == [(CASE,)]


def test_giving_it_up_removes_it(qtbot, typed, dialogs, ui_settings):
    window, offered = start(qtbot, typed, dialogs, ui_settings, "马丽")
    (_label, _restore, drop), = offered.rows.values()
    drop.click()
    assert autosave.listed(typed.path, "马丽") == [] and not offered.isVisible() and window.editors == {}
    power_cut(window)
    assert start(qtbot, typed, dialogs, ui_settings, "马丽")[1] is None


def test_later_keeps_it_for_the_next_login(qtbot, typed, dialogs, ui_settings):
    window, offered = start(qtbot, typed, dialogs, ui_settings, "马丽")
    offered.later.click()
    power_cut(window)
    assert start(qtbot, typed, dialogs, ui_settings, "马丽")[1] is not None


def test_another_account_is_not_offered_it(qtbot, typed, dialogs, ui_settings):
    window, offered = start(qtbot, typed, dialogs, ui_settings, "杨芳")
    assert offered is None and not list(autosave.folder(typed.path).glob(f"*/*{CASE}*"))
    power_cut(window)
    assert start(qtbot, typed, dialogs, ui_settings, "马丽")[1] is not None  # still hers


def test_closing_with_不保存_or_after_saving_leaves_nothing(qtbot, store, staff, dialogs, ui_settings):
    window, _ = start(qtbot, store, dialogs, ui_settings, "马丽")
    editor = typed_new_record(qtbot, window, "mediation_case", "case_name", CASE)
    editor.autosaver.keep()
    assert len(autosave.listed(store.path, "马丽")) == 1
    dialogs.save_answers.append(Answer.DISCARD)
    assert editor.close() and autosave.listed(store.path, "马丽") == []
    editor = typed_new_record(qtbot, window, "meeting", "title", "2026年第3次乡镇政府常务会议")
    for name, value in (("meeting_type", "党委会"), ("held_on", "2026-03-05"), ("office_head_attendance", "全程")):
        editor.editor.inputs[name].set_value(value)
    editor.autosaver.keep()
    assert editor.save() and autosave.listed(store.path, "马丽") == []
    editor.editor.inputs["title"].set_value("2026年第4次乡镇政府常务会议")  # a saved record changed again
    editor.autosaver.keep()
    (draft,) = autosave.listed(store.path, "马丽")
    assert draft.record_id == editor.editor.record.id and draft.revision == 1


def test_a_record_changed_since_is_said_and_she_chooses(qtbot, store, staff, dialogs, ui_settings, valid_record):
    accounts.login(store, "马丽", STAFF_PASSWORD)
    record = store.save("meeting", valid_record("meeting"), "马丽")
    window, _ = start(qtbot, store, dialogs, ui_settings, "马丽")
    editor = window.open_editor("meeting", record)
    type_text(qtbot, editor.editor.inputs["title"].control, "（补充议题）")
    editor.autosaver.keep()
    power_cut(window)
    accounts.login(store, "杨芳", STAFF_PASSWORD)  # the 所长, on this PC meanwhile
    store.save("meeting", {**record.values, "remarks": "所长补充"}, "杨芳", record_id=record.id, expected_revision=1)
    window, offered = start(qtbot, store, dialogs, ui_settings, "马丽")
    (label, restore, _drop), = offered.rows.values()
    assert f"会议　{record.number}" in label.text() and "此后已被 杨芳 修改（现为第 2 版）" in label.text()
    restore.click()  # 返回, the safe answer: nothing opened, still offered
    assert "未保存的内容与现在的版本不同之处：会议名称/届次、备注。" in dialogs.shown[-1][2]
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the editor it opened to compare, closed
    assert window.editors == {} and offered.isVisible()
    dialogs.confirm_answers.append(True)  # 恢复我的内容
    restore.click()
    editor = window.editors[record.id]
    assert editor.editor.inputs["title"].value().endswith("（补充议题）") and editor.editor.record.revision == 2
    assert editor.save() and autosave.listed(store.path, "马丽") == []


def test_deleting_the_record_removes_its_draft(qtbot, store, staff, dialogs, ui_settings, valid_record):
    accounts.login(store, "马丽", STAFF_PASSWORD)
    record = store.save("meeting", valid_record("meeting"), "马丽")
    autosave.write(store.path, autosave.Draft("马丽", "meeting", f"{record.id}-0a1b2c", record.id, 1,
                                              dict(record.values), "2026-03-05T08:00:00Z", record.number))
    window, _ = start(qtbot, store, dialogs, ui_settings, "杨芳")
    window.show_page("meeting")
    window.current_ledger_view().refresh(select_id=record.id)
    dialogs.confirm_answers.append(True)
    window.delete_selected()
    assert store.conn.execute("SELECT deleted FROM meeting").fetchone()[0] == 1
    assert autosave.listed(store.path, "马丽") == []


def test_a_draft_of_a_record_deleted_since_says_it_opens_as_a_new_record(qtbot, store, staff, dialogs, ui_settings,
                                                                         valid_record):
    """The 所长 deleted the meeting (`fazhi delete`) while 马丽's draft of it waited: it said 原记录已被删除：恢复后将
    作为新记录保存, 恢复 beside 已被删除 reading as the record undeleted."""
    accounts.login(store, "马丽", STAFF_PASSWORD)
    record = store.save("meeting", valid_record("meeting"), "马丽")
    autosave.write(store.path, autosave.Draft("马丽", "meeting", f"{record.id}-0a1b2c", record.id, 1,
                                              dict(record.values), "2026-03-05T08:00:00Z", record.number))
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    store.delete(record.id, "杨芳")
    window, offered = start(qtbot, store, dialogs, ui_settings, "马丽")
    (label, _restore, _drop), = offered.rows.values()
    assert label.text().endswith("\n原记录已被删除：打开后将作为新记录保存") and "恢复后" not in label.text()
    power_cut(window)


def test_the_county_offers_nothing_and_opens_no_editor(qtbot, tmp_path, ledgers, dialogs, ui_settings):
    from fazhi_desktop.core.setup import init_database

    county = init_database(tmp_path / "county.db", "640522", county=True, ledgers=ledgers)
    try:
        autosave.write(county.path, autosave.Draft("录入员", "meeting", "new-1", None, None, {"title": "x"},
                                                   "2026-03-05T08:00:00Z"))
        window = create_main_window(county, dialogs, ui_settings, "录入员")
        qtbot.addWidget(window)
        assert autosave_offer.offer(window) is None and window.open_editor("meeting", None) is None
    finally:
        county.close()


def typing_in_case_name(qtbot, store, dialogs, ui_settings):
    """马丽's new mediation case with its name typed, the cursor still in that field of the active editor."""
    window, _ = start(qtbot, store, dialogs, ui_settings, "马丽")
    editor = typed_new_record(qtbot, window, "mediation_case", "case_name", CASE)
    window.activateWindow()
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    editor.editor.inputs["case_name"].control.setFocus()
    return editor


def test_leaving_a_field_keeps_what_was_typed_in_it(qtbot, store, staff, dialogs, ui_settings):
    """Not only every 30 seconds: Tab out of a field writes the draft when something changed."""
    _editor = typing_in_case_name(qtbot, store, dialogs, ui_settings)  # held: a top-level window
    assert autosave.listed(store.path, "马丽") == []
    press(qtbot, Qt.Key.Key_Tab)
    (draft,) = autosave.listed(store.path, "马丽")
    assert draft.values["case_name"] == CASE and draft.record_id is None


def test_switching_user_offers_the_new_users_own_drafts(qtbot, typed, dialogs, ui_settings):
    """切换用户 to 马丽 in 杨芳's window: hers are offered then, as at a start."""
    from fazhi_desktop.qt import session

    window, offered = start(qtbot, typed, dialogs, ui_settings, "杨芳")
    assert offered is None
    window.login = lambda store, _dialogs, _parent: accounts.login(store, "马丽", STAFF_PASSWORD)
    assert session.switch_user(window)
    assert window.autosave_offer is not None and window.autosave_offer.isVisible()
    assert CASE in next(iter(window.autosave_offer.rows.values()))[0].text()


def test_a_second_draft_of_a_record_open_with_the_first_restored_does_not_write_over_it(
        qtbot, store, staff, dialogs, ui_settings, valid_record):
    """Two power cuts on one record (以后再说 between): two drafts of it. 恢复 of the second, its editor open with
    the first restored (and typed on), put the second over it and removed the first's file: what she had restored
    and typed since was gone without a word. Now she is told to save or close that window first; both stay."""
    accounts.login(store, "马丽", STAFF_PASSWORD)
    record = store.save("meeting", valid_record("meeting"), "马丽")
    for title, at in (("第一次停电前的名称", "2026-03-05T08:00:00Z"), ("第二次停电前的名称", "2026-03-06T08:00:00Z")):
        autosave.write(store.path, autosave.Draft("马丽", "meeting", autosave.new_key(record.id), record.id, 1,
                                                  {**record.values, "title": title}, at, record.number))
    window, offered = start(qtbot, store, dialogs, ui_settings, "马丽")
    (_, first, _), (_, second, _) = offered.rows.values()
    first.click()
    editor = window.editors[record.id]
    type_text(qtbot, editor.editor.inputs["remarks"].control, "恢复后又补充的备注")
    second.click()
    assert editor.editor.inputs["title"].value() == "第一次停电前的名称"
    assert editor.editor.inputs["remarks"].value() == "恢复后又补充的备注"
    assert "已在编辑窗口中打开" in dialogs.shown[-1][2]
    assert sorted(d.values["title"] for d in autosave.listed(store.path, "马丽")) == ["第一次停电前的名称",
                                                                                      "第二次停电前的名称"]
    assert second.isVisibleTo(offered)  # still offered, for when that window is saved or closed


def test_her_offer_left_open_at_the_idle_lock_does_not_keep_another_user_out(qtbot, typed, dialogs, ui_settings):
    """马丽 walked away with the offer open; the program locked. 杨芳's login was refused as if a half-filled form
    would be lost (“恢复未保存的内容”窗口还开着（其中填写的内容会丢失）…), which only 马丽 could unlock. The box holds
    nothing typed: it goes as 以后再说 does, her drafts kept for her next login."""
    window, offered = start(qtbot, typed, dialogs, ui_settings, "马丽")
    lock = window.idle_lock
    window.login = lambda store, _dialogs, _parent: accounts.login(store, "杨芳", STAFF_PASSWORD)
    lock.lock()
    lock.box.switch_button.click()
    assert not lock.locked and typed.user.name == "杨芳", lock.box.message.text()
    assert not offered.isVisible() and window.autosave_offer is None  # none of her own, none of 马丽's shown
    assert len(autosave.listed(typed.path, "马丽")) == 1


def test_leaving_a_field_reads_the_values_once(qtbot, store, staff, dialogs, ui_settings, monkeypatch):
    """At every Tab: reading a 200-party case's values takes ~30 ms, and it was read twice (is it unsaved? what to
    write?) on top of the editor's own reading at each key."""
    window, _ = start(qtbot, store, dialogs, ui_settings, "马丽")
    editor = typed_new_record(qtbot, window, "mediation_case", "case_name", CASE)
    reads = []
    collect = editor.editor.collect
    monkeypatch.setattr(editor.editor, "collect", lambda: reads.append(1) or collect())
    editor.autosaver.keep()
    editor.autosaver.keep()  # nothing new: nothing written, one read
    assert len(reads) == 2 and len(autosave.listed(store.path, "马丽")) == 1


def test_a_draft_windows_will_not_rename_does_not_hold_the_editor_at_every_field(qtbot, store, staff, dialogs,
                                                                                 ui_settings, monkeypatch):
    """On Windows a rename refused because another program holds the file is tried again for about a second
    (core/atomic.rename), in the window's own thread here: with the draft held for longer, every Tab out of a field
    froze the editor that second again. After a failed write the next is the 30-second timer's."""
    import errno
    import os
    import types

    from fazhi_desktop.core import atomic

    waits: list[float] = []
    replace = os.replace

    def held(source, target):
        if "-autosave" in str(target):
            exc = PermissionError(errno.EACCES, "另一个程序正在使用此文件，进程无法访问。")
            exc.winerror = 32
            raise exc
        replace(source, target)

    monkeypatch.setattr(atomic, "sys", types.SimpleNamespace(platform="win32"))
    monkeypatch.setattr(atomic.time, "sleep", waits.append)
    monkeypatch.setattr(os, "replace", held)
    editor = typing_in_case_name(qtbot, store, dialogs, ui_settings)
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Tab)
    assert sum(waits) == pytest.approx(sum(atomic.RENAME_WAITS))  # one second, not one at each Tab
    monkeypatch.setattr(os, "replace", replace)  # let go of
    editor.autosaver.keep()  # the timer
    (draft,) = autosave.listed(store.path, "马丽")
    assert draft.values["case_name"] == CASE
    press(qtbot, Qt.Key.Key_Tab)
    assert sum(waits) == pytest.approx(sum(atomic.RENAME_WAITS))
