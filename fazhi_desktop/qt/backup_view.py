"""备份 in the desktop program: the settings section, 文件 → 立即备份 / 从备份恢复…, and the automatic backups
(when the window closes after changes, and once a day while it stays open).

`install(window)` adds all of it to a main window. The questions asked (folders, the backup file, the typed
confirmation) go through `BackupPrompts`; tests set `window.backup_prompts` to a scripted replacement. Backups and
the checking of a backup run on a worker thread (qt/tasks.py); failures are shown, never fatal.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from fazhi_desktop.core.backup import config as backup_config
from fazhi_desktop.core.backup.sealing import CODE_UNSEEN
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.permissions import why_not_logged_in
from fazhi_desktop.core.places import BACKUP_SECTION
from fazhi_desktop.qt import settings_view
from fazhi_desktop.qt.checkpoints import commits_of

if TYPE_CHECKING:
    from fazhi_desktop.core.backup import BackupResult, PreparedRestore
    from fazhi_desktop.core.jobs import Progress
    from fazhi_desktop.qt.backup_widgets import BackupPrompts, BackupSection
    from fazhi_desktop.qt.tasks import Task

# The backup and restore code (zipfile, hashing, checks), the task runner and the widgets (qt/backup_widgets.py) are
# imported when first needed: every window installs this module at start-up, and start-up time is measured.

CONFIRM_WORD = "恢复"
FIRST_DAILY_CHECK_MS = 60_000  # a minute after start: the window is up and the clerk at work
DAILY_CHECK_MS = 3_600_000  # then hourly: a backup is made when the last one is a day old and data changed


class BackupController:
    """Backups of one main window's database (a plain object: its timer belongs to the window)."""

    def __init__(self, window: Any):
        self.window = window
        self.db_path: Path = window.store.path
        self.task: Task | None = None
        self.section: BackupSection | None = None
        self.closing_without_backup = False  # after a restore: the program closes, the database is another one
        self.auto_failure_shown = False
        self.auto_problems_shown = False  # an automatic backup's copy failed the record check: said once a session
        self.auto_missing_shown = False  # an automatic backup lacked registered attachments: said once a session
        self.started_mtime = backup_config.database_mtime(self.db_path)
        # the commits to the file, by this window's connection or another's (a job's on a worker thread): a second
        # witness besides the file times, which Windows may not bring up to date while SQLite holds the files open
        self.started_changes = commits_of(self.window.store)
        self.timer = QTimer(window)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.daily_check)
        self.timer.start(FIRST_DAILY_CHECK_MS)

    # -- settings ------------------------------------------------------------------------------------------------

    def prompts(self) -> BackupPrompts:
        from fazhi_desktop.qt.backup_widgets import BackupPrompts

        return getattr(self.window, "backup_prompts", None) or BackupPrompts()

    def settings(self) -> backup_config.BackupSettings:
        return backup_config.load_settings(self.db_path)

    def _save(self, change: Callable[[backup_config.BackupSettings], None]) -> None:
        settings = self.settings()
        change(settings)
        try:
            backup_config.save_settings(self.db_path, settings)
        except FazhiError as exc:
            self.window.dialogs.error(self.window, "无法保存备份设置", str(exc))
        if self.section is not None:
            self.section.refresh()

    def choose_folder(self) -> None:
        if not self._allowed("backup.settings", "备份设置"):
            return
        start = backup_config.backup_folder(self.db_path)
        folder = self.prompts().folder(self.window, "选择备份文件夹（建议U盘）", start if start.is_dir() else None)
        if folder is None:
            return
        if not folder.is_dir():
            self.window.dialogs.error(self.window, "无法使用这个文件夹", f"文件夹不存在：{folder}")
            return
        self._save(lambda s: setattr(s, "folder", str(folder)))

    def set_keep(self, daily: int, weekly: int) -> None:
        if not self._allowed("backup.settings", "备份设置"):
            self._refresh()  # the boxes back to what is kept
            return

        def change(settings: backup_config.BackupSettings) -> None:
            settings.keep_daily, settings.keep_weekly = daily, weekly

        self._save(change)

    # -- backing up ------------------------------------------------------------------------------------------------

    def backup_now(self) -> Task | None:
        """立即备份: on a worker thread, with progress and 取消; the result or the failure is shown."""
        if self.task is not None or not self._allowed("backup", "立即备份"):
            return None
        self.task = self._start("正在备份……")
        self.task.done.connect(self._backed_up)
        self.task.failed.connect(lambda message, cancelled: self._failed("备份失败", message, cancelled))
        return self.task

    def _start(self, title: str) -> Task:
        from fazhi_desktop.core.backup import create_backup
        from fazhi_desktop.qt.tasks import run_task

        db_path, clock = self.db_path, self.window.store.clock

        def job(progress: Progress) -> BackupResult:
            return create_backup(db_path, clock=clock, progress=progress)

        return run_task(self.window, title, job)

    def _backed_up(self, result: BackupResult) -> None:
        self.task = None
        self._refresh()
        if result.problems:
            self.window.dialogs.warn(self.window, PROBLEMS_TITLE, "\n".join(result.lines()))
        elif result.missing_attachments:
            self.window.dialogs.warn(self.window, "备份完成，但缺少附件", "\n".join(result.lines()))
        else:
            self.window.dialogs.info(self.window, "备份完成", "\n".join(result.lines()))
        self._say_new_code(result)

    def _failed(self, title: str, message: str, cancelled: bool) -> None:
        self.task = None
        self._refresh()
        if not cancelled:
            self.window.dialogs.error(self.window, title, f"{message}\n\n数据库本身没有受影响。")

    def _refresh(self) -> None:
        if self.section is not None:
            self.section.refresh()

    def daily_check(self) -> None:
        """Hourly: back up when the last backup is a day old and the data changed since. Quiet unless it fails."""
        self.timer.start(DAILY_CHECK_MS)
        if self.task is not None or self.closing_without_backup:
            return
        if not backup_config.daily_backup_due(self.db_path, self.window.store.clock()):
            return
        self.task = self._start("正在自动备份……")
        self.task.done.connect(self._auto_done)
        self.task.failed.connect(self._auto_failed)

    def _auto_done(self, result: BackupResult) -> None:
        self.task = None
        self._refresh()
        self.window.statusBar().showMessage(f"已自动备份：{result.path.name}", 10_000)
        if result.problems and not self.auto_problems_shown:
            self.auto_problems_shown = True  # hourly backups must not nag; each manual backup says it again
            self.window.dialogs.warn(self.window, PROBLEMS_TITLE, "\n".join(result.problem_lines()))
        self._say_missing(result)
        self._say_new_code(result)

    def _say_missing(self, result: BackupResult) -> None:
        """An automatic backup went out without attachments the database registers: said once a session (the
        hourly check must not nag), so that weeks of backups do not lack the files unnoticed."""
        if not result.missing_lines() or self.auto_missing_shown:
            return
        self.auto_missing_shown = True
        self.window.statusBar().showMessage("自动备份缺少附件", 10_000)
        self.window.dialogs.warn(self.window, MISSING_TITLE, "\n".join(result.missing_lines())
                                 + "\n\n找回之前，以后的每次备份都会缺少这些附件；本次运行中不再提示。")

    def _say_new_code(self, result: BackupResult) -> None:
        """The first encrypted backup made the recovery code: it is said once, large, to a 所长 or 管理员 (whoever
        holds it can read every backup). Made by anyone else, or with nobody logged in, the code waits: the next
        所长 or 管理员 to log in is shown it (remind_code)."""
        if not result.new_recovery_code or self.window.store.closed:  # closed: the window is going away; the
            return  # code stays in 设置 → 备份 → 显示恢复码 for a 所长 or 管理员
        if self._may_see_code():
            self._show_code(result.new_recovery_code)
            return
        if self.window.store.setting(CODE_UNSEEN) == "1":
            return  # said once to whoever made it: until a 所长 or 管理员 has seen the code, every backup offers it
        self.window.store.set_settings(**{CODE_UNSEEN: "1"})
        self.window.dialogs.info(self.window, "备份恢复码", "备份已加密，并生成了备份恢复码（换电脑恢复备份时需要）。"
                                 "恢复码只给所长或管理员看：所长或管理员下次登录时会看到它，请抄在纸上妥善保管。")

    def _may_see_code(self) -> bool:
        """A 所长 or 管理员 is logged in, or the database has no accounts (then whoever runs the program)."""
        from fazhi_desktop.core.accounts import has_accounts

        store = self.window.store
        if store.user is None:
            return not has_accounts(store)
        return why_not_logged_in(store.user, "keys.manage") is None

    def remind_code(self) -> None:
        """A 所长 or 管理员 logged in while the code made by someone else's backup is still unseen: show it now."""
        if self.window.store.user is None or not self._may_see_code():
            return
        from fazhi_desktop.core.backup import BackupError, load_key

        try:
            key = load_key(self.db_path)
        except BackupError:
            return  # 显示恢复码 says what is wrong with the key file
        if key is None or (key.shown and self.window.store.setting(CODE_UNSEEN) != "1"):
            return  # (the key file says whether the code was shown; the setting is what earlier versions left)
        self._show_code(key.code)

    def _show_code(self, code: str, text: str = "", title: str = "备份恢复码") -> None:
        """The recovery code, large, to a 所长 or 管理员; once copied (its last group typed back), it is not offered
        again."""
        from fazhi_desktop.core.backup import mark_code_shown

        if self.window.dialogs.show_code(self.window, title, code, text or RECOVERY_CODE_TEXT):
            self.window.store.set_settings(**{CODE_UNSEEN: None})
            mark_code_shown(self.db_path)

    def _auto_failed(self, message: str, cancelled: bool) -> None:
        self.task = None
        if cancelled or self.auto_failure_shown:
            return
        self.auto_failure_shown = True  # once a session: a missing USB stick must not nag every hour
        self.window.statusBar().showMessage("自动备份失败", 10_000)
        self.window.dialogs.warn(self.window, "自动备份失败",
                                 f"{message}\n\n数据库本身没有受影响。请在{BACKUP_SECTION}检查备份文件夹。")

    def backup_on_close(self) -> None:
        """The window is closing: back up when the data changed during this session. Waits for the backup (with
        progress and 取消); a failure is shown and the program still closes."""
        self.timer.stop()
        if self.closing_without_backup or self.task is not None:
            return
        if commits_of(self.window.store) in (None, self.started_changes):
            if backup_config.database_mtime(self.db_path) <= self.started_mtime:
                return  # nothing changed in this session: the last backup (or the next daily one) has it
            if not backup_config.changed_since_backup(self.db_path):
                return
        task = self._start("正在备份（退出前）……")
        ok, value = wait_for(task)
        if ok:
            if value.problems:
                self.window.dialogs.warn(self.window, PROBLEMS_TITLE, "\n".join(value.problem_lines()))
            self._say_missing(value)
            self._say_new_code(value)
        elif value is not None:
            self.window.dialogs.warn(self.window, "退出前备份失败",
                                     f"{value}\n\n程序照常退出，数据库本身没有受影响。"
                                     f"请在{BACKUP_SECTION}检查备份文件夹，或稍后用“立即备份”再试。")

    def _allowed(self, action: str, title: str) -> bool:
        """Whether the logged-in user may take `action`; if not, says why (the buttons are disabled too). Asked of
        core, which also refuses an account stopped since its login (a stopped 管理员 restores nothing)."""
        try:
            self.window.store.permit(action)
        except FazhiError as exc:
            self.window.dialogs.error(self.window, title, str(exc))
            return False
        return True

    def delete_set_aside(self, days: int) -> None:
        """删除较早的…: the data restores set aside more than `days` days ago, listed and asked first (管理员; never
        the newest: core/backup/set_aside.py)."""
        from fazhi_desktop.core.backup import set_aside
        from fazhi_desktop.core.clock import local_now

        if not self._allowed("restore", "删除恢复时换下的数据"):
            return
        now = local_now(self.window.store.clock)
        found = set_aside.find(self.db_path)
        chosen = set_aside.older_than(found, days, now)
        title = "删除恢复时换下的数据"
        if not chosen:
            newest = f"最近一份 {found[0].name} 总是保留。" if found else ""
            self.window.dialogs.info(self.window, title, f"没有 {days} 天以前恢复时换下的数据。{newest}")
            return
        text = "\n".join([f"将永久删除以下 {len(chosen)} 份恢复时换下的数据（{self.db_path.parent} 中）：",
                          *(aside.said(now) for aside in chosen), "",
                          f"最近一份 {found[0].name} 保留。删除后不能恢复，确定删除吗？"])
        if not self.window.dialogs.confirm(self.window, title, text, yes="删除", default=False):
            return
        deleted, problems = set_aside.delete(self.db_path, chosen)
        self._refresh()
        said = f"已删除 {deleted} 份恢复时换下的数据。"
        if problems:
            self.window.dialogs.warn(self.window, title, "\n".join([said, *problems]))
        else:
            self.window.dialogs.info(self.window, title, said)

    def show_recovery_code(self) -> None:
        from fazhi_desktop.core.backup import BackupError, load_key

        if not self._allowed("keys.manage", "备份恢复码"):
            return
        try:
            key = load_key(self.db_path)
        except BackupError as exc:
            self.window.dialogs.error(self.window, "备份恢复码", str(exc))
            return
        if key is None:
            self.window.dialogs.info(self.window, "备份恢复码", "还没有加密备份：第一次备份时生成恢复码。")
            return
        self._show_code(key.code)

    def change_recovery_code(self) -> Task | None:
        """更换恢复码…: what it means asked first (Enter: 取消), the new key made on a worker thread (scrypt), its code
        shown once as the first one is (core/backup/code_change.py)."""
        from fazhi_desktop.core.backup.code_change import BEFORE

        if not self._allowed("keys.manage", "更换恢复码"):
            return None
        if self.task is not None:  # a backup being made now would be sealed with the old code
            self.window.dialogs.info(self.window, "更换恢复码", "正在备份，请等备份完成后再更换恢复码。")
            return None
        if not self.window.dialogs.confirm(self.window, "更换备份恢复码", BEFORE, yes="更换恢复码", default=False):
            return None
        from fazhi_desktop.core.backup.code_change import change_recovery_code
        from fazhi_desktop.core.backup.sealing import MAKING_KEY
        from fazhi_desktop.qt.tasks import own_store_job, run_task

        self.task = run_task(self.window, MAKING_KEY, own_store_job(self.window.store, change_recovery_code))
        self.task.done.connect(self._code_changed)
        self.task.failed.connect(lambda message, cancelled: self._failed("无法更换恢复码", message, cancelled))
        return self.task

    def _code_changed(self, key) -> None:
        from fazhi_desktop.core.backup.code_change import AFTER

        self.task = None
        self._refresh()
        self._show_code(key.code, AFTER, "新的备份恢复码")

    # -- restoring -------------------------------------------------------------------------------------------------

    def restore_from_backup(self) -> None:
        """从备份恢复…: choose a file, check it completely (worker thread), confirm by typing 恢复, then swap; the
        program closes afterwards (the restored database has its own accounts and settings)."""
        if self.task is not None or not self._allowed("restore", "从备份恢复"):
            return
        from fazhi_desktop.core import renamed

        store = self.window.store
        if (moved := renamed.said(store.path, store.conn, renamed.NO_RESTORE)) is not None:  # before a file is chosen
            self.window.dialogs.error(self.window, "不能从备份恢复", f"{moved}。\n\n当前数据没有任何改动。")
            return
        start = backup_config.backup_folder(self.db_path)
        path = self.prompts().backup_file(self.window, "选择要恢复的备份文件", start if start.is_dir() else None)
        if path is None:
            return
        self._check(path, force=False)

    def _check(self, path: Path, force: bool, code: str | None = None) -> None:
        from fazhi_desktop.qt.tasks import run_task

        job = _prepare_job(self.db_path, path, force, code, self.window.store.ledgers)
        self.task = run_task(self.window, CHECKING, job)
        self.task.done.connect(lambda result: self._checked(path, result, force, code))
        self.task.failed.connect(self._check_failed)

    def _check_failed(self, message: str, cancelled: bool) -> None:
        self.task = None
        if not cancelled:
            self.window.dialogs.error(self.window, "不能用这个备份恢复", f"{message}\n\n当前数据没有任何改动。")

    def _checked(self, path: Path, prepared: PreparedRestore | Exception, force: bool, code: str | None) -> None:
        from fazhi_desktop.core.backup import OtherOffice, RecoveryCodeNeeded, WrongRecoveryCode, sealing
        from fazhi_desktop.core.backup.key_roster import KEPT_SAID
        from fazhi_desktop.qt.backup_widgets import mismatched_accepted

        self.task = None
        window = self.window
        if isinstance(prepared, (RecoveryCodeNeeded, WrongRecoveryCode)):  # asked until right or cancelled
            code = ask_recovery_code(window.dialogs, window, sealing.question(prepared))
            if code is not None:
                self._check(path, force, code)
            return
        if isinstance(prepared, OtherOffice):
            if window.dialogs.confirm(window, "备份属于另一个单位", str(prepared), yes="仍然恢复"):
                self._check(path, True, code)
            return
        if not mismatched_accepted(window.dialogs, window, prepared):
            prepared.discard()
            return
        records = sum(window.store.count(name) for name in window.store.ledgers)
        text = ("\n".join(prepared.lines()) +
                f"\n\n恢复后，当前数据库（{records} 条记录）中备份之后的所有修改都将不在新数据库中"
                + ("。" if prepared.new_install else "（账户除外：停用、密码、角色保持现在的样子）。")
                + (KEPT_SAID if window.store.is_county else "") +
                f"当前数据会改名保留（{self.db_path.stem}-before-restore-…），不会删除。\n"
                "恢复完成后程序将关闭，请重新打开。")
        if not self.prompts().typed_confirmation(window, "从备份恢复", text, CONFIRM_WORD):
            prepared.discard()
            return
        if not all(editor.close() for editor in list(window.editors.values())):
            prepared.discard()
            return
        self._commit(prepared)

    def _commit(self, prepared: PreparedRestore) -> None:
        window = self.window
        window.store.close()  # the file is about to be replaced: no connection of ours may stay open
        self.closing_without_backup = True
        try:
            result = prepared.commit(_actor(window), lock=getattr(window, "instance_lock", None),
                                     clock=window.store.clock, accept_mismatched=True)  # asked in _checked
        except FazhiError as exc:
            window.dialogs.error(window, "恢复失败", f"{exc}\n\n当前数据没有改变。程序将关闭，请重新打开。")
        else:
            window.dialogs.info(window, "恢复完成", "\n".join([*result.lines(), result.manifest.summary()])
                                + "\n\n程序将关闭，请重新打开。")
        window.close()


RECOVERY_CODE_TEXT = ("备份文件是加密的。在这台电脑上恢复不需要它；电脑坏了、在另一台电脑上恢复时，需要输入这个恢复码。"
                      "请抄在纸上，与备份U盘分开妥善保管，不要发给他人。")


PROBLEMS_TITLE = "备份完成，但数据库没有通过检查"
MISSING_TITLE = "自动备份缺少附件"


def ask_recovery_code(dialogs, parent: QWidget | None, why: str) -> str | None:
    """The backup's recovery code, typed by the user (None: cancelled or left empty)."""
    code = dialogs.ask_text(parent, "输入备份恢复码", f"{why}。\n\n备份恢复码：")
    return code.strip() or None if code is not None else None


def wait_for(task: Task) -> tuple[bool, Any]:
    """Wait (processing events, so the progress dialog works) until `task` ends: (True, result) or (False,
    message), message None when cancelled."""
    loop = QEventLoop()
    outcome: list[tuple[bool, Any]] = []
    task.done.connect(lambda result: (outcome.append((True, result)), loop.quit()))
    task.failed.connect(lambda message, cancelled: (outcome.append((False, None if cancelled else message)),
                                                    loop.quit()))
    if not outcome:  # results arrive as queued signals: none can have been delivered before the loop runs
        loop.exec()
    return outcome[0]


#: the progress box's title while a backup is decrypted (with the recovery code: seconds) and checked
CHECKING = "正在检查备份……"


def _prepare_job(db_path: Path, backup: Path, force: bool, code: str | None,
                 ledgers: dict | None = None) -> Callable[[Progress], PreparedRestore | Exception]:
    """prepare_restore as a Task's job: the questions it raises (the recovery code, another office) handed back as
    values, for the GUI thread to ask."""
    from fazhi_desktop.core.backup import OtherOffice, RecoveryCodeNeeded, WrongRecoveryCode, prepare_restore

    def job(progress: Progress) -> PreparedRestore | Exception:
        try:
            return prepare_restore(db_path, backup, force=force, progress=progress, ledgers=ledgers,
                                   recovery_code=code)
        except (OtherOffice, RecoveryCodeNeeded, WrongRecoveryCode) as exc:
            return exc

    return job


def prepare_and_wait(parent: QWidget | None, db_path: Path, backup: Path, *, force: bool = False,
                     code: str | None = None) -> PreparedRestore | None:
    """prepare_restore for the first-start wizard and the damaged-database offer, which wait for it: on a worker
    thread behind a progress box that blocks the rest (`正在用恢复码解开备份密钥…` shown before scrypt's seconds, then
    the checking, 取消 working), as 设置 → 从备份恢复 does. None when cancelled; raises what prepare_restore raises
    (a failure of another kind as a FazhiError with its message), so sealing.with_recovery_code can ask again."""
    from fazhi_desktop.qt.tasks import Task

    task = Task(parent, CHECKING, _prepare_job(db_path, backup, force, code))
    task.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)  # no second click while it runs
    task.dialog.setMinimumDuration(0)
    ok, value = wait_for(task.start())
    if not ok:
        if value is None:
            return None
        raise FazhiError(value)
    if isinstance(value, Exception):
        raise value
    return value


def _actor(window: Any) -> str:
    """Who restores, as a name: the window's actor is the logged-in account (a User) or a name."""
    actor = getattr(window, "actor", None)
    return str(getattr(actor, "name", None) or actor or getpass.getuser() or "操作员")


def install(window: Any) -> BackupController:
    """Backups for a main window: 文件 menu actions, the 设置 section (when that page is built), the daily check and
    the backup on close. Returns the controller (also `window.backup`)."""
    controller = BackupController(window)
    window.backup = controller
    _add_menu_actions(window, controller)
    settings_view.when_built(window, lambda page: _add_section(controller, page))
    if hasattr(window, "about_to_close"):
        window.about_to_close.connect(controller.backup_on_close)
    return controller


def _add_section(controller: BackupController, page: settings_view.SettingsView) -> None:
    from fazhi_desktop.qt.backup_widgets import BackupSection

    controller.section = BackupSection(controller, page.content)
    page.add_section(controller.section)


def _add_menu_actions(window: Any, controller: BackupController) -> None:
    """文件 → 立即备份 / 从备份恢复…, above 退出."""
    file_menu = next((a.menu() for a in window.menuBar().actions() if a.menu() is not None
                      and a.text().startswith("文件")), None)
    if file_menu is None:
        return
    quit_action = next((a for a in file_menu.actions() if a.text().startswith("退出")), None)
    from fazhi_desktop.qt.session import PERMISSION

    for text, slot, permission in (("立即备份(&B)", controller.backup_now, "backup"),
                                   ("从备份恢复(&R)…", controller.restore_from_backup, "restore")):
        action = QAction(text, window)
        action.triggered.connect(lambda _=False, s=slot: s())
        action.setProperty(PERMISSION, permission)
        file_menu.insertAction(quit_action, action)
    file_menu.insertSeparator(quit_action)
