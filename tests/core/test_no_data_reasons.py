"""无数据 with its reason everywhere (twenty-third session): the township's 本年度指标 page said
无数据：本年没有乡镇行政会议（政府常务会议）, while the Excel and PDF reports, the county's matrix and
`fazhi indicators` said a bare 无数据 (进度说明 "所长全程列席 0 / 0（无数据）"); the mediation statistics had no
wording at all; and the report's 统计截至 followed the PC's time zone where its 生成时间 beside it is Beijing's."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime

import openpyxl

from fazhi_desktop.cli import main
from fazhi_desktop.core.indicators import compute, load_catalog_for
from fazhi_desktop.core.indicators.report_pdf import write_pdf_report
from fazhi_desktop.core.indicators.report_xlsx import write_xlsx
from fazhi_desktop.core.indicators.views import build_report

T40B = "本年没有乡镇行政会议（政府常务会议）"
M7 = "本年没有受理人民调解、行政调解案件"  # no case at all: the half of its reason that is true


def _one_party_meeting(store, valid_record, clock):
    """A year with one 党委会 and nothing else: T40b's denominator (乡镇行政会议) and every mediation ratio are 0."""
    clock.set(datetime(2026, 7, 1, 4, 0, tzinfo=UTC))
    store.save("meeting", valid_record("meeting", title="党委会第1次", held_on="2026-03-05",
                                       meeting_type="党委会"), "杨芳")
    return load_catalog_for(store)


def test_the_reports_say_why_a_figure_is_without_data_as_the_page_does(store, valid_record, clock, tmp_path):
    catalog = _one_party_meeting(store, valid_record, clock)
    report = build_report(store, catalog, 2026)
    book = openpyxl.load_workbook(write_xlsx(report, tmp_path / "指标.xlsx"))
    detail = book["指标明细"]
    headers = [c.value for c in detail[3]]
    rows = {r[0]: r for r in detail.iter_rows(min_row=4, values_only=True) if r[0]}
    assert rows["T40b"][headers.index("状态")] == "无数据"
    assert rows["T40b"][headers.index("进度说明")] == f"所长全程列席 无数据：{T40B}"  # was "… 0 / 0（无数据）"
    notes = next(c.value for c in book["汇总矩阵"]["A"] if str(c.value).startswith("无数据的原因："))
    assert f"T40b 所长全程列席：{T40B}；" in notes and "T35 行政裁决权利告知：本年没有行政裁决案件。" in notes
    mediation = " ".join(c.value for c in book["调解统计"]["A"] if isinstance(c.value, str))
    assert f"M7 回访率：{M7}" in mediation

    path, _, _ = write_pdf_report(report, tmp_path / "指标.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.replace(" ", "")
    assert f"所长全程列席无数据：{T40B}" in text  # 各指标完成情况's 进度说明
    assert M7 in text  # under 调解统计


def test_the_command_line_says_why_too(store, valid_record, clock, monkeypatch, capsys):
    _one_party_meeting(store, valid_record, clock)
    monkeypatch.setenv("FAZHI_DB", str(store.path))
    store.close()
    assert main(["indicators", "--year", "2026", "--as-of", "2026-07-01"]) == 0
    out = capsys.readouterr().out
    assert f"无数据的原因：T40b 所长全程列席：{T40B}" in out
    assert f"M7 回访率：{M7}" in out


def test_every_ratio_of_the_shipped_catalog_says_what_its_empty_denominator_lacks(store):
    """M2 and M5–M7 said only 比率的分母为 0: each ratio's 0 denominator is now worded for a county reviewer."""
    catalog = load_catalog_for(store)
    ratios = [i for i in catalog.indicators if i.computable and i.is_ratio]
    assert {i.code for i in ratios} >= {"M2", "M5", "M6", "M7", "T40b", "T4"}
    assert [i.code for i in ratios if not (i.denominator and i.denominator.empty)] == []


def test_a_township_with_nothing_this_year_is_named_once(store, clock):
    """A township without a record in the year: one reason for all its figures, not one per indicator."""
    clock.set(datetime(2026, 7, 1, 4, 0, tzinfo=UTC))
    results = compute(store, load_catalog_for(store), 2026)
    assert results.no_data_note(results.catalog.targets) == "无数据的原因：本年还没有任何记录。"


def test_the_reports_date_is_beijings_whatever_the_pcs_zone(store, valid_record, clock, zone, tmp_path):
    """On a PC set to UTC, a report made at 01:00 on 1 January Beijing time said 统计截至 2026年12月31日 beside
    生成时间 2027年1月1日 01:00: both are Beijing's now, as every other printed time is."""
    catalog = _one_party_meeting(store, valid_record, clock)
    zone("UTC0")
    clock.set(datetime(2026, 12, 31, 17, 0, tzinfo=UTC))  # 2027-01-01 01:00 in Beijing
    book = openpyxl.load_workbook(write_xlsx(build_report(store, catalog, 2026), tmp_path / "r.xlsx"))
    subtitle = book["汇总矩阵"]["A2"].value
    assert "统计截至 2027年1月1日　生成时间 2027年1月1日 01:00" in subtitle


def test_the_mediation_ratios_say_the_half_of_their_reason_that_is_true(store, valid_record, clock, tmp_path,
                                                                          monkeypatch, capsys):
    """M2 and M6 said 本年没有受理人民调解、行政调解案件，或受理的都还没有调解结果 beside M1 = 2 件 (M5, M7 alike):
    the catalog's two wordings are chosen by M1's (M7's) count, on the page, in both reports and the command line."""
    clock.set(datetime(2026, 7, 1, 4, 0, tzinfo=UTC))
    for day in ("2026-03-05", "2026-04-09"):
        store.save("mediation_case", valid_record("mediation_case", accepted_on=day), "杨芳")
    catalog = load_catalog_for(store)
    results = compute(store, catalog, 2026)
    town = results.townships[0].code
    said = {code: results.figure(code, town).no_data_reason() for code in ("M2", "M5", "M6", "M7")}
    assert results.figure("M1", town).numerator == 2
    assert said == {"M2": "受理的案件都还没有调解结果", "M5": "本年没有调解成功的人民调解、行政调解案件",
                    "M6": "受理的案件都还没有结案（填了调解结果和结案日期）", "M7": "受理的案件中没有调解成功的"}
    assert results.figure("M2", town).progress_text() == "调解成功率 无数据：受理的案件都还没有调解结果"
    assert results.total_empty("M2") == "受理的案件都还没有调解结果"  # 全县合计, of the townships' counts
    book = openpyxl.load_workbook(write_xlsx(build_report(store, catalog, 2026), tmp_path / "指标.xlsx"))
    mediation = " ".join(c.value for c in book["调解统计"]["A"] if isinstance(c.value, str))
    assert "M2 调解成功率：受理的案件都还没有调解结果" in mediation and "本年没有受理" not in mediation
    path, _, _ = write_pdf_report(build_report(store, catalog, 2026), tmp_path / "指标.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.replace(" ", "").replace("\n", "")
    assert "受理的案件都还没有调解结果" in text and "或受理的" not in text
    monkeypatch.setenv("FAZHI_DB", str(store.path))
    store.close()
    assert main(["indicators", "--year", "2026", "--as-of", "2026-07-01"]) == 0
    assert "M2 调解成功率：受理的案件都还没有调解结果" in capsys.readouterr().out


def test_a_catalog_naming_no_such_entry_for_its_two_wordings_is_refused(store, tmp_path):
    from fazhi_desktop.core.indicators.catalog import CatalogError, default_catalog_path, load_catalog

    text = default_catalog_path().read_text(encoding="utf-8").replace('empty_of = "M7"', 'empty_of = "M99"')
    (tmp_path / "c.toml").write_text(text, encoding="utf-8")
    try:
        load_catalog(tmp_path / "c.toml", store.ledgers)
    except CatalogError as exc:
        assert exc.code == "M5" and "empty_of" in exc.reason and "M99" in exc.reason and exc.line
    else:
        raise AssertionError("accepted")
