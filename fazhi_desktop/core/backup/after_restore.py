"""What a township does after a restore from backup, said until it is done: the 恢复完成 box said it once
(restoring.AFTER_BACKUP) and then never again, and a clerk who closed it entered new records under numbers already
printed after the backup. The main window shows it briefly as a banner (qt/restore_banner.py) from the restore until
a county receipt written after it is imported, or a 所长 (or 管理员) dismisses it for this restore (`dismiss`);
never at the county, whose restore has no such steps.

"Written after it" is known on one clock when the receipt confirms a bundle this database exported after the restore
(a number above `restored_sequence`, the backup's last): the county wrote it after importing that bundle. Without
one, it is the receipt's `written_at` (the county's clock) later than `restored_at` (the township's): a township
clock running ahead kept the banner through every receipt of the days it ran ahead, so a receipt imported since the
restore that did not end it is said, with the way out (export once, import the county's next receipt).

A restore that reopened a closed year (a backup made before its 年度封账, core/backup/year_notes.py) adds
`2026年须再次封账` to the banner until that year is closed again, whether or not the receipt came or the banner was
dismissed: the 恢复完成 box said it once, and the year stayed open while the archive box's register no longer matched.
"""

from __future__ import annotations

from fazhi_desktop.core import permissions
from fazhi_desktop.core.backup.year_notes import TO_CLOSE, closed_since
from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.places import RECEIPT_IMPORT, REENTER, YEAR_CLOSE
from fazhi_desktop.core.store import Store

#: the `restored_at` of the restore whose banner a 所长 dismissed (a later restore shows it again)
DISMISSED = "restore.notice_dismissed"
BANNER = ("本数据库已从 {made} 的备份恢复，尚未导入县里在恢复之后写的回执。录入新记录之前请先："
          "① 旧电脑上还没交县里的数据包，交县里导入；"
          f"② 请县里写回执，在“{RECEIPT_IMPORT}”中导入（编号接着县里已有的编，回执列出的记录按“{REENTER}”补录）；"
          "③ 备份之后只在纸上的，按纸质材料重新录入。")
#: after BANNER when a receipt imported since the restore was written before it by the county's clock: an old one
#: from the stick, or this PC's clock runs ahead of the county's
WRITTEN_BEFORE = ("（已导入的回执按县里电脑的时间写于恢复之前：可能是U盘上的旧回执，也可能是本机时间比县里快。"
                  "请导出一次数据包交县里导入，再导入县里随后写的回执）")
#: after the steps (or alone, once they are done) while a year the restore reopened is not closed again
CLOSE_AGAIN = ("{years}须再次封账：所恢复的备份是封账之前做的，封账时锁定的记录已回到备份时的状态。"
               f"补录、核对备份之后的修改后，请所长再次封账（{YEAR_CLOSE}）。")


def pending(store: Store) -> str | None:
    """The banner's text while a township's restore awaits the county's receipt (`steps`) or a year it reopened is
    not closed again (`to_close`), None otherwise."""
    said = [text for text in (steps(store), to_close(store)) if text]
    return "".join(said) if said else None


def to_close(store: Store) -> str | None:
    """`2026年须再次封账…` while a year the last restore reopened is not closed (its 所长 closes it again)."""
    listed = store.setting(TO_CLOSE) if not store.is_county and store.setting("restored_at") else None
    years, closed = closed_since(store.conn, listed)  # closed since the restore: a later reopening is the 所长's own
    left = [year for year in years if year not in closed]
    return CLOSE_AGAIN.format(years="、".join(f"{year}年" for year in left)) if left else None


def steps(store: Store) -> str | None:
    """The steps after a township's restore while it awaits the county's receipt, None once done or dismissed."""
    from fazhi_desktop.core.bundle.receipts import IMPORTED_SETTING, IMPORTED_WRITTEN  # receipts imports much of core

    restored = store.setting("restored_at")
    if store.is_county or not restored or store.setting(DISMISSED) == restored:
        return None
    if _confirmed_since(store):
        return None
    # a receipt imported since and WRITTEN since (all UTC, as utc_iso writes them): one the county wrote before the
    # restore (still on the stick) cannot hold what the old PC sent last, nor where its numbers stand
    imported = store.setting(IMPORTED_SETTING) or ""
    if min(imported, store.setting(IMPORTED_WRITTEN) or "") > restored:
        return None
    made = store.setting("restored_backup_created_at")
    return BANNER.format(made=local_time(made) if made else "较早") + (WRITTEN_BEFORE if imported > restored else "")


def _confirmed_since(store: Store) -> bool:
    """A county receipt confirmed a bundle this database exported after the restore (one clock: its own bundle
    numbers); a restore of an earlier version noted no number (then only the receipt's time tells)."""
    last = store.setting("restored_sequence")
    return last is not None and last.isdigit() and store.conn.execute(
        "SELECT 1 FROM bundles_sent WHERE sequence > ? AND acknowledged_at IS NOT NULL LIMIT 1", [int(last)]
    ).fetchone() is not None


def dismiss(store: Store) -> None:
    """The 所长's 不再提示: this restore's steps are not shown again (PermissionDenied for a 录入员); a year to close
    again stays said until it is closed."""
    if store.user is not None:
        permissions.require(store.user, "restore.notice")
    store.set_settings(**{DISMISSED: store.setting("restored_at")})
