"""备份 as a clerk meets it: the settings section, 立即备份, the backup when the window closes, 从备份恢复… with a
typed confirmation; and at start-up: a second window refused, a damaged database restored from the latest backup."""

from __future__ import annotations

import json
import shlex
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/damage.py
from damage import damage

from fazhi_desktop.core.backup import config as backup_config
from fazhi_desktop.core.backup import create_backup, list_backups, sealing
from fazhi_desktop.core.backup.rotation import backup_name
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.instance import InstanceLock
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import ListQuery, Store
from fazhi_desktop.qt import app as app_module
from fazhi_desktop.qt import safety
from fazhi_desktop.qt.main_window import SETTINGS_PAGE, create_main_window

ACTOR = "杨芳"


class ScriptedBackupPrompts:
    def __init__(self, folder=None, backup=None, confirm=True):
        self.folder_answer, self.backup_answer, self.confirm_answer = folder, backup, confirm
        self.asked: list[tuple[str, str]] = []

    def folder(self, parent, title, start=None):
        self.asked.append(("folder", title))
        return self.folder_answer

    def backup_file(self, parent, title, start=None):
        self.asked.append(("backup_file", title))
        return self.backup_answer

    def typed_confirmation(self, parent, title, text, word):
        self.asked.append(("typed_confirmation", text))
        assert word == "恢复"
        return self.confirm_answer


@pytest.fixture
def window(qtbot, store, dialogs, ui_settings):
    win = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(win)
    win.backup_prompts = ScriptedBackupPrompts()
    win.show()
    qtbot.waitExposed(win)
    return win


def file_action(window, text):
    for action in window.menuBar().actions():
        if action.text().startswith("文件"):
            for item in action.menu().actions():
                if item.text().startswith(text):
                    return item
    raise AssertionError(text)


def test_the_settings_page_has_a_backup_section_that_remembers_its_choices(window, tmp_path, store):
    window.show_page(SETTINGS_PAGE)
    section = window.backup.section
    assert section is not None and section.isVisible()
    assert str(tmp_path / "office-backups") in section.folder_label.text()
    assert "从未备份" in section.last_label.text()
    label = section.folder_label  # a long path wraps, and every line of it shows (it was clipped top and bottom)
    assert label.height() >= label.heightForWidth(label.width()), (label.height(), label.heightForWidth(label.width()))
    usb = tmp_path / "U盘"
    usb.mkdir()
    window.backup_prompts.folder_answer = usb
    section.choose_button.click()
    section.keep_daily.setValue(3)
    section.keep_weekly.setValue(2)
    saved = json.loads(backup_config.settings_path(store.path).read_text(encoding="utf-8"))
    assert (saved["folder"], saved["keep_daily"], saved["keep_weekly"]) == (str(usb), 3, 2)
    assert str(usb) in section.folder_label.text()


@pytest.mark.parametrize("large", [False, True])
def test_the_recovery_code_row_shows_every_line_in_a_narrow_window(window, store, large):
    """At 760 pixels (长者模式 too) the 备份恢复码 text beside its button wrapped to two lines (four in 长者模式) in a
    row layout QFormLayout gave one line's height: the middle of both showed, clipped top and bottom. The button is
    now under the text, as under the folder's."""
    sealing.ensure_key(store.path)  # made with the first backup: the row then says what the code is for
    window.resize(760, 600)
    window.set_large_text(large)
    try:
        window.show_page(SETTINGS_PAGE)
        QApplication.processEvents()
        label = window.backup.section.code_label
        assert label.height() >= label.heightForWidth(label.width()), (label.height(), label.width())
    finally:
        window.set_large_text(False)


def test_backup_now_from_the_file_menu(window, qtbot, tmp_path, dialogs, store, valid_record):
    store.save("meeting", valid_record("meeting"), ACTOR)
    usb = tmp_path / "usb"
    usb.mkdir()
    backup_config.save_settings(store.path, backup_config.BackupSettings(folder=str(usb)))
    file_action(window, "立即备份").trigger()
    qtbot.waitUntil(lambda: any(title == "备份完成" for _, title, _ in dialogs.shown), timeout=10_000)
    assert len(list_backups(usb)) == 1
    assert "记录 1 条" in dialogs.texts()


def test_closing_after_changes_backs_up_and_closing_without_changes_does_not(qtbot, store, dialogs, ui_settings,
                                                                             valid_record, tmp_path):
    win = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(win)
    win.close()
    assert list_backups(tmp_path / "office-backups") == []  # nothing changed in this session
    win = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(win)
    store.save("meeting", valid_record("meeting"), ACTOR)
    win.close()
    assert len(list_backups(tmp_path / "office-backups")) == 1
    # the first backup made the encryption key: its recovery code is said once, as nobody reads the result
    [(kind, title, text)] = dialogs.shown
    assert (kind, title) == ("code", "备份恢复码") and sealing.load_key(store.path).code in text
    win = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(win)
    store.save("meeting", valid_record("meeting"), ACTOR)
    win.close()
    assert len(dialogs.shown) == 1  # not again



def test_closing_after_changes_backs_up_even_when_the_file_times_did_not_move(qtbot, store, dialogs, ui_settings,
                                                                              valid_record, tmp_path, monkeypatch):
    """Windows may leave a file's modification time as it was while SQLite holds the file open: the changes this
    window's connection made still count."""
    monkeypatch.setattr(backup_config, "database_mtime", lambda path: 1_700_000_000.0)  # frozen, as if stale
    win = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(win)
    store.save("meeting", valid_record("meeting"), ACTOR)
    win.close()
    assert len(list_backups(tmp_path / "office-backups")) == 1

def test_a_window_whose_database_cannot_be_read_any_more_still_closes(qtbot, store, dialogs, ui_settings,
                                                                       monkeypatch):
    """The file gone from under the window (a stick pulled, a portable install): closing asks what was committed,
    now a statement (PRAGMA data_version), which fails as every read does then; it raised out of the close."""
    import sqlite3

    win = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)

    def unreadable(self):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Store, "commits", unreadable)
    assert win.close()
    assert not win.isVisible()


def test_a_failed_backup_on_close_is_shown_and_the_window_still_closes(qtbot, store, dialogs, ui_settings,
                                                                       valid_record, tmp_path):
    backup_config.save_settings(store.path, backup_config.BackupSettings(folder=str(tmp_path / "拔出的U盘" / "备份")))
    win = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(win)
    win.show()
    store.save("meeting", valid_record("meeting"), ACTOR)
    assert win.close()
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("warn", "退出前备份失败")
    assert "U盘是否已插入" in text and "照常退出" in text


def test_records_saved_on_another_connection_are_backed_up_at_closing(qtbot, store, dialogs, ui_settings, clock,
                                                                      valid_record, tmp_path, monkeypatch):
    """The backup at closing counted only what the window's own connection wrote: bundles imported or receipts
    written by a job on a worker's connection were left to the file's time, which Windows may not bring up to date
    while SQLite holds the file open (as here)."""
    create_backup(store.path, clock=clock)
    then = backup_config.database_mtime(store.path)
    monkeypatch.setattr(backup_config, "database_mtime", lambda path: then)
    win = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(win)
    win.show()
    worker = Store.open(store.path, store.ledgers, clock)
    try:
        worker.save("meeting", valid_record("meeting"), ACTOR)
    finally:
        worker.close()
    assert win.close()
    assert len(list_backups(tmp_path / "office-backups")) == 2


def test_the_daily_backup_runs_when_a_day_has_passed_and_data_changed(window, qtbot, store, clock, valid_record,
                                                                      tmp_path):
    create_backup(store.path, clock=clock)
    window.backup.daily_check()
    assert window.backup.task is None  # nothing changed since
    store.save("meeting", valid_record("meeting"), ACTOR)
    clock.advance(hours=25)
    window.backup.daily_check()
    qtbot.waitUntil(lambda: window.backup.task is None, timeout=10_000)
    assert len(list_backups(tmp_path / "office-backups")) == 2
    assert "已自动备份" in window.statusBar().currentMessage()


def test_backup_now_to_a_pulled_stick_says_so_and_the_data_is_untouched(window, qtbot, tmp_path, dialogs, store,
                                                                        valid_record):
    store.save("meeting", valid_record("meeting"), ACTOR)
    backup_config.save_settings(store.path, backup_config.BackupSettings(folder=str(tmp_path / "拔出的U盘" / "备份")))
    file_action(window, "立即备份").trigger()
    qtbot.waitUntil(lambda: window.backup.task is None, timeout=10_000)
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("error", "备份失败") and "数据库本身没有受影响" in text
    assert store.count("meeting") == 1


def test_a_failing_daily_backup_warns_once_a_session(window, qtbot, store, clock, valid_record, dialogs, tmp_path):
    """A stick left at home must not bring a message every hour."""
    backup_config.save_settings(store.path, backup_config.BackupSettings(folder=str(tmp_path / "拔出的U盘" / "备份")))
    for _ in range(2):
        store.save("meeting", valid_record("meeting"), ACTOR)
        clock.advance(hours=25)
        window.backup.daily_check()
        qtbot.waitUntil(lambda: window.backup.task is None, timeout=10_000)
    warnings = [(title, text) for kind, title, text in dialogs.shown if kind == "warn"]
    assert len(warnings) == 1 and warnings[0][0] == "自动备份失败" and "“设置”页的“备份”一栏" in warnings[0][1]


def test_choosing_a_backup_folder_that_is_gone_is_refused(window, tmp_path, store, dialogs):
    window.show_page(SETTINGS_PAGE)
    window.backup_prompts.folder_answer = tmp_path / "不存在的文件夹"
    window.backup.section.choose_button.click()
    assert dialogs.shown[-1][:2] == ("error", "无法使用这个文件夹")
    assert backup_config.load_settings(store.path).folder is None


def test_restore_from_a_backup_with_a_typed_confirmation(window, qtbot, store, dialogs, valid_record, tmp_path):
    store.save("meeting", valid_record("meeting", title="备份里的会议"), ACTOR)
    backup = create_backup(store.path, tmp_path / "usb").path
    store.save("meeting", valid_record("meeting", title="备份之后的会议"), ACTOR)
    window.backup_prompts.backup_answer = backup
    file_action(window, "从备份恢复").trigger()
    qtbot.waitUntil(lambda: any(t == "恢复完成" for _, t, _ in dialogs.shown), timeout=10_000)
    asked = window.backup_prompts.asked
    assert asked[-1][0] == "typed_confirmation" and "2 条记录" in asked[-1][1] and "改名保留" in asked[-1][1]
    assert not window.isVisible()  # the program closes; the restored database opens next time
    restored = Store.open(store.path)
    try:
        assert restored.count("meeting") == 1 and restored.setting("restored_by") == ACTOR
    finally:
        restored.close()
    assert list(tmp_path.glob("office-before-restore-*.db"))



def test_a_backup_from_another_pc_asks_for_its_recovery_code(window, qtbot, store, dialogs, valid_record, tmp_path):
    store.save("meeting", valid_record("meeting", title="备份里的会议"), ACTOR)
    backup = create_backup(store.path, tmp_path / "usb").path
    code = sealing.load_key(store.path).code
    (tmp_path / "office-keys" / "backup-key.json").unlink()  # as on a new PC: this one's key is not the backup's
    window.backup_prompts.backup_answer = backup
    dialogs.text_answers = ["AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", code.lower()]  # a wrong code, then the right one
    window.backup.restore_from_backup()
    qtbot.waitUntil(lambda: any(t == "恢复完成" for _, t, _ in dialogs.shown), timeout=20_000)
    asked = [label for kind, title, label in dialogs.shown if kind == "ask_text"]
    assert len(asked) == 2 and "需要输入它的备份恢复码" in asked[0]
    assert "恢复码不对" in asked[1] and "请再输入一次" in asked[1]  # asked again, nothing changed meanwhile
    assert not [t for kind, t, _ in dialogs.shown if kind == "error"]
    restored = Store.open(store.path)
    try:
        assert [r["title"] for r in restored.list(ListQuery("meeting"))] == ["备份里的会议"]
    finally:
        restored.close()


def test_the_settings_show_the_recovery_code_once_there_is_one(window, store, dialogs, tmp_path):
    window.show_page(SETTINGS_PAGE)
    section = window.backup.section
    assert not section.code_button.isEnabled() and section.code_label.text() == "第一次备份时生成"
    create_backup(store.path, tmp_path / "usb")
    section.refresh()
    assert section.code_button.isEnabled()
    section.code_button.click()
    title, text = dialogs.shown[-1][1:]
    assert title == "备份恢复码" and sealing.load_key(store.path).code in text and "另一台电脑" in text

def edit_outside(path: Path) -> str:
    """A record's place corrected in DB Browser: no hash, no change log. Returns its number."""
    import sqlite3

    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE meeting SET location = '镇政府二楼会议室' WHERE rowid = (SELECT min(rowid) FROM meeting)")
        (number,) = conn.execute("SELECT number FROM meeting WHERE rowid = (SELECT min(rowid) FROM meeting)").fetchone()
    conn.close()
    return number


def test_a_backup_of_a_record_changed_outside_warns_at_once_naming_it(window, qtbot, store, dialogs, valid_record,
                                                                     clock, tmp_path):
    store.save("meeting", valid_record("meeting"), ACTOR)
    number = edit_outside(store.path)
    file_action(window, "立即备份").trigger()
    qtbot.waitUntil(lambda: window.backup.task is None, timeout=10_000)
    [(title, text)] = [(title, text) for kind, title, text in dialogs.shown if kind == "warn"]
    assert title == "备份完成，但数据库没有通过检查" and f"会议 {number}：内容与其摘要不符" in text
    assert "-check-failed" in text and "请管理员尽快处理" in text
    for _ in range(2):  # the automatic backups say it once a session, not every hour
        store.save("meeting", valid_record("meeting"), ACTOR)
        clock.advance(hours=25)
        window.backup.daily_check()
        qtbot.waitUntil(lambda: window.backup.task is None, timeout=10_000)
    warned = [text for kind, _, text in dialogs.shown if kind == "warn"]
    assert len(warned) == 2 and number in warned[1]
    assert len(list_backups(tmp_path / "office-backups")) == 3


def test_restoring_a_backup_that_fails_the_record_check_asks_first_listing_the_records(window, qtbot, store,
                                                                                        dialogs, valid_record,
                                                                                        tmp_path):
    store.save("meeting", valid_record("meeting"), ACTOR)
    number = edit_outside(store.path)
    backup = create_backup(store.path, tmp_path / "usb").path
    store.save("meeting", valid_record("meeting", title="备份之后的会议"), ACTOR)
    window.backup_prompts.backup_answer = backup
    window.backup.restore_from_backup()  # declined: nothing changes
    qtbot.waitUntil(lambda: window.backup.task is None and any(k == "confirm" for k, _, _ in dialogs.shown),
                    timeout=10_000)
    _, title, text = dialogs.shown[-1]
    assert title == "备份没有通过检查" and f"会议 {number}：内容与其摘要不符" in text and "仍然" in text
    assert dialogs.confirm_defaults[-1] is False  # Enter does not restore it
    assert not window.backup_prompts.asked[1:] and store.count("meeting") == 2
    assert not list(tmp_path.glob(".office-restore-*"))
    dialogs.confirm_answers = [True]
    window.backup.restore_from_backup()
    qtbot.waitUntil(lambda: any(t == "恢复完成" for _, t, _ in dialogs.shown), timeout=10_000)
    restored = Store.open(store.path)
    try:
        assert restored.count("meeting") == 1
    finally:
        restored.close()


def test_declining_the_typed_confirmation_changes_nothing(window, qtbot, store, dialogs, valid_record, tmp_path):
    store.save("meeting", valid_record("meeting"), ACTOR)
    backup = create_backup(store.path, tmp_path / "usb").path
    store.save("meeting", valid_record("meeting"), ACTOR)
    window.backup_prompts.backup_answer, window.backup_prompts.confirm_answer = backup, False
    window.backup.restore_from_backup()
    qtbot.waitUntil(lambda: window.backup.task is None and window.backup_prompts.asked[-1][0] == "typed_confirmation",
                    timeout=10_000)
    assert window.isVisible() and store.count("meeting") == 2
    assert not list(tmp_path.glob(".office-restore-*")) and not list(tmp_path.glob("*before-restore*"))


def test_at_the_county_the_confirmation_says_the_roster_of_township_keys_stays(qtbot, dialogs, ui_settings, tmp_path,
                                                                                 clock):
    """It said every change since the backup would be gone (accounts apart): a 管理员 restoring to undo a mistaken
    enrolment expected it gone, and it is carried like every enrolment since (core/backup/key_roster.py)."""
    county = init_database(tmp_path / "county.db", "640522", county=True, office="海原县司法局", clock=clock)
    win = create_main_window(county, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(win)
    win.backup_prompts = ScriptedBackupPrompts(backup=create_backup(county.path, tmp_path / "usb").path,
                                               confirm=False)
    win.backup.restore_from_backup()
    qtbot.waitUntil(lambda: win.backup.task is None and win.backup_prompts.asked[-1][0] == "typed_confirmation",
                    timeout=10_000)
    assert ("乡镇密钥名单也保持现在的样子：备份之后的吊销和登记不会撤销，误登记的密钥请在恢复后吊销。"
            in win.backup_prompts.asked[-1][1])
    win.close()
    county.close()


def test_a_damaged_backup_is_refused_with_the_reason(window, qtbot, dialogs, tmp_path):
    bad = tmp_path / "office-backup-640522100-20260101-090000.zip"
    bad.write_bytes(b"PK not really")
    window.backup_prompts.backup_answer = bad
    window.backup.restore_from_backup()
    qtbot.waitUntil(lambda: any(t == "不能用这个备份恢复" for _, t, _ in dialogs.shown), timeout=10_000)
    assert "当前数据没有任何改动" in dialogs.texts() and window.isVisible()


# -- start-up --------------------------------------------------------------------------------------------------------


def test_a_second_window_on_the_same_database_is_refused_politely(tmp_path, dialogs):
    init_database(tmp_path / "office.db", "640522100", operator=ACTOR).close()
    ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    with InstanceLock.acquire(tmp_path / "office.db"):
        assert app_module.main(["--db", str(tmp_path / "office.db")], dialogs=dialogs, ui_settings=ui) == 1
    kind, _, text = dialogs.shown[-1]
    assert kind == "error" and "该数据库已在另一个窗口中打开" in text
    assert app_module.main(["--db", str(tmp_path / "office.db"), "--quit-after-show"], dialogs=dialogs,
                           ui_settings=ui) == 0  # once the other window is gone


def start_damaged(tmp_path, dialogs) -> None:
    """The office's database damaged beyond opening, the program started on it, restoring when it offers to."""
    damage(tmp_path / "office.db")
    (tmp_path / "office.db").write_bytes(b"\0" * 64 + (tmp_path / "office.db").read_bytes()[64:])
    dialogs.confirm_answers = [True]
    ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    assert app_module.main(["--db", str(tmp_path / "office.db"), "--quit-after-show"], dialogs=dialogs,
                           ui_settings=ui) == 0


def test_a_damaged_database_is_restored_from_the_latest_backup_at_start(tmp_path, dialogs, valid_record):
    store = init_database(tmp_path / "office.db", "640522100", operator=ACTOR)
    for n in range(30):
        store.save("meeting", valid_record("meeting", title=f"会议{n}" + "议题" * 40), ACTOR)
    create_backup(store.path)
    store.close()
    start_damaged(tmp_path, dialogs)
    titles = [title for _, title, _ in dialogs.shown]
    assert titles[:2] == ["数据库文件已损坏", "已从备份恢复"]
    restored = Store.open(tmp_path / "office.db")
    assert restored.count("meeting") == 30
    restored.close()
    assert list(tmp_path.glob("office-before-restore-*.db"))  # the damaged file is kept


def test_a_damaged_database_is_offered_the_last_backup_that_passed_not_a_newer_failing_one(tmp_path, dialogs,
                                                                                          valid_record, clock):
    """The newest backup was offered even when it failed the record check; answering no ended the recovery, and the
    passing one before it was never offered."""
    store = init_database(tmp_path / "office.db", "640522100", operator=ACTOR)
    for n in range(30):
        store.save("meeting", valid_record("meeting", title=f"会议{n}" + "议题" * 40), ACTOR)
    passing = create_backup(store.path, clock=clock).path
    store.save("meeting", valid_record("meeting", title="备份之后的会议"), ACTOR)
    edit_outside(store.path)
    clock.advance(hours=2)
    failing = create_backup(store.path, clock=clock).path
    assert failing.name.endswith("-check-failed.zip")
    store.close()
    start_damaged(tmp_path, dialogs)
    kind, title, question = dialogs.shown[0]
    assert (kind, title) == ("confirm", "数据库文件已损坏")
    assert f"最近一份通过检查的备份是：\n{passing}" in question
    assert f"更新的备份 {failing.name} 没有通过检查，不建议用它恢复" in question
    assert [t for _, t, _ in dialogs.shown][1:2] == ["已从备份恢复"]  # no question about a failing backup
    restored = Store.open(tmp_path / "office.db")
    try:
        assert restored.count("meeting") == 30 and check_database(restored).ok
    finally:
        restored.close()


def test_a_damaged_database_is_offered_the_real_backup_not_one_named_a_year_ahead(tmp_path, dialogs, valid_record):
    """A backup made while the PC's clock ran a year ahead was offered as the newest (older data: 7 records of 13)."""
    store = init_database(tmp_path / "office.db", "640522100", operator=ACTOR)
    for n in range(30):
        store.save("meeting", valid_record("meeting", title=f"会议{n}" + "议题" * 40), ACTOR)
    real = create_backup(store.path).path
    ahead = real.with_name(backup_name("office", "640522100", datetime.now() + timedelta(days=365)))
    ahead.write_bytes(real.read_bytes())
    store.close()
    start_damaged(tmp_path, dialogs)
    kind, title, question = dialogs.shown[0]
    assert (kind, title) == ("confirm", "数据库文件已损坏")
    assert f"最近一份备份是：\n{real}\n" in question
    assert ahead.exists()


def test_a_damaged_database_whose_keys_are_gone_asks_for_the_code_again_after_a_typo(tmp_path, dialogs,
                                                                                      valid_record):
    store = init_database(tmp_path / "office.db", "640522100", operator=ACTOR)
    for n in range(30):
        store.save("meeting", valid_record("meeting", title=f"会议{n}" + "议题" * 40), ACTOR)
    create_backup(store.path)
    code = sealing.load_key(store.path).code
    store.close()
    (tmp_path / "office-keys" / "backup-key.json").unlink()  # lost with the damaged file
    damage(tmp_path / "office.db")
    (tmp_path / "office.db").write_bytes(b"\0" * 64 + (tmp_path / "office.db").read_bytes()[64:])
    dialogs.confirm_answers = [True]
    dialogs.text_answers = ["AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", code]
    ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    assert app_module.main(["--db", str(tmp_path / "office.db"), "--quit-after-show"], dialogs=dialogs,
                           ui_settings=ui) == 0
    asked = [label for kind, _, label in dialogs.shown if kind == "ask_text"]
    assert len(asked) == 2 and "需要输入它的备份恢复码" in asked[0] and "恢复码不对" in asked[1]
    assert "已从备份恢复" in [title for _, title, _ in dialogs.shown]
    restored = Store.open(tmp_path / "office.db")
    assert restored.count("meeting") == 30
    restored.close()

def test_a_damaged_database_without_backups_says_what_to_do(tmp_path, dialogs):
    """No backup found (the stick with them not plugged in): the program ends, so the way out is one that needs no
    window; it said 文件 → 从备份恢复, a menu of a window that never opens (and needs an open database)."""
    init_database(tmp_path / "office.db", "640522100", operator=ACTOR).close()
    stick = tmp_path / "U盘" / "备份"
    backup_config.save_settings(tmp_path / "office.db", backup_config.BackupSettings(folder=str(stick)))
    damage(tmp_path / "office.db")
    ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    assert app_module.main(["--db", str(tmp_path / "office.db")], dialogs=dialogs, ui_settings=ui) == 1
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("error", "无法打开数据库")
    assert "文件 → 从备份恢复" not in text
    assert "请插上U盘后重新打开程序：程序会提出用最近的备份恢复" in text
    # the command alone on the last line (a 。 after it was copied with it), the folder the settings say named
    assert f"备份文件夹（现在找不到：存放备份的U盘插上了吗？）：\n{stick}\n" in text
    assert text.splitlines()[-1] == (f'fazhi --db "{(tmp_path / "office.db").absolute()}" restore '
                                     f'"{stick / "备份文件名.zip"}"')


def test_a_declined_backup_is_named_in_a_command_that_restores_it_as_printed(tmp_path, dialogs, valid_record,
                                                                              monkeypatch, capsys):
    """The clerk said no to the backup offered at start (to ask someone first): the command said 备份文件, and
    ended with a 。 that a clerk copying it copied too."""
    from fazhi_desktop.cli import main

    store = init_database(tmp_path / "office.db", "640522100", operator=ACTOR)
    store.save("meeting", valid_record("meeting", title="专题会议"), ACTOR)
    backup = create_backup(store.path).path
    store.close()
    damage(tmp_path / "office.db")
    (tmp_path / "office.db").write_bytes(b"\0" * 64 + (tmp_path / "office.db").read_bytes()[64:])
    dialogs.confirm_answers = [False]
    ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    assert app_module.main(["--db", str(tmp_path / "office.db")], dialogs=dialogs, ui_settings=ui) == 1
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("error", "无法打开数据库")
    command = text.splitlines()[-1]
    assert command == f'fazhi --db "{(tmp_path / "office.db").absolute()}" restore "{backup}"'
    args = shlex.split(command)
    assert args[0] == "fazhi"
    assert main([*args[1:], "--yes"]) == 0, capsys.readouterr()
    restored = Store.open(tmp_path / "office.db")
    assert restored.count("meeting") == 1
    restored.close()


def test_a_database_that_cannot_be_written_is_announced_at_start(store, dialogs):
    store.conn.execute("PRAGMA query_only = ON")
    safety.warn_if_read_only(store, dialogs)
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("warn", "数据库只读") and "不能保存" in text


def test_a_clerk_may_back_up_but_not_restore_or_see_the_recovery_code(qtbot, store, staff, dialogs, ui_settings,
                                                                       tmp_path):
    from fazhi_desktop.core import accounts

    store.user = accounts.login(store, "马丽", "mima-2026")  # 录入员 (tests/conftest.py's staff)
    create_backup(store.path, tmp_path / "usb")
    win = create_main_window(store, dialogs, ui_settings, "马丽")
    qtbot.addWidget(win)
    win.backup_prompts = ScriptedBackupPrompts(backup=tmp_path / "usb")
    win.show_page(SETTINGS_PAGE)
    section = win.backup.section
    assert section.backup_button.isEnabled()
    assert not section.restore_button.isEnabled() and section.restore_button.toolTip() == "从备份恢复须由管理员操作"
    assert not section.code_button.isEnabled() and section.code_button.toolTip() == "显示恢复码须由所长或管理员操作"
    win.backup.restore_from_backup()  # reached some other way: refused with the reason, nothing asked
    assert dialogs.shown[-1][:2] == ("error", "从备份恢复") and "无权" in dialogs.shown[-1][2]
    assert win.backup_prompts.asked == []


def test_a_clerks_first_backup_keeps_the_code_for_the_head_and_she_cannot_shrink_the_backups(
        qtbot, store, staff, dialogs, ui_settings, valid_record, tmp_path):
    """The code opens every backup: a 录入员 whose backup made it was shown it; and she could set 1 天 / 0 周 and
    have nine backups deleted by her next one."""
    from fazhi_desktop.core import accounts
    from fazhi_desktop.qt import session

    store.user = accounts.login(store, "马丽", "mima-2026")
    win = create_main_window(store, dialogs, ui_settings, "马丽")
    qtbot.addWidget(win)
    win.show_page(SETTINGS_PAGE)
    section = win.backup.section
    assert not section.keep_daily.isEnabled() and "录入员无权修改备份设置" in section.keep_daily.toolTip()
    assert not section.choose_button.isEnabled()
    win.backup.set_keep(1, 0)  # reached some other way: refused, nothing changed
    assert backup_config.load_settings(store.path).keep_daily != 1 and dialogs.shown[-1][0] == "error"
    store.save("meeting", valid_record("meeting"), "马丽")
    win.backup.backup_now()
    qtbot.waitUntil(lambda: win.backup.task is None, timeout=20_000)
    code = sealing.load_key(store.path).code
    assert not any(code in text for _, _, text in dialogs.shown)  # not to her
    assert dialogs.shown[-1][:2] == ("info", "备份恢复码") and "所长或管理员下次登录时会看到它" in dialogs.shown[-1][2]
    told = len(dialogs.shown)
    win.backup.backup_now()  # her next backup: not told again
    qtbot.waitUntil(lambda: win.backup.task is None, timeout=20_000)
    assert not [d for d in dialogs.shown[told:] if d[1] == "备份恢复码"]
    store.user = accounts.login(store, "杨芳", "mima-2026")  # the 所长 logs in
    session.refresh(win)
    assert dialogs.shown[-1][:2] == ("code", "备份恢复码") and code in dialogs.shown[-1][2]
    shown = len(dialogs.shown)
    session.refresh(win)
    assert len(dialogs.shown) == shown  # once


def test_the_recovery_code_box_is_not_closed_by_an_enter_meant_for_another(qtbot):
    """我已抄下 was the Enter default: an Enter meant for an error box closed it, and the code counted as seen."""
    from PySide6.QtCore import Qt

    from fazhi_desktop.qt.backup_widgets import CodeDialog

    box = CodeDialog(None, "备份恢复码", "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ", "请抄在纸上。")
    qtbot.addWidget(box)
    box.show()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert box.isVisible() and box.result() == 0 and not box.done_button.isEnabled()
    qtbot.keyClicks(box.edit, "wxy")
    assert not box.done_button.isEnabled()
    qtbot.keyClicks(box.edit, "z")  # as written on paper, in any case
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert box.isVisible()  # even now only a click closes it
    qtbot.mouseClick(box.done_button, Qt.MouseButton.LeftButton)
    assert box.result() == box.DialogCode.Accepted


def test_a_recovery_code_box_closed_without_copying_is_offered_again(qtbot, store, dialogs, ui_settings,
                                                                      valid_record, monkeypatch):
    seen = []
    monkeypatch.setattr(dialogs, "show_code", lambda *args: seen.append(args[2]) or False)  # 稍后再抄
    win = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(win)
    store.save("meeting", valid_record("meeting"), ACTOR)
    win.close()
    assert len(seen) == 1 and sealing.load_key(store.path).shown is False


def test_automatic_backups_missing_attachments_warn_once_a_session(window, qtbot, store, clock, valid_record,
                                                                   dialogs, tmp_path):
    """A scan deleted outside the program: hourly backups went out without it, and nobody was told for weeks."""
    from fazhi_desktop.core.attachments import add_attachment

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    store.save("meeting", valid_record("meeting", attachments=[add_attachment(store, scan)]), ACTOR)
    for blob in (tmp_path / "office-files").rglob("*"):
        if blob.is_file():
            blob.unlink()
    for _ in range(2):
        store.save("meeting", valid_record("meeting"), ACTOR)
        clock.advance(hours=25)
        window.backup.daily_check()
        qtbot.waitUntil(lambda: window.backup.task is None, timeout=10_000)
    assert len(list_backups(tmp_path / "office-backups")) == 2
    [(title, text)] = [(title, text) for kind, title, text in dialogs.shown if kind == "warn"]
    assert title == "自动备份缺少附件"
    assert text.startswith("警告：数据库登记的附件中有 1 个文件不在附件文件夹中，没有备份进去") and "不再提示" in text


def test_over_a_new_pcs_setup_the_confirmation_says_the_backups_accounts_come_back(window, qtbot, store, clock,
                                                                                     valid_record, tmp_path):
    """It said the accounts stay as they are now: the technician's setup account, which then blocked the office's
    管理员 from `fazhi accounts recover`."""
    from fazhi_desktop.core.backup import sealing

    clock.advance(days=30)
    old = init_database(tmp_path / "old-pc" / "office.db", "640522100", operator="admin", clock=clock)
    old.save("meeting", valid_record("meeting"), "admin")
    backup = create_backup(old.path, tmp_path / "usb").path
    old.close()
    sealing.ensure_key(store.path)  # tests' databases share one backup key: no code asked
    window.backup_prompts.backup_answer, window.backup_prompts.confirm_answer = backup, False
    window.backup.restore_from_backup()
    qtbot.waitUntil(lambda: window.backup.task is None and window.backup_prompts.asked[-1][0] == "typed_confirmation",
                    timeout=10_000)
    text = window.backup_prompts.asked[-1][1]
    assert ("恢复前的数据库是新建的（没有记录、名册和数据包，如在新电脑上先做了首次使用设置）："
            "恢复后账户用备份中的，当前的账户不保留") in text
    assert "账户除外" not in text
