"""A township's year with a known answer for every computable indicator (tests of the indicator engine, the CLI,
the reports and the GUI). Everything goes through `Store.save`, as a clerk's entries do.

The year is 2026. Records on 2025-12-31 and 2027-01-01 sit just outside it; one record of most kinds is deleted;
one meeting is revised after it was first saved (only the latest revision may count).
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from fazhi_desktop.core.indicators import load_catalog_for
from fazhi_desktop.core.people import add_person
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import Record, Store

ACTOR = "杨芳"
YEAR = 2026
TOWN = "640522100"
#: a county's own report-only ratio over a field of form version 3 (`later_fields`); `requires`: a condition of its
#: denominator (the field filled: no warning) or ""
LATER = '''
[[indicator]]
code = "X1"
task = "县定"
title = "已申请司法确认"
text = "调解成功案件中已申请司法确认的比例"
ledger = "mediation_case"
formula = "ratio"
denominator = {{ where = [{requires}] }}
numerator = {{ where = [{{ field = "confirmation_applied_on", op = "filled", value = true }}] }}
direction = "report"
'''

#: code -> (numerator or count, denominator or None) for 2026
EXPECTED: dict[str, tuple[float, float | None]] = {
    "T40a": (1, None), "T40b": (1, 2), "T21": (2, None),
    "T46a": (3, None), "T46b": (1, None), "T46c": (1, 2), "T46d": (1, None), "T47": (1, 2),
    "T49a": (2, None), "T49b": (1, None), "T45": (1, None),
    "T29": (5, 6), "T30a": (2, None), "T30b": (3, 5),
    "T35": (1, 2), "T34": (1, None), "T4": (1, 2),
    "M1": (4, None), "M2": (2, 3), "M3": (1, None), "M4": (1, None), "M5": (1, 2), "M6": (2, 3), "M7": (2, 2),
    "M8": (1, None),
}


def _save(store: Store, ledger: str, data: dict[str, Any]) -> Record:
    return store.save(ledger, data, ACTOR)


def _meeting(store: Store, title: str, kind: str, held_on: str, attendance: str,
             items: list[dict[str, Any]] | None = None) -> Record:
    return _save(store, "meeting", {"title": title, "meeting_type": kind, "held_on": held_on,
                                    "office_head_attendance": attendance, "agenda_items": items or []})


ADMIN = "乡镇行政会议(政府常务会议)"


def _item(title: str, needs: bool, status: str | None = None) -> dict[str, Any]:
    return {"title": title, "needs_review": needs, **({"review_status": status} if status else {})}


def fill_known_year(store: Store) -> dict[str, Record]:
    """Write the known year into a township database; returns the records by a short name."""
    r: dict[str, Record] = {}
    add_person(store, ACTOR, "马志刚", "镇党委书记", roles=["主要负责同志"])
    add_person(store, ACTOR, "田玉春", "镇长", roles=["主要负责同志"])
    add_person(store, ACTOR, "李强", "副镇长")
    # -- meetings: T40a 1, T40b 1/2, T21 2 items -------------------------------------------------------------
    r["special"] = _meeting(store, "2026年法治政府建设专题研究部署会议", "专题研究部署法治政府建设会议",
                            "2026-03-01", "全程")
    r["admin_jan1"] = _meeting(store, "2026年第1次常务会议", ADMIN, "2026-01-01", "部分",
                               [_item("审议宅基地审批细则", True, "未审查"), _item("听取汇报", False)])
    r["admin_dec31"] = _meeting(store, "2026年第9次常务会议", ADMIN, "2026-12-31", "部分",
                                [_item("审议村规民约指导意见", True, "已审查合法"),
                                 _item("审议光伏项目租赁合同", True, "已审查不合法")])
    _meeting(store, "2025年第12次常务会议", ADMIN, "2025-12-31", "未列席", [_item("审议某方案", True, "未审查")])
    _meeting(store, "2027年第1次常务会议", ADMIN, "2027-01-01", "未列席")
    gone = _meeting(store, "作废的常务会议", ADMIN, "2026-05-05", "未列席", [_item("审议某方案", True, "未审查")])
    store.delete(gone.id, ACTOR)
    # revised: first saved as 部分, corrected to 全程 (only revision 2 counts)
    r["admin_jan1"] = store.save("meeting", {"office_head_attendance": "全程"}, ACTOR, record_id=r["admin_jan1"].id)
    # -- law study: a lecture counts for T46b, T46c and T49a --------------------------------------------------
    for day in ("2026-01-01", "2026-06-30", "2026-12-31"):
        _save(store, "law_study", {"activity_type": "会前学法", "topic": "学习行政处罚法", "held_on": day})
    _save(store, "law_study", {"activity_type": "会前学法", "topic": "学习宪法", "held_on": "2025-12-31"})
    _save(store, "law_study", {"activity_type": "会前学法", "topic": "学习民法典", "held_on": "2027-01-01"})
    gone = _save(store, "law_study", {"activity_type": "会前学法", "topic": "重复登记", "held_on": "2026-02-02"})
    store.delete(gone.id, ACTOR)
    r["lecture"] = _save(store, "law_study", {"activity_type": "专题法治讲座", "topic": "习近平法治思想专题辅导",
                                              "held_on": "2026-04-01", "speaker": "田玉春",
                                              "speaker_is_principal_leader": True})
    _save(store, "law_study", {"activity_type": "法治研讨", "topic": "基层执法规范化研讨", "held_on": "2026-05-01"})
    _save(store, "law_study", {"activity_type": "旁听庭审", "topic": "旁听行政诉讼庭审", "held_on": "2026-06-01",
                               "court": "海原县人民法院"})
    _save(store, "law_study", {"activity_type": "学法用法考试", "topic": "学法用法考试（成绩未通报）",
                               "held_on": "2026-07-01", "scores_circulated": False})
    _save(store, "law_study", {"activity_type": "学法用法考试", "topic": "学法用法考试", "held_on": "2026-11-01",
                               "scores_circulated": True})
    r["report"] = _save(store, "law_study", {"activity_type": "领导干部述法", "topic": "2026年度领导干部述法",
                                             "held_on": "2026-12-20", "reporters": ["田玉春", "李强"]})
    _save(store, "law_study", {"activity_type": "宪法宣誓", "topic": "新任职人员宪法宣誓", "held_on": "2026-03-15"})
    # -- enforcement checks: T29 5/6 (a check never certifies more than it checked), T30a 2 --------------------
    for day, unit, required, certified in (("2026-02-01", "综合执法队", 4, 3), ("2026-03-01", "自然资源所", 2, 3),
                                           ("2025-12-31", "综合执法队", 5, 0)):
        _save(store, "enforcement_check", {"checked_on": day, "check_type": "日常检查", "supervised_unit": unit,
                                           "staff_requiring_certificate": required, "staff_certified": certified})
    # -- complaints: T30b with carry-over: 3 closed of 5 open during 2026 ------------------------------------
    for accepted, closed in (("2025-11-01", "2026-01-10"), ("2025-12-31", "2026-01-01"), ("2025-06-01", "2025-07-01"),
                             ("2026-03-01", "2026-03-10"), ("2026-12-31", None), ("2026-12-20", "2027-01-05")):
        _save(store, "complaint", {"accepted_on": accepted, "source": "来电", "respondent": "综合执法队",
                                   "matter": f"投诉（{accepted}受理）", "closed_on": closed})
    # -- mediation: T35 1/2, T34 1, T4 1/2, M1..M8 ----------------------------------------------------------
    party = [{"role": "申请人", "party_type": "自然人", "name": "马文"}]
    base = {"parties": party, "dispute_type": "邻里纠纷"}
    _save(store, "mediation_case", {**base, "case_category": "行政裁决", "case_name": "土地权属争议一",
                                    "accepted_on": "2026-02-01", "dispute_type": "山林土地纠纷",
                                    "adjudication_matter": "土地权属", "rights_notified": True,
                                    "rights_notified_on": "2026-02-01"})
    _save(store, "mediation_case", {**base, "case_category": "行政裁决", "case_name": "土地权属争议二",
                                    "accepted_on": "2026-03-01", "dispute_type": "山林土地纠纷",
                                    "adjudication_matter": "土地权属", "rights_notified": False})
    _save(store, "mediation_case", {**base, "case_category": "行政调解", "case_name": "地界纠纷",
                                    "accepted_on": "2026-04-01", "dispute_type": "山林土地纠纷", "result": "调解成功",
                                    "agreement_form": "书面", "closed_on": "2026-04-20", "performance_status": "已履行",
                                    "judicial_confirmation": "已申请",
                                    "follow_ups": [{"visited_on": "2026-05-01", "satisfaction": "满意"}]})
    _save(store, "mediation_case", {**base, "case_category": "人民调解", "case_name": "邻里排水纠纷",
                                    "accepted_on": "2026-05-01", "result": "调解成功", "agreement_form": "口头",
                                    "closed_on": "2026-06-15", "performance_status": "未履行",
                                    "follow_ups": [{"visited_on": "2026-07-01", "satisfaction": "不满意"}]})
    _save(store, "mediation_case", {**base, "case_category": "人民调解", "case_name": "邻里通道纠纷",
                                    "accepted_on": "2026-05-10", "result": "调解不成功(终止)",
                                    "termination_reason": "被申请人拒绝调解", "closed_on": "2026-05-20"})
    _save(store, "mediation_case", {**base, "case_category": "人民调解", "case_name": "邻里围墙纠纷",
                                    "accepted_on": "2026-06-01"})
    _save(store, "mediation_case", {**base, "case_category": "人民调解", "case_name": "去年的纠纷",
                                    "accepted_on": "2025-12-31", "result": "调解成功", "agreement_form": "书面"})
    return r


# -- fixtures (import them into a test module: `from indicator_data import known, known_template`) --------------


@pytest.fixture(scope="session")
def known_template(tmp_path_factory, ledgers) -> tuple[Path, dict[str, str]]:
    """The known year written once per session (about 70 saves); tests get a copy of the file."""
    path = tmp_path_factory.mktemp("known-year") / "known.db"
    store = init_database(path, TOWN, office="海城镇司法所", operator=ACTOR, ledgers=ledgers,
                          clock=lambda: datetime(2026, 6, 1, 8, 0, tzinfo=UTC))  # tests/conftest.py's START
    records = fill_known_year(store)
    store.close()
    return path, {name: record.id for name, record in records.items()}


@pytest.fixture
def known(known_template, tmp_path, ledgers, clock):
    """(store, catalog, ids by short name): a fresh copy of the known year, with the clock moved to 2027-01-10: the
    year is over, so every record of it counts (records dated after the clock's today do not)."""
    source, ids = known_template
    clock.set(datetime(2027, 1, 10, 8, 0, tzinfo=UTC))
    copy = tmp_path / "known.db"
    shutil.copyfile(source, copy)
    store = Store.open(copy, ledgers=ledgers, clock=clock)
    yield store, load_catalog_for(store), ids
    store.close()
