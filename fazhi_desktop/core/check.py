"""`fazhi check`: is the file intact, are the change log's, the reveal log's, the year log's and the roster log's hash
chains unbroken, is the change log still what the county's receipts confirmed (core/anchors.py), does every record
match its hash?"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fazhi_desktop.core import anchors, damaged, failures, reveal_chain, roster_log, settings, year_close
from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.errors import SetupError
from fazhi_desktop.core.ids import canonical_json, sha256_text
from fazhi_desktop.core.store import GENESIS_HASH, Store, chain_hash


@dataclass
class CheckReport:
    integrity: str = "ok"
    changes_checked: int = 0
    reveals_checked: int = 0
    years_checked: int = 0
    roster_checked: int = 0
    records_checked: int = 0
    problems: list[str] = field(default_factory=list)
    #: what is not as it should be but needs nothing done (listed after the conclusion; the check still passes)
    notes: list[str] = field(default_factory=list)
    #: what the office should look at, though the file is sound (listed after the conclusion; the check passes):
    #: records dated by a clock that had gone back (core/clock_went_back.py)
    to_check: list[str] = field(default_factory=list)
    #: at the county, the bundles received whose traces were looked for (core/tampered.py; None: not looked)
    bundles_checked: int | None = None
    #: what to do about problems, said once after them
    way_out: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        head = [
            f"SQLite 完整性检查：{'通过' if self.integrity == 'ok' else self.integrity}",
            f"变更日志：检查 {self.changes_checked} 条",
            f"{reveal_chain.NAME}：检查 {self.reveals_checked} 条",
            f"{year_close.CHAIN.name}：检查 {self.years_checked} 条",
            f"{roster_log.CHAIN.name}：检查 {self.roster_checked} 条",
            f"记录：检查 {self.records_checked} 条",
        ]
        noted = [f"另有 {len(self.notes)} 处说明（无须处理）：", *(f"  - {n}" for n in self.notes)] \
            if self.notes else []
        if self.to_check:
            noted = [f"请核对 {len(self.to_check)} 处：", *(f"  - {n}" for n in self.to_check), *noted]
        if self.bundles_checked is not None:
            head.append(f"已收到的数据包：检查 {self.bundles_checked} 个（记录标识、单位名称）")
        if self.ok:
            return [*head, "结论：全部一致", *noted]
        found = [*head, f"发现 {len(self.problems)} 处问题：", *(f"  - {p}" for p in self.problems)]
        if damaged.among(self.problems):  # said once, not in each row's problem
            found.append(f"数据库文件已损坏。{failures.DatabaseDamaged.way_out}")
        return [*found, *self.way_out, *noted]


#: what `holds_no_office` says of a file
EMPTY, UNSET = "empty", "unset"


def holds_no_office(path: Path) -> str | None:
    """EMPTY for a file of 0 bytes (a copy that did not finish, a disk that failed), UNSET for one SQLite reads that
    was never set up (the program's tables, or only the list of upgrades, and no office); None for anything else: no
    file, a set-up database, another program's file, and one that cannot be read now (damaged, or held by another
    program: whose it is cannot be told). Read without writing."""
    with dbmod.read_only(path) as peek:
        if peek is None:
            return EMPTY if path.is_file() and path.stat().st_size == 0 else None
        try:
            tables = {row[0] for row in peek.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "settings" in tables:
                unset = settings.office(peek).township is None
            else:  # another program's file is refused by the open, and so is one whose damage hides the table
                unset = tables <= {"_migrations"} and dbmod.intact(peek)
        except sqlite3.Error:  # damaged, or locked: the open says so
            return None
    return UNSET if unset else None


def refuse_unset(path: Path) -> None:
    """Refuse, before it is opened, a file that holds no office (`holds_no_office`): opening writes the program's
    tables into it, and the check then passed a file that had lost everything. A file SQLite cannot read is left to
    the open, which says it is damaged (or held by another program)."""
    kind = holds_no_office(path)
    if kind == EMPTY:
        raise SetupError(f"无法检查 {path}：文件是空的（0 字节），不是法治台账的数据库"
                         f"（可能是复制没有完成或磁盘出错），文件没有改动。{_backups_said(path)}")
    if kind == UNSET:
        raise SetupError(f"无法检查 {path}：数据库尚未初始化（没有单位和乡镇代码：初始设置没有完成），"
                         f"没有可检查的内容，文件没有改动。{_backups_said(path)}")


def _backups_said(path: Path) -> str:
    """Where this database's backups are, and the one the window would offer (core/backup/offer.py), for the clerk
    who expected her data in the file."""
    from fazhi_desktop.core.backup.offer import backup_to_offer, restore_by_command

    return f"本单位的数据若在这个文件中，请从备份恢复。\n{restore_by_command(path, backup_to_offer(path))}"


def check_database(store: Store, max_problems: int = 50) -> CheckReport:
    """Verify everything that can be verified without another copy of the data. Reads only."""
    report = CheckReport()
    rows = store.conn.execute("PRAGMA integrity_check").fetchall()
    report.integrity = "ok" if rows == [("ok",)] else "；".join(r[0] for r in rows[:5])
    if report.integrity != "ok":
        report.problems.append(f"SQLite 完整性检查失败：{report.integrity}")
    latest = _check_chain(store, report)
    # the county's word on the log (not in a damaged file: a bad sector is not a rewrite, and is said as damage)
    sound = report.integrity == "ok" and not damaged.among(report.problems)
    if sound and not store.is_county and (rewritten := anchors.rewritten(store)):
        report.problems.append(rewritten)
    report.reveals_checked, reveals_problem = _check_log(store, reveal_chain.REVEALS)
    report.years_checked, years_problem = _check_log(store, year_close.CHAIN)
    report.roster_checked, roster_problem = _check_log(store, roster_log.CHAIN)
    report.problems += [problem for problem in (reveals_problem, years_problem, roster_problem) if problem]
    _check_records(store, report, latest, max_problems)
    return report


def _rows(store: Store, sql: str) -> tuple[list[dict[str, Any]], dict[int, tuple[str, ...]]]:
    """The rows of a query, and those a damaged file no longer holds as text (index -> the columns): each is
    reported and the check goes on, where the first one used to stop it with Python's English words."""
    try:
        return store.query(sql), {}
    except damaged.DamagedRows as exc:
        return exc.rows, exc.damaged


def _check_log(store: Store, chain: reveal_chain.Chain) -> tuple[int, str | None]:
    try:
        return reveal_chain.verify(store.conn, chain)
    except damaged.DamagedRows as exc:
        return len(exc.rows), f"{chain.name}：有 {len(exc.damaged)} 条{damaged.REASON}"


def _check_chain(store: Store, report: CheckReport) -> dict[str, tuple[int, str]]:
    """Walk the change log in order; report the first broken link, and every entry that cannot be read (the walk
    goes on after it). Returns record id -> (revision, hash)."""
    latest: dict[str, tuple[int, str]] = {}
    prev: str | None = GENESIS_HASH
    expected_seq = 1
    rows, unreadable = _rows(store, "SELECT * FROM changes ORDER BY seq")
    for index, row in enumerate(rows):
        report.changes_checked += 1
        bad = unreadable.get(index, ())
        record_id, revision = (row[k] if k not in bad else "？" for k in ("record_id", "revision"))
        where = f"变更日志第 {row['seq']} 条（记录 {record_id} 第 {revision} 版）"
        if row["seq"] != expected_seq:
            report.problems.append(f"{where}：序号不连续，应为 {expected_seq}（有记录被删除）")
            return latest
        if bad:
            report.problems.append(f"{where}：{damaged.REASON}")
            if "record_id" not in bad and "content_hash" not in bad:
                latest[row["record_id"]] = (row["revision"], row["content_hash"])  # the record is checked below
            prev = None if "entry_hash" in bad else row["entry_hash"]  # the next link cannot be checked
            expected_seq += 1
            continue
        if prev is not None and row["prev_hash"] != prev:
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
        rows, unreadable = _rows(store, f'SELECT * FROM "{ledger.name}"')
        for index, row in enumerate(rows):
            report.records_checked += 1
            if len(report.problems) >= max_problems:
                continue
            if index in unreadable:
                bad = unreadable[index]
                named = next((row[k] for k in ("number", "id") if k not in bad and row[k]), f"第 {row['rid']} 行")
                report.problems.append(f"{ledger.label} {named}：{damaged.REASON}")
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
