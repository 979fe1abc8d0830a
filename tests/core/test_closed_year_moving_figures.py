# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""Which figures of a closed year can still move, said where a reviewer reads them: a closed year's figures that
count a case in the year it was accepted take its handling whenever it comes (a 告知 given in January, a result, a
回访). The reports said nothing of it (the PDF, the printed and signed one, nor `fazhi indicators`), and then said it
from the catalog alone: of a year not closed, and of one whose closing left no matter open."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import review_steps
from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core import review, year_close
from fazhi_desktop.core.indicators import compute, load_catalog_for
from fazhi_desktop.core.indicators import status as st
from fazhi_desktop.core.indicators.moving import Moving, can_move, moving
from fazhi_desktop.core.indicators.report_pdf import build_pdf_report
from fazhi_desktop.core.indicators.views import build_report

JANUARY = date(2027, 1, 10)
NOTE = "年度封账后仍可能变动的指标："


def test_the_figures_a_closed_year_can_still_take_later_handling_into(store):
    moves = [i.code for i in can_move(load_catalog_for(store), store.ledgers)]
    # T30b counts a conclusion in the year it is concluded, T34 and M1 only what acceptance registered: they stay
    assert moves == ["T35", "T4", "M2", "M3", "M4", "M5", "M6", "M7", "M8"]


def adjudication_left_open(store, clock, close: bool = True):
    """A 行政裁决 accepted on 28 December 2026, its 告知 not yet given, and 2026 closed on 6 January."""
    case = store.save("mediation_case", {
        "case_category": "行政裁决", "case_name": "田某与杨某土地权属争议", "accepted_on": "2026-12-28",
        "dispute_type": "山林土地纠纷", "adjudication_matter": "土地权属",
        "parties": [{"role": "申请人", "party_type": "自然人", "name": "田某"}]}, "杨芳")
    if close:
        clock.set(datetime(2027, 1, 6, 2, 0, tzinfo=UTC))
        year_close.close_year(store, 2026, "杨芳")
    return case


def notes_of(report) -> tuple[str, str]:
    """The note under 指标明细 (the Excel), and the PDF's text."""
    said = next((note for note in report.views[1].notes if note.startswith(NOTE)), "")
    pdf = "".join(run.text for page in build_pdf_report(report).pages for run in page.texts())
    return said, pdf


def test_the_pdf_and_the_workbook_say_which_figures_the_matters_left_open_may_still_move(store, clock):
    catalog = load_catalog_for(store)
    adjudication_left_open(store, clock, close=False)
    assert notes_of(build_report(store, catalog, 2026, today=JANUARY))[0] == ""  # not closed: anything may change
    clock.set(datetime(2027, 1, 6, 2, 0, tzinfo=UTC))
    year_close.close_year(store, 2026, "杨芳")
    said, pdf = notes_of(build_report(store, catalog, 2026, today=JANUARY))
    assert said.startswith(f"{NOTE}T35 行政裁决权利告知（封账时仍在办理、现在办理中或已办结尚未锁定的事项 1 件）"), said
    assert "其他指标（如按办结年度计入的投诉举报办结率）封账后不再变动" in said
    assert NOTE in pdf and "封账时仍在办理" in pdf
    assert notes_of(build_report(store, catalog, 2027, today=JANUARY))[0] == ""  # 2027 is not closed


def test_a_closed_year_with_no_matter_left_open_says_nothing_of_moving(store, clock):
    catalog = load_catalog_for(store)
    case = adjudication_left_open(store, clock)
    store.save("mediation_case", {"rights_notified": True, "rights_notified_on": "2027-01-04",
                                  "closed_on": "2027-01-08"}, "杨芳", record_id=case.id)
    assert notes_of(build_report(store, catalog, 2026, today=JANUARY))[0].startswith(NOTE)  # concluded, not locked
    review_steps.submit(store, case.id, "杨芳")
    review.apply(store, case.id, "lock", "杨芳")
    said, pdf = notes_of(build_report(store, catalog, 2026, today=JANUARY))
    assert said == "" and NOTE not in pdf


def test_a_target_missed_while_a_matter_it_counts_is_open_is_not_said_finally_missed(store, clock):
    """2026's T35 reads 0 / 1 未达标 while the 行政裁决 can still take its 告知: the township's page said
    年度已结束，未完成目标."""
    adjudication_left_open(store, clock)
    results = compute(store, load_catalog_for(store), 2026, today=JANUARY)
    t35 = results.figure("T35", results.townships[0].code)
    assert (t35.amount_text(), t35.status) == ("0 / 1（0.0%）", st.MISSED)
    assert moving(store, results).missed(t35) == (
        "年度已结束，目前未完成目标；本年仍有 1 件事项办理中或已办结尚未锁定，"
        "此后填写或更正的办理情况仍计入本年，结果可能改变")
    assert Moving().missed(t35) == "年度已结束，未完成目标"


def test_a_figure_is_named_only_by_the_open_matters_it_may_yet_count(store, clock):
    """M2–M8 and T4 count 人民调解、行政调解 only (the PDF says 不含行政裁决), yet a 行政裁决 left open named them all
    under the signed figures, as if it could move them."""
    adjudication_left_open(store, clock)
    results = compute(store, load_catalog_for(store), 2026, today=JANUARY)
    assert moving(store, results).note().startswith(
        f"{NOTE}T35 行政裁决权利告知（封账时仍在办理、现在办理中或已办结尚未锁定的事项 1 件）。"
    ), moving(store, results).note()


def test_a_target_missed_for_good_is_said_so_though_another_kind_of_case_is_open(store, clock, valid_record):
    """A 行政裁决 concluded in December without its 告知, and a 人民调解 case left open: T35 read 0 / 1 未达标 with
    `本年仍有 1 件事项在办理…结果可能改变` and was named as still moving, though no open matter is one T35 counts;
    the open case still moves the mediation statistics, which a later 调解结果 enters."""
    clock.set(datetime(2026, 12, 29, 2, 0, tzinfo=UTC))
    done = store.save("mediation_case", {
        "case_category": "行政裁决", "case_name": "田某与杨某土地权属争议", "accepted_on": "2026-11-28",
        "dispute_type": "山林土地纠纷", "adjudication_matter": "土地权属", "closed_on": "2026-12-20",
        "parties": [{"role": "申请人", "party_type": "自然人", "name": "田某"}]}, "杨芳")
    review_steps.submit(store, done.id, "杨芳")  # a draft would keep the year from closing
    store.save("mediation_case", valid_record("mediation_case", accepted_on="2026-12-28"), "杨芳")  # open
    clock.set(datetime(2027, 1, 6, 2, 0, tzinfo=UTC))
    year_close.close_year(store, 2026, "杨芳")
    results = compute(store, load_catalog_for(store), 2026, today=JANUARY)
    t35 = results.figure("T35", results.townships[0].code)
    assert (t35.amount_text(), t35.status) == ("0 / 1（0.0%）", st.MISSED)
    still = moving(store, results)
    assert still.missed(t35) == "年度已结束，未完成目标"
    assert still.note().startswith(f"{NOTE}T4 调解回访满意度、M2 调解成功率、M3 书面协议"), still.note()
    assert "事项 1 件" in still.note()


def test_the_county_names_the_townships_whose_matters_left_open_may_move_the_figures(store):
    catalog = load_catalog_for(store)
    t35 = catalog.get("T35")
    still = Moving((t35,), {"640522100": {"T35": frozenset("ab")}, "640522103": {"T35": frozenset("c")},
                            "640522101": {"T35": frozenset("defg")}}, frozenset({"640522100", "640522103"}),
                   {"640522100": "海城镇", "640522101": "李旺镇", "640522103": "西安镇"})
    assert still.note().startswith(
        f"{NOTE}T35 行政裁决权利告知（封账时仍在办理、现在办理中或已办结尚未锁定的事项：海城镇 2 件、西安镇 1 件）。"
    ), still.note()


def test_the_county_reads_each_townships_closing_from_its_bundles(world):
    """At the county the year is closed township by township, as their bundles say (数据完整性's 年度封账)."""
    from test_year_close_bundles import send

    from fazhi_desktop.core.indicators.completeness import completeness

    a = world.town("640522100")
    adjudication_left_open(a.store, world.clock, close=False)
    send(world, a)
    catalog = load_catalog_for(world.county)

    def note() -> str:
        results = compute(world.county, catalog, 2026, today=JANUARY)
        return moving(world.county, results, completeness(world.county, 2026, JANUARY, results.carried)).note()

    assert note() == ""
    second = adjudication_left_open(a.store, world.clock)  # a second one, and the year closed
    send(world, a)
    assert "（封账时仍在办理、现在办理中或已办结尚未锁定的事项：海城镇 2 件）" in note(), note()
    a.store.save("mediation_case", {"closed_on": "2027-01-08"}, "杨芳", record_id=second.id)
    review_steps.submit(a.store, second.id, "杨芳")
    send(world, a)  # concluded, not locked: the county still counts it as movable, by the status sent
    assert "（封账时仍在办理、现在办理中或已办结尚未锁定的事项：海城镇 2 件）" in note(), note()
    review.apply(a.store, second.id, "lock", "杨芳")
    send(world, a)
    assert "（封账时仍在办理、现在办理中或已办结尚未锁定的事项：海城镇 1 件）" in note(), note()


def test_the_mediation_statistics_say_what_moving_says_only_of_a_closed_year_with_a_case_open(store, clock,
                                                                                               valid_record):
    """The 调解统计 sheet (the county window's tab, the Excel and the PDF) always said 年度封账后，该年仍在办理的
    案件办结时，该年的调解成功率等仍会随之变动, of a year not closed too: it now says moving.py's note, of its own
    figures."""
    catalog = load_catalog_for(store)
    store.save("mediation_case", valid_record("mediation_case", accepted_on="2026-12-20"), "杨芳")

    def notes() -> list[str]:
        return build_report(store, catalog, 2026, today=JANUARY).views[3].notes

    assert not any("封账" in note for note in notes())
    clock.set(datetime(2027, 1, 6, 2, 0, tzinfo=UTC))
    year_close.close_year(store, 2026, "杨芳")
    [said] = [note for note in notes() if note.startswith(NOTE)]
    assert said.startswith(f"{NOTE}M2 调解成功率") and "T35" not in said
    assert "（封账时仍在办理、现在办理中或已办结尚未锁定的事项 1 件）" in said


def test_the_matters_still_being_handled_are_those_of_the_year_and_township_asked(world, valid_record):
    """Which matters a figure may yet take in, pinned on a mixed set at the county (moving.py judges them by the
    fields `LedgerDef.in_progress` reads, not the year's whole records): a case left open, one concluded (not
    locked, so it may still change), one locked, one carried over from the year before, one deleted, and another
    township's."""
    from test_year_close_bundles import send

    world.clock.set(datetime(2027, 1, 5, 2, 0, tzinfo=UTC))
    a, b = world.town("640522100"), world.town("640522101")

    def adjudication(town, accepted_on: str, **more):
        return town.store.save("mediation_case", {
            "case_category": "行政裁决", "case_name": "田某与杨某土地权属争议", "accepted_on": accepted_on,
            "dispute_type": "山林土地纠纷", "adjudication_matter": "土地权属",
            "parties": [{"role": "申请人", "party_type": "自然人", "name": "田某"}], **more}, "杨芳").id

    left_open = adjudication(a, "2026-12-28")
    mediating = a.store.save("mediation_case", valid_record("mediation_case", accepted_on="2026-12-20"), "杨芳").id
    concluded = adjudication(a, "2026-11-28", closed_on="2026-12-20")  # not locked: 2026 not closed, it may change
    locked = adjudication(a, "2026-11-27", closed_on="2026-12-19")
    review_steps.submit(a.store, locked, "杨芳")
    review.apply(a.store, locked, "lock", "杨芳")  # frozen: it moves nothing
    carried = adjudication(a, "2025-12-20")  # still open, of 2025
    a.store.delete(adjudication(a, "2026-12-27"), "杨芳")
    elsewhere = adjudication(b, "2026-12-26")
    send(world, a)
    send(world, b)
    catalog = load_catalog_for(world.county)

    def still_open(year: int, township: str | None = None) -> dict[str, dict[str, frozenset[str]]]:
        return {town: dict(codes) for town, codes in
                moving(world.county, compute(world.county, catalog, year, township, today=JANUARY)).open.items()}

    mediated = {code: frozenset({mediating}) for code in ("T4", "M2", "M3", "M4", "M5", "M6", "M7", "M8")}
    assert still_open(2026, a.code) == {a.code: {"T35": frozenset({left_open, concluded}), **mediated}}
    assert still_open(2026) == {a.code: {"T35": frozenset({left_open, concluded}), **mediated},
                                b.code: {"T35": frozenset({elsewhere})}}
    assert still_open(2025) == {a.code: {"T35": frozenset({carried})}}


def test_a_damaged_matter_is_named_with_its_ledger_and_number(store, clock):
    """What can still move reads the matters' fields alone: a bad sector in one was said as 有 1 条数据的文字无法读取,
    where reading the whole records had named the ledger and the record."""
    from fazhi_desktop.core import damaged

    case = adjudication_left_open(store, clock)
    store.conn.execute("UPDATE mediation_case SET closed_on = CAST(? AS TEXT) WHERE id = ?",
                       [b"2027-\xe9\xe9", case.id])  # not UTF-8: what a bad sector leaves
    results = compute(store, load_catalog_for(store), 2026, today=JANUARY)
    with pytest.raises(damaged.DamagedRecords) as raised:
        moving(store, results)
    assert str(raised.value).startswith(f"数据库文件已损坏：“调解案件”台账中记录 {case.number}的文字无法读取")


def test_a_matter_concluded_since_the_closing_moves_the_figures_until_it_is_locked(store, clock, valid_record):
    """A case left open by closing 2026, concluded 调解成功 in January, can still have its conclusion corrected
    until it is locked (`year_close.check_write`): corrected to 调解不成功(终止), 2026's M2 fell from 1 / 1 to 0 / 1,
    while the note under the signed figures named T35 alone (or nothing) and said 其他指标…封账后不再变动."""
    catalog = load_catalog_for(store)
    case = store.save("mediation_case", valid_record("mediation_case", accepted_on="2026-12-20"), "杨芳")
    clock.set(datetime(2027, 1, 6, 2, 0, tzinfo=UTC))
    year_close.close_year(store, 2026, "杨芳")
    store.save("mediation_case", {"result": "调解成功", "agreement_form": "口头", "closed_on": "2027-01-06"}, "杨芳",
               record_id=case.id)
    review_steps.submit(store, case.id, "杨芳")

    def m2() -> tuple[str, str]:
        results = compute(store, catalog, 2026, today=JANUARY)
        return results.figure("M2", results.townships[0].code).amount_text(), moving(store, results).note()

    amount, note = m2()
    assert amount.startswith("1 / 1")
    assert note.startswith(f"{NOTE}T4 调解回访满意度、M2 调解成功率"), note
    assert "办理中或已办结尚未锁定的事项 1 件" in note, note
    store.save("mediation_case", {"result": "调解不成功(终止)", "termination_reason": "双方分歧较大"}, "杨芳",
               record_id=case.id)  # the correction downwards, with no reopening
    amount, note = m2()
    assert amount.startswith("0 / 1") and "M2 调解成功率" in note, (amount, note)
    assert "这些指标也可能随之下降" in note
    review.apply(store, case.id, "lock", "杨芳")
    assert m2() == (amount, "")  # locked: it moves no more
