# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""County mode: after importing several townships' bundles the county's figures are the figures each township
shows for itself; a revision in a later bundle moves the county's figure; completeness says who sent what, when,
and what is missing."""

from __future__ import annotations

from datetime import UTC, datetime

from bundle_world import county_template, world  # noqa: F401  (fixtures)
from indicator_data import ACTOR, YEAR, fill_known_year

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.indicators import compute, drill, load_catalog_for
from fazhi_desktop.core.indicators import status as st
from fazhi_desktop.core.indicators.completeness import (
    STEP_ENROL,
    STEP_FULL,
    STEP_NEW_KEY,
    STEP_SEND,
    completeness,
)
from fazhi_desktop.core.store import ListQuery

A, B, SILENT = "640522100", "640522101", "640522103"


def send(world, town) -> None:
    report = world.import_(world.export(town).path)
    assert report.ok, report.error


def two_townships(world):
    a, b = world.town(A), world.town(B)
    fill_known_year(a.store)
    fill_known_year(b.store)
    b.store.save("law_study", {"activity_type": "会前学法", "topic": "学习安全生产法", "held_on": "2026-09-01"}, ACTOR)
    b.store.save("meeting", {"title": "专题会议二", "meeting_type": "专题研究部署法治政府建设会议",
                             "held_on": "2026-10-01", "office_head_attendance": "全程"}, ACTOR)
    world.clock.set(datetime(2027, 1, 10, 8, 0, tzinfo=UTC))  # the year is over: every record of it counts
    send(world, a)
    send(world, b)
    return a, b


def test_the_county_sees_for_each_township_what_the_township_sees_for_itself(world):
    a, b = two_townships(world)
    catalog = load_catalog_for(world.county)
    county = compute(world.county, catalog, YEAR, ids=True)
    for town in (a, b):
        own = compute(town.store, catalog, YEAR, ids=True)
        for ind in catalog.computable:
            mine, theirs = own.figure(ind.code, town.code), county.figure(ind.code, town.code)
            assert (theirs.numerator, theirs.denominator, theirs.status, theirs.breakdown) == \
                   (mine.numerator, mine.denominator, mine.status, mine.breakdown), ind.code
            assert theirs.ids == mine.ids, ind.code
    assert county.figure("T46a", B).numerator == 4 and county.figure("T46a", B).status == st.MET
    assert county.figure("T47", A).denominator == 2  # the roster arrived with the bundle


def test_the_matrix_covers_every_township_of_the_county_and_the_silent_ones_have_no_data(world):
    two_townships(world)
    county = compute(world.county, load_catalog_for(world.county), YEAR)
    codes = [t.code for t in county.townships]
    assert len(codes) == 18 and {A, B, SILENT} <= set(codes)
    assert county.name(SILENT) == "西安镇"
    assert {f.status for f in county.for_township(SILENT)} == {st.NO_DATA}
    assert county.summary("T46a")[st.MET] == 1 and county.summary("T46a")[st.NO_DATA] == 16


def test_a_revision_in_a_later_bundle_moves_the_county_figure(world):
    a, _ = two_townships(world)
    catalog = load_catalog_for(world.county)
    meeting = next(r for r in a.store.list(ListQuery("meeting", year=YEAR)) if r["title"] == "2026年第9次常务会议")
    a.store.save("meeting", {"office_head_attendance": "全程"}, ACTOR, record_id=meeting.id)
    assert compute(world.county, catalog, YEAR).figure("T40b", A).numerator == 1
    send(world, a)
    figure = compute(world.county, catalog, YEAR).figure("T40b", A)
    assert (figure.numerator, figure.denominator) == (2, 2) and figure.status == st.MET
    assert world.county.get(meeting.id).revision == 2


def test_a_drill_down_at_the_county_can_cover_one_township_or_all(world):
    two_townships(world)
    catalog = load_catalog_for(world.county)
    both = drill(world.county, catalog, "T40a", YEAR)
    assert sorted(r.township for r in both.records) == [A, B, B]
    assert [r.township for r in drill(world.county, catalog, "T40a", YEAR, A).records] == [A]
    assert drill(world.county, catalog, "T47", YEAR, B, "gap").people == [(B, "马志刚")]


def test_completeness_names_the_last_bundle_the_days_since_and_the_gaps(world, clock, valid_record):
    a, _ = two_townships(world)
    world.receipt(a)
    a.store.save("meeting", valid_record("meeting", title="第二包的会议"), ACTOR)
    world.export(a)  # number 2 never reaches the county
    a.store.save("meeting", valid_record("meeting", title="第三包的会议"), ACTOR)
    send(world, a)
    clock.advance(days=75)
    found = {t.code: t for t in completeness(world.county, YEAR).townships}
    assert found[A].bundles == 2 and found[A].last_sequence == 3
    assert found[A].missing == () and found[A].log_gap is None  # number 3 carried number 2's changes too
    assert found[A].days_since == 75 and found[A].enrolled
    assert found[A].problems() == [f"已 75 天未报送：{STEP_SEND}"]
    assert found[B].problems() == [f"已 75 天未报送：{STEP_SEND}"]
    assert found[A].records["meeting"] == 3 + 2 and found[B].records["law_study"] == 10 + 1
    # 本年没有记录 is not said of a township that sent nothing: 从未报送数据包 says why, and what to do
    assert found[SILENT].problems() == [f"密钥未登记：{STEP_ENROL}", f"从未报送数据包：{STEP_SEND}"]
    keymod.revoke(world.county, B, "县局李明")
    revoked = next(t for t in completeness(world.county, YEAR).townships if t.code == B)
    assert not revoked.enrolled and revoked.problems()[0] == f"密钥已吊销：{STEP_NEW_KEY}"
    assert completeness(world.county, YEAR).source == "bundles"


def test_a_bundle_whose_changes_the_county_lacks_is_named(world, valid_record):
    """The county went back to an older backup after acknowledging number 2: the township's next bundle starts
    after it, and the county holds neither its bundle nor its changes."""
    a = world.town(A)
    for n in (1, 2, 3):
        a.store.save("meeting", valid_record("meeting", title=f"第{n}包的会议"), ACTOR)
        send(world, a)
        world.receipt(a)
    lost = world.county.query("SELECT bundle_id, changes_after, changes_through FROM bundles_received"
                              " WHERE sequence = 2")[0]
    with world.county.conn:  # as restored from a backup made before number 2 arrived
        world.county.conn.execute("DELETE FROM received_records WHERE bundle_id = ?", [lost["bundle_id"]])
        world.county.conn.execute("DELETE FROM received_changes WHERE bundle_id = ?", [lost["bundle_id"]])
        world.county.conn.execute("DELETE FROM bundles_received WHERE bundle_id = ?", [lost["bundle_id"]])
    found = next(t for t in completeness(world.county, YEAR).townships if t.code == A)
    assert found.missing == (2,) and found.log_gap == (lost["changes_after"] + 1, found.log_gap[1])
    assert f"缺少第 2 号数据包（变更日志第 {found.log_gap[0]}–{found.log_gap[1]} 条）：{STEP_FULL}" in found.problems()


def test_the_completeness_note_says_what_it_counted_in_words_for_this_office(world):
    town = world.town(A)
    fill_known_year(town.store)
    assert completeness(town.store, YEAR).note == "按本所数据库中的记录统计。"  # no talk of county databases
    assert completeness(world.county, YEAR).note.startswith("按数据包导入记录统计")


def test_the_county_is_told_what_lies_ahead_per_township(world):
    """A lecture planned for December counts from its day; the township's page said so and the county's did not."""
    from datetime import date

    from fazhi_desktop.core.indicators.views import build_report

    two_townships(world)
    catalog = load_catalog_for(world.county)
    results = compute(world.county, catalog, YEAR, today=date(2026, 12, 30))
    ahead = results.ahead[A]
    assert ahead and results.ahead[B] == ahead  # the known year's 31 December records, in both
    # the county's clock says 2027-01-10: standing on 30 December (--as-of), the 31 December records are past, not
    # planned (test_indicators_what_happened has today's wording)
    assert results.ahead_text() == (f"统计截至日（2026年12月30日）以后日期的 {2 * ahead} 条记录"
                                    f"（海城镇 {ahead} 条、李旺镇 {ahead} 条）未计入。")
    assert results.ahead_text(A) == f"统计截至日（2026年12月30日）以后日期的 {ahead} 条记录未计入。"
    report = build_report(world.county, catalog, YEAR, today=date(2026, 12, 30))
    assert results.ahead_text() in report.views[0].notes[0]
    assert compute(world.county, catalog, YEAR).ahead_text() == ""  # the year is over (2027-01-10)


def test_an_empty_cell_says_whether_the_township_sent_nothing_or_had_nothing_to_send(world, valid_record):
    """Drilling into 关庄乡's 无数据 showed "共 0 条记录" and nothing else."""
    from fazhi_desktop.core.indicators.drill import why_empty

    two_townships(world)
    catalog = load_catalog_for(world.county)
    quiet = world.town("640522104")  # 三河镇: sends a bundle with a single law-study session and no meeting
    quiet.store.save("law_study", valid_record("law_study", held_on="2026-05-01"), ACTOR)
    send(world, quiet)
    silent = drill(world.county, catalog, "T40a", YEAR, SILENT)
    assert why_empty(world.county, silent) == "西安镇尚未报送数据包：县里还没有收到它的任何记录。"
    assert why_empty(world.county, drill(world.county, catalog, "T40a", YEAR, quiet.code)) == \
        "三河镇2026年没有会议记录（已收到的数据包中没有）。"
    assert why_empty(world.county, drill(world.county, catalog, "T40a", YEAR, A)) == ""  # it lists the meeting
