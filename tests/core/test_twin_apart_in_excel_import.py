"""Two complaint slips of one day about the same 投诉事项 from two 投诉人 are two complaints (the form's
`twin_apart`, tests/core/test_twin_apart_complainant.py): the save says nothing, but the same two rows read from an
Excel file were still said to be 可能重复 of each other (与第 2 行的受理日期和投诉事项相同). The file's rows are told
apart as a save tells them; 匿名 tells nothing apart, and a third slip of one of them is still said."""

from __future__ import annotations

from excel_files import workbook

from fazhi_desktop.core.excel_import import read_records


def rows(store, valid_record, complainants):
    ledger = store.ledger("complaint")
    records = [valid_record("complaint", complainant=who, due_on="2026-05-04") for who in complainants]
    names = [f.name for f in ledger.fields if any(r.get(f.name) is not None for r in records)
             and f.type not in ("group", "attachments")]
    return [[ledger.field(n).label for n in names], *([r.get(n) for n in names] for r in records)]


def twins_said(reading) -> list[str]:
    return [str(line) for line in reading.warnings if "请核对是否重复" in str(line)]


def test_two_complainants_rows_are_not_said_to_be_twins(store, valid_record, tmp_path):
    path = workbook(tmp_path / "投诉.xlsx", rows(store, valid_record, ["张某", "李某"]))
    reading = read_records(store, "complaint", path)
    assert len(reading.records) == 2 and twins_said(reading) == []


def test_an_anonymous_or_the_same_complainants_row_still_is(store, valid_record, tmp_path):
    path = workbook(tmp_path / "投诉.xlsx", rows(store, valid_record, ["张某", "李某", "匿名", "李某"]))
    said = twins_said(read_records(store, "complaint", path))
    assert len(said) == 2 and "第 4 行" in said[0] and "第 2 行的" in said[0] and "第 5 行" in said[1] \
        and "第 3 行的" in said[1], said
