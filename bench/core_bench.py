"""Core benchmarks on generated records: the write path and search, each against a plain baseline in the same run.

    .venv/bin/python bench/core_bench.py [--records 100000] [--queries 40]

1. Write path (validate, number, hash, index, hash-chained log; `Store.save_many` in transactions of 1,000)
   against sqlite-utils `insert_all` of the same rows into a plain table. Target: at least 25% of raw throughput.
2. Search median latency for 1-, 2-, 3- and 4-character queries (core bigram index, `Store.query_rids`) and for a
   date as a clerk types it (2026-3-5, the naive side given the list's 2026-03-05 and the typed text, which is text
   too: 2026-10-1 is found in 2026-10-15) against a naive `instr()` scan of the same text in the same database.
   Target: at least 20x faster, identical results.
Results are printed and written to bench/results/core.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import bench_results
import sqlite_utils

from fazhi_desktop.core import search
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import ListQuery

SURNAMES = "马杨李王张田海禹苏虎刘陈赵周吴郑孙黄何罗高林梁宋唐许韩冯邓曹彭曾萧"
GIVEN = "文芳军英明华玉兰建国春梅志强秀红伟丽小平永福海燕金凤德成学军桂花宝山"
PLACES = ["山门村", "武塬村", "南关村", "曹洼村", "双河村", "高台村", "红星村", "团结村", "新区村", "杨山村"]
TOPICS = ["宅基地", "土地承包", "拖欠工资", "邻里纠纷", "婚姻家庭", "道路交通", "合同履行", "林地权属", "草原禁牧"]


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 1, 2))))


def meeting(rng: random.Random, year: int) -> dict:
    day = rng.randrange(1, 365)
    held = time.strftime("%Y-%m-%d", time.gmtime(time.mktime((year, 1, 1, 12, 0, 0, 0, 0, 0)) + day * 86400))
    return {
        "title": rng.choice([
            f"{year}年第{rng.randrange(1, 40)}次镇政府常务会议",
            f"{rng.choice(PLACES)}{rng.choice(TOPICS)}问题专题会",
            f"{year}年法治政府建设专题研究部署会",
            f"镇党委会第{rng.randrange(1, 20)}次会议",
            f"{rng.choice(TOPICS)}工作推进会",
        ]),
        "meeting_type": rng.choice(["乡镇行政会议(政府常务会议)", "党委会", "专题研究部署法治政府建设会议"]),
        "held_on": held,
        "location": rng.choice(["镇政府三楼会议室", "司法所调解室", f"{rng.choice(PLACES)}村委会", "综合楼二楼会议室"]),
        "host": person(rng),
        "recorder": person(rng),
        "attendees": [person(rng) for _ in range(rng.randrange(4, 9))],
        "office_head_attendance": rng.choice(["全程", "全程", "部分", "未列席"]),
        "agenda_items": [
            {"title": f"研究{rng.choice(PLACES)}{rng.choice(TOPICS)}问题", "presenter": person(rng),
             "needs_review": False, "decision": f"由{person(rng)}牵头办理"}
            for _ in range(rng.randrange(1, 4))
        ],
    }


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_writes(store, records: list[dict]) -> tuple[float, float]:
    """Core write path vs sqlite-utils insert_all of the rows it wrote, into a table of the same schema.

    The two alternate chunk by chunk (1,000 records: one transaction each), so that both meet the same machine
    load; the sums are compared.
    """
    schema = [r[0] for r in store.conn.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'meeting' AND sql IS NOT NULL").fetchall()]
    write_seconds = raw_seconds = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        conn = sqlite3.connect(Path(tmp) / "raw.db", isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        for statement in schema:
            conn.execute(statement)
        raw = sqlite_utils.Database(conn)
        for start in range(0, len(records), 1000):
            chunk = records[start : start + 1000]
            started = time.perf_counter()
            saved = store.save_many("meeting", chunk, "基准测试")
            write_seconds += time.perf_counter() - started
            ids = json.dumps([r.id for r in saved])
            rows = [{k: v for k, v in row.items() if k != "rid"} for row in store.query(
                "SELECT * FROM meeting WHERE id IN (SELECT value FROM json_each(?))", [ids])]
            started = time.perf_counter()
            raw["meeting"].insert_all(rows, batch_size=1000)
            raw_seconds += time.perf_counter() - started
        conn.close()
    return write_seconds, raw_seconds


def naive(store, *texts: str) -> list[int]:
    """The plain way: instr() over every text column (JSON columns hold the group and list text), any of `texts`."""
    ledger = store.ledger("meeting")
    columns = ["number", "remarks", *(f.name for f in ledger.text_fields())]
    where = " OR ".join(f'instr(lower(coalesce("{c}", \'\')), ?) > 0' for c in columns for _ in texts)
    sql = f'SELECT rid FROM meeting WHERE deleted = 0 AND ({where}) ORDER BY held_on DESC, rid DESC'
    params = [search.normalize(text) for _ in columns for text in texts]
    return [r[0] for r in store.db.execute(sql, params).fetchall()]


def bench_search(store, rng: random.Random, queries_per_length: int) -> dict:
    # what clerks type into the search box: people's names, villages, dispute topics, words of a title
    words = [w for r in store.db.query("SELECT host, attendees FROM meeting ORDER BY random() LIMIT 500")
             for w in [r["host"], *json.loads(r["attendees"])]]
    words += PLACES + TOPICS + ["法治政府建设", "常务会议", "推进会", "专题会"]
    days = [r["held_on"] for r in store.db.query("SELECT held_on FROM meeting ORDER BY random() LIMIT 500")]
    results = {}
    for length in (1, 2, 3, 4, "date"):
        fast, slow, hits, mismatches = [], [], [], 0
        for _ in range(queries_per_length):
            if length == "date":  # typed without the zeros: 2026-3-5
                shown = rng.choice(days)
                query = "-".join(str(int(part)) for part in shown.split("-"))
            else:
                source = rng.choice([w for w in words if len(w) >= length])
                start = rng.randrange(0, len(source) - length + 1)
                query = shown = source[start : start + length]
            start = time.perf_counter()
            found = store.query_rids(ListQuery("meeting", text=query))
            fast.append(time.perf_counter() - start)
            start = time.perf_counter()
            # a date as typed is also text: 2026-10-1 is in 2026-10-15 too, and the search finds both
            expected = naive(store, shown, query) if length == "date" else naive(store, shown)
            slow.append(time.perf_counter() - start)
            hits.append(len(found))
            if found != expected:
                mismatches += 1
        med_fast, med_slow = statistics.median(fast), statistics.median(slow)
        results[length] = {
            "median_ms_index": round(med_fast * 1000, 2), "median_ms_naive": round(med_slow * 1000, 2),
            "speedup": round(med_slow / med_fast, 1), "median_hits": statistics.median(hits),
            "mismatches": mismatches,
        }
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=40)
    args = parser.parse_args()
    rng = random.Random(7)
    records = [meeting(rng, 2020 + i % 6) for i in range(args.records)]
    with tempfile.TemporaryDirectory() as tmp:
        store = init_database(Path(tmp) / "bench.db", "640522100")
        write_s, raw_s = bench_writes(store, records)
        ratio = raw_s / write_s
        print(f"写入 {args.records} 条：核心写入路径 {write_s:.1f} s（{args.records / write_s:,.0f} 条/秒），"
              f"sqlite-utils insert_all {raw_s:.1f} s（{args.records / raw_s:,.0f} 条/秒）："
              f"{ratio:.0%} of raw（目标 ≥ 25%）")
        found = bench_search(store, rng, args.queries)
        print("查询长度  索引中位数(ms)  instr扫描中位数(ms)  加速倍数  命中中位数  结果不一致")
        for length, r in found.items():
            print(f"{length!s:>8}  {r['median_ms_index']:>14}  {r['median_ms_naive']:>19}  {r['speedup']:>8}  "
                  f"{r['median_hits']:>10}  {r['mismatches']:>10}")
        store.close()
    out = {
        "records": args.records, "python": sys.version.split()[0], "sqlite": sqlite3.sqlite_version,
        "machine": platform.machine(), "write_seconds": round(write_s, 2), "raw_seconds": round(raw_s, 2),
        "write_vs_raw": round(ratio, 3), "search": found,
    }
    bench_results.save("core", out)
    ok = ratio >= 0.25 and all(r["speedup"] >= 20 and r["mismatches"] == 0 for r in found.values())
    print("结论：达到目标" if ok else "结论：未达到目标")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
