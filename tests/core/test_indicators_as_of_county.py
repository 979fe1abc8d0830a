# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""数据完整性 under `--as-of` (the 所长's hand count, standing on 30 September of a year the county has closed its
books on): it counted the whole year's records, showed 距今天数 -424 (the as-of day less the real import day) and
said 「2026年已结束，年底之后还没有报送的乡镇也会标出」 of a report standing in September."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bundle_world import county_template, world  # noqa: F401  (fixtures)
from indicator_data import YEAR, fill_known_year

from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.indicators.views import completeness_view

A = "640522100"


def test_completeness_stands_on_the_as_of_day(world):
    town = world.town(A)
    fill_known_year(town.store)
    world.clock.set(datetime(2026, 12, 10, 8, 0, tzinfo=UTC))  # its last bundle: made before the year's end
    assert world.import_(world.export(town).path).ok
    world.clock.set(datetime(2027, 3, 1, 8, 0, tzinfo=UTC))
    now = completeness(world.county, YEAR)
    row = next(t for t in now.townships if t.code == A)
    assert row.made_before_year_end is not None and "2026年已结束" in now.note  # today: the year is over
    whole = row.total_records
    september = completeness(world.county, YEAR, date(2026, 9, 30))
    row = next(t for t in september.townships if t.code == A)
    assert row.days_since == 0  # imported after the as-of day: at the county, not -71 days
    assert row.made_before_year_end is None and "已结束" not in september.note
    assert 0 < row.total_records < whole  # dated by 30 September, as the figures count
    assert september.note.startswith("记录数为统计截至日（2026-09-30）以前日期的；")
    assert "距统计截至日天数" in completeness_view(world.county, september).headers
    assert "距今天数" in completeness_view(world.county, now).headers
