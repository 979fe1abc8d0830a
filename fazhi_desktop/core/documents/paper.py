"""What a printed paper shows compared with what its record holds now: the revision its code names against the
current one, as the documents print them.

Every later revision is a change to the record, but many change nothing on paper: 提交审核, 审核通过 and 锁定 change
only its status; the scan of the signed paper, attached afterwards, only its attachments. So each document the record
can be printed as is laid out from the printed revision's values and from the current ones, both with the current
record's status, attachments and bookkeeping (version, who changed it last), and their text compared. The code does
not say which document carried it (a meeting's 纪要, 会议记录 and 签到表 carry the same code), so the answer names the
documents whose printed text changed and those whose did not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from fazhi_desktop.core.documents.errors import DocumentError
from fazhi_desktop.core.documents.fonts import FontError, resolve_fonts
from fazhi_desktop.core.forms import SYSTEM_LABELS, LedgerDef
from fazhi_desktop.core.history import diff_contents
from fazhi_desktop.core.ids import canonical_json
from fazhi_desktop.core.store import Record, Store


@dataclass(frozen=True)
class PaperChanges:
    """What changed between a printed revision and the current one."""

    fields: tuple[str, ...]  # the values changed as 修改历史 names them (议题第2行·决定事项); not 状态 nor 附件
    attachments: bool  # a scan or other attachment added or removed
    status: bool  # 提交审核, 审核通过, 锁定 or 重新打开
    changed: tuple[str, ...] = ()  # the documents (Chinese names) whose printed text differs
    unchanged: tuple[str, ...] = ()  # ... and those whose printed text is the same

    @property
    def on_paper(self) -> bool:
        """Whether a paper of this record may show something the record no longer holds."""
        return bool(self.changed)


def printed_content(store: Store, record_id: str, revision: int) -> dict[str, Any] | None:
    """The canonical content of a revision from the office's own change log; None at the county, whose log of a
    township's record (received with its bundles) names each revision without its content."""
    row = store.conn.execute("SELECT data FROM changes WHERE record_id = ? AND revision = ?",
                             [record_id, revision]).fetchone()
    return json.loads(row[0]) if row else None


def paper_changes(store: Store, record: Record, printed: dict[str, Any]) -> PaperChanges:
    """How the current `record` differs from its `printed` revision's content (`printed_content`) on paper."""
    ledger = store.ledger(record.ledger)
    current = printed_content(store, record.id, record.revision) or {}
    attached = {f.name for f in ledger.fields if f.type == "attachments"}
    labels = {ledger.field(name).label for name in attached}
    found = [c.label for c in diff_contents(ledger, printed, current)]
    fields = tuple(dict.fromkeys(label for label in found if label not in labels and label != SYSTEM_LABELS["status"]))
    attachments = any(label in labels for label in found)
    moved = printed.get("status") != record.status
    if not fields:
        return PaperChanges(fields, attachments, moved)
    then = replace(record, number=printed.get("number"), values={
        **(printed.get("values") or {}), "remarks": printed.get("remarks"),
        **{name: record.values.get(name) for name in attached}})  # attachments are not what the paper is about
    changed, unchanged = _compare(store, ledger, then, record, _masked_change(ledger, then.values, record.values))
    return PaperChanges(fields, attachments, moved, changed, unchanged)


def _masked_change(ledger: LedgerDef, before: dict[str, Any], after: dict[str, Any]) -> bool:
    """Whether an ID or phone number (or another value documents mask) changed: laid out masked here, the change may
    not show, while the paper may have been printed with 显示完整证件号."""
    return any(canonical_json(before.get(f.name)) != canonical_json(after.get(f.name)) for f in ledger.fields
               if f.is_sensitive or any(sub.is_sensitive for sub in f.fields))


def _compare(store: Store, ledger: LedgerDef, then: Record, now: Record,
             masked: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The documents of the record whose text differs between `then` and `now`, and those whose does not. A
    document the printed revision could not be printed as (a case with no agreement then) is in neither; one that
    cannot be laid out here (no font) counts as changed, and so does one that can print full ID numbers when a
    `masked` value changed: better checked by hand than passed unseen."""
    from fazhi_desktop.core.documents import REVEALING, build_document, kinds_for  # the package imports this module
    from fazhi_desktop.core.documents.signin import sheet_agrees

    try:
        fonts = resolve_fonts()
    except FontError:
        return tuple(name for _, name in kinds_for(ledger.name)), ()
    changed, unchanged = [], []
    for kind, name in kinds_for(ledger.name):
        if kind == "signin":  # signed on the day: what the day recorded since is on it in ink
            (unchanged if sheet_agrees(then, now) else changed).append(name)
            continue
        try:
            before = build_document(store, then, kind, fonts=fonts).text()
        except DocumentError:
            continue
        try:
            after = build_document(store, now, kind, fonts=fonts).text()
        except DocumentError:
            after = None
        same = before == after and not (masked and kind in REVEALING)
        (unchanged if same else changed).append(name)
    return tuple(changed), tuple(unchanged)

