"""The township statistics page's reason for 无数据 (nineteenth session): a ratio whose denominator is not 0 said
比率的分母为 0 (T47 with three people to 述法 and no record of the year yet)."""

from __future__ import annotations

from fazhi_desktop.core.indicators import load_catalog_for
from fazhi_desktop.core.indicators import status as st
from fazhi_desktop.core.indicators.engine import Figure
from fazhi_desktop.qt.indicators_view import _explain


def test_no_data_names_its_real_cause(store):
    t47 = load_catalog_for(store).get("T47")
    three = Figure(t47, "640522100", 2026, 0, 3, st.NO_DATA)
    assert (three.amount_text(), _explain(three)) == ("0 / 3（0.0%）", "无数据：本年还没有任何记录")
    # a 0 denominator says what it counts none of, as the catalog words it (twenty-second session)
    assert _explain(Figure(t47, "640522100", 2026, 0, 0, st.NO_DATA)) == "无数据：人员名册中没有在任的主要负责同志"


def test_a_zero_denominator_says_what_the_year_lacks(store):
    """A new township's page said only 比率的分母为 0 for T40b, T29, T30b and T35: which records were missing?"""
    catalog = load_catalog_for(store)
    said = {code: _explain(Figure(catalog.get(code), "640522100", 2026, 0, 0, st.NO_DATA))
            for code in ("T40b", "T46c", "T29", "T30b", "T35", "T4")}
    assert said["T40b"] == "无数据：本年没有乡镇行政会议（政府常务会议）"
    assert said["T46c"] == "无数据：人员名册中没有在任的主要负责同志"
    assert all("分母为 0" not in text for text in said.values()), said


def test_a_figure_without_data_beside_a_carried_over_complaint_says_so(qtbot, store, dialogs, clock):
    """In January, beside T30b's 0 / 1 for last December's open complaint, the other figures said
    无数据：本年还没有任何记录 while 数据完整性 at the county said 本年没有新登记的记录（只有上年结转…）: the
    page says what the county says."""
    from datetime import UTC, datetime

    from fazhi_desktop.qt.indicators_view import IndicatorsPage

    store.save("complaint", {"accepted_on": "2026-12-20", "source": "网络", "complainant": "匿名",
                             "respondent": "乡综合执法办", "matter": "夜间执法扰民"}, "杨芳")
    clock.set(datetime(2027, 1, 10, 2, 0, tzinfo=UTC))
    page = IndicatorsPage(store, dialogs, lambda record: None)
    qtbot.addWidget(page)
    page.refresh()
    page.year_combo.setCurrentIndex(page.year_combo.findData(2027))
    assert page.year == 2027
    said = {page.table.item(row, 0).text(): page.table.item(row, 6).text() for row in range(page.table.rowCount())}
    assert said["T30b"].startswith("还剩"), said["T30b"]
    assert said["T30a"] == "无数据：本年没有新登记的记录（只有上年结转、计入本年指标的 1 条）"
