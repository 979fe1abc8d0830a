# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A township that re-installed goes on numbering where it left off: the county's receipt carries the last number it
holds in each series, and the township numbers on after it. Before, the new install numbered from 第1号 again and one
township held two 〔2026〕会记字第1号, two official papers with one number."""

from __future__ import annotations

import json

import pytest
from bundle_world import county_template, signed_again, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle.collect import acked_through
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.bundle.receipts import import_receipt, write_receipts

CLERK = "杨芳"


def numbered(town, ledger: str, record: dict, times: int = 1) -> list[str]:
    return [town.store.save(ledger, record, CLERK).number for _ in range(times)]


def numbering(store) -> list[tuple]:
    return store.conn.execute("SELECT * FROM numbering ORDER BY 1, 2, 3").fetchall()


def test_a_new_install_numbers_on_after_the_receipt_written_when_its_key_was_enrolled(world, valid_record):
    town = world.town()
    assert numbered(town, "meeting", valid_record("meeting"), 3)[-1] == "〔2026〕会记字第3号"
    numbered(town, "mediation_case", valid_record("mediation_case"), 2)
    world.import_(world.export(town).path)
    world.receipt(town)

    new = world.reinstall()  # the PC died without a backup; the new key enrolled with 替换
    early = numbered(new, "complaint", valid_record("complaint"))  # numbered before the receipt: kept
    # right after the enrolment, no bundle from the new install yet: the receipt confirms nothing of a log the county
    # does not hold (the old install's entries would have it refused), and carries the numbers
    [written] = write_receipts(world.county, world.keys, new.usb, [new.code])
    assert (written.for_new_key, written.acknowledged_through, written.bundles) == (True, 0, 0)
    result = import_receipt(new.store, written.path, CLERK)
    assert result.continued == ["2026年会记字从第 4 号起编号（县里已有第 3 号）",
                                "2026年人调字从第 3 号起编号（县里已有第 2 号）"]
    assert new.store.save("meeting", valid_record("meeting"), CLERK).number == "〔2026〕会记字第4号"
    assert numbered(new, "complaint", valid_record("complaint")) == ["〔2026〕投诉字第2号"]  # a series not held
    assert early == ["〔2026〕投诉字第1号"]
    assert numbered(new, "meeting", valid_record("meeting", held_on="2027-02-01")) == ["〔2027〕会记字第1号"]

    # the new install's first bundle makes its log the township's; its receipts follow it and carry both installs'
    assert world.import_(world.export(new).path).ok
    again = world.receipt(new)
    assert (again.acknowledged_through, again.continued) == (4, [])  # nothing lower moves a number back


def test_a_receipt_never_lowers_a_number_and_a_tampered_one_is_refused(world, valid_record):
    town = world.town()
    numbered(town, "meeting", valid_record("meeting"), 2)
    world.import_(world.export(town).path)
    numbered(town, "meeting", valid_record("meeting"), 3)  # 第3–5号 not sent yet: the county holds 第2号
    [written] = write_receipts(world.county, world.keys, town.usb, [town.code])
    receipt = json.loads(written.path.read_text(encoding="utf-8"))
    assert receipt["numbering"] == [{"ledger": "meeting", "year": 2026, "prefix": "会记字", "last": 2}]

    raised = json.dumps({**receipt, "numbering": [{**receipt["numbering"][0], "last": 99}]}, ensure_ascii=False)
    tampered = written.path.with_name("tampered.json")
    tampered.write_text(raised, encoding="utf-8")
    tampered.with_name("tampered.json.minisig").write_bytes(written.path.with_name(
        written.path.name + ".minisig").read_bytes())
    before = numbering(town.store)
    with pytest.raises(BundleError, match="核验失败"):
        import_receipt(town.store, tampered, CLERK)
    assert numbering(town.store) == before

    assert import_receipt(town.store, written.path, CLERK).continued == []
    assert numbered(town, "meeting", valid_record("meeting")) == ["〔2026〕会记字第6号"]


def sent_meetings(world, valid_record, times: int):
    """A township that numbered `times` meetings and sent them to the county."""
    town = world.town()
    numbered(town, "meeting", valid_record("meeting"), times)
    world.import_(world.export(town).path)
    return town


def test_a_receipt_of_a_version_before_the_numbers_still_imports(world, valid_record):
    town = sent_meetings(world, valid_record, 1)
    [written] = write_receipts(world.county, world.keys, town.usb, [town.code])
    signed_again(world, written, None)
    result = import_receipt(town.store, written.path, CLERK)
    assert (result.acknowledged_through, result.continued, acked_through(town.store)) == (1, [], 1)


def test_a_number_of_a_year_not_numbered_or_absurdly_high_is_not_carried(world, valid_record):
    town = sent_meetings(world, valid_record, 3)
    # an older version numbered a record of a date typed 0026; another holds 第1000000号
    for number, was in (("〔0026〕会记字第1号", "〔2026〕会记字第1号"),
                        ("〔2026〕会记字第1000000号", "〔2026〕会记字第2号")):
        world.county.conn.execute("UPDATE meeting SET number = ? WHERE number = ?", [number, was])
    [written] = write_receipts(world.county, world.keys, town.usb, [town.code])
    receipt = json.loads(written.path.read_text(encoding="utf-8"))
    assert receipt["numbering"] == [{"ledger": "meeting", "year": 2026, "prefix": "会记字", "last": 3}]
    assert import_receipt(town.store, written.path, CLERK).acknowledged_through == 3
    assert numbered(town, "meeting", valid_record("meeting")) == ["〔2026〕会记字第4号"]


#: what the clerk is told of the receipt below (`fazhi receipt import`, 导入县级回执)
UNUSED = ("回执中有 5 条编号记录未采用：4 条不是本程序能用的（年份不在2000—2100年、编号大于99999、编号字头不是本程序的"
          "或内容不全），"
          "1 条是本程序没有的台账的，可能县里的程序版本与本所不同。"
          "回执的其他内容已照常导入；这些编号系列仍按本所自己的编号接着编。")


def test_a_receipt_with_numbers_it_cannot_use_still_imports_and_uses_the_others(world, valid_record):
    town = sent_meetings(world, valid_record, 1)
    [written] = write_receipts(world.county, world.keys, town.usb, [town.code])
    good = {"ledger": "complaint", "year": 2026, "prefix": "投诉字", "last": 5}
    signed_again(world, written, [{"ledger": "meeting", "year": 26, "prefix": "会记字", "last": 1},
                                  {"ledger": "meeting", "year": 2026, "prefix": "会记字", "last": 1_000_000},
                                  {"ledger": "meeting", "year": 2026, "prefix": "会记字", "last": 2 ** 64},
                                  {"ledger": "meeting", "year": 2026, "prefix": None, "last": 7}, good,
                                  {"ledger": "visit", "year": 2026, "prefix": "访字", "last": 3}])  # a newer form
    result = import_receipt(town.store, written.path, CLERK)
    assert (result.acknowledged_through, acked_through(town.store)) == (1, 1)  # not refused: acknowledged
    assert result.continued == ["2026年投诉字从第 6 号起编号（县里已有第 5 号）"]
    assert result.unused == UNUSED  # said to the clerk, not only logged
    assert numbered(town, "meeting", valid_record("meeting")) == ["〔2026〕会记字第2号"]


def test_a_series_the_ledger_never_numbers_in_is_not_taken_and_the_clerk_is_told(world, valid_record):
    """A prefix the ledger's numbering does not give: before, one that was no valid text stopped the import with a
    traceback, and any other was stored, a megabyte of it too, and the clerk told 2026年人调字从第 6 号起编号 for a
    series of meetings that does not exist."""
    town = sent_meetings(world, valid_record, 1)
    [written] = write_receipts(world.county, world.keys, town.usb, [town.code])
    meeting = {"ledger": "meeting", "year": 2026, "last": 5}
    odd = [{**meeting, "prefix": prefix} for prefix in ("\ud800", "会记字\x00", "人调字", "字" * 100_000)]
    signed_again(world, written, [*odd, {**meeting, "prefix": "会记字", "last": 7},
                                  {**meeting, "prefix": "会记字", "last": 9},
                                  {"ledger": "mediation_case", "year": 2026, "prefix": "行调字", "last": 3}])
    before = numbering(town.store)
    result = import_receipt(town.store, written.path, CLERK)
    assert result.continued == ["2026年会记字从第 10 号起编号（县里已有第 9 号）",  # the higher of a series named twice
                                "2026年行调字从第 4 号起编号（县里已有第 3 号）"]
    assert result.unused == ("回执中有 4 条编号记录未采用：4 条不是本程序能用的（年份不在2000—2100年、编号大于99999、"
                             "编号字头不是本程序的或内容不全），可能县里的程序版本与本所不同。"
                             "回执的其他内容已照常导入；这些编号系列仍按本所自己的编号接着编。")
    assert set(numbering(town.store)) - set(before) == {("meeting", 2026, "会记字", 9),
                                                        ("mediation_case", 2026, "行调字", 3)}


def test_a_numbering_list_longer_than_any_county_writes_is_not_taken(world, valid_record):
    town = sent_meetings(world, valid_record, 1)
    [written] = write_receipts(world.county, world.keys, town.usb, [town.code])
    signed_again(world, written, [{"ledger": "meeting", "year": 2026, "prefix": "会记字", "last": 5}] * 10_001)
    before = numbering(town.store)
    result = import_receipt(town.store, written.path, CLERK)
    assert (result.acknowledged_through, result.continued) == (1, [])
    assert result.unused.startswith("回执中的编号记录格式不对，未采用。")
    assert numbering(town.store) == before
