# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""Checking a paper compares what it printed, not the record's revision: a paper signed and then reviewed, locked or
scanned in is still what the database holds; a paper whose printed text changed says what changed, and which of the
record's documents still agree."""

from __future__ import annotations

import pytest
from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core import attachments, review
from fazhi_desktop.core.documents import build_document, check_print

AGENDA = [{"title": "研究冬季供暖保障工作"}, {"title": "审议镇2027年度重大行政决策事项目录"}]


@pytest.fixture
def case(store, valid_record):
    return store.save("mediation_case", valid_record(
        "mediation_case", parties=[{"role": "申请人", "party_type": "自然人", "name": "马文"},
                                   {"role": "被申请人", "party_type": "自然人", "name": "李海"}],
        mediators=["苏燕"], mediated_on="2026-03-06", result="调解成功", agreement_form="书面",
        agreement_content="李海拆除越界围墙。"), "杨芳")


def _review_and_lock(store, record):
    for step in ("submit", "review", "lock"):
        record = review.apply(store, record.id, step, "杨芳")
    return record


def test_a_signed_agreement_reviewed_and_locked_afterwards_is_still_what_the_database_holds(store, case):
    """The 所长 reviewing and locking a case after its agreement was signed made every paper "打印后已修改"."""
    code = build_document(store, case, "agreement").code
    locked = _review_and_lock(store, case)
    result = check_print(store, code)
    assert result.ok and result.status == "same" and locked.revision == 4
    assert "所印内容未变" in result.message and "已锁定" in result.message and "打印后已修改" not in result.message


def test_a_scan_of_the_signed_sheet_attached_afterwards_leaves_the_paper_current(store, valid_record, tmp_path):
    study = store.save("law_study", valid_record("law_study", participants=["田玉春", "马志刚"]), "杨芳")
    code = build_document(store, study, "signin").code
    scan = tmp_path / "签到表.pdf"
    scan.write_bytes(b"%PDF-1.4 signed")
    store.save("law_study", {"attachments": [attachments.add_attachment(store, scan)]}, "杨芳", record_id=study.id)
    result = check_print(store, code)
    assert result.ok and "附件" in result.message and "所印内容未变" in result.message


def test_an_agreement_changed_after_printing_names_what_changed(store, case):
    code = build_document(store, case, "agreement").code
    store.save("mediation_case", {"agreement_content": "李海拆除越界围墙，并赔偿马文500元。"}, "王梅",
               record_id=case.id)
    result = check_print(store, code)
    assert not result.ok and result.status == "changed"
    assert "打印后修改了：协议内容。" in result.message and "王梅" in result.message


def test_a_signin_sheet_printed_before_the_meeting_agrees_once_its_minutes_are_written(store, valid_record):
    """Printed before the meeting, the 签到表 is signed there; the decisions written afterwards change the 纪要 and
    the 会议记录 the code also stands for, not the sheet: the inspector is told which papers still agree."""
    meeting = store.save("meeting", valid_record("meeting", agenda_items=AGENDA, attendees=["田玉春", "马志刚"]),
                         "杨芳")
    code = build_document(store, meeting, "signin").code
    decided = [{**AGENDA[0], "decision": "供暖期提前至11月1日。"}, AGENDA[1]]
    store.save("meeting", {"agenda_items": decided}, "杨芳", record_id=meeting.id)
    result = check_print(store, code)
    assert result.status == "changed" and "议题第1行·决定事项" in result.message
    assert "会议纪要、会议记录上所印内容已变；签到表上的未变" in result.message


def test_the_county_passes_a_paper_only_reviewed_since_and_flags_one_edited(world, valid_record):
    """At the county the township's log says what was done since (no contents): a status change only passes."""
    town = world.town()
    meeting = town.store.save("meeting", valid_record("meeting"), "杨芳")
    code = build_document(town.store, meeting, "record").code
    review.apply(town.store, meeting.id, "submit", "杨芳")
    world.import_(world.export(town).path)
    result = check_print(world.county, code)
    assert result.ok and "只改了状态" in result.message
    town.store.save("meeting", {"location": "会议室乙"}, "杨芳", record_id=meeting.id)
    world.import_(world.export(town).path)
    later = check_print(world.county, code)
    assert later.status == "changed" and "修改历史" in later.message


def test_an_id_number_corrected_where_the_mask_hides_it_still_counts_for_an_agreement(store, case):
    """640522********1939 either way: laid out masked the two revisions read the same, but the agreement signed may
    have been printed with 显示完整证件号."""
    parties = [{**case.values["parties"][0], "id_number": "640522196103231939"}, case.values["parties"][1]]
    store.save("mediation_case", {"parties": parties}, "杨芳", record_id=case.id)
    printed = store.get(case.id)
    code = build_document(store, printed, "agreement").code
    parties[0] = {**parties[0], "id_number": "640522196103311939"}
    store.save("mediation_case", {"parties": parties}, "杨芳", record_id=case.id)
    result = check_print(store, code)
    assert result.status == "changed" and "当事人第1行·身份证号" in result.message


def _sheet_after(store, record, **values):
    """What check-print says of the 签到表 printed from `record` once `values` are saved: which documents agree."""
    from fazhi_desktop.core.documents.paper import paper_changes, printed_content

    code = build_document(store, record, "signin").code
    now = store.save(record.ledger, values, "马丽", record_id=record.id)
    return check_print(store, code), paper_changes(store, now, printed_content(store, record.id, record.revision))


def test_a_signin_sheet_agrees_once_the_day_is_recorded_absentees_walk_ins_and_all(store, valid_record):
    """Printed before the session, the sheet was 打印后已修改 as soon as the clerk recorded who was away (the normal
    step after any meeting): the absentee moves to the end of the list with 事假, which the paper cannot show. A
    person added since signed in a blank row, as walk-ins do."""
    study = store.save("law_study", valid_record(
        "law_study", activity_type="专题法治讲座", topic="学习《行政处罚法》", held_on="2026-03-05", host="马志刚",
        participants=["田玉春", "苏燕", "王梅", "马斌"], expected_count=5), "杨芳")
    result, changes = _sheet_after(store, study, participants=["田玉春", "苏燕", "马斌", "李强"], present_count=5,
                                   absentees=[{"name": "王梅", "reason": "事假"}])
    assert "签到表上的未变，纸面若是签到表，仍与数据库一致" in result.message
    assert changes.unchanged == ("签到表",) and changes.changed == ("学法活动记录",)

    meeting = store.save("meeting", valid_record("meeting", attendees=["田玉春", "马志刚", "王梅"]), "杨芳")
    result, changes = _sheet_after(store, meeting, attendees=["马志刚", "田玉春"],
                                   absentees=[{"name": "王梅", "reason": "下村入户"}])
    assert "签到表上的未变" in result.message and "签到表" in changes.unchanged


def test_a_signin_sheet_differs_when_its_heading_its_expected_count_or_a_printed_name_changed(store, valid_record):
    """What the signed sheet is checked by still counts: a name it printed that the record no longer holds (not even
    as absent), its place or time, its 应到."""
    def study():
        return store.save("law_study", valid_record(
            "law_study", held_on="2026-03-05", participants=["田玉春", "苏燕", "王梅"], expected_count=4), "杨芳")

    for values in ({"participants": ["田玉春", "苏燕"]}, {"location": "镇政府三楼会议室"}, {"start_time": "15:00"},
                   {"expected_count": 6}):
        result, changes = _sheet_after(store, study(), **values)
        assert "签到表" in changes.changed, values
        assert result.status == "changed" and "签到表上的未变" not in result.message, values
