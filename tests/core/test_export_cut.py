# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""An export cut (a power cut, the task manager) after the bundle got its final name on the stick but before the
database recorded it: the next export or open counts it as sent, so no second bundle of its number is written and
the county sees nothing amiss. Cut before the final name: the number is used again. The kill is simulated by an
exception no cleanup sees (a killed program runs none)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bundle_world import county_template, world  # noqa: F401

from fazhi_desktop.core import export_pending
from fazhi_desktop.core.atomic import PART_SUFFIX
from fazhi_desktop.core.store import Store

ACTOR = "杨芳"


class Killed(BaseException):
    """The program ends here: nothing after it runs."""


def bundles(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.tar.age"))


def cut_after_the_final_name(world, town, monkeypatch) -> None:
    def killed(*_args, **_kwargs):
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(export_pending, "record", killed)
        with pytest.raises(Killed):
            world.export(town)


def cut_before_the_final_name(world, town, monkeypatch) -> None:
    noted, unlink = export_pending.note, Path.unlink

    def note_then_killed(*args, **kwargs):
        noted(*args, **kwargs)
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(export_pending, "note", note_then_killed)
        patch.setattr(export_pending, "drop", lambda store: None)  # a killed program removes nothing
        patch.setattr(Path, "unlink",  # nor its unfinished file
                      lambda path, **kw: None if path.name.endswith(PART_SUFFIX) else unlink(path, **kw))
        with pytest.raises(Killed):
            world.export(town)


def sent(store: Store) -> list[tuple[int, str]]:
    return store.conn.execute("SELECT sequence, file_name FROM bundles_sent ORDER BY sequence").fetchall()


def test_a_bundle_on_the_stick_when_the_export_was_cut_counts_as_sent_and_its_number_is_not_written_again(
        world, valid_record, monkeypatch):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    cut_after_the_final_name(world, town, monkeypatch)
    assert bundles(town.usb) == ["fazhi-640522100-000001.tar.age"] and sent(town.store) == []
    town.store.save("meeting", valid_record("meeting", title="后来的会议"), ACTOR)
    again = world.export(town)
    assert bundles(town.usb) == ["fazhi-640522100-000001.tar.age", "fazhi-640522100-000002.tar.age"]
    assert again.sequence == 2
    assert again.earlier == [f"上次导出的第 1 号数据包（fazhi-640522100-000001.tar.age）在程序中断前已写到 {town.usb}，"
                             "现已记为已发送：请把它交给县司法局"]
    assert sent(town.store) == [(1, "fazhi-640522100-000001.tar.age"), (2, "fazhi-640522100-000002.tar.age")]
    reports = [world.import_(town.usb / name) for name in bundles(town.usb)]
    assert [r.ok for r in reports] == [True, True] and [r.notes for r in reports] == [[], []]


def test_opening_the_database_finds_the_bundle_and_says_so(world, valid_record, monkeypatch):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    cut_after_the_final_name(world, town, monkeypatch)
    town.store.close()
    town.store = Store.open(town.store.path, clock=world.clock)
    assert sent(town.store) == [(1, "fazhi-640522100-000001.tar.age")]
    assert town.store.opened_notes == [f"上次导出的第 1 号数据包（fazhi-640522100-000001.tar.age）在程序中断前已写到 "
                                       f"{town.usb}，现已记为已发送：请把它交给县司法局"]
    assert world.export(town).sequence == 2
    assert town.store.setting_in_file(export_pending.SETTING) is None


def test_the_stick_under_another_drive_letter_is_looked_at_too(world, valid_record, monkeypatch):
    town = world.town()
    cut_after_the_final_name(world, town, monkeypatch)
    town.usb = town.usb.rename(town.usb.with_name("usb-another-letter"))
    assert world.export(town).sequence == 2
    assert bundles(town.usb) == ["fazhi-640522100-000001.tar.age", "fazhi-640522100-000002.tar.age"]


def test_an_export_cut_before_the_bundle_got_its_name_uses_its_number_again(world, valid_record, monkeypatch):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    cut_before_the_final_name(world, town, monkeypatch)
    assert bundles(town.usb) == [] and list(town.usb.glob(f"*{PART_SUFFIX}"))  # its unfinished file
    town.store.close()
    town.store = Store.open(town.store.path, clock=world.clock)  # opening drops nothing: the stick may be out
    assert town.store.opened_notes == [] and town.store.setting_in_file(export_pending.SETTING)
    again = world.export(town)
    assert again.sequence == 1 and bundles(town.usb) == ["fazhi-640522100-000001.tar.age"]
    assert again.earlier == ["上次导出的第 1 号数据包（fazhi-640522100-000001.tar.age）在写完之前程序中断，没有写成；"
                             "这次仍用第 1 号"]
    assert world.import_(again.path).notes == []


def test_a_file_of_that_name_with_other_content_is_not_taken_for_the_bundle(world, valid_record, monkeypatch):
    town = world.town()
    cut_after_the_final_name(world, town, monkeypatch)
    (town.usb / "fazhi-640522100-000001.tar.age").write_bytes(b"something else")
    again = world.export(town)
    assert again.sequence == 2 and "现在那里没有这个数据包" in again.earlier[0]


def test_another_stick_under_the_same_drive_letter_does_not_get_a_second_bundle_of_the_number(
        world, valid_record, monkeypatch):
    """Cut after the rename; the next export to another stick, mounted where the first was (E:\\ both): the number
    was used again (…没有写成；这次仍用第 1 号), and the county given both sticks flagged the township for good."""
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    cut_after_the_final_name(world, town, monkeypatch)
    first_stick = town.usb.rename(town.usb.with_name("first-stick"))
    town.usb.mkdir()
    town.store.save("meeting", valid_record("meeting", title="后来的会议"), ACTOR)
    again = world.export(town)
    assert again.sequence == 2 and bundles(town.usb) == ["fazhi-640522100-000002.tar.age"]
    assert again.earlier == [f"上次导出的第 1 号数据包（fazhi-640522100-000001.tar.age）写到 {town.usb} 时程序中断，"
                             "现在那里没有这个数据包（当时的U盘不在？）：已记为已发送，这次用第 2 号；找到那个U盘时，"
                             "上面的 fazhi-640522100-000001.tar.age 也可以交给县司法局（县里不会重复计算）"]
    reports = [world.import_(first_stick / "fazhi-640522100-000001.tar.age"), world.import_(again.path)]
    assert [r.ok for r in reports] == [True, True] and [r.notes for r in reports] == [[], []]


def test_an_export_not_cut_leaves_nothing_pending_and_says_nothing_more(world, valid_record):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    first = world.export(town)
    assert first.earlier == [] and town.store.setting_in_file(export_pending.SETTING) is None
    assert sent(town.store) == [(1, "fazhi-640522100-000001.tar.age")]
    assert world.import_(first.path).notes == []
