"""按日期重新编号 of the 学法活动 kept a study's number that its own papers never showed but a meeting's did: the
会议台账 prints each meeting's 会前学法 by the study's number (session 26), and the 会议记录 names it too. After the
renumbering the filed paper named 〔2026〕学法字第1号 while 学法字第1号 in the 学法活动台账 was another study (review
of s26-fu-numbering against s26-rf-study, session 26)."""

from __future__ import annotations

from fazhi_desktop.core import renumber
from fazhi_desktop.core.documents import build_register_document, render_document


def studies_out_of_order(store, valid_record):
    """June's study entered first (第1号), then an April one (第2号): renumbering would swap them."""
    june = store.save("law_study", valid_record("law_study", held_on="2026-06-16", activity_type="会前学法"), "杨芳")
    april = store.save("law_study", valid_record("law_study", held_on="2026-04-02"), "杨芳")
    meeting = store.save("meeting", valid_record("meeting", held_on="2026-06-16", pre_meeting_study=june.id), "杨芳")
    return june, april, meeting


def test_a_study_named_on_a_printed_meeting_register_keeps_its_number(store, valid_record):
    june, april, _meeting = studies_out_of_order(store, valid_record)
    assert "学法字第1号" in build_register_document(store, "meeting", 2026).text()  # the page, printed, is kept
    lines = renumber.plan(store, store.ledger("law_study"), 2026).lines(done=False)
    assert lines[0] == ("2026年的学法活动有编号不按日期先后，但不能按日期重新编号：不按先后的都是下面这些不能改的编号"
                        "（原因见各行）")
    assert "编号不改（已作为“会前学法”印在打印的会议台账上）：〔2026〕学法字第1号" in lines
    store.renumber_by_date("law_study", 2026, "杨芳")
    assert store.get(june.id).number == "〔2026〕学法字第1号"
    assert store.get(april.id).number == "〔2026〕学法字第2号"


def test_a_study_named_on_a_meetings_printed_record_keeps_its_number(store, valid_record, tmp_path):
    june, _april, meeting = studies_out_of_order(store, valid_record)
    render_document(store, meeting.id, "record", tmp_path / "会议记录.pdf")
    lines = renumber.plan(store, store.ledger("law_study"), 2026).lines(done=False)
    assert f"编号不改（已作为{meeting.number}的“会前学法”印在其会议记录上）：〔2026〕学法字第1号" in lines
    store.renumber_by_date("law_study", 2026, "杨芳")
    assert store.get(june.id).number == "〔2026〕学法字第1号"


def test_a_study_linked_from_a_meeting_whose_minutes_name_only_its_topic_is_renumbered(store, valid_record, tmp_path):
    june, april, meeting = studies_out_of_order(store, valid_record)
    render_document(store, meeting.id, "minutes", tmp_path / "会议纪要.pdf")  # 会前学法，<topic>: no number
    store.renumber_by_date("law_study", 2026, "杨芳")
    assert (store.get(april.id).number, store.get(june.id).number) == ("〔2026〕学法字第1号", "〔2026〕学法字第2号")


def test_a_record_entered_again_under_the_countys_number_keeps_it(store, valid_record):
    """补录回执列出的记录 re-enters a case the county holds under its printed number: it was carried to the county
    by a bundle this restored database no longer knows, and the county would take a new number as a change."""
    from fazhi_desktop.core.ids import uuid7

    may = [store.save("mediation_case", valid_record("mediation_case", accepted_on=f"2026-05-{d:02d}",
                                                     case_name=f"五月纠纷{d}"), "杨芳") for d in (3, 8)]
    april = valid_record("mediation_case", accepted_on="2026-04-02", case_name="四月纠纷")
    lost = store.reenter("mediation_case", april, "杨芳", uuid7(), "〔2026〕人调字第3号", 2)
    lines = renumber.plan(store, store.ledger("mediation_case"), 2026).lines(done=False)
    assert "编号不改（已随数据包报送县里，县里存有这个编号）：〔2026〕人调字第3号" in lines
    store.renumber_by_date("mediation_case", 2026, "杨芳")
    assert store.get(lost.id).number == "〔2026〕人调字第3号"
    assert [store.get(r.id).number for r in may] == ["〔2026〕人调字第1号", "〔2026〕人调字第2号"]
