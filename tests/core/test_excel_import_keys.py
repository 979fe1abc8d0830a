"""记录序号: the lines of a group's sheet (当事人, 议题) name their record by the first sheet's 序号, which moves
with its row when the clerk sorts that sheet in Excel; a 记录行 (the row number, as templates made before had it)
stays behind and would attach the lines to another record."""

from __future__ import annotations

import re
import zipfile

from excel_files import filled_template, set_cell, workbook
from openpyxl import load_workbook

from fazhi_desktop.core.excel_import import import_records, read_records
from fazhi_desktop.core.excel_template import write_template


def said(lines) -> list[str]:
    return [str(line) for line in lines]


def cases(*names: str) -> list[dict]:
    return [{"案件名称": f"{name}纠纷", "受理日期": "2026-03-05", "纠纷类型": "邻里纠纷"} for name in names]


def party(key, name: str) -> dict:
    return {"记录序号": key, "角色": "申请人", "姓名": name}


def sort_first_sheet(path, key_column: str = "B") -> None:
    """As Excel's 排序 does: the first sheet's rows reordered by a column, each row's cells moving together."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    width = sheet.max_column
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2, max_col=width)]
    index = ord(key_column) - ord("A")
    rows.sort(key=lambda row: str(row[index]))
    for number, row in enumerate(rows, 2):
        for column, value in enumerate(row, 1):
            sheet.cell(row=number, column=column).value = value
    book.save(path)


def test_sorting_the_first_sheet_keeps_each_case_with_its_own_parties(store, ledgers, tmp_path):
    path = filled_template(ledgers["mediation_case"], tmp_path / "d.xlsx", cases("赵某", "马某", "杨某"),
                           {"当事人": [party(1, "赵某"), party(2, "马某"), party(3, "杨某")]})
    sort_first_sheet(path)  # 案件名称: 杨某, 赵某, 马某 — every case on another row than its parties were typed for

    saved = import_records(store, read_records(store, "mediation_case", path), "马丽")

    assert {r["case_name"]: [p["name"] for p in r["parties"]] for r in saved} == {
        "赵某纠纷": ["赵某"], "马某纠纷": ["马某"], "杨某纠纷": ["杨某"]}


def test_a_serial_typed_twice_or_missing_is_said_at_the_line_that_names_it(store, ledgers, tmp_path):
    rows = [{**case, "序号": key} for case, key in zip(cases("赵某", "马某", "杨某"), (1, 1, 2), strict=True)]
    path = filled_template(ledgers["mediation_case"], tmp_path / "d.xlsx", rows,
                           {"当事人": [party(1, "赵某"), party(2.0, "杨某"), party("５", "王某"), party(None, "李某")]})

    assert said(read_records(store, "mediation_case", path).problems) == [
        "第 2 行·当事人：必填：在工作表“当事人”中填写，记录序号写这条记录的序号（这一行的序号是空的或与别的行重复："
        "请先填上各不相同的序号）",
        "第 3 行·当事人：必填：在工作表“当事人”中填写，记录序号写这条记录的序号（这一行的序号是空的或与别的行重复："
        "请先填上各不相同的序号）",
        "工作表“当事人”第 2 行·记录序号：第一个工作表第 2、3 行的序号都是“1”：不知道这一行属于哪条记录，"
        "请让每条记录的序号各不相同",
        "工作表“当事人”第 4 行·记录序号：第一个工作表中没有序号为“5”的记录",
        "工作表“当事人”第 5 行·记录序号：未填写：请写明这一行所属记录在第一个工作表中的序号"]


def test_rows_numbered_ahead_are_not_records_and_a_sheet_without_serials_is_said_once(store, ledgers, tmp_path):
    path = filled_template(ledgers["mediation_case"], tmp_path / "d.xlsx",
                           [*cases("赵某"), {"序号": 2}, {"序号": 3}], {"当事人": [party(1, "赵某")]})
    reading = read_records(store, "mediation_case", path)
    assert reading.problems == [] and [p.row for p in reading.records] == [2]
    assert "第 3、4 行只有序号，没有内容，未读取" in reading.notes

    book = load_workbook(path)
    book.worksheets[0].delete_cols(1)  # the 序号 column deleted
    book.save(path)
    assert said(read_records(store, "mediation_case", path).problems) == [
        "第 2 行·当事人：必填：在工作表“当事人”中填写，记录序号写这条记录的序号（第一个工作表还没有“序号”列）",
        "工作表“当事人”第 1 行·记录序号：第一个工作表没有“序号”列：请在第一个工作表加上“序号”列，"
        "每条记录一个序号（如 1、2、3）"]


def test_a_group_sheet_with_both_columns_or_neither_is_said(store, ledgers, tmp_path):
    path = filled_template(ledgers["mediation_case"], tmp_path / "d.xlsx", cases("赵某"),
                           {"当事人": [party(1, "赵某")]})
    set_cell(path, "当事人", "H1", "记录行")
    assert "工作表“当事人”第 1 行·记录行：与“记录序号”列重复：请只保留“记录序号”" in said(
        read_records(store, "mediation_case", path).problems)

    rows = [["序号", "案件名称", "受理日期", "纠纷类型"], [1, "赵某纠纷", "2026-03-05", "邻里纠纷"]]
    path = workbook(tmp_path / "own.xlsx", rows)
    book = load_workbook(path)
    book.create_sheet("当事人").append(["角色", "姓名"])
    book["当事人"].append(["申请人", "赵某"])
    book.save(path)
    assert "工作表“当事人”第 1 行·缺少“记录序号”列：每一行须写明所属记录在第一个工作表中的序号" in said(
        read_records(store, "mediation_case", path).problems)


def test_a_ledger_without_groups_has_no_serial_column(ledgers, tmp_path):
    write_template(ledgers["complaint"], tmp_path / "c.xlsx")
    book = load_workbook(tmp_path / "c.xlsx")
    assert "序号" not in [cell.value for cell in book.worksheets[0][1]]
    assert not any("记录序号" in str(row[0]) for row in book["说明"].iter_rows(values_only=True))


def with_results(path, sheet_xml: str, results: dict[str, object]) -> None:
    """Give the formula cells the results Excel stores with them when it saves (openpyxl writes none)."""
    with zipfile.ZipFile(path) as source:
        items = [(item, source.read(item.filename)) for item in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item, data in items:
            if item.filename == sheet_xml:
                text = data.decode()
                for ref, value in results.items():
                    text = re.sub(rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)(<v\s*/>|<v></v>)?',
                                  rf"\g<1>\g<2><v>{value}</v>", text)
                data = text.encode()
            out.writestr(item, data)


def test_a_serial_worked_out_by_a_formula_is_refused_where_a_line_names_it(store, ledgers, tmp_path):
    """=ROW()-1, as clerks number a 台账: after a sort Excel works it out again from the row's new place, so the
    序号 is a row number once more and the parties typed before the sort belong to another case."""
    rows = [{**case, "序号": "=ROW()-1"} for case in cases("马某", "赵某")]
    path = filled_template(ledgers["mediation_case"], tmp_path / "d.xlsx", rows,
                           {"当事人": [party(1, "赵某"), party("=调解案件!A3", "马某")]})
    with_results(path, "xl/worksheets/sheet1.xml", {"A2": 1, "A3": 2})
    with_results(path, "xl/worksheets/sheet2.xml", {"A3": 2})

    problems = said(read_records(store, "mediation_case", path).problems)

    sorted_away = ("在 Excel 中排序后，公式按新的位置重新计算，当事人等就会归到别的记录下。"
                   "请选中这一列，复制后“选择性粘贴→数值”，核对后再导入")
    assert problems == [f"第 2 行·序号：是公式（如 =ROW()-1）：{sorted_away}",
                        "第 3 行·当事人：必填：在工作表“当事人”中填写，记录序号写 2",  # its line was refused
                        f"工作表“当事人”第 3 行·记录序号：是公式：{sorted_away}"]


def test_serials_typed_as_text_match_the_numbers_a_line_gives(store, ledgers, tmp_path):
    rows = [{**case, "序号": key} for case, key in zip(cases("赵某", "马某"), ("01", "2.0"), strict=True)]
    path = filled_template(ledgers["mediation_case"], tmp_path / "d.xlsx", rows,
                           {"当事人": [party(1, "赵某"), party("2", "马某")]})
    saved = import_records(store, read_records(store, "mediation_case", path), "马丽")
    assert {r["case_name"]: [p["name"] for p in r["parties"]] for r in saved} == {
        "赵某纠纷": ["赵某"], "马某纠纷": ["马某"]}


def test_a_file_of_the_older_template_is_warned_that_a_sort_would_have_moved_its_lines(store, ledgers, tmp_path):
    path = filled_template(ledgers["mediation_case"], tmp_path / "d.xlsx", cases("赵某"),
                           {"当事人": [party(2, "赵某")]})
    set_cell(path, "当事人", "A1", "记录行")  # a template made before 记录序号
    reading = read_records(store, "mediation_case", path)
    assert reading.problems == []
    assert [str(w) for w in reading.warnings] == [
        "工作表“当事人”第 1 行·记录行：这是旧模板的“记录行”（第一个工作表的行号）："
        "若在第一个工作表中排序、插入或删除过行，这些行会归到别的记录下，请逐行核对；"
        "新模板（文件 → 下载导入模板）用“序号”和“记录序号”，排序不会错位"]
