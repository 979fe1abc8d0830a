"""Two complainants on one day about one matter, two rows of one Excel file: the import called them duplicates of
each other (same 受理日期 and 投诉事项), though a save tells them apart by 投诉人 (the form's `twin_apart`) and says
nothing. The file's rows are told apart the same way now; the same complainant twice, or 匿名 beside a name, still is
said."""

from __future__ import annotations

from excel_files import filled_template

from fazhi_desktop.core.excel_import import read_records

TWIN = "请核对是否重复"


def complaint(complainant: str) -> dict[str, str]:
    return {"受理日期": "2026-03-05", "来源": "12345热线", "投诉人": complainant, "被投诉对象": "乡综合执法办",
            "投诉事项": "反映暂扣物品未出具清单"}


def twins(store, ledgers, tmp_path, names: list[str]) -> list[int]:
    path = filled_template(ledgers["complaint"], tmp_path / "投诉.xlsx", [complaint(name) for name in names])
    reading = read_records(store, "complaint", path)
    assert not reading.problems
    return [line.row for line in reading.warnings if TWIN in line.message]


def test_two_complainants_of_one_day_and_matter_are_no_twins(store, ledgers, tmp_path):
    assert twins(store, ledgers, tmp_path, ["马某", "李某"]) == []


def test_the_same_complainant_twice_or_anonymous_beside_a_name_is_said(store, ledgers, tmp_path):
    assert twins(store, ledgers, tmp_path, ["马某", "李某", "马某", "匿名"]) == [4, 5]
