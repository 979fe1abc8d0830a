"""Opening 数据交换 → 数据包记录 at a county that has imported years of bundles (qt/exchanges_view.py).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/exchanges_bench.py [--bundles 4700 20000] [--repeat 5]

Each of the 18 townships of Haiyuan County exports one real bundle of a few demonstration records and the county
imports them (`import_bundles`, as 导入数据包… does), so `bundles_received` holds real reports. Those rows are then
copied, each township's numbered on (sequence 2, 3, … a week apart, a gap note on every 50th), until the county holds
`--bundles` bundles: 18 townships × 5 years × weekly bundles is about 4,700. Measured: the dialog built, shown and
painted once (what the reviewer waits for after choosing the menu), the same after choosing one township, and the
whole list read as `fazhi bundles` reads it; median of `--repeat`, wall time. Written to bench/results/exchanges.json.
Before the list was read a page at a time (eighteenth session's code, same machine): 1.35 s at 4,700, 5.73 s at 20,000.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import bench_results
from county_import_bench import ACTOR, county_and_stick

from fazhi_desktop.core.bundle.apply import import_bundles
from fazhi_desktop.core.store import Store


def county_with(template: Path, path: Path, bundles: int) -> None:
    """`path`: the imported county of `template` with its bundles copied on until it holds `bundles`."""
    with sqlite3.connect(template) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    conn = sqlite3.connect(path)
    real = conn.execute("SELECT * FROM bundles_received ORDER BY township").fetchall()
    columns = [d[0] for d in conn.execute("SELECT * FROM bundles_received LIMIT 0").description]
    at = {name: i for i, name in enumerate(columns)}
    start = datetime(2021, 1, 4, 1, 0, tzinfo=UTC)
    rows = []
    for number in range(bundles - len(real)):
        base = list(real[number % len(real)])
        week = number // len(real) + 1
        base[at["bundle_id"]] = f"{base[at['bundle_id']]}-{week}"
        base[at["sequence"]] = week + 1
        base[at["file_name"]] = f"fazhi-{base[at['township']]}-{week + 1:06d}.tar.age"
        when = (start + timedelta(weeks=week, minutes=number % len(real))).strftime("%Y-%m-%dT%H:%M:%SZ")
        base[at["imported_at"]] = base[at["created_at"]] = when
        if week % 50 == 0:
            report = json.loads(base[at["report"]])
            report["notes"] = [f"缺少第 {week} 号数据包：缺少该乡镇变更日志第 {week * 3} 条（可请乡镇发送全部数据）"]
            base[at["report"]] = json.dumps(report, ensure_ascii=False)
        rows.append(base)
    with conn:
        conn.executemany(f"INSERT INTO bundles_received VALUES ({', '.join('?' * len(columns))})", rows)
    conn.close()


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return round(statistics.median(runs), 3)


def measure(path: Path, repeat: int) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from fazhi_desktop.core.bundle import exchanges
    from fazhi_desktop.qt.exchanges_view import ExchangesDialog

    app = QApplication.instance() or QApplication([])
    store = Store.open(path)
    try:
        def open_dialog(township: bool = False) -> None:
            dialog = ExchangesDialog(store)
            if township:
                dialog.township.setCurrentIndex(1)
            dialog.show()
            app.processEvents()
            dialog.grab()  # painted once, as the reviewer first sees it
            dialog.close()
            dialog.deleteLater()
            app.processEvents()

        return {"open_s": timed(open_dialog, repeat),
                "open_and_choose_a_township_s": timed(lambda: open_dialog(True), repeat),
                "fazhi_bundles_read_s": timed(lambda: exchanges.received_bundles(store), repeat)}
    finally:
        store.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundles", type=int, nargs="+", default=[4700, 20000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="fazhi-exchanges-bench-"))
    try:
        keys, stick = county_and_stick(root, 10)
        template = Store.open(root / "county-template.db")
        refused = [r.error for r in import_bundles(template, stick, keys, ACTOR) if not r.ok]
        template.close()
        if refused:
            print(f"导入失败：{refused[0]}")
            return 1
        out = {}
        for bundles in args.bundles:
            path = root / f"county-{bundles}.db"
            county_with(root / "county-template.db", path, bundles)
            out[str(bundles)] = measure(path, args.repeat)
            print(bundles, "个数据包：", out[str(bundles)])
        bench_results.save("exchanges", out)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
