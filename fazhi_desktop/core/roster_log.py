"""The roster's change log: every person added, changed, taken out of use (停用) or brought back (启用), with who,
when, and each field's old and new value.

A roster entry's 到任日期, 离任日期 and roles decide who owes 领导干部述法 (T47, a scored figure) in each year, and go
to the county in the next bundle; the `people` row keeps only its latest state. The entries are written by
core/people.py in the transaction of the change itself, for the logged-in user (`Store.acting`, as on the records'
write path); a change the program makes itself (demo data) says so in its `note`. They are hash-chained like the
reveal log (core/reveal_chain.py) and never changed or deleted, so `fazhi check` sees one removed behind the
program's back.

It is the roster's history, as the change log is the records': it stays in the office (bundles carry the roster as
it is, and a change that would move a closed year's T47 needs the year reopened first, which the county is told, with
the people whose place in it moved: core/bundle/roster_moves.py),
and a restored backup takes it back with the roster it describes (core/backup/carry.py carries only the logs of
what people did that are not the data). A person already in the roster when this log began (migration 020) has
entries from their first change on; the old values of that entry are what they were until then.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from fazhi_desktop.core import reveal_chain
from fazhi_desktop.core.clock import local_time, utc_iso
from fazhi_desktop.core.history import EMPTY, FieldChange, Revision, account_names, actor_label
from fazhi_desktop.core.identifiers import mask_phone

if TYPE_CHECKING:
    from fazhi_desktop.core.people import Person
    from fazhi_desktop.core.store import Store

CHAIN = reveal_chain.Chain(
    "roster_log", "roster_log_head",
    ("id", "person_id", "name", "revision", "op", "at", "actor", "note", "changes", "prev_hash"), "人员名册修改日志")
#: a person's fields as the log compares them, with the names 编辑人员 gives them
FIELDS = {"name": "姓名", "title": "职务", "unit": "单位", "roles": "角色", "cert_no": "执法证号",
          "cert_expiry": "执法证有效期", "phone": "联系电话", "joined_on": "到任日期", "left_on": "离任日期",
          "active": "状态", "person": "同名的人"}
#: an entry's answer to 是否同一人 as its log says it: (another person, the same as a namesake)
SAME_SAID = ("是另一人", "与同名的一条是同一人")
OPS = {"add": "添加", "update": "修改", "stop": "停用", "start": "启用"}
COUNTY = "县级数据库没有名册修改日志：名册由各乡镇登记，每人的修改历史在乡镇的数据库中"


def changed(before: Person | None, after: Person, joined: bool = False) -> list[list[Any]]:
    """[field, old, new] for each field that differs (`before` None: a person added, every field filled in but
    `active`, which the entry's 状态 shows). `joined`: a namesake was said to be the same person as this entry
    (`people.joined_by_namesake`), whose own id in `person` is then no 是另一人."""
    # added: its 状态 is in the entry's, the answer to 是否同一人 in its `person`
    keys = [key for key in FIELDS if before is not None or key not in ("active", "person")]
    return [[key, _value(before, key, joined), _value(after, key, joined)] for key in keys
            if _value(before, key, joined) != _value(after, key, joined)]


def note_change(store: Store, before: Person | None, after: Person, actor: str, note: str | None = None,
                joined: bool = False) -> None:
    """Write the entry for saving `after` over `before` (None: added), inside the caller's transaction. `actor`:
    `Store.acting`'s; `note`: what the program itself was doing, where no person typed the change (演示数据);
    `joined`: as `changed` takes it."""
    changes = changed(before, after, joined)
    op = "add" if before is None else "update" if before.active == after.active else \
        "start" if after.active else "stop"
    reveal_chain.append(store.conn, [{
        "person_id": after.id, "name": after.name, "revision": after.revision, "op": op, "at": utc_iso(store.clock()),
        "actor": actor, "note": note if note != actor else None,  # no account: the demo itself is the actor
        "changes": json.dumps(changes, ensure_ascii=False)}], CHAIN)


def person_history(store: Store, person_id: str) -> list[Revision]:
    """A person's entries, oldest first, each with the fields it changed (phone numbers masked, as on screen) and
    whether the person was in use after it."""
    names = account_names(store)
    rows = store.query("SELECT id, revision, op, at, actor, note, changes FROM roster_log WHERE person_id = ?"
                       " ORDER BY id", [person_id])
    now = store.conn.execute("SELECT active FROM people WHERE id = ?", [person_id]).fetchone()
    active = bool(now[0]) if now else None
    history: list[Revision] = []
    for row in reversed(rows):  # in use or not after each entry: from today's state back
        changes = json.loads(row["changes"])
        history.append(Revision(
            seq=row["id"], revision=row["revision"], op=row["op"], action=OPS.get(row["op"], row["op"]),
            actor=actor_label(row["actor"], names), at=row["at"], status=_shown("active", active),
            reason=row["note"], changes=tuple(FieldChange(FIELDS.get(key, key), _shown(key, old), _shown(key, new))
                                              for key, old, new in changes)))
        active = next((old for key, old, _ in changes if key == "active"), active)
    return history[::-1]


def before_log(store: Store, person_id: str) -> str | None:
    """What a person's history says when they were in the roster before this log began (their first entry is not
    their adding), or None: who last changed them until then, and when, as the roster row says."""
    first = store.conn.execute("SELECT op, revision FROM roster_log WHERE person_id = ? ORDER BY id LIMIT 1",
                               [person_id]).fetchone()
    if first is not None and first[0] == "add":
        return None
    row = store.conn.execute("SELECT revision, updated_at, updated_by FROM people WHERE id = ?",
                             [person_id]).fetchone()
    if row is None:
        return None
    earlier = "此人在本程序开始记录名册修改之前（升级前）已在名册中"
    if first is not None:
        return f"{earlier}：第 {first[1] - 1} 版及以前的修改没有记录，第一条中的原值即当时的内容。"
    return (f"{earlier}，此后没有修改：现为第 {row[0]} 版，最后由 {actor_label(row[2], account_names(store))} 于 "
            f"{local_time(row[1])} 修改，更早的修改没有记录。")


def people_named(store: Store, name: str) -> list[str]:
    """The ids of the roster people named `name` (or with that id) now, then of those named so once (a name changed
    since): a leader back for a second term has two entries of the same name."""
    key = (name or "").strip()
    now = store.conn.execute("SELECT id FROM people WHERE name = ? OR id = ? ORDER BY rowid", [key, key])
    once = store.conn.execute("SELECT person_id FROM roster_log WHERE name = ? ORDER BY id", [key])
    return list(dict.fromkeys([row[0] for row in (*now.fetchall(), *once.fetchall())]))


def _value(person: Person | None, key: str, joined: bool = False) -> Any:
    if person is None:
        return [] if key == "roles" else None
    value = getattr(person, key)
    if key == "person":  # the answer to 是否同一人, as the log says it (`person` holds an id)
        return None if value is None else SAME_SAID[value != person.id or joined]
    return list(value) if key == "roles" else value


def _shown(key: str, value: Any) -> str:
    if key == "active":
        return EMPTY if value is None else "在用" if value else "已停用"
    if key == "roles":
        return "、".join(value or []) or EMPTY
    if key == "phone":
        return mask_phone(value) or EMPTY
    return str(value) if value not in (None, "") else EMPTY
