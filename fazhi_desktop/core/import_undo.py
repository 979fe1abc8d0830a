"""撤销Excel导入: the Excel imports of this database, and undoing one in a single step.

Each 从Excel导入 (core/excel_import.py) is an entry of `excel_imports`: ledger, file, time, user, and the change-log
entries its one transaction wrote (`first_seq` to `last_seq`), each an insert whose history note is
从Excel导入（文件名 第 N 行）. Undoing it deletes, in one transaction through the Store's write path
(`Store.delete_many`: deletions like any other, logged, history kept), the records still exactly as imported:
草稿 at the revision the import gave them (not edited, not submitted and sent back since), in a year not closed.
The others stay and are named with the reason (导入后已修改, 已提交审核, 2025年已封账…).

Numbers: when the undone records hold the last numbers of their series (nothing was numbered after them) and
nothing outside the database shows them (a bundle carried them to the county, a printed register page or a paper
of the record printed: printed.number_kept, the rule a corrected date follows too), their numbers are given back:
the series continues from before the import, as if the wrong file had never been read, and the register has no gap
to explain. Otherwise the numbers stay used
and the register says "…已删除", as for any deletion. A bundle written after the import carried the records (the
county counts drafts): they can still be undone (the next bundle carries the deletions, and the county's figures
follow), but the county holds their numbers, so those are never given out again.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core import printed, year_close
from fazhi_desktop.core.clock import local_time, utc_iso
from fazhi_desktop.core.errors import Conflict, FazhiError, NotFound
from fazhi_desktop.core.forms import STATUS_LABELS, LedgerDef
from fazhi_desktop.core.links import referrers
from fazhi_desktop.core.store import COUNTY_KEEPS_NO_LEDGER, LINKED_NOTE, Record, Store

#: each imported record's history note (its change-log entry's reason), and the same read back
HISTORY_NOTE = "从Excel导入（{file} 第 {row} 行）"
NOTE = re.compile(r"从Excel导入（(?P<file>.*) 第 (?P<row>\d+) 行）")
#: why a record of the import stays, by its status: as the list's 状态 column says it
STATUS_REASONS = {status: STATUS_LABELS[status] for status in ("submitted", "reviewed", "locked")}
EDITED = "导入后已修改"
LINKED = "被{referrer}引用"  # its number named on that record's paper (a 纪要's 会前学法)
CHANGED = "撤销前有记录刚被修改、提交或删除，未删除任何记录：请重新查看后再撤销"
USED = "不再使用，年度台账注明“已删除”"
MISMATCH = "变更日志中的记录与这次导入的登记不符（数据库可能在程序之外被改动），不能撤销：请先运行 fazhi check"


@dataclass(frozen=True)
class Kept:
    """A record of the import that an undo leaves, and why."""

    record_id: str
    number: str | None
    title: str
    reason: str

    def __str__(self) -> str:
        return f"{self.number or self.record_id}（{self.title}）：{self.reason}"


@dataclass(frozen=True)
class Series:
    """The import's numbers of one series (〔2026〕人调字) and what an undo does with them: `returned` numbers (the
    last ones) given back, so the series' last number goes from `last` to `last - returned`; the others `used`."""

    year: int
    prefix: str
    last: int
    returned: int
    used: int
    why_used: str = ""


@dataclass
class Plan:
    """An import as it stands, and what undoing it would do now."""

    id: int
    ledger: LedgerDef
    file_name: str
    at: str  # UTC
    actor: str
    records: int
    undone: int  # records an earlier undo of it deleted
    undone_at: str | None
    undone_by: str | None
    first_seq: int  # the change-log entries its transaction wrote
    last_seq: int
    undoable: list[tuple[str, str | None]] = field(default_factory=list)  # (id, number), in the import's order
    kept: list[Kept] = field(default_factory=list)
    gone: int = 0  # deleted since (by an earlier undo, or one by one)
    sent_at: str | None = None  # when a bundle written after the import carried its records (UTC), else None
    series: list[Series] = field(default_factory=list)
    problem: str | None = None  # the change log does not hold the import as recorded: nothing can be undone

    @property
    def when(self) -> str:
        return local_time(self.at)

    def headline(self) -> str:
        """"会议1-8月.xlsx（2026-06-01 16:00 马文导入 40 条会议记录）"."""
        return f"{self.file_name}（{self.when} {self.actor}导入 {self.records} 条{self.ledger.label}记录）"

    def state(self) -> str:
        """What is left of it, in a few words: 可撤销 38 条；保留 2 条（导入后已修改 2 条）；… 撤销 …"""
        notes = self.notes()
        if self.problem or not self.undoable:
            return notes or "没有可撤销的记录"
        return "；".join([f"可撤销 {len(self.undoable)} 条", *([notes] if notes else [])])

    def notes(self) -> str:
        """`state` but the count that can be undone: 保留 2 条（导入后已修改 2 条）；2026-06-02 09:12 马文撤销 38 条"""
        parts = []
        if self.kept:
            reasons: dict[str, int] = {}
            for kept in self.kept:
                reasons[kept.reason] = reasons.get(kept.reason, 0) + 1
            parts.append(f"保留 {len(self.kept)} 条（{'、'.join(f'{r} {n} 条' for r, n in reasons.items())}）")
        if self.undone_at:
            parts.append(f"{local_time(self.undone_at)} {self.undone_by}撤销 {self.undone} 条")
        if self.gone > self.undone:
            parts.append(f"{self.gone - self.undone} 条已逐条删除")
        return self.problem or "；".join(parts)

    def numbers_text(self) -> list[str]:
        """What an undo now does with the numbers, a line per series."""
        numbering, label = self.ledger.numbering, self.ledger.label
        lines = []
        for s in self.series:
            def number(seq: int, s: Series = s) -> str:
                return numbering.render(s.year, s.prefix, seq)
            first, top = s.last - s.returned + 1, s.last
            if s.returned:
                span = number(first) if first == top else f"{number(first)} 至 {number(top)}"
                rest = f"；其余 {s.used} 个编号{USED}" if s.used else ""
                lines.append(f"编号 {span} 收回，下一条{label}记录编为 {number(first)}{rest}")
            else:
                lines.append(f"编号不收回（{s.why_used}）：这 {s.used} 个编号{USED}")
        return lines

    def explained(self, shown: int | None = 5) -> list[str]:
        """What undoing it does, a line each: what goes, what stays (the first `shown` named; None: all of them,
        one a line), what the county has, the numbers."""
        lines = [f"将从“{self.ledger.label}”台账中删除 {len(self.undoable)} 条从 {self.file_name} 导入的草稿"
                 f"（{self.when} {self.actor}导入），修改历史仍保留。"]
        if self.kept:
            named = self.kept if shown is None else self.kept[:shown]
            more = [f"  ……等 {len(self.kept)} 条"] if len(named) < len(self.kept) else []
            lines += [f"保留 {len(self.kept)} 条（已不是导入时的原样）：", *(f"  {k}" for k in named), *more]
        if self.sent_at:
            lines.append(f"这些记录已于 {local_time(self.sent_at)} 随数据包报送县里：删除将随下一个数据包报送，"
                         "县里的统计随之更正。")
        return lines + [f"{line}。" for line in self.numbers_text()]

    def question(self) -> str:
        """The confirmation the window asks."""
        return "\n".join([*self.explained(), "确定撤销这次导入吗？"])

    def nothing_text(self) -> str:
        return f"{self.headline()}：没有可撤销的记录（{self.state()}）"


@dataclass(frozen=True)
class Undone:
    """What an undo did."""

    plan: Plan
    deleted: list[Record]

    def summary(self) -> str:
        """"已撤销：删除 38 条会议记录（会议1-8月.xlsx）；保留 2 条：…；编号 … 收回…"."""
        kept = f"；保留 {len(self.plan.kept)} 条：{_listed(self.plan.kept)}" if self.plan.kept else ""
        numbers = "".join(f"；{line}" for line in self.plan.numbers_text())
        return (f"已撤销：删除 {len(self.deleted)} 条{self.plan.ledger.label}记录（{self.plan.file_name}）"
                f"{kept}{numbers}")


def _listed(kept: list[Kept], shown: int = 5) -> str:
    named = "；".join(str(k) for k in kept[:shown])
    return named + (f"……等 {len(kept)} 条" if len(kept) > shown else "")


# -- recording an import --------------------------------------------------------------------------------------------


def note_prefix(file_name: str) -> str:
    """The start of the history note of every record imported from a file of this name: 从Excel导入（会议.xlsx 第 """
    return HISTORY_NOTE.format(file=file_name, row="")[: -len(" 行）")]


def last_change(store: Store) -> int:
    """The change log's last entry (0 for none): an import's entries follow it."""
    return store.conn.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0]


def note_import(store: Store, ledger: LedgerDef, file_name: str, saved: list[Record], after: int) -> None:
    """Record an import whose records `saved` were written after change-log entry `after`, inside the import's own
    transaction (excel_import.import_records)."""
    store.conn.execute(_INSERT, [ledger.name, file_name, utc_iso(store.clock()), saved[0].created_by, len(saved),
                                 after + 1, last_change(store)])


_INSERT = ("INSERT INTO excel_imports (ledger, file_name, at, actor, records, first_seq, last_seq) "
           "VALUES (?, ?, ?, ?, ?, ?, ?)")


def record_earlier_imports(conn: sqlite3.Connection) -> None:
    """Migration 016: the imports made before `excel_imports` existed, from the change log. One import is a run
    of consecutive inserts noted 从Excel导入 of one file, ledger and user, each row of the file once (the same file
    imported twice in a row starts again at a row already seen)."""
    runs: list[dict] = []
    rows: set[str] = set()
    for seq, ledger, actor, at, reason in conn.execute(
            "SELECT seq, ledger, actor, at, reason FROM changes WHERE op = 'insert' AND reason LIKE '从Excel导入（%' "
            "ORDER BY seq"):
        found = NOTE.fullmatch(reason)
        if found is None:
            continue
        run = runs[-1] if runs else None
        if run and (run["ledger"], run["file"], run["actor"]) == (ledger, found["file"], actor) \
                and seq == run["last"] + 1 and found["row"] not in rows:
            run["last"] += 1
        else:
            runs.append({"ledger": ledger, "file": found["file"], "actor": actor, "at": at, "first": seq, "last": seq})
            rows.clear()
        rows.add(found["row"])
    conn.executemany(_INSERT, [(r["ledger"], r["file"], r["at"], r["actor"], r["last"] - r["first"] + 1, r["first"],
                                r["last"]) for r in runs])


# -- looking -----------------------------------------------------------------------------------------------------


def recent(store: Store, limit: int = 50, busy: Mapping[str, str] | None = None) -> list[Plan]:
    """The latest imports of this database, newest first, each as it stands now (`busy`: as for `examine`)."""
    ids = [row[0] for row in store.conn.execute("SELECT id FROM excel_imports ORDER BY id DESC LIMIT ?", [limit])]
    return [examine(store, import_id, busy) for import_id in ids]


def import_of(store: Store, ledger: str, seq: int) -> int | None:
    """The import (its id, as `fazhi imports` numbers it) of `ledger` whose change-log entries hold entry `seq`;
    None when none does."""
    found = store.conn.execute("SELECT max(id) FROM excel_imports WHERE ledger = ? AND ? BETWEEN first_seq"
                               " AND last_seq", [ledger, seq]).fetchone()
    return found[0] if found else None


def examine(store: Store, import_id: int, busy: Mapping[str, str] | None = None) -> Plan:
    """Import `import_id` as it stands: which of its records an undo would delete, which stay and why, what becomes
    of the numbers. `busy`: record id -> why the caller will not touch it now (unsaved changes in an editor)."""
    found = store.query("SELECT * FROM excel_imports WHERE id = ?", [import_id])
    if not found:
        raise NotFound(f"没有序号为 {import_id} 的Excel导入（fazhi imports 列出全部）")
    row = found[0]
    ledger = store.ledger(row["ledger"])
    plan = Plan(row["id"], ledger, row["file_name"], row["at"], row["actor"], row["records"], row["undone"],
                row["undone_at"], row["undone_by"], row["first_seq"], row["last_seq"])
    entries = _entries(store, plan)
    now = _current(store, ledger, plan)
    if entries is None or len(now) != len(entries):
        plan.problem = MISMATCH
        return plan
    linked = _linked_by(store, ledger, list(now))
    offered = _only_linked_since(store, plan)
    for record_id, _, _ in entries:
        current = now[record_id]
        if current["deleted"]:
            plan.gone += 1
            continue
        reason = _kept_reason(store, ledger, current, (busy or {}).get(record_id) or linked.get(record_id),
                              record_id in offered)
        if reason is None:
            plan.undoable.append((record_id, current["number"]))
        else:
            plan.kept.append(Kept(record_id, current["number"], str(current[ledger.title_field] or ""), reason))
    plan.sent_at = store.conn.execute("SELECT min(created_at) FROM bundles_sent WHERE changes_through >= ?",
                                      [plan.first_seq]).fetchone()[0]
    plan.series = _series(store, ledger, plan, entries)
    return plan


def _entries(store: Store, plan: Plan) -> list[tuple[str, str | None, tuple[int, str] | None]] | None:
    """(record id, number, series) of each record the import added, from its change-log entries; None when those
    entries are not the import's (another ledger, another note, other operations, another count)."""
    note, ledger = note_prefix(plan.file_name), plan.ledger
    entries = []
    for op, name, reason, data in store.conn.execute(
            "SELECT op, ledger, reason, data FROM changes WHERE seq BETWEEN ? AND ? ORDER BY seq",
            [plan.first_seq, plan.last_seq]):
        if op != "insert" or name != ledger.name or not (reason or "").startswith(note):
            return None
        content = json.loads(data)
        values = content.get("values") or {}
        day = values.get(ledger.date_field)
        series = (int(day[:4]), ledger.numbering.prefix_for(values)) if isinstance(day, str) and day[:4].isdigit() \
            else None
        entries.append((content["id"], content.get("number"), series))
    return entries if len(entries) == plan.records else None


def _current(store: Store, ledger: LedgerDef, plan: Plan) -> dict[str, dict]:
    """The records the import added, as they are now: record id -> its row's state."""
    named = ("id", "number", "status", "revision", "deleted", ledger.date_field, ledger.title_field,
             *ledger.matter_fields)  # the years it counts in (year_close.spanned_in)
    columns = ", ".join(f'r."{name}"' for name in dict.fromkeys(named))
    rows = store.query(f'SELECT {columns} FROM changes c JOIN "{ledger.name}" r ON r.id = c.record_id '
                       "WHERE c.seq BETWEEN ? AND ?", [plan.first_seq, plan.last_seq])
    return {row["id"]: row for row in rows}


def _linked_by(store: Store, ledger: LedgerDef, record_ids: list[str]) -> dict[str, str]:
    """Record id -> why it stays: a live record of another ledger links to it (a meeting's 会前学法 an imported
    学法活动). Deleted, the meeting would show 所链接的…已删除, and its number, given back, would go to another
    activity while a printed 纪要 names it."""
    return {target: LINKED.format(referrer=named[0]) for target, named in referrers(store, ledger, record_ids).items()}


def _only_linked_since(store: Store, plan: Plan) -> set[str]:
    """The import's records changed since only by the links its question offered (links.link_all, noted
    LINKED_NOTE): as imported, for its undo."""
    return {record_id for (record_id,) in store.conn.execute(
        "SELECT record_id FROM changes WHERE seq > ? AND record_id IN (SELECT record_id FROM changes WHERE seq"
        " BETWEEN ? AND ?) GROUP BY record_id HAVING sum(op != 'update' OR reason IS NOT ?) = 0",
        [plan.last_seq, plan.first_seq, plan.last_seq, LINKED_NOTE])}


def _kept_reason(store: Store, ledger: LedgerDef, row: dict, busy: str | None, only_linked: bool) -> str | None:
    """Why an imported record is no longer as imported, or None when it is (an undo deletes it). `only_linked`: its
    changes since are the links the import offered (`_only_linked_since`), part of the import."""
    if row["status"] != "draft":
        return STATUS_REASONS.get(row["status"], row["status"])
    if row["revision"] != 1 and not only_linked:
        return EDITED
    closed = year_close.closed_for(store, ledger, row, row["number"], row["status"], deleting=True)
    if closed is not None:
        return f"{closed}年已封账"
    return busy


def _series(store: Store, ledger: LedgerDef, plan: Plan,
            entries: list[tuple[str, str | None, tuple[int, str] | None]]) -> list[Series]:
    """Per series the undoable records are numbered in: how many numbers are given back (the last ones of the
    series, when they are this import's, no record that stays holds or held one, and nothing outside the database
    shows one: printed.number_kept, the rule an edit that moves a record to another year follows too) and how many
    stay used."""
    going = {record_id for record_id, _ in plan.undoable}
    staying = [kept.record_id for kept in plan.kept]
    held = _numbers_held(store, plan, staying)
    free: dict[tuple[int, str], dict[str, str]] = {}  # series -> number -> the record that holds it
    deleted_now: dict[tuple[int, str], set[str]] = {}
    for record_id, number, series in entries:
        if series is None or number is None:
            continue
        if record_id in going:
            deleted_now.setdefault(series, set()).add(number)
        if record_id not in staying and number not in held:
            free.setdefault(series, {})[number] = record_id
    out = []
    for (year, prefix), numbers in sorted(deleted_now.items()):
        last = seq = store.last_seq(ledger.name, year, prefix)
        ours = free.get((year, prefix), {})
        given_back, kept = set(), None
        while seq > 0 and (number := ledger.numbering.render(year, prefix, seq)) in ours:
            kept = printed.number_kept(store.conn, ledger.name, ours[number], number)
            if kept is not None:
                break
            given_back.add(number)
            seq -= 1
        why = ""
        if not given_back:
            top = ledger.numbering.render(year, prefix, last)
            why = ("这些记录已随数据包报送县里，县里存有这些编号" if plan.sent_at else f"{top} {kept}" if kept else
                   f"保留的记录中有更后的编号 {top}" if top in held else f"导入之后已有编号 {top}")
        out.append(Series(year, prefix, last, len(given_back), len(numbers - given_back), why))
    return out


def _numbers_held(store: Store, plan: Plan, staying: list[str]) -> set[str]:
    """Every number the import's records `staying` hold or held (a number a record had comes back to it when its
    date is corrected back: Store._renumbered), so that none of them is given out again."""
    wanted = set(staying)
    return {number for record_id, number in store.conn.execute(
        "SELECT record_id, json_extract(data, '$.number') FROM changes WHERE record_id IN "
        "(SELECT record_id FROM changes WHERE seq BETWEEN ? AND ?)", [plan.first_seq, plan.last_seq])
        if record_id in wanted and number}


# -- undoing -----------------------------------------------------------------------------------------------------

#: each record an undo deletes: its deletion's history note, and what it adds when the number was given back
UNDO_NOTE = "撤销Excel导入（{file}，{when} 导入）"
NUMBER_RETURNED = "；编号收回"


def undo_note(file_name: str, when: str) -> str:
    """"撤销Excel导入（会议1-8月.xlsx，2026-06-01 16:00 导入）": the history note of the records an undo deletes."""
    return UNDO_NOTE.format(file=file_name, when=when)


def undo_note_shortened(note: str, chars: int) -> str:
    """An `undo_note` with its file's name cut in its middle to `chars` characters and its extension, the end of
    the name kept ("撤销Excel导入（会议1-8…司法所汇总）.xlsx，2026-06-01 16:00 导入）"): a list's choice naming the
    undo (已删除的记录's 显示)."""
    head = UNDO_NOTE[: UNDO_NOTE.index("{")]
    name, comma, when = note.removeprefix(head).rpartition("，")
    stem, extension = os.path.splitext(name)
    if not note.startswith(head) or not comma or len(stem) <= chars:
        return note
    end = chars // 2
    return f"{head}{stem[: chars - end - 1]}…{stem[-end:]}{extension}，{when}"


def undone_by(reason: str | None) -> str | None:
    """The undo a deletion's history note names ("撤销Excel导入（会议1-8月.xlsx，2026-06-01 16:00 导入）", without
    编号收回), or None for a record deleted on its own (删除, `fazhi delete`)."""
    if not reason or not reason.startswith(UNDO_NOTE[: UNDO_NOTE.index("{")]):
        return None
    return reason.replace(NUMBER_RETURNED, "")



def undo(store: Store, import_id: int, actor: str, expected: Collection[str] | None = None,
         busy: Mapping[str, str] | None = None) -> Undone:
    """Delete the records of import `import_id` still as imported, and give back their numbers where `examine`
    says so, in one transaction: all of it or, on any error, none. `expected`: the record ids the user confirmed;
    when the records an undo would delete are no longer exactly those (one was edited meanwhile), nothing is done."""
    if store.is_county:
        raise Conflict(COUNTY_KEEPS_NO_LEDGER)
    store.permit("record.delete")
    with dbmod.transaction(store, "撤销导入"):
        plan = examine(store, import_id, busy)
        if plan.problem:
            raise Conflict(plan.problem)
        ids = [record_id for record_id, _ in plan.undoable]
        if expected is not None and set(ids) != set(expected):
            raise Conflict(CHANGED)
        if not ids:
            raise FazhiError(plan.nothing_text())
        returned = {ledger_number for s in plan.series for ledger_number in (
            plan.ledger.numbering.render(s.year, s.prefix, seq) for seq in range(s.last - s.returned + 1, s.last + 1))}
        note = undo_note(plan.file_name, plan.when)
        reasons = [f"{note[:-1]}{NUMBER_RETURNED}）" if number in returned else note for _, number in plan.undoable]
        deleted = store.delete_many(plan.ledger.name, ids, actor, reasons)
        for s in plan.series:
            if s.returned:
                store.return_numbers(plan.ledger.name, s.year, s.prefix, s.last - s.returned, s.last)
        store.conn.execute("UPDATE excel_imports SET undone = undone + ?, undone_at = ?, undone_by = ? WHERE id = ?",
                           [len(deleted), deleted[0].updated_at, deleted[0].updated_by, import_id])
    return Undone(plan, deleted)
