"""Who saw full ID and phone numbers, and when: the reveal log.

Numbers are masked everywhere (identifiers.md); a 所长 or 管理员 may show them in full on purpose (打印 with
显示完整证件号, `--reveal`). Each such reveal is noted here, record by record, before anything is shown, so that the
access control PIPL art. 51 asks for can be answered for: who looked at this party's number? The 管理员 reads the
log (账户 → 日志, `fazhi accounts log --reveals`). Only records that hold such a number are noted, never the numbers
themselves. The log stays in the office's database: bundles do not carry it; backups do, with the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.clock import utc_iso
from fazhi_desktop.core.forms import FieldDef
from fazhi_desktop.core.permissions import require
from fazhi_desktop.core.store import Record, Store

SHOWN = 500  # the newest entries a listing shows


def holds_numbers(store: Store, record: Record) -> bool:
    """Does `record` hold an ID or phone number (or another field masked on screen)?"""
    return any(_filled(f, record.values.get(f.name)) for f in store.ledger(record.ledger).fields)


def _filled(field: FieldDef, value: Any) -> bool:
    if field.type == "group":
        return any(_filled(sub, row.get(sub.name)) for row in value or [] if isinstance(row, dict)
                   for sub in field.fields)
    return field.is_sensitive and value not in (None, "", [])


def note_reveals(store: Store, records: Iterable[Record], how: str) -> int:
    """Check that the logged-in user may reveal (所长, 管理员; anyone in a database without accounts), then note the
    reveal of each of `records` that holds a number, in one transaction. Returns how many were noted. Call it before
    showing: a reveal that cannot be noted (a read-only database) is not made."""
    if store.user is not None:
        require(store.user, "record.reveal")
    actor = store.user.name if store.user is not None else (store.setting("operator") or "未登录")
    rows = [(r.id, r.ledger, r.number) for r in records if holds_numbers(store, r)]
    if not rows:
        return 0
    at = utc_iso(store.clock())
    with dbmod.transaction(store.conn):
        store.conn.executemany("INSERT INTO reveal_log (at, actor, record_id, ledger, number, how) "
                               "VALUES (?, ?, ?, ?, ?, ?)", [(at, actor, *row, how) for row in rows])
    return len(rows)


def reveal_log(store: Store, record_id: str | None = None, limit: int = SHOWN) -> list[dict[str, Any]]:
    """The newest reveals first (of one record when `record_id` is given): at, actor, record_id, ledger, number,
    how. For a 管理员 (anyone in a database without accounts)."""
    if store.user is not None:
        require(store.user, "accounts.manage")
    where, params = ("WHERE record_id = ?", [record_id]) if record_id else ("", [])
    return store.query(f"SELECT at, actor, record_id, ledger, number, how FROM reveal_log {where} "
                       "ORDER BY id DESC LIMIT ?", [*params, limit])


def record_text(store: Store, entry: dict[str, Any]) -> str:
    """A log entry's record as a clerk names it: 调解案件 〔2026〕人调字第3号."""
    ledger = store.ledgers.get(entry["ledger"])
    return f"{ledger.label if ledger else entry['ledger']} {entry['number'] or entry['record_id']}"
