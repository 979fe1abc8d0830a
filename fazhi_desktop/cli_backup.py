"""`fazhi` commands for backups and restoring one.

    fazhi backup [--to DIR]                      back up now (database, attachments, keys) into one encrypted file
    fazhi backup --list [--to DIR]               the backups of this database, newest first (named later than now:
                                                 last, marked), and the data restores set aside, with age and size
    fazhi backup --delete-set-aside DAYS         delete the data restores set aside more than DAYS days ago (asked;
                                                 never the newest; 管理员)
    fazhi backup-settings [--folder DIR] [--keep-daily N] [--keep-weekly N] [--recovery-code | --new-recovery-code]
    fazhi restore FILE [--check-only] [--force] [--accept-mismatched] [--yes] [--recovery-code CODE]

`restore` checks the backup completely before touching anything and keeps the current data aside. It refuses while
a desktop window has the database open (close the window first). Without a terminal it needs `--yes`. A backup
whose database fails `fazhi check` (records changed outside the program) lists the problems and needs
`--accept-mismatched`; `backup` exits 1 when the copy it wrote fails that check (the backup is written, marked).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from fazhi_desktop import cli_guards
from fazhi_desktop.cli_arguments import count
from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.backup import (
    BackupError,
    BackupSettings,
    create_backup,
    in_parts,
    list_backups,
    load_key,
    load_settings,
    mark_code_shown,
    prepare_restore,
    save_settings,
    sealing,
    set_aside,
)
from fazhi_desktop.core.backup.config import backup_folder, clamp_keep
from fazhi_desktop.core.backup.key_roster import KEPT_SAID
from fazhi_desktop.core.backup.rotation import AHEAD, KEEP_LATEST
from fazhi_desktop.core.check import holds_no_office
from fazhi_desktop.core.clock import local_now, local_time, system_clock
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.failures import DatabaseDamaged, NotAFolder, ReadOnlyStorage, location_read_only
from fazhi_desktop.core.store import Store

EXIT_OK, EXIT_ERROR = 0, 1
RECOVERY_CODE_ENV = "FAZHI_RECOVERY_CODE"
CONFIRM_WORD = "恢复"
Handler = Callable[[argparse.Namespace], int]


def register_commands(sub: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add the backup commands to `fazhi`'s parser; returns command name -> handler."""
    p = sub.add_parser("backup", help="立即备份（数据库、附件、密钥打包为一个加密文件），并按设置清理旧备份")
    p.add_argument("--to", type=Path, metavar="DIR", help="备份到这个文件夹或U盘（默认：备份设置中的文件夹）")
    p.add_argument("--list", action="store_true", help="只列出已有的备份（和恢复时换下的数据），不备份")
    p.add_argument("--delete-set-aside", type=count, metavar="DAYS",
                   help="删除 DAYS 天以前恢复时换下的数据（<数据库>-before-restore-…；最近一份总是保留；先询问）")

    p = sub.add_parser("backup-settings", help="查看或修改备份设置（文件夹、保留份数）")
    p.add_argument("--folder", type=Path, metavar="DIR", help="自动备份的文件夹（建议U盘或另一块硬盘）")
    p.add_argument("--default-folder", action="store_true", help="改回默认文件夹（数据库旁的 <名称>-backups）")
    p.add_argument("--keep-daily", type=count, metavar="N", help="保留最近 N 天的备份（每天一份）")
    p.add_argument("--keep-weekly", type=count, metavar="N", help="另外保留最近 N 周的备份（每周一份）")
    p.add_argument("--recovery-code", action="store_true",
                   help="显示备份恢复码（备份是加密的；在另一台电脑上恢复时需要它）")
    p.add_argument("--new-recovery-code", action="store_true",
                   help="更换备份恢复码（知道恢复码的人离任时）：以后的备份用新的恢复码，显示一次")

    p = sub.add_parser("restore", help="从备份恢复（先全面检查备份；当前数据改名保留）")
    p.add_argument("file", type=Path, metavar="FILE",
                   help="备份文件（.zip；分卷的备份给其中任意一卷 .zip.001… 或分卷清单 .zip.sha256）")
    p.add_argument("--check-only", action="store_true", help="只检查备份能否恢复，不改动任何数据")
    p.add_argument("--force", action="store_true", help="备份属于另一个单位时仍然恢复")
    p.add_argument("--accept-mismatched", action="store_true",
                   help="备份中的数据库未通过检查（记录在程序之外被改动，SQLite 没有发现损坏）时仍然恢复")
    p.add_argument("--yes", action="store_true", help="不再询问，直接恢复（用于脚本）")
    p.add_argument("--recovery-code", metavar="CODE",
                   help=f"备份恢复码：备份是在另一台电脑上做的时需要（也可用环境变量 {RECOVERY_CODE_ENV}）")
    return {"backup": cmd_backup, "backup-settings": cmd_backup_settings, "restore": cmd_restore}


def _db_path(args: argparse.Namespace) -> Path:
    return _base()._db_path(args)


def cmd_backup(args: argparse.Namespace) -> int:
    db_path = _db_path(args)
    if args.list:
        _signed_in_may(args, "backup")  # which backups exist, and where: for the office's users
        return _list(db_path, args.to)
    if args.delete_set_aside is not None:
        _signed_in_may(args, "restore")  # the office's records, the restore's: 管理员
        return _delete_set_aside(db_path, args.delete_set_aside)
    user = _signed_in_may(args, "backup")
    _tell_backup_on_cancel(db_path, args.to)
    result = create_backup(db_path, args.to)
    for line in result.lines():
        print(line)
    # written, but the database needs looking at, or attachments it registers are not in it
    status = EXIT_ERROR if result.problems or result.missing_attachments else EXIT_OK
    if result.new_recovery_code:  # said once, to a 所长 or 管理员 (or where the database has no accounts)
        from fazhi_desktop.core.permissions import allowed

        if user is None or allowed(user, "keys.manage"):
            print(f"备份恢复码：{result.new_recovery_code}（请抄在纸上，与U盘分开保管）")
            mark_code_shown(db_path)
        else:
            print("备份恢复码只给所长或管理员看：请所长或管理员用 fazhi backup-settings --recovery-code 查看并抄下")
    return status


def _tell_backup_on_cancel(db_path: Path, folder: Path | None) -> None:
    """Ctrl-C after the backup file is complete (while old backups are tidied away): say the backup is there."""
    folder = folder or backup_folder(db_path)
    before = {b.path for b in list_backups(folder, db_path.stem)}

    def made() -> str:
        new = [b.path for b in list_backups(folder, db_path.stem) if b.path not in before]
        return f"备份文件已写好：{new[0]}" if new else "没有生成新的备份，以前的备份都保留着"

    cli_guards.on_cancel(made)


def _signed_in_may(args: argparse.Namespace, action: str | None):
    """Sign the user in, as every command does where the database has accounts, and check `action`. Returns the
    user (None where the database has no accounts)."""
    from fazhi_desktop.core.permissions import require

    store: Store = _base()._open(args)
    try:
        if action is not None and store.user is not None:
            require(store.user, action)
        return store.user
    finally:
        store.close()


def _list(db_path: Path, folder: Path | None) -> int:
    folder = folder or backup_folder(db_path)
    found = list_backups(folder, db_path.stem)
    now = local_now(system_clock)
    _list_set_aside(db_path, now)
    if not found:
        print(f"{folder} 中没有 {db_path.name} 的备份")
        return EXIT_OK
    for backup in found:
        size = in_parts.size(backup.path)
        mark = in_parts.parts_said(backup.path)
        mark += "  （数据库未通过检查，恢复需加 --accept-mismatched）" if backup.failed else ""
        if backup.broken:
            mark += f"  （{backup.broken}）" if backup.deleting else f"  （不能用于恢复：{backup.broken}）"
        if backup.ahead(now):
            mark += f"  （{AHEAD}，不会被自动清理，不需要时请手动删除）"
        print(f"{backup.taken:%Y-%m-%d %H:%M:%S}  {size / 1024**2:8.1f} MB  {backup.path}{mark}")
    print(f"共 {len(found)} 个备份")
    return EXIT_OK


def _list_set_aside(db_path: Path, now) -> None:
    """The data restores set aside beside the database (set_aside.py), printed before the backups, when any."""
    kept = set_aside.find(db_path)
    if kept:
        print(f"恢复时换下的数据（在 {db_path.parent} 中，不会自动删除；核对恢复后的数据无误后，管理员可用 "
              "fazhi backup --delete-set-aside 天数 删除较早的）：")
        for aside in kept:
            print(f"  {aside.said(now)}")


def _delete_set_aside(db_path: Path, days: int) -> int:
    now = local_now(system_clock)
    found = set_aside.find(db_path)
    chosen = set_aside.older_than(found, days, now)
    if not chosen:
        newest = f"（最近一份 {found[0].name} 总是保留）" if found else ""
        print(f"没有 {days} 天以前恢复时换下的数据{newest}")
        return EXIT_OK
    if not sys.stdin.isatty():
        raise _base().UsageError("删除恢复时换下的数据要先确认：请在命令行窗口中运行")
    for aside in chosen:
        print(f"  {aside.said(now)}")
    answer = cli_guards.typed(f"将永久删除以上 {len(chosen)} 份恢复时换下的数据（最近一份 {found[0].name} 保留）。"
                              "确认请输入“删除”：")
    if answer.strip() != "删除":
        print("没有删除")
        return EXIT_OK
    deleted, problems = set_aside.delete(db_path, chosen)
    print(f"已删除 {deleted} 份恢复时换下的数据")
    for problem in problems:
        print(problem, file=sys.stderr)
    return EXIT_ERROR if problems else EXIT_OK


def cmd_backup_settings(args: argparse.Namespace) -> int:
    db_path = _db_path(args)
    changing = bool(args.folder or args.default_folder or args.keep_daily is not None or args.keep_weekly is not None)
    # with the code and a backup stick, everything can be read: 所长 and 管理员 only
    if args.new_recovery_code:
        return _new_recovery_code(args, db_path, changing)
    _signed_in_may(args, "keys.manage" if args.recovery_code else "backup.settings" if changing else None)
    settings = load_settings(db_path)
    changed = _apply_settings(settings, args)
    if changed:
        save_settings(db_path, settings)
    _show_settings(db_path, settings)
    print(f"上次备份：{local_time(settings.last_at) if settings.last_at else '从未备份'}")
    key = load_key(db_path)
    if args.recovery_code:
        print(f"备份恢复码：{key.code}（在另一台电脑上恢复备份时需要；请抄在纸上，与U盘分开保管）" if key
              else "备份恢复码：还没有（第一次备份时生成）")
        if key:
            mark_code_shown(db_path)
    else:
        print("备份：已加密（fazhi backup-settings --recovery-code 显示恢复码）" if key
              else "备份：第一次备份时生成加密密钥和恢复码")
    if changed:
        print("已保存备份设置")
    return EXIT_OK


def _show_settings(db_path: Path, settings: BackupSettings) -> None:
    default = "（默认：数据库旁）" if not settings.folder else ""
    print(f"备份文件夹：{backup_folder(db_path, settings)}{default}")
    print(f"保留：最新的 {KEEP_LATEST} 个，最近 {settings.keep_daily} 天每天一份，"
          f"另加最近 {settings.keep_weekly} 周每周一份")


def _new_recovery_code(args: argparse.Namespace, db_path: Path, changing: bool) -> int:
    """`fazhi backup-settings --new-recovery-code`: the new code printed once, as the first backup prints the first
    (core/backup/code_change.py); a 所长 or 管理员 only. Given with --folder, --keep-daily and the like (a new stick
    for the new 所长, the backup made at once going onto it), those are saved too: checked before the code is
    changed, saved after it is printed (a code changed and never shown could not be written down)."""
    from fazhi_desktop.core.backup.code_change import AFTER, change_recovery_code
    from fazhi_desktop.core.permissions import require

    store: Store = _base()._open(args)
    try:
        if changing and store.user is not None:
            require(store.user, "backup.settings")
        settings = load_settings(db_path)
        _apply_settings(settings, args)
        key = change_recovery_code(store)
    finally:
        store.close()
    print(f"新的备份恢复码：{key.code}（请抄在纸上，与U盘分开保管）")
    print(AFTER)
    mark_code_shown(db_path)
    if changing:
        save_settings(db_path, settings)
        _show_settings(db_path, settings)
        print("已保存备份设置")
    return EXIT_OK


def _apply_settings(settings: BackupSettings, args: argparse.Namespace) -> bool:
    changed = False
    if args.default_folder:
        settings.folder, changed = None, True
    elif args.folder is not None:
        folder = args.folder.absolute()
        if folder.exists() and not folder.is_dir():
            raise FazhiError(f"{folder}：{NotAFolder.reason}。请给出备份要存放的文件夹")
        if not folder.is_dir():
            raise FazhiError(f"文件夹不存在：{folder}")
        if location_read_only(folder):  # kept (the stick may be write-protected only for now), but said
            print(f"提示：文件夹 {folder} 现在不能写入（{ReadOnlyStorage.reason}），自动备份将会失败："
                  f"{ReadOnlyStorage.output_way_out}", file=sys.stderr)
        settings.folder, changed = str(folder), True
    for name in ("keep_daily", "keep_weekly"):
        value = getattr(args, name)
        if value is not None:
            setattr(settings, name, clamp_keep(value))
            changed = True
    return changed


def cmd_restore(args: argparse.Namespace) -> int:
    db_path = _db_path(args)
    actor = _restoring_user(args, db_path)

    def ask(why: BackupError) -> str:
        if not sys.stdin.isatty():  # a script: the code comes with the command
            raise type(why)(f"{why}：请用 --recovery-code 或环境变量 {RECOVERY_CODE_ENV} 给出恢复码") from None
        print(f"{sealing.question(why)}。")
        return cli_guards.typed("备份恢复码：").strip()  # copied from paper: shown as typed

    prepared = sealing.with_recovery_code(
        lambda code: prepare_restore(db_path, args.file, force=args.force, recovery_code=code), ask,
        args.recovery_code or os.environ.get(RECOVERY_CODE_ENV))
    try:
        for line in prepared.lines():
            print(line)
        if args.check_only:
            if prepared.mismatched:
                print("只检查：备份没有通过记录检查，恢复需加 --accept-mismatched；未改动任何数据")
                return EXIT_ERROR
            print("只检查：备份可以恢复，未改动任何数据")
            return EXIT_OK
        if not args.accept_mismatched:
            prepared.refuse_unaccepted()
        if not args.yes and not _confirmed(db_path, prepared.new_install):
            print("已取消，未改动任何数据")
            return EXIT_ERROR
        result = prepared.commit(actor, accept_mismatched=args.accept_mismatched)
    finally:
        prepared.discard()
    from fazhi_desktop.cli_numbers import NUMBERS_BY_COMMAND
    from fazhi_desktop.core.places import for_command_line

    for line in result.lines():
        print(for_command_line(line, NUMBERS_BY_COMMAND))
    return EXIT_OK


def _restoring_user(args: argparse.Namespace, db_path: Path) -> str:
    """Who restores. A database is opened the usual way (which signs the user in where accounts exist, and refuses
    another program's file and one held by another program now); a damaged or missing one cannot be asked, and
    restoring is how it is repaired. Nor can an empty one or one never set up (`check.holds_no_office`): opening
    wrote the program's tables into it, and the restore `fazhi check` printed for it was then refused as a backup of
    another office (当前数据库属于 （None）). Only those: a file merely not readable this moment (an antivirus or a
    sync program holding it) went ahead without a password, or a check of whose it was."""
    fallback = (args.user or getpass.getuser() or "操作员").strip()
    if not db_path.exists() or holds_no_office(db_path):
        return fallback
    try:
        store: Store = _base()._open(args)
    except DatabaseDamaged:
        return fallback
    try:
        return _base()._actor(args, store)
    finally:
        store.close()  # restore checkpoints and moves the file: no connection of ours may stay open


def _confirmed(db_path: Path, new_install: bool) -> bool:
    if not sys.stdin.isatty():
        raise _base().UsageError("恢复会替换当前数据库：非交互运行时请加 --yes 确认（当前数据会改名保留）")
    county = KEPT_SAID if dbmod.peek_setting(db_path, "mode") == "county" else ""
    accounts = "账户用备份中的" if new_install else "账户保持现在的样子"
    answer = cli_guards.typed(f"将用备份替换 {db_path}（当前数据改名保留；{accounts}）。{county}"
                   f"确认请输入“{CONFIRM_WORD}”：")
    return answer.strip() == CONFIRM_WORD


def _base():
    from fazhi_desktop import cli  # the composition root; imported late because it imports this module

    return cli
