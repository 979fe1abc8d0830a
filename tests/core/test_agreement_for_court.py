"""The 调解协议书 as the county court reads it when the parties apply for 司法确认 (review of session 24, played as a
judge of 海原县人民法院): a sum written in figures and in capitals that differ (the court cannot tell which was
agreed) was saved and printed without a word; a 村民小组, no legal person, was printed with a 法定代表人; a
coordinate of the boundary agreed was broken with its ″ starting a line."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fazhi_desktop.core.amounts import capitals_value, disagreeing
from fazhi_desktop.core.documents import build_document
from fazhi_desktop.core.documents.agreement import representative_title

ACTOR = "杨芳"
INJURY = ("一、马晓东赔偿李秀英医疗费、误工费等共计人民币38650元（大写：叁万陆仟陆佰伍拾元整），"
          "已于调解当日支付20000元，余款18650元（大写：壹万捌仟陆佰伍拾元整）于2026年12月31日前付清；")
MISMATCH = "协议内容：38650元与大写“叁万陆仟陆佰伍拾元整”（即36650元）不符，请核对"


def agreed(valid_record, content: str, **values):
    return valid_record("mediation_case", result="调解成功", agreement_form="书面", mediated_on="2026-03-10",
                        agreement_content=content, **values)


def test_a_sum_whose_capitals_say_another_is_saved_with_a_warning_at_the_terms(store, valid_record):
    record = store.save("mediation_case", agreed(valid_record, INJURY), ACTOR)
    assert MISMATCH in [str(w) for w in record.warnings]
    assert next(w for w in record.warnings if w.message.startswith("38650元")).path == "agreement_content"
    assert not next(w for w in record.warnings if w.message.startswith("38650元")).advisory  # asked before printing
    right = INJURY.replace("叁万陆仟", "叁万捌仟")
    assert not [w for w in store.save("mediation_case", agreed(valid_record, right), ACTOR).warnings
                if "大写" in w.message]


def test_the_claims_and_the_performance_are_read_too(store, valid_record):
    record = store.save("mediation_case", agreed(valid_record, "李海赔偿马小军5000元（大写：伍仟元整）。",
                                                 claims="请求赔偿4280元（大写：肆仟贰佰捌拾元）。",
                                                 performance_method="叁仟元（小写：300元）当日现金交付"), ACTOR)
    said = {w.path: w.message for w in record.warnings if "大写" in w.message}
    assert said == {"performance_method": "300元与大写“叁仟元”（即3000元）不符，请核对"}


@pytest.mark.parametrize(("capitals", "value"), [
    ("叁万捌仟陆佰伍拾元整", "38650"), ("壹佰零伍元伍角", "105.5"), ("贰拾元零伍分", "20.05"), ("拾万元", "100000"),
    ("壹亿贰仟万元", "120000000"), ("叁万零伍佰元", "30500"), ("三万六千元", "36000"), ("叁万圆正", "30000"),
])
def test_capitals_are_read_as_the_sum_they_say(capitals, value):
    assert capitals_value(capitals) == Decimal(value)


def test_sums_are_paired_either_way_round_and_in_wan():
    text = ("赔偿38,650.00元（大写：叁万捌仟陆佰伍拾元整），叁万元（小写：30000元），两万元（￥2000元），"
            "3.865万元（人民币大写：叁万捌仟陆佰伍拾元）。")
    assert [(d.figures, d.capitals, d.read) for d in disagreeing(text)] == [("2000元", "两万元", "20000元")]
    assert disagreeing("赔偿5000元，大写伍仟元。") == []  # not written as a pair: nothing to compare
    assert capitals_value("叁万万元") is None and disagreeing("30000元（大写：叁万万元）") == []


def party_lines(store, record) -> str:
    doc = build_document(store, record, "agreement")
    return "".join(run.text for page in doc.pages for run in page.texts())


def test_a_village_group_is_printed_with_its_responsible_person_not_a_legal_representative(store, valid_record):
    groups = [{"role": role, "party_type": "单位", "org_name": name, "legal_representative": head,
               "org_address": "海原县海城镇联合村"}
              for role, name, head in (("申请人", "海原县海城镇联合村第三村民小组", "马成林"),
                                       ("被申请人", "海原县天泰农牧发展有限公司", "马永福"))]
    record = store.save("mediation_case", agreed(valid_record, "以双方共同埋设的界桩为界。", parties=groups), ACTOR)
    text = party_lines(store, record)
    assert "海原县海城镇联合村第三村民小组，住所地海原县海城镇联合村，负责人马成林。" in text
    assert "负责人 马成林（签名）：" in text and "法定代表人 马成林" not in text
    assert "法定代表人马永福" in text and "法定代表人 马永福（签名）：" in text  # a company as before
    assert representative_title({"org_name": "中国农业银行海原县支行"}) == "负责人"
    assert representative_title({"org_name": "海原县海城镇联合村民委员会"}) == "法定代表人"  # 特别法人


def test_a_coordinate_of_the_boundary_is_never_broken_with_its_seconds_starting_a_line(store, valid_record):
    terms = ("一、以2026年10月20日双方共同测量所定界桩（东经106°03′12″、北纬36°33′05″至东经106°03′20″、"
             "北纬36°32′58″连线）为界，界线以东归第三村民小组发包，以西归第五村民小组发包；")
    record = store.save("mediation_case", agreed(valid_record, terms), ACTOR)
    doc = build_document(store, record, "agreement")
    lines = ["".join(run.text for run in page.texts() if round(run.y) == y)
             for page in doc.pages for y in sorted({round(run.y) for run in page.texts() if run.size == 14})]
    assert not [line for line in lines if line[:1] in "°′″"]
    assert any("106°03′12″" in line for line in lines)


@pytest.mark.parametrize("name", ["宁夏建工集团海原县城区道路改造工程项目部", "中铁二十局集团海原项目经理部",
                                  "海原县海城镇联合村第三村民小组（三组）"])
def test_a_project_department_or_a_group_named_with_a_note_has_a_responsible_person(name):
    """A 项目部 (the party of many a 农民工 wage dispute) is no legal person and acts by its 负责人, as a 村民小组 does
    whose name the clerk wrote with a note in brackets."""
    assert representative_title({"org_name": name}) == "负责人"
