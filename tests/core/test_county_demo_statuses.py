"""The county demo (`fazhi-desktop --demo --county`) showed every township's records as 草稿: its townships' records
were drafted and exported at once, while a county holds what the townships entered, submitted and their 所长
reviewed and locked over the year, each record with the status the township's bundle gave it (bundle/apply.py keeps
it). The townships' records are now entered as a year's work went (demo_work: submitted after a week or so,
reviewed after a month, locked after three), so the county's lists and 数据完整性 show the statuses a real county
sees; the indicators count the same records (drafts count too: the ledger is the record of what happened)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime

from fazhi_desktop.core.county_demo import TOWNSHIPS, build_county_demo
from fazhi_desktop.core.indicators import compute, load_catalog_for
from fazhi_desktop.core.store import Store

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


def test_the_county_demo_holds_records_as_the_townships_reviewed_them(tmp_path):
    build_county_demo(tmp_path / "county-demo.db", "演示用户", clock=lambda: NOW)
    store = Store.open(tmp_path / "county-demo.db", clock=lambda: NOW)
    try:
        by_year: dict[int, Counter[str]] = {2025: Counter(), 2026: Counter()}
        for ledger in store.ledgers.values():
            for year, status, count in store.conn.execute(
                    f'SELECT substr("{ledger.date_field}", 1, 4), status, count(*) FROM "{ledger.name}" '
                    "WHERE NOT deleted GROUP BY 1, 2"):
                by_year[int(year)][status] += count
        last, this = by_year[2025], by_year[2026]
        assert sum(last.values()) == 5 * sum(old for *_, old in TOWNSHIPS)
        # last year's reviewed and locked long ago, but for the matters still being handled (已提交 until concluded)
        assert not last["draft"] and last["locked"] > 9 * last["submitted"], last
        # this year's, by June: most reviewed or locked, some submitted, the last weeks' still drafts
        assert this["locked"] + this["reviewed"] > sum(this.values()) // 2, this
        assert this["submitted"] and this["draft"], this
        assert this["draft"] < sum(this.values()) // 5, this
        results = compute(store, load_catalog_for(store), 2026)
        assert results.figures and any(fig.value for fig in results.figures.values())
    finally:
        store.close()


def test_the_sign_in_scans_the_townships_sent_are_in_the_county_demo(tmp_path):
    """Entered as a year's work, a few meetings and studies carry a 签到表扫描件; the county keeps the files its
    bundles brought beside its database, which the build must move into place with it."""
    from fazhi_desktop.core.attachments import blob_path

    build_county_demo(tmp_path / "county-demo.db", "演示用户", clock=lambda: NOW)
    store = Store.open(tmp_path / "county-demo.db", clock=lambda: NOW)
    try:
        files = [item["sha256"] for ledger in ("meeting", "law_study")
                 for (value,) in store.conn.execute(f"SELECT attachments FROM {ledger}")
                 for item in json.loads(value or "[]")]
        assert files and all(blob_path(store, sha).is_file() for sha in files)
    finally:
        store.close()
