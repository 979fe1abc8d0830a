"""从Excel导入记录 as a township meets it: group cells their condition hides, rows of a group sheet, an exported list
fed back, cells typed as clerks type them, an office's own 台账 with its title row, the same file twice, numbers after
the year's, and an openpyxl whose private parser has changed."""

from __future__ import annotations

import zipfile
from datetime import date

import pytest
from excel_files import MEETING, filled_template, saved_by_excel, set_cell, workbook

from fazhi_desktop.core import excel_sheets, list_export
from fazhi_desktop.core.attachments import add_attachment
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.excel_import import import_records, read_records
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import ListQuery

CASE = {"案件名称": "马某纠纷", "受理日期": "2026-03-05", "纠纷类型": "邻里纠纷"}
PARTY = {"记录序号": 1, "角色": "申请人", "姓名": "马某"}


def said(lines) -> list[str]:
    return [str(line) for line in lines]


def test_a_group_cell_its_condition_hides_is_warned_at_its_own_sheet_and_row(store, ledgers, tmp_path):
    parties = [PARTY, {**PARTY, "当事人类型": "单位", "名称": "某建筑公司", "姓名": "赵经理"}]
    path = filled_template(ledgers["mediation_case"], tmp_path / "d.xlsx", [CASE], {"当事人": parties})
    assert said(read_records(store, "mediation_case", path).warnings) == [
        "工作表“当事人”第 3 行·姓名：这一格不会保存（当事人类型不符合条件）"]


def test_a_group_line_whose_every_cell_was_refused_leaves_the_next_lines_at_their_rows(store, ledgers, tmp_path):
    parties = [PARTY, {"记录序号": 1, "身份证号": 640522196101011932.0},  # row 3: an ID Excel made a number
               {**PARTY, "角色": "原告", "姓名": "李某"}]  # row 4
    path = filled_template(ledgers["mediation_case"], tmp_path / "d.xlsx", [CASE], {"当事人": parties})
    problems = read_records(store, "mediation_case", path).problems
    assert [(p.row, p.label) for p in problems] == [(3, "身份证号"), (4, "角色")]


EXCEL_YEAR = "（只写月、日的日期，如 12/28，Excel 会自动补上今年的年份：如是去年的日期，请在单元格中写明年份）"


def test_a_date_excel_put_in_this_year_after_today_is_doubted_saying_what_excel_does(store, ledgers, tmp_path):
    """Last December's cases typed in January as 12/28: Excel makes them this December's, and the import said only
    受理日期晚于今天：到当天才计入本年度指标, as of a meeting planned. (The conftest clock's today: 2026-06-01.)"""
    cases = [{**CASE, "受理日期": date(2026, 12, 28)}, {**CASE, "案件名称": "海某纠纷", "受理日期": date(2027, 3, 5)}]
    follow_up = {"记录序号": 1, "回访日期": date(2026, 12, 30), "回访人": "杨芳"}
    path = filled_template(ledgers["mediation_case"], tmp_path / "d.xlsx", cases,
                           {"当事人": [PARTY, {**PARTY, "记录序号": 2}], "回访": [follow_up]})
    assert said(read_records(store, "mediation_case", path).warnings) == [
        f"第 2 行·受理日期：受理日期晚于今天，请核对{EXCEL_YEAR}",
        "第 3 行·受理日期：受理日期晚于今天，请核对",  # next year's: not what Excel adds
        f"工作表“回访”第 2 行·回访日期：回访日期晚于今天，请核对{EXCEL_YEAR}",
    ]
    meeting = filled_template(ledgers["meeting"], tmp_path / "m.xlsx", [{**MEETING, "会议日期": date(2026, 12, 28)}])
    assert said(read_records(store, "meeting", meeting).warnings) == [
        f"第 2 行·会议日期：会议日期晚于今天：到当天才计入本年度指标{EXCEL_YEAR}"]


def test_a_date_outside_the_programs_years_is_refused_at_its_row(store, ledgers, tmp_path):
    rows = [{**MEETING, "会议日期": "9999-12-31"}, {**MEETING, "会议名称/届次": "第二次", "会议日期": "0026-01-05"}]
    path = filled_template(ledgers["meeting"], tmp_path / "m.xlsx", rows)
    assert said(read_records(store, "meeting", path).problems) == [
        "第 2 行·会议日期：年份应在 2000–2100 之间，收到 9999", "第 3 行·会议日期：年份应在 2000–2100 之间，收到 26"]


def test_an_exported_list_comes_back_saying_once_what_cannot(store, ledgers, tmp_path, valid_record):
    attached = add_attachment(store, _file(tmp_path / "纪要.pdf"))
    store.save("meeting", valid_record("meeting", agenda_items=[{"title": "研究人事安排"}],
                                       attachments=[attached]), "马文")
    store.save("complaint", valid_record("complaint", contact="13912345678"), "马文")
    for ledger in ("meeting", "complaint"):
        list_export.write_list(store, ListQuery(ledger), tmp_path / f"{ledger}.xlsx")
    other = init_database(tmp_path / "other.db", "640522101", ledgers=ledgers)
    try:
        meetings = read_records(other, "meeting", tmp_path / "meeting.xlsx")
        assert meetings.problems == [] and said(meetings.warnings) == [
            "第 1 行·以下内容不能从表中导入：议题列未导入：导出的列表中是合成的文字，不能还原为逐项的内容，"
            "请填在同名的工作表中（每项一行）；附件列未导入：表中只有文件名，请导入后在记录中添加附件"]
        [saved] = import_records(other, meetings, "李强")
        assert saved["title"] == valid_record("meeting")["title"] and saved["agenda_items"] is None

        complaints = read_records(other, "complaint", tmp_path / "complaint.xlsx")
        assert said(complaints.problems) == [
            "第 1 行·以下内容不能从表中导入：联系方式（第 2 行）是导出时遮盖的号码（如 139****5678，共 1 格），"
            "完整号码不在表中：请填上完整号码，或删去这些格"]
    finally:
        other.close()


def _file(path):
    path.write_bytes(b"%PDF-1.4 minutes")
    return path


def test_cells_typed_as_clerks_type_them_are_taken_as_the_editor_takes_them(store, ledgers, tmp_path):
    rows = [{**MEETING, "会议名称/届次": "2026年第3次\n常务会议", "会议类型": "乡镇行政会议（政府常务会议）",
             "地点": "镇政府\n三楼会议室"},
            {**MEETING, "会议名称/届次": "党委会议", "会议类型": "党 委会"}]
    path = filled_template(ledgers["meeting"], tmp_path / "m.xlsx", rows)
    reading = read_records(store, "meeting", path)
    assert reading.problems == []
    first, second = import_records(store, reading, "马文")
    assert (first["title"], first["location"]) == ("2026年第3次常务会议", "镇政府三楼会议室")
    assert (first["meeting_type"], second["meeting_type"]) == ("乡镇行政会议(政府常务会议)", "党委会")


def test_a_phone_message_keeps_its_example_and_says_excel_dropped_the_leading_zero(store, ledgers, tmp_path):
    parties = [{**PARTY, "联系电话": 9552012345}, {**PARTY, "姓名": "李某", "联系电话": "955201"}]
    path = filled_template(ledgers["mediation_case"], tmp_path / "d.xlsx", [CASE], {"当事人": parties})
    dropped, short = said(read_records(store, "mediation_case", path).problems)
    assert dropped.startswith("工作表“当事人”第 2 行·联系电话：联系电话被 Excel 存成了数字，去掉了座机区号开头的 0")
    assert "如 0955-1234567" in short and "955201" not in short


def test_an_offices_own_ledger_with_a_title_row_and_a_serial_column_imports(store, tmp_path):
    rows = [["海城镇2026年会议台账"], ["序号", "会议名称/届次", "会议类型", "会议日期", "司法所所长列席情况"],
            [1, "九月常务会", "党委会", "2026-09-02", "全程"]]
    path = workbook(tmp_path / "自制台账.xlsx", rows)
    from openpyxl import load_workbook

    book = load_workbook(path)
    book.active.merge_cells("A1:E1")
    book.save(path)
    reading = read_records(store, "meeting", path)
    assert reading.problems == [] and [p.row for p in reading.records] == [3]
    assert reading.notes == ["第 1 行“海城镇2026年会议台账”是表名，未读取：字段名称从第 2 行读起"]


def test_headers_as_clerks_type_them_match_and_a_missing_required_column_is_said_once(store, tmp_path):
    rows = [["活动类型", "学习内容", "活动\n日期", "时长(分钟)", "应到 人数"],
            ["会前学法", "学习宪法", "2026-03-05", 30, 9]]
    [saved] = import_records(store, read_records(store, "law_study", workbook(tmp_path / "s.xlsx", rows)), "马文")
    assert (saved["held_on"], saved["duration_minutes"], saved["expected_count"]) == ("2026-03-05", 30, 9)

    rows = [["会议名称/届次", "会议类型", "司法所所长列席情况"], *([f"会{n}", "党委会", "全程", "x"] for n in range(3))]
    assert said(read_records(store, "meeting", workbook(tmp_path / "m.xlsx", rows)).problems) == [
        "第 1 行·缺少必填的列“会议日期”",
        "第 2 行·第 D 列：这一列没有标题，却填了内容：请在第 1 行写上这一列的字段名称，或删去这一列"]


def test_a_row_number_typed_as_words_and_a_csv_for_a_ledger_with_required_groups(store, ledgers, tmp_path):
    path = filled_template(ledgers["mediation_case"], tmp_path / "d.xlsx", [CASE],
                           {"当事人": [{**PARTY, "记录序号": "第2行"}, {**PARTY, "记录序号": "二"}]})
    set_cell(path, "当事人", "A1", "记录行")  # a template made before 记录序号: the lines name the first sheet's rows
    assert said(read_records(store, "mediation_case", path).problems) == [
        "工作表“当事人”第 3 行·记录行：“二”不是行号：请写这条记录在第一个工作表中的行号，如 2"]

    (tmp_path / "调解.csv").write_text("案件名称,受理日期,纠纷类型\r\n马某纠纷,2026-03-05,邻里纠纷\r\n",
                                     encoding="utf-8-sig")
    assert said(read_records(store, "mediation_case", tmp_path / "调解.csv").problems) == [
        "CSV 文件只有一个表，填不了当事人（每项一行，须在同名的工作表中）：调解案件请用 Excel 导入模板（.xlsx）导入"]


def test_the_same_file_again_is_marked_and_deleted_or_other_ledgers_records_do_not_count(store, ledgers, tmp_path,
                                                                                       valid_record):
    path = filled_template(ledgers["meeting"], tmp_path / "m.xlsx", [MEETING])
    first = read_records(store, "meeting", path)
    assert not first.repeated and first.warnings == []
    [saved] = import_records(store, first, "马文")
    again = read_records(store, "meeting", path)
    assert again.repeated and "导入过 1 条记录" in str(again.warnings[0])

    store.delete(saved.id, "马文")
    study = filled_template(ledgers["law_study"], tmp_path / "m.xlsx",
                            [{"活动类型": "会前学法", "学习内容": "宪法", "活动日期": "2026-03-05"}])
    import_records(store, read_records(store, "law_study", study), "马文")  # another ledger, a file of that name
    path = filled_template(ledgers["meeting"], tmp_path / "m.xlsx", [MEETING])
    after = read_records(store, "meeting", path)
    assert not after.repeated and after.warnings == []


def test_a_years_existing_numbers_come_first_and_the_reading_says_so(store, ledgers, tmp_path, valid_record):
    store.save("meeting", valid_record("meeting", held_on="2026-09-02"), "马文")
    path = filled_template(ledgers["meeting"], tmp_path / "m.xlsx", [MEETING])
    reading = read_records(store, "meeting", path)
    assert reading.notes == ["2026年的会议已有 1 个编号：导入的 1 条记录按日期先后接着编号，排在已有记录之后"
                             "（不与已有记录按日期穿插）"]
    [january] = import_records(store, reading, "马文")
    assert january.number == "〔2026〕会记字第2号"


def test_an_openpyxl_without_the_private_parser_is_an_internal_error_not_a_damaged_file(store, ledgers, tmp_path,
                                                                                         monkeypatch):
    path = filled_template(ledgers["meeting"], tmp_path / "m.xlsx", [MEETING])
    import openpyxl.worksheet._reader as reader

    monkeypatch.delattr(reader, "WorkSheetParser")
    with pytest.raises(FazhiError, match="程序内部错误：Excel 读取组件版本不符") as refused:
        read_records(store, "meeting", path)
    assert not isinstance(refused.value, excel_sheets.FileRefused)


def test_excels_escape_codes_for_shift_enter_and_cr_are_read_as_the_characters_excel_shows(store, ledgers, tmp_path):
    # Excel writes Word's Shift+Enter as _x000B_ and a carriage return as _x000D_ (openpyxl returns them as they are)
    rows = [{**MEETING, "会议名称/届次": "第21次_x000B_镇党委会议", "地点": "镇政府_x000D_\n三楼",
             "出席人员": "马丽_x000B_海军 马小龙"}]
    path = filled_template(ledgers["meeting"], tmp_path / "m.xlsx", rows)
    reading = read_records(store, "meeting", path)
    assert reading.problems == []
    [saved] = import_records(store, reading, "马文")
    assert (saved["title"], saved["location"]) == ("第21次镇党委会议", "镇政府三楼")
    assert saved["attendees"] == ["马丽", "海军", "马小龙"]


@pytest.mark.parametrize("saved_by", ["openpyxl", "Excel"])
def test_a_typed_escape_code_is_kept_and_a_written_one_read_once_in_cells_and_shared_strings(store, ledgers, tmp_path,
                                                                                          saved_by):
    """Excel writes a typed 文件_x000D_编号 as 文件_x005F_x000D_编号, in its shared strings (every text of a file it
    saved): openpyxl's table already drops `x005F_`, and the import unescaped again, so it came in as 文件编号 (the
    control character cleaned away)."""
    rows = [{**MEETING, "会议名称/届次": "文件_x005F_x000D_编号", "地点": "镇政府_x000D_\n三楼"}]
    path = filled_template(ledgers["meeting"], tmp_path / "m.xlsx", rows)
    if saved_by == "Excel":
        saved_by_excel(path)
        assert b"_x005F_x000D_" in zipfile.ZipFile(path).read("xl/sharedStrings.xml")
    [saved] = import_records(store, read_records(store, "meeting", path), "马文")
    assert (saved["title"], saved["location"]) == ("文件_x000D_编号", "镇政府三楼")


def test_a_text_that_looks_like_an_escape_code_comes_back_from_an_exported_list_as_it_was(store, ledgers, tmp_path,
                                                                                        valid_record):
    store.save("meeting", valid_record("meeting", title="变量名_x000D_与_x005F_照抄"), "马文")
    list_export.write_list(store, ListQuery("meeting"), tmp_path / "meeting.xlsx")
    [sheet], _ = excel_sheets.read_file(tmp_path / "meeting.xlsx", lambda name: False)
    assert "变量名_x000D_与_x005F_照抄" in sheet.rows[0][1]
