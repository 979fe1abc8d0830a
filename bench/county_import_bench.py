"""A county reviewer's import: every township of Haiyuan County sends one bundle, the county imports the folder.

    .venv/bin/python bench/county_import_bench.py [--records 300] [--repeat 3]

Each township (the county's list in resources/divisions/) fills its ledgers with `--records` demonstration records
and exports one bundle to a shared folder (the USB stick); the county then imports the whole folder with
`import_bundles`, as 数据交换 → 导入数据包… does: every bundle verified completely, then applied in its own
transaction. Keys use a low scrypt cost here (their cost is paid once when the county unlocks its key, not per
bundle). No target is set by an issue; the figure says what the reviewer waits for. The best of `--repeat` fresh
imports is reported and written to bench/results/county_import.json.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import bench_results

from fazhi_desktop.core import divisions
from fazhi_desktop.core.bundle import county_key
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.apply import import_bundles
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.demo import fill_demo
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import Store

COUNTY_CODE = "640522"
COST = (32768, 1 << 21)  # scrypt N = 2^10 for the benchmark's keys
TOWN_PASS, COUNTY_PASS = "bench-township", "bench-county"
ACTOR = "基准测试"


def county_and_stick(root: Path, records: int) -> tuple[keymod.CountyKeys, list[Path]]:
    """`root/county-template.db` (its keys beside it) with every township of the county enrolled, and a full bundle
    of each township, `records` demonstration records, on the stick: the county's keys and the bundles."""
    template = init_database(root / "county-template.db", COUNTY_CODE, county=True, office="海原县司法局")
    template.set_settings(demo="1")  # the townships hold demo records (fill_demo), which only a demo county takes
    public = keymod.init_county_keys(template, COUNTY_PASS, cost=COST)
    keys = keymod.unlock_county_keys(template, COUNTY_PASS)
    stick = root / "U盘"
    stick.mkdir()
    for index, township in enumerate(divisions.townships(COUNTY_CODE)):
        town = init_database(root / f"{township.code}.db", township.code, office=f"{township.name}司法所",
                             operator=ACTOR)
        fill_demo(town, 2026, per_ledger=max(1, records // 5), seed=index, actor=ACTOR)
        keymod.init_township_key(town, TOWN_PASS, cost=COST)
        county_key.add_county_keys(town, public.file_text(), ACTOR)
        keymod.enrol(template, keymod.township_key(town), ACTOR)
        export_bundle(town, stick, keymod.unlock_township_key(town, TOWN_PASS), full=True, actor=ACTOR)
        town.close()
    template.close()
    return keys, sorted(stick.iterdir())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=300, help="records per township")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="fazhi-county-bench-"))
    try:
        keys, bundles = county_and_stick(root, args.records)
        size = sum(p.stat().st_size for p in bundles)
        runs, records = [], 0
        for attempt in range(args.repeat):
            target = root / f"county-{attempt}.db"
            with sqlite3.connect(root / "county-template.db") as source, sqlite3.connect(target) as copy:
                source.backup(copy)
            shutil.copytree(root / "county-template-keys", root / f"county-{attempt}-keys")
            county = Store.open(target)
            start = time.perf_counter()
            reports = import_bundles(county, bundles, keys, ACTOR)
            runs.append(time.perf_counter() - start)
            county.close()
            refused = [r.error for r in reports if not r.ok]
            if refused:
                print(f"导入失败：{refused[0]}")
                return 1
            records = sum(r.new for r in reports)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    best = min(runs)
    each = ", ".join(f"{r:.2f}" for r in runs)
    print(f"{len(bundles)} 个乡镇各一个数据包（共 {records} 条记录，{size / 1024 / 1024:.1f} MB），"
          "一次导入整个文件夹：")
    print(f"  {best:.2f} s（每个数据包 {best / len(bundles) * 1000:.0f} ms；各次 {each} s）")
    out = {"bundles": len(bundles), "records": records, "megabytes": round(size / 1024 / 1024, 1),
           "seconds": round(best, 2), "per_bundle_ms": round(best / len(bundles) * 1000)}
    bench_results.save("county_import", out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
