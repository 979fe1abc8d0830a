"""The check every record's values meet to travel in a bundle: one code path for the county and the township.

The county (records.py) runs `clean_record` on each record a bundle carries, deleted ones included, and wants the
values back unchanged (a township only ever stores cleaned values); one record that fails refuses the whole
bundle. A record saved by an older version can fail it: a 会议日期 of 9999-12-31, saved before record dates were held
to 2000–2100. The township runs the same check on what it is about to send (collect.py), before anything is
written, and on all its records in `fazhi check`, naming each record and how to correct it: the clerk hears it at
her desk, not from the county after a trip with the stick.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fazhi_desktop.core import damaged, year_close
from fazhi_desktop.core.clock import local_today
from fazhi_desktop.core.forms import LedgerDef
from fazhi_desktop.core.ids import canonical_json, sha256_text
from fazhi_desktop.core.store import Store
from fazhi_desktop.core.validate import Lookups, clean_record

NOT_CANONICAL = "字段值不是本程序保存的规范形式"
NOT_ITS_HASH = "内容与其摘要不符"


@dataclass(frozen=True)
class Checked:
    content: dict[str, Any]  # rebuilt from the cleaned values when accepted: what the county stores
    reason: str | None = None  # why the county refuses the record; None when it does not


def lookups(store: Store, carried: Mapping[str, set[str]] | None = None) -> Lookups:
    """What the check asks of the database: a linked record is in the bundle (`carried`: ledger -> ids) or held,
    deleted or not; today by the store's clock. Whether an attachment's file exists is checked apart: at the county
    with a message that says where it was looked for (records._check_attachment), at the township by the export
    (collect._attachment_sizes)."""

    def record_exists(ledger_name: str, record_id: str) -> bool:
        if carried is not None and record_id in carried.get(ledger_name, ()):
            return True
        if ledger_name not in store.ledgers:
            return False
        return store.conn.execute(f'SELECT 1 FROM "{ledger_name}" WHERE id = ?', [record_id]).fetchone() is not None

    return Lookups(record_exists=record_exists, attachment_exists=lambda sha: True,
                   today=lambda: local_today(store.clock))


def check_values(ledger: LedgerDef, content: dict[str, Any], content_hash: str, checks: Lookups) -> Checked:
    """`clean_record` on a record's content (values and remarks), which must come back as they are."""
    cleaned = clean_record(ledger, {**content["values"], "remarks": content["remarks"]}, checks)
    if cleaned.problems:
        return Checked(content, "；".join(str(p) for p in cleaned.problems[:5]))
    # one hash answers two questions: is the stated hash right, and were the values stored clean?
    values = cleaned.values
    rebuilt = {**content, "remarks": values["remarks"], "values": ledger.content_values(values)}
    if sha256_text(canonical_json(rebuilt)) == content_hash:
        return Checked(rebuilt)
    return Checked(content, NOT_CANONICAL if sha256_text(canonical_json(content)) == content_hash else NOT_ITS_HASH)


@dataclass(frozen=True)
class Unsendable:
    """A record of this township the county would refuse in a bundle: which record, why, and who can correct it."""

    ledger: str  # the ledger's label
    number: str  # the record's number (its id when it has none)
    reason: str
    way_out: str
    deleted: bool = False

    def __str__(self) -> str:
        gone = "（已删除的记录）" if self.deleted else ""
        return f"{self.ledger} {self.number}{gone}：{self.reason}"


def unsendable(store: Store, ledger: LedgerDef, row: dict[str, Any], content: dict[str, Any],
               checks: Lookups) -> Unsendable | None:
    """The stored `row` (its canonical `content`) as the county's check finds it: None when it would be accepted."""
    reason = check_values(ledger, content, row["content_hash"], checks).reason
    if reason is None:
        return None
    return Unsendable(ledger.label, row["number"] or row["id"], reason, _way_out(store, ledger, row, content),
                      bool(row["deleted"]))


def _way_out(store: Store, ledger: LedgerDef, row: dict[str, Any], content: dict[str, Any]) -> str:
    """Who can correct the record, and how, by the rules Store.save keeps (review.change_blocked), said for any role:
    whoever exports may not be the one who can."""
    if row["deleted"]:
        return "已删除的记录不能再打开改正，请与县司法局联系（县里核验数据包时也检查已删除的记录）"
    year = year_close.closed_for(store, ledger, content["values"], row["number"], row["status"])
    if year is not None:
        record = "，再重新打开记录" if row["status"] == "locked" else ""
        return (f"{year}年已封账的记录须由所长或管理员先重新打开{year}年（{year_close.WHERE}）{record}，"
                "然后改正所说的字段并保存")
    if row["status"] == "locked":
        return "已锁定的记录须由所长或管理员先重新打开（记录窗口下方的“重新打开…”），再改正所说的字段并保存"
    if row["status"] == "reviewed":
        return "所长已审核的记录须由所长或管理员打开，改正所说的字段并保存"
    return "请打开记录，改正所说的字段并保存"


def unsendable_records(store: Store) -> list[Unsendable]:
    """Every record of this office, deleted ones too, that a bundle carrying it would be refused for, in ledger and
    record order (`fazhi check`). A record whose content no longer matches its hash is left to `fazhi check`'s own
    finding (记录在程序之外被改动), and one a damaged file no longer holds whole to its damage finding."""
    found: list[Unsendable] = []
    checks = lookups(store)
    for ledger in store.ledgers.values():
        try:
            rows = store.query(f'SELECT * FROM "{ledger.name}" WHERE township = ? ORDER BY rid', [store.township])
        except damaged.DamagedRows as exc:
            rows = exc.readable()
        for row in rows:
            refused = unsendable(store, ledger, row, store.content(ledger, row), checks)
            if refused is not None and refused.reason != NOT_ITS_HASH:
                found.append(refused)
    return found
