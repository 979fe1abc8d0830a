"""Opening a ledger list of 100,000 records against one of 100: time to a ready model, time to the first painted
page, and resident memory. Each open runs in a fresh process, so memory and caches do not carry over.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_open_ledger.py [--repeat 5] [--large 100000]

The databases are generated once (through `Store.save_many`, the one write path) into bench/.cache/ and reused.
Targets: the large list opens in at most 2x the time of the small one, with at most 60 MB more memory.
Results are printed and appended to bench/results/gui_open_ledger.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
CACHE = BENCH / ".cache"
RESULTS = BENCH / "results" / "gui_open_ledger.json"
LEDGER = "meeting"
SMALL = 100
SURNAMES = "马杨李王张田海禹苏虎刘陈赵周吴郑孙黄何罗高林梁宋唐许韩冯邓曹彭曾萧"
GIVEN = "文芳军英明华玉兰建国春梅志强秀红伟丽小平永福海燕金凤德成学军桂花宝山"
PLACES = ("山门村", "武塬村", "南关村", "曹洼村", "双河村", "高台村", "红星村", "团结村", "新区村", "杨山村")
TOPICS = ("宅基地", "土地承包", "拖欠工资", "邻里纠纷", "婚姻家庭", "道路交通", "合同履行", "林地权属", "草原禁牧")


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 1, 2))))


def meeting(rng: random.Random) -> dict:
    held = date(2016, 1, 1) + timedelta(days=rng.randrange(0, 3650))
    return {
        "title": f"{held.year}年第{rng.randrange(1, 40)}次乡镇行政会议（{rng.choice(PLACES)}{rng.choice(TOPICS)}）",
        "meeting_type": rng.choice(["乡镇行政会议(政府常务会议)", "党委会", "专题研究部署法治政府建设会议"]),
        "held_on": held.isoformat(),
        "location": f"{rng.choice(PLACES)}村委会会议室",
        "host": person(rng),
        "attendees": [person(rng) for _ in range(rng.randrange(4, 9))],
        "office_head_attendance": rng.choice(["全程", "全程", "部分", "未列席"]),
        "agenda_items": [{"title": f"研究{rng.choice(PLACES)}{rng.choice(TOPICS)}问题", "presenter": person(rng)}
                         for _ in range(rng.randrange(1, 4))],
    }


def ensure_database(records: int) -> Path:
    """bench/.cache/meeting-<records>.db, generated once through the write path (a few minutes at 100,000)."""
    from fazhi_desktop.core.setup import init_database

    path = CACHE / f"{LEDGER}-{records}.db"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    for leftover in CACHE.glob(partial.name + "*"):
        leftover.unlink()
    rng = random.Random(records)
    store = init_database(partial, "640522100", office="海城镇司法所", operator="基准测试")
    started = time.perf_counter()
    for done in range(0, records, 2000):
        store.save_many(LEDGER, [meeting(rng) for _ in range(min(2000, records - done))], "基准测试")
        progress = f"{min(done + 2000, records):,}/{records:,}"
        print(f"\r  generating {path.name}: {progress}", end="", file=sys.stderr, flush=True)
    store.close()
    partial.replace(path)
    print(f"\r  generated {path.name} in {time.perf_counter() - started:.0f} s" + " " * 20, file=sys.stderr)
    return path


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def measure(db: Path) -> dict:
    """In this process: open the store, then time the list view to a ready model and to its first painted page."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject
    from PySide6.QtWidgets import QApplication

    from fazhi_desktop.core.store import Store
    from fazhi_desktop.qt.ledger_view import LedgerView

    app = QApplication.instance() or QApplication(sys.argv[:1])
    store = Store.open(db)
    painted = []

    class PaintWatch(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                painted.append(True)
            return False

    rss_before = rss_kb()
    started = time.perf_counter()
    view = LedgerView(store, store.ledger(LEDGER))
    model_ready = time.perf_counter()
    watch = PaintWatch()
    view.table.viewport().installEventFilter(watch)
    view.resize(1100, 700)
    view.show()
    while not painted:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
    app.processEvents()
    first_paint = time.perf_counter()
    result = {
        "rows": view.model.rowCount(),
        "model_ready_ms": (model_ready - started) * 1000,
        "first_paint_ms": (first_paint - started) * 1000,
        "rss_before_mb": rss_before / 1024,
        "rss_after_mb": rss_kb() / 1024,
    }
    view.close()
    store.close()
    return result


def run_child(db: Path) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed program has its .pyc files
    out = subprocess.run([sys.executable, __file__, "--measure", str(db)], capture_output=True, text=True, env=env,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    small_db, large_db = ensure_database(SMALL), ensure_database(args.large)
    runs: dict[int, list[dict]] = {SMALL: [], args.large: []}
    for _ in range(args.repeat):  # interleaved, so a busy moment of the machine hits both alike
        runs[SMALL].append(run_child(small_db))
        runs[args.large].append(run_child(large_db))
    rows = {n: {k: median(r, k) for k in ("model_ready_ms", "first_paint_ms", "rss_before_mb", "rss_after_mb")}
            for n, r in runs.items()}
    for n in rows:
        rows[n]["rss_growth_mb"] = rows[n]["rss_after_mb"] - rows[n]["rss_before_mb"]
    small, large = rows[SMALL], rows[args.large]
    time_ratio = large["first_paint_ms"] / small["first_paint_ms"]
    memory_extra = large["rss_after_mb"] - small["rss_after_mb"]
    print(f"{'records':>8} {'model ready ms':>15} {'first paint ms':>15} {'RSS after MB':>13} {'RSS growth MB':>14}")
    for n, row in rows.items():
        print(f"{n:>8,} {row['model_ready_ms']:>15.1f} {row['first_paint_ms']:>15.1f} {row['rss_after_mb']:>13.1f}"
              f" {row['rss_growth_mb']:>14.1f}")
    print(f"medians of {args.repeat} runs each; time ratio {time_ratio:.2f}x (target <= 2x), "
          f"memory {memory_extra:+.1f} MB (target <= 60 MB)")
    record = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"), "machine": platform.platform(), "python": platform.python_version(),
        "repeat": args.repeat, "results": {str(n): row for n, row in rows.items()},
        "time_ratio": time_ratio, "memory_extra_mb": memory_extra,
        "met": time_ratio <= 2.0 and memory_extra <= 60.0,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    history = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    RESULTS.write_text(json.dumps([*history, record], ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
