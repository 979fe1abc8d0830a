# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The county's 无数据 says what arrived (twenty-fifth session, a county reviewer's January): a township that had
sent no bundle, or bundles holding nothing of the year, was explained as 本年还没有任何记录 in the matrix notes,
指标明细, the PDF and Excel 无数据的原因 and the county window, which a 科员 read as "the township did nothing".
The township's own database still says 本年还没有任何记录 of its own empty year."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime

import openpyxl
from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.indicators import compute, load_catalog_for
from fazhi_desktop.core.indicators import status as st
from fazhi_desktop.core.indicators.report_pdf import write_pdf_report
from fazhi_desktop.core.indicators.report_xlsx import write_xlsx
from fazhi_desktop.core.indicators.views import build_report

A, EARLIER, SILENT = "640522100", "640522101", "640522103"  # 西安镇 never sends
NEVER = "尚未报送数据包"
NOTHING_OF_2026 = "尚未收到本年的记录（最近一次报送：2026-10-08）"


def _county(world, valid_record):
    """A sends a 2026 meeting; EARLIER sent, on 8 October 2026, only what it entered of 2025; 西安镇 nothing."""
    earlier = world.town(EARLIER)
    earlier.store.save("meeting", valid_record("meeting", title="2025年的会议", held_on="2025-11-05"), "杨芳")
    world.clock.set(datetime(2026, 10, 8, 2, 0, tzinfo=UTC))
    assert world.import_(world.export(earlier).path).ok
    a = world.town(A)
    a.store.save("meeting", valid_record("meeting", title="本年的会议", held_on="2026-11-02"), "杨芳")
    world.clock.set(datetime(2026, 11, 20, 2, 0, tzinfo=UTC))
    assert world.import_(world.export(a).path).ok
    return load_catalog_for(world.county)


def test_the_county_says_what_arrived_not_that_the_township_did_nothing(world, valid_record):
    catalog = _county(world, valid_record)
    results = compute(world.county, catalog, 2026)
    names = {t.code: t.name for t in results.townships}
    note = results.no_data_note(catalog.targets)
    assert f"{names[EARLIER]}：{NOTHING_OF_2026}" in note
    assert f"{names[SILENT]}、" in note and f"：{NEVER}；" in note
    assert "本年还没有任何记录" not in note
    # every 无数据 figure of theirs says it, a ratio's too (its empty denominator is what did not arrive)
    for code, said in ((SILENT, NEVER), (EARLIER, NOTHING_OF_2026)):
        figures = [f for f in results.for_township(code) if f.status == st.NO_DATA]
        assert figures and {f.no_data_reason() for f in figures} == {said}
    assert results.figure("T40b", SILENT).progress_text() == f"所长全程列席 无数据：{NEVER}"  # matrix cell, 指标明细
    # A sent records of the year: its ratios still say what its records lack
    assert results.figure("T35", A).no_data_reason() == "本年没有行政裁决案件"


def test_the_county_reports_say_it_in_excel_and_pdf(world, valid_record, tmp_path):
    catalog = _county(world, valid_record)
    report = build_report(world.county, catalog, 2026)
    book = openpyxl.load_workbook(write_xlsx(report, tmp_path / "指标.xlsx"))
    notes = next(c.value for c in book["汇总矩阵"]["A"] if str(c.value).startswith("无数据的原因："))
    assert NEVER in notes and NOTHING_OF_2026 in notes and "本年还没有任何记录" not in notes
    detail = book["指标明细"]
    headers = [c.value for c in detail[3]]
    said = {r[headers.index("进度说明")] for r in detail.iter_rows(min_row=4, values_only=True) if r[0] == "T40b"}
    assert f"所长全程列席 无数据：{NEVER}" in said and f"所长全程列席 无数据：{NOTHING_OF_2026}" in said
    path, _, _ = write_pdf_report(report, tmp_path / "指标.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.replace(" ", "").replace("\n", "")
    assert NEVER in text and "最近一次报送：2026-10-08" in text and "本年还没有任何记录" not in text


def test_a_townships_own_empty_year_is_still_its_own(world):
    town = world.town(SILENT)
    world.clock.set(datetime(2026, 11, 20, 2, 0, tzinfo=UTC))
    results = compute(town.store, load_catalog_for(town.store), 2026)
    assert results.no_data_note(results.catalog.targets) == "无数据的原因：本年还没有任何记录。"
