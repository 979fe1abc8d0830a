"""T29's drill-down column said 实有 / 应有 (session 23): a check of 5 应持证 and 3 实际持证 read "1 / 2", for it counts
the people whose last check of the year it is and those it did not name, not its own totals; a reviewer took it for
a wrong figure. The column is headed 本条计入 实有 / 应有, in the window, `fazhi indicators --drill` and the report's
尚未计入的记录 alike; the other ratios keep 实有 / 应有."""

from __future__ import annotations

from fazhi_desktop.core.indicators import load_catalog_for
from fazhi_desktop.core.indicators.drill import COUNTED_HERE, drill
from fazhi_desktop.core.indicators.engine import compute
from fazhi_desktop.core.indicators.views import shortfalls

CLERK = "马文军"


def test_the_t29_shortfall_says_what_a_check_adds(store, valid_record):
    check = store.save("enforcement_check", valid_record(  # 2 listed, both certified; 3 not listed, 1 certified
        "enforcement_check", checked_on="2026-03-10", staff_requiring_certificate=5, staff_certified=3,
        certificates=[{"name": "马强", "certificate_no": "64052210001", "valid_until": "2027-12-31"},
                      {"name": "李娟", "certificate_no": "64052210002", "valid_until": "2027-06-30"}]), CLERK)
    catalog = load_catalog_for(store)
    found = drill(store, catalog, "T29", 2026, part="gap")
    assert found.quantity_header == COUNTED_HERE == "本条计入 实有 / 应有"
    assert [r.quantity for r in found.records] == ["3 / 5"]
    assert drill(store, catalog, "T29", 2026, part="value").quantity_header == "数量"
    assert drill(store, catalog, "T40b", 2026, part="gap").quantity_header == "实有 / 应有"
    results = compute(store, catalog, 2026)
    short = shortfalls(store, results)[("T29", results.townships[0].code)]
    assert short.items == (f"{check.number}（本条计入 实有 / 应有：3 / 5）",)
