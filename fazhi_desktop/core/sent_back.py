"""退回: the drafts a 所长 (or 管理员) reopened with a reason and nobody has submitted again, which the clerk must
correct. A draft's status changes once it is reopened (草稿 is left only by 提交审核, and reached again only by
重新打开, whose reason the change log keeps), so a draft of this office with any status change in its history is one
sent back, and its last status change says who reopened it, when and why. Found in the change log alone, one query a
list's page (its drafts) or a list (`ListQuery.sent_back`): the ledger list marks the rows “草稿·退回” with the reason
in the tooltip (qt/ledger_model.py) and filters to them (退回待改), `fazhi list` marks them and `fazhi show` gives the
reason; the editor's banner is review.sent_back.

A 所长 who reopens a record to correct it herself has not sent it back. She says which when she reopens it
(重新打开's 退回录入员修改 / 由我自己修改, `fazhi reopen --self`), and the reopening's change-log entry keeps it
(`corrector`: CLERK or SELF, under the entry's hash). A draft she reopens to correct herself is marked “草稿·所长修改”
at once (its tooltip: 杨芳 于 … 重新打开，自行修改：…（录入员不必修改）), is not in 退回待改, and the clerk's editor
says she need not change it; one sent back stays 草稿·退回 whatever the 所长 saves meanwhile. A reopening written
before the choice existed carries none, and is read as before: sent back until the one who reopened it saves a
change to it (an `update` of hers after her 重新打开), then hers to finish."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.identifiers import masked_numbers

if TYPE_CHECKING:
    from fazhi_desktop.core.store import Record, Store

#: what a list says after a sent-back draft's status (草稿·退回)
MARK = "退回"
#: after a draft the 所长 reopened and is correcting herself (草稿·所长修改)
OWN_MARK = "所长修改"
#: a 重新打开's `corrector`: the draft goes back to the clerk to correct, or the one reopening it corrects it herself
CLERK, SELF = "clerk", "self"
#: each choice as the 重新打开 dialog and `fazhi reopen` name it; CLERK is the default (README: 重新打开, why)
CORRECTORS = {CLERK: "退回录入员修改", SELF: "由我自己修改"}
#: each choice as others read it after the reopener's name (历史's 操作: 重新打开（自行修改）), as the list's tooltip
#: says it: "由我自己修改" there read as the reader's own, the clerk's or the county's
CORRECTED_BY = {CLERK: CORRECTORS[CLERK], SELF: "自行修改"}
#: a reason's own closing stop, left off where more follows it ("请补充。" read "请补充。。", "请补充。，尚未修改")
STOPS = "。.！!；;，,"
#: the list's status filter that shows them
FILTER = "退回待改"
FILTER_TIP = ("只列出所长重新打开（退回）、尚未再次提交的草稿；状态标“草稿·退回”，悬停可见退回的原因。"
              "所长重新打开后自己改过的（“草稿·所长修改”）不在其中")


def sent_back_where(table: str) -> str:
    """The SQL condition that a row of ledger table `table` is a draft sent back (`ListQuery.sent_back`): its
    status changes read through the change log's index on record_id, for the drafts alone; not one the reopener has
    changed since reopening it (she is correcting it herself)."""
    rid = f'"{table}".id'
    return (f"status = 'draft' AND EXISTS (SELECT 1 FROM changes c WHERE c.record_id = {rid} AND c.op = 'status'"
            f" AND c.seq = (SELECT max(seq) FROM changes m WHERE m.record_id = {rid} AND m.op = 'status')"
            f" AND NOT ({_OWN_FIX}))")


#: the reopening `c` left the record to the one who reopened it: she chose so (SELF), or, a reopening from before the
#: choice was recorded, she has saved a change of her own since
_OWN_FIX = (f"c.corrector IS '{SELF}' OR (c.corrector IS NULL AND EXISTS (SELECT 1 FROM changes u"
            " WHERE u.record_id = c.record_id AND u.op = 'update' AND u.seq > c.seq AND u.actor = c.actor))")


@dataclass(frozen=True)
class Reopening:
    """Who sent a draft back (or reopened it to correct it herself: `own_fix`), when (stored UTC time) and why (as
    shown: `shown_reason`)."""

    actor: str
    at: str
    reason: str
    own_fix: bool = False
    #: the choice the reopening recorded (CLERK, SELF), None for one from before the choice was asked
    corrector: str | None = None

    def said(self) -> str:
        """"杨芳 于 2026-11-28 10:00 退回：结束时间早于开始时间，请按会议记录改正" (the list's tooltip,
        `fazhi show`); for the 所长's own correction "杨芳 于 … 重新打开，自行修改：…（录入员不必修改）"."""
        if self.own_fix:
            return f"{self.actor} 于 {local_time(self.at)} 重新打开，自行修改：{self.reason.strip()}（录入员不必修改）"
        return f"{self.actor} 于 {local_time(self.at)} {MARK}：{self.reason.strip()}"


def reopenings(store: Store, records: Iterable[Record | None]) -> dict[str, Reopening]:
    """Record id -> its last reopening, for those of `records` that are this office's live drafts reopened (sent
    back, or `own_fix`: being corrected by the one who reopened them): one query for a list's page (its drafts only
    are asked)."""
    ids = [r.id for r in records if r is not None and r.status == "draft" and not r.deleted
           and r.township == store.township]
    found: dict[str, Reopening] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = store.conn.execute(
            f"SELECT c.record_id, c.actor, c.at, c.reason, ({_OWN_FIX}), c.corrector FROM changes c WHERE"
            f" c.op = 'status' AND c.record_id IN ({','.join('?' for _ in chunk)}) AND c.seq = (SELECT max(seq)"
            " FROM changes m WHERE m.record_id = c.record_id AND m.op = 'status')", chunk)
        found.update({rid: Reopening(actor, at, shown_reason(reason) or "", bool(own), corrector)
                      for rid, actor, at, reason, own, corrector in rows})
    return found


def shown_reason(reason: str | None) -> str | None:
    """A change-log reason as every place shows it (the history, the banner over a draft sent back, the list's
    tooltip, 待办事项 and its workbook, 批量提交审核, `fazhi show`): an ID or phone number in it masked
    (`masked_numbers`). The Store refuses such a reason now; one written before, or received from a township that
    still took it, stays in the log as typed (its hash chain), and is masked here, for everyone. A note the program
    wrote itself naming a file (从Excel导入（调解20260301.xlsx 第 5 行）, 撤销Excel导入（…）) keeps the digits of its
    name: only an ID or phone number proper in it is masked."""
    if not reason:
        return reason
    from fazhi_desktop.core.import_undo import NOTE, undone_by  # (it imports the store, which imports this module)

    return masked_numbers(reason, proper=bool(NOTE.fullmatch(reason) or undone_by(reason)))


def mark(status_text: str, reopening: Reopening | None) -> str:
    """A list's status cell: "草稿·退回" for a draft sent back, "草稿·所长修改" for one its 所长 is correcting herself,
    else as it was."""
    if reopening is None:
        return status_text
    return marked(status_text, reopening.own_fix)


def marked(status_text: str, own_fix: bool) -> str:
    """`mark`'s cell of a reopened draft; the list sizes its 状态 column for these too."""
    return f"{status_text}·{OWN_MARK if own_fix else MARK}"


def uncorrected(store: Store, records: Iterable[Record]) -> set[str]:
    """The ids of those of `records` sent back to the clerk (not `own_fix`) that nobody but the one who sent it back
    has changed since: 批量提交审核 leaves them unticked, as submitting one would hand the 所长 back what she returned,
    uncorrected. A note of hers corrects nothing (the draft stays the clerk's, as `mark` says), nor does a deletion
    undone (the record restored as it was)."""
    return _unchanged(store, [rid for rid, found in reopenings(store, records).items() if not found.own_fix],
                      by_others=True)


def held_back(store: Store, records: Iterable[Record]) -> dict[str, str]:
    """Record id -> "杨芳 于 2026-11-26 10:00 退回：…，尚未修改" for those of `records` that are `uncorrected`:
    `fazhi submit --all` leaves them out and names them so (unless --include-sent-back), as 批量提交审核 leaves
    them unticked."""
    records = list(records)
    untouched = uncorrected(store, records)
    found = reopenings(store, [r for r in records if r.id in untouched])
    return {rid: f"{found[rid].said().rstrip(STOPS)}，尚未修改" for rid in found}


def saved_since(store: Store, record_id: str) -> bool:
    """Whether a change to the reopened draft `record_id` was saved after its last reopening (the editor's banner
    says 已保存，请点“提交审核” then, not 改好后请保存): hers counts, as she corrects it herself; a deletion undone
    does not (the draft restored as it was, nothing corrected)."""
    return not _unchanged(store, [record_id], by_others=False)


def _unchanged(store: Store, ids: list[str], by_others: bool) -> set[str]:
    """Those of `ids` with no change saved (`update`) since their last status change, a restore of the record as it
    was not counted; `by_others`: none by anyone but the one who took that step."""
    from fazhi_desktop.core.store import RESTORED  # (store.py imports this module)

    others = " AND u.actor IS NOT c.actor" if by_others else ""
    untouched: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        untouched.update(rid for (rid,) in store.conn.execute(
            f"SELECT c.record_id FROM changes c WHERE c.op = 'status' AND c.record_id IN ({','.join('?' * len(chunk))})"
            " AND c.seq = (SELECT max(seq) FROM changes m WHERE m.record_id = c.record_id AND m.op = 'status')"
            " AND NOT EXISTS (SELECT 1 FROM changes u WHERE u.record_id = c.record_id AND u.op = 'update'"
            f" AND u.seq > c.seq AND u.reason IS NOT ?{others})", [*chunk, RESTORED]))
    return untouched
