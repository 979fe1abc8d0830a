"""Who saw full ID and phone numbers, and when: the reveal log.

Numbers are masked everywhere (identifiers.md); a 所长 or 管理员 may show them in full on purpose (打印 with
显示完整证件号, `--reveal`, clicking into a number in the editor). Each such reveal is noted here, record by record,
before the numbers are shown or leave on paper or in a file, so that the access control PIPL art. 51 asks for can be
answered for: who looked at this party's number? The 管理员 reads the log (账户 → 日志, `fazhi accounts log
--reveals`). Only records that hold such a number are noted, never the numbers themselves. The log stays in the
office's database: bundles do not carry it; backups do, with the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core import divisions
from fazhi_desktop.core.clock import utc_iso
from fazhi_desktop.core.forms import FieldDef
from fazhi_desktop.core.permissions import require
from fazhi_desktop.core.store import Record, Store

SHOWN = 500  # the newest entries a listing shows
#: a record as the log keeps it: id, ledger, number, township
Entry = tuple[str, str, str | None, str]


def holds_numbers(store: Store, record: Record) -> bool:
    """Does `record` hold an ID or phone number (or another field masked on screen)?"""
    return any(_filled(f, record.values.get(f.name)) for f in store.ledger(record.ledger).fields)


def _filled(field: FieldDef, value: Any) -> bool:
    if field.type == "group":
        return any(_filled(sub, row.get(sub.name)) for row in value or [] if isinstance(row, dict)
                   for sub in field.fields)
    return field.is_sensitive and value not in (None, "", [])


def may_reveal(store: Store) -> str:
    """The name the log gives the one revealing, once checked that they may: a logged-in 所长 or 管理员, or anyone
    in a database without accounts (the operator). Raises PermissionDenied, or LoginFailed when the database has
    accounts and nobody is logged in."""
    actor = store.acting(store.setting("operator") or "未登录")
    if store.user is not None:
        require(store.user, "record.reveal")
    return actor


def entries(store: Store, records: Iterable[Record]) -> list[Entry]:
    """The log's entries for `records`: those that hold a number."""
    return [(r.id, r.ledger, r.number, r.township) for r in records if holds_numbers(store, r)]


def note_entries(store: Store, found: list[Entry], how: str) -> range:
    """Note `found` (from `entries`) as revealed `how`, in one transaction, for the user `may_reveal` allows.
    Returns the log rows written (for `withdraw`)."""
    actor = may_reveal(store)
    if not found:
        return range(0)
    at = utc_iso(store.clock())
    with dbmod.transaction(store.conn, "记录完整证件号的查看"):
        last = store.conn.execute("SELECT coalesce(max(id), 0) FROM reveal_log").fetchone()[0]
        store.conn.executemany("INSERT INTO reveal_log (id, at, actor, record_id, ledger, number, township, how) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               [(last + n, at, actor, *entry, how) for n, entry in enumerate(found, 1)])
    return range(last + 1, last + len(found) + 1)


def withdraw(store: Store, written: range) -> None:
    """Take back entries noted for a file that then could not be put in place: nothing was revealed."""
    if written:
        with dbmod.transaction(store.conn, "记录完整证件号的查看"):
            store.conn.execute("DELETE FROM reveal_log WHERE id BETWEEN ? AND ?", [written.start, written.stop - 1])


def note_reveals(store: Store, records: Iterable[Record], how: str) -> int:
    """Check that the user may reveal, then note the reveal of each of `records` that holds a number. Returns how
    many were noted. Call it before the numbers are shown: a reveal that cannot be noted (a database on a
    write-protected stick, or one locked by another program) is not made."""
    return len(note_entries(store, entries(store, records), how))


def reveal_log(store: Store, record: str | None = None, limit: int = SHOWN) -> list[dict[str, Any]]:
    """The newest reveals first (of one record when `record` gives its id or its number, also once deleted): at,
    actor, record_id, ledger, number, township, how. For a 管理员 (anyone in a database without accounts)."""
    store.acting("未登录")  # accounts and nobody logged in: LoginFailed
    if store.user is not None:
        require(store.user, "accounts.manage")
    where, params = ("WHERE record_id = ? OR number = ?", [record, record]) if record else ("", [])
    return store.query(f"SELECT at, actor, record_id, ledger, number, township, how FROM reveal_log {where} "
                       "ORDER BY id DESC LIMIT ?", [*params, limit])


def record_text(store: Store, entry: dict[str, Any]) -> str:
    """A log entry's record as a clerk names it: 调解案件 〔2026〕人调字第3号, and at the county whose it is
    (every township numbers its own)."""
    ledger = store.ledgers.get(entry["ledger"])
    text = f"{ledger.label if ledger else entry['ledger']} {entry['number'] or entry['record_id']}"
    return f"{divisions.town_label(entry['township'])} {text}" if store.is_county else text
