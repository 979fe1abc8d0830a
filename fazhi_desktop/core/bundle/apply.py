"""Applying a verified bundle at the county, in one transaction, and saying exactly what happened.

Records are matched by id: the same revision and hash is skipped (unchanged), a higher revision replaces the held
one (updated), a lower one is left alone (older: bundles arriving out of order never undo newer data), and the same
revision with another hash is a conflict: the incoming version is kept in `conflicts` and shown, the held one stays.
Importing a bundle twice changes nothing. A dry run does all of it and rolls back; of a whole stick, in a copy of
the database, thrown away (`import_bundles`).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from fazhi_desktop.core import accounts, damaged, failures, file_parts, print_key, reopened_years
from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.atomic import fsync_dir, rename
from fazhi_desktop.core.attachments import blob_path, held_size, write_atomic_copy
from fazhi_desktop.core.bundle import late_edits, replaced_key
from fazhi_desktop.core.bundle.clock_notes import clock_notes, made_before
from fazhi_desktop.core.bundle.collect import PEOPLE_KEYS
from fazhi_desktop.core.bundle.common import BUNDLE_SUFFIX, BundleError, explain_os_error
from fazhi_desktop.core.bundle.conflicts import RESOLUTION_LABELS
from fazhi_desktop.core.bundle.keys import CountyKeys
from fazhi_desktop.core.bundle.lost import has_set_aside, in_current_log, lost_states, set_aside
from fazhi_desktop.core.bundle.older_program import import_note, said_once
from fazhi_desktop.core.bundle.order import order_key, read_ahead
from fazhi_desktop.core.bundle.receipt_earlier import held_earlier
from fazhi_desktop.core.bundle.receipt_lost import keep_shown, told_before
from fazhi_desktop.core.bundle.records import RecordLine
from fazhi_desktop.core.bundle.roster_moves import roster_moved, roster_notes
from fazhi_desktop.core.bundle.verify import BundleInfo, VerifiedBundle, open_bundle
from fazhi_desktop.core.clock import local_time, past_slack, utc_iso
from fazhi_desktop.core.db import BEHIND, BUNDLE_MADE, REINSTALLED, RESTORED, SAME, STALE, UNLINKED, counted
from fazhi_desktop.core.divisions import town_label
from fazhi_desktop.core.errors import FazhiError, where_it_failed
from fazhi_desktop.core.ids import canonical_json
from fazhi_desktop.core.indicators.completeness import STEP_FULL, STEP_SET_ASIDE_GONE
from fazhi_desktop.core.indicators.sql import earlier_install
from fazhi_desktop.core.jobs import Cancelled, Progress, no_progress
from fazhi_desktop.core.people import counted_name
from fazhi_desktop.core.places import KEYS
from fazhi_desktop.core.stick_names import BUNDLE_NAME
from fazhi_desktop.core.store import Store, received_batch, write_received

log = logging.getLogger(__name__)


@dataclass
class ConflictInfo:
    ledger: str
    number: str | None
    record_id: str
    revision: int


@dataclass
class ImportReport:
    """What one bundle brought (or, in a dry run or `fazhi verify`, would bring)."""

    file_name: str
    bundle_id: str = ""
    township: str = ""
    office: str = ""
    sequence: int = 0
    new: int = 0
    updated: int = 0
    deleted: int = 0  # of the updated ones, those the township deleted
    new_deleted: int = 0  # of the new ones, those the township deleted before the county had them
    #: the records counted in `deleted` and `new_deleted`, each as kind, number and date (调解案件 〔2026〕人调字第3号
    #: （2026-05-02）), nothing of their content: the report named none, and the reviewer opened 数据包记录 → 查看明细
    deleted_named: list[str] = field(default_factory=list)
    new_deleted_named: list[str] = field(default_factory=list)
    unchanged: int = 0
    older: int = 0
    corrected: int = 0  # of the updated ones, later versions the township no longer has, replaced by its own
    conflicts: list[ConflictInfo] = field(default_factory=list)
    set_aside: list[str] = field(default_factory=list)  # 编号（标题） of versions the township no longer has
    #: the records an earlier bundle set aside, still so: one line (`receipt_lost.told_before`), nothing to do
    set_aside_before: str = ""
    #: 编号（标题） of records an earlier bundle set aside whose version this one brought again: counted again
    counted_again: list[str] = field(default_factory=list)
    people: int = 0
    attachments: int = 0
    notes: list[str] = field(default_factory=list)
    #: year -> the people whose place in its T47 count the roster moved, as data: 需关注 reads it back
    #: (core/roster_move_notes.py), whatever the note's wording
    roster_moved: dict[str, list[str]] = field(default_factory=dict)
    replay: bool = False
    dry_run: bool = False
    error: str | None = None
    cancelled: bool = False  # not looked at: the import was stopped (取消) before this bundle's turn or during it
    same_as: str = ""  # the file before it in the list that is this same bundle (`_same_in_list`)
    #: the bundle is an earlier install's come back (`_resume_earlier_install`)
    stray: bool = False
    #: of `set_aside`, the stray install's records (those its bundles brought), not a restored backup's
    stray_set_aside: list[str] = field(default_factory=list)
    #: a late bundle's newer versions of records the township still has in the version counted, not taken: kind,
    #: number, date and the labels of the fields that differ (core/bundle/late_edits.py)
    late_edits: list[str] = field(default_factory=list)
    #: refused until the reviewer confirms it, a late bundle of a key revoked as 更换 (core/bundle/replaced_key.py):
    #: that key's id and the question the import window asks
    replaced_key: str = ""
    replaced_question: str = ""
    #: such a bundle, asked about or taken: its hash, the one the question shows and a confirmation names
    replaced_hash: str = ""
    #: taken as such a late bundle, confirmed: that key's id
    replaced_taken: str = ""
    #: refused as signed by this key revoked as 更换, not continuing its chain as the county holds it: once the
    #: bundle before it is taken it may be asked about (the import window reads it again then)
    replaced_refused: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None

    def lines(self) -> list[str]:
        """The report as a technician reads it."""
        if self.cancelled:
            return [f"{self.file_name}：未导入（已取消）"]
        if self.error:
            reason = self.error.replace("\n", "\n        ").split("\n")  # a file's path on a line of its own
            return [f"{self.file_name}：拒绝接收", f"  原因：{reason[0]}", *reason[1:], "  县级数据库未作任何改动"]
        head = "核验通过（未导入）" if self.dry_run else "之前已导入（重复，未改动）" if self.replay else "已导入"
        out = [f"{self.file_name}：{head} —— {self.office}（{self.township}）第 {self.sequence} 号数据包",
               f"  新增 {self.new} 条{deleted_part(self.new_deleted, self.new_deleted_named)}，"
               f"更新 {self.updated} 条{deleted_part(self.deleted, self.deleted_named)}，未变 {self.unchanged} 条，"
               f"较旧未覆盖 {self.older} 条，"
               f"冲突 {len(self.conflicts)} 条；名册更新 {self.people} 人；新附件 {self.attachments} 个"]
        out += [f"  冲突：{c.ledger} {c.number or c.record_id} 第 {c.revision} 版（两边内容不同，已保留待处理）"
                for c in self.conflicts]
        out += [f"  注意：{note}" for note in self.notes]
        if self.corrected:
            out.append(f"  注意：更新中有 {self.corrected} 条按乡镇现有的版本更正"
                       "（县里的版本是乡镇从备份恢复前的数据）")
        if self.stray_set_aside:
            out.append(f"  注意：重装后收到的 {len(self.stray_set_aside)} 条记录（{_named(self.stray_set_aside)}）"
                       "不是乡镇现在的数据，已不计入指标；如确是乡镇的数据，请乡镇在现在的电脑上补录")
        restored = [named for named in self.set_aside if named not in self.stray_set_aside]
        if restored:
            out.append(f"  注意：县里有 {len(restored)} 条该乡镇的记录，其版本乡镇已经没有了（乡镇从备份恢复前的"
                       f"数据：{_named(restored)}），已不计入指标；乡镇仍有其中的记录时，{STEP_FULL}，"
                       f"有冲突的请先处理冲突；{STEP_SET_ASIDE_GONE}")
        if self.set_aside_before:
            out.append(f"  {self.set_aside_before}")
        if self.counted_again:
            out.append(f"  {counted_again_text(self.counted_again)}")
        if self.late_edits:
            out.append(f"  注意：较旧未覆盖中有 {len(self.late_edits)} 条是乡镇在备份之后修改过、"
                       f"现在的电脑上没有这次修改的记录（{_named(self.late_edits)}），未采用，仍按乡镇现有的版本计入；"
                       "写回执给乡镇时会列出这些记录和修改过的项目，请乡镇按纸质材料核对")
        return out

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _named(records: list[str]) -> str:
    """The first five of the records a report names (编号（标题）), 等 after them when there are more."""
    return "、".join(records[:5]) + ("等" if len(records) > 5 else "")


def where_logged(reports: Sequence[ImportReport], said: str) -> list[ImportReport]:
    """`reports` with each refusal for a bug (INTERNAL_ERROR) said as `said`: where the front end's log is."""
    return [replace(r, error=said) if r.error == INTERNAL_ERROR else r for r in reports]


def deleted_part(deleted: int, named: Sequence[str] = ()) -> str:
    """"（其中删除 2 条）" after a count of new or updated records, when the township deleted some of them: a record
    entered and deleted before a bundle went is new to the county and deleted, and counted as new alone it made
    more than the county's lists show. With the records `named` (`deleted_name`), the first five of them:
    "（其中删除 1 条：调解案件 〔2026〕人调字第3号（2026-05-02））"."""
    if not deleted:
        return ""
    return f"（其中删除 {deleted} 条：{_named(list(named))}）" if named else f"（其中删除 {deleted} 条）"


def deleted_name(ledger_label: str, content: dict[str, Any], date_field: str) -> str:
    """A deleted record as the import report names it: its kind, number (its id when it had none) and date, as the
    conflicts are named; nothing of its content (a case's name names its parties)."""
    day = content["values"].get(date_field)
    return f"{ledger_label} {content.get('number') or content['id']}" + (f"（{day}）" if day else "")


def totals(reports: Sequence[ImportReport]) -> str:
    """One line for a batch of bundles: how many were imported (or passed a dry run) or refused, and what the
    accepted ones brought."""
    accepted = [r for r in reports if r.ok]
    dry_run = any(r.dry_run for r in reports)
    cancelled = sum(r.cancelled for r in reports)
    repeats = sum(r.replay and not r.same_as for r in accepted)  # imported before: nothing changed, not "imported"
    same = sum(bool(r.same_as) for r in accepted)  # a file the list holds twice
    text = (f"共 {len(reports)} 个数据包：{'核验通过' if dry_run else '导入'} {len(accepted) - repeats - same} 个，"
            + (f"之前已导入 {repeats} 个（未改动），" if repeats else "")
            + (f"与本批中另一个文件相同 {same} 个（{'导入时' if dry_run else ''}只导入一次），" if same else "")
            + f"拒绝 {len(reports) - len(accepted) - cancelled} 个")
    if cancelled:
        text += f"，已取消 {cancelled} 个（未导入）"
    if accepted:
        text += (f"；{'导入后将' if dry_run else ''}新增 {sum(r.new for r in accepted)} 条"
                 f"{deleted_part(sum(r.new_deleted for r in accepted))}，"
                 f"更新 {sum(r.updated for r in accepted)} 条{deleted_part(sum(r.deleted for r in accepted))}，"
                 f"冲突 {sum(len(r.conflicts) for r in accepted)} 条")
    return text


#: a bundle's refusal when the program failed on it (a bug): the rest of a folder is still imported. Where the log
#: is only the front end knows: it says so with `where_logged` (the window names the file, the command line stderr)
#: how that refusal begins; each front end says after it where the log is (`where_logged`)
INTERNAL_ERROR_LEAD = "程序内部出错，未导入；"
INTERNAL_ERROR = f"{INTERNAL_ERROR_LEAD}错误的详细情况已记入程序日志"
#: how `sequence_notes` begins the note of a bundle imported before
REPLAY_NOTE = "此数据包已于"


class _DryRun(Exception):
    """Raised at the end of a dry run to roll everything back."""


def import_bundle(store: Store, path: Path | str, keys: CountyKeys, actor: str, dry_run: bool = False,
                  progress: Progress = no_progress, _stored: set[str] | None = None, name: str = "",
                  accept: Collection[str] = ()) -> ImportReport:
    """Verify `path` completely, then apply it in one transaction (or, with `dry_run`, report and roll back).
    `name`: what the report and 数据包记录 call the file (`run_names`), its own name if not given. `accept`: the
    hashes of the late bundles of keys revoked as 更换 the reviewer confirmed (core/bundle/replaced_key.py).

    A refused bundle gives a report with `error` set and changes nothing; Cancelled propagates.
    """
    path = Path(path)
    name = name or path.name
    try:
        with open_bundle(store, path, keys, progress, accept=accept) as verified:
            progress(0, 0, f"正在导入 {name}……")
            return apply_bundle(store, verified, actor, dry_run, _stored, name)
    except Cancelled:
        raise
    except replaced_key.Unconfirmed as exc:
        return ImportReport(name, dry_run=dry_run, error=_named_as(str(exc), path.name, name),
                            replaced_key=exc.key_id, replaced_question=_named_as(exc.question, path.name, name),
                            replaced_hash=exc.bundle_hash)
    except replaced_key.Refused as exc:
        return ImportReport(name, dry_run=dry_run, error=_named_as(str(exc), path.name, name),
                            replaced_refused=exc.key_id)
    except FazhiError as exc:
        return ImportReport(name, dry_run=dry_run, error=_named_as(str(exc), path.name, name))
    except Exception as exc:  # a bug met on this bundle: its refusal, so that the others in the folder still go in
        said = _storage_failure(store, exc)
        if said is None:
            log.error("importing %s failed:\n%s", path.name, where_it_failed(type(exc), exc.__traceback__))
        return ImportReport(name, dry_run=dry_run, error=said or INTERNAL_ERROR)


def _named_as(reason: str, own: str, name: str) -> str:
    """A refusal's reason with the file named as the report names it (`run_names`): two files of one name from two
    sticks, both refused, read `数据包 fazhi-640522103-000002.tar.age 不是…` alike under their two headings. A whole
    path the reason gives (…\\usb-a\\fazhi-…) is left as it is."""
    if name == own:
        return reason
    return re.sub(rf"(?<![\\/:]){re.escape(own)}", lambda _match: name, reason)


def _storage_failure(store: Store, exc: Exception) -> str | None:
    """What the county's own database failing (damaged, full, locked) is said as, read outside the transaction
    (which says it so itself, `db.transaction`); None for any other error."""
    damage = damaged.said(exc)
    if damage is not None:
        return str(damage)
    storage = failures.from_sqlite(exc, failures.database_path(store.conn), "导入") \
        if isinstance(exc, sqlite3.Error) else None
    return str(storage) if storage is not None else None


def import_bundles(store: Store, paths: Sequence[Path | str], keys: CountyKeys, actor: str, dry_run: bool = False,
                   progress: Progress = no_progress, accept: Collection[str] = ()) -> list[ImportReport]:
    """Import several bundles (each verified and applied on its own), in township and sequence order. 取消 stops
    at the bundle being read (rolled back, like those after it: reported as not imported); the bundles imported
    before it stay imported and are reported as such. A dry run reports each bundle as it would be imported after
    the ones before it (a township's second bundle brings what its first did not; a copy is a repeat): it imports
    them into a copy of the database (`_scratch_copy`), thrown away after. `accept`: as `import_bundle`'s, each
    naming one bundle: a further one chained after it, never named to the reviewer (whoever holds the old PC can
    make one), is asked about on its own."""
    ordered = sorted(as_bundles(paths), key=order_key)
    names = run_names(ordered)
    reports: list[ImportReport] = []
    stored: set[str] | None = set() if dry_run else None  # attachments the dry run's bundles would have stored
    first: dict[str, str] = {}  # bundle id -> the file that brought it first

    def each(target: Store) -> None:
        nonlocal ordered
        try:
            places = read_ahead(ordered, keys, lambda _d, _t, text: progress(
                0, len(ordered) * SHARE_STEPS, f"{text}（读出乡镇和编号，排定导入顺序）"))
            ordered = sorted(ordered, key=lambda path: order_key(path, places.get(path)))
            for index, path in enumerate(ordered):
                share = _share(progress, index, len(ordered))
                share(0, 0, f"正在核验 {names[path]}")
                report = import_bundle(target, path, keys, actor, dry_run, share, stored, names[path], accept)
                _same_in_list(report, first)
                reports.append(report)
            progress(len(ordered), len(ordered), "完成")
        except Cancelled:
            reports.extend(ImportReport(names[path], dry_run=dry_run, error="已取消，未导入", cancelled=True)
                           for path in ordered[len(reports):])
        said_once(target, reports)

    if not dry_run:
        each(store)
        return reports
    with _scratch_copy(store) as scratch:
        each(scratch)
    return reports


def run_names(paths: Sequence[Path]) -> dict[Path, str]:
    """What the import report and 数据包记录 call each file of one import: its name, with its folder's when another
    file of the import has the same name (a restored township's new bundle 2 and its dead PC's bundle 2, from two
    sticks: "usb-dead-pc/fazhi-640522103-000002.tar.age"), its whole path when even that is the same or the folder
    has no name (a stick's root, E:\\: it read "/fazhi-…")."""
    def folder_name(path: Path) -> str:
        return f"{path.parent.name}/{path.name}" if path.parent.name else str(path)

    by_name = Counter(path.name for path in paths)
    by_folder = Counter(folder_name(path) for path in paths)
    return {path: path.name if by_name[path.name] == 1 else folder_name(path)
            if by_folder[folder_name(path)] == 1 else str(path) for path in paths}


#: said of a bundle only a key the county had before 更换县级密钥 opens (keys.COUNTY_RETIRED)
OLD_COUNTY_KEY = (f"用本县旧密钥打开（乡镇还在用旧的县级公钥）：请乡镇在“{KEYS}”中添加本县新的县级公钥文件"
                  "（替换旧的），电话核对新指纹")

#: steps of a bundle's share of the whole bar (`_share`): 22 bundles of 1,000 steps fit Qt's int
SHARE_STEPS = 1000


def _share(progress: Progress, index: int, count: int) -> Progress:
    """The progress of the `index`-th of `count` bundles as its slice of the whole batch's bar, each text ending in
    "（3/22）": the bar ran 0→97% once per bundle and the count vanished at the bundle's first step."""
    reached = 0  # a step without a count (正在导入) stays where the bar is

    def report(done: int, total: int, text: str) -> None:
        nonlocal reached
        if total > 0:
            reached = max(reached, min(max(done, 0), total) * SHARE_STEPS // total)
        progress(index * SHARE_STEPS + reached, count * SHARE_STEPS, f"{text}（{index + 1}/{count}）")

    return report


def _same_in_list(report: ImportReport, first: dict[str, str]) -> None:
    """A bundle the list holds twice ("郑旗乡 - 副本") is one 导入过 the second time, by this very batch: say which
    file in the list it is the same as, in a dry run (which imports into a copy) and an import alike (it said
    之前已导入 there, beside a bundle really imported on an earlier day)."""
    if not report.ok:
        return
    if report.replay and report.bundle_id in first:
        report.same_as = first[report.bundle_id]
        outcome = "导入时只导入一次，这一个不会改变数据" if report.dry_run else "只导入了一次，这一个未改变数据"
        report.notes = [f"与本批中的 {report.same_as} 是同一个数据包：{outcome}",
                        *(note for note in report.notes if not note.startswith(REPLAY_NOTE))]
    elif not report.replay:
        first.setdefault(report.bundle_id, report.file_name)


@contextlib.contextmanager
def _scratch_copy(store: Store) -> Iterator[Store]:
    """The county database copied into memory, for a dry run of many bundles to import into and throw away.

    Rolled back at the end in the database itself, the dry run held its write lock from the first bundle to the
    last (19-28 s for 18 townships of 1,500 records each), and another window or `fazhi` writing meanwhile gave up
    after 5 s (数据库正被另一个程序使用). The copy is read in one go (about 0.1 s for 64 MB; in WAL mode no
    writer waits for it). Attachment files, keys and work folders are still those beside the database: a dry run
    stores no file, and the attachments its bundles would have stored are counted as held by the bundles after
    them (`apply_bundle`'s `_stored`), as the import then holds them."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        store.conn.backup(conn)
        conn.execute("PRAGMA foreign_keys=ON")
        scratch = Store(conn, store.ledgers, store.clock, store.path)
        scratch.user = store.user
        yield scratch
    finally:
        conn.close()


def bundle_files(folder: Path | str) -> list[Path]:
    """The bundle files in a folder (a USB stick), not looking into sub-folders; a bundle written in parts (a FAT32
    stick, core/file_parts.py) once, by the name its parts join into (`….tar.age`, no file of its own)."""
    folder = Path(folder)
    try:
        whole = [p for p in folder.iterdir() if _bundle_name(p.name) and p.is_file()
                 and not p.name.startswith(".")]  # FAZHI-…-000001.TAR.AGE: a stick formatted on another PC
    except OSError as exc:
        raise BundleError(f"无法读取文件夹 {folder}：{explain_os_error(exc)}") from None
    return sorted([*whole, *file_parts.names_in(folder, _bundle_name)])


def _bundle_name(name: str) -> bool:
    return name.lower().endswith(BUNDLE_SUFFIX)


def as_bundles(paths: Sequence[Path | str]) -> list[Path]:
    """The bundles `paths` name, each once: a part of a bundle in parts (`….tar.age.002`) or its list of parts
    (`….tar.age.sha256`) names the bundle (`….tar.age`), however many of its files were chosen."""
    return list(dict.fromkeys(file_parts.joined_path(Path(p)) for p in paths))


def bundle_label(path: Path) -> str:
    """A bundle as the county's list shows it: its path, and for one in parts how many there are, beside the name
    they join into (no file of its own): "E:\\fazhi-640522100-000003.tar.age（分 3 卷：….001 至 ….003）"."""
    if not file_parts.is_set(path):
        return str(path)
    count = len(file_parts.found_parts(path))
    return f"{path}（分 {count} 卷：{file_parts.part_name(path.name, 1)} 至 {file_parts.part_name(path.name, count)}）"


def no_bundles_text(folder: Path | str) -> str:
    """Why a folder gave no bundles, and where they are when they sit one folder down (a stick with a folder
    per township): "文件夹 E:\\ 中没有数据包（*.tar.age）；子文件夹 海城镇 中有 2 个：请选择那个文件夹"."""
    folder = Path(folder)
    text = f"文件夹 {folder} 中没有数据包（*.tar.age）"
    try:
        nested = {sub.name: len(bundle_files(sub)) for sub in sorted(folder.iterdir())
                  if sub.is_dir() and not sub.name.startswith(".")}
    except (OSError, BundleError):
        return text
    found = [f"{name} 中有 {count} 个" for name, count in nested.items() if count]
    if found:
        text += f"；子文件夹 {'、'.join(found[:5])}{'等' if len(found) > 5 else ''}：请选择那个文件夹"
    return text


def apply_bundle(store: Store, verified: VerifiedBundle, actor: str, dry_run: bool = False,
                 _stored: set[str] | None = None, name: str = "") -> ImportReport:
    """Apply a verified bundle in one transaction; returns the report. Nothing is half-applied. A dry run rolls it
    back, unless `_stored` is given: then `store` is a copy that a dry run of many bundles throws away
    (`_scratch_copy`), the bundle stays for the next ones to meet, and `_stored` gathers the attachments it would
    have stored, which they then hold. `name`: what the report and 数据包记录 call the file (`run_names`), its own
    name if not given."""
    # dated ahead of the county's clock: made before now (what it is held by from here on, db.BUNDLE_MADE)
    verified.info = info = replace(verified.info, made_before=made_before(store, verified.info))
    contents = verified.contents
    report = ImportReport(name or info.file_name, info.bundle_id, info.township, info.office, info.sequence,
                          dry_run=dry_run)
    report.notes, report.replay = sequence_notes(store, verified)
    if report.replay:  # imported before: nothing changes, also when the township has since abandoned its history
        _count_repeat(store, contents.records, report)
        return report
    new_files = {sha: path.stat().st_size for sha, path in verified.attachments.items()
                 if held_size(store, sha) is None and sha not in (_stored or ())}
    report.attachments = len(new_files)
    # the attachments go to disk (fsync, rename) on a helper thread while the records are written; the
    # transaction commits only after every file is safely in place
    storing = _StoringAttachments(store, {sha: verified.attachments[sha] for sha in new_files} if not dry_run else {})
    try:
        with dbmod.transaction(store.conn):
            arrived: list[reopened_years.Arrived] = []  # received_records rows
            note, history = _apply_changes(store, verified)
            if history in (SAME, UNLINKED) and _renumbered(store, info):
                note, history = _restored_at_once(store, verified)
            if history == RESTORED:
                # a restored backup's next bundle, made after the bundles held: not an older one come late, though
                # numbered below the highest held (the township numbers on from its backup)
                report.notes = [n for n in report.notes if not n.endswith(SWAPPED)]
            if history == RETURNED:  # the stray install's log dropped: its records are set aside as a restore's
                report.stray, history = True, RESTORED
            if history == REINSTALLED or report.stray:
                # numbered from 1 again, or the earlier install's again: told against the bundles of the install now
                report.notes = sequence_notes(store, verified)[0]
            if history == STALE:  # the other one is the restored township's: this one is from before the restore
                report.notes = [OTHER_NUMBER.format(info.sequence) + OTHER_STALE if n.endswith(OTHER_GUESS) else n
                                for n in report.notes]
            if note:
                report.notes.append(note)
            if info.replaced_after is not None:  # a revoked key's: who confirmed it, in the report and account log
                taken = replaced_key.taken_note(info.key, info, info.replaced_after, actor)
                report.notes.append(taken)
                report.replaced_taken, report.replaced_hash = info.key.key_id, info.bundle_hash
                accounts.note(store, f"接收旧密钥签名的迟到数据包：{town_label(info.township)}{taken}")
            replaced = history in (RESTORED, REINSTALLED)
            # after a restore at the township: what it no longer has (lost.py), a later version of which this
            # bundle may correct
            lost = lost_states(store, info.township) \
                if replaced or history == STALE or has_set_aside(store, info.township) else None
            with received_batch(store):
                for ledger_name, lines in contents.records.items():
                    _apply_records(store, ledger_name, lines, info.bundle_id, report, arrived, lost or {},
                                   history == STALE)
            if lost is not None:
                held = store.conn.execute("SELECT record_id, ledger, number FROM set_aside WHERE township = ?",
                                          [info.township]).fetchall()
                report.set_aside, firsts = set_aside(store, info.township, info.bundle_id)
                still = store.aside_of([record_id for record_id, _ledger, _named in held])
                # out of 不计入 as deleted (the township deleted it since) is no record counted again
                report.counted_again = [named for record_id, ledger, named in held
                                        if record_id not in still and _live(store, ledger, record_id)]
                report.set_aside_before = told_before(store, info.township, firsts)
                if report.stray:
                    report.stray_set_aside = _stray_set_aside(store, info)
            # each bundle carries the township's whole roster: the one of its latest bundle is the township's
            if replaced or (history in (SAME, UNLINKED) and _latest_bundle(store, info, history)):
                # a closed year's T47 moved by the roster: read before the held one is gone
                report.roster_moved = roster_moved(store, info.township, contents.roster, info.year_closings)
                report.people, removed = _replace_roster(store, info.township, contents.roster)
                keep_shown(store, info.township, info.receipt_shown)  # its latest too: what receipts name
                if renamed := _office_renamed(store, info):  # its latest too: the office's name now
                    report.notes.append(renamed)
                # which program it runs now
                if older := import_note(store, info.township, info.form_versions, info.app_version):
                    report.notes.append(older)
                if removed:
                    report.notes.append(f"名册以本数据包为准：县里原有的 {len(removed)} 人乡镇名册中已没有，已去掉"
                                        f"（{_named(removed)}；"
                                        "乡镇重装或从备份恢复过）")
            # a year the county held closed, reopened since: what the year log the bundle carries adds to the one
            # held (or, from an earlier version, what its years' latest state says against the one held)
            said = BEHIND if history in (SAME, UNLINKED) and _went_back(store, info) else history
            incoming = reopened_years.Held(info.bundle_id, info.year_closings, info.year_reasons, info.year_log, said,
                                           info.created_at, info.clock_confirmed)
            report.notes += reopened_years.import_notes(store, info.township, incoming, (info.made, info.sequence),
                                                        arrived)
            report.notes += roster_notes(report.roster_moved)  # after the year's reopening, which it tells more of
            report.notes += clock_notes(store, info, contents if history != STALE else None)
            if info.print_key:  # the township's papers check out here too, an earlier install's as well
                print_key.keep(store, info.township, info.print_key)
            now = utc_iso(store.clock())
            store.conn.executemany(
                "INSERT OR IGNORE INTO attachments (sha256, size, name, added_at) VALUES (?, ?, ?, ?)",
                [(sha, size, contents.attachment_names.get(sha, "附件"), now) for sha, size in new_files.items()])
            store.conn.execute(
                "INSERT INTO bundles_received (bundle_id, township, sequence, bundle_hash, previous_hash,"
                " changes_after, changes_through, key_id, file_name, report, imported_at, imported_by, created_at,"
                " year_closings, year_reasons, year_log_id, history, confirmed_at, made_after, county_key, made_before)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [info.bundle_id, info.township, info.sequence, info.bundle_hash, info.previous_hash,
                 info.changes_after, info.changes_through, info.key.key_id, report.file_name,
                 canonical_json(report.as_dict()), now, actor, info.created_at, info.year_closings,
                 info.year_reasons, reopened_years.keep_log(store.conn, info.year_log), said,
                 *(info.clock_confirmed or (None, None)), verified.county_key or None, info.made_before],
            )
            store.conn.executemany("INSERT INTO received_records (bundle_id, record_id, ledger, revision, outcome,"
                                   " held_date, held_number, date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", arrived)
            storing.wait()  # raises BundleError when a file could not be stored: nothing is committed
            if dry_run and _stored is None:
                raise _DryRun
        if _stored is not None:
            _stored.update(new_files)
    except _DryRun:
        pass
    finally:
        storing.wait(raising=False)
    return report


def _count_repeat(store: Store, records: dict[str, list[RecordLine]], report: ImportReport) -> None:
    """What a bundle imported before holds against the county now, counted and never written: the same version
    unchanged, a conflict it brought still open named again, any other not applied (较旧未覆盖: newer at the
    county, or one the township abandoned since)."""
    open_conflicts = {(row[0], row[1], row[2]) for row in store.conn.execute(
        "SELECT record_id, revision, incoming_hash FROM conflicts WHERE resolved_at IS NULL AND township = ?",
        [report.township])}
    for ledger_name, lines in records.items():
        held = _held_rows(store, ledger_name, [line.id for line in lines])
        label = store.ledgers[ledger_name].label
        for line in lines:
            if line.id in held and held[line.id]["content_hash"] == line.content_hash:
                report.unchanged += 1
            elif (line.id, line.revision, line.content_hash) in open_conflicts:
                report.conflicts.append(ConflictInfo(label, line.content["number"], line.id, line.revision))
            else:
                report.older += 1


def _held_rows(store: Store, ledger_name: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The county's rows of these record ids (id -> row), read 500 at a time (SQLite's limit on parameters)."""
    rows: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" for _ in chunk)
        for row in store.query(f'SELECT * FROM "{ledger_name}" WHERE id IN ({marks})', chunk):
            rows[row["id"]] = row
    return rows


def _apply_records(store: Store, ledger_name: str, lines: list[RecordLine], bundle_id: str,
                   report: ImportReport, arrived: list[reopened_years.Arrived],
                   lost: dict[str, tuple[str, str, bool]], stale: bool = False) -> None:
    """Write, skip or keep as a conflict each record of one ledger; counts go to `report`, and every record that
    was not simply unchanged to `arrived` (bundle, record, ledger, revision, outcome, and of an update that dates the
    record in another year, the held version's date and number: `reopened_years.moved_from`; and the version's date,
    of one in the township's history: none of a conflict's or an abandoned history's). A record whose held state
    the township no longer has (`lost`) takes the version the bundle brings, also an earlier one, when that version is
    in the township's change log as the county now holds it (not one of the history it abandoned). A `stale`
    bundle (from a history the township abandoned, imported late) writes only versions in that log."""
    ledger = store.ledgers[ledger_name]
    # read before this ledger's writes; the writes still queued are other ledgers' (received_batch)
    held_rows = _held_rows(store, ledger.name, [line.id for line in lines])
    now = utc_iso(store.clock())
    for line in lines:
        held = held_rows.get(line.id)
        date = line.content["values"].get(ledger.date_field)  # the version's, as carried
        if held is not None and held["township"] != line.content["township"]:  # refused when verified (records.py)
            raise BundleError(f"数据包 {report.file_name} 中的{ledger.label}记录 {line.content['number'] or line.id} 与"
                              f"{town_label(held['township'])}的记录标识相同，拒绝接收")
        if stale and (held is None or (line.id in lost and held["revision"] < line.revision)) \
                and not in_current_log(store, line.content["township"], line.id, line.revision, line.content_hash):
            # made after the backup the township restored, on the PC that died: nowhere else but on paper. Kept,
            # and set aside (不计入) by the caller, so the report and the next receipt name it for 补录, as when
            # this bundle came before the restored one's; a later version of one held in no log replaces it, as
            # it would have then (a deletion too: not asked for again), and a deleted one is kept so that an
            # earlier version coming after it is older
            write_received(store, ledger, line.content, line.content_hash, line.meta, held)
            if held is None:
                report.new += 1
                _count_deleted(report, ledger, line, None)
            else:
                report.updated += 1
                _count_deleted(report, ledger, line, held)
            arrived.append((bundle_id, line.id, ledger.name, line.revision, "new" if held is None else "updated",
                            None, None, None))
        elif stale and (held is None or held["content_hash"] != line.content_hash) \
                and not in_current_log(store, line.content["township"], line.id, line.revision, line.content_hash):
            if held is not None and held["revision"] < line.revision \
                    and in_current_log(store, held["township"], held["id"], held["revision"], held["content_hash"]):
                # an edit made after the backup of a record the township still has, on the PC that died: not
                # taken (the township's line is the restored PC's), named in the report and on its receipts; not
                # of a version a reviewer kept over the township's (a conflict): that version is not the
                # township's, and its receipt's `kept` names the record already (receipt_kept.py)
                report.late_edits.append(late_edits.keep(store, ledger, held, line, bundle_id))
            report.older += 1
            arrived.append((bundle_id, line.id, ledger.name, line.revision, "older", None, None, None))
        elif held is None:
            write_received(store, ledger, line.content, line.content_hash, line.meta, None)
            report.new += 1
            _count_deleted(report, ledger, line, None)
            arrived.append((bundle_id, line.id, ledger.name, line.revision, "new", None, None, date))
        elif held["revision"] < line.revision:
            write_received(store, ledger, line.content, line.content_hash, line.meta, held)
            report.updated += 1
            _count_deleted(report, ledger, line, held)
            arrived.append((bundle_id, line.id, ledger.name, line.revision, "updated",
                            *reopened_years.moved_from(ledger, held, line.content), date))
        elif held["revision"] > line.revision and line.id in lost \
                and in_current_log(store, line.content["township"], line.id, line.revision, line.content_hash):
            write_received(store, ledger, line.content, line.content_hash, line.meta, held)
            report.updated += 1
            report.corrected += 1
            arrived.append((bundle_id, line.id, ledger.name, line.revision, "updated",
                            *reopened_years.moved_from(ledger, held, line.content), date))
        elif held["revision"] > line.revision:
            report.older += 1
            arrived.append((bundle_id, line.id, ledger.name, line.revision, "older", None, None, date))
        elif held["content_hash"] == line.content_hash:
            report.unchanged += 1
        else:
            kept = store.conn.execute(
                "INSERT OR IGNORE INTO conflicts (township, ledger, record_id, revision, held_hash, incoming_hash,"
                " incoming, bundle_id, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [line.content["township"], ledger.name, line.id, line.revision, held["content_hash"],
                 line.content_hash, line.text, bundle_id, now],
            ).rowcount
            settled = None if kept else _settled(store, line)
            if settled:  # this very version was decided on already: not kept again, not applied
                report.older += 1
                arrived.append((bundle_id, line.id, ledger.name, line.revision, "older", None, None, None))
                report.notes.append(f"{ledger.label} {line.content['number'] or line.id} 第 {line.revision} 版"
                                    f"与已处理的冲突相同（{settled}），未改动")
            else:  # kept now, or the same version still waiting from an earlier bundle
                arrived.append((bundle_id, line.id, ledger.name, line.revision, "conflict", None, None, None))
                report.conflicts.append(ConflictInfo(ledger.label, line.content["number"], line.id, line.revision))


def _count_deleted(report: ImportReport, ledger: Any, line: RecordLine, held: dict[str, Any] | None) -> None:
    """Count and name the record `line` brings deleted, when the county did not hold it (`held` None: new) or held it
    live."""
    if not line.content["deleted"] or (held is not None and held["deleted"]):
        return
    named = deleted_name(ledger.label, line.content, ledger.date_field)
    if held is None:
        report.new_deleted += 1
        report.new_deleted_named.append(named)
    else:
        report.deleted += 1
        report.deleted_named.append(named)


def _settled(store: Store, line: RecordLine) -> str | None:
    """How the conflict over this very version of a record was settled (已于 … 由 … 保留本县原有版本), None while it
    waits."""
    row = store.conn.execute("SELECT resolved_at, resolved_by, resolution FROM conflicts WHERE record_id = ?"
                             " AND revision = ? AND incoming_hash = ? AND resolved_at IS NOT NULL",
                             [line.id, line.revision, line.content_hash]).fetchone()
    if row is None:
        return None
    return f"已于 {local_time(row[0])} 由 {row[1]} {RESOLUTION_LABELS.get(row[2], '处理')}"


def _apply_changes(store: Store, verified: VerifiedBundle) -> tuple[str | None, str]:
    """Keep the township's change-log entries. When they differ from entries held for the same numbers, or do not
    follow on from the entry held before them, the history of the bundle made last wins and what followed the old
    one is dropped, so that receipts match the township's log again. Returns a note when that happened, and what the
    bundle's history is to the county's (SAME, UNLINKED, RESTORED, REINSTALLED or STALE: db.py).

    A log that starts again at entry 1 with nothing in common with the one held is a new database: the township
    re-installed (its PC died without a backup). The county then holds the only copy of the earlier install's work:
    its log is kept apart (`earlier_changes`), so that its records stay the township's and counted (lost.py). A log
    that shares its first entries with the held one and then differs is a restored backup: what the township did
    after the backup, it no longer has. A bundle with no changes whose township's log is empty, while the county
    holds entries of it, is a re-install too (its clerk entered the roster before any record)."""
    info, changes = verified.info, verified.contents.changes
    township = info.township
    if not changes:
        # signed with a new key or made last: not a bundle the township made before its first record, imported late
        if info.changes_through == 0 and _holds_log(store, township) \
                and (_new_key(store, info) or _made_last(store, info)):
            return _new_history(store, info, changes, reinstalled=True, records=verified.contents.records)
        return None, UNLINKED
    earlier = _earlier_install_continued(store, info, changes)
    if earlier is not None:
        return _resume_earlier_install(store, info, changes, earlier), RETURNED
    held = dict(store.conn.execute("SELECT seq, entry_hash FROM received_changes WHERE township = ? AND seq"
                                   " BETWEEN ? AND ?", [township, changes[0]["seq"] - 1, changes[-1]["seq"]]))
    before = held.get(changes[0]["seq"] - 1)
    forked = any(held.get(e["seq"], e["entry_hash"]) != e["entry_hash"] for e in changes) \
        or (before is not None and before != changes[0]["prev_hash"])
    if not forked:
        # not following on from anything the county holds (a gap before it), the log cannot tell; made before the
        # bundle whose history replaced the one held, it is from the history the township abandoned
        joined = before is not None or changes[0]["seq"] == 1
        since = _history_since(store, township)
        if not joined and since and info.made < since:
            return STALE_NOTE, STALE
        store.conn.executemany(_KEEP_CHANGE.format("IGNORE"), _change_rows(info, changes))
        return None, SAME if joined else UNLINKED
    # entry 1 differs (every entry after it is chained to it): no entry in common, a new database
    reinstalled = changes[0]["seq"] == 1 and held.get(1, changes[0]["entry_hash"]) != changes[0]["entry_hash"]
    if not (_made_last(store, info) or (reinstalled and _new_key(store, info))):
        return STALE_NOTE, STALE
    return _new_history(store, info, changes, reinstalled, verified.contents.records)


def _new_history(store: Store, info: BundleInfo, changes: list[dict[str, Any]], reinstalled: bool,
                 records: dict[str, list[RecordLine]] | None = None) -> tuple[str, str]:
    """Make the bundle's change log the township's at the county: the held one cut where the two part (a restored
    backup), or kept apart as the earlier install's (a re-install; `records`, the bundle's, told against its)."""
    township = info.township
    if reinstalled:
        kept = _keep_earlier_install(store, info)
    store.conn.execute("DELETE FROM received_changes WHERE township = ? AND seq > ?", [township, info.changes_through])
    if info.made:
        store.set_settings(**{HISTORY_SINCE + township: info.made})
    store.conn.executemany(_KEEP_CHANGE.format("REPLACE"), _change_rows(info, changes))
    if reinstalled:
        return _reinstall_note(kept, sum(held_earlier(store, township).values()),
                               _numbered_again(store, township, records or {})), REINSTALLED
    return "变更日志与之前收到的不同（乡镇数据库可能从备份恢复过）：此后以本数据包的变更日志为准", RESTORED


def _earlier_install_continued(store: Store, info: BundleInfo, changes: list[dict[str, Any]]) -> str | None:
    """The earlier install (its `earlier_changes.replaced_by`) whose log the bundle's continues or repeats from its
    first entry, when it is not the log held too: that install came back (the one enrolled as a re-install was a
    test install or another PC, enrolled by mistake). Only a bundle signed with a key none of the township's
    bundles used (the real install made a new key to be enrolled again): one signed with a key kept across a genuine
    re-install is the earlier install's, made before it died and imported late, however its time compares (the new
    PC's clock may be behind the old one's), and taking it for a return would set the new install's records aside."""
    first = changes[0]
    link = (info.township, first["seq"] - 1, first["prev_hash"], first["seq"], first["entry_hash"])
    found = store.conn.execute(
        "SELECT replaced_by FROM earlier_changes WHERE township = ? AND ((seq = ? AND entry_hash = ?)"
        " OR (seq = ? AND entry_hash = ?)) ORDER BY rowid DESC LIMIT 1", link).fetchone()
    if found is None or store.conn.execute(
            "SELECT 1 FROM received_changes WHERE township = ? AND ((seq = ? AND entry_hash = ?)"
            " OR (seq = ? AND entry_hash = ?))", link).fetchone():
        return None
    return found[0] if _new_key(store, info) else None


def _resume_earlier_install(store: Store, info: BundleInfo, changes: list[dict[str, Any]], earlier: str) -> str:
    """Make the earlier install `earlier` the township's again at the county: its log taken back from
    `earlier_changes` and continued by the bundle's, its bundles the install now's again; the log of the install
    enrolled after it (and of any enrolled after that one, kept as earlier installs' in turn) dropped and its
    bundles marked as another install's (`replaced_by` this bundle), so that its records, in no log the county holds
    of the township, are set aside as a restore sets aside what it abandoned (lost.py). Returns the note for the
    report: how far the bundle continues the log taken back (less than it holds after a restore at the township)."""
    township = info.township
    store.conn.execute("DELETE FROM received_changes WHERE township = ?", [township])
    store.conn.execute(f"INSERT INTO received_changes ({_LOG_COLUMNS}) SELECT {_LOG_COLUMNS} FROM earlier_changes"
                       " WHERE township = ? AND replaced_by = ?", [township, earlier])
    store.conn.execute("DELETE FROM earlier_changes WHERE township = ? AND replaced_by = ?", [township, earlier])
    # installs enrolled after the stray one by mistake too: their logs kept as earlier installs' dropped, their
    # bundles another install's, so that their records are set aside as well
    for later in _enrolled_after(store, earlier):
        store.conn.execute("DELETE FROM earlier_changes WHERE township = ? AND replaced_by = ?", [township, later])
        store.conn.execute("UPDATE bundles_received SET replaced_by = ? WHERE township = ? AND replaced_by = ?",
                           [info.bundle_id, township, later])
    store.conn.execute("UPDATE bundles_received SET replaced_by = ? WHERE township = ? AND replaced_by IS NULL"
                       " AND bundle_id != ?", [info.bundle_id, township, info.bundle_id])
    store.conn.execute("UPDATE bundles_received SET replaced_by = NULL WHERE township = ? AND replaced_by = ?",
                       [township, earlier])
    through = _continued_through(store, township, changes)
    _new_history(store, info, changes, reinstalled=False)
    entries = "第 1 条" if through == 1 else f"第 1–{through} 条"
    count, first, last = store.conn.execute("SELECT count(*), min(sequence), max(sequence) FROM bundles_received"
                                            " WHERE township = ? AND replaced_by = ?", [township, info.bundle_id]
                                            ).fetchone()
    # each install mistaken for a re-install numbered its bundles from 1 again
    bundles = "" if first is None else f" {count} 个" if count > last - first + 1 \
        else f"第 {first} 号" if first == last else f"第 {first}–{last} 号"
    return (f"乡镇原来的安装送来了数据包：变更日志接着县里作为重装前保存的{entries}，此后以本数据包的变更日志为准，"
            "列表中这些记录不再标“重装前”；之前当作重装收到的"
            + (f"{bundles}数据包" if bundles else "数据")
            + "不是乡镇现在的数据（可能误登记了测试安装或另一台电脑的登记文件），已归为另一安装")


def _enrolled_after(store: Store, earlier: str) -> list[str]:
    """The bundles that began the installs enrolled one after the other after the one `earlier` began: each of
    them marked the bundles of the install before it as replaced by it (`_keep_earlier_install`)."""
    chain: list[str] = []
    row = store.conn.execute("SELECT replaced_by FROM bundles_received WHERE bundle_id = ?", [earlier]).fetchone()
    while row is not None and row[0] is not None and row[0] not in chain:
        chain.append(row[0])
        row = store.conn.execute("SELECT replaced_by FROM bundles_received WHERE bundle_id = ?", [row[0]]).fetchone()
    return chain


def _continued_through(store: Store, township: str, changes: list[dict[str, Any]]) -> int:
    """How far a bundle's log continues the one held: the entry before its first (a bundle of the changes since
    the last receipt), or its last entry the held log has too (全部数据); a restored backup's parts from the held
    log after that."""
    held = dict(store.conn.execute("SELECT seq, entry_hash FROM received_changes WHERE township = ? AND seq"
                                   " BETWEEN ? AND ?", [township, changes[0]["seq"], changes[-1]["seq"]]))
    same = [e["seq"] for e in changes if held.get(e["seq"]) == e["entry_hash"]]
    return max([changes[0]["seq"] - 1, *same])


def _live(store: Store, ledger: str, record_id: str) -> bool:
    """Whether the county holds `record_id` of `ledger`, not deleted."""
    return ledger in store.ledgers and store.conn.execute(
        f'SELECT 1 FROM "{ledger}" WHERE id = ? AND deleted = 0', [record_id]).fetchone() is not None


def counted_again_text(named: list[str]) -> str:
    """What the reviewer, told by an earlier bundle that these records 已不计入指标, is told when a later one brings
    the township's version of them again: they count again (before, nothing said so, and she took the township's
    figure to lack them)."""
    return (f"注意：此前不计入指标的 {len(named)} 条记录（{_named(named)}），本数据包带来了乡镇现有的版本，"
            "已恢复计入指标，无需乡镇补录")


def _stray_set_aside(store: Store, info: BundleInfo) -> list[str]:
    """Of the records set aside, those the stray install's bundles brought (marked replaced by this bundle, which
    is the earlier install's come back), as the report names them. By record id: a stray record may be named as
    one of the township's is (both installs number from 1)."""
    return [row[0] for row in store.conn.execute(
        "SELECT number FROM set_aside WHERE township = ? AND record_id IN (SELECT record_id FROM received_records"
        " WHERE bundle_id IN (SELECT bundle_id FROM bundles_received WHERE township = ? AND replaced_by = ?))"
        " ORDER BY number", [info.township, info.township, info.bundle_id])]


def _renumbered(store: Store, info: BundleInfo) -> bool:
    """Whether a bundle whose change log the held one goes on from (SAME, UNLINKED) was made after every bundle held
    and its log ends before the entries held: a restored backup's, exported before anything new was done, so the
    entries held after its log are of the history the township abandoned. Not a log of no entries
    (`changes_through` 0): a new install's first bundle, before its first record (_apply_changes).

    Made last alone does not show it: a clock that ran ahead a few hours and was put right (within `clock.SLACK`,
    nothing asked) makes an older bundle look the latest, and bundles imported out of order then cut entries the
    township still has. So its number must be one the county holds (a restored township numbers its bundles again
    as it numbered those it abandoned), or, a number never received (the abandoned bundle of that number never
    arrived: the county held 第 1 and 第 3 号, the restore sent 第 2 号), it must have been made more than the slack
    after every bundle held. A restore exported within the slack under a number never received is taken for an
    older bundle come late: nothing is cut (the township's next bundle after new work tells the restore)."""
    return info.changes_through > 0 and _exported_after_restore(store, info)


def _exported_after_restore(store: Store, info: BundleInfo) -> bool:
    """The rule `_renumbered` and `_went_back` share: the bundle's log ends before the entries held, it was made after
    every bundle held, and its number is one held or it was made more than the slack after them."""
    last = _held_through(store, info.township)
    if last is None or not info.changes_through < last or not _made_last(store, info):
        return False
    return _number_held(store, info) or _made_past_slack(store, info)


def _number_held(store: Store, info: BundleInfo) -> bool:
    """Whether the county holds another bundle of this number from the township's install now."""
    return store.conn.execute("SELECT 1 FROM bundles_received WHERE township = ? AND sequence = ? AND bundle_id != ?"
                              " AND replaced_by IS NULL", [info.township, info.sequence, info.bundle_id]
                              ).fetchone() is not None


def _made_past_slack(store: Store, info: BundleInfo) -> bool:
    """Whether the bundle was made more than `clock.SLACK` after every other bundle held of the township's install
    now: later than a clock put right within the slack can make an older bundle look."""
    latest = store.conn.execute(f"SELECT max({BUNDLE_MADE}) FROM bundles_received WHERE township = ?"
                                " AND bundle_id != ? AND replaced_by IS NULL",
                                [info.township, info.bundle_id]).fetchone()[0]
    return latest is None or info.made > past_slack(latest)


def _restored_at_once(store: Store, verified: VerifiedBundle) -> tuple[str, str]:
    """Make a `_renumbered` bundle's change log the township's at the county, as a restored backup's (RESTORED): the
    entries held after it cut, so that the records whose versions the township no longer has are set aside (lost.py)
    or corrected."""
    info = verified.info
    last = _held_through(store, info.township)
    _new_history(store, info, verified.contents.changes, reinstalled=False)
    return restored_at_once_note(info.changes_through, last), RESTORED


def restored_at_once_note(through: int, last: int) -> str:
    """What the import report says of a restored backup's bundle exported at once (`_restored_at_once`): its log
    ends at `through`, the county held up to `last`."""
    cut = f"第 {last} 条" if last == through + 1 else f"第 {through + 1}–{last} 条"
    these = "这条" if last == through + 1 else "这几条"
    return (f"变更日志只到第 {through} 条，县里已收到{cut}：乡镇从备份恢复后未做新的改动就导出，{these}乡镇已没有，"
            "此后以本数据包的变更日志为准")


def _made_last(store: Store, info: BundleInfo) -> bool:
    """Whether the bundle was made after every other bundle held of the township's install now. A township that
    restored a backup numbers its next bundles as it numbered the ones it abandoned (it cannot know them): across
    two histories only when a bundle was made tells which is the township's now (before migration 012 the county did
    not keep that: then the higher number, and of one number the incoming, wins). An earlier install's bundles
    (`replaced_by`) are no history of this one: the new PC's clock may be behind the old one's. A bundle made after
    the township confirmed its clock right is made after those dated up to the times it accepted (`info.made`).
    Bundles made at the same second are in the order of their numbers, as `ORDER BY made, sequence` puts them: one
    made after the clock was confirmed is "made" at the latest time recorded while it ran ahead, which is to the
    second when the bundle made then was."""
    where = " WHERE township = ? AND bundle_id != ? AND replaced_by IS NULL"
    latest = store.conn.execute(f"SELECT {BUNDLE_MADE} AS made, sequence FROM bundles_received{where}"
                                " AND created_at IS NOT NULL ORDER BY made DESC, sequence DESC LIMIT 1",
                                [info.township, info.bundle_id]).fetchone()
    if latest and info.created_at:
        return (info.made, info.sequence) >= tuple(latest)
    highest = store.conn.execute(f"SELECT max(sequence) FROM bundles_received{where}",
                                 [info.township, info.bundle_id]).fetchone()[0]
    return info.sequence >= (highest or 0)


def _office_renamed(store: Store, info: BundleInfo) -> str | None:
    """The township renamed its office (修改单位名称, core/office_name.py; verify checked the new name): its key
    is held under the name its latest bundle gives, which 密钥与登记 shows, and the report says so, once."""
    held = info.key.office or info.key.township  # as export writes and verify reads it: a key enrolled without one
    if info.office == held:
        return None
    store.conn.execute("UPDATE township_keys SET office = ? WHERE key_id = ?", [info.office, info.key.key_id])
    return (f"{town_label(info.township)}的单位名称由“{held}”改为“{info.office}”（乡镇管理员在设置中"
            "修改），县里已按新名称记下，无需重新登记密钥")


def _latest_bundle(store: Store, info: BundleInfo, history: str) -> bool:
    """Whether a bundle whose log follows on from the held one (SAME), or says nothing either way (UNLINKED: no
    changes, or a gap before them), is the township's latest, so that its roster is the township's: numbered at
    least as high as every bundle held of the township's history now. A township numbers its bundles in order
    whatever its clock says (one that ran ahead and was put right; a re-installed PC behind the old one),
    so the number tells, not when a bundle was made. Not of the history now: an earlier install's bundles, and
    those made before the bundle whose history replaced the held one (a restored township numbers its bundles
    again as it numbered those it abandoned); nor an UNLINKED bundle made before it, which may be one of those."""
    since = _history_since(store, info.township)
    if since and history == UNLINKED and info.made < since:
        return False
    highest = store.conn.execute(
        "SELECT max(sequence) FROM bundles_received WHERE township = ? AND bundle_id != ? AND replaced_by IS NULL"
        f" AND (? IS NULL OR (created_at IS NOT NULL AND {BUNDLE_MADE} >= ?))",
        [info.township, info.bundle_id, since, since]).fetchone()[0]
    return info.sequence >= (highest or 0)


def _held_through(store: Store, township: str) -> int | None:
    """The last change-log entry the county holds of `township` (None before any)."""
    return store.conn.execute("SELECT max(seq) FROM received_changes WHERE township = ?", [township]).fetchone()[0]


def _went_back(store: Store, info: BundleInfo) -> bool:
    """Whether a bundle whose change log the held one goes on from (SAME, UNLINKED) is a restored backup's all the
    same, exported before anything new was done after the restore, so that its log is a beginning of the one held:
    its number is one the county holds of the township's install now (a restored township numbers its bundles again
    as it numbered those it abandoned), or it is one as `_renumbered` tells it (`_exported_after_restore`): not one
    made earlier and imported late, also when a clock put right within the slack made it look made last. Its number
    alone tells also a log of no entries, which `_renumbered` leaves aside."""
    return _number_held(store, info) or _exported_after_restore(store, info)


def _history_since(store: Store, township: str) -> str | None:
    """When the bundle was made whose change log replaced the one the county held of the township (None: never).
    As the file holds it under the import's write lock: another window or `fazhi import` may have imported since."""
    return store.setting_in_file(HISTORY_SINCE + township)


def _holds_log(store: Store, township: str) -> bool:
    return store.conn.execute("SELECT 1 FROM received_changes WHERE township = ? LIMIT 1", [township]).fetchone() \
        is not None


def _new_key(store: Store, info: BundleInfo) -> bool:
    """Whether none of the township's bundles held was signed with this bundle's key: a key enrolled for a new
    install revoked the old one (nothing more can come from it), so its bundles are the township's history now,
    whatever the new PC's clock said when it made them."""
    return store.conn.execute("SELECT 1 FROM bundles_received WHERE township = ? AND key_id = ? AND bundle_id != ?",
                              [info.township, info.key.key_id, info.bundle_id]).fetchone() is None


def _keep_earlier_install(store: Store, info: BundleInfo) -> int:
    """Move the township's change log as held into `earlier_changes` (the install this bundle's replaces), and
    mark the bundles that install sent as its (their numbers are not the new install's); returns how many of the
    township's live records it holds and counts (not one set aside): they stay counted. That install's bundles are
    those signed with another key: a bundle of the new install already held (one a program before this one took for
    the earlier install's) is the new install's; all of them when the township kept its key."""
    store.conn.execute(f"INSERT INTO earlier_changes (replaced_by, {_LOG_COLUMNS}) SELECT ?, {_LOG_COLUMNS}"
                       " FROM received_changes WHERE township = ?", [info.bundle_id, info.township])
    store.conn.execute("DELETE FROM received_changes WHERE township = ?", [info.township])
    # whether any bundle held came from another key, asked before the UPDATE: asked inside it, each row's answer
    # depended on the rows SQLite had already marked, in the order its query plan visited them
    others = store.conn.execute(
        "SELECT EXISTS (SELECT 1 FROM bundles_received WHERE township = ? AND replaced_by IS NULL"
        " AND key_id IS NOT ?)", [info.township, info.key.key_id]).fetchone()[0]
    store.conn.execute(
        "UPDATE bundles_received SET replaced_by = :bundle WHERE township = :town AND replaced_by IS NULL"
        " AND (key_id IS NOT :key OR NOT :others)",
        {"bundle": info.bundle_id, "town": info.township, "key": info.key.key_id, "others": others})
    return sum(store.conn.execute(
        f'SELECT count(*) FROM "{ledger}" WHERE township = ? AND {counted("")} AND id IN'  # not one set aside
        " (SELECT record_id FROM earlier_changes WHERE replaced_by = ?)", [info.township, info.bundle_id]
    ).fetchone()[0] for ledger in store.ledgers)


def _reinstall_note(kept: int, held: int, again: list[str]) -> str:
    """The import's note of a re-install: `kept`, the records of the install it replaces the county keeps and
    counts; `held`, those of every earlier install, the count the township's receipt gives (`held_earlier`). A
    second re-install said only the last install's 2 where the county held 6 and the township's receipt said 6.
    `again`: the numbers the bundle gives that a record of an earlier install has too (`_numbered_again`), named
    only when there are some: it said 重装后编号从第1号重新开始，可能与重装前的相同 of every re-install, untrue of one
    that imported the county's receipt first and numbered on."""
    older = held - kept
    said = (f"这次重装前的 {kept} 条记录乡镇已没有（连同更早安装的 {older} 条，县里共保存重装前的记录 {held} 条）"
            if older > 0 else f"重装前的 {kept} 条记录乡镇已没有")
    named = "、".join(again[:NAMED_AGAIN]) + (f" 等 {len(again)} 个" if len(again) > NAMED_AGAIN else "")
    return REINSTALL_NOTE.format(kept=said) + (REINSTALL_AGAIN.format(named=named) if again else "")


def _numbered_again(store: Store, township: str, records: dict[str, list[RecordLine]]) -> list[str]:
    """The numbers of the bundle's live records that a counted record of an earlier install of `township` holds
    too (the new install numbered before it imported a receipt), in the bundle's order."""
    out: list[str] = []
    for ledger, lines in records.items():
        held = {row[0] for row in store.conn.execute(
            f'SELECT r.number FROM "{ledger}" AS r WHERE r.township = ? AND r.number IS NOT NULL AND {counted("r")}'
            f" AND {earlier_install('r')}", [township])}
        out += [n for line in lines if not line.content["deleted"] and (n := line.content["number"]) in held]
    return out


#: settings key + township code: when the bundle was made whose change log replaced the one the county held
HISTORY_SINCE = "history_since."

#: the step for the records it leaves set aside is said once, by the report's line naming them (ImportReport.lines)
STALE_NOTE = ("变更日志与之前收到的不同，本数据包较旧（乡镇从备份恢复前所做）：其中乡镇已没有的修改不采用，"
              "县里没有的记录留作不计入")
#: `_apply_changes`: the bundle is an earlier install's come back (`_resume_earlier_install`); applied as RESTORED
RETURNED = "returned"
REINSTALL_NOTE = ("乡镇重装过（新数据库，变更日志与之前收到的没有相同的条目）：此后以本数据包的变更日志为准；"
                  "{kept}，县里的是唯一的一份，照常计入指标，不必让乡镇补报")
#: after REINSTALL_NOTE when the new install gave numbers an earlier install's records have (`_numbered_again`)
REINSTALL_AGAIN = ("；重装后编的{named}与重装前的记录编号相同（乡镇导入回执前编的），两条都保留，"
                   "列表中重装前的标“重装前”")
NAMED_AGAIN = 5
_LOG_COLUMNS = ("township, seq, ledger, record_id, revision, op, content_hash, actor, at, prev_hash, entry_hash,"
                " bundle_id, reason, corrector")
_KEEP_CHANGE = (f"INSERT OR {{}} INTO received_changes ({_LOG_COLUMNS}) VALUES"
                " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def _change_rows(info: BundleInfo, changes: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(info.township, e["seq"], e["ledger"], e["record_id"], e["revision"], e["op"], e["content_hash"],
             e["actor"], e["at"], e["prev_hash"], e["entry_hash"], info.bundle_id, e.get("reason"), e.get("corrector"))
            for e in changes]


def _replace_roster(store: Store, township: str, roster: list[dict[str, Any]]) -> tuple[int, list[str]]:
    """Make the township's roster at the county the bundle's (in the caller's transaction); returns how many people
    it added or changed and the names (`people.counted_name`) of those no longer on it. Compared person by person
    with what is held, not by revision: a township that restored a backup or re-installed numbers its roster's
    revisions again, and an entry of the history it abandoned (a leader still in post there) must not outlive it and
    count in T47. A re-install enters the same people again under new ids: gone is a name the bundle's roster lacks,
    not an id (it said 3 人…已去掉 of three people back on it)."""
    held = {row[0]: tuple(row[1:]) for row in store.conn.execute(
        f"SELECT {', '.join(PEOPLE_KEYS)} FROM township_people WHERE township = ?", [township])}
    rows = {p["id"]: tuple(canonical_json(p[k]) if k == "roles" else p[k] for k in PEOPLE_KEYS) for p in roster}
    changed = [row for person_id, row in rows.items() if held.get(person_id) != row[1:]]
    removed = [person_id for person_id in held if person_id not in rows]
    store.conn.executemany("DELETE FROM township_people WHERE township = ? AND id = ?",
                           [(township, person_id) for person_id in removed])
    columns = ", ".join(PEOPLE_KEYS)
    store.conn.executemany(
        f"INSERT OR REPLACE INTO township_people (township, {columns}) VALUES (?, {', '.join('?' * len(PEOPLE_KEYS))})",
        [(township, *row) for row in changed])
    kept = {counted_name(row[1]) for row in rows.values() if isinstance(row[1], str)}
    gone = {counted_name(held[person_id][0]) for person_id in removed if isinstance(held[person_id][0], str)}
    return len(changed), sorted(gone - kept - {""})


#: a bundle numbered as one held (`sequence_notes`), and why: the guess before its log is read, what a bundle from
#: before the township's restore (STALE) is
OTHER_NUMBER = "已收到过另一个第 {} 号数据包"
OTHER_GUESS = "（乡镇可能重装或从备份恢复后重新导出）"
OTHER_STALE = "（乡镇从备份恢复后导出的；本数据包是恢复前所做的）"
#: after a bundle numbered below the highest held (`sequence_notes`)
SWAPPED = "（顺序颠倒；较旧的内容不会覆盖较新的）"


def sequence_notes(store: Store, verified: VerifiedBundle) -> tuple[list[str], bool]:
    """Gaps, replays and breaks in the township's history, as notes for the report; and whether it is a replay."""
    info, changes = verified.info, verified.contents.changes
    notes: list[str] = []
    done = store.conn.execute("SELECT imported_at FROM bundles_received WHERE bundle_id = ?",
                              [info.bundle_id]).fetchone()
    sequences = {r[0]: r[1] for r in store.conn.execute(  # of the township's install now (not one it re-installed)
        "SELECT sequence, bundle_hash FROM bundles_received WHERE township = ? AND replaced_by IS NULL",
        [info.township])}
    highest = max(sequences, default=0)
    if done:
        notes.append(f"{REPLAY_NOTE} {local_time(done[0])} 导入过：重复导入，数据不会改变")
    elif info.sequence in sequences:
        notes.append(f"{OTHER_NUMBER.format(info.sequence)}{OTHER_GUESS}")
    elif info.sequence < highest:
        notes.append(f"第 {info.sequence} 号早于已收到的第 {highest} 号{SWAPPED}")
    covered = covered_through(store, info.township)
    if info.changes_after > covered:  # a bundle skipped is missing only when its changes are
        skipped = info.sequence > highest + 1 and not done and info.sequence not in sequences
        missing = f"{highest + 1}" if info.sequence == highest + 2 else f"{highest + 1}–{info.sequence - 1}"
        entries = f"{covered + 1}" if covered + 1 == info.changes_after else f"{covered + 1}–{info.changes_after}"
        notes.append((f"缺少第 {missing} 号数据包：" if skipped else "")
                     + f"缺少该乡镇变更日志第 {entries} 条（可请乡镇导出时勾选“发送全部数据”）")
    match = BUNDLE_NAME.match(info.file_name)  # its own name (the report may add its folder: `run_names`)
    if not match or (match["township"], int(match["sequence"])) != (info.township, info.sequence):
        expected = f"fazhi-{info.township}-{info.sequence:06d}{BUNDLE_SUFFIX}"
        notes.append(f"文件名与内容不符：内容是{town_label(info.township)}的第 {info.sequence} 号数据包"
                     f"（原名 {expected}），以内容为准")
    if info.sequence - 1 in sequences and info.previous_hash not in (None, sequences[info.sequence - 1]):
        notes.append(f"前一个数据包（第 {info.sequence - 1} 号）的摘要与本县收到的不同")
    if changes and info.changes_after > 0:
        held = store.conn.execute("SELECT entry_hash FROM received_changes WHERE township = ? AND seq = ?",
                                  [info.township, info.changes_after]).fetchone()
        if held and held[0] != changes[0]["prev_hash"]:
            notes.append("变更日志与之前收到的不衔接（乡镇数据库可能从备份恢复过）")
    if verified.old_county_key:
        notes.append(OLD_COUNTY_KEY)
    return notes, bool(done)


def covered_through(store: Store, township: str) -> int:
    """The township's change log as far as the county holds it without a gap (0 when it holds nothing from 1)."""
    if not store.conn.execute("SELECT 1 FROM received_changes WHERE township = ? AND seq = 1", [township]).fetchone():
        return 0
    row = store.conn.execute(
        "SELECT min(seq) FROM received_changes r WHERE township = ? AND NOT EXISTS"
        " (SELECT 1 FROM received_changes n WHERE n.township = r.township AND n.seq = r.seq + 1)", [township]
    ).fetchone()
    return row[0] or 0


class _StoringAttachments:
    """`_store_attachment` for each file, in order, on one helper thread (fsync waits for the disk, not the CPU)."""

    def __init__(self, store: Store, files: dict[str, Path]):
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(store, files), name="fazhi-attachments", daemon=True)
        self.thread.start()

    def _run(self, store: Store, files: dict[str, Path]) -> None:
        try:
            for sha, source in files.items():
                _store_attachment(store, sha, source)
        except BaseException as exc:  # handed to the importing thread by wait()
            self.error = exc

    def wait(self, raising: bool = True) -> None:
        self.thread.join()
        if raising and self.error is not None:
            raise self.error


def _store_attachment(store: Store, sha: str, source: Path) -> None:
    """Move an extracted attachment into the county's content-addressed files (synced before it is referenced)."""
    target = blob_path(store, sha)
    if target.exists():
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with source.open("rb+") as handle:
            os.fsync(handle.fileno())
        try:
            rename(source, target)
            fsync_dir(target.parent)  # the rename itself survives a power cut before the import commits
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
            write_atomic_copy(source, target)
            with contextlib.suppress(OSError):
                source.unlink()
    except OSError as exc:
        raise BundleError(f"无法保存附件到 {target}：{explain_os_error(exc)}") from None
