"""What a restore carries from the current database into the restored one, and the restore's own entry.

The accounts are who may use the program now, not data: a restore keeps them as they are (`_carry_accounts`). An
account stopped since the backup (someone who left), a password reset since (one that was seen), a role or name
changed since, stay so, and an account created since stays; the result names those that differ from the backup.

The reveal log (core/reveals.py: who showed a party's full ID number, PIPL art. 51) and the account log (who did
what to accounts, who logged in) are records of what people did, not of the data: restoring a backup must not take
back entries written since the backup was made. The current database's entries the restored one lacks (not the same
id and content there) are appended to the restored database's log (the reveal log re-chained after its head,
core/reveal_chain.py, an entry that withdraws another pointing to that entry's new id). Then the account log gets an
entry for the restore itself: who, when, which backup.

A reveal log whose chain was broken before the restore (an entry deleted or changed behind the program's back) stays
broken where the entries carried show it: an entry that did not link to the one before it is carried linked to what
it linked to (the hash of the entry that is gone), so `fazhi check` on the restored database still points at it,
unless the backup holds the missing entry. Whatever `fazhi check` found in that chain is said in the result and in
the restore's account-log entry, also where nothing carried can show it (the newest entries deleted).

A current database of another install in which nothing was done (`new_install`: no change, no roster entry, no
bundle, no key enrolled or handed out, no receipt; a new PC set up with the first-start wizard, then restored) keeps
no accounts either: they are a technician's for the setup, and the backup's are the office's. Carried, the
technician's account stayed an active 管理员 nobody uses, and it refused `fazhi accounts recover` to the office's own
管理员 (本所还有能登录的管理员（技术员）); its logs are carried as usual.

Nothing is carried from a database of another office (a forced restore), or from one that cannot be read (a damaged
file, what a restore is often for); nor from a log whose text a damaged file no longer holds, in the current
database or the backup: it is kept aside as it was, and the result says so. The year log is not carried: it is the
state of the data (which years are closed), and goes back with the records; nor is the roster's change log
(core/roster_log.py), the history of the roster it goes back with.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fazhi_desktop.core import damaged, failures, reveal_chain, settings
from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.db import query
from fazhi_desktop.core.permissions import ROLE_LABELS

_ACCOUNT_FIELDS = ("at", "account", "event", "actor")
_REVEAL_FIELDS = ("at", "actor", "record_id", "township", "ledger", "number", "how", "withdraws", "reason", "shown")
_KEPT_ASIDE = "没有带到恢复的数据库中（保留在改名的原数据库里）"
_ACCOUNTS = "账户日志"
_ACCOUNT_STATE = "账户"
_AS_AT_BACKUP = "账户回到了备份时的状态（此后停用的账户、重设的密码、改过的角色须由管理员重新处理）"
#: the tables of a database in which something was done: a record saved (changes), the roster, a bundle, a township
#: key enrolled (at the county)
_USED = ("changes", "people", "bundles_sent", "bundles_received", "township_keys")


@dataclass
class Carried:
    """What `carry_logs` did: `notes` for the result; `broken`, what `fazhi check` found in the current
    database's reveal-log chain (named in the restore's account-log entry too)."""

    notes: list[str] = field(default_factory=list)
    broken: str | None = None


def carry_logs(current: Path, restored: sqlite3.Connection) -> Carried:
    """Append to the restored database (`restored`, inside the caller's transaction) the reveal-log and account-log
    entries of the database at `current` that it lacks (see the module docstring)."""
    carried = Carried()
    if not current.exists():
        return carried  # a new PC: no log to keep
    try:
        with dbmod.read_only(current) as source:  # read without writing: the file set aside stays as it was
            if source is None:
                raise sqlite3.DatabaseError
            # another office's accounts: the backup's are kept
            if settings.office(source).which != settings.office(restored).which:
                carried.notes.append(f"当前数据库属于另一个单位：其{reveal_chain.NAME}、{_ACCOUNTS}和账户"
                                     f"{_KEPT_ASIDE}")
                return carried
            reveals = _read(source, f"SELECT id, prev_hash, entry_hash, {', '.join(reveal_chain.FIELDS)}"
                                    " FROM reveal_log ORDER BY id", reveal_chain.NAME, carried)
            if reveals is not None:
                carried.broken = reveal_chain.verify(source)[1]
            events = _read(source, f"SELECT id, {', '.join(_ACCOUNT_FIELDS)} FROM account_log ORDER BY id",
                           _ACCOUNTS, carried)
            users = _read(source, "SELECT * FROM accounts", _ACCOUNT_STATE, carried)
            fresh = new_install(source, restored)
    except sqlite3.Error:
        carried.notes = [f"当前数据库无法读取：备份之后的{reveal_chain.NAME}和{_ACCOUNTS}{_KEPT_ASIDE}；"
                         f"{_AS_AT_BACKUP}"]
        return carried
    counts = {}
    if reveals is not None:
        counts[reveal_chain.NAME] = _carry_reveals(restored, reveals, carried)
    if events is not None:
        counts[_ACCOUNTS] = _carry_events(restored, events, carried)
    if fresh:
        _backup_accounts(restored, users or [], carried)
    elif users is not None:
        _carry_accounts(restored, users, carried)
    else:
        carried.notes.append(_AS_AT_BACKUP)
    if carried.broken:
        carried.notes.append(f"恢复前的数据库中，{_broken_text(carried.broken)}：已照样带入，并记入账户日志中这次恢复的"
                             "条目（原样的日志保留在改名的原数据库里）")
    counted = {name: count for name, count in counts.items() if count is not None}
    if any(counted.values()):
        carried.notes.insert(0, "备份之后的日志已带到恢复的数据库中："
                                + "，".join(f"{name} {count} 条" for name, count in counted.items()))
    return carried


def note_restore(restored: sqlite3.Connection, actor: str, at: str, backup: str, created_at: str,
                 broken: str | None = None) -> None:
    """The account log's entry for the restore itself (inside the caller's transaction); `broken`: what `fazhi
    check` found in the reveal log's chain before the restore, which the entry names."""
    event = f"从备份恢复（备份于 {local_time(created_at)}，文件 {backup}）"
    if broken:
        event += f"；恢复前{_broken_text(broken)}"
    restored.execute("INSERT INTO account_log (at, account, event, actor) VALUES (?, ?, ?, ?)",
                     [at, actor, event, actor])


def _broken_text(problem: str) -> str:
    return f"{reveal_chain.NAME}没有通过检查（{problem}）"


def _read(conn: sqlite3.Connection, sql: str, name: str, carried: Carried, backup: bool = False
          ) -> list[dict[str, Any]] | None:
    """The rows of a log, or None (said in `carried`) when a damaged file no longer holds some of its text: in the
    current database or, `backup`, in the backup's."""
    try:
        return query(conn, sql)
    except failures.DatabaseDamaged as exc:
        count = f"有 {len(exc.damaged)} 条" if isinstance(exc, damaged.DamagedRows) else "有数据的"
        whose, kept = ("备份中", "当前数据库中备份之后的") if backup else ("当前数据库", "备份之后的")
        carried.notes.append(f"{whose}的{name}{count}{damaged.REASON}：{kept}{name}{_KEPT_ASIDE}")
        return None


def new_install(current: sqlite3.Connection, restored: sqlite3.Connection) -> bool:
    """Whether the current database is another install than the backup's (created at another time) in which
    nothing was done: no record saved, no roster entry, no bundle made or imported (the first-start wizard's
    database on a new PC, before the restore; `worked_in`). False when it cannot tell."""
    try:
        if settings.read(current, "created_at") == settings.read(restored, "created_at"):
            return False  # the backup's own database (a backup made before anything was entered)
        return not worked_in(current)
    except sqlite3.Error:
        return False


def worked_in(conn: sqlite3.Connection) -> bool:
    """Whether anything was done in the database or went out of it: a record saved, the roster entered, a bundle
    made or imported, a township key enrolled, the township's enrolment file or the county public key file written,
    a receipt written or imported. The one rule for "nothing was done" (`new_install`, and whether a key replaced
    by a restore went out, core/backup/key_notes.py); sqlite3.Error when the file cannot tell."""
    from fazhi_desktop.core.bundle.keys import COUNTY_PUBLIC_WRITTEN, ENROLMENT_WRITTEN
    from fazhi_desktop.core.bundle.receipts import IMPORTED_SETTING, WRITTEN_SETTING

    if any(conn.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")').fetchone()[0] for table in _USED):
        return True
    written = settings.among(conn, (ENROLMENT_WRITTEN, COUNTY_PUBLIC_WRITTEN, IMPORTED_SETTING))
    return any([*written.values(), *settings.under(conn, WRITTEN_SETTING).values()])


def replaces_new_install(current: Path, restored: Path) -> bool:
    """`new_install` of the database files at `current` and `restored`, read without writing to them."""
    with dbmod.read_only(current) as now, dbmod.read_only(restored) as then:
        return now is not None and then is not None and new_install(now, then)


def _backup_accounts(restored: sqlite3.Connection, current: list[dict[str, Any]], carried: Carried) -> None:
    """A fresh database's accounts are not carried (module docstring): the result says so, naming them."""
    held = _read(restored, "SELECT name FROM accounts", _ACCOUNT_STATE, carried, backup=True) or []
    names = {row["name"].casefold() for row in held}
    left = [row["name"] + ("（用备份中的同名账户）" if row["name"].casefold() in names else "") for row in current]
    carried.notes.append(f"{FRESH_SAID}：{_AS_AT_BACKUP}，请用原来的账户和密码登录"
                         + (f"；恢复前新建的账户没有带过来：{'、'.join(left)}" if left else ""))


#: said of a current database of another install in which nothing was done (`new_install`), in the result and the
#: question before
FRESH_SAID = "恢复前的数据库是新建的（没有记录、名册和数据包，如在新电脑上先做了首次使用设置）"


def _carry_reveals(restored: sqlite3.Connection, current: list[dict[str, Any]], carried: Carried) -> int | None:
    held = _read(restored, "SELECT id, entry_hash FROM reveal_log", reveal_chain.NAME, carried, backup=True)
    if held is None:
        return None
    there = {(row["id"], row["entry_hash"]) for row in held}
    new_id = {row["id"]: row["id"] for row in current}
    before: dict[str, Any] | None = None  # the entry before, in the current log
    count = 0
    for row in current:  # one by one: a withdrawal names the new id of the entry it takes back
        linked = _linked(row, before)
        before = row
        if (row["id"], row["entry_hash"]) in there:
            continue
        entry = {k: row[k] for k in _REVEAL_FIELDS}
        if entry["withdraws"] is not None:
            entry["withdraws"] = new_id.get(entry["withdraws"], entry["withdraws"])
        # a link broken in the current log stays broken: linked to what it was, the hash of an entry that is gone
        after = None if linked else row["prev_hash"]
        new_id[row["id"]] = reveal_chain.append(restored, [entry], after=after).start
        count += 1
    return count


def _linked(row: dict[str, Any], before: dict[str, Any] | None) -> bool:
    """Does `row` link to the entry before it in the same log, itself unchanged (as `fazhi check` walks it)?"""
    if before is None:
        return row["prev_hash"] == reveal_chain.GENESIS
    return row["prev_hash"] == before["entry_hash"] and reveal_chain.entry_hash(before) == before["entry_hash"]


def _carry_events(restored: sqlite3.Connection, current: list[dict[str, Any]], carried: Carried) -> int | None:
    key = ("id", *_ACCOUNT_FIELDS)
    held = _read(restored, f"SELECT {', '.join(key)} FROM account_log", _ACCOUNTS, carried, backup=True)
    if held is None:
        return None
    there = {tuple(row[k] for k in key) for row in held}
    new = [row for row in current if tuple(row[k] for k in key) not in there]
    restored.executemany("INSERT INTO account_log (at, account, event, actor) VALUES (?, ?, ?, ?)",
                         [[row[k] for k in _ACCOUNT_FIELDS] for row in new])
    return len(new)


def _carry_accounts(restored: sqlite3.Connection, current: list[dict[str, Any]], carried: Carried) -> None:
    """The current accounts over the backup's (all their columns), those created since added; the ones that differ
    from the backup named in `carried`."""
    held = _read(restored, "SELECT * FROM accounts", _ACCOUNT_STATE, carried, backup=True)
    if held is None or not current:
        return
    before = {row["name"].casefold(): row for row in held}
    changed = [f"{row['name']}（{what}）" for row in current
               if (what := _account_change(before.get(row["name"].casefold()), row))]
    columns = [c for c in current[0] if c in held[0]] if held else list(current[0])
    restored.executemany(f"INSERT OR REPLACE INTO accounts ({', '.join(columns)}) VALUES "
                         f"({', '.join('?' for _ in columns)})", [[row[c] for c in columns] for row in current])
    if changed:
        carried.notes.append(f"账户保持恢复前的状态，备份之后的改动没有撤销：{'、'.join(changed)}")


def _account_change(before: dict[str, Any] | None, now: dict[str, Any]) -> str:
    """What a restore would have undone of an account: "" when nothing a user would notice."""
    if before is None:
        return "备份之后新建"
    said = []
    if bool(before["active"]) != bool(now["active"]):
        said.append("已停用" if not now["active"] else "已重新启用")
    if before["role"] != now["role"]:
        said.append(f"角色为{ROLE_LABELS.get(now['role'], now['role'])}")
    if before["display_name"] != now["display_name"]:
        said.append(f"姓名为{now['display_name']}")
    if before["password_hash"] != now["password_hash"]:
        said.append("密码已改")
    return "、".join(said)
