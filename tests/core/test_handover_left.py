"""人员交接: the drafts a clerk who left entered, and the unsaved text the program kept for her. Before, 停用 said only
修改历史保留; her drafts were 草稿 among the office's others, in no list of what waits (待办事项 named only drafts sent
back), and her unsaved text was deleted with the account unsaid."""

from __future__ import annotations

from fazhi_desktop.core import accounts, autosave, handover, todo
from fazhi_desktop.core.clock import utc_iso

STAFF_PASSWORD = "mima-2026"  # tests/conftest.py


def _her_work(store, valid_record):
    """马丽 enters a complaint and a case she does not finish, and a meeting she submits; 杨芳 a draft of her own."""
    accounts.login(store, "马丽", STAFF_PASSWORD)
    complaint = store.save("complaint", valid_record("complaint", handler="马丽"), "")
    case = store.save("mediation_case", valid_record("mediation_case"), "")
    meeting = store.save("meeting", valid_record("meeting"), "")
    store.change_status(meeting.id, "submitted", "")
    autosave.keep(store, autosave.Draft("马丽", "meeting", autosave.new_key(None), None, None, {"title": "半截"},
                                        utc_iso(store.clock())))
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    store.save("meeting", valid_record("meeting", title="所长自己的草稿"), "")
    return complaint, case


def test_what_she_leaves_is_said_before_and_after_she_is_stopped(store, staff, valid_record):
    _her_work(store, valid_record)
    left = handover.left_by(store, "马丽")
    assert sum(left.drafts.values()) == 2 and left.unsaved == 1  # the submitted meeting waits for the 所长 anyway
    said = left.said()
    assert "马丽 登记的草稿还有 2 条（投诉举报 1、调解案件 1）" in said and "待办事项" in said
    assert "1 个编辑窗口的内容没有保存" in said and "停用后将删除" in said
    accounts.login(store, "admin", STAFF_PASSWORD)
    accounts.set_active(store, "马丽", False)
    assert handover.left_by(store, "马丽").unsaved == 0  # gone with the account, as README says
    assert handover.left_by(store, "周婷").said() == ""  # nobody, nothing


def test_her_drafts_wait_in_the_todo_list_once_she_is_stopped(store, staff, valid_record):
    complaint, case = _her_work(store, valid_record)
    assert not [i for i in todo.build(store).items if i.missing.startswith("草稿，")]  # still hers to finish
    accounts.login(store, "admin", STAFF_PASSWORD)
    accounts.set_active(store, "马丽", False)
    waiting = {i.record_id: i.missing for i in todo.build(store).items if i.group == todo.WAITING}
    assert waiting[complaint.id] == waiting[case.id] == "草稿，登记人 马丽 的账户已停用：请接手补全后提交审核"
    assert len([m for m in waiting.values() if m.startswith("草稿，")]) == 2  # not 杨芳's own draft
    # the newcomer finishes it: it leaves the list, and the history still names who entered it
    accounts.add_account(store, "周婷", None, "录入员", "zhouting-2026")
    accounts.login(store, "周婷", "zhouting-2026")
    store.change_status(case.id, "submitted", "")
    items = {i.record_id: i.missing for i in todo.build(store).items if i.group == todo.WAITING}
    assert complaint.id in items and items[case.id] == "已提交，待所长审核"
    assert store.get(case.id).created_by == "马丽"
