"""从Excel导入记录 of a year's 台账 kept as it is in an office: twelve month sheets and a 全年 sheet. Only the 全年
sheet, which copies the months, is offered to be skipped; a month sheet into which a few meetings of the month
before were pasted again is not a summary to leave out (skipping it would lose its own meetings): its repeated rows
are twins to check, each named (session 23 review)."""

from __future__ import annotations

from excel_files import month_sheets as book

from fazhi_desktop.core.excel_import import read_records


def month(number: int, count: int) -> list[list]:
    """`count` meetings of month `number` of 2025 (党委会 and 常务会议 alternately)."""
    kinds = ("党委会", "乡镇行政会议(政府常务会议)")
    return [[n, f"2025年{number}月第{n}次{'党委会' if n % 2 else '常务会议'}", kinds[1 - n % 2],
             f"2025-{number:02d}-{3 * n:02d}", "全程"] for n in range(1, count + 1)]


def year_book(path, december: list[list], year_sheet: list[list]):
    sheets = {f"{m}月": month(m, 3 + m % 3) for m in range(1, 12)}
    return book(path, {**sheets, "12月": december, "全年": year_sheet})


def numbered(rows: list[list]) -> list[list]:
    return [[n, *row[1:]] for n, row in enumerate(rows, 1)]


def test_a_month_sheet_sharing_a_few_rows_with_the_month_before_is_not_offered_to_be_skipped(store, tmp_path):
    november = month(11, 3 + 11 % 3)
    december = numbered([*november[-2:], *month(12, 2)])  # the last two of November pasted again, and December's
    every = [row for m in range(1, 12) for row in month(m, 3 + m % 3)]  # 全年 copied up to November, and one added
    year_sheet = numbered([*every[:-1], ["", "2025年12月补充会议", "党委会", "2025-12-28", "全程"]])
    reading = read_records(store, "meeting", year_book(tmp_path / "2025年会议台账.xlsx", december, year_sheet))
    assert reading.repeating == ["全年"]  # not 12月, whose own two meetings a skip would lose
    warned = [str(line) for line in reading.warnings]
    assert sum("工作表“12月”第" in line and "与工作表“11月”" in line for line in warned) == 2, warned
    assert not any("如果“12月”是前面各表的汇总" in line for line in warned)


def test_a_year_sheet_copying_the_twelve_months_and_adding_one_is_offered_to_be_skipped(store, tmp_path):
    every = [row for m in range(1, 13) for row in (month(m, 3 + m % 3) if m < 12 else month(12, 2))]
    extra = ["", "2025年12月补充会议", "党委会", "2025-12-28", "全程"]
    reading = read_records(store, "meeting", year_book(tmp_path / "2025年会议台账.xlsx", month(12, 2),
                                                       numbered([*every, extra])))
    assert reading.repeating == ["全年"]
    skipped = read_records(store, "meeting", tmp_path / "2025年会议台账.xlsx", skip=reading.repeating)
    assert skipped.ok and len(skipped.records) == len(every) and skipped.warnings == []
