"""A record's history for people: who changed what, when and why, field by field, from the change log.

Every revision's full content is in the change log (`Store.history`); consecutive revisions are compared here.
Labels are the form's Chinese labels; rows of a repeating group are matched as a sequence (a row inserted at
the top shows as one added row, not as every row changed); ID and phone numbers and sensitive text are masked
unless `reveal`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from fazhi_desktop.core import printed
from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.display import display_value, shown_value
from fazhi_desktop.core.forms import STATUS_LABELS, SYSTEM_LABELS, FieldDef, LedgerDef
from fazhi_desktop.core.ids import canonical_json
from fazhi_desktop.core.review import STEPS
from fazhi_desktop.core.sent_back import CORRECTED_BY, shown_reason
from fazhi_desktop.core.store import Store

EMPTY = "（空）"
#: after a masked value that reads as before while the value changed (`_change`)
HIDDEN_DIGITS_CHANGED = "（隐藏的数字有改动）"
HIDDEN_TEXT_CHANGED = "（隐藏的文字有改动）"
OP_LABELS = {"insert": "新建", "update": "修改", "delete": "删除", "status": "状态变更"}
#: the op of a history line that is a paper printed, not a revision (core/printed.py)
PRINTED = "print"
#: the action of the revision that brought a deleted record back (an "update" in the change log)
RESTORED_LABEL = "恢复"
_TEXT = FieldDef(name="text", label="", type="longtext")


@dataclass(frozen=True)
class FieldChange:
    """One changed value: its Chinese label (`议题第2行·决定事项`), before and after as shown (masked)."""

    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Revision:
    """One revision of a record with what changed from the one before."""

    seq: int
    revision: int
    op: str
    action: str
    actor: str
    at: str
    status: str
    #: as shown: a number written into it masked (sent_back.shown_reason)
    reason: str | None
    changes: tuple[FieldChange, ...]
    #: a paper of this revision printed (op PRINTED): the 核验码 on it
    code: str | None = None

    @property
    def local_time(self) -> str:
        return local_time(self.at)


def record_history(store: Store, record_id: str, reveal: bool = False) -> list[Revision]:
    """Every revision of a record, oldest first, each with who, when, why and which fields changed, and after each
    the papers printed of it (`PRINTED`: 已打印会议纪要, with its 核验码)."""
    ledger = store.ledger_of(record_id)
    names = account_names(store)
    revisions: list[Revision] = []
    before: dict[str, Any] | None = None
    entries = store.history(record_id)
    if not entries and store.is_county:
        return _received_history(store, record_id, names)
    for entry in entries:
        after = entry["data"]
        revisions.append(Revision(
            seq=entry["seq"], revision=entry["revision"], op=entry["op"],
            action=_action(entry["op"], before, after) + _corrected_by(entry.get("corrector")),
            actor=actor_label(entry["actor"], names), at=entry["at"],
            status=STATUS_LABELS.get(after.get("status"), after.get("status") or ""),
            reason=shown_reason(entry.get("reason")),
            changes=tuple(diff_contents(ledger, before, after, reveal, store)),
        ))
        before = after
    return _with_prints(printed.prints_of(store.conn, record_id), ledger.name, revisions, names)


def _with_prints(prints: list[printed.Print], ledger_name: str, revisions: list[Revision],
                 names: dict[str, str]) -> list[Revision]:
    """`revisions` with each paper of `prints` after the revision it printed and the papers of it printed before."""
    out = []
    for revision in revisions:
        out.append(revision)
        out += [Revision(seq=revision.seq, revision=p.revision, op=PRINTED, action=f"已打印{p.name(ledger_name)}",
                         actor=actor_label(p.by, names), at=p.at, status=revision.status, reason=None, changes=(),
                         code=p.code)
                for p in prints if p.revision == revision.revision]
    return out


def versions(revisions: list[Revision]) -> int:
    """How many versions `revisions` are, the papers printed left out: 共 N 版."""
    return sum(r.op != PRINTED for r in revisions)


def diff_contents(ledger: LedgerDef, before: dict[str, Any] | None, after: dict[str, Any],
                  reveal: bool = False, store: Store | None = None) -> list[FieldChange]:
    """The fields that differ between two revisions' canonical contents (`before` None: a new record); with
    `store`, a linked record is named by its number and title."""
    old = before or {"values": {}}
    changes: list[FieldChange] = []
    for key in ("number", "status", "deleted"):
        if before is not None and old.get(key) != after.get(key):
            changes.append(FieldChange(SYSTEM_LABELS[key], _system(key, old.get(key)), _system(key, after.get(key))))
    old_values, new_values = old.get("values") or {}, after.get("values") or {}
    known = {f.name: f for f in ledger.fields}
    for name in [*known, *(k for k in {**old_values, **new_values} if k not in known)]:
        f = known.get(name) or FieldDef(name=name, label=name, type="text")
        a, b = old_values.get(name), new_values.get(name)
        if _same(a, b):
            continue
        if f.type == "group" and isinstance(a or [], list) and isinstance(b or [], list):
            changes += _group_changes(f, a or [], b or [], reveal)
        else:
            changes.append(_change(f.label, f, a, b, reveal, store))
    if not _same(old.get("remarks"), after.get("remarks")):
        remarks = FieldDef(name="remarks", label=SYSTEM_LABELS["remarks"], type="longtext")
        changes.append(FieldChange(remarks.label, _shown(remarks, old.get("remarks"), reveal),
                                   _shown(remarks, after.get("remarks"), reveal)))
    return changes


def _group_changes(f: FieldDef, old: list[dict], new: list[dict], reveal: bool) -> list[FieldChange]:
    """Rows matched as a sequence: equal rows are skipped, replaced rows compared sub-field by sub-field."""
    changes: list[FieldChange] = []
    matcher = difflib.SequenceMatcher(a=[canonical_json(r) for r in old], b=[canonical_json(r) for r in new],
                                      autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(paired):
            for sub in f.fields:
                a, b = old[i1 + k].get(sub.name), new[j1 + k].get(sub.name)
                if not _same(a, b):
                    changes.append(_change(f"{f.label}第{j1 + k + 1}行·{sub.label}", sub, a, b, reveal))
        for k in range(i1 + paired, i2):
            changes.append(FieldChange(f"{f.label}第{k + 1}行", _row(f, old[k], reveal), "（删除此行）"))
        for k in range(j1 + paired, j2):
            changes.append(FieldChange(f"{f.label}第{k + 1}行", "（新增此行）", _row(f, new[k], reveal)))
    return changes


def _change(label: str, f: FieldDef, a: Any, b: Any, reveal: bool, store: Store | None = None) -> FieldChange:
    """A changed value, before and after as shown. A change only in what the mask hides (an ID number's middle
    digits, a birth date's month and day) reads as no change at all (640522********0026 → 640522********0026): it says
    that the hidden part changed."""
    before, after = _shown(f, a, reveal, store), _shown(f, b, reveal, store)
    if before == after and not reveal and _shown(f, a, True, store) != _shown(f, b, True, store):
        after += HIDDEN_DIGITS_CHANGED if f.type in ("idcard", "phone", "date") else HIDDEN_TEXT_CHANGED
    return FieldChange(label, before, after)


def _row(f: FieldDef, row: dict[str, Any], reveal: bool) -> str:
    return display_value(f, [row], reveal=reveal) or EMPTY


def _shown(f: FieldDef, value: Any, reveal: bool, store: Store | None = None) -> str:
    try:
        text = shown_value(store, f, value, reveal=reveal)
    except (TypeError, AttributeError, KeyError):  # a value stored under an older form of another shape
        text = display_value(_TEXT, canonical_json(value), reveal=True)
    return text or EMPTY


def _system(key: str, value: Any) -> str:
    if key == "status":
        return STATUS_LABELS.get(value, value or EMPTY)
    if key == "deleted":
        return "是" if value else "否"
    return str(value) if value else EMPTY


def _same(a: Any, b: Any) -> bool:
    empty = (None, "", [])
    if a in empty and b in empty:
        return True
    return canonical_json(a) == canonical_json(b)


#: what the county's history of a township's record says in place of field changes
RECEIVED_NOTE = "县里只收到乡镇变更日志的条目（谁、何时、做了什么），各字段改了什么见乡镇的修改历史"


def is_received(store: Store, revisions: list[Revision]) -> bool:
    """The history is what the county received of a township's record (its change log's entries, no field changes):
    the CLI and the county's 查看历史 say so."""
    return store.is_county and not any(r.changes for r in revisions)


def _received_history(store: Store, record_id: str, names: dict[str, str]) -> list[Revision]:
    """At the county: a township's record's revisions as its change log, received with its bundles, names them (who,
    when, what, why); the log carries no contents, so no field changes. A record of an earlier install of its
    township (it re-installed) is in that install's log, kept apart (`township_logs` reads both)."""
    rows = store.conn.execute("SELECT seq, revision, op, actor, at, reason FROM township_logs"
                              " WHERE record_id = ? ORDER BY seq", [record_id]).fetchall()
    return [Revision(seq=seq, revision=revision, op=op, action=OP_LABELS.get(op, op), actor=actor_label(actor, names),
                     at=at, status="", reason=shown_reason(reason), changes=())
            for seq, revision, op, actor, at, reason in rows]


def _action(op: str, before: dict[str, Any] | None, after: dict[str, Any]) -> str:
    if op == "update" and before is not None and before.get("deleted") and not after.get("deleted"):
        return RESTORED_LABEL  # Store.restore_deleted
    if op != "status" or before is None:
        return OP_LABELS.get(op, op)
    for move in STEPS.values():
        if after.get("status") == move.target and before.get("status") in move.sources:
            return move.label
    return OP_LABELS["status"]


def _corrected_by(corrector: str | None) -> str:
    """"（自行修改）" after a 重新打开 that recorded who was to correct the draft (core/sent_back.py); ""."""
    return f"（{CORRECTED_BY[corrector]}）" if corrector in CORRECTED_BY else ""


def account_names(store: Store) -> dict[str, str]:
    rows = store.conn.execute("SELECT name, display_name FROM accounts").fetchall()
    return {name: shown for name, shown in rows}


def actor_label(actor: str, names: dict[str, str]) -> str:
    """"admin（系统管理员）" for an account whose display name differs from its login name; else the name."""
    shown = names.get(actor)
    return f"{actor}（{shown}）" if shown and shown != actor else actor
