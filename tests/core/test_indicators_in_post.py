# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""T47 领导干部述法 of a past year counts the leaders in post then: a leader who left since still counts for the
years they held the post, and one who arrived later does not; the county counts the same from the roster the
bundle carries, also from a program that sent no 到任/离任日期."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
import review_steps
from bundle_world import county_template, decrypt, encrypt_to, files_of, resign, world  # noqa: F401

from fazhi_desktop.core import people, year_close
from fazhi_desktop.core.db import transaction
from fazhi_desktop.core.errors import ValidationError
from fazhi_desktop.core.ids import canonical_json
from fazhi_desktop.core.indicators import compute, drill, load_catalog_for
from fazhi_desktop.core.indicators.roster import standing_day

ACTOR = "杨芳"
LEADER = "主要负责同志"


def report(store, year: int, who: list[str]) -> None:
    store.save("law_study", {"activity_type": "领导干部述法", "topic": f"{year}年度领导干部述法",
                             "held_on": f"{year}-12-20", "reporters": who}, ACTOR)


def three_years(store) -> None:
    """马书记 2020–2025-03-15, 田镇长 since 2019, 李书记 since 2025-03-16, 王某 taken out of use long ago (no day)."""
    people.add_person(store, ACTOR, "马书记", roles=[LEADER], joined_on="2020-01-01", left_on="2025-03-15")
    people.add_person(store, ACTOR, "田镇长", roles=[LEADER], joined_on="2019-06-01")
    people.add_person(store, ACTOR, "李书记", roles=[LEADER], joined_on="2025-03-16")
    gone = people.add_person(store, ACTOR, "王某", roles=[LEADER])
    people.set_active(store, gone.id, False, ACTOR)
    report(store, 2024, ["马书记", "田镇长"])
    report(store, 2025, ["田镇长"])


def t47(store, year: int, today: date | None = None, township: str | None = None) -> tuple:
    figure = compute(store, load_catalog_for(store), year, today=today).figure("T47", township or store.township)
    return figure.numerator, figure.denominator


def test_a_past_year_counts_the_leaders_in_post_that_year(store):
    three_years(store)  # the store's clock says 2026-06-01
    assert t47(store, 2024) == (2, 2)  # 马书记 left in 2025 and still counts for 2024; 李书记 had not arrived
    assert t47(store, 2025) == (1, 2)  # on 31 December 2025: 田镇长 (reported) and 李书记 (did not)
    assert t47(store, 2026) == (0, 2)
    catalog = load_catalog_for(store)
    town = store.township
    assert drill(store, catalog, "T47", 2025, town, "gap").people == [(town, "李书记")]
    assert drill(store, catalog, "T47", 2024, town, "denominator").people == [(town, "田镇长"), (town, "马书记")]


def test_the_people_listed_show_their_post_and_days_in_post(store):
    """A reviewer shown names alone could not tell, after a roster change, why someone owes the year's 述法."""
    people.add_person(store, ACTOR, "马书记", "党委书记", roles=[LEADER], joined_on="2020-01-01", left_on="2025-03-15")
    people.add_person(store, ACTOR, "马书记", "党委书记", roles=[LEADER], joined_on="2025-05-01")  # came back
    people.add_person(store, ACTOR, "田镇长", "镇长", roles=[LEADER], joined_on="2025-09-01")
    people.add_person(store, ACTOR, "田镇长", "调解员", roles=["调解员"])  # the same name, not a leader
    found = drill(store, load_catalog_for(store), "T47", 2025, store.township, "gap")
    assert found.people == [(store.township, "田镇长"), (store.township, "马书记")]
    assert found.post_of(store.township, "田镇长") == ("镇长", "2025-09-01 起")
    assert found.post_of(store.township, "马书记") == ("党委书记", "2020-01-01 至 2025-03-15；2025-05-01 起")


def test_the_current_year_stands_on_today(store):
    three_years(store)
    assert t47(store, 2025, today=date(2025, 3, 15)) == (0, 2)  # 马书记 still in post on the day he left
    assert t47(store, 2025, today=date(2025, 3, 14)) == (0, 2)  # 马书记 and 田镇长; 李书记 not yet
    assert [p for _, p in drill(store, load_catalog_for(store), "T47", 2025, store.township, "denominator",
                                today=date(2025, 3, 14)).people] == ["田镇长", "马书记"]
    assert standing_day(2027, date(2026, 6, 1)) == date(2027, 1, 1)
    assert standing_day(2025, date(2026, 6, 1)) == date(2025, 12, 31)


def test_a_leader_who_reported_and_moved_on_counts_and_one_who_came_after_a_report_is_not_credited(store):
    """马书记 gave 2025's 述法 in June and left on 30 November: he reported, whatever the roster says in December.
    A name in a report counts only for someone in post on its day: 李书记 arrived after the June session."""
    people.add_person(store, ACTOR, "马书记", roles=[LEADER], joined_on="2020-01-01", left_on="2025-11-30")
    people.add_person(store, ACTOR, "田镇长", roles=[LEADER], joined_on="2019-06-01")
    people.add_person(store, ACTOR, "李书记", roles=[LEADER], joined_on="2025-12-01")
    store.save("law_study", {"activity_type": "领导干部述法", "topic": "2025年度领导干部述法", "held_on": "2025-06-20",
                             "reporters": ["马书记", "田镇长", "李书记"]}, ACTOR)
    assert t47(store, 2025) == (2, 3)  # 马 and 田 reported; 李 is in post on 31 December and has not
    catalog, town = load_catalog_for(store), store.township
    assert drill(store, catalog, "T47", 2025, town, "gap").people == [(town, "李书记")]
    assert drill(store, catalog, "T47", 2025, town, "denominator").people == \
        [(town, "李书记"), (town, "田镇长"), (town, "马书记")]


def test_a_report_still_counts_after_its_leader_is_taken_out_of_use_without_a_date(store):
    """停用 with the day left empty dropped 周明's 2025 report from the numerator: a report shows he was in post."""
    zhou = people.add_person(store, ACTOR, "周明", roles=[LEADER])
    people.add_person(store, ACTOR, "田镇长", roles=[LEADER])
    report(store, 2025, ["周明"])
    assert t47(store, 2025) == (1, 2)
    people.set_active(store, zhou.id, False, ACTOR)  # no 离任日期
    assert t47(store, 2025) == (1, 2)  # he reported; 田镇长 did not
    assert t47(store, 2026) == (0, 1)  # and he owes nothing in a year he is not known to be in post


def test_a_month_alone_is_taken_as_the_whole_month_in_post(store):
    """Appointments are often known to the month: “2024年6月” was refused, and the clerk had to invent a day."""
    person = people.add_person(store, ACTOR, "何平", roles=[LEADER], joined_on="2019年3月", left_on="2024年6月")
    assert (person.joined_on, person.left_on) == ("2019-03-01", "2024-06-30")
    with pytest.raises(ValidationError, match="离任日期"):
        people.add_person(store, ACTOR, "何平", roles=[LEADER], left_on="2024年13月")
    this_month = people.add_person(store, ACTOR, "周明", roles=[LEADER], left_on="2026年6月")  # today: 2026-06-01
    assert this_month.left_on == "2026-06-01"  # not the 30th: that lies ahead


def test_a_day_left_is_checked(store):
    with pytest.raises(ValidationError, match="离任日期：晚于今天"):
        people.add_person(store, ACTOR, "马书记", roles=[LEADER], left_on="2026-06-02")
    with pytest.raises(ValidationError, match="离任日期：早于到任日期 2021-03-01"):
        people.add_person(store, ACTOR, "马书记", roles=[LEADER], joined_on="2021-03-01", left_on="2021-02-28")
    with pytest.raises(ValidationError, match="到任日期"):
        people.add_person(store, ACTOR, "马书记", roles=[LEADER], joined_on="2021-02-30")
    assert people.list_people(store) == []
    person = people.add_person(store, ACTOR, "马书记", roles=[LEADER], left_on="2026年5月31日")
    assert (person.left_on, person.active) == ("2026-05-31", False)  # left: not offered for new records


def test_the_county_counts_the_same_from_the_bundle(world):
    town = world.town("640522100")
    three_years(town.store)
    world.clock.set(datetime(2026, 6, 1, 8, 0, tzinfo=UTC))
    result = world.import_(world.export(town).path)
    assert result.ok, result.error
    for year in (2024, 2025, 2026):
        assert t47(world.county, year, township=town.code) == t47(town.store, year), year
    held = dict(world.county.conn.execute("SELECT name, left_on FROM township_people WHERE township = ?",
                                          [town.code]).fetchall())
    assert held["马书记"] == "2025-03-15"
    # the county's drill-down shows why 马书记 counts for 2024 from the roster the bundle carried (no 职务: roles)
    listed = drill(world.county, load_catalog_for(world.county), "T47", 2024, town.code, "denominator")
    assert listed.post_of(town.code, "马书记") == (LEADER, "2020-01-01 至 2025-03-15")


def test_a_roster_from_a_program_before_the_days_is_read_as_days_not_known(world, tmp_path):
    """A township still on the older program sends roster entries without 到任/离任日期: accepted, and its people
    in use count as in post (what the older program counted)."""
    town = world.town("640522100")
    three_years(town.store)
    world.clock.set(datetime(2026, 6, 1, 8, 0, tzinfo=UTC))
    tar_bytes = decrypt(world.export(town).path, world.keys.identity)
    roster = [json.loads(line) for line in files_of(tar_bytes)["data/roster.jsonl"].splitlines()]
    older = b"".join(canonical_json({k: v for k, v in p.items() if k not in ("joined_on", "left_on")}).encode()
                     + b"\n" for p in roster)
    path = encrypt_to(resign(tar_bytes, town.signer, {"data/roster.jsonl": older}), world.public.recipient,
                      tmp_path / "fazhi-640522100-000001.tar.age")
    result = world.import_(path)
    assert result.ok, result.error
    assert result.people == 4
    held = world.county.conn.execute("SELECT count(*) FROM township_people WHERE joined_on IS NULL"
                                     " AND left_on IS NULL").fetchone()[0]
    assert held == 4
    assert t47(world.county, 2025, township=town.code) == (1, 2)  # 田镇长 and 李书记, in use; 马书记 is not


def test_a_person_without_days_is_sent_as_an_older_program_sent_them(world):
    """An older county refuses roster keys it does not know: a day not known is left out of the line."""
    town = world.town("640522100")
    people.add_person(town.store, ACTOR, "田镇长", roles=[LEADER])
    people.add_person(town.store, ACTOR, "马书记", roles=[LEADER], joined_on="2020-01-01")
    tar_bytes = decrypt(world.export(town).path, world.keys.identity)
    lines = [json.loads(line) for line in files_of(tar_bytes)["data/roster.jsonl"].splitlines()]
    keys = {line["name"]: set(line) for line in lines}
    assert "joined_on" not in keys["田镇长"] and "left_on" not in keys["田镇长"]
    assert "joined_on" in keys["马书记"] and "left_on" not in keys["马书记"]
    assert world.import_(world.export(town, full=True).path).ok


@pytest.mark.usefixtures("beijing_time")
def test_a_name_saved_with_a_tab_counts_as_the_name_so_correcting_it_moves_no_closed_figure(world):
    """马文军\t (a tab an earlier version let be saved) is the 马文军 the 述法 names: closed 2026 reads 1/1 before the
    township corrects the tab (allowed without reopening, people.counted_name) and after, here and at the county."""
    town = world.town()
    leader = people.add_person(town.store, ACTOR, "马文军", roles=[LEADER], joined_on="2025-01-01")
    report(town.store, 2026, ["马文军"])
    review_steps.submit(town.store, town.store.query("SELECT id FROM law_study")[0]["id"], ACTOR)
    world.clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    year_close.close_year(town.store, 2026, ACTOR)
    assert world.import_(world.export(town).path).ok
    for store in (town.store, world.county):  # as earlier versions held it
        with transaction(store):
            store.conn.execute(f"UPDATE {'township_people' if store.is_county else 'people'} SET name = ?",
                               ["马文军\t"])
    assert t47(town.store, 2026) == t47(world.county, 2026, township=town.code) == (1, 1)
    gap = drill(world.county, load_catalog_for(world.county), "T47", 2026, town.code, "denominator")
    assert gap.people == [(town.code, "马文军")]
    people.update_person(town.store, leader.id, ACTOR, "马文军", roles=[LEADER], joined_on="2025-01-01")
    assert world.import_(world.export(town).path).ok
    assert t47(town.store, 2026) == t47(world.county, 2026, township=town.code) == (1, 1)


def test_a_name_with_a_control_character_inside_counts_as_the_record_names_it(store):
    """马\x0b文军 (a Word line break inside) an earlier version saved in the roster, and the 述法 record names that text
    as the roster offered it: 1/1, as before the roster names were read cleaned (it read 0/1 on upgrading)."""
    people.add_person(store, ACTOR, "马文军", roles=[LEADER], joined_on="2025-01-01")
    report(store, 2025, ["马文军"])
    with transaction(store):  # as an earlier version held both
        store.conn.execute("UPDATE people SET name = ?", ["马\x0b文军"])
        store.conn.execute("UPDATE law_study SET reporters = ?", [json.dumps(["马\x0b文军"])])
    assert t47(store, 2025) == (1, 1)
    shown = drill(store, load_catalog_for(store), "T47", 2025, store.township, "value")
    assert shown.people == [(store.township, "马文军")]


def test_a_corrected_roster_name_still_counts_for_the_record_naming_it_as_saved(store):
    """The township corrected 马\x0b文军 in the roster (as the export asks); the 述法 record an earlier version filled
    from it still names 马\x0b文军: T47 read 0/1. The record's name is cleaned as the roster's are: 1/1, one person."""
    people.add_person(store, ACTOR, "马文军", roles=[LEADER], joined_on="2025-01-01")
    report(store, 2025, ["马文军"])
    with transaction(store):  # the record as an earlier version saved it; the roster as corrected
        store.conn.execute("UPDATE law_study SET reporters = ?", [json.dumps(["马\x0b文军"])])
    assert t47(store, 2025) == (1, 1)
    catalog = load_catalog_for(store)
    assert drill(store, catalog, "T47", 2025, store.township, "value").people == [(store.township, "马文军")]
    assert drill(store, catalog, "T47", 2025, store.township, "denominator").people == [(store.township, "马文军")]


def test_the_gap_lists_the_reports_whose_names_counted_for_no_one(store):
    """The reviewer's 述法 naming 田镇长 (a free name) read T47 0/1 and no part of the drill-down named the record:
    why the leader looked unreported could not be found. The gap lists it, and a report before a leader's 到任日期,
    under a count line that says what they are; a report naming only leaders in post is not listed."""
    from fazhi_desktop.core.indicators.drill import count_text

    people.add_person(store, ACTOR, "田玉春", "镇长", roles=[LEADER], joined_on="2025-06-20")
    people.add_person(store, ACTOR, "马志刚", "党委书记", roles=[LEADER])
    free = store.save("law_study", {"activity_type": "领导干部述法", "topic": "镇长述法", "held_on": "2025-12-22",
                                    "reporters": ["田镇长"]}, ACTOR)
    early = store.save("law_study", {"activity_type": "领导干部述法", "topic": "上半年述法",
                                     "held_on": "2025-06-10", "reporters": ["田玉春", "马志刚"]}, ACTOR)
    report(store, 2025, ["马志刚"])
    found = drill(store, load_catalog_for(store), "T47", 2025, store.township, "gap")
    assert found.people == [(store.township, "田玉春")]
    assert [r.number for r in found.records] == [early.number, free.number]
    assert count_text(found) == ("共 1 人；另有 2 条记录中有述法人未计入（如“田玉春”不是名册中该日在任的"
                                 "“主要负责同志”）；其中草稿 2 条")


def test_the_gap_line_does_not_say_a_record_that_counted_someone_counted_no_one(store):
    """马志刚、田镇长 in one session: 马志刚 counted from it, 田镇长 (meaning the unreported 田玉春) did not. The count
    line read `另有 1 条记录所列的人不是名册中该日在任的“主要负责同志”，未计入`, as if the record counted for no one;
    it says a 述法人 of it did not count, and which."""
    from fazhi_desktop.core.indicators.drill import count_text

    people.add_person(store, ACTOR, "马志刚", "党委书记", roles=[LEADER])
    people.add_person(store, ACTOR, "田玉春", "镇长", roles=[LEADER])
    report(store, 2025, ["马志刚", "田镇长"])
    found = drill(store, load_catalog_for(store), "T47", 2025, store.township, "gap")
    assert len(found.records) == 1
    assert count_text(found) == ("共 1 人；另有 1 条记录中有述法人未计入（如“田镇长”不是名册中该日在任的"
                                 "“主要负责同志”）；其中草稿 1 条")


def test_a_deputy_reporting_beside_the_leader_is_no_gap_and_alone_is(store):
    """The gap listed a 述法 if any 述法人 counted for no one: the session where 党委书记 马志刚 and 副镇长 李强 both
    reported read as something to correct, though it counted 马志刚 and nothing of it is wrong. Only the session of
    the deputy alone, which counts for no one, is listed beside 田玉春, who has not reported."""
    people.add_person(store, ACTOR, "马志刚", "党委书记", roles=[LEADER])
    people.add_person(store, ACTOR, "田玉春", "镇长", roles=[LEADER])
    report(store, 2025, ["马志刚", "李强"])
    alone = store.save("law_study", {"activity_type": "领导干部述法", "topic": "副镇长述法", "held_on": "2025-12-22",
                                     "reporters": ["李强"]}, ACTOR)
    found = drill(store, load_catalog_for(store), "T47", 2025, store.township, "gap")
    assert found.people == [(store.township, "田玉春")]
    assert [r.number for r in found.records] == [alone.number]


@pytest.mark.parametrize(("free", "listed"), [("田镇长", True), ("镇长", True), ("田玉", True), ("李强", False),
                                              ("李副镇长", False)])
def test_a_free_name_for_the_unreported_leader_beside_one_who_counted_is_listed(store, free, listed):
    """书记 马志刚 and 镇长 田玉春 reported together, the 镇长 written 田镇长: the gap showed 田玉春 未述法 and no
    record, the one the reviewer must see to correct it. A deputy beside the 书记 (李强, 李副镇长) is still not."""
    people.add_person(store, ACTOR, "马志刚", "党委书记", roles=[LEADER])
    people.add_person(store, ACTOR, "田玉春", "镇长", roles=[LEADER])
    rec = store.save("law_study", {"activity_type": "领导干部述法", "topic": "2025年度领导干部述法",
                                   "held_on": "2025-12-20", "reporters": ["马志刚", free]}, ACTOR)
    found = drill(store, load_catalog_for(store), "T47", 2025, store.township, "gap")
    assert found.people == [(store.township, "田玉春")]
    assert [r.number for r in found.records] == ([rec.number] if listed else [])
