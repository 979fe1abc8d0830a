"""What a restore carries from the current database into the restored one, and the restore's own entry.

The reveal log (core/reveals.py: who showed a party's full ID number, PIPL art. 51) and the account log (who did
what to accounts, who logged in) are records of what people did, not of the data: restoring a backup must not take
back entries written since the backup was made. The entries the two logs share from their start (same id, same
content) are there already; the current database's entries after them are appended to the restored database's log
(the reveal log re-chained after its head, core/reveal_chain.py, an entry that withdraws another pointing to that
entry's new id). Then the account log gets an entry for the restore itself: who, when, which backup.

Nothing is carried from a database of another office (a forced restore) or one that cannot be read (a damaged
file, what a restore is often for): it is kept aside as it was, and the result says so. The year log is not
carried: it is the state of the data (which years are closed), and goes back with the records.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from fazhi_desktop.core import reveal_chain
from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.db import query

_ACCOUNT_FIELDS = ("at", "account", "event", "actor")
_REVEAL_FIELDS = ("at", "actor", "record_id", "township", "ledger", "number", "how", "withdraws")
_OFFICE = "SELECT key, value FROM settings WHERE key IN ('township', 'mode')"
_KEPT_ASIDE = "没有带到恢复的数据库中（保留在改名的原数据库里）"


def carry_logs(current: Path, restored: sqlite3.Connection) -> list[str]:
    """Append to the restored database (`restored`, inside the caller's transaction) the reveal-log and account-log
    entries of the database at `current` that it lacks. Returns notes for the result: what was carried, or why
    nothing could be."""
    if not current.exists():
        return []  # a new PC: no log to keep
    try:
        source = sqlite3.connect(current, timeout=5.0)  # not mode=ro: it would leave -wal and -shm behind
        try:
            if _office(source) != _office(restored):
                return [f"当前数据库属于另一个单位：其完整证件号查看日志和账户日志{_KEPT_ASIDE}"]
            reveals = query(source, f"SELECT id, entry_hash, {', '.join(_REVEAL_FIELDS)} FROM reveal_log ORDER BY id")
            events = query(source, f"SELECT id, {', '.join(_ACCOUNT_FIELDS)} FROM account_log ORDER BY id")
        finally:
            source.close()
    except sqlite3.Error:
        return [f"当前数据库无法读取：备份之后的完整证件号查看日志和账户日志{_KEPT_ASIDE}"]
    carried_reveals = _carry_reveals(restored, reveals)
    carried_events = _carry_events(restored, events)
    if not carried_reveals and not carried_events:
        return []
    return [f"备份之后的日志已带到恢复的数据库中：完整证件号查看日志 {carried_reveals} 条，"
            f"账户日志 {carried_events} 条"]


def note_restore(restored: sqlite3.Connection, actor: str, at: str, backup: str, created_at: str) -> None:
    """The account log's entry for the restore itself (inside the caller's transaction)."""
    restored.execute("INSERT INTO account_log (at, account, event, actor) VALUES (?, ?, ?, ?)",
                     [at, actor, f"从备份恢复（备份于 {local_time(created_at)}，文件 {backup}）", actor])


def _office(conn: sqlite3.Connection) -> tuple[str | None, str]:
    settings = dict(conn.execute(_OFFICE).fetchall())
    return settings.get("township"), settings.get("mode") or "township"


def _after_shared(current: list[dict[str, Any]], restored: list[dict[str, Any]], key: tuple[str, ...]) -> int:
    """How many entries from the start the two logs share: the current log's entries from there on are new."""
    shared = 0
    for mine, theirs in zip(current, restored, strict=False):
        if any(mine[k] != theirs[k] for k in key):
            break
        shared += 1
    return shared


def _carry_reveals(restored: sqlite3.Connection, current: list[dict[str, Any]]) -> int:
    held = query(restored, "SELECT id, entry_hash FROM reveal_log ORDER BY id")
    shared = _after_shared(current, held, ("id", "entry_hash"))
    new_id = {row["id"]: row["id"] for row in current[:shared]}
    for row in current[shared:]:  # one by one: a withdrawal names the new id of the entry it takes back
        entry = {k: row[k] for k in _REVEAL_FIELDS}
        if entry["withdraws"] is not None:
            entry["withdraws"] = new_id.get(entry["withdraws"], entry["withdraws"])
        new_id[row["id"]] = reveal_chain.append(restored, [entry]).start
    return len(current) - shared


def _carry_events(restored: sqlite3.Connection, current: list[dict[str, Any]]) -> int:
    held = query(restored, f"SELECT id, {', '.join(_ACCOUNT_FIELDS)} FROM account_log ORDER BY id")
    shared = _after_shared(current, held, ("id", *_ACCOUNT_FIELDS))
    restored.executemany("INSERT INTO account_log (at, account, event, actor) VALUES (?, ?, ?, ?)",
                         [[row[k] for k in _ACCOUNT_FIELDS] for row in current[shared:]])
    return len(current) - shared
