"""The papers printed of a record, and the one rule of which numbers may be given back.

A record's paper (会议纪要, 签到表, 调解协议书, its 记录, or a 个人信息摘录 listing it) goes into the archive or to a
party with the record's number on it. Each print a user commits to (the printer chosen, or the PDF written) is kept in
`record_prints` (migration 039): the record, the document, the number and 核验码 printed, when and by whom; nothing of
the record's content. Its 修改历史 shows it (`已打印会议纪要`, core/history.py). A print preview is no paper; its own
打印 button is. A database that cannot be written now (a write-protected stick, which opens 可以查看和打印, or another
program holding the write lock) still prints and keeps nothing: the paper's 核验码 checks out all the same (it names
the record's revision, which the change log keeps), unlike a register page's (register_codes.save_pages).

`number_kept` is the one rule for giving a number back (an edit moving a record to another year or 字:
Store._give_back; 撤销Excel导入: core/import_undo.py; 按日期重新编号: core/renumber.py): a number that a bundle
carried to the county (a record 补录 under the county's number too), a printed register page lists, or a record's
paper printed, is out of the database's hands and is never given out again, so that no two papers of the office
name two records by one number. A number given out before the database kept its prints (by a version before
migration 039; up to the change-log entry migration 050 noted) may be on a paper nobody can tell of now: it is never
given back either; nor one a restored database had given out, whose papers printed after its backup went with the
database the restore replaced (`note_restored`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core import failures
from fazhi_desktop.core.clock import local_time, utc_iso

if TYPE_CHECKING:
    from fazhi_desktop.core.store import Record, Store

#: the kind of a 个人信息摘录 (core/documents/extract.py), which lists several records, each with its 核验码
EXTRACT = "extract"
#: why a number stays used, by what holds it outside the database
SENT = "已随数据包报送县里，县里存有这个编号"
ON_REGISTER = "已印在打印的台账上"
BEFORE_KEPT = "升级前的程序给出的编号，那时打印的纸质材料没有记下，纸上可能已有这个编号"
#: settings key (migration 050): the change-log entry up to which prints were not kept (an earlier version's)
UNKNOWN_SETTING = "prints.unknown_through"
RESTORED_KEPT = "恢复备份前给出的编号，备份之后打印的纸质材料没有随备份恢复，纸上可能已有这个编号"
#: settings key (written by a restore, `note_restored`): the restored database's last change-log entry; what was
#: printed after its backup was made went with the database the backup replaced
RESTORED_SETTING = "prints.restored_through"
#: a number given out up to the entry a setting notes may be on a paper this database does not know, and why
_UNKNOWN = ((UNKNOWN_SETTING, BEFORE_KEPT), (RESTORED_SETTING, RESTORED_KEPT))


@dataclass(frozen=True)
class Print:
    """One paper printed of a record: the document (`kind`: minutes, signin, agreement, record, extract), the number
    and 核验码 on it, the revision printed, when (UTC) and by whom."""

    record_id: str
    kind: str
    number: str
    code: str | None
    revision: int
    at: str
    by: str

    def name(self, ledger_name: str) -> str:
        """The document as the ledger calls it: 会议纪要, 签到表, 调解案件记录, 个人信息摘录."""
        return document_name(ledger_name, self.kind)


def document_name(ledger_name: str, kind: str) -> str:
    from fazhi_desktop.core.documents import KINDS, kinds_for  # the documents package imports the Store
    from fazhi_desktop.core.documents.extract import TITLE

    return TITLE if kind == EXTRACT else dict(kinds_for(ledger_name)).get(kind) or KINDS.get(kind, kind)


def note_printed(store: Store, kind: str, records: Sequence[Record]) -> range:
    """Keep that a paper of `kind` was printed now of each of `records` (as read for printing: the revision, number
    and code on the paper), in one transaction. Nothing at the county (a township's record: its numbers are the
    township's), nor on a database that cannot be written now (it still prints). Returns the rows kept (for
    `withdraw_printed`)."""
    if store.is_county or not records:
        return range(0)
    from fazhi_desktop.core.documents.verify import print_code  # the documents package imports the Store

    at = utc_iso(store.clock())
    by = store.user.name if store.user is not None else store.setting("operator") or "未登录"
    rows = [(r.id, kind, r.number or "", print_code(store, r), r.revision, at, by) for r in records]
    try:
        with dbmod.transaction(store.conn, "记录打印"):
            store.conn.executemany("INSERT INTO record_prints (record_id, kind, number, code, revision, printed_at,"
                                   " printed_by) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            last = store.conn.execute("SELECT last_insert_rowid()").fetchone()[0]  # one after another: the lock held
    except (failures.ReadOnlyStorage, failures.DatabaseLocked):
        return range(0)
    return range(last - len(rows) + 1, last + 1)


def withdraw_printed(store: Store, kept: range) -> None:
    """Take back the papers `note_printed` kept for a file that then never took its name (a PDF open in a reader,
    which Windows will not let be replaced): nothing was printed, so its 修改历史 does not say so and its number may
    still be given back."""
    if kept:
        with dbmod.transaction(store.conn, "记录打印"):
            store.conn.execute("DELETE FROM record_prints WHERE rowid BETWEEN ? AND ?", [kept.start, kept.stop - 1])


def prints_of(conn: sqlite3.Connection, record_id: str) -> list[Print]:
    """The papers printed of a record, oldest first."""
    return [Print(*row) for row in conn.execute(
        "SELECT record_id, kind, number, code, revision, printed_at, printed_by FROM record_prints"
        " WHERE record_id = ? ORDER BY printed_at, rowid", [record_id])]


def number_kept(conn: sqlite3.Connection, ledger_name: str, record_id: str, number: str) -> str | None:
    """Why `number`, which record `record_id` holds or held, can never be given out again (`SENT`,
    `ON_REGISTER`, `已印在 2026-11-28 打印的会议纪要上`; `BEFORE_KEPT`: given out before this database kept its
    prints, migration 050; `RESTORED_KEPT`: by the database a restore brought back, `note_restored`), or None when
    nothing outside the database shows it: the one rule both ways of giving a number back follow (Store._give_back,
    import_undo)."""
    sent = conn.execute(
        "SELECT 1 FROM bundles_sent WHERE changes_through >= (SELECT min(seq) FROM changes WHERE record_id = ?"
        " AND json_extract(data, '$.number') = ?) LIMIT 1", [record_id, number]).fetchone()
    if sent is None:  # 补录回执列出的记录: a bundle this database no longer knows carried it (the county's number)
        from fazhi_desktop.core.store import REENTERED  # the Store imports this module

        sent = conn.execute("SELECT 1 FROM changes WHERE record_id = ? AND reason = ? AND json_extract(data,"
                            " '$.number') = ? LIMIT 1", [record_id, REENTERED, number]).fetchone()
    if sent is not None:
        return SENT
    listed = conn.execute("SELECT 1 FROM register_page_records WHERE record_id = ? AND number = ? LIMIT 1",
                          [record_id, number]).fetchone()
    if listed is not None:
        return ON_REGISTER
    printed = conn.execute("SELECT kind, printed_at FROM record_prints WHERE number = ? ORDER BY printed_at LIMIT 1",
                           [number]).fetchone()
    if printed is not None:
        return f"已印在 {local_time(printed[1])[:10]} 打印的{document_name(ledger_name, printed[0])}上"
    for key, why in _UNKNOWN:  # given out while prints were not kept, or kept in a database a restore replaced
        before = conn.execute(
            "SELECT 1 FROM settings WHERE key = ? AND CAST(value AS INTEGER) >= (SELECT min(seq) FROM changes"
            " WHERE record_id = ? AND json_extract(data, '$.number') = ?)", [key, record_id, number]).fetchone()
        if before is not None:
            return why
    return None


def note_restored(conn: sqlite3.Connection) -> None:
    """In a restored database (in the restore's transaction): the numbers it had given out may be on papers printed
    after its backup was made, which it does not know (`record_prints` and the register pages went back with the
    records), so none of them is given back nor renumbered (`number_kept`: `RESTORED_KEPT`)."""
    conn.execute("INSERT OR REPLACE INTO settings VALUES (?, (SELECT CAST(coalesce(max(seq), 0) AS TEXT)"
                 " FROM changes))", [RESTORED_SETTING])
