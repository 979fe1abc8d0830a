"""What the scan for changed bundles' traces (core/tampered.py) adds to `fazhi check` and to 数据完整性 at the county.

    .venv/bin/python bench/tampered_bench.py [--records 2000] [--rounds 7]

Every township of Haiyuan County (18) fills its ledgers with `--records` demonstration records and sends one full
bundle; the county imports them all. Then, alternating round by round so that both sides meet the same machine
load: `fazhi check`'s work (`check_database` and the attachment files) with and without the scan, and
`completeness()` (what 数据完整性 computes) with and without it; the scan alone too. Medians are reported and
written to bench/results/tampered.json. The scan finds nothing in this database (no changed bundle).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import bench_results
from county_import_bench import ACTOR, county_and_stick

from fazhi_desktop.core import tampered
from fazhi_desktop.core.attachments import missing_files
from fazhi_desktop.core.bundle.apply import import_bundles
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.indicators import completeness as completeness_module
from fazhi_desktop.core.store import Store


def build(root: Path, records: int) -> Store:
    """The county database (`county_import_bench`'s) with every township's full bundle imported."""
    keys, bundles = county_and_stick(root, records)
    county = Store.open(root / "county-template.db")
    reports = import_bundles(county, bundles, keys, ACTOR)
    refused = [r.error for r in reports if not r.ok]
    if refused:
        raise SystemExit(f"导入失败：{refused[0]}")
    return county


def timed(fn) -> tuple[float, float]:
    """(wall, CPU) seconds: the machine is shared, and CPU time shows what the work costs whatever else runs."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=2000, help="records per township")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="fazhi-tampered-bench-"))
    try:
        start = time.perf_counter()
        county = build(root, args.records)
        held = sum(county.conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in county.ledgers)
        entries = county.conn.execute("SELECT count(*) FROM received_changes").fetchone()[0]
        print(f"县级数据库：{held} 条记录，变更日志 {entries} 条（建库 {time.perf_counter() - start:.0f} s）")
        assert tampered.scan(county) == []

        def check(scan: bool) -> None:
            check_database(county)
            missing_files(county)
            if scan:
                tampered.scan(county)

        real_scan = tampered.scan

        def complete(scan: bool) -> None:
            tampered.scan = real_scan if scan else (lambda store: [])  # completeness calls it through the module
            try:
                completeness_module.completeness(county, 2026)
            finally:
                tampered.scan = real_scan

        times: dict[str, list[tuple[float, float]]] = {k: [] for k in ("check", "check_scan", "comp", "comp_scan",
                                                                        "scan")}
        for round_ in range(args.rounds):
            order = (False, True) if round_ % 2 == 0 else (True, False)
            for scan in order:
                times["check_scan" if scan else "check"].append(timed(lambda s=scan: check(s)))
            for scan in order:
                times["comp_scan" if scan else "comp"].append(timed(lambda s=scan: complete(s)))
            times["scan"].append(timed(lambda: real_scan(county)))
        county.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    ms = {k: round(statistics.median(w for w, _ in v) * 1000, 1) for k, v in times.items()}
    cpu = {k: round(statistics.median(c for _, c in v) * 1000, 1) for k, v in times.items()}
    for label, key in (("fazhi check", "check"), ("数据完整性 completeness()", "comp")):
        print(f"{label}：{ms[key]:.0f} ms，加上扫描 {ms[key + '_scan']:.0f} ms；CPU {cpu[key]:.0f} ms，加上扫描 "
              f"{cpu[key + '_scan']:.0f} ms（{cpu[key + '_scan'] / cpu[key]:.2f}x）")
    print(f"扫描本身：{ms['scan']:.1f} ms，CPU {cpu['scan']:.1f} ms（中位数，{args.rounds} 轮）")
    out = {"townships": 18, "records": held, "change_log_entries": entries,
           **{f"{k}_ms": v for k, v in ms.items()}, **{f"{k}_cpu_ms": v for k, v in cpu.items()}}
    bench_results.save("tampered", out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
