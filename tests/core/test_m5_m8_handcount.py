"""M5/M8 against a hand count over a varied set of mediation cases."""
from datetime import date

from fazhi_desktop.core.indicators import compute, load_catalog_for

TOWN = "640522100"
ACTOR = "杨芳"
OK = {"mediated_on": "2026-03-20", "result": "调解成功", "agreement_form": "书面"}


def cases():
    yield dict(performance_status="已履行")
    yield dict(performance_status="正在履行", performance_deadline="2026-04-30")
    yield dict(performance_status="正在履行", performance_deadline="2026-06-30")
    yield dict(performance_status="正在履行", performance_deadline="2026-09-30")
    yield dict(performance_status="正在履行")
    yield dict(performance_status="部分履行", performance_deadline="2026-04-30")
    yield dict(performance_status="未履行")
    yield dict(agreement_form="口头", performance_status="正在履行", performance_deadline="2026-05-01")
    yield dict(case_category="行政调解", performance_status="正在履行", performance_deadline="2026-05-01",
               judicial_confirmation="确认有效", confirmation_applied_on="2026-03-25")
    yield dict(agreement_form="口头", judicial_confirmation="已申请", confirmation_applied_on="2026-03-25")
    yield dict(judicial_confirmation="未申请", performance_status="已履行")
    yield dict(judicial_confirmation="已申请", confirmation_applied_on="2026-03-25")
    yield dict(result="调解不成功(终止)", termination_reason="双方分歧大", agreement_form=None)


def hand(values, today):
    due = [v for v in values if v.get("result") == "调解成功" and (
        v.get("performance_status") in ("已履行", "部分履行", "未履行")
        or (v.get("performance_status") == "正在履行" and v.get("performance_deadline")
            and v["performance_deadline"] < today.isoformat()))]
    done = [v for v in due if v["performance_status"] == "已履行"]
    m8 = [v for v in values if v.get("result") == "调解成功" and v.get("agreement_form") == "书面"
          and v.get("judicial_confirmation") in ("已申请", "确认有效", "确认无效")]
    return (len(done), len(due)), len(m8)


def test_m5_m8_match_a_hand_count(store, valid_record):
    saved = []
    for extra in cases():
        data = valid_record("mediation_case", **{**OK, **extra})
        data = {k: v for k, v in data.items() if v is not None}
        saved.append(store.save("mediation_case", data, ACTOR).values)
    for today in (date(2026, 4, 30), date(2026, 5, 1), date(2026, 5, 2), date(2026, 7, 1), date(2026, 12, 31)):
        r = compute(store, load_catalog_for(store), 2026, today=today)
        m5, m8 = r.figure("M5", TOWN), r.figure("M8", TOWN)
        assert ((m5.numerator, m5.denominator), m8.numerator) == hand(saved, today), today
