"""从Excel导入记录 of last year's own 台账 (the twenty-second session's review): one sheet a month, the parties of a
mediation ledger kept on its one sheet, √/× for 是/否, a totals row, the numbers of two series, a title row cut."""

from __future__ import annotations

from excel_files import filled_template, workbook
from openpyxl import Workbook

from fazhi_desktop.core.excel_import import import_records, number_ranges, read_records

HEADER = ["序号", "会议名称/届次", "会议类型", "会议日期", "司法所所长列席情况"]
CASE = {"案件名称": "马某纠纷", "受理日期": "2026-03-05", "纠纷类型": "邻里纠纷"}
PARTY = {"记录序号": 1, "角色": "申请人", "姓名": "马某"}


def said(lines) -> list[str]:
    return [str(line) for line in lines]


def by_month(path, months: dict[str, list[list]], header: list[str] = HEADER):
    """A workbook of one sheet a month, each with the same header, as an office keeps its 台账."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in months.items():
        sheet = book.create_sheet(name)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def month(number: int, party_type: str = "党委会") -> list[list]:
    return [[n, f"2026年{number}月第{n}次党委会", party_type, f"2026-{number:02d}-{10 * n:02d}", "全程"]
            for n in (1, 2)]


def test_sheets_of_one_month_each_are_read_as_one_ledger_their_rows_named_by_sheet(store, tmp_path):
    """Only 1月 was read (2 条会议记录，检查无误); 2月 and 3月 were a grey note, their meetings lost."""
    months = {"1月": month(1), "2月": month(2), "3月": month(3)}
    months["2月"][1][2] = "茶话会"
    path = by_month(tmp_path / "按月分表.xlsx", months)
    reading = read_records(store, "meeting", path)
    assert said(reading.problems) == ["工作表“2月”第 3 行·会议类型：“茶话会”不是可选值（可选：专题研究部署法治政府"
                                      "建设会议、乡镇行政会议(政府常务会议)、党委会、其他）"]
    assert reading.notes == ["工作表“1月”、“2月”、“3月”的表头相同，按同一台账读取（1月 2 条、2月 2 条、3月 2 条）："
                             "如有不该导入的工作表，请删去后重新读取"]

    months["2月"][1][2] = "党委会"
    reading = read_records(store, "meeting", by_month(path, months))
    assert reading.ok and len(reading.records) == 6
    saved = import_records(store, reading, "马文")
    assert [record.values["title"] for record in saved][2:4] == ["2026年2月第1次党委会", "2026年2月第2次党委会"]
    assert number_ranges(store.ledger("meeting"), [record.number for record in saved]) == "〔2026〕会记字第1号至第6号"
    history = store.conn.execute("SELECT reason FROM changes WHERE record_id = ?", [saved[3].id]).fetchone()[0]
    assert history == "从Excel导入（按月分表.xlsx 第 3 行，工作表“2月”）"

    again = read_records(store, "meeting", path)  # every sheet's rows are found imported before
    assert again.repeated and again.earlier_import == 1


def test_a_later_sheet_headed_otherwise_than_the_first_is_a_grey_note_not_a_problem(store, tmp_path):
    """A 统计 sheet headed with most of the first sheet's labels (会议类型, 会议日期, 司法所所长列席情况, 次数) was
    taken for a month's and refused the whole import; only a header the same as the first's, label for label, in the
    same order, is a month's (2月 with a column renamed is a grey note, as before month sheets were read)."""
    path = tmp_path / "m.xlsx"
    book = Workbook()
    book.remove(book.active)
    sheets = (("1月", HEADER, month(1)), ("2月", [*HEADER[:1], "会议名称", *HEADER[2:]], month(2)),
              ("统计", ["会议类型", "会议日期", "司法所所长列席情况", "次数"], [["党委会", "1月", "全程", 2]]))
    for name, header, rows in sheets:
        sheet = book.create_sheet(name)
        for row in [header, *rows]:
            sheet.append(row)
    book.save(path)
    reading = read_records(store, "meeting", path)
    assert reading.ok and len(reading.records) == 2, said(reading.problems)
    assert reading.notes == ["未读取的工作表：2月、统计（只读取第一个工作表、表头与之完全相同的工作表和以重复组命名的"
                             "工作表）"]


def test_party_columns_on_a_one_sheet_mediation_ledger_say_where_the_parties_go(store, tmp_path):
    """申请人 was told to become 申请事项 (“请改成模板中的名称（如“申请事项”）”): the party's name in the case's
    request."""
    path = workbook(tmp_path / "调解.xlsx", [["序号", "案件名称", "受理日期", "纠纷类型", "申请人", "申请人身份证号",
                                              "身份证号", "天气"],
                                             [1, "马某纠纷", "2026-03-05", "邻里纠纷", "马某", None, None, "晴"]])
    problems = said(read_records(store, "mediation_case", path).problems)
    where = "填在工作表“当事人”，每人一行，“记录序号”写这条记录的序号"
    assert problems[:4] == [
        f"第 1 行·第 E 列“申请人”：不是“调解案件”的字段：当事人（角色“申请人”、姓名…）{where}",
        f"第 1 行·第 F 列“申请人身份证号”：不是“调解案件”的字段：当事人（角色“申请人”、身份证号…）{where}",
        f"第 1 行·第 G 列“身份证号”：不是“调解案件”的字段：当事人（身份证号…）{where}",
        "第 1 行·第 H 列“天气”：不是“调解案件”的字段：请改成模板中的名称，或删去这一列"]


def test_ticks_and_crosses_in_a_yes_no_column_are_yes_and_no(store, ledgers, tmp_path):
    """√ and × were refused on every row (应为“是”或“否”)."""
    cases = [{**CASE, "是否告知权利义务": "√", "告知日期": "2026-03-05"},
             {**CASE, "案件名称": "李某纠纷", "是否告知权利义务": "×"},
             {**CASE, "案件名称": "王某纠纷", "是否告知权利义务": "☑", "告知日期": "2026-03-05"}]
    parties = [{**PARTY, "记录序号": n} for n in (1, 2, 3)]
    path = filled_template(ledgers["mediation_case"], tmp_path / "d.xlsx", cases, {"当事人": parties})
    reading = read_records(store, "mediation_case", path)
    assert reading.problems == []
    saved = import_records(store, reading, "马文")
    assert [record.values["rights_notified"] for record in saved] == [True, False, True]


def test_a_totals_row_is_left_out_with_a_note(store, tmp_path):
    """合计 was counted as a record and refused field by field (会议类型：必填…)."""
    rows = [HEADER, *month(1), ["合计", "2次", None, None, None], [" 小 计 ", None, None, None, None]]
    reading = read_records(store, "meeting", workbook(tmp_path / "m.xlsx", rows))
    assert reading.ok and len(reading.records) == 2
    assert reading.notes == ["第 4 行是合计行（序号为“合计”），不是记录，未导入",
                             "第 5 行是合计行（序号为“小 计”），不是记录，未导入"]


def test_the_numbers_of_two_series_are_said_one_range_each(store, ledgers, tmp_path):
    """〔2026〕人调字第1号 至 〔2026〕行调字第1号 read as one run across both series."""
    cases = [CASE, {**CASE, "案件名称": "李某纠纷", "案件类别": "行政调解"}, {**CASE, "案件名称": "王某纠纷"}]
    parties = [{**PARTY, "记录序号": n} for n in (1, 2, 3)]
    path = filled_template(ledgers["mediation_case"], tmp_path / "d.xlsx", cases, {"当事人": parties})
    saved = import_records(store, read_records(store, "mediation_case", path), "马文")
    assert number_ranges(ledgers["mediation_case"], [record.number for record in saved]) == (
        "〔2026〕人调字第1号至第2号；〔2026〕行调字第1号")
    numbers = ["〔2026〕会记字第3号", "〔2026〕会记字第4号", "〔2026〕会记字第9号", "〔2025〕会记字第1号"]
    assert number_ranges(ledgers["meeting"], numbers) == "〔2026〕会记字第3号至第4号、第9号；〔2025〕会记字第1号"


def test_a_title_row_is_quoted_whole_or_cut_where_a_cell_ends(store, tmp_path):
    """“填报单位：海城镇司法所 填报时间：2025年1” was cut mid-date, without …"""
    rows = [["海城镇2026年法治政府建设会议台账"], ["填报单位：海城镇司法所", None, None, "填报时间：2026年12月31日"],
            HEADER, *month(1)]
    notes = read_records(store, "meeting", workbook(tmp_path / "m.xlsx", rows)).notes
    assert notes == ["第 1 行“海城镇2026年法治政府建设会议台账”是表名，未读取：字段名称从第 3 行读起",
                     "第 2 行“填报单位：海城镇司法所…”是表名，未读取：字段名称从第 3 行读起"]
