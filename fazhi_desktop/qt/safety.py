"""Opening a database safely in the desktop program: one window per database, a way out when the file is damaged,
and a warning when it cannot be written (a write-protected USB stick). Called by the composition root (app.py).
"""

from __future__ import annotations

import contextlib
import getpass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.instance import AlreadyOpen, InstanceLock

if TYPE_CHECKING:
    from fazhi_desktop.core.store import Store

ALREADY_OPEN = "该数据库已在另一个窗口中打开"


def take_instance_lock(path: Path, dialogs) -> InstanceLock | None:
    """The lock on `path` for this window, or None after telling the user (already open elsewhere)."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)  # first start: the data folder, so the lock can be taken
    try:
        return InstanceLock.acquire(path)
    except AlreadyOpen:
        dialogs.error(None, "数据库已打开", f"{ALREADY_OPEN}。\n\n{path.absolute()}\n\n"
                      "请切换到已经打开的法治台账窗口（看看任务栏）。同一个数据库同时只能在一个窗口中使用。")
        return None
    except FazhiError as exc:
        dialogs.error(None, "无法打开数据库", str(exc))
        return None


def refuse_network(path: Path, dialogs) -> bool:
    """A database on a network share is not opened (core/db_place.py): True after telling the user so."""
    from fazhi_desktop.core import db_place

    try:
        db_place.refuse_network(path)
    except db_place.OnNetwork as exc:
        dialogs.error(None, "数据库在网络共享文件夹上", str(exc))
        return True
    return False


def warn_if_shared(path: Path, dialogs) -> None:
    """A database in a sync folder or on a stick: said at every start (the portable mode's stick has its own word)."""
    from fazhi_desktop.core import db_place

    place = db_place.warned_of(path)
    if place is None:
        return
    title = "数据库在同步盘中" if place.kind == db_place.SYNCED else "数据库在U盘上"
    dialogs.warn(None, title, db_place.warning(path, place))


def recover_damaged(path: Path, exc: Exception, dialogs, lock: InstanceLock | None) -> Store | None:
    """The file at `path` is damaged: offer the latest backup that passed the record check (one that failed it only
    when none did, with the question that lists its problems). Returns the restored database, or None (no backup,
    declined, or the restore failed: the caller shows why the file cannot be opened)."""
    from fazhi_desktop.core import failures  # the rest of this module runs at every start: these only here

    if not isinstance(exc, failures.DatabaseDamaged):
        return None
    from fazhi_desktop.core.backup import backup_to_offer
    from fazhi_desktop.core.store import Store

    offer = backup_to_offer(path)  # the one `fazhi check` and the message after a refusal name too
    backup, newest = offer.backup, offer.newest
    if backup is None:
        return None
    passed = "通过检查的" if newest is not backup else ""
    newer = (f"\n（更新的备份 {newest.path.name} 没有通过检查，不建议用它恢复）" if newest is not backup else "")
    question = (f"数据库文件已损坏，无法打开：\n{path.absolute()}\n\n最近一份{passed}备份是：\n{backup.path}\n"
                f"（{backup.taken:%Y-%m-%d %H:%M}{_ahead_said(backup)}）{newer}\n\n"
                "用这个备份恢复吗？损坏的文件会改名保留，不会删除；备份之后的修改需要重新录入。"
                + _unencrypted_warning(path, backup.path))
    if not dialogs.confirm(None, "数据库文件已损坏", question, yes="从备份恢复"):
        return None
    QApplication.processEvents()
    from fazhi_desktop.core.backup import sealing
    from fazhi_desktop.qt.backup_view import ask_recovery_code, prepare_and_wait
    from fazhi_desktop.qt.backup_widgets import mismatched_accepted

    user = getpass.getuser() or "操作员"
    try:  # the code is asked for when the keys folder went with the damaged file; checked behind a progress box
        prepared = sealing.with_recovery_code(
            lambda code: prepare_and_wait(None, path, backup.path, code=code),
            lambda why: ask_recovery_code(dialogs, None, sealing.question(why)))
        if prepared is None:
            return None
        if not mismatched_accepted(dialogs, None, prepared):
            prepared.discard()
            return None
        result = prepared.commit(user, lock=lock, accept_mismatched=True)  # asked just now
        store = Store.open(path)
    except FazhiError as error:
        dialogs.error(None, "恢复失败", f"{error}\n\n损坏的文件没有改动。")
        return None
    dialogs.info(None, "已从备份恢复", "\n".join(result.lines()))
    return store


def _ahead_said(backup) -> str:
    """What the question adds to a backup named later than now: only such backups are left (rotation.AHEAD)."""
    from fazhi_desktop.core.backup.rotation import AHEAD
    from fazhi_desktop.core.clock import local_now, system_clock

    return f"；{AHEAD}，其中的数据不一定是最新的" if backup.ahead(local_now(system_clock)) else ""


def _unencrypted_warning(path: Path, backup: Path) -> str:
    """A plain backup where this office's backups are encrypted may have been put there by someone else."""
    from fazhi_desktop.core.backup import BackupError, sealing

    try:
        has_key = sealing.load_key(path) is not None
    except BackupError:
        has_key = False
    if not has_key or sealing.is_sealed(backup):
        return ""
    return "\n\n注意：本单位的备份已经加密，这个文件却没有加密。除非确知它是升级前的旧备份，否则请不要用它恢复。"


def warn_if_read_only(store: Store, dialogs) -> None:
    """Tell the user now, not at the first save, when the database cannot be written here."""
    from fazhi_desktop.core import failures

    problem = failures.probe_writable(store.conn, store.path)
    if isinstance(problem, failures.ReadOnlyStorage):
        dialogs.warn(None, "数据库只读", f"数据库文件所在的位置只读：\n{store.path}\n\n可以查看和打印，不能保存修改。"
                     f"{failures.ReadOnlyStorage.way_out}")
    elif problem is not None:
        dialogs.warn(None, "数据库暂时不能写入", str(problem))


def tell_finished(store: Store, dialogs) -> None:
    """What opening the database finished of work cut short last time (a restore from backup, an export)."""
    if store.opened_notes:
        dialogs.info(None, "上次中断的操作", "。\n\n".join(store.opened_notes) + "。")


def warn_if_renamed(store: Store, dialogs) -> None:
    """Tell the user at once when the database was renamed away from its attachments and keys (core/renamed.py):
    they look deleted, and the backup, the export and 创建密钥 refuse until the folders carry the new name too."""
    from fazhi_desktop.core import renamed

    moved = renamed.find(store.path, store.conn)
    if moved is not None:
        dialogs.warn(None, "附件和密钥不在新名字下",
                     f"{moved}。\n\n改好之前附件打不开，不能备份、导出数据包或创建密钥；请先关闭本程序再改名。")


def warn_if_portable(dialogs) -> None:
    """Portable mode keeps the database on the stick in clear: said once, the first time the program runs so."""
    from fazhi_desktop.core import paths

    if not paths.portable():
        return
    said = paths.data_dir() / paths.PORTABLE_RISK_SAID
    if said.exists():
        return
    dialogs.warn(None, "便携模式：数据没有加密", paths.PORTABLE_RISK)
    with contextlib.suppress(OSError):  # a write-protected stick: said again next time, which does no harm
        said.parent.mkdir(parents=True, exist_ok=True)
        said.write_text(paths.PORTABLE_RISK + "\n", encoding="utf-8")
