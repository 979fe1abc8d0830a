# ruff: noqa: F811  (pytest fixtures imported from tests/indicator_data.py and tests/bundle_world.py)
"""The year's report: an Excel workbook a county reviewer opens in Excel or WPS (sheets, frozen headers, Chinese
headers, numbers as numbers, percentages formatted), and a PDF with its fonts embedded."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import openpyxl
import pytest
from bundle_world import county_template, world  # noqa: F401
from indicator_data import YEAR, fill_known_year, known, known_template  # noqa: F401
from reportlab.pdfbase.pdfmetrics import stringWidth

from fazhi_desktop.core.indicators import load_catalog_for
from fazhi_desktop.core.indicators.report_pdf import build_pdf_report, write_pdf_report
from fazhi_desktop.core.indicators.report_xlsx import write_xlsx
from fazhi_desktop.core.indicators.views import build_report
from fazhi_desktop.core.jobs import Cancelled

SHEETS = ["汇总矩阵", "指标明细", "数据完整性", "调解统计", "指标说明"]


def rows_of(sheet, first: int = 4) -> list[tuple]:
    return [row for row in sheet.iter_rows(min_row=first, values_only=True)]


def test_the_workbook_has_one_sheet_per_view_with_frozen_chinese_headers(known, tmp_path):
    store, catalog, ids = known
    # on the year's last day: every record of the known year counts, and the year is not over yet
    path = write_xlsx(build_report(store, catalog, YEAR, today=date(2026, 12, 31)), tmp_path / "指标.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == SHEETS
    matrix, detail = book["汇总矩阵"], book["指标明细"]
    assert matrix.freeze_panes == "C4" and detail.freeze_panes == "D4"
    assert [c.value for c in matrix[3]][:4] == ["乡镇", "代码", "T40a\n专题研究部署", "T40b\n所长全程列席"]
    assert matrix["A4"].value == "海城镇" and matrix["C4"].value == "达标" and matrix["D4"].value == "有风险"
    assert matrix["C4"].fill.fgColor.rgb.endswith("C6EFCE")
    headers = [c.value for c in detail[3]]
    assert headers[:6] == ["指标代码", "任务", "指标", "乡镇", "乡镇代码", "完成数/分子"]
    t46a = next(r for r in rows_of(detail) if r[0] == "T46a")
    assert (t46a[5], t46a[8], t46a[9]) == (3, "不少于 4 次", "有风险")  # 3 of 4 with a day left
    t40b = next(r for r in rows_of(detail) if r[0] == "T40b")
    assert (t40b[5], t40b[6], t40b[7]) == (1, 2, "50.0%")
    assert t40b[12] == store.get(ids["admin_dec31"]).number  # the meeting the office head did not attend throughout
    rows = {r[0]: r for r in rows_of(detail)}
    assert rows["T47"][12] == "马志刚"  # the leader who has not reported, by name: there is no record to list
    assert rows["T29"][12].endswith("（3 / 4）")  # the check short of certified staff, with what it had
    assert detail.column_dimensions["K"].width > 20


def test_mediation_percentages_are_numbers_formatted_as_percent(known, tmp_path):
    store, catalog, _ = known
    book = openpyxl.load_workbook(write_xlsx(build_report(store, catalog, YEAR), tmp_path / "r.xlsx"))
    sheet = book["调解统计"]
    headers = [c.value for c in sheet[3]]
    row = rows_of(sheet)[0]
    rate = headers.index("调解成功率")
    assert row[headers.index("受理调解案件（件）")] == 4
    assert row[rate] == pytest.approx(2 / 3) and sheet.cell(4, rate + 1).number_format == "0.0%"
    kinds = [r for r in rows_of(sheet) if r[0] in ("邻里纠纷", "山林土地纠纷")]
    assert {r[0]: r[1] for r in kinds} == {"邻里纠纷": 3, "山林土地纠纷": 1}


def test_a_rate_without_cases_reads_as_the_notes_say(store, tmp_path):
    """The window showed "—", the workbook an empty cell, and the note said 留空: one word for it everywhere."""
    book = openpyxl.load_workbook(write_xlsx(build_report(store, load_catalog_for(store), YEAR), tmp_path / "r.xlsx"))
    sheet = book["调解统计"]
    rate = [c.value for c in sheet[3]].index("调解成功率") + 1
    assert sheet.cell(4, rate).value == "—" and sheet.cell(4, rate).alignment.horizontal == "right"
    notes = [c.value for r in sheet.iter_rows() for c in r if isinstance(c.value, str) and "分母为0" in c.value]
    assert notes and "“—”" in notes[0]


def test_an_export_stopped_halfway_leaves_the_previous_file_alone(known, tmp_path):
    store, catalog, _ = known
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"previous")
    report = build_report(store, catalog, YEAR)

    def stop(done, total, text):
        if "保存" in text:
            raise Cancelled()

    with pytest.raises(Cancelled):
        write_xlsx(report, target, stop)
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("known")) == ["r.xlsx"]


def test_a_workbook_that_cannot_be_written_is_said_in_chinese(known, tmp_path, monkeypatch):
    import errno

    from openpyxl import Workbook

    from fazhi_desktop.core.errors import FazhiError

    store, catalog, _ = known
    report = build_report(store, catalog, YEAR)

    def refuse(errno_code):
        def save(self, handle):
            raise OSError(errno_code, "English words from the system")
        return save

    monkeypatch.setattr(Workbook, "save", refuse(errno.ENOSPC))
    with pytest.raises(FazhiError, match=r"保存Excel报表失败.*磁盘（U盘）空间不足") as full:
        write_xlsx(report, tmp_path / "r.xlsx")
    assert "English" not in str(full.value)
    monkeypatch.setattr(Workbook, "save", refuse(errno.EACCES))
    with pytest.raises(FazhiError, match="如已在 Excel 中打开，请先关闭"):
        write_xlsx(report, tmp_path / "r.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("known")) == []


def test_the_county_workbook_lists_every_township_and_completeness(world, tmp_path, beijing_time):
    town = world.town("640522100")
    fill_known_year(town.store)
    assert world.import_(world.export(town).path).ok
    report = build_report(world.county, load_catalog_for(world.county), YEAR)
    path = write_xlsx(report, tmp_path / "县.xlsx")
    assert path.stat().st_mode & 0o777 == 0o644  # a document to hand on, not a private file
    book = openpyxl.load_workbook(path)
    matrix = book["汇总矩阵"]
    names = [r[0] for r in rows_of(matrix)]
    assert "海城镇" in names and "西安镇" in names and "达标乡镇数" in names
    complete = book["数据完整性"]
    headers = [c.value for c in complete[3]]
    assert headers[:8] == ["乡镇", "代码", "需关注", "密钥已登记", "数据包数", "最后数据包", "最后导入时间", "距今天数"]
    haicheng = next(r for r in rows_of(complete) if r[0] == "海城镇")
    assert haicheng[3:7] == ("是", 1, 1, "2026-06-01 16:00")  # the office's own (Beijing) time, as everywhere
    assert "生成时间 2026-06-01 16:00" in complete.cell(2, 1).value and "UTC" not in complete.cell(2, 1).value
    assert next(r for r in rows_of(complete) if r[0] == "西安镇")[2] == "密钥未登记；从未报送数据包；本年没有记录"


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
def test_the_pdf_report_embeds_its_fonts_and_reads_as_chinese(known, tmp_path):
    store, catalog, _ = known
    path, pages, _notice = write_pdf_report(build_report(store, catalog, YEAR), tmp_path / "指标.pdf")
    assert pages >= 2
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    lines = fonts.splitlines()[2:]
    assert lines and all(" yes " in line for line in lines)  # every font embedded
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "海城镇司法所2026年法治政府建设指标完成情况" in text
    assert "会前学法 3 / 4 次" in text and "调解统计" in text and "本版本不能计算的指标" in text


def test_the_pdf_names_who_and_what_falls_short_as_the_workbook_does(known):
    store, catalog, _ = known
    report = build_report(store, catalog, YEAR, today=date(2026, 12, 31))
    text = build_pdf_report(report).text().replace("\n", "")
    assert "未达到：马志刚" in text  # T47: the leader who has not reported
    assert "（3 / 4）" in text  # T29: the check short of certified staff


def test_the_county_pdf_has_the_coloured_matrix(world):
    town = world.town("640522100")
    fill_known_year(town.store)
    assert world.import_(world.export(town).path).ok
    doc = build_pdf_report(build_report(world.county, load_catalog_for(world.county), YEAR))
    text = doc.text()
    assert "指标完成情况汇总（乡镇 × 指标）" in text and "西安镇" in text and "达标乡镇数" in text
    fills = {item.fill for page in doc.pages for item in page.items if getattr(item, "fill", None)}
    assert (198 / 255, 239 / 255, 206 / 255) in fills  # 达标 green behind the status text
    # a report-only target (T45, T34, T4) is neither met nor missed: its status counts are dashes, not zeros that
    # leave the row adding up to fewer townships than the county has
    page, t45 = next((p, r) for p in doc.pages for r in p.texts() if r.text == "T45" and "宪法宣誓" in
                     {t.text for t in p.texts() if abs(t.y - r.y) < 1})
    row = [r.text for r in sorted(page.texts(), key=lambda r: r.x) if abs(r.y - t45.y) < 1]
    assert row[-5:] == ["—", "—", "—", "—", "17"], row  # 达标…未达标 dashes; 17 townships sent nothing
    # figures are right-aligned, as in the Excel workbook: in the last column of 数据完整性 (本年记录合计) the
    # township's two-digit total and the others' "0" end at the same place
    runs = next(page.texts() for page in doc.pages if "需关注" in {r.text for r in page.texts()})
    figures = [(r.text, r.x + stringWidth(r.text, r.font, r.size)) for r in runs if r.text.isdigit()]
    last = max(end for _, end in figures)
    assert {len(text) for text, end in figures if abs(end - last) < 0.5} == {1, 2}, figures
