"""本年度指标 in front of the county's inspectors (twenty-fifth session, played as 所长 杨芳): T29 执法人员持证 at
50% said only 还剩 N 天（比率低于目标，请查看尚未计入的记录）while the PDF report she had just printed named the
officers (未达到：马小龙、马斌). Asked who is uncertified, she had to open the check and compare each 有效期 with
its date; now the row names them, as the paper does. Twenty-seventh session: "未达到：马小龙、马斌" did not say what
they lack; the page and the paper say 未持有效执法证 (the catalog's `lacking`)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/test_indicators_not_yet_gui.py

from test_indicators_not_yet_gui import page_on, said

from fazhi_desktop.core.indicators import load_catalog_for
from fazhi_desktop.core.indicators.report_pdf import build_pdf_report
from fazhi_desktop.core.indicators.views import build_report

ACTOR = "杨芳"
OFFICERS = [{"name": "海军", "certificate_no": "宁640522-2021-0087", "valid_until": "2028-12-31"},
            {"name": "马斌", "certificate_no": "宁640522-2020-0311", "valid_until": "2026-08-09"},  # expired by then
            {"name": "马小龙"}]  # a 协管员 without a certificate


def test_uncertified_officers_are_named_on_the_page_as_on_the_printed_report(qtbot, store, valid_record, dialogs,
                                                                            ui_settings, clock):
    clock.set(datetime(2026, 11, 28, 2, 0, tzinfo=UTC))
    store.save("enforcement_check", valid_record("enforcement_check", checked_on="2026-11-24",
                                                 staff_requiring_certificate=3, staff_certified=1,
                                                 certificates=OFFICERS), ACTOR)
    page = page_on(qtbot, store, dialogs, ui_settings)
    assert said(page, "T29") == ("有风险", "还剩 33 天，未持有效执法证：马小龙、马斌")
    report = build_report(store, load_catalog_for(store), 2026)
    assert report.shortfalls["T29", store.township].items == ("马小龙", "马斌")
    paper = build_pdf_report(report).text().replace("\n", "")
    assert "未持有效执法证：马小龙、马斌" in paper and "未达到：马小龙" not in paper


def test_after_the_year_the_missed_target_still_names_them(qtbot, store, valid_record, dialogs, ui_settings, clock):
    store.save("enforcement_check", valid_record("enforcement_check", checked_on="2026-11-24",
                                                 staff_requiring_certificate=3, staff_certified=1,
                                                 certificates=OFFICERS), ACTOR)
    clock.set(datetime(2027, 1, 10, 2, 0, tzinfo=UTC))
    page = page_on(qtbot, store, dialogs, ui_settings)
    page.year_combo.setCurrentIndex(page.year_combo.findData(2026))
    assert said(page, "T29") == ("未达标", "年度已结束，未完成目标（未持有效执法证：马小龙、马斌）")


def test_a_target_met_names_no_one(qtbot, store, valid_record, dialogs, ui_settings, clock):
    clock.set(datetime(2026, 11, 28, 2, 0, tzinfo=UTC))
    store.save("enforcement_check", valid_record("enforcement_check", checked_on="2026-11-24",
                                                 staff_requiring_certificate=1, staff_certified=1,
                                                 certificates=OFFICERS[:1]), ACTOR)
    page = page_on(qtbot, store, dialogs, ui_settings)
    status, text = said(page, "T29")
    assert "未持有效执法证：" not in text and status == "目前\n达标"
