"""A restore at the county keeps the roster of township keys of the database it replaces (restoring.py, inside the
transaction that carries the logs: carry.py).

The roster (`township_keys`) is which township keys the county trusts, and a backup holds it as it was when made. Put
back as it was, a key revoked since (leaked, stolen, on a lost PC) would work again, its bundles accepted; a key
enrolled since, after its fingerprint was compared on the phone, would be gone, its bundles refused as 未登记. So
every revocation in the replaced database is kept (a key the backup holds as working is revoked as it was: same time,
same person; one enrolled and revoked since is added revoked), and every key enrolled since is added. Nothing is
taken back: a key the backup holds revoked stays so (revoking cannot be undone), and neither is an enrolment: one
made by mistake is carried like any other, and revoked by hand. The result names what was kept.

When there is no readable database before (a damaged file, a new PC after a dead disk) nothing can be carried: the
result says that revocations and enrolments made since the backup must be made again, and where. Nothing is carried
from a database of another office (a forced restore) nor said at a township, whose own keys key_notes.py compares.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core import failures, settings
from fazhi_desktop.core.bundle.keys import reasons_left
from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.divisions import names
from fazhi_desktop.core.places import KEYS

_COLUMNS = ("key_id", "township", "office", "public_key", "fingerprint", "created", "enrolled_at", "enrolled_by",
            "revoked_at", "revoked_by")
_AGAIN = (f"备份之后如吊销过乡镇密钥，它又有效了，须在“{KEYS}”中重新吊销（命令行：fazhi revoke）；如登记过，它不再"
          "有效，须请乡镇重新写出登记文件，电话核对指纹后重新登记（fazhi enrol）")

#: said before a restore at the county, beside the accounts also kept as they are
KEPT_SAID = "乡镇密钥名单也保持现在的样子：备份之后的吊销和登记不会撤销，误登记的密钥请在恢复后吊销。"


def carry_roster(current: Path, restored: sqlite3.Connection, backup_made: str) -> list[str]:
    """Carry into the restored county database (`restored`, inside the caller's transaction) the revocations and
    enrolments of the database at `current` it lacks; what the result says of them. `backup_made`: when the backup
    was made (its manifest's created_at)."""
    office = settings.office(restored).which
    if office[1] != settings.COUNTY:
        return []
    rows = _roster(current, office)
    if rows is None:
        return []  # another office's roster
    if isinstance(rows, str):
        return [f"{rows}，乡镇密钥名单回到了备份时（{local_time(backup_made)}）：{_AGAIN}"]
    revoked, enrolled = [], []
    reasons = _has_reasons(restored)
    for row in rows:
        added = restored.execute(f"INSERT OR IGNORE INTO township_keys ({', '.join(_COLUMNS)}) VALUES "
                                 f"({', '.join('?' * len(_COLUMNS))})", [row[c] for c in _COLUMNS]).rowcount
        if row["revoked_at"] is not None:
            added += restored.execute("UPDATE township_keys SET revoked_at = ?, revoked_by = ? WHERE key_id = ? "
                                      "AND revoked_at IS NULL",
                                      [row["revoked_at"], row["revoked_by"], row["key_id"]]).rowcount
        if row.get("revoked_reason") and reasons:  # why: what a refused bundle is told follows it
            held, = restored.execute("SELECT revoked_reason FROM township_keys WHERE key_id = ?",
                                     [row["key_id"]]).fetchone()
            if row["revoked_reason"] in reasons_left(held):  # given since, or 更换 found 被盗 or 丢失 since
                restored.execute("UPDATE township_keys SET revoked_reason = ?, untrusted_since = ? WHERE key_id = ?",
                                 [row["revoked_reason"], row["untrusted_since"], row["key_id"]])
        if added:
            (enrolled if row["revoked_at"] is None else revoked).append(_named(row))
    said = [f"{what} {len(keys)} 个（{'、'.join(keys)}）" for what, keys in (("吊销", revoked), ("登记", enrolled))
            if keys]
    if not said:
        return []
    undo = f"；其中误登记的，请在“{KEYS}”中吊销" if enrolled else ""
    return [f"乡镇密钥名单保持恢复前的状态，备份之后的吊销和登记没有撤销：{'，'.join(said)}{undo}"]


def _roster(current: Path, office: tuple[str | None, str]) -> list[dict[str, Any]] | str | None:
    """The roster of the database at `current`; None when it is another office's; why it cannot be read (a text
    for the result) when there is none to read."""
    if not current.exists():
        return "恢复前这里没有数据库（新电脑）"
    with dbmod.read_only(current) as source:
        try:
            if source is None:
                raise sqlite3.DatabaseError
            if settings.office(source).which != office:
                return None
            columns = _COLUMNS + (_REASONS if _has_reasons(source) else ())
            return dbmod.query(source, f"SELECT {', '.join(columns)} FROM township_keys ORDER BY enrolled_at")
        except (sqlite3.Error, failures.DatabaseDamaged):
            return "恢复前的数据库无法读取（已损坏）"


#: a revocation's reason and day (migration 031): carried where both databases have them (a backup of an earlier
#: version has them too by then: the restore checks its database opened as the program opens one, brought up to date)
_REASONS = ("revoked_reason", "untrusted_since")


def _has_reasons(conn: sqlite3.Connection) -> bool:
    return "revoked_reason" in {row[1] for row in conn.execute("PRAGMA table_info(township_keys)")}


def _named(row: dict[str, Any]) -> str:
    return f"{names().get(row['township'], row['township'])} {row['key_id']}"
