# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""Township -> county: what arrives, idempotence, order, gaps, conflicts, receipts; two townships, two rounds."""

from __future__ import annotations

import contextlib
import shutil

import pytest
from bundle_world import TOWN_PASS, World, copy_database, county_template, snapshot, world  # noqa: F401  (fixtures)

from fazhi_desktop.core import attachments
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.apply import HISTORY_SINCE, bundle_files, covered_through, import_bundles, totals
from fazhi_desktop.core.bundle.import_report import report_text
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.errors import Conflict
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import ListQuery, Store

ACTOR = "杨芳"


def add(town, valid_record, ledger="meeting", **values):
    return town.store.save(ledger, valid_record(ledger, **values), ACTOR)


def held(store: Store, ledger: str = "meeting") -> dict[str, tuple[int, str]]:
    """record id -> (revision, content hash) as a database holds them."""
    return {r["id"]: (r["revision"], r["content_hash"])
            for r in store.query(f'SELECT id, revision, content_hash FROM "{ledger}"')}


def test_county_holds_exactly_what_the_township_stored(world, valid_record):
    town = world.town()
    for ledger in ("meeting", "law_study", "mediation_case", "enforcement_check", "complaint"):
        add(town, valid_record, ledger)
    deleted = add(town, valid_record, "meeting", title="作废的会议")
    town.store.delete(deleted.id, ACTOR)
    report = world.import_(world.export(town).path)
    assert report.ok, report.error
    assert (report.new, report.updated, report.unchanged, report.conflicts) == (6, 0, 0, [])
    for ledger in town.store.ledgers:
        assert held(world.county, ledger) == held(town.store, ledger)
    record = world.county.get(town.store.list(ListQuery("mediation_case"))[0].id)
    assert record.township == "640522100" and record["parties"][0]["name"] == "马某"
    assert record.created_by == ACTOR
    assert world.county.get(deleted.id, include_deleted=True).deleted
    assert check_database(world.county).ok


def test_received_records_are_found_by_search_at_the_county(world, valid_record):
    town = world.town()
    add(town, valid_record, title="马文军主持的专题会议")
    world.import_(world.export(town).path)
    found = world.county.list(ListQuery("meeting", text="文军"))
    assert [r["title"] for r in found] == ["马文军主持的专题会议"]


def test_the_county_finds_a_record_by_the_number_it_had_before_the_township_renumbered_it(world, valid_record):
    """The county could find a renumbered record only by its new number, not the one on the paper it was sent."""
    town, other = world.town(), world.town("640522101")
    case = add(town, valid_record, "mediation_case")
    add(other, valid_record, "mediation_case")  # the other township's first case has the same number
    for each in (town, other):
        world.import_(world.export(each).path)
    paper = case.number  # 〔2026〕人调字第1号
    moved = town.store.save("mediation_case", {"case_category": "行政裁决", "adjudication_matter": "土地权属"},
                            ACTOR, record_id=case.id)
    assert moved.number != paper
    world.import_(world.export(town).path)
    with pytest.raises(Conflict, match="2 条记录"):  # the other township's live record and this one's old number
        world.county.find_by_number(paper)
    world.county.conn.execute('UPDATE "mediation_case" SET number = \'〔2026〕人调字第9号\' WHERE township = ?',
                              [other.code])  # as if the other township's were numbered otherwise
    assert world.county.find_by_number(paper).id == case.id
    assert world.county.find_by_number(moved.number).id == case.id


def test_the_county_reads_who_changed_a_township_record_and_when(world, valid_record):
    """`fazhi history` of a township's record at the county said 共 0 版, though its change log had arrived."""
    from fazhi_desktop.core.history import record_history

    town = world.town()
    record = add(town, valid_record)
    town.store.save("meeting", {"location": "二楼会议室"}, "马丽", record_id=record.id)
    world.import_(world.export(town).path)
    history = record_history(world.county, record.id)
    assert [(r.revision, r.action, r.actor) for r in history] == [(1, "新建", ACTOR), (2, "修改", "马丽")]
    assert all(r.changes == () for r in history)  # the log carries no contents


def test_attachments_arrive_with_the_record(world, valid_record, tmp_path):
    town = world.town()
    scan = tmp_path / "签到表.jpg"
    scan.write_bytes(b"\xff\xd8scan" * 1000)
    entry = attachments.add_attachment(town.store, scan)
    add(town, valid_record, attachments=[entry])
    report = world.import_(world.export(town).path)
    assert report.ok and report.attachments == 1
    assert attachments.attachment_path(world.county, entry["sha256"]).read_bytes() == scan.read_bytes()


@pytest.mark.parametrize("copy_range", ["missing", "refused", "short"])
def test_attachments_arrive_whole_however_the_system_copies_files(world, valid_record, tmp_path, monkeypatch,
                                                                   copy_range):
    """Linux copies an attachment out of the decrypted bag inside the kernel; Windows has no such call, and a file
    system may refuse it or copy part: the file that arrives is the same in every case."""
    import errno
    import os

    real = getattr(os, "copy_file_range", None)
    if copy_range == "missing":
        monkeypatch.delattr(os, "copy_file_range", raising=False)
    elif copy_range == "refused":
        def refuse(*args):
            raise OSError(errno.EXDEV, "cross-device")
        monkeypatch.setattr(os, "copy_file_range", refuse, raising=False)
    elif real is not None:
        calls = []

        def short(source, target, count, offset):
            calls.append(count)
            if len(calls) > 1:
                raise OSError(errno.EINVAL, "refused half way")
            return real(source, target, min(count, 1000), offset)
        monkeypatch.setattr(os, "copy_file_range", short)
    town = world.town()
    scan = tmp_path / "卷宗.pdf"
    scan.write_bytes(os.urandom(300_000))
    entry = attachments.add_attachment(town.store, scan)
    add(town, valid_record, attachments=[entry])
    report = world.import_(world.export(town).path)
    assert report.ok and report.attachments == 1
    assert attachments.attachment_path(world.county, entry["sha256"]).read_bytes() == scan.read_bytes()


def test_an_attachment_that_cannot_be_stored_leaves_no_record_behind(world, valid_record, tmp_path, monkeypatch):
    """Attachments are synced on a helper thread while the records are written: its failure must still undo
    the whole import (the county disk is full, the folder is read-only)."""
    from fazhi_desktop.core.bundle import apply as apply_module
    from fazhi_desktop.core.bundle.common import BundleError

    town = world.town()
    entries = []
    for index in range(3):
        scan = tmp_path / f"扫描件{index}.jpg"
        scan.write_bytes(bytes([index]) * 5000)
        entries.append(attachments.add_attachment(town.store, scan))
    add(town, valid_record, attachments=entries)
    bundle = world.export(town).path
    before = snapshot(world.county)
    stored = []

    def full_disk(store, sha, source):
        if stored:
            raise BundleError(f"无法保存附件到 {sha}：磁盘已满")
        stored.append(sha)

    monkeypatch.setattr(apply_module, "_store_attachment", full_disk)
    report = world.import_(bundle)
    assert not report.ok and "磁盘已满" in report.error
    assert snapshot(world.county) == before


def test_importing_a_bundle_twice_changes_nothing(world, valid_record):
    town = world.town()
    add(town, valid_record)
    bundle = world.export(town).path
    world.import_(bundle)
    before = snapshot(world.county)
    report = world.import_(bundle)
    assert report.ok and report.replay
    assert (report.new, report.updated, report.unchanged) == (0, 0, 1)
    assert any("重复导入" in note for note in report.notes)
    assert snapshot(world.county) == before
    assert "：之前已导入（重复，未改动） —— " in report.lines()[0]


def test_a_stick_of_copies_is_not_counted_as_bundles_imported(world, valid_record, tmp_path):
    """Four copies of a bundle already imported, one renamed in capitals by another PC: the headline a reviewer reads
    says none was imported now, and the capitals are no reason to miss a file."""
    town = world.town()
    add(town, valid_record)
    bundle = world.export(town).path
    world.import_(bundle)
    stick = tmp_path / "stick"
    stick.mkdir()
    for name in ("a.tar.age", "b.tar.age", "c.tar.age", "FAZHI-640522100-000001.TAR.AGE"):
        shutil.copy(bundle, stick / name)
    assert len(bundle_files(stick)) == 4
    reports = import_bundles(world.county, bundle_files(stick), world.keys, "审核人")
    assert len(reports) == 4 and all(r.ok and r.replay for r in reports)
    assert totals(reports).startswith("共 4 个数据包：导入 0 个，之前已导入 4 个（未改动），拒绝 0 个")


def test_a_dry_run_of_a_stick_says_what_importing_it_will_do(world, valid_record, tmp_path):
    """只核验 of a real stick predicted 新增 1046 条 where the import then brought 886: each bundle was measured
    against the database as it stood, so a township's second bundle and a copy counted their records again."""
    town = world.town()
    stick = tmp_path / "stick"
    stick.mkdir()
    add(town, valid_record)
    first = world.export(town).path
    add(town, valid_record, title="第二次会议")
    second = world.export(town).path
    for path in (first, second):
        shutil.copy(path, stick / path.name)
    shutil.copy(first, stick / "fazhi-640522100-000001 - 副本.tar.age")
    before = snapshot(world.county)
    checked = import_bundles(world.county, bundle_files(stick), world.keys, "审核人", dry_run=True)
    assert snapshot(world.county) == before  # nothing stays
    imported = import_bundles(world.county, bundle_files(stick), world.keys, "审核人")
    assert [(r.new, r.updated, r.unchanged, r.replay) for r in checked] == \
        [(r.new, r.updated, r.unchanged, r.replay) for r in imported]
    said = totals(checked).replace("核验通过", "导入").replace("导入后将", "").replace("导入时只", "只")
    assert said == totals(imported)  # the copy: the same bundle as another, in both


def test_an_import_counts_a_copy_in_the_same_batch_as_the_dry_run_does(world, valid_record, tmp_path):
    """只核验 said of "郑旗乡 - 副本" 与本批中另一个文件相同; the import filed the same copy, imported seconds earlier
    in the same run, as 之前已导入, beside a bundle really imported on an earlier day."""
    town, other = world.town(), world.town("640522101")
    add(other, valid_record)
    earlier = world.export(other).path
    world.import_(earlier)
    add(town, valid_record)
    bundle = world.export(town).path
    stick = tmp_path / "stick"
    stick.mkdir()
    for path, name in ((bundle, bundle.name), (bundle, "郑旗乡 - 副本.tar.age"), (earlier, earlier.name)):
        shutil.copy(path, stick / name)
    checked = import_bundles(world.county, bundle_files(stick), world.keys, "审核人", dry_run=True)
    imported = import_bundles(world.county, bundle_files(stick), world.keys, "审核人")
    assert [(r.file_name, r.replay, r.same_as) for r in imported] == [
        (bundle.name, False, ""), ("郑旗乡 - 副本.tar.age", True, bundle.name), (earlier.name, True, "")]
    assert [(r.file_name, r.same_as) for r in checked] == [(r.file_name, r.same_as) for r in imported]
    assert totals(imported).startswith("共 3 个数据包：导入 1 个，之前已导入 1 个（未改动），"
                                       "与本批中另一个文件相同 1 个（只导入一次），拒绝 0 个")
    assert imported[1].lines()[2] == f"  注意：与本批中的 {bundle.name} 是同一个数据包：只导入了一次，这一个未改变数据"
    assert f"郑旗乡 - 副本.tar.age：与 {bundle.name} 相同" in report_text(imported)


def test_a_dry_run_of_a_folder_holding_a_bundle_twice_names_the_other_file(world, valid_record, tmp_path):
    """只核验 said 此数据包已于 … 导入过：重复导入 and 之前已导入 1 个（未改动） of the second copy, though nothing was
    imported: the dry run had imported the first copy into its throw-away copy of the database."""
    town = world.town()
    add(town, valid_record)
    bundle = world.export(town).path
    stick = tmp_path / "stick"
    stick.mkdir()
    shutil.copy(bundle, stick / bundle.name)
    shutil.copy(bundle, stick / "发给县局.tar.age")
    checked = import_bundles(world.county, bundle_files(stick), world.keys, "审核人", dry_run=True)
    text = report_text(checked)
    assert "导入过" not in text and "之前已导入" not in text, text
    assert totals(checked).startswith("共 2 个数据包：核验通过 1 个，与本批中另一个文件相同 1 个（导入时只导入一次），")
    assert checked[1].lines()[2] == (f"  注意：与本批中的 {bundle.name} 是同一个数据包："
                                     "导入时只导入一次，这一个不会改变数据")
    assert f"发给县局.tar.age：与 {bundle.name} 相同" in text
    assert world.import_(stick / bundle.name).new == 1  # and nothing was imported


def test_a_dry_run_leaves_the_county_database_free_for_another_window(world, valid_record, tmp_path):
    """只核验 of a stick held the county database's write lock from its first bundle to its last (19–28 s for 18
    townships of 1,500 records each): a second window, or `fazhi`, enrolling a key meanwhile gave up after 5 s with
    数据库正被另一个程序使用. The dry run works on a copy now, and says what the import then does, also of a
    township's full export that brings its first bundle's attachment again."""
    town, other, late = world.town(), world.town("640522101"), world.town("640522103", enrol=False)
    scan = tmp_path / "签到表.jpg"
    scan.write_bytes(b"\xff\xd8scan" * 1000)
    add(town, valid_record, attachments=[attachments.add_attachment(town.store, scan)])
    first = world.export(town).path
    add(town, valid_record, title="第二次会议")
    stick = tmp_path / "stick"
    stick.mkdir()
    for path in (first, world.export(town, full=True).path, (add(other, valid_record), world.export(other).path)[1]):
        shutil.copy(path, stick / path.name)
    window = Store.open(world.county.path, world.ledgers, world.clock)
    window.conn.execute("PRAGMA busy_timeout = 0")  # held, the lock fails this at once (not after 5 s)
    enrolled = []

    def progress(done: int, total: int, text: str) -> None:
        if text.startswith("正在核验") and text.endswith("（2/3）") and not enrolled:  # the first checked, then
            enrolled.append(keymod.enrol(window, keymod.township_key(late.store), "县局李明"))

    try:
        checked = import_bundles(world.county, bundle_files(stick), world.keys, "审核人", dry_run=True,
                                 progress=progress)
    finally:
        window.close()
    assert enrolled and all(r.ok for r in checked), [r.error for r in checked]
    assert keymod.enrolled_keys(world.county, late.code)  # the other window's write stays
    imported = import_bundles(world.county, bundle_files(stick), world.keys, "审核人")
    assert [r.attachments for r in imported] == [1, 0, 0]
    assert [{**r.as_dict(), "dry_run": False} for r in checked] == [r.as_dict() for r in imported]


def test_a_dry_run_reports_and_changes_nothing(world, valid_record):
    town = world.town()
    add(town, valid_record)
    before = snapshot(world.county)
    report = world.import_(world.export(town).path, dry_run=True)
    assert report.ok and report.dry_run and report.new == 1
    assert snapshot(world.county) == before


def test_bundles_out_of_order_leave_the_newest_revision(world, valid_record):
    town = world.town()
    record = add(town, valid_record)
    first = world.export(town).path
    town.store.save("meeting", {"location": "司法所调解室"}, ACTOR, record_id=record.id)
    second = world.export(town).path  # no receipt in between: carries the record again, at revision 2
    newer = world.import_(second)
    older = world.import_(first)
    assert newer.ok and older.ok
    assert older.older == 1 and older.updated == 0
    assert any("顺序颠倒" in note for note in older.notes)
    assert held(world.county) == held(town.store)
    assert world.county.get(record.id)["location"] == "司法所调解室"


def test_a_skipped_bundle_whose_changes_arrive_in_the_next_is_not_called_missing(world, valid_record):
    """A reviewer told "缺少第 2 号" phones the township for a bundle that does not matter: number 3 carries number
    2's changes (no newer receipt came between them). Only missing changes are a gap."""
    town = world.town()
    add(town, valid_record)
    first = world.export(town).path
    world.import_(first)
    world.receipt(town)
    add(town, valid_record, title="第二次")
    world.export(town)  # number 2 never reaches the county
    world.receipt(town)  # an old receipt: changes nothing
    add(town, valid_record, title="第三次")
    third = world.export(town).path
    report = world.import_(third)
    assert report.ok
    assert not any("缺少" in note for note in report.notes), report.notes
    assert report.new == 2  # without a newer receipt, number 3 carries number 2's changes too
    assert held(world.county) == held(town.store)


def test_a_skipped_bundle_whose_changes_are_missing_is_named_with_them(world, valid_record):
    town = world.town()
    add(town, valid_record)
    world.import_(world.export(town).path)
    add(town, valid_record, title="第二次")
    world.export(town)  # number 2 is lost, and a receipt from elsewhere says the county holds its change
    town.store.set_settings(**{"bundle.acked_through": "2"})
    add(town, valid_record, title="第三次")
    report = world.import_(world.export(town).path)
    assert report.ok
    assert "缺少第 2 号数据包：缺少该乡镇变更日志第 2 条（可请乡镇导出时勾选“发送全部数据”）" in report.notes


def test_a_missing_change_range_is_reported(world, valid_record):
    town = world.town()
    add(town, valid_record)
    world.export(town)  # lost
    add(town, valid_record, title="后来的")
    town.store.set_settings(**{"bundle.acked_through": "1"})  # as if a receipt had said the county holds entry 1
    report = world.import_(world.export(town).path)
    assert report.ok
    assert any("缺少该乡镇变更日志第 1 条" in note for note in report.notes)


def test_same_revision_with_other_content_is_a_conflict_kept_and_shown(world, valid_record):
    town = world.town()
    record = add(town, valid_record)
    world.import_(world.export(town).path)
    # the office restores yesterday's backup and edits the same record differently
    backup = copy_database(world, town)
    town.store.save("meeting", {"location": "会议室甲"}, ACTOR, record_id=record.id)
    world.import_(world.export(town).path)
    restored = Store.open(backup, world.ledgers, world.clock)
    try:
        restored.save("meeting", {"location": "会议室乙"}, ACTOR, record_id=record.id)
        signer = keymod.unlock_township_key(restored, TOWN_PASS)
        from fazhi_desktop.core.bundle.export import export_bundle

        (world.root / "usb-restored").mkdir()
        path = export_bundle(restored, world.root / "usb-restored", signer).path
    finally:
        restored.close()
    report = world.import_(path)
    assert report.ok
    assert [(c.number, c.revision) for c in report.conflicts] == [(record.number, 2)]
    assert any("另一个第 2 号" in note for note in report.notes)
    assert world.county.get(record.id)["location"] == "会议室甲"  # never silently overwritten
    kept = world.county.query("SELECT record_id, revision, resolved_at FROM conflicts")
    assert kept == [{"record_id": record.id, "revision": 2, "resolved_at": None}]
    assert any("以本数据包的变更日志为准" in note for note in report.notes)
    again = world.import_(path)
    assert len(again.conflicts) == 1 and world.county.query("SELECT count(*) AS n FROM conflicts")[0]["n"] == 1
    # the county's receipt now matches the restored office's change log, so it can go on exporting increments
    from fazhi_desktop.core.bundle.receipts import import_receipt, write_receipts

    [written] = write_receipts(world.county, world.keys, world.root / "usb-restored", ["640522100"])
    restored = Store.open(backup, world.ledgers, world.clock)
    try:
        assert import_receipt(restored, written.path, ACTOR).acknowledged_through == 2
    finally:
        restored.close()


def test_records_a_township_lost_by_restoring_a_backup_are_set_aside_until_it_sends_them_again(world, valid_record):
    """After a township restored a backup, the county kept counting the records made after it (T46a 3/4 at the
    county, 1/4 at the township) and nothing said so."""
    from fazhi_desktop.core.bundle.export import export_bundle
    from fazhi_desktop.core.indicators.completeness import completeness

    town = world.town()
    meeting = add(town, valid_record)
    add(town, valid_record, "law_study")
    first = world.export(town).path
    world.import_(first)
    backup = copy_database(world, town)
    lost = [add(town, valid_record, "law_study", topic=f"恢复前的学法{n}") for n in (2, 3)]
    town.store.save("meeting", {"location": "会议室甲"}, ACTOR, record_id=meeting.id)
    abandoned = world.export(town).path
    world.import_(abandoned)
    restored = Store.open(backup, world.ledgers, world.clock)
    try:
        restored.save("meeting", valid_record("meeting", title="恢复后的会议"), ACTOR)
        again = restored.save("law_study", valid_record("law_study", topic="恢复后的学法"), ACTOR)
        assert again.number == lost[0].number  # the numbering was restored too: the number is given again
        restored.set_settings(**{"bundle.acked_through": "2"})  # a receipt before the backup: sends entries 3–4
        signer = keymod.unlock_township_key(restored, TOWN_PASS)
        (world.root / "usb-restored").mkdir()
        report = world.import_(export_bundle(restored, world.root / "usb-restored", signer).path)
        assert sorted(report.set_aside) == sorted([f"{meeting.number}（{meeting['title']}）",
                                                   *(f"{r.number}（{r['topic']}）" for r in lost)])
        assert any("其版本乡镇已经没有了" in line and "已不计入指标" in line for line in report.lines())
        year = int(meeting["held_on"][:4])
        row = next(t for t in completeness(world.county, year).townships if t.code == town.code)
        assert row.records["law_study"] == 2 and row.records["meeting"] == 1  # the township's own figures
        assert world.county.find_by_number(again.number).id == again.id  # not the one set aside
        assert ("3 条记录的版本乡镇已没有（从备份恢复前的数据），不计入指标："
                "乡镇仍有这些记录的，请乡镇导出时勾选“发送全部数据”；乡镇已没有的（电脑坏了用旧备份恢复），"
                "县里保留这些记录，写回执给乡镇：回执列出这些记录，乡镇按纸质材料补录") in row.problems()
        assert row.log_gap is None  # the abandoned entries 4–5 are gone, not missing (it asked for them)
        full = world.import_(export_bundle(restored, world.root / "usb-restored", signer, full=True).path)
        # the two studies stay set aside: the last import named them, this one says so in a line of its own
        assert full.corrected == 1 and full.set_aside == []
        assert full.set_aside_before == "另有 2 条此前已不计入，写回执时告知乡镇"
        assert world.county.get(meeting.id).revision == 1  # as the township holds it again
        assert held(world.county)[meeting.id] == held(restored)[meeting.id]
        row = next(t for t in completeness(world.county, year).townships if t.code == town.code)
        assert row.records["meeting"] == 2 and row.records["law_study"] == 2
        # the stick read again, old bundles and all: repeats change nothing (they brought back what was abandoned)
        before = (snapshot(world.county), world.county.conn.execute("SELECT * FROM set_aside").fetchall())
        for path in (first, abandoned):
            assert world.import_(path).replay
        assert (snapshot(world.county), world.county.conn.execute("SELECT * FROM set_aside").fetchall()) == before
    finally:
        restored.close()


@pytest.fixture
def two_bundles_abandoned(world, valid_record, clock):
    """A township exports (bundle 1), takes a backup, edits a meeting twice and adds a study each time (bundles 2
    and 3, not imported), then restores the backup and edits the meeting its own way. Yields the township, the
    meeting, bundles 2 and 3, the restored database with its edit, and its next bundle (numbered 2 again)."""

    town = world.town()
    meeting = add(town, valid_record)
    world.import_(world.export(town).path)
    backup = copy_database(world, town)
    abandoned = []
    for place in ("会议室甲", "会议室乙"):
        clock.advance(days=1)
        town.store.save("meeting", {"location": place}, ACTOR, record_id=meeting.id)
        add(town, valid_record, "law_study", topic=f"恢复前的学法{place}")
        abandoned.append(world.export(town).path)
    clock.advance(days=1)
    with restored_and_exported(world, backup, meeting) as (restored, mine, bundle):
        assert bundle.sequence == 2
        yield town, meeting, abandoned, restored, mine, bundle.path


@contextlib.contextmanager
def restored_and_exported(world, backup, meeting):
    """The township's database restored from `backup`, its meeting edited its own way (会议室丙), and the bundle
    it exports next: (the restored store, the edited meeting, the export's result)."""
    from fazhi_desktop.core.bundle.export import export_bundle

    restored = Store.open(backup, world.ledgers, world.clock)
    try:
        mine = restored.save("meeting", {"location": "会议室丙"}, ACTOR, record_id=meeting.id)
        (world.root / "usb-restored").mkdir()
        signer = keymod.unlock_township_key(restored, TOWN_PASS)
        yield restored, mine, export_bundle(restored, world.root / "usb-restored", signer)
    finally:
        restored.close()


def test_a_township_that_restored_a_backup_older_than_two_bundles_is_believed_at_its_next_bundle(
        world, two_bundles_abandoned):
    """The township abandoned two bundles (numbers 2 and 3) by restoring a backup; its next bundle is number 2
    again. It was taken for an old bundle against the county's number 3: the county kept counting the abandoned
    records and called the township's own versions older, until the township had sent two more bundles."""
    _town, meeting, abandoned, restored, mine, bundle = two_bundles_abandoned
    for path in abandoned:
        world.import_(path)
    assert world.county.get(meeting.id).revision == 3
    report = world.import_(bundle)
    assert report.ok and not report.replay
    assert any("以本数据包的变更日志为准" in note for note in report.notes)
    # the township's own version is in its log, the abandoned revision 3 is not: corrected, not "older"
    assert report.corrected == 1 and report.older == 0
    assert held(world.county)[meeting.id] == held(restored)[meeting.id] == (mine.revision, mine.content_hash)
    studies = [f"{r['number']}（{r['topic']}）" for r in world.county.query("SELECT number, topic FROM law_study")]
    assert len(studies) == 2 and sorted(report.set_aside) == sorted(studies)


def test_a_dry_run_of_a_restored_townships_bundle_leaves_its_history_setting_alone(world, two_bundles_abandoned):
    """核验 of the bundle whose change log replaces the one held writes when that history began, and rolls it back:
    neither the file nor the Store's settings may keep it (a kept one would call the township's next bundles of the
    history it abandoned new, or its own old), and the import after it writes it as the import alone would."""
    town, _meeting, abandoned, _restored, _mine, bundle = two_bundles_abandoned
    world.import_(abandoned[0])
    key = HISTORY_SINCE + town.code
    assert world.county.setting(key) is None  # read (and cached) before the dry run
    before = snapshot(world.county)
    report = world.import_(bundle, dry_run=True)
    assert report.ok and any("以本数据包的变更日志为准" in note for note in report.notes)
    assert snapshot(world.county) == before
    assert world.county.setting(key) is None and world.county.setting_in_file(key) is None
    assert world.import_(bundle).ok
    assert world.county.setting(key) == world.county.setting_in_file(key) is not None


def test_a_bundle_from_the_history_a_township_abandoned_arriving_late_changes_nothing(world, two_bundles_abandoned):
    """The other order: the township's bundle after its restore arrives first, then (a stick found in a drawer)
    ones it made before the restore. Their versions were written over the township's own and their change-log
    entries filled the county's log (a conflict, or an abandoned revision 3 "newer" than the township's 2)."""
    _town, meeting, abandoned, _restored, mine, bundle = two_bundles_abandoned
    assert world.import_(bundle).ok
    before = world.county.query("SELECT * FROM meeting")
    log = world.county.conn.execute("SELECT * FROM received_changes ORDER BY seq").fetchall()
    for path in abandoned:
        report = world.import_(path)
        assert report.ok and report.updated == 0 and not report.conflicts
        assert any("本数据包较旧" in note for note in report.notes)
    assert held(world.county)[meeting.id] == (mine.revision, mine.content_hash)
    assert_kept_aside(world.county, "law_study")
    assert world.county.conn.execute("SELECT * FROM received_changes ORDER BY seq").fetchall() == log
    assert world.county.query("SELECT * FROM meeting") == before


def assert_kept_aside(county, ledger: str) -> None:
    """A late bundle's records the county held in no version (made before the restore, after the backup): kept
    set aside (不计入) for the township to enter again, none counted (test_late_bundle_of_the_dead_pc.py)."""
    ids = [row["id"] for row in county.query(f"SELECT id FROM {ledger}")]
    assert ids and county.aside_of(ids) == set(ids)


def test_a_late_bundle_of_the_abandoned_history_is_told_also_when_the_county_holds_nothing_just_before_it(
        world, valid_record, clock):
    """With receipts between bundles the late bundle (its changes 4–5) did not overlap what the county held after
    the restored township's bundle (1, 2'): it was applied as a continuation, wrote the abandoned revision over the
    township's own and counted the abandoned study."""

    town = world.town()
    meeting = add(town, valid_record)
    world.import_(world.export(town).path)
    world.receipt(town)
    backup = copy_database(world, town)
    for place in ("会议室甲", "会议室乙"):  # two changes in the next bundle: 2–3
        clock.advance(hours=1)
        town.store.save("meeting", {"location": place}, ACTOR, record_id=meeting.id)
    world.import_(world.export(town).path)
    world.receipt(town)
    clock.advance(days=1)
    town.store.save("meeting", {"location": "会议室丁"}, ACTOR, record_id=meeting.id)
    add(town, valid_record, "law_study", topic="恢复前的学法")
    late = world.export(town).path  # changes 4–5, not imported yet
    clock.advance(days=1)
    with restored_and_exported(world, backup, meeting) as (_restored, mine, bundle):
        assert world.import_(bundle.path).ok
        log = world.county.conn.execute("SELECT * FROM received_changes ORDER BY seq").fetchall()
        report = world.import_(late)
        assert report.ok and report.new == 1 and report.updated == 0
        assert any("本数据包较旧" in n for n in report.notes)
        assert held(world.county)[meeting.id] == (mine.revision, mine.content_hash)
        assert_kept_aside(world.county, "law_study")  # “恢复前的学法”: kept for 补录, not counted
        assert world.county.conn.execute("SELECT * FROM received_changes ORDER BY seq").fetchall() == log


def test_receipt_makes_the_next_export_carry_only_newer_changes(world, valid_record):
    town = world.town()
    add(town, valid_record)
    add(town, valid_record)
    first = world.export(town)
    assert sum(first.summary["records"].values()) == 2
    world.import_(first.path)
    result = world.receipt(town)
    assert result.advanced and result.acknowledged_through == 2 and result.bundles == [1]
    add(town, valid_record, title="新的一次")
    second = world.export(town)
    assert second.summary["records"]["meeting"] == 1 and second.summary["changes"] == 1
    full = world.export(town, full=True)
    assert full.summary["records"]["meeting"] == 3 and full.summary["changes"] == 3


def scanned_meeting(town, valid_record, tmp_path, name="签到表.jpg"):
    scan = tmp_path / name
    scan.write_bytes(name.encode() * 50_000)
    entry = attachments.add_attachment(town.store, scan)
    return add(town, valid_record, attachments=[entry]), entry


def bag_files(world, path) -> set[str]:
    from bundle_world import decrypt, files_of

    return set(files_of(decrypt(path, world.keys.identity)))


def test_an_attachment_the_county_acknowledged_is_not_sent_again(world, valid_record, tmp_path):
    """A clerk corrects a record whose scans the county already has: the next bundle carries the correction, not
    the scans again; the county finds them among its own files."""
    town = world.town()
    record, entry = scanned_meeting(town, valid_record, tmp_path)
    first = world.export(town)
    assert first.summary["attachments"] == 1
    assert world.import_(first.path).attachments == 1
    world.receipt(town)
    town.store.save("meeting", {"location": "三楼会议室"}, ACTOR, record_id=record.id)
    second = world.export(town)
    assert second.summary["attachments"] == 0 and second.summary["attachments_at_county"] == 1
    assert not any(f"attachments/{entry['sha256']}" in name for name in bag_files(world, second.path))
    assert second.path.stat().st_size < first.path.stat().st_size / 10
    report = world.import_(second.path)
    assert report.ok, report.error
    assert report.updated == 1 and report.attachments == 0
    held_record = world.county.get(record.id)
    assert held_record["location"] == "三楼会议室" and held_record["attachments"][0]["sha256"] == entry["sha256"]
    assert attachments.attachment_path(world.county, entry["sha256"]).exists()
    # a full export carries every file, whatever the county acknowledged
    full = world.export(town, full=True)
    assert full.summary["attachments"] == 1 and full.summary["attachments_at_county"] == 0


def test_an_attachment_is_sent_again_until_a_receipt_acknowledges_it(world, valid_record, tmp_path):
    town = world.town()
    record, _ = scanned_meeting(town, valid_record, tmp_path)
    world.export(town)  # not imported yet, no receipt
    town.store.save("meeting", {"location": "三楼会议室"}, ACTOR, record_id=record.id)
    assert world.export(town).summary["attachments"] == 1


def test_a_left_out_attachment_the_county_does_not_hold_is_refused_by_name(world, valid_record, tmp_path):
    """The county restored an old backup and lost a scan it had acknowledged: the incremental bundle that counts
    on it is refused, saying which file and what to do; nothing is imported."""
    town = world.town()
    record, entry = scanned_meeting(town, valid_record, tmp_path, name="调解协议扫描件.jpg")
    world.import_(world.export(town).path)
    world.receipt(town)
    town.store.save("meeting", {"location": "三楼会议室"}, ACTOR, record_id=record.id)
    second = world.export(town)
    attachments.attachment_path(world.county, entry["sha256"]).unlink()
    before = held(world.county)
    report = world.import_(second.path)
    assert not report.ok
    assert "调解协议扫描件.jpg" in report.error and "本县也没有这个文件" in report.error
    assert "发送全部数据" in report.error
    assert held(world.county) == before


def test_an_older_receipt_never_moves_the_mark_back(world, valid_record):
    town = world.town()
    add(town, valid_record)
    world.import_(world.export(town).path)
    old = world.receipt(town)
    old_path = old.path
    add(town, valid_record)
    world.import_(world.export(town).path)
    assert world.receipt(town).acknowledged_through == 2
    from fazhi_desktop.core.bundle.receipts import import_receipt

    shutil.copy2(old_path, world.root / "old.json")
    shutil.copy2(old_path.with_name(old_path.name + ".minisig"), world.root / "old.json.minisig")
    again = import_receipt(town.store, world.root / "old.json", ACTOR)
    assert not again.advanced and again.acknowledged_through == 2


def test_two_townships_two_rounds_county_holds_the_latest_and_receipts_advance(world, valid_record):
    towns = [world.town("640522100"), world.town("640522101")]
    made = {t.code: [add(t, valid_record, title=f"{t.code} 第{i}次", held_on=f"2026-03-0{i + 1}")
                     for i in range(3)] for t in towns}
    paths = [world.export(t).path for t in towns]
    reports = import_bundles(world.county, paths, world.keys, "县级")
    assert all(r.ok and r.new == 3 for r in reports)
    marks = {t.code: world.receipt(t).acknowledged_through for t in towns}
    assert marks == {"640522100": 3, "640522101": 3}
    for town in towns:  # second round: edit one, delete one, add one
        first, second, _ = made[town.code]
        town.store.save("meeting", {"location": "第二轮修改"}, ACTOR, record_id=first.id)
        town.store.delete(second.id, ACTOR)
        add(town, valid_record, title=f"{town.code} 第二轮新增")
    second_round = [world.export(t) for t in towns]
    assert all(r.summary["changes"] == 3 for r in second_round)
    reports = import_bundles(world.county, [r.path for r in reversed(second_round)], world.keys, "县级")
    assert [(r.township, r.new, r.updated) for r in reports] == [("640522100", 1, 2), ("640522101", 1, 2)]
    expected = {**held(towns[0].store), **held(towns[1].store)}
    assert held(world.county) == expected  # exactly the latest revision of every record, nothing else
    assert {t.code: world.receipt(t).acknowledged_through for t in towns} == {"640522100": 6, "640522101": 6}
    assert all(covered_through(world.county, t.code) == 6 for t in towns)
    assert world.county.count("meeting") == 6
    assert check_database(world.county).ok


def test_county_database_refuses_to_export_and_township_refuses_to_import(world, valid_record, tmp_path):
    from fazhi_desktop.core.bundle.common import BundleError
    from fazhi_desktop.core.bundle.export import plan_export

    with pytest.raises(BundleError, match="县级数据库不导出"):
        plan_export(world.county)
    town = world.town()
    with pytest.raises(BundleError, match="只有县级数据库"):
        keymod.revoke(town.store, "640522100", ACTOR)


def test_a_township_without_county_keys_is_told_what_to_do(tmp_path, ledgers, clock):
    store = init_database(tmp_path / "t.db", "640522100", ledgers=ledgers, clock=clock)
    keymod.init_township_key(store, TOWN_PASS, cost=(32768, 1 << 21))
    signer = keymod.unlock_township_key(store, TOWN_PASS)
    from fazhi_desktop.core.bundle.common import BundleError
    from fazhi_desktop.core.bundle.export import export_bundle

    with pytest.raises(BundleError, match="尚未添加县级公钥"):
        export_bundle(store, tmp_path, signer)
    store.close()


def test_world_helper_is_isolated(world: World):
    assert world.county.is_county and world.public.recipient.startswith("age1")


def test_the_county_cannot_change_delete_or_add_records_through_the_write_path(world, valid_record):
    """The townships' records are read-only at the county (the GUI opens them so); the core refuses too, so that
    `fazhi update` or a script cannot make the county's figures differ from what the township sent."""
    town = world.town()
    record = add(town, valid_record)
    world.import_(world.export(town).path)
    before = snapshot(world.county)
    with pytest.raises(Conflict, match="是海城镇（640522100）报送的，只能查看；修改须由乡镇进行后重新报送"):
        world.county.save("meeting", {"location": "县里改的"}, "县局李明", record_id=record.id)
    with pytest.raises(Conflict, match="只能查看"):
        world.county.delete(record.id, "县局李明")
    with pytest.raises(Conflict, match="只能查看"):
        world.county.change_status(record.id, "reviewed", "县局李明")
    with pytest.raises(Conflict, match="县级数据库不登记台账记录"):
        world.county.save("meeting", valid_record("meeting"), "县局李明")
    with pytest.raises(Conflict, match="县级数据库不登记台账记录"):
        world.county.save_many("meeting", [valid_record("meeting")], "县局李明")
    assert snapshot(world.county) == before


def test_cancelling_a_folder_import_keeps_and_reports_what_was_imported_before(world, valid_record):
    """取消 as the third of four bundles was being read: the two imported before it stayed imported but the
    dialog said nothing about them, and 写回执 was off."""
    from fazhi_desktop.core.bundle.apply import totals
    from fazhi_desktop.core.jobs import Cancelled

    town = world.town()
    paths = []
    for n in range(4):
        add(town, valid_record, title=f"第{n + 1}次会议")
        paths.append(world.export(town).path)

    def progress(done: int, total: int, text: str) -> None:
        if text.startswith("正在导入") and "000003" in text:  # verified, about to be applied: then 取消
            raise Cancelled()

    reports = import_bundles(world.county, paths, world.keys, ACTOR, progress=progress)
    assert [(r.sequence, r.ok, r.cancelled) for r in reports] == [(1, True, False), (2, True, False),
                                                                 (0, False, True), (0, False, True)]
    assert [r.lines()[0] for r in reports[2:]] == [f"{p.name}：未导入（已取消）" for p in paths[2:]]
    assert totals(reports) == ("共 4 个数据包：导入 2 个，拒绝 0 个，已取消 2 个（未导入）；"
                               "新增 2 条，更新 0 条，冲突 0 条")
    assert world.county.count("meeting") == 2
    assert [r["sequence"] for r in world.county.query("SELECT sequence FROM bundles_received")] == [1, 2]


def test_a_record_deleted_before_the_county_had_it_is_counted_as_deleted(world, valid_record):
    """Entered and deleted before the first bundle went: the report said 新增 2 条 beside a county list of one
    (the month-end audit); it says which of the new ones came deleted, everywhere the counts are shown."""
    from fazhi_desktop.core.bundle.exchanges import (
        OUTCOMES,
        arrival_summary,
        bundle_arrivals,
        received_bundles,
        received_row,
    )

    town = world.town()
    add(town, valid_record, title="保留的会议")
    town.store.delete(add(town, valid_record, title="录错删除的会议").id, ACTOR)
    report = world.import_(world.export(town).path)
    assert (report.new, report.new_deleted) == (2, 1)
    assert "新增 2 条（其中删除 1 条：会议 〔2026〕会记字第2号（2026-03-05））" in report.lines()[1]
    assert "新增 2 条（其中删除 1 条）" in totals([report])
    [latest] = received_bundles(world.county, town.code)
    assert arrival_summary(latest).startswith("新增 2 条（其中删除 1 条）")
    assert received_row(latest)[5] == "2（删除 1）"
    outcomes = {a.record.title: OUTCOMES[a.outcome] for a in bundle_arrivals(world.county, latest)}
    assert outcomes == {"录错删除的会议": "删除", "保留的会议": "新增"}
    assert world.county.count("meeting") == 1


def test_a_deletion_is_reported_as_one_not_as_an_update(world, valid_record):
    from fazhi_desktop.core.bundle.exchanges import OUTCOMES, arrival_summary, bundle_arrivals, received_bundles

    town = world.town()
    kept, gone = add(town, valid_record, title="保留的会议"), add(town, valid_record, title="作废的会议")
    assert world.import_(world.export(town).path).ok
    town.store.delete(gone.id, ACTOR)
    town.store.save("meeting", {"location": "二楼"}, ACTOR, record_id=kept.id)
    report = world.import_(world.export(town).path)
    assert (report.updated, report.deleted) == (2, 1)
    assert "更新 2 条（其中删除 1 条：会议 〔2026〕会记字第2号（2026-03-05）），未变" in report.lines()[1]
    [latest, _] = received_bundles(world.county, town.code)
    assert "更新 2 条（其中删除 1 条）" in arrival_summary(latest)
    outcomes = {a.record.title: OUTCOMES[a.outcome] for a in bundle_arrivals(world.county, latest)}
    assert outcomes == {"作废的会议": "删除", "保留的会议": "更新"}


def test_the_progress_of_a_stick_runs_once_from_start_to_end_and_always_says_which_bundle(world, valid_record,
                                                                                            tmp_path):
    """The bar ran 0→97% once per bundle (22 times for a county's stick), and "（3/22）" was replaced at once by
    正在解密 …: the reviewer could not tell how far the import was."""
    stick = tmp_path / "stick"
    stick.mkdir()
    for code in ("640522100", "640522101"):
        town = world.town(code)
        add(town, valid_record)
        path = world.export(town).path
        shutil.copy(path, stick / path.name)
    seen: list[tuple[int, int, str]] = []
    import_bundles(world.county, bundle_files(stick), world.keys, "审核人",
                   progress=lambda done, total, text: seen.append((done, total, text)))
    *working, (done, total, text) = seen
    assert (text, done == total) == ("完成", True)
    shares = [d / t for d, t, _ in working]
    assert shares == sorted(shares) and shares[0] == 0 and shares[-1] < 1, shares  # never back to the start
    first, second = ([s for s, (_, _, said) in zip(shares, working, strict=True) if said.endswith(f"（{n}/2）")]
                     for n in (1, 2))
    assert len(first) + len(second) == len(working) and len(first) > 2 and len(second) > 2  # each text: （i/n）
    assert max(first) <= 0.5 <= min(second)  # the first bundle fills the first half of the bar
    assert {said.split(" ")[0] for _, _, said in working} >= {"正在核验", "正在解密", "正在核对", "正在导入"}
