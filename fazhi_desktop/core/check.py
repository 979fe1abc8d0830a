"""`fazhi check`: is the file intact, are the change log's, the reveal log's and the year log's hash chains unbroken,
does every record match its hash?"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from fazhi_desktop.core import reveal_chain, year_close
from fazhi_desktop.core.ids import canonical_json, sha256_text
from fazhi_desktop.core.store import GENESIS_HASH, Store, chain_hash


@dataclass
class CheckReport:
    integrity: str = "ok"
    changes_checked: int = 0
    reveals_checked: int = 0
    years_checked: int = 0
    records_checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        head = [
            f"SQLite 完整性检查：{'通过' if self.integrity == 'ok' else self.integrity}",
            f"变更日志：检查 {self.changes_checked} 条",
            f"{reveal_chain.NAME}：检查 {self.reveals_checked} 条",
            f"{year_close.CHAIN.name}：检查 {self.years_checked} 条",
            f"记录：检查 {self.records_checked} 条",
        ]
        if self.ok:
            return [*head, "结论：全部一致"]
        return [*head, f"发现 {len(self.problems)} 处问题：", *(f"  - {p}" for p in self.problems)]


def check_database(store: Store, max_problems: int = 50) -> CheckReport:
    """Verify everything that can be verified without another copy of the data. Reads only."""
    report = CheckReport()
    rows = store.conn.execute("PRAGMA integrity_check").fetchall()
    report.integrity = "ok" if rows == [("ok",)] else "；".join(r[0] for r in rows[:5])
    if report.integrity != "ok":
        report.problems.append(f"SQLite 完整性检查失败：{report.integrity}")
    latest = _check_chain(store, report)
    report.reveals_checked, reveals_problem = reveal_chain.verify(store.conn)
    report.years_checked, years_problem = reveal_chain.verify(store.conn, year_close.CHAIN)
    report.problems += [problem for problem in (reveals_problem, years_problem) if problem]
    _check_records(store, report, latest, max_problems)
    return report


def _check_chain(store: Store, report: CheckReport) -> dict[str, tuple[int, str]]:
    """Walk the change log in order; report the first broken link. Returns record id -> (revision, hash)."""
    latest: dict[str, tuple[int, str]] = {}
    prev = GENESIS_HASH
    expected_seq = 1
    for row in store.query("SELECT * FROM changes ORDER BY seq"):
        report.changes_checked += 1
        where = f"变更日志第 {row['seq']} 条（记录 {row['record_id']} 第 {row['revision']} 版）"
        if row["seq"] != expected_seq:
            report.problems.append(f"{where}：序号不连续，应为 {expected_seq}（有记录被删除）")
            return latest
        if row["prev_hash"] != prev:
            report.problems.append(f"{where}：与前一条的链接断开（第一处断点）")
            return latest
        if chain_hash(row) != row["entry_hash"]:
            report.problems.append(f"{where}：条目内容被改动（摘要不符）")
            return latest
        if sha256_text(canonical_json(json.loads(row["data"]))) != row["content_hash"]:
            report.problems.append(f"{where}：保存的记录内容与其摘要不符")
            return latest
        latest[row["record_id"]] = (row["revision"], row["content_hash"])
        prev = row["entry_hash"]
        expected_seq += 1
    return latest


def _check_records(store: Store, report: CheckReport, latest: dict[str, tuple[int, str]], max_problems: int) -> None:
    for ledger in store.ledgers.values():
        for row in store.query(f'SELECT * FROM "{ledger.name}"'):
            report.records_checked += 1
            if len(report.problems) >= max_problems:
                continue
            label = f"{ledger.label} {row['number'] or row['id']}"
            actual = sha256_text(canonical_json(store.content(ledger, row)))
            if actual != row["content_hash"]:
                report.problems.append(f"{label}：内容与其摘要不符（记录在程序之外被改动）")
                continue
            logged = latest.get(row["id"])
            if logged is None and row["township"] == store.setting("township"):
                report.problems.append(f"{label}：变更日志中没有这条记录")
            elif logged is not None and logged != (row["revision"], row["content_hash"]):
                report.problems.append(f"{label}：与变更日志的最后一版不一致")
