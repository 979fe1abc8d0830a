"""补录 at a township: a record the county holds and this office lost (a receipt named it: receipt_lost.py), entered
again from paper under its printed number as the county's record.

Entered as a new record it got the next number and a new id: the county then held two records of one meeting (its
own, set aside, and the new one under another number), and the paper in the file carried a number no record here
had. Now each receipt's list is kept here (`SETTING`, merged by id, so a later receipt without a list leaves it), and
数据交换 → 补录回执列出的记录… (qt/lost_view.py) or `fazhi receipt lost` / `fazhi receipt reenter` enter one under the
county's id, its printed number and a revision above the county's (`Store.reenter`): the county's next import takes
it as an ordinary update of its record (更新 1 条), which the township's change log now holds, so it is no longer set
aside. Refused when the number is held here by another live record (the restored database gave it out again: that
one is entered as a new record, with a new number), or the record is here (held, or deleted: 编辑 → 已删除的记录…).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fazhi_desktop.core.bundle.receipt_lost import DELETED, HELD, TAKEN, LostRecord, lost_records
from fazhi_desktop.core.errors import Conflict, NotFound
from fazhi_desktop.core.places import DELETED_RECORDS
from fazhi_desktop.core.store import Record, Store

#: settings key at a township: the records the receipts it imported named (JSON list of `LostRecord.as_dict`)
SETTING = "receipt.lost"
#: the most records kept (a receipt names at most 200; some receipts' worth)
MAX_KEPT = 1000


def kept_with(store: Store, lost: Any) -> dict[str, str]:
    """The setting to write in a receipt's transaction: the records kept, with those its `lost` names (by id, the
    receipt's version replacing the kept one). {} when it names none."""
    _count, named = lost_records(lost)
    named = [entry for entry in named if entry.id is not None]
    if not named:
        return {}
    merged = {entry.id: entry for entry in kept(store)}
    merged.update({entry.id: entry for entry in named})
    return {SETTING: json.dumps([e.as_dict() for e in list(merged.values())[-MAX_KEPT:]], ensure_ascii=False)}


def kept(store: Store) -> list[LostRecord]:
    """The records the receipts imported here named, as kept."""
    try:
        entries = json.loads(store.setting_in_file(SETTING) or "[]")
    except ValueError:
        return []
    return lost_records({"records": entries[:MAX_KEPT] if isinstance(entries, list) else []})[1]


@dataclass(frozen=True)
class ToEnter:
    """A kept record not here, with what 补录 would do: `refused` None when it can be entered under its number."""

    record: LostRecord
    label: str  # its ledger's
    state: str  # LostRecord.here
    refused: str | None

    @property
    def standing(self) -> str:
        """How it stands here, in a word for the list; and, of one a stolen key's bundle brought, that only a paper
        the office has is entered again (`LostRecord.untrusted_text`)."""
        word = {TAKEN: "编号已给了本所另一条记录", DELETED: "本所已删除"}.get(self.state, "本所没有")
        return f"{word}；{self.record.untrusted_text}" if self.record.untrusted else word


def to_enter(store: Store) -> list[ToEnter]:
    """The kept records this database does not hold (one held by id, entered again or still there, is left out), in
    ledger and number order as the receipt gave them."""
    out = []
    for entry in kept(store):
        ledger = store.ledgers.get(entry.ledger)
        if ledger is None:
            continue
        state, _other = entry.here(store)
        if state == HELD:
            continue
        out.append(ToEnter(entry, ledger.label, state, _refused(store, entry, state)))
    return out


def none_to_enter(store: Store) -> str:
    """What an empty list says, as the case is: no receipt imported yet, none that named a record, or all those named
    here now. (It said 县里的回执列出了本所从备份恢复后没有了的记录 above an empty table of an office that had imported
    none, and 本所都已有（或还没有导入列出记录的回执） when asked.)"""
    from fazhi_desktop.core.bundle.receipts import IMPORTED_SETTING  # receipts imports this module

    if not store.setting(IMPORTED_SETTING):
        return "还没有导入过县里的回执（导入县级回执后，列出回执中本所缺少的记录）"
    if not kept(store):
        return "导入的回执中没有列出本所缺少的记录"
    return "回执列出的记录本所都已有（已补录）"


def _refused(store: Store, entry: LostRecord, state: str) -> str | None:
    if entry.revision is None or entry.number is None:
        return "回执没有带这条记录的版本或编号（县里的程序版本较早），只能按新记录登记"
    if state == TAKEN:
        return f"编号 {entry.number} 本所已给了另一条记录，不能按原编号补录：请按新记录登记（得新编号）"
    if state == DELETED and store.conn.execute(f'SELECT 1 FROM "{entry.ledger}" WHERE id = ?',
                                               [entry.id]).fetchone():
        return f"本所有这条记录，已删除：请在“{DELETED_RECORDS}”中恢复"
    return None


def find(store: Store, record_id: str) -> ToEnter:
    """The kept record of this id (or number) still to enter; NotFound naming it otherwise."""
    for item in to_enter(store):
        if record_id in (item.record.id, item.record.number):
            return item
    raise NotFound(f"回执列出的本所没有的记录中没有 {record_id}（已补录的，或回执没有列出的）")


def reenter(store: Store, item: ToEnter, data: dict[str, Any], actor: str) -> Record:
    """Enter `item` again from `data` (the paper's values) under its id and printed number, one revision above the
    county's; Conflict with the reason when it cannot be (`ToEnter.refused`)."""
    if item.refused is not None:
        raise Conflict(item.refused)
    entry = item.record
    assert entry.id is not None and entry.number is not None and entry.revision is not None  # not refused
    return store.reenter(entry.ledger, data, actor, entry.id, entry.number, entry.revision + 1)


def filled(store: Store, item: ToEnter) -> dict[str, Any]:
    """What the editor starts from for `item`: the form's defaults and the receipt's date."""
    ledger = store.ledgers[item.record.ledger]
    return {**store.defaults(ledger), **({ledger.date_field: item.record.date} if item.record.date else {})}
