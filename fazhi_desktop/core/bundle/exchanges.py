"""What this office has sent (township) or received (county): the 数据包记录 window and `fazhi bundles`.

A township asks "did the county get our bundle, and how far has it confirmed?"; a county reviewer asks "which
bundles of this township did we import, when, and what did each bring?", down to the records. The answers come
from the tables the export, the receipt and the import already write (bundles_sent, bundles_received,
received_records); nothing here writes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fazhi_desktop.core.bundle.apply import deleted_part
from fazhi_desktop.core.bundle.collect import acked_through, bundle_kind
from fazhi_desktop.core.bundle.revocation import UntrustedBundle
from fazhi_desktop.core.clock import local_time, office_date, office_time
from fazhi_desktop.core.indicators.drill import RecordRef, records_by_ids
from fazhi_desktop.core.store import Store


@dataclass(frozen=True)
class SentBundle:
    sequence: int
    file_name: str
    created_at: str
    created_by: str
    full: bool
    changes_after: int
    changes_through: int
    records: int
    attachments: int
    acknowledged_at: str | None
    covered: bool  # the county has confirmed every change in it (through a later bundle, if not this file)
    roster_new: bool = True  # it carried a roster the county had not acknowledged (unknown for older bundles)

    @property
    def kind(self) -> str:
        return bundle_kind(self.full, self.changes_after)

    @property
    def changes(self) -> str:
        """The change-log entries it carries, as a clerk reads them."""
        first, last = self.changes_after + 1, self.changes_through
        if last < first:
            return "无新变更"
        return f"第 {first} 条" if first == last else f"第 {first}–{last} 条"

    @property
    def county_state(self) -> str:
        if self.acknowledged_at:
            return f"已确认（{local_time(self.acknowledged_at)[:10]}）"
        if self.changes_through <= self.changes_after and not self.full and not self.roster_new:
            return "无新变更，不必送县"
        if self.covered:
            return "内容已由其他数据包送达"
        return "尚未确认"


@dataclass(frozen=True)
class TownshipExchanges:
    acknowledged_through: int  # the county has confirmed the change log up to here
    changes_through: int  # this office's change log ends here
    bundles: list[SentBundle]  # newest first

    @property
    def summary(self) -> str:
        if not self.bundles:
            return "还没有导出过数据包。"
        last = self.bundles[0]
        text = f"上次导出：第 {last.sequence} 号，{local_time(last.created_at)}。"
        if self.acknowledged_through == 0:
            return text + "尚未导入县级回执。"
        waiting = self.changes_through - self.acknowledged_through
        text += f"县司法局已确认收到变更第 {self.acknowledged_through} 条为止的全部数据"
        return text + (f"；此后的 {waiting} 条变更尚未确认。" if waiting else "，本所的变更都已送达。")


@dataclass(frozen=True)
class ReceivedBundle:
    bundle_id: str
    township: str
    office: str
    sequence: int
    file_name: str
    imported_at: str
    imported_by: str
    new: int
    updated: int
    unchanged: int
    older: int
    conflicts: int
    notes: tuple[str, ...] = ()  # gaps, replays, a renamed file, a township restored from a backup
    deleted: int = 0  # of the updated, those deleted (0 in reports of programs before it was counted)
    new_deleted: int = 0  # of the new, those the township had deleted already (likewise)
    #: signed by a key revoked as stolen or lost and imported on or after the day it is not trusted from: what the
    #: list says first (`revocation.UntrustedBundle.flag`), else ""
    untrusted: str = ""
    created_at: str = ""  # when the township made it, as its signed bag-info says (UTC)


def township_exchanges(store: Store) -> TownshipExchanges:
    """The bundles this township exported, newest first, and how far the county has confirmed."""
    acked = acked_through(store)
    last = store.conn.execute("SELECT max(seq) FROM changes").fetchone()[0] or 0
    bundles = []
    later_acknowledged = False  # a later bundle the county confirmed carried the whole roster again
    for row in store.query("SELECT * FROM bundles_sent ORDER BY sequence DESC"):
        summary = json.loads(row["summary"])
        roster_new = summary.get("roster_new", True)
        bundles.append(SentBundle(
            sequence=row["sequence"], file_name=row["file_name"], created_at=row["created_at"],
            created_by=row["created_by"], full=bool(row["full"]), changes_after=row["changes_after"],
            changes_through=row["changes_through"], records=sum(summary["records"].values()),
            attachments=summary["attachments"], acknowledged_at=row["acknowledged_at"],
            covered=row["changes_through"] <= acked and (not roster_new or later_acknowledged),
            roster_new=roster_new,
        ))
        later_acknowledged = later_acknowledged or row["acknowledged_at"] is not None
    return TownshipExchanges(acked, last, bundles)


def received_bundles(store: Store, township: str | None = None, sequence: int | None = None) -> list[ReceivedBundle]:
    """The bundles this county imported (a replay is not recorded twice), newest first; one township's if given
    (and of those, the ones numbered `sequence`). 数据包记录 reads them a page at a time (`ReceivedList`)."""
    where, params = _received_where(township, sequence)
    return [_received(row)
            for row in store.query(f"SELECT *, {_UNTRUSTED} FROM bundles_received {where} ORDER BY {_NEWEST_FIRST}",
                                   params)]


#: a received bundle's place in the lists, newest first: (imported_at, rowid), served by migration 025's indexes
_NEWEST_FIRST = "imported_at DESC, rowid DESC"
#: a received bundle's column "reason since" when the key that signed it was revoked as stolen or lost and it was
#: imported on or after that day (core/bundle/revocation.py), else NULL
_UNTRUSTED = ("(SELECT k.revoked_reason || ' ' || k.untrusted_since FROM township_keys AS k"
              " WHERE k.key_id = bundles_received.key_id AND k.revoked_reason IN ('被盗', '丢失')"
              " AND bundles_received.imported_at >= k.untrusted_since) AS untrusted")


class ReceivedList:
    """The bundles `received_bundles` lists (one township's, if given) as they were when this was made, read a page
    at a time (数据包记录: a county of 18 townships sending weekly holds thousands): the newest one's place is read
    with the count, and each page below a place already read (keyset paging, one index step), so a bundle imported
    while the list is open does not shift its rows (read by offset, one bundle was listed twice and the oldest row
    left blank); it shows once the list is read again. A page far down not reached by reading on
    skips the rows between the nearest place known and it."""

    def __init__(self, store: Store, township: str | None = None):
        self._store = store
        self._where, self._params = _received_where(township)
        newest = store.conn.execute(f"SELECT imported_at, rowid FROM bundles_received {self._where} "
                                    f"ORDER BY {_NEWEST_FIRST} LIMIT 1", self._params).fetchone()
        #: offset -> the place the rows from that offset on are below; at 0 just above the newest (rowids are
        #: integers: below rowid + 1 is at or below rowid)
        self._below: dict[int, tuple[str, int]] = {} if newest is None else {0: (newest[0], newest[1] + 1)}
        self.count = 0 if newest is None else self._read("count(*) AS n", self._below[0], "")[0]["n"]

    def read(self, offset: int, limit: int) -> list[ReceivedBundle]:
        """`limit` bundles from the `offset`th on, newest first."""
        if not self._below:
            return []
        start = max(at for at in self._below if at <= offset)
        rows = self._read(f"rowid AS place, *, {_UNTRUSTED}", self._below[start],
                          f" ORDER BY {_NEWEST_FIRST} LIMIT ? OFFSET ?", limit, offset - start)
        if rows:
            self._below[offset + len(rows)] = (rows[-1]["imported_at"], rows[-1]["place"])
        return [_received(row) for row in rows]

    def _read(self, columns: str, below: tuple[str, int], rest: str, *params: int) -> list[dict[str, Any]]:
        where = f"{self._where} AND" if self._where else "WHERE"
        return self._store.query(f"SELECT {columns} FROM bundles_received {where} (imported_at, rowid) < (?, ?){rest}",
                                 [*self._params, *below, *params])


def received_townships(store: Store) -> list[tuple[str, str]]:
    """The townships the county imported bundles from, by code: (code, the office its latest bundle named)."""
    rows = store.conn.execute(
        "SELECT t.township, (SELECT report FROM bundles_received AS b WHERE b.township = t.township"
        f" ORDER BY {_NEWEST_FIRST} LIMIT 1) FROM (SELECT DISTINCT township FROM bundles_received) AS t"
        " ORDER BY t.township").fetchall()
    return [(code, json.loads(report).get("office", "")) for code, report in rows]


def _received_where(township: str | None, sequence: int | None = None) -> tuple[str, list]:
    where, params = ("WHERE township = ?", [township]) if township else ("", [])
    if township and sequence is not None:
        where, params = where + " AND sequence = ?", [*params, sequence]
    return where, params


def _received(row) -> ReceivedBundle:
    report = json.loads(row["report"])
    return ReceivedBundle(
        bundle_id=row["bundle_id"], township=row["township"], office=report.get("office", ""), sequence=row["sequence"],
        file_name=row["file_name"], imported_at=row["imported_at"], imported_by=row["imported_by"],
        new=report["new"], updated=report["updated"], unchanged=report["unchanged"], older=report["older"],
        conflicts=len(report["conflicts"]), notes=tuple(report.get("notes", ())), deleted=report.get("deleted", 0),
        new_deleted=report.get("new_deleted", 0), untrusted=_flag(row), created_at=row.get("created_at") or "",
    )


def _flag(row: dict[str, Any]) -> str:
    if not row.get("untrusted"):
        return ""
    reason, since = row["untrusted"].split(" ")
    return UntrustedBundle(row["bundle_id"], row["township"], row["sequence"], row["imported_at"], reason,
                           office_date(since).isoformat()).flag


#: what became of a received record, in the order a reviewer reads them (unchanged ones are only counted)
OUTCOMES = {"conflict": "冲突", "new": "新增", "updated": "更新", "deleted": "删除", "older": "较旧未覆盖"}


@dataclass(frozen=True)
class Arrival:
    outcome: str  # a key of OUTCOMES
    revision: int  # the version the bundle carried (the county may hold a later one by now)
    record: RecordRef  # the record as the county holds it now


def bundle_arrivals(store: Store, bundle: ReceivedBundle) -> list[Arrival] | None:
    """The records one imported bundle brought, conflicts first, then new, updated and older ones, each in ledger
    and date order. None for a bundle imported before the county kept this list (program versions before
    migration 007), when only the counts are known."""
    rows = store.conn.execute("SELECT ledger, record_id, revision, outcome FROM received_records WHERE bundle_id = ?",
                              [bundle.bundle_id]).fetchall()
    if not rows and bundle.new + bundle.updated + bundle.older + bundle.conflicts:
        return None
    carried = {record_id: (outcome, revision) for _, record_id, revision, outcome in rows}
    # an update or a new record that was the township's deletion is told as such (received_records says only
    # 'updated' or 'new')
    for (record_id,) in store.conn.execute(
            "SELECT c.record_id FROM received_records AS r JOIN township_logs AS c ON c.record_id = r.record_id"
            " AND c.revision = r.revision AND c.op = 'delete' WHERE r.bundle_id = ?"
            " AND r.outcome IN ('updated', 'new')",
            [bundle.bundle_id]):
        carried[record_id] = ("deleted", carried[record_id][1])
    arrivals = []
    for ledger in store.ledgers:
        ids = [record_id for name, record_id, _, _ in rows if name == ledger]
        for ref in records_by_ids(store, ledger, ids) if ids else ():
            outcome, revision = carried[ref.id]
            arrivals.append(Arrival(outcome, revision, ref))
    order = list(OUTCOMES)
    return sorted(arrivals, key=lambda a: order.index(a.outcome))  # stable: ledger and date order within


def arrival_summary(bundle: ReceivedBundle) -> str:
    return (f"新增 {bundle.new} 条{deleted_part(bundle.new_deleted)}，"
            f"更新 {bundle.updated} 条{deleted_part(bundle.deleted)}，"
            f"未变 {bundle.unchanged} 条，较旧未覆盖 {bundle.older} 条，冲突 {bundle.conflicts} 条")


ARRIVAL_HEADERS = ("结果", "台账", "编号", "日期", "名称", "收到的版本")


def arrival_row(store: Store, arrival: Arrival) -> list[str]:
    ref = arrival.record
    return [OUTCOMES[arrival.outcome], store.ledger(ref.ledger).label, ref.number or "", ref.date or "", ref.title,
            str(arrival.revision)]


#: the columns of both lists, shared by the window and `fazhi bundles`
SENT_HEADERS = ("序号", "导出时间", "导出人", "内容", "变更日志", "记录", "附件", "县级回执")
RECEIVED_HEADERS = ("乡镇", "单位", "序号", "导入时间", "导入人", "新增", "更新", "未变", "较旧未覆盖", "冲突", "文件",
                    "说明")


def sent_row(bundle: SentBundle) -> list[str]:
    return [str(bundle.sequence), local_time(bundle.created_at), bundle.created_by, bundle.kind, bundle.changes,
            str(bundle.records), str(bundle.attachments), bundle.county_state]


def _with_deleted(count: int, deleted: int) -> str:
    return f"{count}（删除 {deleted}）" if deleted else str(count)


def made_text(bundle: ReceivedBundle) -> str:
    """When the township made it, in Beijing time: two bundles of one name (a restored township's new bundle 2 and
    its dead PC's) are told apart by it in 数据包记录 and `fazhi bundles --show`."""
    return f"制作时间：{office_time(bundle.created_at)}" if bundle.created_at else ""


def received_row(bundle: ReceivedBundle) -> list[str]:
    return [bundle.township, bundle.office, str(bundle.sequence), local_time(bundle.imported_at), bundle.imported_by,
            _with_deleted(bundle.new, bundle.new_deleted), _with_deleted(bundle.updated, bundle.deleted),
            str(bundle.unchanged), str(bundle.older), str(bundle.conflicts),
            bundle.file_name, "；".join(((bundle.untrusted,) if bundle.untrusted else ()) + bundle.notes)]
