"""What a bundle carries, read from the township's database in one consistent snapshot.

Incremental by default: the change-log entries after the last one the county acknowledged in a receipt, the
current content of every record those entries touch, and the attachments the live ones among them refer to except
the files that a bundle the county acknowledged already carried (the county checks it holds those). `full=True`
sends the whole change log, every record and every live record's attachments.

A deleted record travels as a deletion without its files: the county keeps the deletion, never prints the record
and needs no file for it, and a file gone for good (the folder cleaned, a disk error) stopped every export of an
office that could neither open the record nor find the original. A file a live record refers to is still sent.

A bundle the county would refuse is not made: its check on the records' values (values.py) runs here first, on the
live records that can fail it (core/record_rules.py), and a record it carries that fails is named.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fazhi_desktop.core import record_rules, year_close, year_log_label
from fazhi_desktop.core.attachments import MissingFile, attachment_refs, blob_path, files_dir, missing_files
from fazhi_desktop.core.bundle import values
from fazhi_desktop.core.bundle.common import MAX_JSONL_BYTES, BundleError, explain_os_error
from fazhi_desktop.core.display import clip, size_text
from fazhi_desktop.core.forms import LedgerDef
from fazhi_desktop.core.ids import canonical_json, sha256_text
from fazhi_desktop.core.jobs import Progress, no_progress
from fazhi_desktop.core.plaintext import one_line
from fazhi_desktop.core.store import GENESIS_HASH, Store
from fazhi_desktop.core.validate import line_problem

ACKED_SETTING = "bundle.acked_through"
CHANGE_KEYS = ("seq", "ledger", "record_id", "revision", "op", "content_hash", "actor", "at", "prev_hash",
               "entry_hash")
PEOPLE_KEYS = ("id", "name", "title", "unit", "roles", "cert_no", "cert_expiry", "phone", "active", "revision",
               "updated_at", "joined_on", "left_on", "person")
#: roster keys added after the first bundles: written only when known, read as not known when absent (`person`: who
#: an entry is when the roster had its name before, core/people.py; absent, not asked)
PEOPLE_KEYS_ADDED = ("joined_on", "left_on", "person")
META_KEYS = ("created_at", "created_by", "updated_at", "updated_by")
#: the roster entry's text, as the county's refusals name it
PERSON_LABELS = {"id": "标识", "name": "姓名", "title": "职务", "unit": "单位", "cert_no": "执法证号",
                 "cert_expiry": "执法证有效期", "phone": "联系电话", "updated_at": "修改时间"}


def person_text_problem(person: dict[str, Any]) -> str | None:
    """Why the county refuses a roster entry's text, or None: what the roster form refuses (validate.line_problem:
    a control character, a lone surrogate, too long) in a value (“姓名”含有看不见的控制字符…) or a role. Asked of
    each entry a bundle brings and, at the township, of each before a bundle is made (one saved by an earlier
    version)."""
    texts = [(label, person.get(key)) for key, label in PERSON_LABELS.items()]
    for label, text in [*texts, *(("角色", role) for role in person.get("roles") or ())]:
        problem = line_problem(text) if isinstance(text, str) else None
        if problem:
            return f"“{label}”{problem}"
    return None


def roster_refusals(store: Store) -> list[tuple[str, str]]:
    """The township's roster entries the county would refuse (`person_text_problem`, saved by an earlier version),
    as (name as shown, problem): the export stops at the first, `fazhi check` lists them all."""
    found = []
    for row in store.query(f"SELECT {', '.join(PERSON_LABELS)}, roles FROM people ORDER BY id"):
        row["roles"] = json.loads(row["roles"])
        if problem := person_text_problem(row):
            found.append((clip(one_line(row["name"]), 20), problem))
    return found


@dataclass
class Snapshot:
    """Everything one bundle will hold, as lines ready to write (canonical JSON)."""

    township: str
    office: str
    full: bool
    changes_after: int
    changes_through: int
    last_entry_hash: str
    changes: list[str] = field(default_factory=list)
    records: dict[str, list[str]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    deleted: int = 0
    roster: list[str] = field(default_factory=list)
    attachments: dict[str, int] = field(default_factory=dict)  # sha256 -> size: the files this bundle carries
    at_county: int = 0  # attachments referred to but left out: an acknowledged bundle carried them
    roster_new: bool = True  # the roster differs from the one in the last bundle the county acknowledged
    #: the years closed and reopened (core/year_close.py, bag-info's Fazhi-Year-Closings), None before the first
    year_closings: str | None = None
    year_reasons: str | None = None  # why the years open again were reopened (bag-info's Fazhi-Year-Reopen-Reasons)
    year_log: str | None = None  # every closing and reopening (core/year_log_label.py, bag-info's Fazhi-Year-Log)
    years_new: bool = False  # a year closed or reopened since the last bundle the county acknowledged
    #: what this read's check found (core/record_rules.py): every live record as of `changes_through` meets today's
    #: rules but those `failing`; the export remembers it, and an export after this plan starts from it
    checked: record_rules.Mark | None = None
    #: live records that fail the county's check and that this bundle does not carry (the county holds them as an
    #: older version sent them): said, not refused; a bundle that carries one is refused
    held_failing: list[values.Unsendable] = field(default_factory=list)

    @property
    def roster_hash(self) -> str:
        return sha256_text("\n".join(self.roster))

    @property
    def has_news(self) -> bool:
        """Does it carry anything the county lacks: a change, roster people added or edited (名册: 到任、离任日期
        decide 领导干部述法), which the change log does not hold, or a year closed or reopened (a closing that locked
        nothing, a reopening: no record changed, and the county must still be told)?"""
        return bool(self.changes) or self.roster_new or self.years_new

    @property
    def attachment_bytes(self) -> int:
        return sum(self.attachments.values())

    def summary(self) -> dict[str, Any]:
        return {"records": dict(self.counts), "deleted": self.deleted, "changes": len(self.changes),
                "attachments": len(self.attachments), "attachment_bytes": self.attachment_bytes,
                "attachments_at_county": self.at_county, "people": len(self.roster),
                "roster_hash": self.roster_hash, "roster_new": self.roster_new,
                **({"year_closings": self.year_closings} if self.year_closings else {}),
                **({"year_reasons": self.year_reasons} if self.year_reasons else {}),
                **({"year_log": self.year_log} if self.year_log else {})}


def bundle_kind(full: bool, changes_after: int) -> str:
    """What a bundle carries, in the same words on every screen: 全部数据 (asked for), 全部变更 (no receipt yet: the
    change log from its first entry), 增量 (the changes since the last receipt)."""
    return "全部数据" if full else "全部变更" if changes_after == 0 else "增量"


def acked_through(store: Store) -> int:
    """The last change-log entry the county has acknowledged (0 before the first receipt), as the file holds it now:
    a receipt imported by another program (`fazhi receipt import`) since this window read its settings moves it,
    and an export deciding what to send from the window's old mark sent again what the county had confirmed."""
    return int(store.setting_in_file(ACKED_SETTING) or 0)


def collect(store: Store, full: bool = False, progress: Progress = no_progress,
            checked: record_rules.Mark | None = None) -> Snapshot:
    """Read what the next bundle carries, in one read transaction (a consistent snapshot even while others write).
    `progress` is called once per ledger (so that a long read can be cancelled). `checked`: what a plan's read just
    found (its snapshot's `checked`), so that the records it checked are not checked again."""
    if store.is_county:
        raise BundleError("县级数据库不导出数据包（数据包由乡镇发往县级）")
    conn = store.conn
    conn.execute("BEGIN")
    try:
        return _collect(store, full, progress, checked)
    finally:
        conn.execute("COMMIT")


def _collect(store: Store, full: bool, progress: Progress, checked: record_rules.Mark | None) -> Snapshot:
    after = 0 if full else acked_through(store)
    last = store.conn.execute("SELECT seq, entry_hash FROM changes ORDER BY seq DESC LIMIT 1").fetchone()
    through, last_hash = (last[0], last[1]) if last else (0, GENESIS_HASH)
    if after > through:
        raise BundleError(f"回执确认到变更第 {after} 条，但本所变更日志只有 {through} 条：数据库可能是从旧备份恢复的，"
                          "请勾选“发送全部数据”")
    snap = Snapshot(store.township, store.setting("office_name") or "", full, after, through, last_hash)
    touched: dict[str, set[str]] = {}
    cursor = store.conn.execute(f"SELECT {', '.join(CHANGE_KEYS)}, reason, corrector FROM changes WHERE seq > ?"
                                " ORDER BY seq", [after])
    for *row, reason, corrector in cursor:
        entry = dict(zip(CHANGE_KEYS, row, strict=True))
        if reason is not None:  # 重新打开 and other status changes may carry one; the entry's hash covers it
            entry["reason"] = reason
        if corrector is not None:  # a 重新打开's choice of who corrects the draft, also under the hash
            entry["corrector"] = corrector
        snap.changes.append(canonical_json(entry))
        touched.setdefault(entry["ledger"], set()).add(entry["record_id"])
    for index, ledger in enumerate(store.ledgers.values()):
        progress(index, len(store.ledgers), f"正在读取“{ledger.label}”……")
        lines = []
        for row in _rows(store, ledger, None if full else touched.get(ledger.name, set())):
            lines.append(_record_line(store, ledger, row, snap))
        snap.records[ledger.name] = lines
        snap.counts[ledger.name] = len(lines)
    unknown = set(touched) - set(store.ledgers)
    if unknown:
        raise BundleError(f"变更日志中有本程序不认识的台账：{'、'.join(sorted(unknown))}")
    _county_check(store, snap, None if full else set().union(*touched.values()), checked)
    _within_cap(store, snap)
    for name, problem in roster_refusals(store)[:1]:  # saved by an earlier version: the county would refuse it
        raise BundleError(f"县里会拒收这个数据包：人员名册中“{name}”的{problem}"
                          "（是以前版本的程序保存的，现在不再接受）。请在人员名册中打开此人，改正后再导出")
    for row in store.query(f"SELECT {', '.join(PEOPLE_KEYS)} FROM people ORDER BY id"):
        row["roles"] = json.loads(row["roles"])
        row["active"] = bool(row["active"])
        for key in PEOPLE_KEYS_ADDED:  # a day not known is left out: a county program older than them reads it
            if row[key] is None:
                del row[key]
        snap.roster.append(canonical_json(row))
    # what the last bundle the county acknowledged carried: the roster and the years it need not be sent again
    acked_row = store.conn.execute("SELECT summary FROM bundles_sent WHERE acknowledged_at IS NOT NULL"
                                   " ORDER BY sequence DESC LIMIT 1").fetchone()
    acked = json.loads(acked_row[0]) if acked_row else None
    snap.roster_new = full or acked is None or acked.get("roster_hash") != snap.roster_hash
    snap.year_closings = year_close.bag_value(store.conn)
    snap.year_reasons = year_close.reasons_value(store.conn)
    snap.year_log = year_log_label.log_value(store.conn)
    years = (snap.year_closings, snap.year_reasons, snap.year_log)  # the log: a year reopened and closed the same day
    snap.years_new = snap.year_closings is not None and (
        acked is None or (acked.get("year_closings"), acked.get("year_reasons"), acked.get("year_log")) != years)
    if not full:
        held = acknowledged_attachments(store) & snap.attachments.keys()
        snap.at_county = len(held)
        for sha in held:
            del snap.attachments[sha]
    _attachment_sizes(store, snap)
    return snap


def contents_text(summary: dict[str, Any]) -> str:
    """What a bundle carries (`Snapshot.summary()`, `ExportResult.summary`), in the same words on the wizard's plan
    and done pages and in `fazhi export`. Its records include the ones deleted since (the county is told of the
    deletion), so the count says how many of them are: else it is more than the ledger lists show."""
    attachments = size_text(summary["attachment_bytes"]) + at_county_note(summary.get("attachments_at_county", 0))
    return (f"变更 {summary['changes']} 条，记录 {sum(summary['records'].values())} 条"
            f"（其中已删除 {summary['deleted']} 条），附件 {summary['attachments']} 个（{attachments}），"
            f"名册 {summary['people']} 人")


def at_county_note(count: int) -> str:
    """What a summary adds about attachments left out because the county has them ('' when none were)."""
    return f"；另有 {count} 个县里已收到，不再发送" if count else ""


#: said by the wizard and `fazhi export` when an incremental bundle carries no change
NOTHING_NEW = "自上次县级回执以来没有新的登记、修改或名册变动：这个数据包只向县里表明本所没有新变更，不导出也可以"


def acknowledged_attachments(store: Store) -> set[str]:
    """The attachment files carried by bundles the county has acknowledged in a receipt: the county holds them."""
    return {row[0] for row in store.conn.execute(
        "SELECT DISTINCT a.sha256 FROM bundle_attachments a JOIN bundles_sent b ON b.sequence = a.sequence"
        " WHERE b.acknowledged_at IS NOT NULL")}


def _rows(store: Store, ledger: LedgerDef, ids: set[str] | None) -> Iterator[dict[str, Any]]:
    if ids is None:
        yield from store.query(f'SELECT * FROM "{ledger.name}" ORDER BY rid')
        return
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        marks = ",".join("?" for _ in chunk)
        yield from store.query(f'SELECT * FROM "{ledger.name}" WHERE id IN ({marks}) ORDER BY rid', chunk)


def _record_line(store: Store, ledger: LedgerDef, row: dict[str, Any], snap: Snapshot) -> str:
    content = store.content(ledger, row)
    if sha256_text(canonical_json(content)) != row["content_hash"]:
        raise BundleError(f"{ledger.label} {row['number'] or row['id']} 的内容与其摘要不符（数据库在程序之外被改动），"
                          "请先运行 fazhi check 查明")
    if row["deleted"]:
        snap.deleted += 1
    else:  # a deleted record's files are not sent (above)
        for item in attachment_refs(ledger, content["values"]):
            snap.attachments[item["sha256"]] = -1
    line = {"content": content, "content_hash": row["content_hash"], "meta": {k: row[k] for k in META_KEYS}}
    return canonical_json(line)


def _attachment_sizes(store: Store, snap: Snapshot) -> None:
    missing = set()
    for sha in sorted(snap.attachments):
        path = blob_path(store, sha)
        try:
            snap.attachments[sha] = path.stat().st_size
        except FileNotFoundError:
            missing.add(sha)
        except OSError as exc:
            raise BundleError(f"无法读取附件文件 {path}：{explain_os_error(exc)}") from None
    if missing:  # named by the live records that need them: a deleted one sharing the file would need none
        live = [m for m in missing_files(store, missing) if not m.deleted]
        raise BundleError(missing_text(live, files_dir(store)))


#: how many missing attachments, or records the county would refuse, the export names; `fazhi check` lists them all
MISSING_NAMED = 5


def _listed(items: Sequence[MissingFile | values.Unsendable], unit: str, lines: bool) -> tuple[str, str]:
    """How a refusal names `items`: the first MISSING_NAMED (a line each, or parted by ；), how many in all when there
    are more (`unit`: 处, 条), and what to do about them, each way once, parted by ；."""
    shown = [str(item) for item in items[:MISSING_NAMED]]
    more = f"等 {len(items)} {unit}（fazhi check 列出全部）" if len(items) > MISSING_NAMED else ""
    named = "".join(f"\n{line}" for line in [*shown, more] if line) if lines else "；".join(shown) + more
    return named, "；".join(dict.fromkeys(item.way_out for item in items))


def missing_text(missing: list[MissingFile], folder: Path) -> str:
    """Why a bundle cannot be made without some attachment files (it would list files the county does not get):
    the records and the files' names, and what the clerk can do."""
    named, ways = _listed(missing, "处", lines=False)
    return (f"数据包需要的附件文件不见了（可能在程序之外被删除或移走）：{named}。{ways}，然后再导出；"
            f"文件如果只是被移走了，也可以放回附件文件夹 {folder}")


def _county_check(store: Store, snap: Snapshot, carried: set[str] | None, known: record_rules.Mark | None) -> None:
    """The county's check (values.py) on the live records that can fail it: those changed after the mark of the
    records known to meet today's rules and those it names failing, all of them when it was set under other rules
    (core/record_rules.py; `known`: a plan's just worked out). Refuses the bundle for those it carries (`carried`:
    their ids, None for all), as the county would; those it does not carry (the county holds them) are said, checked
    again next time, and the mark goes on past them. Sets the snapshot's `checked` and `held_failing`."""
    mark = record_rules.to_check(store.conn, store.ledgers, known)
    found = [] if mark.through >= snap.changes_through and not mark.failing else \
        values.unsendable_records(store, mark.through, mark.failing)
    refused = [u for u in found if carried is None or u.record_id in carried]
    if refused:
        raise BundleError(unsendable_text(refused))
    snap.held_failing = found
    snap.checked = record_rules.Mark(mark.rules, snap.changes_through, tuple(u.record_id for u in found))


def _within_cap(store: Store, snap: Snapshot) -> None:
    """Refuse a bundle whose record file the county would refuse as too large (`MAX_JSONL_BYTES`), naming the
    ledger and what the township can do, before anything is written: it was made, and refused at the county every
    time without a word of why."""
    files = {f"“{store.ledgers[name].label}”台账": lines for name, lines in snap.records.items()}
    files["变更日志"] = snap.changes
    for name, lines in files.items():
        size = sum(len(line.encode("utf-8")) + 1 for line in lines)
        if size <= MAX_JSONL_BYTES:
            continue
        smaller = "；或不选“发送全部数据”，只发送回执之后的变更" if snap.full and acked_through(store) else ""
        raise BundleError(f"数据包中{name}的数据有 {size_text(size)}，超过县里接收的上限 "
                          f"{size_text(MAX_JSONL_BYTES)}：县里会拒收，数据包没有写出。请打开其中篇幅很长的记录，"
                          "把粘贴进文本框的长篇文字（如会议纪要、调解笔录全文）改为作为附件上传，文本框中只留摘要，"
                          f"再导出{smaller}；仍不行的，请告诉县司法局")


def unsendable_text(refused: list[values.Unsendable]) -> str:
    """Why a bundle is not made of records the county would refuse (values.py): a line per record saying what is
    wrong with it, then who corrects them and how."""
    named, ways = _listed(refused, "条", lines=True)
    return (f"县里会拒收这个数据包：有记录的内容通不过县里的核验（是以前版本的程序保存的，现在不再接受）：{named}"
            f"\n{ways}。改正后再导出")


def carried_next(store: Store, ids: list[str]) -> set[str]:
    """Which of `ids` the next incremental bundle carries: those with change-log entries after the last receipt."""
    rows = store.conn.execute("SELECT DISTINCT record_id FROM changes WHERE seq > ? AND record_id IN"
                              " (SELECT value FROM json_each(?))", [acked_through(store), json.dumps(ids)])
    return {row[0] for row in rows}


def held_failing_text(held: list[values.Unsendable]) -> str:
    """The records the county would refuse that a bundle does not carry (the county holds them as an older version
    sent them): not a refusal, a note of what to correct before they are sent again."""
    named, ways = _listed(held, "条", lines=True)
    return (f"注意：另有 {len(held)} 条记录通不过县里现在的核验（县里已有，本次不发送，不影响导出）：{named}"
            f"\n{ways}。不改正的话，改动它或发送全部数据时会被拦下。")
