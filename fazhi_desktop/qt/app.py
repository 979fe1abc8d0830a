"""`fazhi-desktop`: the composition root of the GUI. Opens (or sets up) the database and shows the main window.

    fazhi-desktop                 the office database in the data directory (setup wizard on first start)
    fazhi-desktop --db PATH       another database file
    fazhi-desktop --demo          a demonstration database, created and filled on first use (at --db if given)
    fazhi-desktop --demo --county the county's demonstration database (core/county_demo.py), made alike
    fazhi-desktop --self-test     check this installation (database, forms, PDF, window) and exit (selftest.py)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from fazhi_desktop import argparse_chinese
from fazhi_desktop.core import instance, paths, private_files
from fazhi_desktop.qt import crash, fonts, safety
from fazhi_desktop.qt.dialogs import Dialogs, install_translations
from fazhi_desktop.qt.main_window import MainWindow
from fazhi_desktop.qt.ui_settings import UiSettings

if TYPE_CHECKING:  # the database modules load after the window is on screen (see main)
    from fazhi_desktop.core.store import Store

DEMO_OPERATOR = "演示用户"
DEMO_SEED = 2026
DEMO_PER_LEDGER = 30


def open_errors() -> tuple[type[BaseException], ...]:
    """What may go wrong opening a file the user named: each is shown as a message, never a traceback."""
    import sqlite3

    from fazhi_desktop.core.errors import FazhiError
    from fazhi_desktop.core.forms import FormError

    return FazhiError, FormError, sqlite3.Error, OSError, ValueError


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    argparse_chinese.install()
    parser = argparse.ArgumentParser(prog="fazhi-desktop", description="法治台账（桌面程序）")
    parser.add_argument("--db", type=Path, help="打开指定的数据库文件（默认：数据目录中的 fazhi.db）")
    parser.add_argument("--demo", action="store_true",
                        help="打开演示数据库（首次使用时自动生成演示数据；与 --db 同用时演示数据库放在该文件）")
    parser.add_argument("--county", action="store_true",
                        help="与 --demo 同用：打开县级演示数据库（几个演示乡镇的数据包已登记、导入，可看县级汇总）")
    parser.add_argument("--quit-after-show", action="store_true", help=argparse.SUPPRESS)  # for bench/
    parser.add_argument("--self-test", action="store_true",
                        help="检查本机的法治台账能否正常工作（资源、台账定义、数据库、PDF、界面），然后退出")
    args = parser.parse_args(argv)
    if args.county and not args.demo:
        parser.error("--county 只能与 --demo 同用（fazhi-desktop --demo --county：县级演示数据库）；"
                     "县里正式的数据库在首次使用设置中选“县司法局”建立")
    return args


def open_or_set_up(path: Path, dialogs, lock=None, progress=None) -> Store | None:
    """The database at `path`; the setup wizard first when there is none yet. None when the user cancels setup.
    `progress`: told how a search index rebuilt after an upgrade goes (Store.open)."""
    from fazhi_desktop.core.backup.journal import unfinished
    from fazhi_desktop.core.store import Store

    if path.exists() or unfinished(path):  # (a restore cut before its database was moved in: finished first)
        store = Store.open(path, progress=progress)
        if store.setting("township"):
            return store
        store.close()  # created but never set up (setup interrupted): set it up now
    from fazhi_desktop.qt.wizard import SetupWizard  # only on first start

    wizard = SetupWizard(path, dialogs, lock=lock)
    wizard.exec()
    return wizard.store


def open_demo(path: Path, named: bool = False, county: bool = False) -> Store:
    """The demonstration database, filled once (seed fixed) and then reused as it is, with the demonstration
    accounts (管理员 admin, 所长 杨芳, 录入员 马丽; password core.accounts.DEMO_PASSWORD). `county`: the county's
    (core/county_demo.py), its 数据包密钥口令 the same password.

    `named`: the user gave the file (`--demo --db FILE`). Then only a new file or an existing demonstration
    database is taken: any other file is refused untouched (never migrated, given demo accounts or replaced)."""
    from fazhi_desktop.core.accounts import add_demo_accounts
    from fazhi_desktop.core.errors import FazhiError
    from fazhi_desktop.core.store import Store

    if named and path.exists() and not _is_demo(path):
        raise FazhiError(f"{path} 已存在，且不是演示数据库：--demo 与 --db 同用时，只能指定新文件或已有的演示数据库"
                         "（这个文件没有被改动）")
    if path.exists():
        store = Store.open(path)
        if store.setting("township") and store.is_county != county:
            store.close()
            raise FazhiError(f"{path} 是{'乡镇' if county else '县级'}演示数据库：打开它请用 fazhi-desktop --demo"
                             f"{'' if county else ' --county'} --db {path.name}（这个文件没有被改动）")
        if store.setting("township"):
            add_demo_accounts(store)  # a demo database made before accounts existed gets them too
            if store.setting("demo") != "1":
                store.set_settings(demo="1")
            return store
        store.close()
        path.unlink()
    from PySide6.QtCore import Qt  # not at start-up: see main_window's note on the Qt namespace

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        if county:
            _build_county_demo(path)
        else:
            _build_demo(path)
    finally:
        QApplication.restoreOverrideCursor()
    return Store.open(path)


def _build_demo(path: Path) -> None:
    import shutil

    from fazhi_desktop.core import demo_work
    from fazhi_desktop.core.accounts import add_demo_accounts
    from fazhi_desktop.core.attachments import files_dir, files_dir_at
    from fazhi_desktop.core.clock import local_today
    from fazhi_desktop.core.demo import DEMO_OFFICE, DEMO_TOWNSHIP, fill_demo
    from fazhi_desktop.core.setup import init_database

    partial = path.with_name(path.name + ".partial")
    for leftover in path.parent.glob(partial.name + "*"):
        leftover.unlink()
    store = init_database(partial, DEMO_TOWNSHIP, office=DEMO_OFFICE, operator=DEMO_OPERATOR)
    year = demo_work.demo_year(local_today(store.clock))
    fill_demo(store, year, per_ledger=DEMO_PER_LEDGER, seed=DEMO_SEED, worked=True)
    with demo_work.clock_at(store, demo_work.year_start(year, store.clock())):  # before 马丽's first record
        add_demo_accounts(store)
    store.set_settings(demo="1")  # the login dialog shows the demonstration accounts
    scans = files_dir(store)
    store.close()
    # the 签到表扫描件, stored by content: merged into what a build cut short left there; a file named without a
    # suffix (--db 演示) has them there already (演示.partial's folder is 演示-files too)
    if scans.is_dir() and scans != files_dir_at(path):
        shutil.copytree(scans, files_dir_at(path), dirs_exist_ok=True)
        shutil.rmtree(scans)
    partial.replace(path)


def _build_county_demo(path: Path) -> None:
    """The county demo, made the first time (a few seconds: keys, four townships' bundles), its steps shown."""
    from PySide6.QtWidgets import QProgressDialog

    from fazhi_desktop.core.county_demo import build_county_demo

    class Building(QProgressDialog):
        """Esc, the title bar's × or Alt+F4 hid it while the build went on: nothing is shown until it is done."""

        def reject(self) -> None:
            pass

        def closeEvent(self, event) -> None:
            event.ignore()

    shown = Building("正在生成县级演示数据库（只在第一次打开时生成，约需几秒）……", "", 0, 0)
    shown.setWindowTitle("县级演示")
    shown.setCancelButton(None)
    shown.setMinimumDuration(0)
    shown.show()

    def step(text: str) -> None:
        shown.setLabelText(f"正在生成县级演示数据库（只在第一次打开时生成，约需几秒）\n{text}")
        QApplication.processEvents()

    step("正在建立县级密钥……")
    try:
        build_county_demo(path, DEMO_OPERATOR, step=step)
    finally:
        shown.hide()  # (close() is refused above)
        shown.deleteLater()


def demo_file(county: bool) -> str:
    """The demonstration database's file in the data directory: the township's, or the county's beside it."""
    return "county-demo.db" if county else "demo.db"


def _is_demo(path: Path) -> bool:
    """Is `path` a demonstration database? Read without opening it as a Store (which would migrate it)."""
    from fazhi_desktop.core.db import peek_setting

    return peek_setting(path, "demo") == "1"


def log_in(store: Store, dialogs, login, quit_after_show: bool) -> bool:
    """Who uses the program: the 管理员 the setup wizard has just created and logged in, or whoever `login`
    (default: the login dialog; a database without accounts first asks for its 管理员 account) lets in.

    `--quit-after-show` (benchmarks, tests) with no `login` given skips the login, visibly: it says so on stderr,
    the status bar shows 未登录, core refuses any change, and the window closes as soon as it is painted.
    """
    if store.user is not None:
        return True
    if login is None and quit_after_show:
        if sys.stderr is not None:
            print("--quit-after-show：不登录，窗口显示后立即关闭", file=sys.stderr)
        return True
    if login is None:
        from fazhi_desktop.qt.login import ask_login

        login = ask_login
    # no parent: the dialog then offers 退出 (giving up ends the program), as after 退出登录 (qt/login.py)
    user = login(store, dialogs, None)
    if user is None:
        return False
    store.user = user
    return True


#: a damaged database with no backup found, or the backup offered declined: what can be done without a window
DAMAGED_AT_START = ("请不要删除这个文件。备份在U盘上的，请插上U盘后重新打开程序：程序会提出用最近的备份恢复。"
                    "也可以把这个文件改名移开后重新打开程序，在“首次使用设置”中选“从备份恢复”。")


def explain_open_error(path: Path, exc: Exception) -> str:
    """A message a clerk can act on: which file, what is wrong with it, what to do."""
    import sqlite3

    from fazhi_desktop.core import failures
    from fazhi_desktop.core.errors import NewerDatabase

    if isinstance(exc, failures.DatabaseLocked):  # held by another program, or being updated: not a wrong file
        return f"无法打开数据库文件：\n{path.absolute()}\n\n{exc.reason}。{exc.way_out}"
    text = str(exc)
    if isinstance(exc, NewerDatabase):  # not damaged: a backup restored instead would lose the newer version's work
        return f"无法打开数据库文件：\n{path.absolute()}\n\n{text}。"
    if isinstance(exc, failures.DatabaseDamaged):  # no window opens: its 文件 → 从备份恢复 is no way out here
        from fazhi_desktop.core.backup import backup_to_offer, restore_by_command

        offer = backup_to_offer(path)  # declined, or its restore failed: the same one, by command
        return (f"无法打开数据库文件：\n{path.absolute()}\n\n{exc.reason}。\n\n{DAMAGED_AT_START}\n\n"
                f"还可以{restore_by_command(path, offer)}")
    if isinstance(exc, failures.StorageError):
        # a full disk, a write-protected stick, a folder chosen: the file is fine, and a backup restored would lose
        # the work since it was made
        return f"无法打开数据库文件：\n{path.absolute()}\n\n{text.removeprefix(f'无法打开数据库文件 {path}：')}"
    if "not a database" in text or "malformed" in text:
        reason = "这个文件不是法治台账的数据库文件，或者文件已经损坏。"
    elif "locked" in text:
        reason = "数据库正被另一个程序使用（可能已经打开了一个法治台账窗口），请关闭后再试。"
    elif isinstance(exc, sqlite3.Error):
        reason = f"数据库无法读取：{text}"
    elif isinstance(exc, PermissionError):
        reason = "没有读写这个文件（或所在文件夹）的权限。"
    elif isinstance(exc, OSError):
        reason = f"无法读写这个文件：{exc.strerror or exc}"
    else:
        reason = text
    return (f"无法打开数据库文件：\n{path.absolute()}\n\n{reason}\n\n"
            "请确认选择的是法治台账的数据库文件；如文件损坏，请用最近的备份恢复。")


def wait_until_painted(app: QApplication, window, timeout: float = 10.0) -> None:
    """Process events until the window is on screen and painted, without entering (and ending) app.exec():
    once exec() returns, Qt considers the application closing and stops propagating font changes."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        handle = window.windowHandle()
        if handle is not None and handle.isExposed():
            break
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    app.processEvents()


def wait_until_listed(app: QApplication, window, timeout: float = 10.0) -> None:
    """Process events until the first page's records are read and painted (for bench/gui_startup.py)."""
    deadline = time.perf_counter() + timeout
    view = window.stack.currentWidget()
    while time.perf_counter() < deadline and not getattr(getattr(view, "model", None), "loaded", True):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    app.processEvents()


def user_settings() -> QSettings:
    """What the GUI remembers lives beside the data (an ini file), so a portable copy on a USB stick keeps it."""
    return QSettings(str(paths.data_dir() / "ui.ini"), QSettings.Format.IniFormat)


def actor_of(store: Store) -> str:
    import getpass

    return store.setting("operator") or getpass.getuser() or "操作员"


def app_icon() -> QIcon:
    """The program's icon (a red ledger book with 法, resources/icons/), shown by every window and the taskbar."""
    return QIcon(str(paths.resource("icons", "fazhi.png")))


def main(argv: list[str] | None = None, *, dialogs=None, ui_settings: QSettings | None = None, login=None) -> int:
    """Run the program; returns the exit code (0, or 1 when the database cannot be opened).

    `login(store, dialogs, parent)` returns the logged-in User or None (give up); by default the login dialog
    (qt/login.py). Tests pass their own, as they pass `dialogs`."""
    started = time.perf_counter()
    argv = sys.argv[1:] if argv is None else argv
    if "--self-test" in argv:  # checks run on a temporary database; selftest.py has its own options
        from fazhi_desktop import selftest

        return selftest.main([a for a in argv if a != "--self-test"])
    args = parse_args(argv)
    existing = QApplication.instance()
    app = existing or QApplication(sys.argv[:1])
    if existing is None:  # before any window: a style set later re-polishes every widget alive
        app.setStyle(fonts.TextScaledStyle(app.style().name()))
    app.setWindowIcon(app_icon())
    dialogs = dialogs or Dialogs()
    with private_files.owner_only():  # the database, its backups, the log: the user's alone (POSIX)
        return _logged(app, args, dialogs, ui_settings, login, started)


def _logged(app: QApplication, args: argparse.Namespace, dialogs, ui_settings: QSettings | None, login,
            started: float) -> int:
    private_files.restrict(paths.data_dir(), private_files.FOLDER_MODE)  # made 0755 by an earlier version
    log_file = crash.log_path(paths.data_dir())
    handler = crash.start_logging(log_file)
    running = instance.announce_running()  # noqa: F841  (held for the process's life: the installer waits for it)
    try:
        with crash.reported_errors(dialogs, log_file if handler else None):
            return _run(app, args, dialogs, ui_settings, login, started)
    finally:
        from fazhi_desktop.core import leftovers

        leftovers.clear_viewable(paths.opened_attachments_dir())
        if handler is not None:
            crash.log.removeHandler(handler)
            handler.close()


def _run(app: QApplication, args: argparse.Namespace, dialogs, ui_settings: QSettings | None, login,
         started: float) -> int:
    ui = UiSettings(ui_settings or user_settings())
    fonts.install_app_font(app, dialogs, ui)
    path = args.db or (paths.data_dir() / demo_file(args.county) if args.demo else paths.default_db_path())
    if safety.refuse_network(path, dialogs):  # two PCs on one file over the network: not opened, the way out said
        return 1
    lock = safety.take_instance_lock(path, dialogs)  # one window per database: "该数据库已在另一个窗口中打开"
    if lock is None:
        return 1
    window, shown_at, shown_ms = None, 0.0, 0.0
    if path.exists():  # the window at once, filled below once the database is open and the user logged in
        window = MainWindow(dialogs, ui, path)
        window.show()
        wait_until_painted(app, window)
        shown_at, shown_ms = time.time(), (time.perf_counter() - started) * 1000
    from fazhi_desktop.core import leftovers  # after the first paint: it brings sqlite3 (5 ms)

    leftovers.clear_viewable(paths.opened_attachments_dir())  # what a crash left behind, before any is opened
    install_translations(app)  # Qt's own dialogs in Chinese (a message box before this installs them itself)
    safety.warn_if_portable(dialogs)  # before the first setup puts anything on the stick
    try:
        progress = window.show_index_progress if window is not None else None
        store = open_demo(path, args.db is not None, args.county) if args.demo else open_or_set_up(path, dialogs, lock,
                                                                                                   progress)
    except open_errors() as exc:
        store = safety.recover_damaged(path, exc, dialogs, lock)  # a damaged file: offer the latest backup
        if store is None:
            dialogs.error(None, "无法打开数据库", explain_open_error(path, exc))
            _give_up(window, lock)
            return 1
    if store is None:
        _give_up(window, lock)
        return 0  # setup cancelled: nothing created, nothing to say
    #: the setup wizard has just made this database and logged its 管理员 in (a restore, the demo, an existing file:
    #: nobody is logged in yet): what the first day holds is shown once, as 帮助 → 第一次使用 shows it
    set_up_now = store.user is not None
    safety.tell_finished(store, dialogs)
    safety.warn_if_read_only(store, dialogs)
    safety.warn_if_shared(path, dialogs)
    safety.warn_if_renamed(store, dialogs)
    logged_in = log_in(store, dialogs, login, args.quit_after_show)
    if not logged_in or (window is not None and not window.isVisible()):  # 退出, or the window closed meanwhile
        store.close()
        _give_up(window, lock)
        return 0  # nothing to say
    window = window or MainWindow(dialogs, ui, path)
    window.attach(store, store.user or actor_of(store))
    if login is not None:
        window.login = login  # 切换用户 asks the same way
    window.instance_lock = lock  # a restore from backup swaps the file under this lock (qt/backup_view.py)
    window.show()
    if not args.quit_after_show:
        from fazhi_desktop.qt import autosave_offer

        autosave_offer.offer(window)  # what a power cut left unsaved
    if set_up_now:
        QTimer.singleShot(0, lambda: window.show_first_steps(after_setup=True))
    if args.quit_after_show:
        wait_until_painted(app, window)
        if not shown_at:
            shown_at, shown_ms = time.time(), (time.perf_counter() - started) * 1000
        wait_until_listed(app, window)
        if sys.stdout is not None:
            # wall-clock times let a benchmark measure from the moment it launched this process
            print(f"shown_ms={shown_ms:.1f} shown_at={shown_at:.6f} listed_at={time.time():.6f}", flush=True)
        window.close()
        store.close()
        lock.release()
        return 0
    code = app.exec()
    store.close()
    lock.release()
    return code


def _give_up(window: MainWindow | None, lock) -> None:
    """Close the window shown while opening (nothing in it yet) and let go of the database."""
    if window is not None:
        window.close()
    lock.release()


if __name__ == "__main__":
    sys.exit(main())
