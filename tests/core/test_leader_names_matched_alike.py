# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A 述法人 / 主讲人 is matched to the roster one way only, by the figures, the record's own check and the editor's fill
(code review F): a name written with a 职务 after it (王伟书记) is no roster person's, for the words point at a name,
not a person (a 纪委书记 namesake of the 镇长 made the 镇长's 述法 达标); spaces within a name of Chinese characters
only (王　伟) are still no part of it. And T47 without a leader on the roster is 进行中 before 1 December."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bundle_world import county_template, world  # noqa: F401

from fazhi_desktop.core.indicators import compute, load_catalog_for
from fazhi_desktop.core.indicators import status as st
from fazhi_desktop.core.people import add_person
from fazhi_desktop.core.validate import clean_record

TODAY = date(2026, 12, 20)
NOT_COUNTED = "不计入领导干部述法"


def fig(store, code, town=None, today=TODAY):
    return compute(store, load_catalog_for(store), 2026, today=today).figure(code, town or store.township)


def shufa(store, valid_record, reporters, day="2026-12-05"):
    values = valid_record("law_study", held_on=day, topic=f"述法{day}", activity_type="领导干部述法",
                          reporters=reporters)
    store.save("law_study", values, "杨芳")
    return values


def said(store, values) -> list[str]:
    ledger = store.ledger("law_study")
    return [f"{w.label}：{w.message}" for w in clean_record(ledger, values, store.lookups(ledger)).warnings]


def test_a_post_after_a_name_counts_for_no_one_and_the_record_says_so(store, valid_record):
    """王伟 the 镇长 (a leader) has not reported; 王伟 the 纪委书记 has, written 王伟书记: T47 read 1 / 1 达标."""
    add_person(store, "杨芳", "王伟", "镇长", roles=["主要负责同志"])
    add_person(store, "杨芳", "王伟", "纪委书记")
    values = shufa(store, valid_record, ["王伟书记"])
    f = fig(store, "T47")
    assert (f.numerator, f.denominator, f.status) == (0, 1, st.AT_RISK)
    assert any("王伟书记" in s and NOT_COUNTED in s for s in said(store, values)), said(store, values)


def test_the_check_and_the_figure_agree_on_each_name(store, valid_record):
    """马志刚书记 was counted while the record said 不计入; 王　伟 was said 不计入 while it was counted."""
    add_person(store, "杨芳", "马志刚", "镇党委书记", roles=["主要负责同志"])
    add_person(store, "杨芳", "王伟", "镇长", roles=["主要负责同志"])
    titled = shufa(store, valid_record, ["马志刚书记"], "2026-12-05")
    padded = shufa(store, valid_record, ["王　伟"], "2026-12-06")  # a full-width space, as names are aligned
    f = fig(store, "T47")
    assert (f.numerator, f.denominator) == (1, 2)  # 王伟 only
    assert any(NOT_COUNTED in s for s in said(store, titled)), said(store, titled)
    assert not any(NOT_COUNTED in s for s in said(store, padded)), said(store, padded)


def test_two_namesake_leaders_written_with_their_posts_are_not_one(store, valid_record):
    """马志刚书记 and 马志刚镇长 both became the first 马志刚's: 1 / 2, the other listed as not lectured."""
    add_person(store, "杨芳", "马志刚", "镇党委书记", roles=["主要负责同志"])
    add_person(store, "杨芳", "马志刚", "镇长", roles=["主要负责同志"])
    for day, who in (("2026-03-10", "马志刚书记"), ("2026-04-10", "马志刚镇长")):
        store.save("law_study", valid_record("law_study", held_on=day, topic=f"讲法{day}", speaker=who,
                                             activity_type="专题法治讲座", speaker_is_principal_leader=True), "杨芳")
    f = fig(store, "T46c")
    assert (f.numerator, f.denominator) == (0, 2)


def test_the_county_matches_a_townships_names_as_the_township_does(world, valid_record):
    """A's 王伟书记 became A's 镇长 王伟 at the county because B's 王伟 is 党委书记: 1 / 1 there, 0 / 1 at A."""
    a, b = world.town("640522100"), world.town("640522101")
    add_person(a.store, "杨芳", "王伟", "镇长", roles=["主要负责同志"])
    add_person(b.store, "杨芳", "王伟", "党委书记", roles=["主要负责同志"])
    shufa(a.store, valid_record, ["王伟书记"])
    world.clock.set(datetime(2026, 12, 20, 8, 0, tzinfo=UTC))
    for town in (a, b):
        assert world.import_(world.export(town).path).ok
    own, county = fig(a.store, "T47"), fig(world.county, "T47", a.code)
    assert (county.numerator, county.denominator) == (own.numerator, own.denominator) == (0, 1)


def test_reports_without_a_leader_on_the_roster_are_in_progress_before_december(store, valid_record):
    """T47 is judged from 1 December; a township with 述法 records and no leader on the roster read 有风险 all year."""
    shufa(store, valid_record, ["马志刚"], "2026-03-05")
    assert fig(store, "T47", today=date(2026, 8, 1)).status == st.ON_TRACK
    assert fig(store, "T47", today=date(2026, 12, 2)).status == st.AT_RISK
    assert fig(store, "T47", today=date(2027, 1, 5)).status == st.MISSED
