"""从Excel导入记录, the last review's findings: masked numbers said where they are, a group sheet misnamed, numbers
typed into date and time cells, a number beyond Excel's, a hidden first sheet, a template's name used again, the
numbers of one series, and an openpyxl that renamed a sheet's path."""

from __future__ import annotations

import zipfile

import pytest
from excel_files import MEETING, filled_template, workbook
from openpyxl import Workbook, load_workbook

from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.excel_import import import_records, read_records

CASE = {"案件名称": "马某纠纷", "受理日期": "2026-03-05", "纠纷类型": "邻里纠纷"}
PARTY = {"记录序号": 1, "角色": "申请人", "姓名": "马某"}


def said(lines) -> list[str]:
    return [str(line) for line in lines]


def formatted(path, **formats: str):
    """The first sheet's columns (label=number format) formatted as Excel formats a date or time column (at once:
    openpyxl, loading it again, would make 20260305 in a date cell an error)."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    for label, number_format in formats.items():
        column = next(cell.column for cell in sheet[1] if cell.value == label)
        for row in range(2, sheet.max_row + 1):
            sheet.cell(row=row, column=column).number_format = number_format
    book.save(path)
    return path


def test_masked_numbers_on_a_group_sheet_are_said_at_their_own_sheet_and_row(store, ledgers, tmp_path):
    """They were said as “第 1 行·…导出时遮盖的号码”: the first sheet's header row, and an export's masking."""
    cases = [CASE, {**CASE, "案件名称": "李某纠纷"}, {**CASE, "案件名称": "王某纠纷"}]
    parties = [{**PARTY, "身份证号": "640522196101011932"}, {**PARTY, "记录序号": 2, "身份证号": "6405221961****1932"},
               {**PARTY, "记录序号": 3, "姓名": "王某", "联系电话": "139****5678"}]
    path = filled_template(ledgers["mediation_case"], tmp_path / "d.xlsx", cases, {"当事人": parties})
    assert said(read_records(store, "mediation_case", path).problems) == [
        "工作表“当事人”第 3 行·身份证号：是遮盖过的号码（含 *），完整号码不在表中：请填上完整号码，或删去这一格",
        "工作表“当事人”第 4 行·联系电话：是遮盖过的号码（含 *），完整号码不在表中：请填上完整号码，或删去这一格"]


def test_a_group_sheet_named_otherwise_is_a_problem_not_lost_lines(store, ledgers, tmp_path):
    """议题表 for 议题: its lines were dropped with a grey note, the meeting imported without its 议题."""
    path = filled_template(ledgers["meeting"], tmp_path / "m.xlsx", [MEETING],
                           {"议题": [{"记录序号": 1, "议题名称": "审议采购合同"}]})
    book = load_workbook(path)
    book["议题"].title = "议题表"
    copied = book.create_sheet("Sheet3")  # a 记录行 column under a name that says nothing
    copied.append(["记录行", "议题名称"])
    copied.append([2, "研究人事安排"])
    book.create_sheet("统计").append(["月份", "次数"])
    book.save(path)

    reading = read_records(store, "meeting", path)
    assert not reading.ok and said(reading.problems) == [
        "工作表“Sheet3”·不是重复组的名称，表中各行不会导入：请改名为“议题”",
        "工作表“议题表”·不是重复组的名称，表中各行不会导入：请改名为“议题”"]
    assert reading.notes == ["未读取的工作表：统计（只读取第一个工作表、表头与之完全相同的"
                             "工作表和以重复组命名的工作表）"]


def test_numbers_typed_into_date_and_time_cells_are_read_as_the_editor_reads_them(store, ledgers, tmp_path):
    """20260305 in a date cell was #VALUE!; 930 and 9.30 in an hh:mm cell were 00:00 and 07:12, silently."""
    rows = [{**MEETING, "会议名称/届次": f"会{n}", "会议日期": 20260305, "开始时间": typed}
            for n, typed in enumerate((930, 9.3, 14.05, 0.395833333, 46082.5625), 1)]
    path = filled_template(ledgers["meeting"], tmp_path / "m.xlsx", rows)
    formatted(path, 会议日期="yyyy-mm-dd", 开始时间="hh:mm")
    reading = read_records(store, "meeting", path)
    assert reading.problems == []
    saved = import_records(store, reading, "马文")
    assert {record["held_on"] for record in saved} == {"2026-03-05"}
    assert [record["start_time"] for record in sorted(saved, key=lambda r: r["title"])] == [
        "09:30", "09:30", "14:05", "09:30", "13:30"]  # the last two as Excel shows them

    rows = [{**MEETING, "开始时间": 2530}, {**MEETING, "会议名称/届次": "另一次", "开始时间": 9.333}]
    path = formatted(filled_template(ledgers["meeting"], tmp_path / "t.xlsx", rows), 开始时间="hh:mm")
    assert said(read_records(store, "meeting", path).problems) == [
        "第 2 行·开始时间：是数字 2530，不是时间：请写成 9:30",
        "第 3 行·开始时间：是数字 9.333，不是时间：请写成 9:30"]


def test_a_number_beyond_excels_is_refused_naming_its_cell(store, ledgers, tmp_path):
    """1E999 (a program's file) raised OverflowError: 程序内部错误 in the window, a traceback from the command."""
    path = filled_template(ledgers["meeting"], tmp_path / "m.xlsx", [{**MEETING, "地点": 12345, "主持人": 7}])
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    members["xl/worksheets/sheet1.xml"] = sheet.replace("<v>12345</v>", "<v>1E999</v>").replace(
        "<v>7</v>", "<v>-1e999</v>").encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    assert said(read_records(store, "meeting", path).problems) == [
        "第 2 行·地点：是超出 Excel 数字范围的数字（文件不是 Excel 保存的）：请改正这一格",
        "第 2 行·主持人：是超出 Excel 数字范围的数字（文件不是 Excel 保存的）：请改正这一格"]


def test_a_hidden_first_sheet_is_passed_over_and_the_sheet_read_is_named(store, tmp_path):
    book = Workbook()
    old = book.active
    old.title = "旧"
    old.append(["x"])
    old.sheet_state = "hidden"
    shown = book.create_sheet("会议")
    shown.append(list(MEETING))
    shown.append(list(MEETING.values()))
    book.save(tmp_path / "m.xlsx")
    reading = read_records(store, "meeting", tmp_path / "m.xlsx")
    assert reading.ok and [planned.row for planned in reading.records] == [2]
    assert reading.notes == ["第一个工作表“旧”是隐藏的，未读取：记录从工作表“会议”读取"]


def test_a_template_name_used_again_says_how_many_rows_were_imported_before(store, ledgers, tmp_path):
    """Every file from the template is 会议导入模板.xlsx: the warning said 记录会重复 for rows all new."""
    path = filled_template(ledgers["meeting"], tmp_path / "会议导入模板.xlsx", [MEETING])
    import_records(store, read_records(store, "meeting", path), "马文")

    other = {**MEETING, "会议名称/届次": "第2次会议"}
    new = read_records(store, "meeting", filled_template(ledgers["meeting"], path, [other]))
    assert new.warnings == [] and not new.repeated and new.imported_before.startswith("2026-")
    assert new.notes[0] == (f"名为 会议导入模板.xlsx 的文件已于 {new.imported_before} 导入过 1 条记录，本文件中的记录"
                            "与之都不相同（日期和名称不同）")

    mixed = read_records(store, "meeting", filled_template(ledgers["meeting"], path, [MEETING, other]))
    assert not mixed.repeated and said(mixed.warnings)[0] == (
        f"名为 会议导入模板.xlsx 的文件已于 {mixed.imported_before} 导入过 1 条记录：本文件 2 条中有 1 条与之"
        "会议日期和会议名称/届次相同，再次导入会重复登记。如要用改好的文件替换上次导入的记录，请先"
        "“文件 → 撤销Excel导入…”（fazhi imports undo 1），再导入")


def test_the_numbers_a_year_has_are_said_for_the_series_the_rows_join(store, ledgers, tmp_path, valid_record):
    """调解案件's 人调字 and 行调字 are numbered apart: a 行政调解 case said 人民调解's rows came after 1 number."""
    store.save("mediation_case", valid_record("mediation_case", case_category="行政调解",
                                              accepted_on="2026-02-01"), "马文")
    path = filled_template(ledgers["mediation_case"], tmp_path / "d.xlsx", [CASE], {"当事人": [PARTY]})
    assert read_records(store, "mediation_case", path).notes == []

    path = filled_template(ledgers["mediation_case"], tmp_path / "d.xlsx", [{**CASE, "案件类别": "行政调解"}],
                           {"当事人": [PARTY]})
    assert read_records(store, "mediation_case", path).notes == [
        "2026年的调解案件（行调字）已有 1 个编号：导入的 1 条记录按日期先后接着编号，排在已有记录之后"
        "（不与已有记录按日期穿插）"]


def test_an_openpyxl_that_renamed_a_sheets_path_is_an_internal_error(store, ledgers, tmp_path, monkeypatch):
    """Every sheet was skipped as a chart sheet, then ValueError (程序内部错误: not enough values to unpack)."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    real = ReadOnlyWorksheet.__init__

    def renamed(self, *args, **kwargs):
        real(self, *args, **kwargs)
        del self._worksheet_path

    monkeypatch.setattr(ReadOnlyWorksheet, "__init__", renamed)
    path = workbook(tmp_path / "m.xlsx", [list(MEETING), list(MEETING.values())])
    with pytest.raises(FazhiError, match="程序内部错误：Excel 读取组件版本不符"):
        read_records(store, "meeting", path)
