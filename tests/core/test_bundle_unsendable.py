# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A record the county would refuse stops the township's export before anything is written, named with how to correct
it: the county's own check on each live record a bundle carries (core/bundle/values.py), run at the township.

The records are planted by SQL (`saved_by_an_older_version`): today's program cannot save a 会议日期 of 9999-12-31,
and an older one did, its row, hash and change-log entry agreeing. Such a database exported without a warning and
the county refused the whole bundle, naming the record and field: a trip to the county with a stick for nothing.
A deleted record is not held to today's rules, at the county or here: it cannot be corrected, and it once stopped
every bundle of its office for good."""

from __future__ import annotations

import pytest
import review_steps
from bundle_world import (  # noqa: F401  (fixtures)
    county_template,
    decrypt,
    encrypt_to,
    held_by_an_older_county,
    resign,
    rewritten,
    saved_by_an_older_version,
    world,
)

from fazhi_desktop.core import review, year_close
from fazhi_desktop.core.bundle import collect, values
from fazhi_desktop.core.bundle.collect import MISSING_NAMED
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.bundle.export import plan_export
from fazhi_desktop.core.check import check_database

ACTOR = "杨芳"
FAR_OFF = "会议日期：年份应在 2000–2100 之间，收到 9999"
OPEN_IT = "请打开记录，改正所说的字段并保存"


def meeting(store, valid_record, title: str = "党委会", **fields):
    return store.save("meeting", valid_record("meeting", title=title, **fields), ACTOR)


def far_off(store, valid_record, title: str = "党委会"):
    """A meeting dated 9999-12-31 as an older version saved it (its number that of the day first typed)."""
    record = meeting(store, valid_record, title)
    saved_by_an_older_version(store, record.id, held_on="9999-12-31")
    return store.get(record.id)


def unchecked(monkeypatch) -> None:
    """The export as it was before it ran the county's check: no record is checked."""
    monkeypatch.setattr(collect, "_county_check", lambda *args: None)


def refusal(store, full: bool = False) -> str:
    with pytest.raises(BundleError) as refused:
        plan_export(store, full)
    return str(refused.value)


def test_the_export_refuses_naming_the_record_the_field_and_the_way_and_writes_nothing(world, valid_record):
    town = world.town()
    meeting(town.store, valid_record, "正常的会")
    odd = far_off(town.store, valid_record)
    assert check_database(town.store).ok  # as an older version left it: hash and change log agree
    with pytest.raises(BundleError) as refused:
        world.export(town)
    assert str(refused.value) == (
        "县里会拒收这个数据包：有记录的内容通不过县里的核验（是以前版本的程序保存的，现在不再接受）：\n"
        f"会议 {odd.number}：{FAR_OFF}\n{OPEN_IT}。改正后再导出")
    assert list(town.usb.iterdir()) == []  # no file on the stick, no number used up
    assert town.store.conn.execute("SELECT count(*) FROM bundles_sent").fetchone() == (0,)

    town.store.save("meeting", {"held_on": "2026-05-20"}, ACTOR, record_id=odd.id)  # as the message says
    report = world.import_(world.export(town).path)
    assert report.ok and report.new == 2


def test_without_the_townships_check_the_county_refuses_the_same_record_for_the_same_reason(
        world, valid_record, monkeypatch):
    """One check for both (values.check_values): what the township names is what the county refuses."""
    town = world.town()
    odd = far_off(town.store, valid_record)
    with monkeypatch.context() as before:
        unchecked(before)
        path = world.export(town).path
    report = world.import_(path)
    assert not report.ok
    assert f"data/ledgers/meeting.jsonl 第 1 行（{odd.number}）：{FAR_OFF}" in report.error
    assert world.county.count("meeting", include_deleted=True) == 0


def test_five_are_named_and_fazhi_check_lists_them_all(world, valid_record):
    town = world.town()
    odd = [far_off(town.store, valid_record, f"第{n}次会议") for n in range(7)]
    said = refusal(town.store)
    assert sum(f"\n会议 {record.number}：{FAR_OFF}\n" in said for record in odd) == MISSING_NAMED == 5
    assert "\n等 7 条（fazhi check 列出全部）\n" in said
    assert said.count(OPEN_IT) == 1  # the way, once for all of them
    assert [(u.number, u.reason) for u in values.unsendable_records(town.store)] == [
        (record.number, FAR_OFF) for record in odd]


def test_a_bundle_is_refused_only_for_the_records_it_carries(world, valid_record):
    """The county checks what a bundle carries: a record an older county took and acknowledged, unchanged since, is
    not sent again in the next bundle, and a full bundle, which sends it, is refused as the county would refuse it."""
    town = world.town()
    odd = far_off(town.store, valid_record)
    held_by_an_older_county(world, town)
    meeting(town.store, valid_record, "新的会")
    plan = plan_export(town.store)
    assert plan.snapshot.counts["meeting"] == 1
    assert plan.snapshot.checked.failing == (odd.id,)  # checked again next time
    assert f"会议 {odd.number}：{FAR_OFF}" in refusal(town.store, full=True)


def test_a_deleted_record_is_not_held_to_todays_rules_and_arrives_deleted(world, valid_record):
    """Such a record cannot be opened and corrected: checked against today's rules at the county (and so here), it
    stopped every bundle of its office for good. The county keeps no file for it and no figure counts it."""
    town = world.town()
    odd = far_off(town.store, valid_record)
    town.store.delete(odd.id, ACTOR)
    assert values.unsendable_records(town.store) == []
    report = world.import_(world.export(town).path)
    assert report.ok, report.error
    assert report.new == 1 and report.new_deleted == 1
    held = world.county.get(odd.id, include_deleted=True)
    assert held.deleted and held["held_on"] == "9999-12-31"
    assert world.county.count("meeting") == 0
    assert check_database(world.county).ok  # stored as it came: its hash is still its own


def test_a_deleted_record_whose_value_the_county_could_not_store_as_it_came_is_refused(world, valid_record,
                                                                                         tmp_path):
    """Its values are still checked for their types: a number in a date field (a township key holder's bundle)
    would come back from the county's text column as text, and the county's own check would call it tampered."""
    town = world.town()
    record = meeting(town.store, valid_record)
    town.store.delete(record.id, ACTOR)
    path = world.export(town).path
    tar_bytes = decrypt(path, world.keys.identity)
    signed = resign(tar_bytes, town.signer,
                    rewritten(tar_bytes, "meeting", lambda content: content["values"].update(held_on=20260520)))
    report = world.import_(encrypt_to(signed, world.public.recipient, tmp_path / path.name))
    assert not report.ok
    said = f"data/ledgers/meeting.jsonl 第 1 行（{record.number}）：会议日期：{values.NOT_CANONICAL}"
    assert report.error.endswith(said)


def test_a_deleted_record_with_a_number_sqlite_cannot_hold_is_refused_in_chinese(world, valid_record, tmp_path):
    """A whole number past SQLite's integers (2**70 in 实际持证人数) stopped the import with an OverflowError when the
    county wrote it, leaving the rest of the stick unimported: it is refused, naming file, record and field."""
    town = world.town()
    record = town.store.save("enforcement_check", valid_record("enforcement_check"), ACTOR)
    town.store.delete(record.id, ACTOR)
    path = world.export(town).path
    tar_bytes = decrypt(path, world.keys.identity)
    signed = resign(tar_bytes, town.signer, rewritten(tar_bytes, "enforcement_check",
                                                      lambda content: content["values"].update(staff_certified=2**70)))
    report = world.import_(encrypt_to(signed, world.public.recipient, tmp_path / path.name))
    assert not report.ok
    assert report.error.endswith(f"data/ledgers/enforcement_check.jsonl 第 1 行（{record.number}）："
                                 f"实际持证人数：{values.TOO_LARGE}")
    assert path.name in report.lines()[0]
    assert world.county.count("enforcement_check", include_deleted=True) == 0


@pytest.mark.parametrize(("steps", "way"), [
    (("submit", "review"), "所长已审核的记录须由所长或管理员打开，改正所说的字段并保存"),
    (("submit", "lock"), "已锁定的记录须由所长或管理员先重新打开（记录窗口下方的“重新打开…”），再改正所说的字段并保存"),
], ids=["reviewed", "locked"])
def test_a_reviewed_or_locked_record_says_who_corrects_it(world, valid_record, steps, way):
    town = world.town()
    odd = far_off(town.store, valid_record)
    for step in steps:
        review.apply(town.store, odd.id, step, ACTOR)
    said = refusal(town.store)
    assert f"{FAR_OFF}\n{way}。改正后再导出" in said and OPEN_IT not in said


def test_a_record_locked_with_its_closed_year_says_what_the_head_does_and_that_works(world, valid_record):
    town = world.town()
    odd = meeting(town.store, valid_record, held_on="2025-03-05")
    saved_by_an_older_version(town.store, odd.id, start_time="25:00")
    review_steps.submit(town.store, odd.id, ACTOR)
    year_close.close_year(town.store, 2025, ACTOR)
    assert town.store.get(odd.id).status == "locked"
    said = refusal(town.store)
    assert f"\n会议 {odd.number}：开始时间：时间“25:00”无效：小时应为0-23，午夜请写 0:00\n" in said
    assert ("2025年已封账的记录须由所长或管理员先重新打开2025年（编辑 → 年度封账…），再重新打开记录，"
            "然后改正所说的字段并保存。改正后再导出") in said
    year_close.reopen_year(town.store, 2025, "更正会议的开始时间", ACTOR)
    review_steps.reopen(town.store, odd.id, "开始时间录错", ACTOR)
    town.store.save("meeting", {"start_time": "9:30"}, ACTOR, record_id=odd.id)
    assert world.import_(world.export(town).path).ok
