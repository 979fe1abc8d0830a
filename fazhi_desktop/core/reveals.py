"""Who saw full ID and phone numbers, and when: the reveal log.

Numbers are masked everywhere (identifiers.md); a 所长 or 管理员 may show them in full on purpose (打印 with
显示完整证件号, `--reveal`, clicking into a number in the editor). Each such reveal is noted here, record by record,
before the numbers are shown or leave on paper or in a file, so that the access control PIPL art. 51 asks for can be
answered for: who looked at this party's number? The 管理员 reads the log (账户 → 日志, `fazhi accounts log
--reveals`). Only records that hold such a number are noted, never the numbers themselves. The log stays in the
office's database: bundles do not carry it; backups do, with the database. Its entries are hash-chained and never
deleted (core/reveal_chain.py), so `fazhi check` sees one removed behind the program's back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core import divisions, reveal_chain
from fazhi_desktop.core.clock import utc_iso
from fazhi_desktop.core.errors import Conflict, NotFound
from fazhi_desktop.core.forms import FieldDef
from fazhi_desktop.core.store import Record, Store

SHOWN = 500  # the newest entries a listing shows
WITHDRAWN = "撤回（文件未能写出，号码没有给出）"
TAKEN_BACK = "SELECT withdraws FROM reveal_log WHERE withdraws IS NOT NULL"
ROSTER = "people"  # the ledger column of a roster person's entry
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
    store.permit("record.reveal")
    return actor


def entries(store: Store, records: Iterable[Record]) -> list[Entry]:
    """The log's entries for `records`: those that hold a number."""
    return [(r.id, r.ledger, r.number, r.township) for r in records if holds_numbers(store, r)]


def person_entry(store: Store, person_id: str, name: str) -> Entry:
    """The log's entry for a roster person whose phone is shown: the name stands where a record's number does."""
    return (person_id, ROSTER, name, store.setting("township") or "")


def note_entries(store: Store, found: list[Entry], how: str) -> range:
    """Note `found` (from `entries`) as revealed `how`, in one transaction, for the user `may_reveal` allows.
    Returns the log rows written (for `withdraw`). The right is asked under the write lock: a 所长 made 录入员 (or
    stopped) while the entry waited for it is refused, and the numbers stay masked."""
    if not found:
        may_reveal(store)
        return range(0)
    with dbmod.transaction(store.conn, "记录完整证件号的查看"):
        actor = may_reveal(store)
        at = utc_iso(store.clock())
        rows = [{"at": at, "actor": actor, "record_id": record_id, "ledger": ledger, "number": number,
                 "township": township, "how": how, "withdraws": None}
                for record_id, ledger, number, township in found]
        return reveal_chain.append(store.conn, rows)


def withdraw(store: Store, written: range) -> None:
    """Take back entries noted for a file that then could not be put in place: nothing was revealed. The entries
    stay (the chain covers them); an entry per one taken back says so, and the listing leaves both out."""
    if not written:
        return
    at = utc_iso(store.clock())
    with dbmod.transaction(store.conn, "记录完整证件号的查看"):
        taken = store.query("SELECT id, actor, record_id, ledger, number, township FROM reveal_log "
                            "WHERE id BETWEEN ? AND ? ORDER BY id", [written.start, written.stop - 1])
        reveal_chain.append(store.conn, [{**row, "id": None, "at": at, "how": WITHDRAWN, "withdraws": row["id"]}
                                         for row in taken])


def note_reveals(store: Store, records: Iterable[Record], how: str) -> int:
    """Check that the user may reveal, then note the reveal of each of `records` that holds a number. Returns how
    many were noted. Call it before the numbers are shown: a reveal that cannot be noted (a database on a
    write-protected stick, or one locked by another program) is not made."""
    return len(note_entries(store, entries(store, records), how))


def reveal_log(store: Store, record: str | None = None, limit: int = SHOWN) -> list[dict[str, Any]]:
    """The newest reveals first (of one record when `record` gives its id or a number it has or had, also once
    deleted: the entries under its former numbers too): at, actor, record_id, ledger, number (as it was then),
    number_now (the record's number now, where another), township, how. For a 管理员 (anyone in a database without
    accounts)."""
    store.acting("未登录")  # accounts and nobody logged in: LoginFailed
    store.permit("accounts.manage")
    where, params = "", []
    if record:
        ids = list(dict.fromkeys([record, *(record_ids(store, record) or [])]))  # a roster person's: by their id
        where = f"AND (number = ? OR record_id IN ({', '.join('?' for _ in ids)}))"
        params = [record, *ids]
    entries = store.query("SELECT at, actor, record_id, ledger, number, township, how FROM reveal_log "
                          f"WHERE withdraws IS NULL AND id NOT IN ({TAKEN_BACK}) {where} ORDER BY id DESC LIMIT ?",
                          [*params, limit])
    numbers = _numbers_now(store, entries)
    return [{**e, "number_now": now if (now := numbers.get(e["record_id"])) != e["number"] else None}
            for e in entries]


def record_ids(store: Store, key: str) -> list[str] | None:
    """The record `key` names: its id, or a number it has or had (a deleted one's too, as typed on a keyboard);
    [] for a number several townships' records share (the county: matched as a number); None when none has."""
    try:
        store.ledger_of(key)
        return [key]
    except NotFound:
        pass
    try:
        return [store.find_by_number(key, include_deleted=True).id]
    except NotFound:
        return None
    except Conflict:
        return []


def _numbers_now(store: Store, entries: list[dict[str, Any]]) -> dict[str, str]:
    """record id -> its number now, for the records of `entries` (one query per ledger)."""
    by_ledger: dict[str, set[str]] = {}
    for entry in entries:
        if entry["ledger"] in store.ledgers:
            by_ledger.setdefault(entry["ledger"], set()).add(entry["record_id"])
    return {row[0]: row[1] for ledger, ids in by_ledger.items() for row in store.conn.execute(
        f'SELECT id, number FROM "{ledger}" WHERE id IN ({", ".join("?" for _ in ids)})', list(ids))}


def record_text(store: Store, entry: dict[str, Any]) -> str:
    """A log entry's record as a clerk names it: 调解案件 〔2026〕人调字第3号, with the number it has now where
    another (〔2026〕人调字第1号（现为〔2026〕行调字第9号）), and at the county whose it is (every township numbers its
    own)."""
    ledger = store.ledgers.get(entry["ledger"])
    label = "人员名册" if entry["ledger"] == ROSTER else ledger.label if ledger else entry["ledger"]
    text = f"{label} {entry['number'] or entry['record_id']}"
    if entry.get("number_now"):
        text += f"（现为{entry['number_now']}）"
    return f"{divisions.town_label(entry['township'])} {text}" if store.is_county else text
