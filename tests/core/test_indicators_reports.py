# ruff: noqa: F811  (pytest fixtures imported from tests/indicator_data.py and tests/bundle_world.py)
"""The year's report: an Excel workbook a county reviewer opens in Excel or WPS (sheets, frozen headers, Chinese
headers, numbers as numbers, percentages formatted), and a PDF with its fonts embedded."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import openpyxl
import pytest
from bundle_world import county_template, world  # noqa: F401
from indicator_data import YEAR, fill_known_year, known, known_template  # noqa: F401
from reportlab.pdfbase.pdfmetrics import stringWidth

from fazhi_desktop.core.dates import cn_number
from fazhi_desktop.core.indicators import load_catalog_for
from fazhi_desktop.core.indicators import status as st
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
    # T40b 1 / 2: a meeting attended in part, which no later one makes up
    assert matrix["A4"].value == "海城镇" and matrix["C4"].value == "达标" and matrix["D4"].value == "未达标"
    assert matrix["C4"].fill.fgColor.rgb.endswith("C6EFCE")
    headers = [c.value for c in detail[3]]
    assert headers[:6] == ["指标代码", "任务", "指标", "乡镇", "乡镇代码", "完成数/分子"]
    t46a = next(r for r in rows_of(detail) if r[0] == "T46a")
    assert (t46a[5], t46a[8], t46a[9]) == (3, "不少于 4 次", "有风险")  # 3 of 4 with a day left
    t40b = next(r for r in rows_of(detail) if r[0] == "T40b")
    assert (t40b[5], t40b[6], t40b[7]) == (1, 2, 0.5)
    assert t40b[12] == store.get(ids["admin_dec31"]).number  # the meeting the office head did not attend throughout
    rows = {r[0]: r for r in rows_of(detail)}
    assert rows["T47"][12] == "马志刚"  # the leader who has not reported, by name: there is no record to list
    assert rows["T29"][12].endswith("（本条计入 实有 / 应有：3 / 4）")  # the check short, with what it adds
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

    from openpyxl.writer.excel import ExcelWriter

    from fazhi_desktop.core.errors import FazhiError

    store, catalog, _ = known
    report = build_report(store, catalog, YEAR)

    def refuse(errno_code):
        def write_data(self):  # openpyxl writing the workbook's parts into the file
            raise OSError(errno_code, "English words from the system")
        return write_data

    monkeypatch.setattr(ExcelWriter, "write_data", refuse(errno.ENOSPC))
    with pytest.raises(FazhiError, match=r"保存Excel报表失败.*磁盘（U盘）空间不足") as full:
        write_xlsx(report, tmp_path / "r.xlsx")
    assert "English" not in str(full.value)
    monkeypatch.setattr(ExcelWriter, "write_data", refuse(errno.EACCES))
    with pytest.raises(FazhiError, match="如已在 Excel 中打开，请先关闭"):
        write_xlsx(report, tmp_path / "r.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("known")) == []


def test_the_county_workbook_lists_every_township_and_completeness(world, tmp_path, beijing_time):
    path = write_xlsx(county_report(world), tmp_path / "县.xlsx")
    assert path.stat().st_mode & 0o777 == 0o644  # a document to hand on, not a private file
    book = openpyxl.load_workbook(path)
    matrix = book["汇总矩阵"]
    names = [r[0] for r in rows_of(matrix)]
    assert "海城镇" in names and "西安镇" in names and "达标乡镇数" in names
    complete = book["数据完整性"]
    headers = [c.value for c in complete[3]]
    assert headers[:8] == ["乡镇", "代码", "需关注", "密钥已登记", "数据包数", "最后数据包", "最后导入日期", "距今天数"]
    haicheng = next(r for r in rows_of(complete) if r[0] == "海城镇")
    assert haicheng[3:7] == ("是", 1, 1, "2026-06-01")  # the day in the office's own (Beijing) time
    assert "生成时间 2026年6月1日 16:00" in complete.cell(2, 1).value and "UTC" not in complete.cell(2, 1).value
    assert next(r for r in rows_of(complete) if r[0] == "西安镇")[2] == (
        "密钥未登记：请在“数据交换 → 密钥与登记”中登记乡镇密钥（或 fazhi enrol）。\n"
        "从未报送数据包：请乡镇导出数据包报送。")  # an item to a line, each ended by 。


def test_a_name_a_township_sent_beginning_with_equals_is_text_in_the_county_workbook(world, tmp_path):
    from fazhi_desktop.core import people

    town = world.town()
    name = '=HYPERLINK("http://x.example/","马文军")'
    people.add_person(town.store, "杨芳", name, roles=["主要负责同志"], joined_on="2025-01-01")
    assert world.import_(world.export(town).path).ok
    report = build_report(world.county, load_catalog_for(world.county), 2026, today=date(2026, 6, 1))
    book = openpyxl.load_workbook(write_xlsx(report, tmp_path / "县.xlsx"))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells, "the name is in the report"
    assert [(c.data_type, c.value) for c in cells] == [("s", c.value) for c in cells]  # no formula, no live link


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


def test_the_pdf_report_heading_writes_its_dates_in_words(known, beijing_time):
    """"统计截至 2026-12-31　生成时间 2026-11-28 02:21" under a title, beside notes of "2026年12月31日": a heading
    writes its dates as an official document does."""
    store, catalog, _ = known
    report = build_report(store, catalog, YEAR, today=date(2026, 12, 31))
    line = next(r.text for r in build_pdf_report(report).pages[0].texts() if "统计截至" in r.text)
    assert re.search(r"统计截至 2026年12月31日　生成时间 \d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d　", line), line
    assert not re.search(r"\d{4}-\d\d", line), line


def test_the_pdf_names_who_and_what_falls_short_as_the_workbook_does(known):
    store, catalog, _ = known
    report = build_report(store, catalog, YEAR, today=date(2026, 12, 31))
    text = build_pdf_report(report).text().replace("\n", "")
    # T47: the leader who has not reported, said as 述法 is (a bare "未达到：马志刚" did not say what he had not done)
    assert "未述法：马志刚" in text and "未达到：马志刚" not in text
    assert "（本条计入 实有/应有：3/4）" in text  # T29 (as 全县合计 writes a ratio)


def county_report(world):
    """The county's report after 海城镇 sent its known year (the other seventeen townships sent nothing)."""
    town = world.town("640522100")
    fill_known_year(town.store)
    assert world.import_(world.export(town).path).ok
    return build_report(world.county, load_catalog_for(world.county), YEAR)


def test_the_county_pdf_has_the_coloured_matrix(world):
    doc = build_pdf_report(county_report(world))
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


def completion_cells(sheet) -> dict[str, object]:
    """指标明细: indicator code -> its 完成值 cell (a township's workbook: one row per indicator)."""
    column = [c.value for c in sheet[3]].index("完成值") + 1
    last = int(sheet.auto_filter.ref.split(":")[1][1:])  # the table's last row (the notes follow it)
    return {sheet.cell(r, 1).value: sheet.cell(r, column) for r in range(4, last + 1)}


def test_completion_values_are_numbers_so_that_excel_sorts_them_by_value(known, tmp_path):
    """As text, "100.0%" sorted before "80.0%" and "3 次" beside "10 次" by their first character."""
    store, catalog, _ = known
    book = openpyxl.load_workbook(write_xlsx(build_report(store, catalog, YEAR), tmp_path / "r.xlsx"))
    cells = completion_cells(book["指标明细"])
    assert (cells["T40b"].value, cells["T40b"].number_format) == (0.5, "0.0%")  # a ratio: a fraction shown 50.0%
    assert (cells["T29"].value, cells["T29"].number_format) == (pytest.approx(5 / 6), "0.0%")
    assert (cells["T46a"].value, cells["T46a"].number_format) == (3, '0" 次"')  # a count, shown with its unit
    assert (cells["M1"].value, cells["M1"].number_format) == (4, '0" 件"')
    assert all(isinstance(c.value, int | float) for c in cells.values())


def test_no_data_is_an_empty_completion_value_that_sorts_last(store, tmp_path):
    """A township without records: its 状态 says 无数据 and its 完成值 is empty (Excel puts empty cells last in
    either order), never the text "无数据" among numbers, nor "0 次"."""
    book = openpyxl.load_workbook(write_xlsx(build_report(store, load_catalog_for(store), YEAR), tmp_path / "r.xlsx"))
    sheet = book["指标明细"]
    status = [c.value for c in sheet[3]].index("状态") + 1
    cells = completion_cells(sheet)
    assert {sheet.cell(c.row, status).value for c in cells.values()} == {"无数据"}
    assert {c.value for c in cells.values()} == {None}
    assert any("留空" in (c.value or "") for row in sheet.iter_rows(min_row=sheet.max_row - 2) for c in row)


def test_each_sheet_has_one_title_as_an_official_table_reads(known, tmp_path):
    store, catalog, _ = known
    book = openpyxl.load_workbook(write_xlsx(build_report(store, catalog, YEAR), tmp_path / "r.xlsx"))
    titles = {sheet.title: sheet["A1"].value for sheet in book.worksheets}
    assert titles == {"汇总矩阵": "海城镇司法所2026年法治政府建设指标完成情况汇总表",
                      "指标明细": "海城镇司法所2026年法治政府建设指标完成情况明细表",
                      "数据完整性": "海城镇司法所2026年数据报送完整性情况表",
                      "调解统计": "海城镇司法所2026年调解工作统计表",
                      "指标说明": "海城镇司法所法治政府建设指标说明"}


def every_text(pdf_text: str, book) -> str:
    return pdf_text + "".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row
                              if c.value is not None)


def test_neither_report_prints_the_programs_install_folder(known, tmp_path):
    """Both reports ended with "指标目录文件：/…/resources/indicators/catalog.toml": on Windows the install folder."""
    from fazhi_desktop.core.indicators import default_catalog_path, use_catalog

    store, catalog, _ = known
    report = build_report(store, catalog, YEAR)
    text = every_text(build_pdf_report(report).text(), openpyxl.load_workbook(write_xlsx(report, tmp_path / "r.xlsx")))
    assert str(default_catalog_path().parent) not in text and "catalog.toml" not in text
    assert "以上为指标目录：海原县法治政府建设指标（海政办发〔2023〕34号）（2023.5）" in text
    own = tmp_path / "县里的目录" / "县目录.toml"
    own.parent.mkdir()
    shutil.copyfile(default_catalog_path(), own)
    store.permit = lambda action: None  # the test's store has no accounts to log in with
    report = build_report(store, use_catalog(store, own), YEAR)
    text = every_text(build_pdf_report(report).text(), openpyxl.load_workbook(write_xlsx(report, tmp_path / "o.xlsx")))
    assert "县里启用的目录：县目录.toml" in text and str(own.parent) not in text  # its name, not where it lies


def test_a_section_heading_is_never_left_at_a_page_foot_without_its_rows(world):
    """二、各指标完成情况 stood at the foot of page 1 with its header row and one row; the rest was overleaf."""
    doc = build_pdf_report(county_report(world))
    headings = [(page, run) for page in doc.pages for run in page.texts()
                if re.match("[一二三四五六七八九十]+、", run.text)]
    # 三、仅报告的指标 among them, numbered as the documents number theirs (八 was the last a section could have)
    assert [run.text.split("、")[0] for _, run in headings] == [cn_number(n) for n in range(1, 8)]
    for page, heading in headings:
        foot = min(r.y for r in page.texts() if r.text.startswith("第 ") and r.text.endswith(" 页"))
        lines_below = {round(r.y) for r in page.texts() if heading.y < r.y < foot}
        assert len(lines_below) >= 5, heading.text  # the header (up to two lines) and at least three rows


def test_a_matrix_column_title_breaks_between_words(world):
    """"投诉举 / 报办结率" in T30b's column: the title is broken after 举报, as the window breaks it."""
    texts = {run.text for run in build_pdf_report(county_report(world)).pages[0].texts()}
    assert {"投诉举报", "办结率", "行政裁决", "权利告知"} <= texts and "投诉举" not in texts


def test_counts_in_the_summary_by_target_are_right_aligned_under_their_headers(world):
    """The 达标 … 无数据 counts of 二、各指标完成情况 stood at the left of their columns, apart from their figures."""
    from fazhi_desktop.core.documents.layout import Rule

    doc = build_pdf_report(county_report(world))
    page = next(p for p in doc.pages if "全县合计" in {r.text for r in p.texts()})
    runs = page.texts()
    header_row = next(r for r in runs if r.text == "全县合计").y
    end = min([r.y for r in runs if r.text.startswith("三、")] or [page.height])  # this table's rows only
    edges = sorted({round(i.x1, 1) for i in page.items if isinstance(i, Rule) and i.x1 == i.x2
                    and i.y1 <= header_row <= i.y2})  # the column rules at the header row
    checked = 0
    for head in (r for r in runs if r.text in ("全县合计", *st.MATRIX_STATUSES) and abs(r.y - header_row) < 1):
        right = next(x for x in edges if x > head.x)
        figures = [r for r in runs if header_row < r.y < end and r.text.isdigit() and right - 30 < r.x < right]
        assert figures, head.text
        ends = {round(r.x + stringWidth(r.text, r.font, r.size), 1) for r in figures}
        assert all(right - 4 < e < right for e in ends), (head.text, right, ends)  # at the column's right edge
        checked += 1
    assert checked == 6


def test_a_row_taller_than_the_rest_of_the_page_begins_there_and_goes_on_overleaf():
    """T29's cell (a township list with record numbers) was pushed whole onto the next page, leaving a third of a
    page empty: a tall row now begins where it is, the header and the row's key repeated overleaf."""
    from fazhi_desktop.core.documents.fonts import resolve_fonts
    from fazhi_desktop.core.documents.layout import A4_LANDSCAPE, Typesetter
    from fazhi_desktop.core.documents.table import Flow
    from fazhi_desktop.core.indicators.report_pdf import _table

    ts = Typesetter(resolve_fonts())
    flow = Flow(A4_LANDSCAPE, 40, 520, 40, 800)
    flow.y = 300  # two fifths of the page left
    long = "、".join(f"第{n}乡镇（有风险：〔2026〕执监字第{n}号（3/4）等 {n} 条）" for n in range(1, 30))
    rows = [["T30a", "执法监督检查", "—"], ["T29", "执法人员持证", long]]
    _table(flow, ts, ["代码", "指标", "未达标或有风险的乡镇"], rows, ["left", "left", "left"], "二、各指标完成情况")
    assert len(flow.pages) == 2
    first, second = ({r.text for r in page.texts()} for page in flow.pages)
    assert "T29" in first and max(r.y for r in flow.pages[0].texts()) > 500  # begun at once, down to the foot
    assert {"代码", "T29"} <= second  # overleaf: the header again and whose row it is
    assert "第29乡镇" in "".join(r.text for r in flow.pages[1].texts())  # and the rest of the cell


def test_the_county_pdf_gives_each_townships_report_only_figures_as_the_workbook_does(world, tmp_path):
    """县级汇总 sent the reviewer to "PDF 的各乡镇页" for T45, T34 and T4 township by township; the PDF had only their
    county totals. Its table 仅报告的指标 has them, each cell the workbook's 指标明细 (twenty-first session)."""
    report = county_report(world)
    doc = build_pdf_report(report)
    start = next(i for i, p in enumerate(doc.pages) for r in p.texts() if r.text == "三、仅报告的指标（乡镇 × 指标）")
    heading = next(r.y for r in doc.pages[start].texts() if r.text.startswith("三、"))
    lines: dict[tuple[int, int], list] = {}
    for index, page in enumerate(doc.pages[start:start + 2], start):
        end = min([r.y for r in page.texts() if r.text.startswith("四、")] or [page.height])
        for run in page.texts():
            if (index > start or run.y > heading) and run.y < end:
                lines.setdefault((index, round(run.y)), []).append(run)
    rows = {cells[0]: cells[1:] for cells in ([r.text for r in sorted(runs, key=lambda r: r.x)]
                                              for runs in lines.values())}
    assert rows["乡镇"] == ["T45 宪法宣誓（次）", "T34 行政调解（件）", "T4 调解回访满意度"]
    detail = openpyxl.load_workbook(write_xlsx(report, tmp_path / "县.xlsx"))["指标明细"]
    headers = [c.value for c in detail[3]]
    column = {name: headers.index(name) for name in ("指标代码", "乡镇", "完成数/分子", "分母", "完成值")}
    workbook: dict[str, list[str]] = {}
    for row in rows_of(detail):
        code, value = row[column["指标代码"]], row[column["完成值"]]
        if code not in ("T45", "T34", "T4"):
            continue
        if value is None:
            said = "无数据"
        elif code == "T4":
            said = f"{row[column['完成数/分子']]:g}/{row[column['分母']]:g}（{value:.1%}）"
        else:
            said = f"{value:g}"
        workbook.setdefault(row[column["乡镇"]], []).append(said)
    assert len(workbook) == len(report.results.townships) == 18
    assert {town: rows.get(town) for town in workbook} == workbook
    assert workbook["海城镇"] == ["1", "1", "1/2（50.0%）"] and workbook["西安镇"] == ["无数据"] * 3
    assert rows["全县合计"] == ["1", "1", "1/2（50.0%）"]
