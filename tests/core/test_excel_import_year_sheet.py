"""从Excel导入记录 of an office's 台账 kept one sheet a month with a 全年 sheet copying them (the review of the
twenty-second session's month sheets), and its totals rows written 本月合计, 全年合计, 合计：2次."""

from __future__ import annotations

from excel_files import MONTH_HEADER as HEADER
from excel_files import month_meetings as month
from excel_files import month_sheets as book
from excel_files import workbook

from fazhi_desktop.core.excel_import import read_records


def said(lines) -> list[str]:
    return [str(line) for line in lines]


def test_a_year_sheet_copying_the_months_is_left_unread_with_a_note(store, tmp_path):
    """全年 (1月's and 2月's rows again, under the same header) was read as four more meetings: every record twice,
    said only as a twin warning on each of its rows."""
    year = [[n, *row[1:]] for n, row in enumerate(month(1) + month(2), 1)] + [["全年合计", "4次", None, None, None]]
    reading = read_records(store, "meeting", book(tmp_path / "台账.xlsx", {"1月": month(1), "2月": month(2),
                                                                          "全年": year}))
    assert reading.ok and len(reading.records) == 4 and reading.warnings == []
    assert reading.notes == [
        "工作表“全年”的 4 行与前面工作表的记录相同（会议日期和会议名称/届次都相同），未读取",
        "工作表“1月”、“2月”的表头相同，按同一台账读取（1月 2 条、2月 2 条）：如有不该导入的工作表，请删去后重新读取"]


def test_a_later_sheet_repeating_only_some_rows_is_read_its_repeats_warned(store, tmp_path):
    """A row copied into 2月 by mistake is a twin to check, not a reason to leave 2月's own meetings out."""
    reading = read_records(store, "meeting", book(tmp_path / "台账.xlsx", {"1月": month(1),
                                                                          "2月": [month(1)[0], month(2)[0]]}))
    assert len(reading.records) == 4
    assert said(reading.warnings) == ["工作表“2月”第 2 行·会议名称/届次：与工作表“1月”第 2 行的会议日期和会议名称/届次"
                                      "相同，请核对是否重复（重复的记录会重复计入指标）"]


def test_totals_rows_however_written_are_left_out(store, tmp_path):
    """本月合计, 合计：2次 and 全年合计 in 序号 were each refused field by field (会议类型：必填…)."""
    rows = [HEADER, *month(1), ["本月合计", "2次", None, None, None], ["合计：2次", None, None, None, None],
            ["全年 合计", None, None, None, None]]
    reading = read_records(store, "meeting", workbook(tmp_path / "m.xlsx", rows))
    assert reading.ok and len(reading.records) == 2, said(reading.problems)
    assert reading.notes == ["第 4 行是合计行（序号为“本月合计”），不是记录，未导入",
                             "第 5 行是合计行（序号为“合计：2次”），不是记录，未导入",
                             "第 6 行是合计行（序号为“全年 合计”），不是记录，未导入"]


def test_without_a_number_column_a_first_cell_starting_with_a_total_is_one_but_a_title_holding_it_is_not(
        store, tmp_path):
    """Without 序号 the first cell is a field's: 本月合计 there is a totals row, 综合计划 in a title is a meeting."""
    rows = [HEADER[1:], ["综合计划工作部署会", "党委会", "2026-01-10", "全程"], ["本月合计", "1次", None, None]]
    reading = read_records(store, "meeting", workbook(tmp_path / "m.xlsx", rows))
    assert reading.ok and [r.data["title"] for r in reading.records] == ["综合计划工作部署会"], said(reading.problems)
    assert reading.notes == ["第 3 行是合计行（第一格为“本月合计”），不是记录，未导入"]


def test_a_whole_record_whose_number_holds_a_total_word_is_read(store, tmp_path):
    """小计1 beside a 党委会 with its date and title was left out as a totals row: a meeting went missing."""
    rows = [HEADER, [1, "第1次党委会", "党委会", "2026-01-10", "全程"],
            ["小计1", "研究2026年普法小计划的党委会", "党委会", "2026-01-20", "全程"],
            ["小计", "2次", None, None, None]]
    reading = read_records(store, "meeting", workbook(tmp_path / "m.xlsx", rows))
    assert [r.data["title"] for r in reading.records] == ["第1次党委会", "研究2026年普法小计划的党委会"]
    assert reading.notes == ["第 4 行是合计行（序号为“小计”），不是记录，未导入"]
