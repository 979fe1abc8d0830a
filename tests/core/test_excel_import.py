"""从Excel导入记录: January–August's records typed into Excel come into the program, checked as the editor checks
them, all of a file or none of it, every problem named by its row in Excel."""

from __future__ import annotations

import zipfile
from datetime import datetime, time

import pytest
from excel_files import MEETING, filled_template, meetings, workbook

from fazhi_desktop.core import list_export, year_close
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.errors import Conflict, FazhiError
from fazhi_desktop.core.excel_import import Line, import_records, read_records
from fazhi_desktop.core.excel_sheets import MAX_ROWS, FileRefused
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import ListQuery

ID_NUMBER = "640522196101011932"  # a valid number (check digit right), not a real person's


def said(lines) -> list[str]:
    return [str(line) for line in lines]


def test_a_filled_template_imports_as_drafts_numbered_in_date_order_with_their_rows_in_history(store, ledgers,
                                                                                                tmp_path):
    rows = [{**MEETING, "会议名称/届次": "三月的会", "会议日期": datetime(2026, 3, 12), "开始时间": time(9, 30),
             "出席人员": "田玉春、杨芳 马志刚"},
            {**MEETING, "会议名称/届次": "一月的会", "会议日期": "2026年1月8日"}]
    groups = {"议题": [{"记录序号": 1, "议题名称": "审议采购合同", "是否需合法性审查": "是", "审查情况": "已审查合法"},
                       {"记录序号": 1, "议题名称": "审议人事安排", "审查情况": "未审查"}]}
    path = filled_template(ledgers["meeting"], tmp_path / "会议.xlsx", rows, groups)

    reading = read_records(store, "meeting", path)
    assert reading.problems == [] and len(reading.records) == 2
    saved = import_records(store, reading, "马文")

    by_title = {r["title"]: r for r in saved}
    assert by_title["一月的会"].number == "〔2026〕会记字第1号"  # the earlier date, the smaller number
    march = by_title["三月的会"]
    assert march.number == "〔2026〕会记字第2号" and march.status == "draft" and march.created_by == "马文"
    assert march["held_on"] == "2026-03-12" and march["start_time"] == "09:30"
    assert march["attendees"] == ["田玉春", "杨芳", "马志刚"]
    assert [item["title"] for item in march["agenda_items"]] == ["审议采购合同", "审议人事安排"]
    assert march["agenda_items"][0]["review_status"] == "已审查合法"
    assert reading.warnings == [Line("议题", 3, "审查情况", "这一格不会保存（是否需合法性审查未填写，按“否”处理："
                                                             "要保存这一格，请填写是否需合法性审查）")]
    assert store.history(march.id)[0]["reason"] == "从Excel导入（会议.xlsx 第 2 行）"
    assert store.history(by_title["一月的会"].id)[0]["reason"] == "从Excel导入（会议.xlsx 第 3 行）"


def test_a_bulk_import_keeps_the_change_log_numbering_and_search_as_single_saves_do(store, ledgers, tmp_path,
                                                                                   valid_record):
    path = filled_template(ledgers["meeting"], tmp_path / "m.xlsx", meetings(30))
    import_records(store, read_records(store, "meeting", path), "马文")
    report = check_database(store)
    assert report.ok, report.lines()
    assert store.query_rids(ListQuery("meeting", text="第17次"))  # the search index has them
    after = store.save("meeting", valid_record("meeting", held_on="2026-12-30"), "马文")
    assert after.number == "〔2026〕会记字第31号"


def test_one_bad_row_of_forty_imports_nothing_and_says_which_row(store, ledgers, tmp_path):
    rows = meetings(40)
    rows[35]["会议类型"] = "茶话会"  # Excel row 37
    rows[10]["会议日期"] = "2026-02-30"  # Excel row 12
    path = filled_template(ledgers["meeting"], tmp_path / "m.xlsx", rows)

    reading = read_records(store, "meeting", path)

    assert said(reading.problems) == [
        "第 12 行·会议日期：日期“2026-02-30”不存在：2026年2月只有28天",
        "第 37 行·会议类型：“茶话会”不是可选值（可选：专题研究部署法治政府建设会议、乡镇行政会议(政府常务会议)、"
        "党委会、其他）",
    ]
    with pytest.raises(FazhiError, match="未导入任何记录"):
        import_records(store, reading, "马文")
    assert store.count("meeting") == 0


def test_an_id_number_excel_stored_as_a_number_is_refused_saying_to_retype_it_as_text(store, ledgers, tmp_path):
    case = {"案件名称": "马某与李某宅基地纠纷", "受理日期": "2026-03-05", "纠纷类型": "邻里纠纷"}
    party = {"记录序号": 1, "角色": "申请人", "姓名": "马某", "身份证号": float(ID_NUMBER)}  # 6.40522196101012E+17
    path = filled_template(ledgers["mediation_case"], tmp_path / "d.xlsx", [case], {"当事人": [party]})

    [problem] = read_records(store, "mediation_case", path).problems

    assert problem.sheet == "当事人" and problem.row == 2 and problem.label == "身份证号"
    assert "后几位已经丢失" in problem.message and "文本" in problem.message


def test_group_rows_are_checked_at_their_own_sheet_and_an_id_number_is_quoted_masked(store, ledgers, tmp_path):
    cases = [{"案件名称": f"纠纷{n}", "受理日期": "2026-03-05", "纠纷类型": "邻里纠纷"} for n in range(2)]
    parties = [{"记录序号": 1, "角色": "申请人", "姓名": "马某"},
               {"记录序号": 2, "角色": "申请人", "姓名": "李某", "身份证号": "640522196113011938"},  # a 13th month
               {"记录序号": 8, "角色": "被申请人", "姓名": "王某"}]
    path = filled_template(ledgers["mediation_case"], tmp_path / "d.xlsx", cases, {"当事人": parties})

    problems = said(read_records(store, "mediation_case", path).problems)

    assert problems == ["工作表“当事人”第 3 行·身份证号：出生日期（第7至14位）不存在",
                        "工作表“当事人”第 4 行·记录序号：第一个工作表中没有序号为“8”的记录"]


def test_a_case_without_its_parties_says_where_they_go(store, ledgers, tmp_path):
    case = {"案件名称": "马某与李某宅基地纠纷", "受理日期": "2026-03-05", "纠纷类型": "邻里纠纷"}
    path = filled_template(ledgers["mediation_case"], tmp_path / "d.xlsx", [case])
    assert said(read_records(store, "mediation_case", path).problems) == [
        "第 2 行·当事人：必填：在工作表“当事人”中填写，记录序号写 1"]


def test_excel_values_read_as_the_clerk_sees_them(store, ledgers, tmp_path):
    row = {**MEETING, "会议名称/届次": 3.0, "会议日期": datetime(2026, 4, 1, 0, 0), "开始时间": time(14, 30),
           "地点": 301.0, "出席人员": "马文，杨芳；海玉"}
    path = filled_template(ledgers["meeting"], tmp_path / "m.xlsx", [row])
    [saved] = import_records(store, read_records(store, "meeting", path), "马文")
    assert (saved["title"], saved["held_on"], saved["start_time"], saved["location"]) == ("3", "2026-04-01",
                                                                                            "14:30", "301")
    assert saved["attendees"] == ["马文", "杨芳", "海玉"]


def test_an_absent_name_and_an_afternoon_hour_without_xiawu_are_said_as_the_editor_says_them(store, ledgers,
                                                                                             tmp_path):
    """The workbook's 出席人员 “田玉春、马志刚（请假）” made 马志刚 an attendee, and 开始时间 “3点半” 03:30."""
    rows = [{**MEETING, "出席人员": "田玉春、马志刚（请假）"},
            {**MEETING, "会议名称/届次": "下午的会", "开始时间": "3点半"}]
    reading = read_records(store, "meeting", filled_template(ledgers["meeting"], tmp_path / "m.xlsx", rows))
    assert said(reading.problems) == [
        "第 2 行·出席人员：“马志刚（请假）”：请假、缺席的人员不算出席人员，请填在“请假/缺席人员”中"]
    assert said(reading.warnings) == ["第 3 行·开始时间：“3点半”记为凌晨03:30；下午请写 15:30 或 下午3点半"]


def test_an_afternoon_hour_excel_made_a_time_or_a_number_is_questioned_as_typed_text_is(store, ledgers, tmp_path):
    """2:30 typed into the template's hh:mm cell is an Excel time (shown 02:30), 230 a number: both went in as 02:30
    without a word, while the same typed as text was questioned. A time past 6, or 0:40, is not."""
    rows = [{**MEETING, "会议名称/届次": f"第{n}次会", "开始时间": typed}
            for n, typed in enumerate((time(2, 30), 230, time(14, 30), 930, time(0, 40)), 1)]
    reading = read_records(store, "meeting", filled_template(ledgers["meeting"], tmp_path / "m.xlsx", rows))
    assert said(reading.warnings) == ["第 2 行·开始时间：“2:30”记为凌晨02:30；下午请写 14:30 或 下午2:30",
                                      "第 3 行·开始时间：“230”记为凌晨02:30；下午请写 14:30 或 下午2:30"]
    saved = import_records(store, reading, "马文")  # as the clock reads them, as the editor saves them: questioned only
    assert sorted(record["start_time"] for record in saved) == ["00:40", "02:30", "02:30", "09:30", "14:30"]


def test_a_date_as_a_bare_number_and_a_formula_without_a_result_are_refused(store, ledgers, tmp_path):
    rows = [{**MEETING, "会议日期": 46082}, {**MEETING, "会议名称/届次": "=A2&\"续\"", "会议日期": "2026-03-02"}]
    path = filled_template(ledgers["meeting"], tmp_path / "m.xlsx", rows)
    problems = said(read_records(store, "meeting", path).problems)
    assert problems[0].startswith("第 2 行·会议日期：是数字 46082，不是日期")
    assert problems[1].startswith("第 3 行·会议名称/届次：是公式，文件中没有它的计算结果")


def test_merged_cells_hidden_rows_and_a_second_header_row_are_said(store, ledgers, tmp_path):
    path = filled_template(ledgers["meeting"], tmp_path / "m.xlsx", meetings(4))
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.worksheets[0]
    sheet.merge_cells("C2:C3")  # column A is 序号
    sheet.row_dimensions[4].hidden = True
    sheet.column_dimensions["D"].hidden = True  # a column the clerk no longer sees is imported all the same
    for column, cell in enumerate(sheet[1], 1):
        sheet.cell(row=7, column=column).value = cell.value
    book.save(path)

    problems = said(read_records(store, "meeting", path).problems)

    assert "第 3 行·会议类型：必填" in problems  # what the merge left empty, besides the merge itself
    assert any(p.startswith("第 2 行·有合并的单元格（C2:C3）") for p in problems)
    assert any(p.startswith("第 4 行·这一行被隐藏了") for p in problems)
    column_d = sheet.cell(row=1, column=4).value
    assert any(p.startswith(f"第 1 行·{column_d}：这一列被隐藏了") for p in problems), problems
    assert any(p.startswith("第 7 行·这一行是又一行标题（与第 1 行相同）") for p in problems)


def test_trailing_empty_rows_and_columns_are_left_out(store, tmp_path):
    header = ["会议名称/届次", "会议类型", "会议日期", "司法所所长列席情况", None, None]
    row = [MEETING[h] for h in header[:4]] + [None, "  "]
    path = workbook(tmp_path / "m.xlsx", [header, row, [None] * 6, ["", None, " "]])
    reading = read_records(store, "meeting", path)
    assert reading.problems == [] and [p.row for p in reading.records] == [2]


def test_an_unknown_column_is_refused_by_name_and_an_exported_list_comes_back(store, ledgers, tmp_path,
                                                                              valid_record):
    header = ["会议名称/届次", "会议类型", "会议日期", "司法所所长列席情况", "天气", "主持"]
    path = workbook(tmp_path / "m.xlsx", [header])
    assert said(read_records(store, "meeting", path).problems) == [  # no example that has nothing to do with it
        "第 1 行·第 E 列“天气”：不是“会议”的字段：请改成模板中的名称，或删去这一列",
        "第 1 行·第 F 列“主持”：不是“会议”的字段：请改成模板中的名称（如“主持人”），或删去这一列"]

    store.save("meeting", valid_record("meeting", remarks="补录"), "马文")
    exported = tmp_path / "导出.xlsx"
    list_export.write_list(store, ListQuery("meeting"), exported)
    other = init_database(tmp_path / "other.db", "640522101", ledgers=ledgers)
    try:
        reading = read_records(other, "meeting", exported)
        assert reading.problems == []
        assert reading.notes == ["已忽略的列：编号、状态、标识（导入的记录是本所的草稿，各自编号）"]
        [saved] = import_records(other, reading, "李强")
        assert saved["remarks"] == "补录" and saved.number == "〔2026〕会记字第1号"
    finally:
        other.close()


def test_twins_of_saved_records_and_of_other_rows_and_a_second_import_are_warned(store, ledgers, tmp_path,
                                                                               valid_record):
    saved = store.save("meeting", valid_record("meeting", title="已登记的会", held_on="2026-01-08"), "马文")
    rows = [{**MEETING, "会议名称/届次": "已登记的会"}, {**MEETING, "会议名称/届次": "新会"},
            {**MEETING, "会议名称/届次": "新会"}]
    path = filled_template(ledgers["meeting"], tmp_path / "m.xlsx", rows)

    first = said(read_records(store, "meeting", path).warnings)
    assert f"第 2 行·会议名称/届次：与 {saved.number} 的会议日期和会议名称/届次相同" in first[0]
    assert first[1].startswith("第 4 行·会议名称/届次：与第 3 行的会议日期和会议名称/届次相同")

    import_records(store, read_records(store, "meeting", path), "马文")
    again = said(read_records(store, "meeting", path).warnings)
    assert again[0].startswith("名为 m.xlsx 的文件已于") and "导入过 3 条记录" in again[0]


def test_a_row_dated_in_a_closed_year_is_refused_as_the_editor_refuses_it(store, ledgers, tmp_path):
    year_close.close_year(store, 2025, "杨芳")
    path = filled_template(ledgers["meeting"], tmp_path / "m.xlsx", [{**MEETING, "会议日期": "2025-12-30"}])
    [problem] = read_records(store, "meeting", path).problems
    assert problem.row == 2 and problem.label == "会议日期" and "2025年已封账" in problem.message


def test_more_than_five_thousand_rows_are_refused(store, tmp_path):
    header = ["会议名称/届次", "会议类型", "会议日期", "司法所所长列席情况"]
    rows = [header, *([MEETING[h] for h in header] for _ in range(MAX_ROWS + 1))]
    with pytest.raises(FileRefused, match="一次最多导入 5,000 行"):
        read_records(store, "meeting", workbook(tmp_path / "m.xlsx", rows))


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_a_csv_as_excel_saves_it_on_a_chinese_pc(store, tmp_path, encoding):
    text = ("会议名称/届次,会议类型,会议日期,司法所所长列席情况,出席人员\r\n"
            "第一次会议,党委会,2026/3/5,全程,马文、杨芳\r\n")
    path = tmp_path / "会议.csv"
    path.write_bytes(text.encode(encoding))
    [saved] = import_records(store, read_records(store, "meeting", path), "马文")
    assert (saved["title"], saved["held_on"], saved["attendees"]) == ("第一次会议", "2026-03-05", ["马文", "杨芳"])


def test_an_id_number_excel_wrote_into_a_csv_as_shown_is_refused(store, tmp_path):
    path = tmp_path / "投诉.csv"
    path.write_bytes("受理日期,来源,被投诉对象,投诉事项,联系方式\r\n2026-03-05,来电,乡执法办,噪音,1.39123E+10\r\n"
                     .encode("gbk"))
    [problem] = read_records(store, "complaint", path).problems
    assert problem.label == "联系方式" and "后几位已经丢失" in problem.message


def test_files_that_are_not_workbooks_or_unpack_too_large_are_refused(store, tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (201 * 2**20))
    assert bomb.stat().st_size < 2**20
    with pytest.raises(FileRefused, match="解压后有 201 MB"):
        read_records(store, "meeting", bomb)
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(FileRefused, match="另存为"):
        read_records(store, "meeting", tmp_path / "old.xls")
    # a book with an opening password is an OLE file, whatever its name says
    (tmp_path / "locked.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(FileRefused, match="设有打开密码：请取消密码"):
        read_records(store, "meeting", tmp_path / "locked.xlsx")
    (tmp_path / "text.xlsx").write_text("not a zip")
    with pytest.raises(FileRefused, match="不是 Excel 工作簿"):
        read_records(store, "meeting", tmp_path / "text.xlsx")


def test_a_link_is_given_by_the_linked_records_number(store, ledgers, tmp_path, valid_record):
    study = store.save("law_study", valid_record("law_study", held_on="2026-01-08"), "马文")
    rows = [{**MEETING, "会前学法": f"{study.number} 学习行政处罚法"},
            {**MEETING, "会议名称/届次": "另一次", "会前学法": "〔2026〕学法字第9号"}]
    path = filled_template(ledgers["meeting"], tmp_path / "m.xlsx", rows)
    reading = read_records(store, "meeting", path)
    assert said(reading.problems) == ["第 3 行·会前学法：找不到编号为“〔2026〕学法字第9号”的学法活动记录"
                                      "（请写所链接记录的编号，如 〔2026〕学法字第1号）"]
    assert reading.records[0].data["pre_meeting_study"] == study.id


def test_the_county_adds_no_records(tmp_path, ledgers):
    county = init_database(tmp_path / "county.db", "640522", county=True, ledgers=ledgers)
    try:
        with pytest.raises(Conflict, match="县级数据库不登记台账记录"):
            read_records(county, "meeting", tmp_path / "m.xlsx")
    finally:
        county.close()
