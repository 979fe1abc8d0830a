# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py and test_merged_into.py)
"""What the merger (甘城乡 into 李旺镇 from 2027-01-01, division list `merged_into`) left keyed by the township that
sent a record where its figures count it under 李旺镇: a closed 2027's note on figures that can still move, 数据完整性's
late and still-open matters, and the roster posts of a drill-down's people."""

from __future__ import annotations

from datetime import UTC, date, datetime

import review_steps
from bundle_world import county_template, world  # noqa: F401  (fixtures)
from test_merged_into import GANCHENG, LIWANG, _list, merged  # noqa: F401  (fixture)

from fazhi_desktop.core import year_close
from fazhi_desktop.core.indicators import compute, load_catalog_for
from fazhi_desktop.core.indicators import status as st
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.indicators.moving import moving

ACTOR = "杨芳"


def _adjudication(town, accepted_on: str, **more):
    return town.store.save("mediation_case", {
        "case_category": "行政裁决", "case_name": "田某与杨某土地权属争议", "accepted_on": accepted_on,
        "dispute_type": "山林土地纠纷", "adjudication_matter": "土地权属",
        "parties": [{"role": "申请人", "party_type": "自然人", "name": "田某"}], **more}, ACTOR)


def test_a_closed_year_of_the_township_joined_is_moved_by_the_merged_ones_open_matters(merged):
    """李旺镇's T35 of 2027 counts 甘城乡's 行政裁决 of February 2027, still open (its 告知 may yet be given); with 2027
    closed, the row said 年度已结束，未完成目标 and the note said nothing: the open matter was looked for under
    甘城乡, which has no figures of 2027."""
    gancheng, liwang = merged.town(GANCHENG), merged.town(LIWANG)
    _adjudication(gancheng, "2027-02-01")  # left open in 甘城乡's database, as README step 2 says
    done = _adjudication(liwang, "2027-01-20", closed_on="2027-02-15")  # concluded without its 告知
    merged.clock.set(datetime(2028, 1, 6, 2, 0, tzinfo=UTC))
    for record in liwang.store.query("SELECT id FROM complaint WHERE status = 'draft'"):
        review_steps.submit(liwang.store, record["id"], ACTOR)
    review_steps.submit(liwang.store, done.id, ACTOR)
    year_close.close_year(liwang.store, 2027, ACTOR)
    for town in (gancheng, liwang):
        assert merged.import_(merged.export(town).path).ok
    county = merged.county
    today = date(2028, 1, 10)
    results = compute(county, load_catalog_for(county), 2027, today=today)
    t35 = results.figure("T35", LIWANG)
    assert (t35.amount_text(), t35.status) == ("0 / 2（0.0%）", st.MISSED)
    still = moving(county, results, completeness(county, 2027, today, results.carried))
    assert still.missed(t35) == ("年度已结束，目前未完成目标；本年仍有 1 件事项办理中或已办结尚未锁定，"
                                 "此后填写或更正的办理情况仍计入本年，结果可能改变")
    assert "T35 行政裁决权利告知（封账时仍在办理、现在办理中或已办结尚未锁定的事项：李旺镇 1 件）" in still.note()


def _attention(county, year: int) -> dict[str, str]:
    return {t.code: t.attention() for t in completeness(county, year).townships}


def test_the_merged_townships_late_matters_are_named_under_the_township_it_joined(merged):
    """甘城乡's complaint of December 2026, past its 办理期限 in 2027 and open in its database: 数据完整性 of 2027 named
    it only under 甘城乡's row (there only because it sent a study dated 2027), as 投诉举报 1 件 without its number,
    never under 李旺镇's, whose reviewer follows up 2027."""
    gancheng = merged.town(GANCHENG)
    late = gancheng.store.save("complaint", {"accepted_on": "2026-12-01", "due_on": "2027-01-30", "source": "来电",
                                             "respondent": "综合执法队", "matter": "投诉四"}, ACTOR)
    assert merged.import_(merged.export(gancheng).path).ok
    said = _attention(merged.county, 2027)
    assert (f"原甘城乡（2027年1月1日并入）现已逾期：投诉举报 1 件（办理期限已过、未填办结日期）：{late.number}；"
            "请督促李旺镇办理；已办结的，请在原甘城乡的数据库中登记办结情况后导出数据包报送"
            "（不要在李旺镇的数据库中重新登记，否则重复计入）") in said[LIWANG]
    assert "逾期" not in said[GANCHENG]  # once: 甘城乡's row is there for its bundles and its 2027 study
    # 2026 is 甘城乡's own year: said there as before, and not under 李旺镇
    before = _attention(merged.county, 2026)
    assert "现已逾期：投诉举报 1 件（办理期限已过、未填办结日期）；请督促乡镇办理" in before[GANCHENG]
    assert "甘城乡" not in before[LIWANG]


def test_the_merged_townships_earlier_install_open_matters_are_named_under_the_township_it_joined(
        world, tmp_path, monkeypatch):
    """甘城乡's PC died in September 2026 with a complaint of June open, and it set up again without a backup: the
    county cannot see that complaint concluded. 数据完整性 said 重装前未办结 only under 甘城乡's row; in 2027, when
    甘城乡 sent no record dated in it, nowhere."""
    _list(tmp_path / "divisions", monkeypatch)
    world.clock.set(datetime(2026, 6, 10, 2, 0, tzinfo=UTC))
    gancheng, liwang = world.town(GANCHENG), world.town(LIWANG)
    liwang.store.save("law_study", {"activity_type": "会前学法", "topic": "学习《宪法》", "held_on": "2026-06-08"},
                      ACTOR)
    assert world.import_(world.export(liwang).path).ok
    left = gancheng.store.save("complaint", {"accepted_on": "2026-06-05", "source": "来电",
                                             "respondent": "综合执法队", "matter": "投诉五"}, ACTOR)
    assert world.import_(world.export(gancheng).path).ok
    world.clock.set(datetime(2026, 9, 10, 2, 0, tzinfo=UTC))
    new = world.reinstall(GANCHENG)
    world.receipt(new)
    new.store.save("law_study", {"activity_type": "会前学法", "topic": "学习《宪法》", "held_on": "2026-09-08"}, ACTOR)
    assert world.import_(world.export(new).path).ok
    world.clock.set(datetime(2027, 2, 20, 2, 0, tzinfo=UTC))
    said = _attention(world.county, 2027)
    assert GANCHENG not in said  # no record of it dated 2027: no row of its own
    assert (f"原甘城乡（2027年1月1日并入）重装前未办结的投诉举报 1 件，乡镇无法在新安装中办结：{left.number}"
            "（受理当年计为未办结，不结转到以后年度，不标逾期）；请向乡镇核实办理结果") in said[LIWANG]
    assert f"重装前未办结的投诉举报 1 件，乡镇无法在新安装中办结：{left.number}" in _attention(world.county,
                                                                                 2026)[GANCHENG]


def test_a_drill_down_shows_a_merged_townships_leader_with_his_post(merged):
    """甘城乡's 乡长 gave his 述法 of 2027 (typed on 甘城乡's PC): he counts for 李旺镇's T47, and the drill-down of
    李旺镇 listed him with 职务 and 任职时间 blank, looked up on 李旺镇's roster instead of his own."""
    from fazhi_desktop.core import people
    from fazhi_desktop.core.indicators import drill

    gancheng = merged.town(GANCHENG)
    people.add_person(gancheng.store, ACTOR, "马乡长", "乡长", roles=["主要负责同志"], joined_on="2020-01-01")
    gancheng.store.save("law_study", {"activity_type": "领导干部述法", "topic": "2026年度领导干部述法",
                                      "held_on": "2027-01-20", "reporters": ["马乡长"]}, ACTOR)
    assert merged.import_(merged.export(gancheng).path).ok
    county = merged.county
    found = drill(county, load_catalog_for(county), "T47", 2027, LIWANG, "value")
    assert found.people == [(LIWANG, "马乡长")]
    assert found.post_of(LIWANG, "马乡长") == ("乡长", "2020-01-01 起")
    # the county's whole list, which gives him under 甘城乡 too (as its roster has him in post): his post either way
    whole = drill(county, load_catalog_for(county), "T47", 2027, None, "denominator")
    towns = [town for town, name in whole.people if name == "马乡长"]
    assert LIWANG in towns
    assert {whole.post_of(town, "马乡长") for town in towns} == {("乡长", "2020-01-01 起")}
