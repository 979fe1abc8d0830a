"""The county demo built in January: its townships' "this year" was the new year's first days (435 records dated
1 to 20 January, nearly all 草稿), while 县级汇总 opens on the year just ended (engine.default_year), which held only
two townships' "last year" records: 李旺镇 and 郑旗乡 said 本年没有记录. The township demo shows the year just ended
in January (demo_work.demo_year); the county demo, whose 海城镇 is "as in the township demo", now does the same."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from fazhi_desktop.core.county_demo import TOWNSHIPS, build_county_demo
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.store import Store

JANUARY = datetime(2027, 1, 20, 2, 0, tzinfo=UTC)  # 10:00 in Haiyuan


def test_a_county_demo_built_in_january_shows_the_year_just_ended(tmp_path):
    build_county_demo(tmp_path / "county-demo.db", "演示用户", clock=lambda: JANUARY)
    store = Store.open(tmp_path / "county-demo.db", clock=lambda: JANUARY)
    try:
        years: Counter[str] = Counter()
        for ledger in store.ledgers.values():
            for year, count in store.conn.execute(
                    f'SELECT substr("{ledger.date_field}", 1, 4), count(*) FROM "{ledger.name}" WHERE NOT deleted'
                    " GROUP BY 1"):
                years[year] += count
        assert years == {"2026": 5 * sum(this for _code, _seed, this, _last in TOWNSHIPS),
                         "2025": 5 * sum(last for *_, last in TOWNSHIPS)}, years
        demo_towns = {code for code, *_ in TOWNSHIPS}
        said = {t.code: t.attention() for t in completeness(store, 2026).townships if t.code in demo_towns}
        assert not any("本年没有记录" in text for text in said.values()), said
    finally:
        store.close()
