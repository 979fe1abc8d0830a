"""A phone or ID number typed into a free text (投诉事项, 住址, 纠纷简要情况, 备注) is masked in the ledger's list,
but the record's window shows it and the papers and registers print it as typed; nothing said so. The save now says
it in orange at the field, naming the fields made for the numbers; what is saved and printed stays as typed."""

from __future__ import annotations

from fazhi_desktop.core.number_in_text import NUMBER_IN_TEXT


def said(record) -> dict[str, str]:
    return {w.label: w.message for w in record.warnings if NUMBER_IN_TEXT in w.message}


def test_a_phone_in_a_complaint_s_matter_is_said_at_the_field(store, valid_record):
    record = store.save("complaint", valid_record("complaint", matter="投诉人电话13995120316，反映执法态度问题",
                                                  remarks="身份证640522197803120012"), "马丽")
    assert said(record) == {
        "投诉事项": NUMBER_IN_TEXT + "；号码请填在“联系方式”栏中，那里遮盖显示",
        "备注": NUMBER_IN_TEXT + "；号码请填在“联系方式”栏中，那里遮盖显示"}
    assert record.values["matter"] == "投诉人电话13995120316，反映执法态度问题"  # kept as typed: papers print it so
    assert [w.path for w in record.warnings if NUMBER_IN_TEXT in w.message] == ["matter", "remarks"]


def test_an_id_number_in_a_party_s_address_names_that_row_s_fields(store, valid_record):
    case = valid_record("mediation_case", parties=[{"role": "申请人", "party_type": "自然人", "name": "马文",
                                                    "address": "海城镇 640522197803120012"}],
                        dispute_summary="双方因宅基地发生纠纷，联系电话0955-4012345。")
    record = store.save("mediation_case", case, "马丽")
    assert said(record) == {
        "当事人第1行·住址": NUMBER_IN_TEXT + "；号码请填在“身份证号”、“联系电话”栏中，那里遮盖显示",
        "纠纷简要情况": NUMBER_IN_TEXT + "；号码请填在当事人的“身份证号”、“联系电话”栏中，那里遮盖显示"}


def test_a_house_number_a_date_or_a_hotline_is_not_said(store, valid_record):
    record = store.save("complaint", valid_record("complaint", matter="反映2026年3月12日12345热线转办事项，门牌88号"),
                        "马丽")
    assert said(record) == {}
