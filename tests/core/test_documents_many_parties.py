"""A dispute of a hundred households: the 调解协议书 and the 调解案件记录 printed a traceback (IndexError) instead of
"一式一百零一份" and "当事人一百", Chinese numbers stopping at 九十九."""

from __future__ import annotations

import pytest

from fazhi_desktop.core.dates import cn_number
from fazhi_desktop.core.documents import build_document


@pytest.mark.parametrize(("n", "said"), [
    (1, "一"), (9, "九"), (10, "十"), (11, "十一"), (12, "十二"), (20, "二十"), (99, "九十九"), (100, "一百"),
    (101, "一百零一"), (105, "一百零五"), (110, "一百一十"), (111, "一百一十一"), (120, "一百二十"), (200, "二百"),
    (999, "九百九十九"),
    (1000, "一千"), (1001, "一千零一"), (1010, "一千零一十"), (1100, "一千一百"), (2026, "二千零二十六"),
    (10000, "一万"), (10010, "一万零一十"), (12000, "一万二千")])
def test_numbers_are_said_in_chinese_past_ninety_nine(n, said):
    assert cn_number(n) == said


def test_a_dispute_of_a_hundred_and_one_households_prints_its_agreement_and_record(store, valid_record):
    parties = [{"role": "申请人", "party_type": "自然人", "name": f"马{chr(0x4e00 + 2 * i)}{chr(0x4e8c + i)}"}
               for i in range(100)] + [{"role": "被申请人", "party_type": "自然人", "name": "李海"}]
    case = store.save("mediation_case", valid_record(
        "mediation_case", case_name="百户征地纠纷", dispute_type="征地拆迁纠纷", parties=parties, mediators=["苏燕"],
        mediated_on="2026-03-10", result="调解成功", agreement_form="书面", agreement_content="按方案补偿。"), "杨芳")
    agreement = build_document(store, case, "agreement")
    text = agreement.text().replace("\n", "")
    assert "本协议书一式一百零二份" in text
    assert all(p["name"] in text for p in parties)
    record = build_document(store, case, "record").text().replace("\n", "")
    for label in ("当事人九十九", "当事人一百", "当事人一百零一"):
        assert label in record
    assert "当事人一百零二" not in record
