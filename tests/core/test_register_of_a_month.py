"""A month's (or a quarter's) register: a clerk asked for "the 调解案件台账 for May" could only print the whole year.
It is laid out as the year's, of the month's records only, numbered from 1 in date order, titled
海城镇司法所2026年5月调解案件台账, and each page's 核验码 verifies under 核验打印件 as a page of May's register."""

from __future__ import annotations

from fazhi_desktop.core.documents import build_register_document, check_print
from fazhi_desktop.core.documents.verify import MARK_LABEL

TITLE = "海城镇司法所2026年5月调解案件台账"


def case(store, valid_record, day: str, name: str):
    return store.save("mediation_case", valid_record("mediation_case", accepted_on=day, case_name=name), "杨芳")


def page_codes(doc) -> list[str]:
    return [run.text.removeprefix(f"{MARK_LABEL} ") for page in doc.pages for run in page.texts()
            if run.text.startswith(f"{MARK_LABEL} ")]


def test_mays_register_lists_mays_cases_numbered_from_one_and_its_title_and_period_say_may(store, valid_record):
    case(store, valid_record, "2026-04-30", "四月的纠纷")
    case(store, valid_record, "2026-05-20", "五月下旬的纠纷")
    case(store, valid_record, "2026-05-02", "五月上旬的纠纷")
    case(store, valid_record, "2026-06-01", "六月的纠纷")
    doc = build_register_document(store, "mediation_case", 2026, months=(5, 5))
    text = doc.text()
    assert doc.title == TITLE and TITLE in text
    assert "统计期间：2026年5月1日至2026年5月31日　共 2 条" in text  # May is past on 1 June
    assert "五月上旬的纠纷" in text and "五月下旬的纠纷" in text
    assert "四月的纠纷" not in text and "六月的纠纷" not in text
    lines = text.split("\n")  # in date order, numbered from 1, as the year's
    assert lines[lines.index("1") + 4] == "五月上旬的纠纷" and lines[lines.index("2") + 4] == "五月下旬的纠纷"
    assert text.count(TITLE) >= 2  # the footer names the page as the title does (the month in it)
    # 编号说明 is the year's: 第1号 (April's) and 第4号 (June's) are no gap of May's register
    assert "编号说明" not in text
    assert "编号说明" not in build_register_document(store, "mediation_case", 2026).text()


def test_a_quarters_register_runs_to_today_within_it_and_an_empty_month_says_so(store, valid_record):
    case(store, valid_record, "2026-04-30", "四月的纠纷")
    case(store, valid_record, "2026-06-01", "六月的纠纷")
    quarter = build_register_document(store, "mediation_case", 2026, months=(4, 6)).text()
    assert "海城镇司法所2026年第二季度调解案件台账" in quarter
    assert "统计期间：2026年4月1日至2026年6月1日　共 2 条" in quarter  # today, 1 June, as the year's does
    march = build_register_document(store, "mediation_case", 2026, months=(3, 3)).text()
    assert "（2026年3月本台账没有记录）" in march and "共 0 条" in march


def test_a_months_page_code_verifies_as_a_page_of_mays_register_beside_the_years(store, valid_record):
    """Every case in May: the year's page 1 and May's page 1 list the same rows; each code still names its own
    register (kept as one page, the second printed would have verified as the first's)."""
    saved = [case(store, valid_record, f"2026-05-{day:02d}", f"五月第{day}件纠纷") for day in range(1, 4)]
    year_code = page_codes(build_register_document(store, "mediation_case", 2026))[0]
    may_code = page_codes(build_register_document(store, "mediation_case", 2026, months=(5, 5)))[0]
    assert may_code != year_code
    result = check_print(store, may_code)
    assert result.ok and result.message.startswith(f"一致：纸面所印为{TITLE}第 1 页（共 1 页），本页所列 3 条记录")
    assert check_print(store, year_code).message.startswith("一致：纸面所印为海城镇司法所2026年调解案件台账第 1 页")
    store.save("mediation_case", {"case_name": "五月第2件纠纷（改）"}, "杨芳", record_id=saved[1].id)
    changed = check_print(store, may_code)
    assert changed.status == "changed" and f"{TITLE}第 1 页" in changed.message
    assert "〔2026〕人调字第2号 打印的是第 1 版" in changed.message
