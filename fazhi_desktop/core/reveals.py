"""Who saw full ID and phone numbers, and when: the reveal log.

Numbers are masked everywhere (identifiers.md); a 所长 or 管理员 may show them in full on purpose (打印 with
显示完整证件号, `--reveal`, clicking into a number in the editor). Each such reveal is noted here, record by record,
before the numbers are shown or leave on paper or in a file, so that the access control PIPL art. 51 asks for can be
answered for: who looked at this party's number? The 管理员 reads the log (账户 → 日志, `fazhi accounts log
--reveals`). Only records that hold such a number are noted, never the numbers themselves. The log stays in the
office's database: bundles do not carry it; backups do, with the database. Its entries are hash-chained and never
deleted (core/reveal_chain.py), so `fazhi check` sees one removed behind the program's back.

Each entry also says which numbers were shown (`shown`: the field, and in a group the row and the party's role:
"当事人2（被申请人）：身份证号" — never a value) and, where the user gave one, why (`reason`: 当事人本人查询,
核对证件 …).
One way to note a reveal, for every caller: `note_entries(store, [entry(store, record, shown)], how, reason)`;
without `shown`, `entry` names every number the record holds (a whole record printed or shown).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core import divisions, reveal_chain
from fazhi_desktop.core.clock import utc_iso
from fazhi_desktop.core.display import holds_typed_number
from fazhi_desktop.core.errors import Conflict, FieldProblem, NotFound, ValidationError
from fazhi_desktop.core.forms import FieldDef
from fazhi_desktop.core.identifiers import holds_number
from fazhi_desktop.core.store import Record, Store

SHOWN = 500  # the newest entries a listing shows
WITHDRAWN = "撤回（文件未能写出，号码没有给出）"
TAKEN_BACK = "SELECT withdraws FROM reveal_log WHERE withdraws IS NOT NULL"
ROSTER = "people"  # the ledger column of a roster person's entry
#: a record as the log keeps it: id, ledger, number, township, and which of its numbers were shown (`shown_in`)
Entry = tuple[str, str, str | None, str, str | None]
#: the purposes offered where full numbers are asked for (any other may be typed); none is needed
REVEAL_PURPOSES = ("当事人本人查询", "核对证件", "当事人签字的协议书")
REASON_LABEL = "用途"
REASON_LIMIT = 60  # characters: a purpose, not a letter
#: the log's columns as the 管理员 reads it (账户 → 日志, `fazhi accounts log --reveals`): what was shown last, the
#: longest (a case's every party)
LOG_COLUMNS = ("时间", "查看人", "记录", "方式", REASON_LABEL, "显示的项目")


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
    """The log's entries for `records`: those that hold a number, each with all of them shown."""
    return [entry(store, r) for r in records if holds_numbers(store, r)]


def with_texts(store: Store, records: Iterable[Record], shown: Sequence[FieldDef] | None = None) -> list[Entry]:
    """`entries`, naming also the texts (投诉事项, 备注: masked in lists and `fazhi show` as in its own field) that hold
    a number typed into them, and the records that hold only such a number: what --reveal shows whole. `shown`: the
    fields shown (a table's columns: number fields only when one of them is one, no 备注); None: all and the 备注."""
    numbers = shown is None or any(f.is_sensitive or any(s.is_sensitive for s in f.fields) for f in shown)
    found = []
    for record in records:
        fields = store.ledger(record.ledger).fields if shown is None else shown
        typed = [f.label for f in fields if holds_typed_number(f, record.values.get(f.name))]
        if shown is None and holds_typed_number(None, record.values.get("remarks")):
            typed.append("备注")
        texts = "、".join(typed)
        if numbers and holds_numbers(store, record):  # its number fields, and the texts shown whole beside them
            found.append(entry(store, record, "；".join(filter(None, [shown_in(store, record), texts]))))
        elif texts:
            found.append(entry(store, record, texts))
    return found


def entry(store: Store, record: Record, shown: str | None = None) -> Entry:
    """The log's entry for `record`, `shown` naming which of its numbers were shown (`row_label` and the field's
    label, never a value); by default every number it holds (`shown_in`)."""
    return (record.id, record.ledger, record.number, record.township,
            shown_in(store, record) if shown is None else shown)


def shown_in(store: Store, record: Record) -> str:
    """The numbers (and other masked values) `record` holds, as the log names them: 投诉人、联系方式, or by party
    当事人1（申请人）：身份证号、出生日期、联系电话；当事人2（被申请人）：身份证号."""
    parts = []
    for f in store.ledger(record.ledger).fields:
        value = record.values.get(f.name)
        if f.type != "group":
            if _filled(f, value):
                parts.append(f.label)
            continue
        for number, row in enumerate(value or [], 1):
            if isinstance(row, dict) and (held := [sub.label for sub in f.fields if _filled(sub, row.get(sub.name))]):
                parts.append(f"{row_label(f, number, row)}：{'、'.join(held)}")
    return "；".join(parts)


def row_label(group: FieldDef, number: int, row: dict[str, Any]) -> str:
    """A group's row as the log names it: its number as the editor shows it and the party's role where the row has
    one (当事人2（被申请人）), not the party's name."""
    role = row_role(group, row)
    return f"{group.label}{number}" + (f"（{role}）" if role else "")


def row_role(group: FieldDef, row: dict[str, Any]) -> str | None:
    """The party's role in a group's row (申请人, 被申请人) when it is one of the choices the form offers: a value
    kept from before the choices changed (the editor keeps one, core says why it is wrong) is the clerk's text, and
    the log keeps no value of a party (a name typed where the role went)."""
    role = row.get("role")
    sub = next((s for s in group.fields if s.name == "role"), None)
    return role if sub is not None and sub.type == "choice" and role in sub.choices else None


def person_entry(store: Store, person_id: str, name: str, shown: str = "联系电话") -> Entry:
    """The log's entry for a roster person whose phone is shown: the name stands where a record's number does."""
    return (person_id, ROSTER, name, store.setting("township") or "", shown)


def checked_reason(reason: str | None, required: bool = False, names: Iterable[str] = ()) -> str | None:
    """The purpose (用途) a user gave for a reveal, on one line; None when none (`required`: 查找当事人 and its
    extract need one, the print box and `--reason` do not). The one check of every 用途 the log keeps: at most
    REASON_LIMIT characters; no ID or phone number in it, also written in groups (139 9512 0316; a date such as
    2026-03-02 is not one); none of `names` (the person looked for). Raises ValidationError naming 用途."""
    text = " ".join((reason or "").split())
    message = None
    if not text:
        if not required:
            return None
        message = "必填：请写明为何查找（如“当事人本人申请查阅、复制”），记入完整证件号查看日志"
    elif len(text) > REASON_LIMIT:
        message = f"请写得短一些（不超过 {REASON_LIMIT} 个字，现有 {len(text)} 个）"
    elif holds_number(text):  # a number written into a 用途 would be logged
        message = "请不要写证件号码或电话号码：日志只记用途，不记号码"
    elif any(name and name in "".join(text.split()) for name in names):
        message = "请不要写所查的姓名：日志只记用途，不记所查的人"
    if message:
        raise ValidationError([FieldProblem("reason", REASON_LABEL, message)])
    return text


def note_entries(store: Store, found: list[Entry], how: str, reason: str | None = None) -> range:
    """Note `found` (from `entries`, or `entry` naming what was shown) as revealed `how`, for `reason` (the user's
    purpose, optional), in one transaction, for the user `may_reveal` allows. Returns the log rows written (for
    `withdraw`). The right is asked under the write lock: a 所长 made 录入员 (or stopped) while the entry waited for
    it is refused, and the numbers stay masked."""
    reason = checked_reason(reason)
    if not found:
        may_reveal(store)
        return range(0)
    with dbmod.transaction(store.conn, "记录完整证件号的查看"):
        actor = may_reveal(store)
        at = utc_iso(store.clock())
        rows = [{"at": at, "actor": actor, "record_id": record_id, "ledger": ledger, "number": number,
                 "township": township, "how": how, "withdraws": None, "reason": reason, "shown": shown or None}
                for record_id, ledger, number, township, shown in found]
        return reveal_chain.append(store.conn, rows)


def withdraw(store: Store, written: range) -> None:
    """Take back entries noted for a file that then could not be put in place: nothing was revealed. The entries
    stay (the chain covers them); an entry per one taken back says so, and the listing leaves both out."""
    if not written:
        return
    at = utc_iso(store.clock())
    with dbmod.transaction(store.conn, "记录完整证件号的查看"):
        taken = store.query("SELECT id, actor, record_id, ledger, number, township, reason, shown FROM reveal_log "
                            "WHERE id BETWEEN ? AND ? ORDER BY id", [written.start, written.stop - 1])
        reveal_chain.append(store.conn, [{**row, "id": None, "at": at, "how": WITHDRAWN, "withdraws": row["id"]}
                                         for row in taken])


def note_reveals(store: Store, records: Iterable[Record], how: str, reason: str | None = None) -> int:
    """Check that the user may reveal, then note the reveal of each of `records` that holds a number (all its
    numbers shown), for `reason` (optional). Returns how many were noted. Call it before the numbers are shown: a
    reveal that cannot be noted (a database on a write-protected stick, or one locked by another program) is not
    made."""
    return len(note_entries(store, entries(store, records), how, reason))


def reveal_log(store: Store, record: str | None = None, limit: int = SHOWN) -> list[dict[str, Any]]:
    """The newest reveals first (of one record when `record` gives its id or a number it has or had, also once
    deleted: the entries under its former numbers too): at, actor, record_id, ledger, number (as it was then),
    number_now (the record's number now, where another), township, how, shown and reason (None in entries written
    before they were kept). For a 管理员 (anyone in a database without
    accounts)."""
    store.acting("未登录")  # accounts and nobody logged in: LoginFailed
    store.permit("accounts.manage")
    where, params = "", []
    if record:
        ids = list(dict.fromkeys([record, *(record_ids(store, record) or [])]))  # a roster person's: by their id
        where = f"AND (number = ? OR record_id IN ({', '.join('?' for _ in ids)}))"
        params = [record, *ids]
    entries = store.query("SELECT at, actor, record_id, ledger, number, township, how, shown, reason FROM reveal_log "
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
