"""The first-start wizard: mode, township, office name, operator and password; the database is created on 完成."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from helpers import type_text

from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import ListQuery
from fazhi_desktop.qt.wizard import SetupWizard


@pytest.fixture
def wizard(qtbot, tmp_path, dialogs):
    w = SetupWizard(tmp_path / "office.db", dialogs, key_cost=FAST_KEY)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    if w.store is not None:
        w.store.close()


FAST_KEY = (1 << 10, 1 << 20)  # a cheap scrypt cost: the real one takes a second, which tests need not pay
PASSPHRASE = "haicheng-2026"
PASSWORD = "denglu-2026"


def set_operator(qtbot, wizard, name: str) -> None:
    """The operator's name and login password (the first 管理员 account)."""
    type_text(qtbot, wizard.operator_page.operator, name)
    type_text(qtbot, wizard.operator_page.password, PASSWORD)
    type_text(qtbot, wizard.operator_page.again, PASSWORD)


def set_passphrase(qtbot, wizard, text: str = PASSPHRASE, again: str | None = None) -> None:
    next_page(wizard)
    assert wizard.currentPage() is wizard.key_page
    type_text(qtbot, wizard.key_page.passphrase, text)
    type_text(qtbot, wizard.key_page.again, text if again is None else again)


def next_page(wizard) -> None:
    wizard.button(QWizard.WizardButton.NextButton).click()


def finish(wizard) -> None:
    wizard.button(QWizard.WizardButton.FinishButton).click()


def choose(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text} not offered"
    combo.setCurrentIndex(index)


def test_wizard_speaks_chinese(wizard):
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "下一步"
    assert wizard.button(QWizard.WizardButton.CancelButton).text() == "取消"
    assert wizard.currentPage().title() == "欢迎使用法治台账"


def test_wizard_creates_the_database_with_the_chosen_township_and_office_name(qtbot, wizard, tmp_path):
    next_page(wizard)
    place = wizard.place_page
    townships = [place.township_combo.itemText(i) for i in range(place.township_combo.count())]
    assert "李旺镇" in townships and "海城镇" in townships and "海原县" not in townships
    choose(place.township_combo, "李旺镇")
    assert place.office.text() == "李旺镇司法所"
    place.office.clear()
    type_text(qtbot, place.office, "李旺镇司法所（试用）")
    next_page(wizard)
    set_operator(qtbot, wizard, "马丽")
    assert str(tmp_path / "office.db") in wizard.operator_page.summary.text()
    set_passphrase(qtbot, wizard)
    finish(wizard)

    store = wizard.store
    assert store is not None and (tmp_path / "office.db").exists()
    assert store.township == "640522101"
    assert store.setting("office_name") == "李旺镇司法所（试用）"
    assert store.setting("operator") == "马丽"
    assert not store.is_county


def test_office_name_follows_the_township_until_the_clerk_edits_it(qtbot, wizard):
    next_page(wizard)
    place = wizard.place_page
    choose(place.township_combo, "七营镇")
    assert place.office.text() == "七营镇司法所"
    choose(place.township_combo, "关桥乡")
    assert place.office.text() == "关桥乡司法所"
    place.office.clear()
    type_text(qtbot, place.office, "关桥司法所")
    choose(place.township_combo, "甘城乡")
    assert place.office.text() == "关桥司法所"


def test_next_needs_an_operator_name_and_a_password(qtbot, wizard):
    next_page(wizard)
    next_page(wizard)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    type_text(qtbot, wizard.operator_page.operator, "杨芳")
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    type_text(qtbot, wizard.operator_page.password, "short")
    assert "至少 8 个字符" in wizard.operator_page.problem.text()
    wizard.operator_page.password.clear()
    type_text(qtbot, wizard.operator_page.password, PASSWORD)
    type_text(qtbot, wizard.operator_page.again, PASSWORD + "x")
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert "不一致" in wizard.operator_page.problem.text()
    wizard.operator_page.again.clear()
    type_text(qtbot, wizard.operator_page.again, PASSWORD)
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    type_text(qtbot, wizard.operator_page.operator, " 芳")  # "杨芳 芳": the login name cannot have a space
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert "操作员姓名（也是登录用户名）：最多32个字符，不能有空格和引号" in wizard.operator_page.problem.text()


def test_the_operator_becomes_the_first_administrator_and_is_logged_in(qtbot, wizard):
    from fazhi_desktop.core import accounts

    next_page(wizard)
    next_page(wizard)
    set_operator(qtbot, wizard, "杨芳")
    set_passphrase(qtbot, wizard)
    finish(wizard)
    assert wizard.user is not None and wizard.user.name == "杨芳" and wizard.user.role == "admin"
    assert wizard.store.user == wizard.user
    assert [u.name for u in accounts.list_accounts(wizard.store)] == ["杨芳"]
    assert accounts.authenticate(wizard.store, "杨芳", PASSWORD).role_label == "管理员"


def test_the_township_key_is_created_with_the_passphrase(qtbot, wizard):
    from fazhi_desktop.core.bundle import keys

    next_page(wizard)
    next_page(wizard)
    set_operator(qtbot, wizard, "杨芳")
    set_passphrase(qtbot, wizard)
    finish(wizard)
    key = keys.township_key(wizard.store)
    assert key is not None and len(key.fingerprint.split()) == 8
    keys.unlock_township_key(wizard.store, PASSPHRASE)  # the passphrase typed opens it


def test_finish_needs_two_matching_passphrases_long_enough(qtbot, wizard):
    next_page(wizard)
    next_page(wizard)
    set_operator(qtbot, wizard, "杨芳")
    set_passphrase(qtbot, wizard, "short", "short")
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert "太短" in wizard.key_page.problem.text()
    wizard.key_page.passphrase.clear()
    wizard.key_page.again.clear()
    type_text(qtbot, wizard.key_page.passphrase, PASSPHRASE)
    type_text(qtbot, wizard.key_page.again, PASSPHRASE + "x")
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert "不一致" in wizard.key_page.problem.text()
    # said as an error, in red, not in the grey of the help line under it
    assert wizard.key_page.problem.palette().color(wizard.key_page.problem.foregroundRole()).name() == "#b3261e"


def test_county_mode_creates_a_county_database(qtbot, wizard):
    wizard.mode_page.county.setChecked(True)
    next_page(wizard)
    place = wizard.place_page
    assert place.township_combo.isHidden()
    assert place.office.text() == "海原县司法局"
    next_page(wizard)
    set_operator(qtbot, wizard, "田玉春")
    set_passphrase(qtbot, wizard)
    finish(wizard)
    assert wizard.store.is_county
    assert wizard.store.township == "640522"
    assert wizard.store.setting("office_name") == "海原县司法局"


def test_the_countys_passphrase_page_says_what_forgetting_it_means_for_the_county(qtbot, wizard):
    wizard.mode_page.county.setChecked(True)
    next_page(wizard)
    next_page(wizard)
    set_operator(qtbot, wizard, "田玉春")
    set_passphrase(qtbot, wizard)
    said = wizard.key_page.forgotten.text()
    assert "已经送来或还在路上的数据包都无法打开" in said and "把新的县级公钥文件发给每个乡镇" in said
    assert "到县司法局登记" not in said
    # the recovery code first: it sets a new passphrase for the same keys (said before as if nothing could)
    assert "忘记后，所长或管理员可用备份恢复码" in said and "恢复码也没有的" in said
    # kept on paper by the bureau: "请牢记" left the county's key in one technician's head
    assert "请抄在纸上，交局里封存保管（不要和备份U盘放在一起），经办人调走时当面交接。" in said


def test_the_townships_passphrase_page_says_a_new_key_must_be_enrolled_again(qtbot, wizard):
    next_page(wizard)
    next_page(wizard)
    set_operator(qtbot, wizard, "杨芳")
    set_passphrase(qtbot, wizard)
    assert wizard.key_page.forgotten.text().endswith("忘记后只能重新创建密钥并重新到县司法局登记。")


def test_an_existing_office_database_is_not_overwritten(qtbot, wizard, tmp_path, dialogs):
    init_database(tmp_path / "office.db", "640522100", office="海城镇司法所").close()
    next_page(wizard)
    next_page(wizard)
    set_operator(qtbot, wizard, "杨芳")
    set_passphrase(qtbot, wizard)
    finish(wizard)
    assert wizard.store is None and wizard.isVisible()
    kind, title, text = dialogs.shown[-1]
    assert kind == "error" and title == "无法创建数据库" and "不会覆盖" in text


def test_the_suggested_township_and_office_name_can_be_kept_as_they_are(qtbot, wizard):
    next_page(wizard)
    assert wizard.currentPage() is wizard.place_page
    suggested = wizard.place_page.office.text()
    assert suggested.endswith("司法所")
    next_page(wizard)
    assert wizard.currentPage() is wizard.operator_page
    set_operator(qtbot, wizard, "杨芳")
    set_passphrase(qtbot, wizard)
    finish(wizard)
    assert wizard.store.setting("office_name") == suggested


def test_first_start_runs_the_wizard_then_opens_the_new_database(tmp_path, dialogs, monkeypatch):
    from PySide6.QtCore import QSettings

    from fazhi_desktop.core.store import Store
    from fazhi_desktop.qt import app as app_module

    def clerk_fills_in(wizard):
        wizard.show()
        wizard.next()
        choose(wizard.place_page.township_combo, "李旺镇")
        wizard.next()
        wizard.operator_page.operator.setText("马丽")
        wizard.operator_page.password.setText(PASSWORD)
        wizard.operator_page.again.setText(PASSWORD)
        wizard.next()
        wizard.key_cost = FAST_KEY
        wizard.key_page.passphrase.setText(PASSPHRASE)
        wizard.key_page.again.setText(PASSPHRASE)
        finish(wizard)
        return 1

    monkeypatch.setattr(SetupWizard, "exec", clerk_fills_in)
    path = tmp_path / "first.db"
    ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    assert app_module.main(["--db", str(path), "--quit-after-show"], dialogs=dialogs, ui_settings=ui) == 0
    store = Store.open(path)
    try:
        assert store.township == "640522101" and store.setting("office_name") == "李旺镇司法所"
    finally:
        store.close()
    # nothing else pointed to 帮助 → 第一次使用: the steps after setup (accounts, backup stick, roster) show once
    steps = [text for kind, title, text in dialogs.shown if title == "第一次使用"]
    assert len(steps) == 1 and "以后可在“帮助 → 第一次使用”中再看" in steps[0]
    assert "为所长、录入员各建一个账户" in steps[0] and "现有：管理员 1、所长 0、录入员 0" in steps[0]
    assert "抄下备份恢复码" in steps[0] and "在人员名册登记主要负责同志" in steps[0]


def test_cancelling_the_first_start_wizard_creates_nothing(tmp_path, dialogs, monkeypatch):
    from PySide6.QtCore import QSettings

    from fazhi_desktop.qt import app as app_module

    monkeypatch.setattr(SetupWizard, "exec", lambda wizard: 0)
    path = tmp_path / "first.db"
    ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    assert app_module.main(["--db", str(path)], dialogs=dialogs, ui_settings=ui) == 0
    assert not path.exists() and dialogs.shown == []


@pytest.fixture
def old_pc_backup(tmp_path, valid_record) -> tuple[Path, str]:
    """(the backup on the stick, its recovery code) of a 李旺镇 office whose PC died, with one meeting."""
    from fazhi_desktop.core.backup import create_backup, sealing

    old = init_database(tmp_path / "old-pc" / "fazhi.db", "640522101", operator="马丽")
    old.save("meeting", valid_record("meeting", title="旧电脑上的会议"), "马丽")
    backup = create_backup(old.path, tmp_path / "usb").path
    code = sealing.load_key(old.path).code
    old.close()
    return backup, code


def test_a_new_pc_starts_from_the_backup_on_the_stick(qtbot, tmp_path, dialogs, old_pc_backup):
    """The old PC died: the wizard's third choice restores the office's backup, asking for the recovery code. The
    read-me inside every backup says so (it sent a new PC, which has no database, to 设置 → 备份)."""
    import zipfile

    backup, code = old_pc_backup
    wizard = SetupWizard(tmp_path / "new-pc" / "fazhi.db", dialogs, key_cost=FAST_KEY)
    qtbot.addWidget(wizard)
    wizard.show()
    with zipfile.ZipFile(backup) as outer:
        readme = outer.read("fazhi-backup.txt").decode()
    assert "在新电脑上（或重装系统后）：安装并打开法治台账，在“首次使用设置”的第一页选“从备份恢复”" in readme
    assert wizard.windowTitle().endswith("首次使用设置") and wizard.currentPage() is wizard.mode_page
    assert wizard.mode_page.restore.text().startswith("从备份恢复")
    wizard.choose_backup = lambda: backup
    wizard.mode_page.restore.setChecked(True)
    dialogs.text_answers = ["ABCD-EFGH", code.lower()]  # a slip first, then the code as copied
    dialogs.confirm_answers = [True]
    next_page(wizard)
    asked = [label for kind, _, label in dialogs.shown if kind == "ask_text"]
    assert len(asked) == 2 and "需要输入它的备份恢复码" in asked[0] and "恢复码应为 6 组" in asked[1]
    assert "检查通过" in next(text for kind, _, text in dialogs.shown if kind == "confirm")
    assert wizard.store is not None, dialogs.shown
    qtbot.waitUntil(lambda: not wizard.isVisible())  # closed: the program opens the restored database
    assert wizard.result() == QWizard.DialogCode.Accepted
    done = next(text for kind, title, text in dialogs.shown if title == "恢复完成")
    # the stick is not chosen here
    assert "备份文件夹已回到默认" in done and "请在“设置”页的“备份”一栏重新选择U盘" in done
    try:
        assert wizard.store.township == "640522101"
        assert [r["title"] for r in wizard.store.list(ListQuery("meeting"))] == ["旧电脑上的会议"]
    finally:
        wizard.store.close()



def test_the_recovery_code_opens_the_backup_on_a_worker_thread_behind_a_progress_box(qtbot, tmp_path, dialogs,
                                                                                     old_pc_backup, monkeypatch):
    """On a new PC the seconds of opening the key with the recovery code froze the wizard under a wait cursor, with
    nothing said (code review, eighteenth session): the backup is now checked as 设置 → 从备份恢复 checks it."""
    import threading

    from PySide6.QtWidgets import QProgressDialog

    from fazhi_desktop.core import backup as backup_package
    from fazhi_desktop.core.backup import sealing

    backup, code = old_pc_backup
    on_gui_thread, labels = [], []
    real_prepare, real_label = backup_package.prepare_restore, QProgressDialog.setLabelText

    def prepare(*args, **kwargs):
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return real_prepare(*args, **kwargs)

    monkeypatch.setattr(backup_package, "prepare_restore", prepare)
    monkeypatch.setattr(QProgressDialog, "setLabelText", lambda box, text: (labels.append(text), real_label(box, text)))
    wizard = SetupWizard(tmp_path / "new-pc" / "fazhi.db", dialogs, key_cost=FAST_KEY)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.choose_backup = lambda: backup
    wizard.mode_page.restore.setChecked(True)
    dialogs.text_answers, dialogs.confirm_answers = [code], [True]
    next_page(wizard)
    assert on_gui_thread == [False, False]  # without the code (it is asked for), then with it
    assert sealing.OPENING_KEY in labels  # said in the box before the pause
    assert wizard.store is not None, dialogs.shown
    wizard.store.close()


def test_first_start_on_a_new_pc_restores_the_backup_and_opens_it(tmp_path, dialogs, monkeypatch, old_pc_backup):
    """Through the program itself, which holds the lock on the database file the restore puts in place."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from fazhi_desktop.core.store import Store
    from fazhi_desktop.qt import app as app_module

    backup, code = old_pc_backup

    def clerk_restores(wizard):
        wizard.show()
        wizard.choose_backup = lambda: backup
        wizard.mode_page.restore.setChecked(True)
        next_page(wizard)
        QApplication.processEvents()
        return 1

    monkeypatch.setattr(SetupWizard, "exec", clerk_restores)
    dialogs.text_answers, dialogs.confirm_answers = [code], [True]
    path = tmp_path / "new-pc" / "fazhi.db"
    ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    assert app_module.main(["--db", str(path), "--quit-after-show"], dialogs=dialogs, ui_settings=ui) == 0
    assert not [t for kind, t, _ in dialogs.shown if kind == "error"], dialogs.shown
    assert "第一次使用" not in [title for _, title, _ in dialogs.shown]  # a restored office has done its first day
    store = Store.open(path)
    try:
        assert [r["title"] for r in store.list(ListQuery("meeting"))] == ["旧电脑上的会议"]
    finally:
        store.close()


def test_an_office_name_that_does_not_name_its_township_is_said_on_the_place_page(qtbot, wizard, dialogs, tmp_path):
    """The county enrols the office's key by its code and office name and refuses a pair that disagree (an enrolment
    file edited to another township's code): an office set up as 司法所 alone could never be enrolled, and its name
    cannot be changed after setup. So the setup says it at once, before the password is chosen."""
    next_page(wizard)
    place = wizard.place_page
    choose(place.township_combo, "李旺镇")
    place.office.clear()
    type_text(qtbot, place.office, "海城镇司法所")
    next_page(wizard)
    assert wizard.currentPage() is place
    assert "单位名称“海城镇司法所”没有写出所在的李旺镇（或写了别的乡镇）" in dialogs.texts()
    place.office.clear()
    type_text(qtbot, place.office, "李旺司法所")  # the place without 镇 is its name too
    next_page(wizard)
    assert wizard.currentPage() is wizard.operator_page
    with pytest.raises(FazhiError, match="没有写出所在的李旺镇"):  # the CLI's `fazhi init --office` the same
        init_database(tmp_path / "other.db", "640522101", office="司法所")
    assert not (tmp_path / "other.db").exists()


def test_a_county_office_name_with_markup_is_said_on_the_place_page(qtbot, wizard, dialogs):
    """The county's name heads its reports and its key file's first line: markup pasted with it is refused before
    the password is chosen (a township's too, core/test_office_name_shape.py)."""
    wizard.mode_page.county.setChecked(True)
    next_page(wizard)
    place = wizard.place_page
    place.office.setText("<b>海原县司法局</b>")
    next_page(wizard)
    assert wizard.currentPage() is place
    assert "单位名称含有符号 / < >" in dialogs.texts()
    place.office.setText("海原县司法局")
    next_page(wizard)
    assert wizard.currentPage() is wizard.operator_page


def test_the_place_page_says_where_the_office_name_is_changed_after_setup(qtbot, wizard):
    """It said 可以修改 when nothing changed it after setup, then 设置后不能再修改 once 修改单位名称 (the 管理员, in
    设置) did: it now says who changes it and where. 设置 shows it as plain text, with nothing to type into."""
    from PySide6.QtWidgets import QLabel, QLineEdit

    from fazhi_desktop.qt.settings_view import SettingsView

    next_page(wizard)
    said = " ".join(label.text() for label in wizard.place_page.findChildren(QLabel))
    assert "不能再修改" not in said and "可由管理员在“设置”中修改单位名称" in said
    next_page(wizard)
    set_operator(qtbot, wizard, "张三")
    set_passphrase(qtbot, wizard)
    finish(wizard)
    assert wizard.store is not None
    settings = SettingsView(wizard.store, False)
    qtbot.addWidget(settings)
    office = wizard.store.setting("office_name")
    assert office in [label.text() for label in settings.findChildren(QLabel)]
    assert not [edit for edit in settings.findChildren(QLineEdit) if edit.text() == office]


@pytest.mark.parametrize(("answers", "title", "start"), [
    (["AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", None], "没有输入备份恢复码", "备份没有恢复。"),  # a wrong code, then 取消
    (["AAAA-BBBB-CCCC-DDDD-EEEE-FFFF"] * 3, "不能用这个备份恢复", "恢复码不对"),
])
def test_a_new_pc_without_the_recovery_code_is_told_where_it_is_and_the_way_on_without_it(
        qtbot, tmp_path, dialogs, old_pc_backup, answers, title, start):
    """The wizard went back to its first page without a word after 取消: a dead end."""
    backup, _ = old_pc_backup
    wizard = SetupWizard(tmp_path / "new-pc" / "fazhi.db", dialogs, key_cost=FAST_KEY)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.choose_backup = lambda: backup
    wizard.mode_page.restore.setChecked(True)
    dialogs.text_answers = answers
    next_page(wizard)
    said = next(text for kind, shown, text in dialogs.shown if shown == title)
    assert said.startswith(start)
    assert "一般由所长保管" in said
    assert "在旧电脑上的“设置”页的“备份”一栏点“显示恢复码”查看（命令行：fazhi backup-settings --recovery-code）" in said
    assert "只能按“重装”处理：在本页选“乡镇司法所”重新设置" in said
    assert "由县里以“替换”方式登记新密钥（fazhi enrol --replace），并为新安装写一份回执" in said
    assert "先用“数据交换 → 导入县级回执”导入这份回执，再登记台账" in said
    assert wizard.store is None and wizard.currentPage() is wizard.mode_page


def test_the_backup_chooser_opens_in_the_backup_folder_else_on_the_stick_else_home(tmp_path, monkeypatch):
    from fazhi_desktop.core.backup import config as backup_config
    from fazhi_desktop.qt import exchange
    from fazhi_desktop.qt.wizard import backup_start

    db = tmp_path / "new-pc" / "fazhi.db"
    stick = exchange.Drive(tmp_path / "U盘", "U盘（F:，只读）", 0, read_only=True)  # only read here: fine
    monkeypatch.setattr(exchange, "removable_drives", lambda: [stick])
    assert backup_start(db) == stick.path
    backup_config.default_folder(db).mkdir(parents=True)
    assert backup_start(db) == backup_config.default_folder(db)
    monkeypatch.setattr(exchange, "removable_drives", lambda: [])
    backup_config.default_folder(db).rmdir()
    assert backup_start(db) == Path.home()
