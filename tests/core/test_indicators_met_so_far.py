"""A target met while later records of the year can still undo it reads 目前达标, not 达标: T40b 所长全程列席 1 / 1
after February's 常务会议 (the next one may be attended in part), T21 未审查上会 0 项 (the next meeting may table
one). After the year, 达标. A "不少于" count met (T40a 1 / 1) stays 达标. The township's page, the county's matrix,
the workbook, the PDF and `fazhi indicators` say it from one function (Figure.status_text)."""

from __future__ import annotations

import subprocess
from datetime import date

import openpyxl
import pytest

from fazhi_desktop.core.indicators import compute, load_catalog_for
from fazhi_desktop.core.indicators import status as st
from fazhi_desktop.core.indicators.report_pdf import write_pdf_report
from fazhi_desktop.core.indicators.report_xlsx import write_xlsx
from fazhi_desktop.core.indicators.views import build_report

ACTOR = "杨芳"
TOWN = "640522100"
FEBRUARY, NEXT_JANUARY = date(2026, 2, 20), date(2027, 1, 5)


@pytest.fixture
def february(store, valid_record):
    """One 常务会议 on 10 February, the 所长 there throughout; one 专题研究部署 meeting."""
    store.save("meeting", valid_record("meeting", held_on="2026-02-10"), ACTOR)
    store.save("meeting", valid_record("meeting", title="法治政府建设专题研究部署会", held_on="2026-02-12",
                                       meeting_type="专题研究部署法治政府建设会议"), ACTOR)
    return store


def words(store, today: date) -> dict[str, str]:
    results = compute(store, load_catalog_for(store), 2026, today=today)
    return {code: results.figure(code, TOWN).status_text for code in ("T40a", "T40b", "T21")}


def test_a_ratio_met_in_february_is_met_so_far_and_met_once_the_year_is_over(february):
    assert words(february, FEBRUARY) == {"T40a": "达标", "T40b": "目前达标", "T21": "目前达标"}
    assert words(february, NEXT_JANUARY) == {"T40a": "达标", "T40b": "达标", "T21": "达标"}


def test_it_says_why(february):
    results = compute(february, load_catalog_for(february), 2026, today=FEBRUARY)
    t40b, t21, t40a = (results.figure(code, TOWN) for code in ("T40b", "T21", "T40a"))
    assert t40b.status == st.MET  # counted as met (达标乡镇数, 全部达标): only the words differ
    so_far, final = "按目前的记录已达到目标；年度尚未结束，", "。年度结束后才是最终结果"
    assert t40b.status_why() == f"{so_far}以后的记录也计入比率，其中未达到要求的仍会使比率低于目标{final}"
    assert t21.status_why() == f"{so_far}以后的记录仍可能使其超出目标（不超过 0 项）{final}"
    assert t40a.status_why() == ""


def test_the_workbook_and_the_pdf_say_the_same_words(february, tmp_path):
    report = build_report(february, load_catalog_for(february), 2026, today=FEBRUARY)
    book = openpyxl.load_workbook(write_xlsx(report, tmp_path / "r.xlsx"))
    matrix, detail = book["汇总矩阵"], book["指标明细"]
    cells = {c.value for row in matrix.iter_rows() for c in row}
    assert "目前达标" in cells
    t40b = next(row for row in detail.iter_rows(values_only=True) if row[0] == "T40b")
    assert "目前达标" in t40b
    filled = next(c for row in matrix.iter_rows() for c in row if c.value == "目前达标").fill.fgColor.rgb
    assert filled.endswith(st.COLOURS[st.MET])  # the colour of 达标: met, by the records so far
    path, _, _ = write_pdf_report(report, tmp_path / "r.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "T40b 所长全程列席 100% 100.0% 目前达标" in " ".join(text.split())


def test_the_report_of_an_ended_year_says_met(february, tmp_path):
    report = build_report(february, load_catalog_for(february), 2026, today=NEXT_JANUARY)
    book = openpyxl.load_workbook(write_xlsx(report, tmp_path / "r.xlsx"))
    values = {c.value for sheet in ("汇总矩阵", "指标明细") for row in book[sheet].iter_rows() for c in row}
    assert "达标" in values and "目前达标" not in values
