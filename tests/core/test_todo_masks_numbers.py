"""待办事项 says `列表不显示身份证号、电话`, and its 事项 is the record's title as typed: an open complaint whose
投诉事项 read `马某（13995120316）反映夜间施工扰民` showed the phone number there, in `fazhi todo` and in the workbook
the newcomer took. The title is masked as the ledger's list masks it now, and in the indicators' 查看记录 too."""

from __future__ import annotations

from openpyxl import load_workbook

from fazhi_desktop.core import todo

PHONE = "13995120316"


def test_a_phone_in_an_open_complaints_title_is_masked_in_the_list_and_its_workbook(store, valid_record, tmp_path):
    record = store.save("complaint", valid_record("complaint", matter=f"马某（{PHONE}）反映夜间施工扰民"), "杨芳")
    found = todo.build(store)
    titles = {item.record_id: item.title for item in found.items}
    assert titles[record.id] == "马某（139****0316）反映夜间施工扰民"
    todo.write(found, tmp_path / "待办.xlsx")
    cells = [str(c.value) for row in load_workbook(tmp_path / "待办.xlsx").active.iter_rows() for c in row]
    assert not any(PHONE in c for c in cells) and any("139****0316" in c for c in cells)


def test_the_indicators_drill_down_masks_it_too(store, valid_record):
    """本年度指标 → 查看记录 (and the county's) listed the complaint behind T30b by its 投诉事项 as typed."""
    from fazhi_desktop.core.indicators import drill, load_catalog_for

    record = store.save("complaint", valid_record("complaint", accepted_on="2026-03-02",
                                                  matter=f"马某（{PHONE}）反映夜间施工扰民"), "杨芳")
    found = drill(store, load_catalog_for(store), "T30b", 2026, part="denominator").records
    assert [r.title for r in found if r.id == record.id] == ["马某（139****0316）反映夜间施工扰民"]
