"""马建国's records as the PIPL review entered them (/tmp/s23-pipl/review): a case he brought (人调字第1号), one
against him with his ID number mistyped (第2号), one naming him only as a witness in its text (第3号), a complaint
made in person with his phone (投诉字第1号) and one by letter, without (投诉字第2号). Shared by the core, CLI and
window tests of 查找当事人 (core/person_search.py)."""

from __future__ import annotations

from typing import Any

STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)
HIS_ID, MISTYPED_ID, HIS_PHONE = "640522196803120316", "640522198603120310", "13995120316"
#: the other parties' names and numbers, which no extract may print
OTHERS = ("马福林", "640522197001050410", "13709551234", "李秀兰", "640522197507230427", "15809553388", "田玉梅",
          "风湿病")


def _party(role: str, name: str, id_number: str | None, phone: str, gender: str) -> dict[str, Any]:
    return {"role": role, "party_type": "自然人", "name": name, "gender": gender, "id_number": id_number,
            "occupation": "农民", "address": "海城镇山门村2组", "phone": phone}


CASES = [
    {"case_category": "人民调解", "case_name": "马建国与马福林宅基地纠纷", "accepted_on": "2026-05-12",
     "case_source": "当事人申请", "dispute_type": "房屋宅基地纠纷",
     "parties": [_party("申请人", "马建国", HIS_ID, HIS_PHONE, "男"),
                 _party("被申请人", "马福林", "640522197001050410", "13709551234", "男")],
     "dispute_summary": "马福林翻建院墙时占用马建国宅基地约0.3米，双方发生争执。", "claims": "请求拆除越界院墙。"},
    {"case_category": "人民调解", "case_name": "李秀兰与马建国相邻关系纠纷", "accepted_on": "2026-08-03",
     "case_source": "当事人申请", "dispute_type": "邻里纠纷",
     "parties": [_party("申请人", "李秀兰", "640522197507230427", "15809553388", "女"),
                 _party("被申请人", "马建国", MISTYPED_ID, HIS_PHONE, "男")],
     "dispute_summary": "马建国堆放柴草堵塞李秀兰家排水沟。李秀兰患有风湿病，积水加重病情。",
     "claims": "请求清除柴草。"},
    {"case_category": "人民调解", "case_name": "马福林与田玉梅借贷纠纷", "accepted_on": "2026-09-15",
     "case_source": "当事人申请", "dispute_type": "合同纠纷",
     "parties": [_party("申请人", "马福林", "640522197001050410", "13709551234", "男"),
                 _party("被申请人", "田玉梅", None, "18795512345", "女")],
     "dispute_summary": "田玉梅向马福林借款5000元未还。借款时同村马建国在场，证实借款属实。",
     "claims": "请求归还借款。"},
]
COMPLAINTS = [
    {"accepted_on": "2026-06-18", "source": "来访", "complainant": "马建国", "contact": HIS_PHONE,
     "respondent": "海城镇综合行政执法队", "matter": "拆除违建时未出示执法证",
     "matter_details": "投诉人马建国反映：执法人员未出示执法证。", "handler": "杨芳"},
    {"accepted_on": "2026-10-09", "source": "来信", "complainant": "马建国", "respondent": "海城镇自然资源所",
     "matter": "宅基地审批超期未答复", "matter_details": "投诉人来信反映：宅基地审批申请至今未答复。",
     "handler": "苏燕"},
]


def add_his_records(store, actor: str = "马丽") -> dict[str, Any]:
    """Save the five records; returns them by number (〔2026〕人调字第1-3号, 〔2026〕投诉字第1-2号)."""
    saved = [store.save("mediation_case", case, actor) for case in CASES]
    saved += [store.save("complaint", complaint, actor) for complaint in COMPLAINTS]
    return {record.number: record for record in saved}
