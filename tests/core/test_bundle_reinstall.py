# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A township that re-installs (its PC died without a backup: a new database, a new key enrolled with --replace)
versus one that restored a backup; and the roster the county judges T47 on after either."""

from __future__ import annotations

from datetime import date

import pytest
import review_steps
from bundle_world import ACTOR, LOW_COST, TOWN_PASS, copy_database, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.apply import covered_through
from fazhi_desktop.core.bundle.exchanges import bundle_arrivals, received_bundles
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.clock_behind import confirm
from fazhi_desktop.core.documents.verify import check_print, print_code
from fazhi_desktop.core.errors import Conflict
from fazhi_desktop.core.history import record_history
from fazhi_desktop.core.indicators import load_catalog_for
from fazhi_desktop.core.indicators.drill import check_text, drill
from fazhi_desktop.core.indicators.engine import compute
from fazhi_desktop.core.people import add_person, set_active, update_person
from fazhi_desktop.core.store import Store

CLERK = "杨芳"
TOWNSHIP = "640522100"
DEPLOYMENT = {"meeting_type": "专题研究部署法治政府建设会议", "office_head_attendance": "全程"}  # counts in T40a
YEAR_END = date(2027, 1, 6)


def figure(store: Store, code: str):
    return compute(store, load_catalog_for(store, remember=False), 2026, township=TOWNSHIP,
                   today=YEAR_END).figure(code, TOWNSHIP)


def set_aside_ids(world) -> set[str]:
    return {row[0] for row in world.county.conn.execute("SELECT record_id FROM set_aside")}


def test_a_township_that_reinstalls_keeps_its_earlier_records_counted_and_told_apart(world, valid_record, clock):
    """The county set aside everything the township sent before it re-installed (T40a 1 达标 → 0 未达标: the
    whole year went), told the technician the township had restored a backup, and asked it to send records it no
    longer had. The county holds the only copy: they stay counted, and the note says 乡镇重装."""
    town = world.town()
    meeting = town.store.save("meeting", valid_record("meeting", title="2026年法治政府建设专题研究部署会议",
                                                      held_on="2026-03-01", **DEPLOYMENT), CLERK)
    town.store.save("law_study", valid_record("law_study"), CLERK)
    mistake = town.store.save("complaint", valid_record("complaint"), CLERK)
    town.store.delete(mistake.id, CLERK)
    printed = print_code(town.store, meeting)  # keyed with this install's key, which its bundle carries
    world.import_(world.export(town).path)
    world.receipt(town)
    assert (figure(world.county, "T40a").numerator, figure(world.county, "T40a").status) == (1, "达标")
    clock.advance(days=60)
    new = world.reinstall()
    again = new.store.save("meeting", valid_record("meeting", title="2026年第二次专题研究部署会议",
                                                   held_on="2026-08-01", **DEPLOYMENT), CLERK)
    assert again.number == meeting.number  # the new install numbers from 第1号 again

    report = world.import_(world.export(new).path)
    assert report.ok and report.new == 1 and report.set_aside == []
    text = "\n".join(report.lines())
    assert "乡镇重装过" in text and "重装前的 2 条记录乡镇已没有" in text and "照常计入指标" in text
    assert f"重装后编的{again.number}与重装前的记录编号相同（乡镇导入回执前编的）" in text  # named, since it is so
    assert "已不计入指标" not in text and "乡镇数据库可能从备份恢复过" not in text
    assert set_aside_ids(world) == set()
    assert (figure(world.county, "T40a").numerator, figure(world.county, "T40a").status) == (2, "达标")
    # the county holds the new install's log now (its receipts match it), the earlier one kept apart
    assert covered_through(world.county, TOWNSHIP) == 1
    assert world.receipt(new).acknowledged_through == 1
    assert [r.action for r in record_history(world.county, meeting.id)] == ["新建"]
    assert check_print(world.county, printed).status == "same"  # its printed paper still checks out
    earlier_bundle = received_bundles(world.county, TOWNSHIP)[-1]
    assert {a.record.id: a.outcome for a in bundle_arrivals(world.county, earlier_bundle)}[mistake.id] == "deleted"
    # one township, two 〔2026〕会记字第1号: both held, the earlier install's marked wherever they are listed
    assert world.county.get(meeting.id)["title"] == "2026年法治政府建设专题研究部署会议"
    found = drill(world.county, load_catalog_for(world.county, remember=False), "T40a", 2026, TOWNSHIP,
                  today=YEAR_END).records
    assert [(r.number, r.earlier, r.mark) for r in found] == [(meeting.number, True, "重装前"),
                                                             (again.number, False, "")]
    assert "重装前的记录 1 条（编号与重装后的相同）" in check_text(found)
    with pytest.raises(Conflict) as refused:
        world.county.find_by_number(meeting.number)
    assert "同属一个乡镇" in str(refused.value) and f"{meeting.id}（重装前）" in str(refused.value)
    assert world.county.earlier_install([meeting.id, again.id]) == {meeting.id}


def test_a_reinstall_that_took_the_receipt_first_is_not_said_to_number_from_1_again(world, valid_record, clock):
    """The county's import said of every re-install 重装后编号从第1号重新开始，可能与重装前的相同, and the drill-down
    编号可能与重装后的相同, also of a new install that imported the county's receipt first and numbered on (第2号 after
    第1号): untrue. Said, naming the numbers, only when the new install gave one of the earlier install's."""
    town = world.town()
    meeting = town.store.save("meeting", valid_record("meeting", **DEPLOYMENT), CLERK)
    world.import_(world.export(town).path)
    clock.advance(days=60)
    new = world.reinstall()
    world.receipt(new)  # as the county's enrol --replace asks: before the first record
    later = new.store.save("meeting", valid_record("meeting", title="重装后的专题会议", held_on="2026-08-01",
                                                   **DEPLOYMENT), CLERK)
    assert later.number != meeting.number
    text = "\n".join(world.import_(world.export(new).path).lines())
    assert "乡镇重装过" in text and "重装前的 1 条记录乡镇已没有" in text
    assert "编号" not in text.split("乡镇重装过")[1].split("\n")[0]  # nothing of numbers in the note
    found = drill(world.county, load_catalog_for(world.county, remember=False), "T40a", 2026, TOWNSHIP,
                  today=YEAR_END).records
    assert [(r.earlier, r.number_again) for r in found] == [(True, False), (False, False)]
    assert "重装前的记录 1 条" in check_text(found) and "编号" not in check_text(found)


@pytest.mark.parametrize("days", [30, -20])
def test_after_a_reinstall_a_restore_sets_aside_only_what_the_new_install_abandoned(world, valid_record, clock,
                                                                                    days):
    """The earlier install's records are the township's as much as the new install's: a later restore from a
    backup of the new install sets aside what it abandoned, not them. Also on a new PC whose clock is behind the
    earlier install's bundles (-20 days): its restored bundle was judged against them too, taken for a late one of
    the history it abandoned (本数据包较旧), and nothing was set aside."""
    town = world.town()
    meeting = town.store.save("meeting", valid_record("meeting"), CLERK)
    world.import_(world.export(town).path)
    clock.advance(days=days)
    new = world.reinstall()
    new.store.save("law_study", valid_record("law_study", topic="重装后的学法"), CLERK)
    world.import_(world.export(new).path)
    world.receipt(new)
    backup = copy_database(world, new)
    clock.advance(days=1)
    abandoned = new.store.save("law_study", valid_record("law_study", topic="恢复前的学法"), CLERK)
    world.import_(world.export(new).path)
    clock.advance(days=1)
    restored = Store.open(backup, world.ledgers, world.clock)
    try:
        restored.save("law_study", valid_record("law_study", topic="恢复后的学法"), CLERK)
        (world.root / "usb-restored").mkdir()
        signer = keymod.unlock_township_key(restored, TOWN_PASS)
        report = world.import_(export_bundle(restored, world.root / "usb-restored", signer).path)
    finally:
        restored.close()
    assert report.set_aside == [f"{abandoned.number}（{abandoned['topic']}）"]
    assert any("乡镇数据库可能从备份恢复过" in note for note in report.notes)
    assert not any("乡镇重装过" in note for note in report.notes)
    assert set_aside_ids(world) == {abandoned.id} and meeting.id not in set_aside_ids(world)


def test_a_reinstalled_pc_with_its_clock_behind_is_still_the_township_now(world, valid_record, clock):
    """A new PC whose clock was behind made its first bundle "before" the earlier install's last one: it was taken
    for a late bundle of an abandoned history, and nothing it brought was written. A bundle signed with the key
    that replaced the township's old one is from the township as it is now."""
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), CLERK)
    world.import_(world.export(town).path)
    clock.advance(days=-20)
    new = world.reinstall()
    study = new.store.save("law_study", valid_record("law_study"), CLERK)
    report = world.import_(world.export(new).path)
    assert report.new == 1 and report.older == 0 and any("乡镇重装过" in note for note in report.notes)
    assert world.county.get(study.id).revision == 1


def send_studies(world, town, valid_record, clock, *topics: str) -> None:
    """A study a day, each sent in a bundle the county imports, and its receipt taken."""
    for topic in topics:
        clock.advance(days=1)
        town.store.save("law_study", valid_record("law_study", topic=topic), CLERK)
        world.import_(world.export(town).path)
        world.receipt(town)


def test_a_reinstalled_townships_next_bundles_are_not_told_as_numbers_given_again(world, valid_record, clock):
    """The new install numbers its bundles from 1 again: each of its next bundles, up to the earlier install's
    last number, came with "已收到过另一个第 2 号数据包（乡镇可能重装或从备份恢复后重新导出）" and stood among 需要处理,
    and 数据完整性 gave the earlier install's last number as the township's."""
    from fazhi_desktop.core.indicators.completeness import completeness

    town = world.town()
    send_studies(world, town, valid_record, clock, "学法一", "学法二", "学法三")
    clock.advance(days=10)
    new = world.reinstall()
    notes = []
    for topic in ("重装后学法一", "重装后学法二"):
        clock.advance(days=1)
        new.store.save("law_study", valid_record("law_study", topic=topic), CLERK)
        notes.append(world.import_(world.export(new).path).notes)
        world.receipt(new)
    # the first said only 乡镇重装过, not also 已收到过另一个第 1 号数据包（…重装或从备份恢复…）
    assert len(notes[0]) == 1 and notes[0][0].startswith("乡镇重装过") and notes[1] == []
    row = next(t for t in completeness(world.county, 2026).townships if t.code == TOWNSHIP)
    assert (row.bundles, row.last_sequence, row.missing, row.log_gap) == (5, 2, (), None)


def in_post(world) -> list[tuple]:
    return sorted(world.county.conn.execute("SELECT name, title, left_on, active FROM township_people"))


def test_a_reinstalled_township_is_judged_on_its_new_roster(world, valid_record, clock):
    """The county kept the earlier install's roster beside the new one: 马志刚 still in post there, a second
    田玉春; T47 at the county 1/2 未达标, at the township 1/1 达标."""
    town = world.town()
    add_person(town.store, CLERK, "马志刚", "镇党委书记", roles=["主要负责同志"])
    add_person(town.store, CLERK, "田玉春", "镇长", roles=["主要负责同志"])
    world.import_(world.export(town).path)
    clock.advance(days=80)
    new = world.reinstall()
    add_person(new.store, CLERK, "田玉春", "镇长", roles=["主要负责同志"])
    add_person(new.store, CLERK, "马志刚", "镇党委书记", roles=["主要负责同志"], left_on="2026-06-30")
    new.store.save("law_study", valid_record("law_study", activity_type="领导干部述法", topic="2026年度述法",
                                             held_on="2026-12-20", reporters=["田玉春"]), CLERK)
    report = world.import_(world.export(new).path)
    # the same two people entered again (new ids): nobody is gone from the roster (it said 2 人…已去掉)
    assert not any(note.startswith("名册以本数据包为准") for note in report.notes)
    assert in_post(world) == [("田玉春", "镇长", None, 1), ("马志刚", "镇党委书记", "2026-06-30", 0)]
    county, township = figure(world.county, "T47"), figure(new.store, "T47")
    assert (county.numerator, county.denominator, county.status) == (1, 1, "达标")
    assert (township.numerator, township.denominator, township.status) == (1, 1, "达标")


def restored(world, backup) -> tuple[Store, object]:
    (world.root / "usb-restored").mkdir()
    store = Store.open(backup, world.ledgers, world.clock)
    return store, keymod.unlock_township_key(store, TOWN_PASS)


def sent_at_once(world, backup):
    """The backup restored and exported before anything new is done, imported at the county: the report."""
    store, signer = restored(world, backup)
    try:
        return world.import_(export_bundle(store, world.root / "usb-restored", signer).path)
    finally:
        store.close()


def test_a_backup_exported_at_once_that_cuts_one_entry_names_it_alone(world, valid_record, clock):
    """The import note said 县里已收到第 2–2 条 …这几条乡镇已没有 of the one change made after the backup."""
    town = world.town()
    record = town.store.save("meeting", valid_record("meeting"), CLERK)
    world.import_(world.export(town).path)
    backup = copy_database(world, town)
    clock.advance(days=1)
    town.store.save("meeting", {"location": "会议室甲"}, CLERK, record_id=record.id)
    world.import_(world.export(town).path)
    clock.advance(days=1)
    report = sent_at_once(world, backup)
    assert "变更日志只到第 1 条，县里已收到第 2 条：乡镇从备份恢复后未做新的改动就导出，这条乡镇已没有，" \
           "此后以本数据包的变更日志为准" in report.notes, report.notes


def test_a_backup_exported_at_once_under_a_number_never_received_is_a_restore_too(world, valid_record, clock):
    """The county held 第 1 and 第 3 号 (第 2 号 lost on the way) when the township restored the backup taken after 第 1
    号 and exported at once, numbering it 第 2 号 again: judged a restore only on the year-log side, its records were
    not (the county counted three studies of a township that had one, 数据完整性 said nothing, and the report called
    it an older bundle come late). Told by a number never received only when made more than the slack after the
    bundles held (test_bundles_imported_out_of_order_after_a_clock_put_right_within_the_slack_set_nothing_aside)."""
    from fazhi_desktop.core.indicators.completeness import completeness

    town = world.town()
    town.store.save("law_study", valid_record("law_study", topic="学法一"), CLERK)
    world.import_(world.export(town).path)
    backup = copy_database(world, town)
    for topic in ("学法二", "学法三"):
        clock.advance(hours=1)
        town.store.save("law_study", valid_record("law_study", topic=topic), CLERK)
        sent = world.export(town).path
    world.import_(sent)  # 第 3 号: 第 2 号 never arrives
    clock.advance(days=2)  # past the slack: within it, a clock put right could have made an older bundle look later
    report = sent_at_once(world, backup)
    assert "变更日志只到第 1 条，县里已收到第 2–3 条：乡镇从备份恢复后未做新的改动就导出，这几条乡镇已没有，" \
           "此后以本数据包的变更日志为准" in report.notes, report.notes
    assert not any("顺序颠倒" in note for note in report.notes)
    row = next(t for t in completeness(world.county, 2026).townships if t.code == TOWNSHIP)
    assert row.records["law_study"] == 1
    assert row.problems() == ["2 条记录的版本乡镇已没有（从备份恢复前的数据），不计入指标："
                              "乡镇仍有这些记录的，请乡镇导出时勾选“发送全部数据”；乡镇已没有的（电脑坏了用旧备份恢复），"
                              "县里保留这些记录，写回执给乡镇：回执列出这些记录，乡镇按纸质材料补录"]


def test_a_roster_edit_after_a_restore_replaces_the_abandoned_one_of_the_same_revision(world, valid_record, clock):
    """Kept by revision, a roster edit the township abandoned by restoring a backup outlived it: a leader it had
    marked as gone (revision 2) stayed gone at the county when the restored township edited him its own way (its
    revision 2 too)."""
    town = world.town()
    leader = add_person(town.store, CLERK, "马志刚", "镇党委书记", roles=["主要负责同志"])
    town.store.save("meeting", valid_record("meeting"), CLERK)
    world.import_(world.export(town).path)
    backup = copy_database(world, town)
    clock.advance(days=1)
    set_active(town.store, leader.id, False, CLERK, left_on="2026-06-01")
    world.import_(world.export(town).path)
    assert in_post(world) == [("马志刚", "镇党委书记", "2026-06-01", 0)]
    clock.advance(days=1)
    store, signer = restored(world, backup)
    try:
        update_person(store, leader.id, CLERK, "马志刚", "镇党委书记（兼）", roles=["主要负责同志"])
        report = world.import_(export_bundle(store, world.root / "usb-restored", signer).path)
    finally:
        store.close()
    assert report.people == 1
    assert in_post(world) == [("马志刚", "镇党委书记（兼）", None, 1)]


def test_a_late_bundle_of_the_abandoned_history_leaves_the_roster_alone(world, valid_record, clock):
    """A bundle the township made before restoring a backup, imported after the restored township's, brought its
    abandoned roster edits (revision 3, higher than the township's own) and they won: the leader gone again."""
    town = world.town()
    leader = add_person(town.store, CLERK, "马志刚", "镇党委书记", roles=["主要负责同志"])
    meeting = town.store.save("meeting", valid_record("meeting"), CLERK)
    world.import_(world.export(town).path)
    backup = copy_database(world, town)
    clock.advance(days=1)
    set_active(town.store, leader.id, False, CLERK, left_on="2026-06-01")
    update_person(town.store, leader.id, CLERK, "马志刚", "原镇党委书记", roles=["主要负责同志"], left_on="2026-06-01")
    town.store.save("meeting", {"location": "会议室甲"}, CLERK, record_id=meeting.id)
    late = world.export(town).path  # of the history about to be abandoned, found later in a drawer
    clock.advance(days=1)
    store, signer = restored(world, backup)
    try:
        store.save("meeting", {"location": "会议室丙"}, CLERK, record_id=meeting.id)
        world.import_(export_bundle(store, world.root / "usb-restored", signer).path)
    finally:
        store.close()
    report = world.import_(late)
    assert any("本数据包较旧" in note for note in report.notes) and report.people == 0
    assert in_post(world) == [("马志刚", "镇党委书记", None, 1)]


def test_a_roster_change_after_an_export_with_the_clock_ahead_reaches_the_county(world, clock):
    """The township's clock ran 40 days ahead for one export; set right (and confirmed), its next bundle was made
    "before" that one, and the county dropped the roster it brought without a word (名册更新 0 人, 田玉春 never
    there: T47 judged on the old roster). A township numbers its bundles in order whatever its clock says."""
    town = world.town()
    add_person(town.store, CLERK, "马志刚", "镇党委书记", roles=["主要负责同志"])
    clock.advance(days=40)
    world.import_(world.export(town).path)
    world.receipt(town)
    clock.advance(days=-40)
    add_person(town.store, CLERK, "田玉春", "镇长", roles=["主要负责同志"])
    confirm(town.store, CLERK)
    report = world.import_(world.export(town).path)  # the roster alone: no change-log entry
    assert report.ok and report.people == 1
    assert in_post(world) == [("田玉春", "镇长", None, 1), ("马志刚", "镇党委书记", None, 1)]


def test_a_reinstalled_pc_with_its_clock_behind_sends_its_roster_changes(world, valid_record, clock):
    """Its first bundle was taken (signed with the new key), but every later roster change was dropped, without a
    note, until the new PC's clock passed the earlier install's last bundle."""
    town = world.town()
    add_person(town.store, CLERK, "马志刚", "镇党委书记", roles=["主要负责同志"])
    town.store.save("meeting", valid_record("meeting"), CLERK)
    world.import_(world.export(town).path)
    clock.advance(days=-20)
    new = world.reinstall()
    add_person(new.store, CLERK, "马志刚", "镇党委书记", roles=["主要负责同志"])
    new.store.save("law_study", valid_record("law_study"), CLERK)
    world.import_(world.export(new).path)
    world.receipt(new)
    clock.advance(days=1)
    add_person(new.store, CLERK, "田玉春", "镇长", roles=["主要负责同志"])
    new.store.save("law_study", valid_record("law_study", topic="重装后第二次学法"), CLERK)
    report = world.import_(world.export(new).path)
    assert report.ok and report.new == 1 and report.people == 1
    assert [name for name, *_ in in_post(world)] == ["田玉春", "马志刚"]


def test_after_a_restore_the_roster_follows_the_restored_bundles_not_the_abandoned_numbers(world, valid_record,
                                                                                         clock):
    """A restored township numbers its bundles again as it numbered those it abandoned: its 第3号 is its latest
    though the county holds an abandoned 第4号, and an abandoned bundle imported late (the roster alone, made
    before the restore) does not bring back a roster the township no longer has."""
    town = world.town()
    leader = add_person(town.store, CLERK, "马志刚", "镇党委书记", roles=["主要负责同志"])
    town.store.save("meeting", valid_record("meeting"), CLERK)
    world.import_(world.export(town).path)
    world.receipt(town)
    backup = copy_database(world, town)
    send_studies(world, town, valid_record, clock, "恢复前学法一", "恢复前学法二", "恢复前学法三")  # 第2–4号, abandoned
    clock.advance(days=1)
    set_active(town.store, leader.id, False, CLERK, left_on="2026-06-01")
    late = world.export(town).path  # 第5号: the roster alone, of the history about to be abandoned
    clock.advance(days=1)
    store, signer = restored(world, backup)
    try:
        store.save("law_study", valid_record("law_study", topic="恢复后学法一"), CLERK)
        first = world.import_(export_bundle(store, world.root / "usb-restored", signer).path)  # 第2号 again
        clock.advance(days=1)
        add_person(store, CLERK, "田玉春", "镇长", roles=["主要负责同志"])
        store.save("law_study", valid_record("law_study", topic="恢复后学法二"), CLERK)
        second = world.import_(export_bundle(store, world.root / "usb-restored", signer).path)  # 第3号
    finally:
        store.close()
    assert any("乡镇数据库可能从备份恢复过" in note for note in first.notes)
    assert second.sequence == 3 and second.people == 1
    assert in_post(world) == [("田玉春", "镇长", None, 1), ("马志刚", "镇党委书记", None, 1)]
    assert world.import_(late).people == 0
    assert in_post(world) == [("田玉春", "镇长", None, 1), ("马志刚", "镇党委书记", None, 1)]


def reinstalled_roster_first(world, valid_record, clock):
    """A township that sent 3 bundles (3 records) re-installs; its clerk enters the roster first and exports it."""
    town = world.town()
    add_person(town.store, CLERK, "马志刚", "镇党委书记", roles=["主要负责同志"])
    send_studies(world, town, valid_record, clock, "学法一", "学法二", "学法三")
    clock.advance(days=10)
    new = world.reinstall()
    add_person(new.store, CLERK, "田玉春", "镇长", roles=["主要负责同志"])
    return new, world.import_(world.export(new).path)


def test_a_reinstall_whose_first_bundle_holds_only_the_roster_is_told_at_once(world, valid_record, clock):
    """The re-install was recognised only once a bundle carried changes: the roster-only first one was taken as a
    normal bundle, the county's receipt then confirmed the earlier install's log (确认到变更第 3 条，但本所变更日志
    只到第 0 条) and was refused at the township, and the next bundle marked the new install's 第1号 as the earlier
    install's."""
    from fazhi_desktop.core.indicators.completeness import completeness

    new, first = reinstalled_roster_first(world, valid_record, clock)
    assert first.ok and first.people == 1
    assert first.notes[0].startswith("乡镇重装过") and "重装前的 3 条记录乡镇已没有" in first.notes[0]
    assert first.notes[1:] == ["名册以本数据包为准：县里原有的 1 人乡镇名册中已没有，已去掉"
                               "（马志刚；乡镇重装或从备份恢复过）"]
    assert world.receipt(new).acknowledged_through == 0
    for topic in ("重装后学法一", "重装后学法二"):
        clock.advance(days=1)
        new.store.save("law_study", valid_record("law_study", topic=topic), CLERK)
        report = world.import_(world.export(new).path)
        assert report.ok and report.new == 1 and report.notes == []
        world.receipt(new)
    assert in_post(world) == [("田玉春", "镇长", None, 1)]
    row = next(t for t in completeness(world.county, 2026).townships if t.code == TOWNSHIP)
    assert (row.bundles, row.last_sequence, row.missing, row.log_gap) == (6, 3, (), None)
    held = [row[0] for row in world.county.conn.execute('SELECT id FROM law_study WHERE deleted = 0')]
    assert len(held) == 5 and len(world.county.earlier_install(held)) == 3 and set_aside_ids(world) == set()


def current_install_bundles(world) -> list[int]:
    """The numbers of the township's bundles the county holds as its install's now (not the earlier one's)."""
    return sorted(row[0] for row in world.county.conn.execute(
        "SELECT sequence FROM bundles_received WHERE township = ? AND replaced_by IS NULL", [TOWNSHIP]))


def test_a_new_installs_bundle_taken_for_a_normal_one_stays_the_new_installs(world, valid_record, clock,
                                                                             monkeypatch):
    """A county program before this one took a re-install's roster-only first bundle for a normal one. When the next
    bundle told the re-install, its 第1号 was marked the earlier install's with the rest, and the new install's
    numbering at the county (its notes, 数据完整性) went without it."""
    from fazhi_desktop.core.bundle import apply

    monkeypatch.setattr(apply, "_holds_log", lambda store, township: False)  # as that program did
    new, first = reinstalled_roster_first(world, valid_record, clock)
    monkeypatch.undo()
    assert not any("乡镇重装过" in note for note in first.notes)
    clock.advance(days=1)
    new.store.save("law_study", valid_record("law_study", topic="重装后学法一"), CLERK)
    second = world.import_(world.export(new).path)
    assert second.notes[0].startswith("乡镇重装过") and not any("已收到过另一个" in note for note in second.notes)
    assert current_install_bundles(world) == [1, 2]


def test_a_township_that_kept_its_key_through_a_reinstall_is_told_apart_all_the_same(world, valid_record, clock):
    """A new database beside the old key folder (the PC's database lost, its keys not): no new key to tell the
    earlier install's bundles by, so all of them are that install's."""
    import shutil

    from fazhi_desktop.core.bundle import county_key
    from fazhi_desktop.core.setup import init_database

    town = world.town()
    for topic in ("学法一", "学法二"):
        clock.advance(days=1)
        town.store.save("law_study", valid_record("law_study", topic=topic), CLERK)
        world.import_(world.export(town).path)
        world.receipt(town)
    clock.advance(days=10)
    store = init_database(world.root / "again.db", TOWNSHIP, operator=CLERK, ledgers=world.ledgers, clock=clock)
    try:
        shutil.copytree(keymod.keys_dir(town.store), keymod.keys_dir(store))
        county_key.add_county_keys(store, world.public.file_text(), CLERK)
        signer = keymod.unlock_township_key(store, TOWN_PASS)
        (world.root / "usb-again").mkdir()
        notes = []
        for topic in ("重装后学法一", "重装后学法二"):
            clock.advance(days=1)
            store.save("law_study", valid_record("law_study", topic=topic), CLERK)
            notes.append(world.import_(export_bundle(store, world.root / "usb-again", signer).path).notes)
    finally:
        store.close()
    assert len(notes[0]) == 1 and notes[0][0].startswith("乡镇重装过") and notes[1] == []
    assert current_install_bundles(world) == [1, 2]


def test_a_township_with_a_new_key_for_a_forgotten_passphrase_has_not_reinstalled(world, valid_record, clock):
    """A new key on the same database (the passphrase forgotten: `fazhi keys init --replace`, enrolled again) signs
    a bundle with the roster alone: the township's log is still there, so it is no re-install."""
    town = world.town()
    town.store.save("law_study", valid_record("law_study"), CLERK)
    world.import_(world.export(town).path)
    world.receipt(town)
    clock.advance(days=1)
    keymod.init_township_key(town.store, TOWN_PASS, replace=True, cost=LOW_COST)
    keymod.enrol(world.county, keymod.township_key(town.store), ACTOR, replace=True)
    town.signer = keymod.unlock_township_key(town.store, TOWN_PASS)
    add_person(town.store, CLERK, "田玉春", "镇长", roles=["主要负责同志"])
    report = world.import_(world.export(town).path)
    assert report.ok and report.people == 1 and report.notes == []
    assert covered_through(world.county, TOWNSHIP) == 1 and current_install_bundles(world) == [1, 2]



def test_bundles_imported_out_of_order_after_a_clock_put_right_within_the_slack_set_nothing_aside(
        world, valid_record, clock):
    """第 1 号 made while the PC's zone was 8 hours ahead, the clock put right (within the slack: nothing asked), 第 2
    号 made and imported first: 第 1 号, made "later" under a number never received, was taken for a restore's bundle
    exported at once: the county's log cut, 第 2 号's study set aside, the roster rolled back."""
    from fazhi_desktop.core.indicators.completeness import completeness

    town = world.town()
    town.store.save("law_study", valid_record("law_study", topic="学法一"), CLERK)
    clock.advance(hours=8)
    first = world.export(town).path  # stamped 8 hours late; the stick left in a drawer
    clock.advance(hours=-7)
    town.store.save("law_study", valid_record("law_study", topic="学法二"), CLERK)
    world.import_(world.export(town).path)
    report = world.import_(first)
    assert report.notes == ["第 1 号早于已收到的第 2 号（顺序颠倒；较旧的内容不会覆盖较新的）"], report.notes
    row = next(t for t in completeness(world.county, 2026).townships if t.code == TOWNSHIP)
    assert (row.records["law_study"], row.set_aside, row.problems()) == (2, 0, [])


def test_an_older_bundle_come_late_after_a_clock_put_right_does_not_tell_a_closed_year_restored(
        world, valid_record, clock, beijing_time):
    """The out-of-order case above with 2026 closed: 第 1 号 made while the PC ran 8 hours ahead, the clock put right
    (within the slack, nothing asked), 2026 closed and 第 2 号 sent and imported first. 第 1 号's change log was no
    longer taken for a restore's, but its year log still was: the county reviewer read 乡镇从备份恢复或重装过 in the
    report and in 需关注, for good. Without a restore's sign the county asks the township instead."""
    from datetime import UTC, datetime

    from fazhi_desktop.core import year_close
    from fazhi_desktop.core.indicators.completeness import completeness
    from fazhi_desktop.core.indicators.views import completeness_view

    town = world.town()
    clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    review_steps.submit(town.store, town.store.save("law_study", valid_record("law_study"), CLERK).id, CLERK)
    clock.advance(hours=8)
    first = world.export(town).path  # stamped 8 hours late
    clock.advance(hours=-7)
    year_close.close_year(town.store, 2026, CLERK)  # 11:00 Beijing time
    town.store.save("law_study", valid_record("law_study", held_on="2027-01-12"), CLERK)
    world.import_(world.export(town).path)
    report = world.import_(first)
    unconfirmed = ("县里收到过的 2027-01-12 11:00（北京时间）封账 在乡镇的年度封账日志中已没有"
                   "（其变更日志并未显示从备份恢复或重装，请向乡镇核实）")
    assert report.notes == ["第 1 号早于已收到的第 2 号（顺序颠倒；较旧的内容不会覆盖较新的）",
                            f"2026年{unconfirmed}，现在没有封账；本数据包没有改动该年的记录"], report.notes
    view = completeness_view(world.county, completeness(world.county, 2026))
    attention = dict(zip(view.headers, next(row for row in view.rows if row[1] == TOWNSHIP), strict=True))["需关注"]
    assert f"；{unconfirmed}；" in attention and "从备份恢复或重装过" not in attention, attention
