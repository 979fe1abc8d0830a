"""The check every record's values meet to travel in a bundle: one code path for the county and the township.

The county (records.py) runs `clean_record` on each live record a bundle carries and wants the values back unchanged
(a township only ever stores cleaned values); one record that fails refuses the whole bundle. A record saved by an
older version can fail it: a 会议日期 of 9999-12-31, saved before record dates were held to 2000–2100. The township
runs the same check before anything is written (collect.py) and in `fazhi check`, on the records that can fail it
(core/record_rules.py: those changed after the mark), naming each record and how to correct it: the clerk hears it
at her desk, not from the county after a trip with the stick.

A deleted record is not held to today's rules: it cannot be opened and corrected, the county keeps no file for it
and no figure counts it, and it once stopped every bundle of its office for good. Its values are checked only for
what storing them needs (each of the type its field is stored as, a whole number within SQLite's, text that is
valid Unicode) and against its content hash.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fazhi_desktop.core import damaged, year_close
from fazhi_desktop.core.clock import local_today
from fazhi_desktop.core.forms import FieldDef, LedgerDef
from fazhi_desktop.core.ids import canonical_json, sha256_text
from fazhi_desktop.core.places import YEAR_CLOSE
from fazhi_desktop.core.store import Store
from fazhi_desktop.core.validate import Lookups, clean_record, unusable_value

NOT_CANONICAL = "字段值不是本程序保存的规范形式"
NOT_ITS_HASH = "内容与其摘要不符"
TOO_LARGE = "数值超出可保存的范围"
#: the whole numbers SQLite stores (signed 64-bit): a larger one stopped the county's import with an OverflowError
SQLITE_INTEGERS = range(-(2**63), 2**63)


@dataclass(frozen=True)
class Checked:
    content: dict[str, Any]  # rebuilt from the cleaned values when accepted: what the county stores
    reason: str | None = None  # why the county refuses the record; None when it does not


def lookups(store: Store, carried: Mapping[str, set[str]] | None = None, township: str | None = None) -> Lookups:
    """What the check asks of the database: a linked record is in the bundle (`carried`: ledger -> ids) or held,
    deleted or not, as `township`'s when given (at the county a link to another township's record, which a holder
    of a township's key can sign, printed that township's check in this one's register); today by the store's clock.
    Whether an attachment's file exists is checked apart: at the county with a message that says where it was looked
    for (records._check_attachment), at the township by the export (collect._attachment_sizes)."""
    whose, of = ("", []) if township is None else (" AND township = ?", [township])

    def record_exists(ledger_name: str, record_id: str) -> bool:
        if carried is not None and record_id in carried.get(ledger_name, ()):
            return True
        if ledger_name not in store.ledgers:
            return False
        return store.conn.execute(f'SELECT 1 FROM "{ledger_name}" WHERE id = ?{whose}',
                                  [record_id, *of]).fetchone() is not None

    return Lookups(record_exists=record_exists, attachment_exists=lambda sha: True,
                   today=lambda: local_today(store.clock))


def check_values(ledger: LedgerDef, content: dict[str, Any], content_hash: str, checks: Lookups) -> Checked:
    """`clean_record` on a live record's content (values and remarks), which must come back as they are; of a deleted
    one, only that its values and remarks can be stored as they are and its hash is theirs."""
    if content["deleted"]:
        found = [(f.label, _unstorable(f, content["values"].get(f.name))) for f in ledger.fields]
        found.append(("备注", unusable_value(content["remarks"])))
        wrong = next((f"{label}：{reason}" for label, reason in found if reason is not None), None)
        if wrong is not None:
            return Checked(content, wrong)
        return Checked(content, None if sha256_text(canonical_json(content)) == content_hash else NOT_ITS_HASH)
    cleaned = clean_record(ledger, {**content["values"], "remarks": content["remarks"]}, checks)
    if cleaned.problems:
        return Checked(content, "；".join(str(p) for p in cleaned.problems[:5]))
    # one hash answers two questions: is the stated hash right, and were the values stored clean?
    values = cleaned.values
    rebuilt = {**content, "remarks": values["remarks"], "values": ledger.content_values(values)}
    if sha256_text(canonical_json(rebuilt)) == content_hash:
        return Checked(rebuilt)
    return Checked(content, NOT_CANONICAL if sha256_text(canonical_json(content)) == content_hash else NOT_ITS_HASH)


def _unstorable(f: FieldDef, value: Any) -> str | None:
    """Why field `f`'s column cannot hold `value` and give it back as it is: text that is not valid Unicode, not of
    the type `clean_record` gives the field (a number in a text column would come back as text, and the record's hash
    would no longer be its own), or a whole number past SQLite's; None when it can."""
    if value is None:
        return None
    unusable = unusable_value(value)  # a lone surrogate from a JSON escape, a number too long, nesting too deep
    if unusable is not None:
        return unusable
    if f.is_json:
        fits = isinstance(value, list)
    elif f.type == "integer":
        if isinstance(value, int) and not isinstance(value, bool):
            return None if value in SQLITE_INTEGERS else TOO_LARGE
        fits = False
    elif f.type == "decimal":
        fits = isinstance(value, float) and math.isfinite(value)
    elif f.type == "boolean":
        fits = isinstance(value, bool)
    else:
        fits = isinstance(value, str)
    return None if fits else NOT_CANONICAL


@dataclass(frozen=True)
class Unsendable:
    """A live record of this township the county would refuse in a bundle: which record, why, who can correct it."""

    ledger: str  # the ledger's label
    number: str  # the record's number (its id when it has none)
    reason: str
    way_out: str
    record_id: str

    def __str__(self) -> str:
        return f"{self.ledger} {self.number}：{self.reason}"


def _way_out(store: Store, ledger: LedgerDef, row: dict[str, Any], content: dict[str, Any]) -> str:
    """Who can correct the record, and how, by the rules Store.save keeps (review.change_blocked), said for any role:
    whoever exports may not be the one who can."""
    year = year_close.closed_for(store, ledger, content["values"], row["number"], row["status"])
    if year is not None:
        record = "，再重新打开记录" if row["status"] == "locked" else ""
        return (f"{year}年已封账的记录须由所长或管理员先重新打开{year}年（{YEAR_CLOSE}）{record}，"
                "然后改正所说的字段并保存")
    if row["status"] == "locked":
        return "已锁定的记录须由所长或管理员先重新打开（记录窗口下方的“重新打开…”），再改正所说的字段并保存"
    if row["status"] == "reviewed":
        return "所长已审核的记录须由所长或管理员打开，改正所说的字段并保存"
    return "请打开记录，改正所说的字段并保存"


def unsendable_records(store: Store, since: int = 0, failing: tuple[str, ...] = ()) -> list[Unsendable]:
    """The live records of this office changed after change-log entry `since` (0: all of them), or among `failing`
    (ids), that a bundle carrying them would be refused for, in ledger and record order. A record whose content no
    longer matches its hash is among them (NOT_ITS_HASH: `fazhi check` names it as changed outside the program, the
    export as it reads it); one a damaged file no longer holds whole is left to the damage finding."""
    found: list[Unsendable] = []
    checks = lookups(store)
    changed = "" if since == 0 else (" AND (id IN (SELECT record_id FROM changes WHERE seq > ? AND ledger = ?)"
                                     " OR id IN (SELECT value FROM json_each(?)))")
    for ledger in store.ledgers.values():
        params = [store.township, *([since, ledger.name, json.dumps(failing)] if since else [])]
        try:
            rows = store.query(f'SELECT * FROM "{ledger.name}" WHERE township = ? AND deleted = 0{changed}'
                               " ORDER BY rid", params)
        except damaged.DamagedRows as exc:
            rows = exc.readable()
        for row in rows:
            content = store.content(ledger, row)
            reason = check_values(ledger, content, row["content_hash"], checks).reason
            if reason is not None:
                found.append(Unsendable(ledger.label, row["number"] or row["id"], reason,
                                        _way_out(store, ledger, row, content), row["id"]))
    return found
