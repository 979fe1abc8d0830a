# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""Settling a conflict at the county: both versions field by field, keep or take, moot conflicts, permissions; the
record set aside while its conflict waits (its township restored a backup)."""

from __future__ import annotations

import json

import pytest
from bundle_world import TOWN_PASS, conflicted, county_template, make_conflict, world  # noqa: F401  (fixtures)

from fazhi_desktop.cli import main as cli_main
from fazhi_desktop.core import accounts, search
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.conflicts import (
    KEEP_HELD,
    SAME_TO_READ,
    SUPERSEDED,
    TAKE_INCOMING,
    BundleConflict,
    differences,
    get_conflict,
    list_conflicts,
    resolve_conflict,
)
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.db import search_table, transaction
from fazhi_desktop.core.errors import Conflict, PermissionDenied
from fazhi_desktop.core.ids import canonical_json, sha256_text
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.store import Store


def search_ids(store: Store, text: str) -> set[str]:
    """The meetings the search index finds for `text` (the index alone, no confirmation on the text)."""
    table = search_table("meeting")
    rows = store.query(f'SELECT m.id FROM "{table}" s JOIN meeting m ON m.rid = s.rowid WHERE "{table}" MATCH ?',
                       [search.Query(text).match])
    return {row["id"] for row in rows}


def test_a_conflict_shows_both_versions_field_by_field(conflicted):
    world, _, record = conflicted
    [conflict] = list_conflicts(world.county)
    assert (conflict.township, conflict.ledger, conflict.number, conflict.revision) == (
        "640522100", "meeting", record.number, 2)
    assert conflict.open and not conflict.superseded and conflict.status_text == "待处理"
    changed = [(d.label, d.before, d.after) for d in differences(world.county, conflict)]
    assert changed == [("地点", "会议室甲", "会议室乙")]


def another_conflict(world, record_id: str, change) -> BundleConflict:
    """A second conflict beside `conflicted`'s: the county's `record_id` as held, changed by `change` (given its
    content), as the incoming version (what `differences` reads of it; the line is not verified again)."""
    county = world.county
    first = county.query("SELECT * FROM conflicts ORDER BY id LIMIT 1")[0]
    held = county.get(record_id)
    content = county.content(county.ledger(held.ledger),
                             county.query(f'SELECT * FROM "{held.ledger}" WHERE id = ?', [record_id])[0])
    change(content)
    line = {"content": content, "meta": json.loads(first["incoming"])["meta"]}
    with transaction(county.conn):
        cursor = county.conn.execute(
            "INSERT INTO conflicts (township, ledger, record_id, revision, bundle_id, detected_at, incoming,"
            " incoming_hash, held_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [held.township, held.ledger, record_id, held.revision, first["bundle_id"], first["detected_at"],
             canonical_json(line), sha256_text(canonical_json(content)), held.content_hash])
    return get_conflict(county, cursor.lastrowid)


def compared(world, conflict: BundleConflict) -> list[tuple[str, str, str]]:
    return [(d.label, d.before, d.after) for d in differences(world.county, conflict)]


def test_a_field_unfilled_on_one_side_and_blank_on_the_other_is_no_difference(conflicted, capsys):
    """Before, the reviewer was shown a row 请假/缺席人员 with both sides blank (None against ""); with nothing else
    differing, `fazhi conflicts show` said 两版内容相同 of two versions whose contents differ."""
    world, _, record = conflicted

    def blank(content):
        content["values"].update(absentees="", location="会议室乙")
        content["remarks"] = ""

    assert compared(world, another_conflict(world, record.id, blank)) == [("地点", "会议室甲", "会议室乙")]
    only_blank = another_conflict(world, record.id, lambda content: content["values"].update(absentees=""))
    assert compared(world, only_blank) == []
    assert cli_main(["--db", str(world.county.path), "conflicts", "show", str(only_blank.id)]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [f"  {SAME_TO_READ}"]


def test_a_partys_changed_phone_is_one_row_naming_the_party(conflicted, valid_record):
    """Before, the whole 当事人 group was one cell each side, every party with all their details, for the reviewer
    to find the one phone that differs; a change in the masked digits read the same on both sides."""
    world, town, _ = conflicted
    case = town.store.save("mediation_case", valid_record("mediation_case", parties=[
        {"role": "申请人", "party_type": "自然人", "name": "马某", "phone": "13995012345"},
        {"role": "被申请人", "party_type": "自然人", "name": "李某", "phone": "13895067890"}]), "杨芳")
    world.import_(world.export(town).path)

    def phones(content):
        first, second = content["values"]["parties"]
        first["phone"], second["phone"] = "13995992345", "13895067111"

    assert compared(world, another_conflict(world, case.id, phones)) == [
        ("当事人第1行·联系电话", "139****2345", "139****2345（隐藏的数字有改动）"),
        ("当事人第2行·联系电话", "138****7890", "138****7111")]


def test_keeping_the_held_version_closes_the_conflict_and_changes_no_record(conflicted):
    world, _, record = conflicted
    before = world.county.get(record.id)
    [conflict] = list_conflicts(world.county)
    closed = resolve_conflict(world.county, conflict.id, KEEP_HELD, "县局李明")
    assert not closed.open and closed.resolution == KEEP_HELD and closed.resolved_by == "县局李明"
    assert closed.status_text == "已处理：保留本县原有版本（县局李明）"
    assert world.county.get(record.id) == before
    assert list_conflicts(world.county) == [] and len(list_conflicts(world.county, include_resolved=True)) == 1


def restored_sends_everything(world, name="backup"):
    """The restored township (`conflicted`'s backup.db, or `copy_database`'s `name`.db) exports 全部数据 and the
    county imports it: the report."""
    restored = Store.open(world.root / f"{name}.db", world.ledgers, world.clock)
    try:
        signer = keymod.unlock_township_key(restored, TOWN_PASS)
        usb = world.root / f"usb-{name}"
        usb.mkdir(exist_ok=True)
        path = export_bundle(restored, usb, signer, full=True).path
    finally:
        restored.close()
    return world.import_(path)


def test_keeping_the_county_version_of_a_record_set_aside_counts_it(conflicted):
    """The township restored a backup: the county's version is set aside while the conflict waits. The reviewer
    keeping it decides that it counts (before, it stayed 草稿·不计入 for good, and the township's was dropped too)."""
    world, _, record = conflicted
    assert world.county.county_marks([record.id]) == {record.id: "不计入"}
    [conflict] = list_conflicts(world.county)
    resolve_conflict(world.county, conflict.id, KEEP_HELD, "县局李明")
    assert world.county.county_marks([record.id]) == {}
    restored_sends_everything(world)  # the township's log still lacks the county's version: kept all the same
    assert world.county.county_marks([record.id]) == {}
    assert world.county.get(record.id)["location"] == "会议室甲"


def test_a_kept_version_gives_way_when_the_township_restores_an_older_backup_again(world, valid_record):
    """The reviewer kept the county's 会议室甲 against the township's 会议室乙 (both revision 2); the township then
    restored a backup from before either and sent 全部数据. Before, the county's log was cut back to revision 1, yet
    it went on holding and counting 会议室甲 (a version the township never had since) and reported revision 1
    较旧未覆盖; now it takes the township's revision 1, as it does when nothing was kept."""
    _town, record = make_conflict(world, valid_record, also_backup="older")
    [conflict] = list_conflicts(world.county)
    resolve_conflict(world.county, conflict.id, KEEP_HELD, "县局李明")
    report = restored_sends_everything(world, "older")
    assert (report.older, report.corrected) == (0, 1)
    assert "更新中有 1 条按乡镇现有的版本更正" in "\n".join(report.lines())
    held = world.county.get(record.id)
    assert (held.revision, held["location"]) == (1, record["location"])
    assert world.county.county_marks([record.id]) == {}


def test_completeness_sends_a_record_set_aside_by_its_conflict_to_the_conflict(conflicted):
    """需关注 said 请乡镇导出时勾选“发送全部数据” (the township's 全部数据 brings the same conflict again) and
    本年没有记录 of a township whose one record of the year waits on its conflict."""
    world, town, _record = conflicted
    [said] = [t.problems() for t in completeness(world.county, 2026).townships if t.code == town.code]
    assert said == ["1 条冲突待处理，其中 1 条记录处理前不计入指标（县里的版本乡镇已没有）："
                    "请在“数据交换 → 处理冲突…”中处理（或 fazhi conflicts）"]
    [conflict] = list_conflicts(world.county)
    resolve_conflict(world.county, conflict.id, KEEP_HELD, "县局李明")
    [said] = [t.problems() for t in completeness(world.county, 2026).townships if t.code == town.code]
    assert said == []


def test_a_version_already_decided_on_is_not_reported_as_a_conflict_again(conflicted):
    """Before, the township's 全部数据 bundle reported 冲突…（两边内容不同，已保留待处理） for the version the reviewer
    had settled, while 处理冲突 listed none."""
    world, _, record = conflicted
    [conflict] = list_conflicts(world.county)
    resolve_conflict(world.county, conflict.id, KEEP_HELD, "县局李明")
    report = restored_sends_everything(world)
    text = "\n".join(report.lines())
    assert report.conflicts == [] and "已保留待处理" not in text and "冲突 0 条" in text
    assert f"会议 {record.number} 第 2 版与已处理的冲突相同（已于 " in text
    assert "由 县局李明 保留本县原有版本），未改动" in text
    assert list_conflicts(world.county) == []


def test_a_number_a_set_aside_record_shares_with_another_townships_names_both(conflicted, valid_record):
    """`fazhi show 〔2026〕会记字第60号` named 4 records where 5 townships held that number: a set-aside record was
    dropped whenever another record had its number, meant only for its own township's record numbered again."""
    world, _, record = conflicted
    assert world.county.aside_of([record.id]) == {record.id}  # 海城镇's, while its conflict waits
    liwang = world.town("640522101")
    other = liwang.store.save("meeting", valid_record("meeting", title="李旺镇党委会"), "李")
    world.import_(world.export(liwang).path)
    assert other.number == record.number
    with pytest.raises(Conflict, match=f"编号 {record.number} 有 2 条记录，分属不同乡镇") as refused:
        world.county.find_by_number(record.number)
    assert record.id in str(refused.value) and other.id in str(refused.value)


def test_taking_the_incoming_version_replaces_the_record_with_its_index(conflicted):
    world, _, record = conflicted
    [conflict] = list_conflicts(world.county)
    set_aside = "SELECT record_id FROM set_aside"  # the held version is one the township no longer has
    assert world.county.conn.execute(set_aside).fetchall() == [(record.id,)]
    resolve_conflict(world.county, conflict.id, TAKE_INCOMING, "县局李明")
    assert world.county.conn.execute(set_aside).fetchall() == []  # the township's own version: counted again
    now = world.county.get(record.id)
    assert now["location"] == "会议室乙" and now.revision == 2 and now.content_hash == conflict.incoming_hash
    assert search_ids(world.county, "会议室乙") == {record.id} and search_ids(world.county, "会议室甲") == set()
    assert check_database(world.county).ok  # hashes and index agree with the records
    # the version replaced is kept with the conflict: the comparison still reads the same afterwards
    closed = get_conflict(world.county, conflict.id)
    assert closed.replaced["content"]["values"]["location"] == "会议室甲"
    compared = [(d.label, d.before, d.after) for d in differences(world.county, closed)]
    assert compared == [("地点", "会议室甲", "会议室乙")]
    with pytest.raises(Conflict, match="已于"):
        resolve_conflict(world.county, conflict.id, KEEP_HELD, "县局李明")


def test_a_conflict_overtaken_by_a_newer_revision_can_only_be_closed(conflicted):
    world, town, record = conflicted
    town.store.save("meeting", {"location": "会议室丙"}, "杨芳", record_id=record.id)  # revision 3 arrives
    world.import_(world.export(town).path)
    [conflict] = list_conflicts(world.county)
    assert conflict.superseded and conflict.status_text.startswith("已被新版本取代")
    with pytest.raises(Conflict, match="不能再采用第 2 版"):
        resolve_conflict(world.county, conflict.id, TAKE_INCOMING, "县局李明")
    assert world.county.get(record.id)["location"] == "会议室丙"
    assert resolve_conflict(world.county, conflict.id, KEEP_HELD, "县局李明").resolution == SUPERSEDED


def test_only_a_head_or_admin_decides_and_the_choice_names_the_account(conflicted):
    world, _, record = conflicted
    county = world.county
    accounts.add_account(county, "admin", "管理员", "管理员", "county-admin-01")
    accounts.login(county, "admin", "county-admin-01")
    accounts.add_account(county, "李明", None, "所长", "county-head-01")
    accounts.add_account(county, "王芳", None, "录入员", "county-clerk-01")
    [conflict] = list_conflicts(county)
    county.user = accounts.authenticate(county, "王芳", "county-clerk-01")
    with pytest.raises(PermissionDenied, match="录入员无权处理数据包冲突"):
        resolve_conflict(county, conflict.id, TAKE_INCOMING, "王芳")
    assert get_conflict(county, conflict.id).open and county.get(record.id)["location"] == "会议室甲"
    county.user = accounts.authenticate(county, "李明", "county-head-01")
    assert resolve_conflict(county, conflict.id, TAKE_INCOMING, "someone else").resolved_by == "李明"
