"""从Excel导入记录 of a workbook whose 全年 sheet partly repeats its month sheets (session 23): each repeated row was a
twin warning of its own, and nothing said which sheet repeated which; the clerk could not leave the sheet out. Now
one warning names the sheet and those it repeats, and the file can be read again without it. The first sheet's title
row is said with its sheet's name, as the other sheets' are."""

from __future__ import annotations

from test_excel_import_year_sheet import HEADER, book, month, said

from fazhi_desktop.core.excel_import import read_records


def year_sheet() -> list[list]:
    """全年: 1月's and 2月's meetings again, and two of March not in any month sheet."""
    again = [[n, *row[1:]] for n, row in enumerate(month(1) + month(2), 1)]
    return again + [[5 + n, *row[1:]] for n, row in enumerate(month(3))]


def test_a_year_sheet_partly_repeating_the_months_is_said_once_and_can_be_skipped(store, tmp_path):
    path = book(tmp_path / "台账.xlsx", {"1月": month(1), "2月": month(2), "全年": year_sheet()})
    reading = read_records(store, "meeting", path)
    assert reading.repeating == ["全年"]
    assert said(reading.warnings) == [
        "工作表“全年”的 6 行中有 4 行与工作表“1月”、“2月”的记录会议日期和会议名称/届次都相同，导入会重复登记"
        "（重复的记录会重复计入指标）：如果“全年”是前面各表的汇总，请跳过这个工作表"]  # not one twin warning a row
    assert len(reading.records) == 10

    skipped = read_records(store, "meeting", path, skip=["全年"])
    assert skipped.ok and len(skipped.records) == 4 and skipped.warnings == [] and skipped.repeating == []
    assert "工作表“全年”已跳过，未读取" in skipped.notes


def test_the_first_sheets_title_row_names_its_sheet(store, tmp_path):
    from openpyxl import Workbook

    made = Workbook()
    first = made.active
    first.title = "1月"
    for row in (["海城镇2026年1月会议台账"], HEADER, *month(1)):
        first.append(row)
    second = made.create_sheet("2月")
    for row in (["海城镇2026年2月会议台账"], HEADER, *month(2)):
        second.append(row)
    made.save(tmp_path / "台账.xlsx")
    notes = read_records(store, "meeting", tmp_path / "台账.xlsx").notes
    assert "工作表“1月”第 1 行“海城镇2026年1月会议台账”是表名，未读取：字段名称从第 2 行读起" in notes
    assert "工作表“2月”第 1 行“海城镇2026年2月会议台账”是表名，未读取：字段名称从第 2 行读起" in notes


def test_the_option_said_for_a_sheet_whose_name_has_a_space_is_one_argument(store, tmp_path):
    path = book(tmp_path / "台账.xlsx", {"1月": month(1), "2月": month(2), "全年 汇总": year_sheet()})
    reading = read_records(store, "meeting", path)
    assert reading.repeating == ["全年 汇总"]
    assert '（命令行 --skip-sheet "全年 汇总"），不必从文件中删去' in reading.skip_said()  # as `fazhi add` prints it
