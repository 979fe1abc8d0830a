"""A CSV as the program reads it back: an exported list exactly as it was (the apostrophe that keeps Excel from taking
`-` or `+86…` for a formula taken off again), and a CSV that cannot be read as it looks (a cell over csv's limit, a
quote left open that takes in the rows after it) refused in Chinese at its row."""

from __future__ import annotations

import pytest

from fazhi_desktop.core.excel_import import import_records, read_records
from fazhi_desktop.core.excel_sheets import FileRefused
from fazhi_desktop.core.list_export import write_list
from fazhi_desktop.core.store import ListQuery

ACTOR = "杨芳"
HEADER = "会议名称/届次,会议类型,会议日期,司法所所长列席情况"
ROW = "2026年第{n}次常务会议,乡镇行政会议(政府常务会议),2026-01-{n:02d},全程"
REST = "乡镇行政会议(政府常务会议),2026-01-08,全程"  # a row's cells after its first
#: what Excel would take for a formula, and what already begins with Excel's mark for text
ODD = {"location": "-", "remarks": "+补记：会后传达", "host": "@所长", "title": "'=1+1 照抄", "recorder": "-5"}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_exported_list_comes_back_exactly_as_it_was(store, valid_record, tmp_path, suffix):
    """A meeting at 地点 `-` came back from the list's CSV as `'-`, its 备注 `'+补记：会后传达`. The workbook held
    them right; both files now read back as they were."""
    store.save("meeting", valid_record("meeting", **ODD), ACTOR)
    path = tmp_path / f"会议{suffix}"
    write_list(store, ListQuery("meeting"), path)
    reading = read_records(store, "meeting", path)
    assert reading.problems == []
    [saved] = import_records(store, reading, ACTOR)
    assert {name: saved[name] for name in ODD} == ODD


def test_the_mark_is_taken_off_a_phone_and_an_apostrophe_of_the_clerks_own_stays(store, valid_record, tmp_path):
    """A phone `'+86…` (Excel's text mark, as the list's CSV writes it) was refused: 电话号码只能包含数字…"""
    path = tmp_path / "投诉.csv"
    path.write_text("受理日期,来源,被投诉对象,投诉事项,联系方式,备注\n"
                    "2026-03-05,12345热线,乡综合执法办,执法人员未出示执法证,'+86 139 1234 5678,'三楼\n",
                    encoding="utf-8-sig")
    reading = read_records(store, "complaint", path)
    assert reading.problems == []
    [saved] = import_records(store, reading, ACTOR)
    assert (saved["contact"], saved["remarks"]) == ("13912345678", "'三楼")


def refusal(store, path, text: str) -> str:
    path.write_text(text, encoding="utf-8-sig")
    with pytest.raises(FileRefused) as refused:
        read_records(store, "meeting", path)
    return str(refused.value)


def test_a_quote_left_open_is_said_at_its_row_not_as_the_rows_it_took_in(store, tmp_path):
    """`"关于""扩大会议,…` in Notepad took the next five rows into one cell, and the clerk was told only
    第 2 行·会议类型：必填 (the row short of its columns)."""
    rows = "\n".join(ROW.format(n=n) for n in range(2, 7))
    said = refusal(store, tmp_path / "会议.csv", f'{HEADER}\n"关于""扩大会议,{REST}\n{rows}\n')
    assert said.startswith("会议.csv 第 2 行的引号没有配对，之后的行被并进了这一格（“会议名称/届次”一格以“关于\"扩大")
    # the last row's quote: only the rest of its own row taken in
    said = refusal(store, tmp_path / "末行.csv", f'{HEADER}\n{ROW.format(n=1)}\n"关于扩大会议,{REST}\n')
    assert said.startswith("末行.csv 第 3 行的引号没有配对，之后的内容被并进了这一格")


def test_a_cell_with_line_breaks_of_its_own_is_read(store, tmp_path):
    path = tmp_path / "会议.csv"
    path.write_text(f'{HEADER},备注\n{ROW.format(n=1)},"一、会后传达,落实\n二、存档"\n', encoding="utf-8-sig")
    [record] = read_records(store, "meeting", path).records
    assert record.data["remarks"] == "一、会后传达,落实\n二、存档"


def test_a_cell_over_csvs_limit_is_said_in_chinese_at_its_row(store, tmp_path):
    """huge_field.csv 不是可以读取的 CSV 文件（field larger than field limit (131072)）."""
    said = refusal(store, tmp_path / "长.csv", f"{HEADER}\n{ROW.format(n=1)}\n{'长' * 140_000},{REST}\n")
    assert said == "长.csv 第 3 行有一格超过 131,072 个字，不像是台账记录：请删去多余的内容后再导入"
    # the same limit met by a quote that took in thousands of rows: said as the quote
    rows = "\n".join(ROW.format(n=n % 28 + 1) for n in range(4000))
    said = refusal(store, tmp_path / "大.csv", f'{HEADER}\n"关于扩大会议,{REST}\n{rows}\n')
    assert said.startswith("大.csv 第 2 行的引号没有配对，之后的行被并进了这一格：请用记事本打开")


def test_a_remark_listing_names_with_commas_on_its_own_line_is_read(store, tmp_path):
    """会后传达：⏎马明,李华,张三,王五,赵六 (a line with as many commas as the header) was refused as
    第 2 行的引号没有配对: its row has all its cells, so no quote took in the rows after it."""
    path = tmp_path / "会议.csv"
    remark = "会后传达：\n马明,李华,张三,王五,赵六"
    path.write_text(f'{HEADER},备注\n{ROW.format(n=8)},"{remark}"\n', encoding="utf-8-sig")
    [record] = read_records(store, "meeting", path).records
    assert record.data["remarks"] == remark
    # a quote left open that the next quote closed: its row ends with cells missing, said as before
    said = refusal(store, tmp_path / "中间.csv",
                   f'{HEADER},备注\n"关于扩大会议,{REST},\n{ROW.format(n=3)},"补记"\n{ROW.format(n=4)},\n')
    assert said.startswith("中间.csv 第 2 行的引号没有配对，之后的行被并进了这一格")


def test_the_lists_own_csv_reads_back_when_a_remark_line_holds_a_rows_commas(store, valid_record, tmp_path):
    """`fazhi list meeting -o 会议.csv` did not import back when a 备注 line held as many commas as the export has
    columns."""
    path = tmp_path / "会议.csv"
    store.save("meeting", valid_record("meeting"), ACTOR)
    write_list(store, ListQuery("meeting"), path)
    width = path.read_text(encoding="utf-8-sig").splitlines()[0].count(",")
    remark = "参会人员：\n" + ",".join(f"人员{n}" for n in range(width + 1))
    store.save("meeting", valid_record("meeting", remarks=remark, title="2026年第4次常务会议"), ACTOR)
    write_list(store, ListQuery("meeting"), path)
    reading = read_records(store, "meeting", path)
    assert reading.problems == []
    assert remark in [r.data.get("remarks") for r in reading.records]
