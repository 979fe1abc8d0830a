"""`fazhi add --from` of a 台账 kept one sheet a month with a 全年 sheet copying them."""

from __future__ import annotations

from openpyxl import Workbook

from fazhi_desktop.cli import main
from fazhi_desktop.core.store import Store

HEADER = ["序号", "会议名称/届次", "会议类型", "会议日期", "司法所所长列席情况"]


def test_a_year_sheet_copying_the_months_is_not_imported_a_second_time(db, tmp_path, capsys):
    """All 8 rows were imported with exit 0: each meeting of 1月 and 2月 twice in the county's figures."""
    rows = {m: [[n, f"2026年{m}月第{n}次党委会", "党委会", f"2026-{m:02d}-{10 * n:02d}", "全程"] for n in (1, 2)]
            for m in (1, 2)}
    book = Workbook()
    book.remove(book.active)
    for name, body in (("1月", rows[1]), ("2月", rows[2]), ("全年", rows[1] + rows[2])):
        sheet = book.create_sheet(name)
        for row in [HEADER, *body]:
            sheet.append(row)
    book.save(tmp_path / "台账.xlsx")
    assert main(["add", "meeting", "--from", str(tmp_path / "台账.xlsx")]) == 0
    assert "工作表“全年”的 4 行与前面工作表的记录相同" in capsys.readouterr().err
    store = Store.open(db)
    try:
        assert store.count("meeting") == 4
    finally:
        store.close()
