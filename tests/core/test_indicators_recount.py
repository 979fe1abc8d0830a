# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A by-hand recount of every indicator (sixteenth session): figures a scorer reads that disagreed with
targets.md, each checked on records whose right answer was worked out by hand, at the township and at the county
(same engine, the county's records as the township's bundle carried them)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import openpyxl
from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.indicators import compute, drill, load_catalog_for
from fazhi_desktop.core.indicators import status as st

ACTOR, TOWN = "杨芳", "640522100"
SILENT = "640522103"  # a township that never sends a bundle
JANUARY = date(2026, 1, 15)  # the scorer's day: 2025 is over


def figure(store, code, township=TOWN):
    found = compute(store, load_catalog_for(store), 2025, township if store.is_county else None, today=JANUARY)
    return found.figure(code, township)


def amounts(store, code, township=TOWN):
    fig = figure(store, code, township)
    return fig.numerator, fig.denominator, fig.status


def at_the_county(world, town):
    """The township's records as the county holds them once its bundle, made after they were saved, arrived."""
    world.clock.set(datetime(2026, 6, 2, 8, 0, tzinfo=UTC))
    assert world.import_(world.export(town).path).ok
    return world.county


# -- T29: a check listing only some of the staff it counted -------------------------------------------------------


def check(store, day, listed, requiring, certified):
    """An enforcement check of `requiring` staff, `certified` of them certified, listing `listed` as (name,
    certificate number or None)."""
    rows = [{"name": name, **({"certificate_no": no, "valid_until": "2027-01-01"} if no else {})}
            for name, no in listed]
    return store.save("enforcement_check", {
        "checked_on": day, "check_type": "日常检查", "supervised_unit": "综合执法队", "certificates": rows,
        "staff_requiring_certificate": requiring, "staff_certified": certified}, ACTOR)


def test_t29_counts_the_staff_a_check_did_not_list_by_its_numbers(world):
    """A clerk listed in 执法证核查 only the two certificates she inspected, with 应持证执法人员数 5 and 实际持证人数
    2: T29 read 2 / 2（100.0%）达标. targets.md: staff holding a valid certificate / staff checked, 2 / 5."""
    town = world.town(TOWN)
    partial = check(town.store, "2025-05-01", [("马甲", "A1"), ("李乙", "A2")], requiring=5, certified=2)
    assert amounts(town.store, "T29") == (2, 5, st.MISSED)
    gap = drill(town.store, load_catalog_for(town.store), "T29", 2025, TOWN, "gap", today=JANUARY)
    assert [(r.id, r.quantity) for r in gap.records] == [(partial.id, "2 / 5")]
    county = at_the_county(world, town)
    assert amounts(county, "T29") == (2, 5, st.MISSED)


def test_t29_takes_the_unlisted_certified_staff_from_the_check_s_numbers_and_never_more_than_it_checked(store):
    check(store, "2025-03-01", [("马甲", "A1"), ("李乙", None)], requiring=5, certified=4)  # 3 more certified
    assert amounts(store, "T29")[:2] == (4, 5)
    check(store, "2025-04-01", [("王丙", None)], requiring=2, certified=9)  # one unlisted, at most one certified
    assert amounts(store, "T29")[:2] == (5, 7)
    # 马甲 checked again in June, found without a valid certificate: as a person, his latest check counts; the
    # March check's unlisted three stay its own
    check(store, "2025-06-01", [("马甲", None)], requiring=1, certified=0)
    assert amounts(store, "T29")[:2] == (4, 7)
    check(store, "2025-07-01", [], requiring=3, certified=1)  # listing no one: its two numbers, as before
    assert amounts(store, "T29")[:2] == (5, 10)


# -- T30b and M6: a conclusion dated before the matter was accepted ---------------------------------------------


def saved_before_the_refusal(monkeypatch):
    """Saves as the program before this version took them: a conclusion dated before acceptance with a warning."""
    from fazhi_desktop.core import validate

    monkeypatch.setattr(validate, "refuse_at_save", lambda cleaned, stored: cleaned)


def complaint(store, accepted, closed, matter):
    return store.save("complaint", {"accepted_on": accepted, "source": "来电", "respondent": "综合执法队",
                                    "matter": matter, "closed_on": closed}, ACTOR)


def test_a_complaint_closed_before_it_was_accepted_counts_as_open_in_its_year_not_in_no_year(world, monkeypatch):
    """受理 2025-01-03 with 办结 typed 2024-01-10: it fell out of T30b in every year (2025 read 1 / 1（100.0%）达标,
    2024 无数据). Accepted in 2025 and not closed in it, it is 2025's open complaint: 1 / 2, 未达标."""
    town = world.town(TOWN)
    complaint(town.store, "2025-03-01", "2025-03-10", "执法人员未出示执法证")
    with monkeypatch.context() as patch:
        saved_before_the_refusal(patch)
        typo = complaint(town.store, "2025-01-03", "2024-01-10", "执法车辆乱停放")
    for store in (town.store, at_the_county(world, town)):
        assert amounts(store, "T30b") == (1, 2, st.MISSED)
        gap = drill(store, load_catalog_for(store), "T30b", 2025, TOWN, "gap", today=JANUARY)
        assert [r.id for r in gap.records] == [typo.id]
        before = compute(store, load_catalog_for(store), 2024, TOWN if store.is_county else None, today=JANUARY)
        assert before.figure("T30b", TOWN).denominator == 0  # not 2024's: it was accepted in 2025


def test_a_case_closed_before_it_was_accepted_is_not_settled_within_a_month(store, monkeypatch):
    """M6 (一个月内调结) counted a case "closed" 41 days before it was accepted as settled within 30 days."""
    case = {"case_category": "人民调解", "dispute_type": "邻里纠纷", "result": "调解成功", "agreement_form": "口头",
            "parties": [{"role": "申请人", "party_type": "自然人", "name": "马文"}]}
    store.save("mediation_case", {**case, "case_name": "排水纠纷", "accepted_on": "2025-03-01",
                                  "closed_on": "2025-03-20"}, ACTOR)
    with monkeypatch.context() as patch:
        saved_before_the_refusal(patch)
        store.save("mediation_case", {**case, "case_name": "围墙纠纷", "accepted_on": "2025-03-01",
                                      "closed_on": "2025-01-19"}, ACTOR)
    assert amounts(store, "M6")[:2] == (1, 2)


# -- what a scorer should check: the denominator's records too ----------------------------------------------------


def test_the_reports_ask_to_check_a_ratio_s_uncounted_records_too(store, tmp_path):
    """A 乡镇行政会议 the office head missed, entered twice (two drafts, same day and title), makes T40b 1 / 3; the
    drill-down said 可能重复, but 指标明细's 待核对 said only 其中草稿 1 条 and the matrix and PDF named neither the
    twins nor the drafts of the denominator."""
    from fazhi_desktop.core.indicators.report_pdf import build_pdf_report
    from fazhi_desktop.core.indicators.report_xlsx import write_xlsx
    from fazhi_desktop.core.indicators.views import build_report

    admin = {"meeting_type": "乡镇行政会议(政府常务会议)"}
    store.save("meeting", {**admin, "title": "2025年第2次常务会议", "held_on": "2025-03-01",
                           "office_head_attendance": "全程"}, ACTOR)
    twice = [store.save("meeting", {**admin, "title": "2025年第5次常务会议", "held_on": "2025-05-01",
                                    "office_head_attendance": "未列席"}, ACTOR) for _ in range(2)]
    assert amounts(store, "T40b")[:2] == (1, 3)
    report = build_report(store, load_catalog_for(store), 2025, today=JANUARY)
    sheet = openpyxl.load_workbook(write_xlsx(report, tmp_path / "指标.xlsx"))["指标明细"]
    header = [c.value for c in sheet[3]]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["T40b"][header.index("待核对")] == (f"其中草稿 3 条；可能重复 2 条（同日同名：{twice[0].number}、"
                                                  f"{twice[1].number}）")
    said = ("计入指标的 3 条记录中，尚未经所长审核的：草稿 3 条；"
            "可能重复登记的（同一乡镇同一台账中日期和名称都相同）2 条")
    assert said in report.review
    texts = "".join(run.text for page in build_pdf_report(report).pages for run in page.texts()).replace(" ", "")
    assert said.replace(" ", "") in texts


# -- T4: follow-up satisfaction on closed mediation cases -----------------------------------------------------


def mediation(store, name, closed=None, follow_ups=(), category="人民调解"):
    return store.save("mediation_case", {
        "case_category": category, "case_name": name, "dispute_type": "邻里纠纷", "accepted_on": "2025-03-01",
        "parties": [{"role": "申请人", "party_type": "自然人", "name": "马文"}],
        **({"adjudication_matter": "土地权属"} if category == "行政裁决" else {}),
        **({"result": "调解成功", "agreement_form": "口头", "mediated_on": "2025-03-05", "closed_on": closed}
           if closed else {}),
        "follow_ups": [{"visited_on": day, **({"satisfaction": said} if said else {})} for day, said in follow_ups]},
        ACTOR)


def test_t4_takes_closed_cases_as_their_latest_rated_follow_up_found_the_parties(world):
    """A case visited twice, 满意 then 不满意, counted as satisfied (any follow-up was), and so did a case still open,
    without a result or 结案日期: 2 / 2（100.0%）. targets.md: satisfaction on closed mediation cases: 0 / 1."""
    town = world.town(TOWN)
    mediation(town.store, "排水纠纷", "2025-03-10", [("2025-04-01", "满意"), ("2025-06-01", "不满意")])
    mediation(town.store, "围墙纠纷", None, [("2025-04-01", "满意")])
    assert amounts(town.store, "T4")[:2] == (0, 1)
    # dissatisfied, visited again and satisfied; a later visit that rated nothing does not undo it
    later = mediation(town.store, "通道纠纷", "2025-03-10",
                      [("2025-04-01", "不满意"), ("2025-05-01", "满意"), ("2025-07-01", None)])
    # a 行政裁决 is no mediation
    mediation(town.store, "土地权属", "2025-03-10", [("2025-04-01", "满意")], category="行政裁决")
    for store in (town.store, at_the_county(world, town)):
        assert amounts(store, "T4")[:2] == (1, 2)
        found = drill(store, load_catalog_for(store), "T4", 2025, TOWN, today=JANUARY)
        assert [r.id for r in found.records] == [later.id]


def test_a_catalog_picking_the_latest_row_is_checked(tmp_path, ledgers):
    import pytest

    from fazhi_desktop.core.indicators.catalog import CatalogError, default_catalog_path, load_catalog

    shipped = default_catalog_path().read_text(encoding="utf-8")
    for old, new, said in [('by = "visited_on"', 'by = "satisfaction"', "last 按重复组中的日期排序"),
                           ('by = "visited_on"', 'by = "visited"', "字段“visited”不在重复组“回访”"),
                           ('by = "visited_on", of', 'by = "visited_on", among', "未知的键：among")]:
        assert old in shipped
        path = tmp_path / "目录.toml"
        path.write_text(shipped.replace(old, new, 1), encoding="utf-8")
        with pytest.raises(CatalogError, match=said):
            load_catalog(path, ledgers)


# -- 调解统计 of a township without data ---------------------------------------------------------------------------


def test_the_mediation_statistics_of_a_township_that_sent_nothing_say_no_data_not_0(world, tmp_path):
    """七营镇 never sent a bundle: the matrix said 无数据, but 调解统计 read 受理调解案件 0 and 申请司法确认 0, as if it
    had reported no case, in the window, the workbook and the PDF (the same view)."""
    from fazhi_desktop.core.indicators.report_xlsx import write_xlsx
    from fazhi_desktop.core.indicators.views import build_report

    town = world.town(TOWN)
    mediation(town.store, "排水纠纷", "2025-03-10")
    county = at_the_county(world, town)
    report = build_report(county, load_catalog_for(county), 2025, today=JANUARY)
    sheet = openpyxl.load_workbook(write_xlsx(report, tmp_path / "指标.xlsx"))["调解统计"]
    header = [c.value for c in sheet[3]]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=4, values_only=True) if row[1]}
    cases, confirmed = header.index("受理调解案件（件）"), header.index("申请司法确认（件）")
    assert (rows[TOWN][cases], rows[TOWN][confirmed]) == (1, 0)  # it sent: its 0 is a figure
    silent = SILENT
    assert (rows[silent][cases], rows[silent][confirmed]) == ("—", "—")
    assert rows[silent][header.index("调解成功率")] == "—"
    assert sheet.cell(4 + list(rows).index(silent), cases + 1).alignment.horizontal == "right"
    county_row = next(row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0] == "全县")
    assert county_row[cases] == 1


# -- what the drill-downs and reports say a figure counts ------------------------------------------------------


def test_t47_s_counting_rule_names_the_leaders_who_reported_and_then_left(store):
    """The denominator holds the leaders in post at the year's end and those who reported in the year (one who
    reported and then left counts on both sides), but 计入条件 named only the first, in the drill-down, 指标说明 and
    the PDF; the note under it said both."""
    from fazhi_desktop.core.indicators.describe import counting_rule

    rule = counting_rule(load_catalog_for(store).get("T47"), store.ledger("law_study"))
    assert "分母：人员名册中年底（本年为今天）在任的“主要负责同志”，以及本年已述法的；" in rule


def test_the_shortfall_of_an_empty_denominator_says_why_there_is_no_data(world):
    """尚未计入的记录 of a ratio with nothing in its denominator said 没有尚未计入的：分母中的都已计入。, while the
    value part said why there is no data (no 乡镇行政会议 among the year's meetings, or no meeting at all)."""
    from fazhi_desktop.core.indicators.drill import why_empty

    town = world.town(TOWN)
    town.store.save("meeting", {"title": "党委会", "meeting_type": "党委会", "held_on": "2025-05-01",
                                "office_head_attendance": "全程"}, ACTOR)
    for store in (town.store, at_the_county(world, town)):
        catalog = load_catalog_for(store)
        reasons = {part: why_empty(store, drill(store, catalog, "T40b", 2025, TOWN, part, today=JANUARY), JANUARY)
                   for part in ("value", "denominator", "gap")}
        said = "2025年的 1 条会议记录中，没有符合分母条件的，所以记为“无数据”（不是 0% 或 100%）。"
        assert {part: reason.removeprefix("海城镇") for part, reason in reasons.items()} == dict.fromkeys(reasons, said)
        # a township with no record of the ledger says that, for the shortfall too
        gap = drill(store, catalog, "T30b", 2025, TOWN, "gap", today=JANUARY)
        sent = "（已收到的数据包中没有）" if store.is_county else ""
        assert why_empty(store, gap, JANUARY).removeprefix("海城镇") == f"2025年没有投诉举报记录{sent}。"
