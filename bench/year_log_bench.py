"""What the year logs bundles carry (core/reopened_years.py) cost the county once it holds years of bundles.

    .venv/bin/python bench/year_log_bench.py [--bundles 520] [--rounds 5]

One township closes and reopens each of ten years five times (100 entries, reasons of 80 characters: a log of about
12 KB); each of the 18 townships of Haiyuan County then has `--bundles` bundles at the county, each carrying such a
log of its own (its reasons worded apart) as it was when the bundle was made (a new entry every five or so
bundles), written to `bundles_received` as an import writes it (`reopened_years.keep_log`), without the records.
Measured: the county database's size (and that of the same bundles without logs), `completeness()` (what 数据完整性
computes for a year), `year_story()` for one township's ten years and `import_notes()` for one more bundle (what
each import adds); each with the labels read afresh (`_read`'s cache cleared), median of `--rounds`, wall and CPU
time (the machine is shared); then the same with no logs held. Written to bench/results/year_log.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import bench_results

from fazhi_desktop.core import divisions, reopened_years, year_close, year_log_label
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.setup import init_database

COUNTY, TOWNSHIP = "640522", "640522100"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2016, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def labels(root: Path) -> list[tuple[str | None, str | None, str | None]]:
    """The year labels a township's bundles carry as its log grows to 100 entries (closings, reasons, log)."""
    clock = Clock()
    store = init_database(root / "township.db", TOWNSHIP, office="海城镇司法所", operator="杨芳", clock=clock)
    out = []
    try:
        for year in range(2016, 2026):
            for k in range(10):
                clock.now = datetime(year + 1, 1 + k, 3, 2, 0, tzinfo=UTC)
                if k % 2 == 0:
                    year_close.close_year(store, year, "杨芳")
                else:
                    year_close.reopen_year(store, year, f"原因{year}-{k}" * 10, "杨芳")
                out.append((year_close.bag_value(store.conn), year_close.reasons_value(store.conn),
                            year_log_label.log_value(store.conn)))
    finally:
        store.close()
    return out


def county(path: Path, said: list, bundles: int):
    store = init_database(path, COUNTY, county=True, office="海原县司法局")
    rows = []
    for index, code in enumerate(t.code for t in divisions.townships(COUNTY)):
        own = [(closings, *(text and text.replace("原因", f"原因{index:02d}") for text in (reasons, log)))
               for closings, reasons, log in said]
        for i in range(bundles):
            closings, reasons, log = own[min(len(own) - 1, i * len(own) // bundles)]
            made = f"2030-01-01T{i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z"
            rows.append((f"{code}-{i:05d}", code, i + 1, f"h{i}", "k", f"fazhi-{code}-{i + 1:06d}.tar.age", "{}", made,
                         made, closings, reasons, reopened_years.keep_log(store.conn, log)))
    with store.conn:
        store.conn.executemany(
            "INSERT INTO bundles_received (bundle_id, township, sequence, bundle_hash, previous_hash, changes_after,"
            " changes_through, key_id, file_name, report, imported_at, imported_by, created_at, year_closings,"
            " year_reasons, year_log_id, history) VALUES (?, ?, ?, ?, NULL, 0, 0, ?, ?, ?, ?, 'bench', ?, ?, ?, ?,"
            " 'same')", rows)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return store


def timed(fn, rounds: int) -> dict[str, float]:
    walls, cpus = [], []
    for _ in range(rounds):
        reopened_years._read.cache_clear()
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {"wall_s": round(statistics.median(walls), 3), "cpu_s": round(statistics.median(cpus), 3)}


def measure(store, said: list, rounds: int) -> dict[str, dict[str, float]]:
    incoming = reopened_years.Held("incoming", *said[-1], "same")
    return {
        "completeness": timed(lambda: completeness(store, 2025), rounds),
        "year_story_10_years": timed(lambda: [reopened_years.year_story(store, TOWNSHIP, y) for y in range(2016, 2026)],
                                     rounds),
        "import_notes": timed(lambda: reopened_years.import_notes(store, TOWNSHIP, incoming,
                                                                  ("2031-01-01T00:00:00Z", 999), []), rounds),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundles", type=int, default=520, help="bundles per township")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="fazhi-year-log-bench-"))
    try:
        said = labels(root)
        county(root / "bare.db", [(closings, reasons, None) for closings, reasons, _log in said], args.bundles).close()
        store = county(root / "county.db", said, args.bundles)
        try:
            size = (root / "county.db").stat().st_size
            logs = store.conn.execute("SELECT count(*) FROM received_year_logs").fetchone()[0]
            with_logs = measure(store, said, args.rounds)
            with store.conn:
                store.conn.execute("UPDATE bundles_received SET year_log_id = NULL")
            without = measure(store, said, args.rounds)
        finally:
            store.close()
        result = {"townships": 18, "bundles_per_township": args.bundles, "log_entries": 100,
                  "log_bytes": len(said[-1][2].encode()), "logs_kept": logs, "county_db_mb": round(size / 1e6, 1),
                  "county_db_mb_without_logs": round((root / "bare.db").stat().st_size / 1e6, 1),
                  "with_logs": with_logs, "without_logs": without}
        print(json.dumps(result, ensure_ascii=False, indent=2))
        bench_results.save("year_log", result)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
