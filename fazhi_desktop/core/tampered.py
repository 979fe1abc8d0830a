"""At the county: what bundles changed by a township's key holder left in the database before the fifteenth session's
verification refused them (core/bundle/records.py `_check_held_ids`, verify.py's office check).

Such a bundle carried another township's record id (or one of another ledger) or named another office than the one
its key was enrolled with, and an earlier version imported it. What it left, found from the import log:
- the id held in two ledgers (the later record came in as 新增: `fazhi show` printed it);
- a record held under another township than the one that first sent its id (a conflict taken: 采用新收到的版本);
- a conflict between two townships still open;
- a record whose history at the county has entries another township sent under its id (a conflict closed);
- a bundle whose bag-info named another office (documents printed at the county are headed with the newest one's).
A record is the township's whose bundle brought its id first: a later bundle with that id is the one the program now
refuses. Nothing here writes; `fazhi check` lists the findings and 数据完整性's 需关注 names them per township.

Cheap: each ledger's rows are looked up in the change logs by the record-id index, ledger against ledger by the id
index, and the bundles (hundreds) against their keys; only the ids found are read further.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from fazhi_desktop.core import damaged
from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.db import exists
from fazhi_desktop.core.divisions import names, renamed_office_problem, town_label
from fazhi_desktop.core.places import CONFLICTS
from fazhi_desktop.core.store import Store

TWO, MOVED, CONFLICT, HISTORY, OFFICE, DAMAGED = "two", "moved", "conflict", "history", "office", "damaged"
_LOGS = ("received_changes", "earlier_changes")  # the townships' change logs as received (`township_logs`)


@dataclass(frozen=True)
class Arrival:
    """A township's bundle that first brought a record id in one ledger."""

    township: str
    ledger: str
    sequence: int | None
    file_name: str | None
    imported_at: str | None
    order: int = 0  # the bundle's place in the import log (rowid): which came first when imported the same second
    key_id: str | None = None  # the key that signed it (None: its import record is gone)

    def bundle(self) -> str:
        """"第 2 号数据包"."""
        return "数据包" if self.sequence is None else f"第 {self.sequence} 号数据包"

    def text(self) -> str:
        """"海城镇第 2 号数据包 fazhi-640522100-000002.tar.age（2026-06-03 10:00 导入）"."""
        if self.sequence is None:
            return f"{_name(self.township)}的数据包（导入记录已不在）"
        return (f"{_name(self.township)}第 {self.sequence} 号数据包 {self.file_name}"
                f"（{local_time(self.imported_at or '')} 导入）")


@dataclass(frozen=True)
class Finding:
    """One record or bundle: what `fazhi check` says (`text`), what 需关注 says of each township it concerns
    (`notes`), its kind, the changed bundle (`bundle`: whose key signed it, when it was imported) and what the
    technician can do about it (`conflict`: an open one to close)."""

    kind: str
    text: str
    notes: dict[str, str] = field(default_factory=dict)
    bundle: Arrival | None = None
    conflict: int | None = None


def scan(store: Store) -> list[Finding]:
    """Every trace of a changed bundle in a county database (none in a township's, or one without an import log).
    Text a damaged file no longer holds stops it with one finding that says so (`fazhi check` then says to restore)."""
    if bundles_to_scan(store) is None:
        return []
    try:
        findings = [_record_finding(store, record_id) for record_id in sorted(_suspect_ids(store))]
        return [f for f in findings if f is not None] + _office_findings(store)
    except sqlite3.OperationalError as exc:
        if not damaged.undecodable(exc):
            raise
        return [Finding(DAMAGED, f"已收到的数据包：无法逐条检查，{damaged.REASON}")]


def bundles_to_scan(store: Store) -> int | None:
    """How many bundles the scan looks at: the county's import log (None: a township's database, or no log)."""
    if not store.is_county or not exists(store.conn, "bundles_received"):
        return None
    return store.conn.execute("SELECT count(*) FROM bundles_received").fetchone()[0]


def by_township(findings: list[Finding]) -> dict[str, list[str]]:
    """township -> what 需关注 says of it."""
    out: dict[str, list[str]] = defaultdict(list)
    for finding in findings:
        for township, note in finding.notes.items():
            if note not in out[township]:  # one bundle that did two things is named once for each
                out[township].append(note)
    return dict(out)


def way_out(store: Store, findings: list[Finding]) -> list[str]:
    """What the technician can do, once for all the findings: only what the program can do."""
    findings = [f for f in findings if f.kind != DAMAGED]  # a damaged file: the check says to restore a backup
    if not findings:
        return []
    lines = ["处理办法（详见使用说明中的“旧版本导入过被改动的数据包”）："]
    for finding in findings:
        if finding.conflict is not None:
            lines.append(f"  - 冲突 {finding.conflict}：请关闭并保留本县原有版本（{CONFLICTS}，"
                         f"或 fazhi conflicts resolve {finding.conflict} --keep held）")
    if any(f.kind in (TWO, MOVED) for f in findings):
        lines.append("  - 记录标识被占用或记录被替换的，本程序不能在县级数据库中改正或删去；乡镇重新报送也不能："
                     "含这些记录标识的数据包（包括勾选“发送全部数据”导出的）现在都会被拒收")
    first = min((f.bundle.imported_at for f in findings if f.bundle and f.bundle.imported_at), default="")
    before = f"（最早的于 {local_time(first)} 导入）" if first else ""
    lines.append(f"  - 要从县级数据库中去掉被改动的数据包带来的内容：用导入它{before}之前的县级备份恢复（fazhi backup "
                 "--list 列出备份，fazhi restore 恢复），再请此后报送过数据包的乡镇各导出一次并勾选“发送全部"
                 "数据”（fazhi export --full）重新导入；被改动的数据包再导入会被拒收")
    signers = {(f.bundle.township, f.bundle.key_id or "") for f in findings if f.bundle}
    lines += [_revoking(store, township, key_id) for township, key_id in sorted(signers)]
    return lines


def _revoking(store: Store, township: str, key_id: str) -> str:
    """What to do about the key that signed a changed bundle: revoke that one (`fazhi revoke` without `--key` revokes
    every working key of the township, its new one too when it has replaced the key since), or nothing when it is
    revoked already."""
    town = town_label(township)
    # in SQL, as the office findings read the keys: core.bundle.keys loads the bundle package and its cryptography,
    # and this module is loaded with the indicators by every program that saves a record (its start got slower)
    key = store.conn.execute("SELECT revoked_at FROM township_keys WHERE key_id = ?", [key_id]).fetchone() \
        if key_id and exists(store.conn, "township_keys") else None
    if key is None:
        return (f"  - 被改动的数据包由{town}登记的密钥签名（导入记录已不在，不知是哪一把）：如不是该所所为，"
                f"可用 fazhi keys show 查看该乡镇的密钥，与乡镇核对后只吊销那一把"
                f"（fazhi revoke {township} --key 密钥编号 --reason 被盗 --yes）")
    if key[0]:
        return (f"  - 被改动的数据包由{town}的密钥 {key_id} 签名，该密钥已于 {local_time(key[0])} 吊销，"
                "不能再签数据包：无需再吊销（不要吊销该乡镇现在登记的密钥）")
    return (f"  - 被改动的数据包由{town}登记的密钥 {key_id} 签名：如不是该所所为（密钥可能已泄露），可以吊销这一把"
            f"（fazhi revoke {township} --key {key_id} --reason 被盗 --yes）。"
            "吊销只阻止它再签数据包，不改变已导入的内容；"
            "此后该乡镇须重新创建密钥、电话核对后重新登记，才能再报送（包括上面勾选“发送全部数据”的导出）")


def _suspect_ids(store: Store) -> set[str]:
    """Record ids held in two ledgers, or whose change-log entries name another township or ledger than the row."""
    found: set[str] = set()
    logs = _logs(store)
    ledgers = list(store.ledgers)
    for index, ledger in enumerate(ledgers):
        if logs:  # one pass over the ledger, each row looked up in each log by its (record_id, revision) index
            foreign = " OR ".join(f"EXISTS (SELECT 1 FROM {log} AS c WHERE c.record_id = r.id"
                                  " AND (c.township != r.township OR c.ledger != :ledger))" for log in logs)
            found.update(row[0] for row in store.conn.execute(
                f'SELECT r.id FROM "{ledger}" AS r WHERE {foreign}', {"ledger": ledger}))
        for other in ledgers[index + 1:]:  # by the id indexes (UNIQUE)
            found.update(row[0] for row in store.conn.execute(
                f'SELECT a.id FROM "{ledger}" AS a JOIN "{other}" AS b ON b.id = a.id'))
    return found


def _logs(store: Store) -> list[str]:
    """The change logs holding entries: an earlier install's is empty unless a township re-installed."""
    return [log for log in _LOGS if exists(store.conn, log)
            and store.conn.execute(f"SELECT 1 FROM {log} LIMIT 1").fetchone() is not None]


def _record_finding(store: Store, record_id: str) -> Finding | None:
    held, arrivals = _held(store, record_id), _arrivals(store, record_id)
    if not held:
        return None
    owner = arrivals[0] if arrivals else None
    if len(held) > 1:
        return _two(store, held, arrivals, owner)
    row = held[0]
    if owner is not None and _where(row) != (owner.township, owner.ledger):
        return _moved(store, row, arrivals, owner)
    intruder = next((a for a in arrivals if (a.township, a.ledger) != _where(row)), None)
    if intruder is None:
        return None
    named, town = _named(store, row), _name(row["township"])
    changed = {intruder.township: f"{intruder.bundle()}被改动过：用了{town}记录的标识"}
    conflict = store.conn.execute(
        "SELECT id FROM conflicts WHERE record_id = ? AND township != ? AND resolved_at IS NULL ORDER BY id",
        [record_id, row["township"]]).fetchone()
    if conflict:
        text = (f"{named}（{town}）：{intruder.text()}以同一记录标识送来另一个版本，留作冲突 {conflict[0]} 待处理；"
                "该数据包被改动过，现在会被拒收")
        note = (f"冲突 {conflict[0]} 来自{_name(intruder.township)}被改动的数据包："
                f"请在“{CONFLICTS}”中关闭（保留现有版本）")
        return Finding(CONFLICT, text, {row["township"]: note, **changed}, intruder, conflict[0])
    text = (f"{named}（{town}）：记录无误，但县里的修改历史中有{intruder.text()}以同一记录标识送来的条目；"
            "该数据包被改动过，现在会被拒收")
    note = f"修改历史混入别的乡镇的条目：{named}的修改历史中有{_name(intruder.township)}数据包的条目"
    return Finding(HISTORY, text, {row["township"]: note, **changed}, intruder)


def _two(store: Store, held: list[dict[str, Any]], arrivals: list[Arrival], owner: Arrival | None) -> Finding:
    """The id in two ledgers: the record the first bundle brought, and the one a later bundle added."""
    first = next((r for r in held if owner and _where(r) == (owner.township, owner.ledger)), held[0])
    later = [r for r in held if r is not first]
    brought = {(a.township, a.ledger): a for a in arrivals}
    parts, notes = [], {}
    for row in later:
        arrival = brought.get(_where(row))
        came = f"由{arrival.text()}带来，该数据包被改动过，现在会被拒收" if arrival else "带来它的数据包不详"
        parts.append(f"{_named(store, row)}（{_name(row['township'])}）{came}")
        notes[row["township"]] = (f"{arrival.bundle() if arrival else '数据包'}被改动过：{_named(store, row)}用了"
                                  f"{_whose(first, row)}{_named(store, first)}的记录标识")
    users = "、".join(_named(store, r) if r["township"] == first["township"]
                      else f"{_name(r['township'])}的{_named(store, r)}" for r in later)
    blocked = f"记录标识被占用：{_named(store, first)}的标识被{users}占用，含这条记录的数据包会被拒收"
    notes[first["township"]] = "；".join(n for n in (notes.get(first["township"]), blocked) if n)
    text = (f"{_named(store, first)}（{_name(first['township'])}）的记录标识另有记录使用：" + "；".join(parts)
            + f"。{_name(first['township'])}以后含这条{_label(store, first)}记录的数据包都会被拒收")
    return Finding(TWO, text, notes, next((a for a in (brought.get(_where(r)) for r in later) if a), None))


def _moved(store: Store, row: dict[str, Any], arrivals: list[Arrival], owner: Arrival) -> Finding:
    """One record, held now as a later bundle's (its conflict taken): the township that sent it first lost it."""
    brought = next((a for a in arrivals if (a.township, a.ledger) == _where(row)), None)
    taken = store.conn.execute(
        "SELECT id FROM conflicts WHERE record_id = ? AND township = ? AND resolution = 'incoming' ORDER BY id DESC",
        [row["record_id"], row["township"]]).fetchone()
    kept = (f"；{_name(owner.township)}原来的版本保存在冲突 {taken[0]} 中（fazhi conflicts show {taken[0]}）"
            if taken else "")
    came = f"由{brought.text()}带来，该数据包被改动过，现在会被拒收" if brought else "带来它的数据包不详"
    named, town, first = _named(store, row), _name(row["township"]), _name(owner.township)
    text = (f"{named}：原是{owner.text()}带来的{first}的{store.ledgers[owner.ledger].label}记录，现在是{town}的版本，"
            f"{came}{kept}。{first}以后含这条记录的数据包都会被拒收")
    notes = {owner.township: f"记录被替换：{named}已被{town}被改动的数据包替换，含这条记录的数据包会被拒收",
             row["township"]: f"{brought.bundle() if brought else '数据包'}被改动过：{named}原是{first}的记录"}
    return Finding(MOVED, text, notes, brought)


def _where(row: dict[str, Any]) -> tuple[str, str]:
    return row["township"], row["ledger"]


def _office_findings(store: Store) -> list[Finding]:
    """Bundles whose bag-info named another office than the one the signing key is held under, and not one verify
    takes as the township's office renamed (修改单位名称: the bundles before or after the rename)."""
    if not exists(store.conn, "township_keys"):
        return []
    rows = store.conn.execute(
        "SELECT b.township, b.sequence, b.file_name, b.imported_at, b.key_id, json_extract(b.report, '$.office'),"
        " coalesce(nullif(k.office, ''), k.township) FROM bundles_received AS b JOIN township_keys AS k"
        " ON k.key_id = b.key_id WHERE json_valid(b.report)"
        " AND json_extract(b.report, '$.office') != coalesce(nullif(k.office, ''), k.township)"
        " ORDER BY b.imported_at").fetchall()
    found = []
    for township, sequence, file_name, imported_at, key_id, office, enrolled in rows:
        if renamed_office_problem(office, township) is None:
            continue
        bundle = Arrival(township, "", sequence, file_name, imported_at, key_id=key_id)
        newest = store.conn.execute("SELECT sequence FROM bundles_received WHERE township = ? ORDER BY sequence DESC,"
                                    " imported_at DESC LIMIT 1", [township]).fetchone()[0] == sequence
        heading = (f"；在{_name(township)}送来编号更大的数据包之前，县里打印的{_name(township)}文书以“{office}”为抬头"
                   if newest else "")
        text = (f"{bundle.text()}：单位名称“{office}”与{_name(township)}登记密钥时的“{enrolled}”不同，数据包被改动过，"
                f"现在会被拒收；它带来的记录（fazhi bundles --township {township} --show {sequence} 逐条列出）"
                f"请与乡镇核对{heading}")
        note = f"{bundle.bundle()}被改动过：单位名称“{office}”与登记的不同"
        found.append(Finding(OFFICE, text, {township: note}, bundle))
    return found


def _held(store: Store, record_id: str) -> list[dict[str, Any]]:
    rows = []
    for ledger in store.ledgers.values():
        for township, number in store.conn.execute(f'SELECT township, number FROM "{ledger.name}" WHERE id = ?',
                                                   [record_id]):
            rows.append({"record_id": record_id, "ledger": ledger.name, "township": township, "number": number})
    return rows


def _arrivals(store: Store, record_id: str) -> list[Arrival]:
    """The bundles that brought the id, the first per township and ledger, in the order they were imported."""
    seen: dict[tuple[str, str], Arrival] = {}
    for log in _logs(store):
        for township, ledger, sequence, file_name, imported_at, order, key_id in store.conn.execute(
                f"SELECT c.township, c.ledger, b.sequence, b.file_name, b.imported_at, b.rowid, b.key_id"
                f" FROM {log} AS c LEFT JOIN bundles_received AS b ON b.bundle_id = c.bundle_id"
                " WHERE c.record_id = ?", [record_id]):
            arrival = Arrival(township, ledger, sequence, file_name, imported_at, order or 0, key_id)
            known = seen.get((township, ledger))
            if known is None or _first(arrival) < _first(known):
                seen[(township, ledger)] = arrival
    return sorted(seen.values(), key=_first)


def _first(arrival: Arrival) -> tuple[str, int]:
    """Imported earlier: by the import's time, then by its place in the log (an unknown bundle last)."""
    return (arrival.imported_at or "~", arrival.order)


def _named(store: Store, row: dict[str, Any]) -> str:
    """"调解案件 〔2026〕人调字第1号" (the id when it has no number)."""
    return f"{_label(store, row)} {row['number'] or row['record_id']}"


def _label(store: Store, row: dict[str, Any]) -> str:
    return store.ledgers[row["ledger"]].label


def _whose(first: dict[str, Any], row: dict[str, Any]) -> str:
    return "本乡镇" if first["township"] == row["township"] else _name(first["township"])


def _name(code: str) -> str:
    return names().get(code) or town_label(code)
