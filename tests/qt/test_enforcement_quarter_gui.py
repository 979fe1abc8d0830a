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
    assert _explain(Figure(t47, "640522100", 2026, 0, 0, st.NO_DATA)) == "无数据：比率的分母为 0"
