"""人员交接 in 待办事项: 马丽's open complaints and mediation cases kept her as 承办人 / 调解员 after her account was
stopped, and the list had no 承办人 column: the newcomer could not see which open matters were hers. The list (its
window, `fazhi todo`, its workbook) now says who handles each, and marks a handler whose account is stopped or who has
left the roster."""

from __future__ import annotations

from openpyxl import load_workbook

from fazhi_desktop.core import accounts, people, todo

STAFF_PASSWORD = "mima-2026"  # tests/conftest.py


def _open_matters(store, valid_record):
    """马丽 handles an open complaint and mediates an open case with 杨芳; 马强 (on the roster, since left) handles a
    complaint; a meeting, submitted, has nobody handling it."""
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    strong = people.add_person(store, "", "马强", roles=["调解员"])
    people.set_active(store, strong.id, False, "", left_on="2026-03-31")
    meeting = store.save("meeting", valid_record("meeting"), "")
    store.change_status(meeting.id, "submitted", "")
    return {
        "meeting": meeting.id,
        "hers": store.save("complaint", valid_record("complaint", handler="马丽", matter="夜间施工扰民"), "").id,
        "case": store.save("mediation_case", valid_record("mediation_case", mediators=["杨芳", "马丽"]), "").id,
        "his": store.save("complaint", valid_record("complaint", handler="马强", matter="占道经营"), "").id,
    }


def handlers(store) -> dict[str, str]:
    return {item.record_id: item.handler for item in todo.build(store).items if item.group == todo.MATTERS}


def test_each_open_matter_names_its_handler_and_one_who_left_is_said(store, staff, valid_record, tmp_path):
    ids = _open_matters(store, valid_record)
    assert "承办人" in todo.HEADERS
    said = handlers(store)
    assert said[ids["hers"]] == "马丽" and said[ids["case"]] == "杨芳、马丽"
    assert said[ids["his"]] == "马强（已离任）"  # the roster has him out of use since March
    accounts.login(store, "admin", STAFF_PASSWORD)
    accounts.set_active(store, "马丽", False)
    said = handlers(store)
    assert said[ids["hers"]] == "马丽（账户已停用）" and said[ids["case"]] == "杨芳、马丽（账户已停用）"
    built = todo.build(store)
    handed = "承办人已停用或离任的未办结事项 3 项（马丽 2 项，马强 1 项）：请接手办理，并在记录中改填承办人"
    assert built.notes == [handed]  # under the list, for the newcomer
    row = next(i for i in built.items if i.record_id == ids["meeting"])
    assert row.handler == ""  # a meeting is handled by nobody in particular
    # the workbook the inspectors take, and every list, read the same column
    todo.write(built, tmp_path / "待办.xlsx")
    sheet = load_workbook(tmp_path / "待办.xlsx").active
    header = next(r for r in sheet.iter_rows(values_only=True) if r and "编号" in r)
    column = header.index("承办人")
    assert "马丽（账户已停用）" in [r[column] for r in sheet.iter_rows(values_only=True)]
