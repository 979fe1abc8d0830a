# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""At the county, a township's closed year reopened to move a 主要负责同志's 到任日期 into it (T47 then owes one more
report) was told as 已于 … 重新打开（原因：…）…再次封账；本数据包没有改动该年的记录: the roster the bundle carried
changed the scored figure unseen. The import report now names the people whose place in that year moved."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from bundle_world import Town, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core import people, roster_move_notes, year_close
from fazhi_desktop.core.db import transaction
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.store import Store

pytestmark = pytest.mark.usefixtures("beijing_time")  # the year log's times are the township's local ones

LEADER = "主要负责同志"
MOVED = ("名册改动了2026年在任的人员（“领导干部述法”按名册计应述法人数）：马书记（到任日期 2027-01-05 → 2026-06-01）；"
         "该年已评定的指标可能随之改变")


def send(world, town) -> list[str]:
    report = world.import_(world.export(town).path)
    assert report.ok, report.error
    return report.notes


def leaders_day_moved_into_closed_2026(world) -> tuple[Town, list[str]]:
    """海城镇 closes 2026 and sends its roster (bundle 1); reopens 2026 to move 马书记's 到任日期 into it, with changes
    T47 does not count, closes it again and sends bundle 2: (the township, bundle 2's import notes)."""
    town = world.town()
    ma = people.add_person(town.store, "杨芳", "马书记", roles=[LEADER], joined_on="2027-01-05")
    tian = people.add_person(town.store, "杨芳", "田镇长", roles=[LEADER], joined_on="2020-01-01")
    people.add_person(town.store, "杨芳", "苏燕", roles=["调解员"])
    world.clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    year_close.close_year(town.store, 2026, "杨芳")
    assert send(world, town) == []  # the first roster the county holds: nothing scored from one before
    world.clock.set(datetime(2027, 3, 2, 2, 0, tzinfo=UTC))
    year_close.reopen_year(town.store, 2026, "补登马书记的到任日期", "杨芳")
    people.update_person(town.store, ma.id, "杨芳", "马书记", roles=[LEADER], joined_on="2026-06-01")
    people.update_person(town.store, tian.id, "杨芳", "田镇长", phone="13912345678", roles=[LEADER],
                         joined_on="2020-01-01")  # not what T47 counts
    people.add_person(town.store, "杨芳", "王新", roles=[LEADER], joined_on="2027-02-01")  # after the year
    people.add_person(town.store, "杨芳", "虎小平", roles=["调解员"])
    year_close.close_year(town.store, 2026, "杨芳")
    return town, send(world, town)


def test_a_leaders_day_moved_into_a_closed_year_is_named_at_the_county(world):
    town, notes = leaders_day_moved_into_closed_2026(world)
    assert notes[-1] == MOVED
    assert "本数据包没有改动该年的记录" in notes[0]  # the records: still true
    assert send(world, town) == []  # the same roster again


def concerns(store: Store, year: int, town: Town) -> list[str]:
    """数据完整性's 需关注 of the township for the year."""
    return next(t for t in completeness(store, year).townships if t.code == town.code).problems()


def test_the_move_stays_under_concerns_once_the_import_report_is_closed(world):
    """The import report was the only place that said it: once the reviewer closed it, nothing did."""
    town, _ = leaders_day_moved_into_closed_2026(world)
    assert send(world, town) == []  # a later bundle, the roster as the county holds it now
    county = Store.open(world.county.path, ledgers=world.ledgers, clock=world.clock)  # another day, another window
    said = concerns(county, 2026, town)
    assert f"第 2 号数据包的{MOVED}；请重新核对该年指标" in said
    assert said[0].endswith("其间该年记录未变动")  # what to do is the roster's, said next
    assert said[0].startswith("本年度 2027-01-12 10:00（北京时间）"
                              "封账后于 2027-03-02 10:00 重新打开")  # the reopening, first
    assert not any("名册" in text for text in concerns(county, 2027, town))  # of 2026 only
    county.close()


def test_a_township_that_never_closed_a_year_gets_no_roster_note(world):
    town = world.town()
    ma = people.add_person(town.store, "杨芳", "马书记", roles=[LEADER], joined_on="2024-01-05")
    send(world, town)
    people.update_person(town.store, ma.id, "杨芳", "马书记", roles=[LEADER], joined_on="2021-06-01")
    assert send(world, town) == []


def test_a_reworded_note_still_tells_the_moves_of_reports_stored_before(world, monkeypatch):
    """需关注 found the notes by their wording's beginning: a later version rewording the note lost every one stored."""
    town, _ = leaders_day_moved_into_closed_2026(world)
    monkeypatch.setattr(roster_move_notes, "note", lambda year, moved: f"{year}年名册变动：{'；'.join(moved)}")
    said = concerns(world.county, 2026, town)
    assert "第 2 号数据包的2026年名册变动：马书记（到任日期 2027-01-05 → 2026-06-01）；请重新核对该年指标" in said


def test_a_report_stored_before_the_moves_were_kept_as_data_is_read_by_its_text(world):
    town, _ = leaders_day_moved_into_closed_2026(world)
    with transaction(world.county):  # as the sixteenth session's build stored it: the note's text only
        world.county.conn.execute("UPDATE bundles_received SET report = json_remove(report, '$.roster_moved')")
    assert f"第 2 号数据包的{MOVED}；请重新核对该年指标" in concerns(world.county, 2026, town)


def test_a_name_corrected_of_its_tab_is_no_roster_move_at_the_county(world):
    """A county holding a leader's name with the tab an earlier township version saved: the township corrects it in
    closed 2026 (no change to who was in post), and the import said 名册改动了2026年在任的人员…：马文军（姓名 马文军\t →
    马文军）；该年已评定的指标可能随之改变."""
    town = world.town()
    person = people.add_person(town.store, "杨芳", "马文军", roles=[LEADER], joined_on="2025-01-01")
    world.clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    year_close.close_year(town.store, 2026, "杨芳")
    assert send(world, town) == []
    county = Store.open(world.county.path, ledgers=world.ledgers, clock=world.clock)
    with transaction(county):  # as an earlier version held what an earlier township version sent
        county.conn.execute("UPDATE township_people SET name = ?", ["马文军\t"])
    county.close()
    with transaction(town.store):
        town.store.conn.execute("UPDATE people SET name = ?", ["马文军\t"])
    people.update_person(town.store, person.id, "杨芳", "马文军", roles=[LEADER], joined_on="2025-01-01")
    assert send(world, town) == []
