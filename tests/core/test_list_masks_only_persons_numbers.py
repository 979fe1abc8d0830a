"""导出列表 and the ledger's list mask an ID or phone number typed into a text (display.list_cell), but a number made
of parts written apart was searched for a phone number anywhere in its digits: a 执法证号 `宁640522-2021-0087` (the
program's own demo writes them so) read `宁**********0087` in the 执法证核查 column, as did `20260302-20260315`, two
dates; and a landline written the usual way, `（0955）5012345`, was left whole. A number across parts written apart
is now one of whole parts, and an area code in brackets is part of its number."""

from __future__ import annotations

from openpyxl import load_workbook

from fazhi_desktop.core.identifiers import masked_numbers
from fazhi_desktop.core.list_export import write_list
from fazhi_desktop.core.store import ListQuery

CERTIFICATE = "宁640522-2021-0087"


def test_a_certificate_number_and_dates_stay_and_a_bracketed_landline_is_masked(store, valid_record, tmp_path):
    store.save("enforcement_check", valid_record(
        "enforcement_check", checked_on="2026-03-10", staff_requiring_certificate=1, staff_certified=1,
        certificates=[{"name": "李强", "certificate_no": CERTIFICATE, "valid_until": "2027-06-30"}],
        remarks="整改期20260302-20260315，联系电话（0955）5012345"), "杨芳")
    write_list(store, ListQuery("enforcement_check"), tmp_path / "检查.xlsx")
    header, row = ([c.value for c in r] for r in load_workbook(tmp_path / "检查.xlsx").active.iter_rows())
    cells = dict(zip(header, row, strict=True))
    assert CERTIFICATE in cells["执法证核查"]
    assert cells["备注"] == "整改期20260302-20260315，联系电话0955-****2345"


def test_a_persons_number_written_apart_is_still_found():
    assert masked_numbers("电话 139 9512 0316，身份证 640522 19850312 009X", proper=True) == \
        "电话 139****0316，身份证 640522********009X"
    assert masked_numbers("0086 13995120316", proper=True) == masked_numbers("0086 13995120316")
    assert "3995120" not in masked_numbers("国际区号8613995120316", proper=True)
