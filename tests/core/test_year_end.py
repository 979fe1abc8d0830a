# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The turn of the year: December's last records entered in the first days of January, the county scoring the
year just ended in January while the townships' first records of the new year already arrive."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.cli import main
from fazhi_desktop.core.indicators import default_year
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.store import ListQuery, Store

CLERK = "马丽"


def lecture(store, held_on: str) -> None:
    store.save("law_study", {"activity_type": "会前学法", "topic": "学习《行政处罚法》", "held_on": held_on}, CLERK)


def test_past_midnight_on_new_years_day_beijing_time_is_the_new_year(store, clock, valid_record, beijing_time):
    """00:30 in Haiyuan is 16:30 UTC of 31 December: today, the default date, the number and the future check are
    the new year's; a December case entered in January still takes December's year."""
    store.save("mediation_case", valid_record("mediation_case", accepted_on="2026-12-20"), CLERK)
    clock.set(datetime(2026, 12, 31, 16, 30, tzinfo=UTC))
    assert store.defaults(store.ledger("mediation_case"))["accepted_on"] == "2027-01-01"
    first = store.save("mediation_case", valid_record("mediation_case", accepted_on="2027-01-01"), CLERK)
    assert first.number == "〔2027〕人调字第1号" and first.warnings == ()
    ahead = store.save("mediation_case", valid_record("mediation_case", accepted_on="2027-01-02"), CLERK)
    assert [w.message for w in ahead.warnings] == ["受理日期晚于今天，请核对"]
    clock.set(datetime(2027, 1, 3, 1, 0, tzinfo=UTC))
    late = store.save("mediation_case", valid_record("mediation_case", accepted_on="2026-12-28"), CLERK)
    assert late.number == "〔2026〕人调字第2号"
    moved = store.save("mediation_case", valid_record("mediation_case", accepted_on="2026-12-31"), CLERK)
    moved = store.save("mediation_case", {"accepted_on": "2027-01-01"}, CLERK, record_id=moved.id)
    assert moved.number == "〔2027〕人调字第3号"  # its 2026 number is not given out again
    year_2026 = [r.number for r in store.list(ListQuery("mediation_case", year=2026))]
    assert year_2026 == ["〔2026〕人调字第2号", "〔2026〕人调字第1号"]


def test_the_county_in_january_flags_a_township_whose_last_bundle_was_made_before_the_year_ended(world, clock):
    """A bundle sent on 10 December, then December's last sessions entered on 3 January: scored on 10 January, the
    township was not overdue (31 days) and nothing said that its December was not at the county."""
    town = world.town()
    lecture(town.store, "2026-12-05")
    clock.set(datetime(2026, 12, 10, 2, 0, tzinfo=UTC))
    assert world.import_(world.export(town).path).ok
    row = next(t for t in completeness(world.county, 2026).townships if t.code == town.code)
    assert row.problems() == []  # in December: nothing to say yet
    clock.set(datetime(2027, 1, 3, 2, 0, tzinfo=UTC))
    lecture(town.store, "2026-12-28")
    clock.set(datetime(2027, 1, 10, 2, 0, tzinfo=UTC))
    row = next(t for t in completeness(world.county, 2026).townships if t.code == town.code)
    assert row.problems() == ["最后一个数据包制作于2026年12月10日，2026年底之后尚未报送（此后登记的记录未到）："
                              "请乡镇再导出一个数据包报送"]
    assert completeness(world.county, 2026).note == \
        "按数据包导入记录统计；超过 60 天未报送的乡镇会标出；2026年已结束，年底之后还没有报送的乡镇也会标出。"
    assert next(t for t in completeness(world.county, 2027).townships if t.code == town.code).made_before_year_end \
        is None  # 2027 is not over
    assert world.import_(world.export(town).path).ok  # made on 10 January
    row = next(t for t in completeness(world.county, 2026).townships if t.code == town.code)
    assert row.problems() == [] and row.records["law_study"] == 2


def test_the_county_opens_on_the_year_just_ended_all_through_january(world, clock):
    """The county scores 2026 in January: once a township's first 2027 meeting arrived, its pages (and the report
    they export) opened on 2027, all 无数据 and 未达标."""
    town = world.town()
    clock.set(datetime(2026, 12, 10, 2, 0, tzinfo=UTC))
    lecture(town.store, "2026-12-05")
    clock.set(datetime(2027, 1, 10, 2, 0, tzinfo=UTC))
    lecture(town.store, "2027-01-05")
    assert world.import_(world.export(town).path).ok
    assert default_year(world.county) == (2026, "1月为2026年度考核期，显示2026年")
    # the township reviews 2026 until it closes it, then follows its new year's targets
    assert default_year(town.store) == (2026, "1月为2026年度考核期，2026年尚未封账，显示2026年")
    clock.set(datetime(2027, 2, 1, 2, 0, tzinfo=UTC))
    assert default_year(world.county) == (2027, "")


def test_the_county_in_january_scores_last_year_before_any_record_of_it_has_arrived(world, clock):
    """In January 2027, with only 2025's records at the county, 县级汇总 jumped two years back ("2027年尚无记录，显示
    2025年"), past 2026, the year being scored (twenty-first session's county review)."""
    town = world.town()
    clock.set(datetime(2025, 12, 10, 2, 0, tzinfo=UTC))
    lecture(town.store, "2025-12-05")
    assert world.import_(world.export(town).path).ok
    clock.set(datetime(2027, 1, 8, 2, 0, tzinfo=UTC))
    assert default_year(world.county) == (2026, "1月为2026年度考核期，显示2026年（2026年尚未收到记录）")


def test_the_matrix_marks_a_township_whose_year_may_not_all_have_arrived(world, clock, capsys):
    """数据完整性 flagged a township whose last bundle was made on 10 December, but the matrix, the reports and
    `fazhi indicators` gave its verdicts as final: they are judged on what arrived, and now say so."""
    from fazhi_desktop.core.indicators import load_catalog_for
    from fazhi_desktop.core.indicators.views import build_report

    town = world.town()
    name = town.store.setting("division_name")
    lecture(town.store, "2026-12-05")
    clock.set(datetime(2026, 12, 10, 2, 0, tzinfo=UTC))
    assert world.import_(world.export(town).path).ok
    clock.set(datetime(2027, 1, 10, 2, 0, tzinfo=UTC))
    report = build_report(world.county, load_catalog_for(world.county), 2026)
    matrix = next(v for v in report.views if v.name == "汇总矩阵")
    names = [row[0] for row in matrix.rows if row[1] == town.code]
    assert names == [f"{name} *"]
    assert (f"带 * 的乡镇最后一个数据包制作于2026年底之前：{name}（2026年12月10日）；此后登记的记录尚未报送到县里，"
            "其状态按已收到的记录评定。") in matrix.notes
    from fazhi_desktop.core.indicators.report_pdf import build_pdf_report

    printed = "".join(run.text for page in build_pdf_report(report).pages for run in page.texts())
    assert f"{name} *" in printed and "带 * 的乡镇最后一个数据包制作于2026年底之前" in printed  # the PDF said neither
    world.county.close()
    assert main(["--db", str(world.county.path), "indicators", "--year", "2026", "--as-of", "2027-01-10"]) == 0
    out = capsys.readouterr().out
    assert f"{name} *" in out and "带 * 的乡镇最后一个数据包制作于2026年底之前" in out
    assert main(["--db", str(world.county.path), "indicators", "--year", "2026", "--as-of", "2027-01-10",
                 "--format", "json"]) == 0
    towns = {t["code"]: t for t in json.loads(capsys.readouterr().out)["townships"]}
    assert towns[town.code]["last_bundle_made_before_year_end"] == "2026-12-10"  # the JSON said nothing
    assert all("last_bundle_made_before_year_end" not in t for code, t in towns.items() if code != town.code)
    world.county = Store.open(world.county.path, clock=clock)
    clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    assert world.import_(world.export(town).path).ok  # made after the year's end: nothing to mark
    matrix = next(v for v in build_report(world.county, load_catalog_for(world.county), 2026).views
                  if v.name == "汇总矩阵")
    assert [row[0] for row in matrix.rows if row[1] == town.code] == [name]
