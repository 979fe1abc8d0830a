"""A 主持人 typed with his phone number (马文 139 9512 0316) is refused, as a party's name is, but the refusal told
the clerk of a meeting to put the numbers "in their own fields", which a meeting's form does not have, and that the
name is printed "on the 协议书", which a meeting has none of; an Excel import said so for each of its rows. The
words are now true of every form: where a name has fields of its own for the numbers (a 当事人's), they are named."""

from __future__ import annotations

import pytest
from excel_files import filled_template, meetings

from fazhi_desktop.core.errors import ValidationError
from fazhi_desktop.core.excel_import import read_records

WHERE_IT_GOES = "身份证号、联系电话请填在各自的栏中"


def test_a_meeting_s_host_with_his_phone_is_refused_in_words_true_of_a_meeting(store, valid_record):
    with pytest.raises(ValidationError) as refused:
        store.save("meeting", valid_record("meeting", host="马文 139 9512 0316"), "马丽")
    [problem] = refused.value.problems
    assert problem.label == "主持人" and "含有身份证号或电话号码" in problem.message
    assert WHERE_IT_GOES not in problem.message and "协议书" not in problem.message


def test_an_excel_row_names_its_row_and_field_in_words_true_of_a_meeting(store, ledgers, tmp_path):
    rows = meetings(2)
    rows[1]["主持人"] = "马文 13995120316"
    reading = read_records(store, "meeting", filled_template(ledgers["meeting"], tmp_path / "会议.xlsx", rows))
    [line] = reading.problems
    assert (line.row, line.label) == (3, "主持人") and "含有身份证号或电话号码" in line.message
    assert WHERE_IT_GOES not in line.message and "协议书" not in line.message


def test_a_party_s_name_still_says_where_the_numbers_go(store, valid_record):
    case = valid_record("mediation_case", parties=[{"role": "申请人", "party_type": "自然人",
                                                    "name": "马文 15509542033"}])
    with pytest.raises(ValidationError) as refused:
        store.save("mediation_case", case, "马丽")
    [problem] = refused.value.problems
    assert problem.label == "当事人第1行·姓名" and WHERE_IT_GOES in problem.message


def test_a_complaint_s_handler_is_not_sent_to_the_complainant_s_contact(store, valid_record):
    """投诉举报 has a 联系方式 (the complainant's, and no 身份证号): a 承办人 typed with his phone was told to put
    身份证号、联系电话 "in their own fields", which for him are none."""
    with pytest.raises(ValidationError) as refused:
        store.save("complaint", valid_record("complaint", handler="马文 139 9512 0316"), "马丽")
    [problem] = refused.value.problems
    assert problem.label == "承办人" and "含有身份证号或电话号码" in problem.message
    assert WHERE_IT_GOES not in problem.message
