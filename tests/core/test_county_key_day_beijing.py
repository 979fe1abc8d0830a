"""需关注's item for a township still on the county's old key names the day the county replaced it: in Beijing time,
as 数据完整性's other days, not the PC's (a replacement at 01:00 Beijing time read as the day before on a PC in UTC)."""

from __future__ import annotations

import time

from fazhi_desktop.core.bundle.keys import COUNTY_REPLACED
from fazhi_desktop.core.indicators.county_keys import old_key_problem


def test_the_replacement_day_is_beijings(store, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        store.set_settings(**{COUNTY_REPLACED: "2026-06-01T17:00:00Z"})  # 2026-06-02 01:00 in Beijing
        assert "本县 2026-06-02 更换前" in old_key_problem(store)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
