"""Indicator benchmark: the whole county matrix for one year against the same counts as plain SQL GROUP BY queries.

    .venv/bin/python bench/indicators_bench.py [--townships 18] [--years 5] [--per-ledger 222] [--runs 15]

A county database with 18 townships x 5 years of demo data (5 ledgers x 222 records a township-year: about 100,000
records) is generated once into bench/.cache/ (each township's years with `core.demo.fill_demo` in its own
township database, synchronous=OFF since it is throw-away data, then the rows copied into one county database as
an import would hold them: same columns, same encoding, township column telling them apart).

Timed in the same run, turn about, medians of --runs, the cache warm for both:
1. `compute(county, catalog, year)`: every computable indicator and statistic for every township.
2. The same numbers from hand-written GROUP BY township queries (one per ledger, plus the carried-over complaints,
   the roster and the dispute-type breakdown). Both must agree figure for figure. Target: 1 at most 3x 2.
Also reported: 1 with the record ids behind every figure, one drill-down, the whole county's drill-downs as the
county window opens them (T46a's list, T29's gap: each at most 2 s, or the run fails: the GUI waits on them), the
reports' shortfalls (views.shortfalls), and the XLSX and PDF reports.
Results are printed and written to bench/results/indicators.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path

import bench_results

ROOT = Path(__file__).resolve().parent
CACHE = ROOT / ".cache" / "indicators"
YEAR_LAST = 2025  # complete years: 2021..2025
LEDGERS = ("meeting", "law_study", "enforcement_check", "complaint", "mediation_case")


class _Clock:
    def __init__(self) -> None:
        self.now = datetime(YEAR_LAST, 12, 31, 12, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _township(args: tuple[str, int, int]) -> str:
    """One township database with `years` of demo data (run in a worker process)."""
    from fazhi_desktop.core.demo import fill_demo
    from fazhi_desktop.core.setup import init_database

    code, years, per_ledger = args
    path = CACHE / "towns" / f"{code}.db"
    if path.exists():
        path.unlink()
    clock = _Clock()
    store = init_database(path, code, operator="演示数据", clock=clock)
    store.conn.execute("PRAGMA synchronous=OFF")
    for year in range(YEAR_LAST - years + 1, YEAR_LAST + 1):
        clock.now = datetime(year, 12, 31, 12, tzinfo=UTC)
        fill_demo(store, year, per_ledger=per_ledger, seed=int(code) * 10 + year)
    store.close()
    return code


def build_county(townships: int, years: int, per_ledger: int) -> Path:
    """The county database (cached: rebuilt only when the parameters change)."""
    from fazhi_desktop.core import divisions
    from fazhi_desktop.core.setup import init_database

    county_path = CACHE / f"county-{townships}x{years}x{per_ledger}.db"
    if county_path.exists():
        return county_path
    codes = [d.code for d in divisions.townships("640522")][:townships]
    (CACHE / "towns").mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for done, code in enumerate(pool.map(_township, [(c, years, per_ledger) for c in codes]), 1):
            print(f"  乡镇 {code} 已生成（{done}/{len(codes)}，{time.perf_counter() - started:.0f} 秒）", flush=True)
    county = init_database(county_path.with_suffix(".tmp"), "640522", county=True, office="海原县司法局",
                           clock=_Clock())
    conn = county.conn
    conn.execute("PRAGMA synchronous=OFF")
    for code in codes:
        conn.execute("ATTACH DATABASE ? AS t", [str(CACHE / "towns" / f"{code}.db")])
        conn.execute("BEGIN")
        for ledger in LEDGERS:
            columns = [r[1] for r in conn.execute(f'PRAGMA main.table_info("{ledger}")') if r[1] != "rid"]
            names = ", ".join(f'"{c}"' for c in columns)
            conn.execute(f'INSERT INTO main."{ledger}" ({names}) SELECT {names} FROM t."{ledger}"')
        conn.execute("INSERT INTO main.township_people (township, id, name, title, unit, roles, cert_no, cert_expiry,"
                     " phone, active, revision, updated_at) SELECT ?, id, name, title, unit, roles, cert_no,"
                     " cert_expiry, phone, active, revision, updated_at FROM t.people", [code])
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE t")
    conn.execute("ANALYZE")
    county.close()
    county_path.with_suffix(".tmp").rename(county_path)
    print(f"  县级数据库：{county_path}（{time.perf_counter() - started:.0f} 秒）")
    return county_path


# -- the baseline: the same counts written by hand as plain GROUP BY queries ------------------------------------

MEDIATED = "case_category IN ('人民调解', '行政调解')"
SUCCESS = f"{MEDIATED} AND result = '调解成功'"
BASELINE = {
    "meeting": """SELECT township,
        count(CASE WHEN meeting_type = '专题研究部署法治政府建设会议' THEN 1 END) AS T40a,
        count(CASE WHEN meeting_type = '乡镇行政会议(政府常务会议)' AND office_head_attendance = '全程' THEN 1 END),
        count(CASE WHEN meeting_type = '乡镇行政会议(政府常务会议)' THEN 1 END),
        total((SELECT count(*) FROM json_each(agenda_items) j
               WHERE coalesce(json_extract(j.value, '$.needs_review'), 0) = 1
               AND coalesce(json_extract(j.value, '$.review_status'), '') != '已审查合法'))
        FROM meeting WHERE deleted = 0 AND held_on >= :start AND held_on < :end GROUP BY township""",
    "law_study": """SELECT township,
        count(CASE WHEN activity_type = '会前学法' THEN 1 END),
        count(CASE WHEN activity_type = '专题法治讲座' THEN 1 END),
        count(CASE WHEN activity_type = '旁听庭审' THEN 1 END),
        count(CASE WHEN activity_type IN ('专题法治讲座', '法治研讨') THEN 1 END),
        count(CASE WHEN activity_type = '学法用法考试' AND coalesce(scores_circulated, 0) = 1 THEN 1 END),
        count(CASE WHEN activity_type = '宪法宣誓' THEN 1 END)
        FROM law_study WHERE deleted = 0 AND held_on >= :start AND held_on < :end GROUP BY township""",
    # T29 by person: each name once, as the last check of the year found it (later date, then the record entered
    # later, then the later row); a check adds the staff its totals count beyond the rows it lists (all of its
    # totals when it lists no one), the certified never more than the checked
    "enforcement_check": """WITH year AS (SELECT * FROM enforcement_check
                                         WHERE deleted = 0 AND checked_on >= :start AND checked_on < :end),
        named AS (SELECT y.township, y.checked_on,
                         json_extract(c.value, '$.name') AS name,
                         coalesce(json_extract(c.value, '$.certificate_no'), '') != ''
                         AND julianday(json_extract(c.value, '$.valid_until')) - julianday(y.checked_on) >= 0 AS held,
                         row_number() OVER (PARTITION BY y.township, json_extract(c.value, '$.name')
                                            ORDER BY y.checked_on DESC, y.rid DESC, c.key DESC) AS place
                  FROM year y, json_each(y.certificates) c WHERE coalesce(json_extract(c.value, '$.name'), '') != ''),
        people AS (SELECT township, total(held) AS n, count(*) AS d FROM named WHERE place = 1 GROUP BY township),
        listed AS (SELECT y.*, coalesce(json_array_length(y.certificates), 0) AS rows_listed,
                          (SELECT count(*) FROM json_each(y.certificates) c
                           WHERE coalesce(json_extract(c.value, '$.certificate_no'), '') != ''
                           AND julianday(json_extract(c.value, '$.valid_until')) - julianday(y.checked_on) >= 0)
                          AS rows_held FROM year y),
        totals AS (SELECT township,
                          total(min(max(min(coalesce(staff_certified, 0), coalesce(staff_requiring_certificate, 0))
                                        - rows_held, 0),
                                    max(coalesce(staff_requiring_certificate, 0) - rows_listed, 0))) AS n,
                          total(max(coalesce(staff_requiring_certificate, 0) - rows_listed, 0)) AS d
                   FROM listed GROUP BY township),
        checks AS (SELECT township, count(*) AS c FROM year GROUP BY township)
        SELECT k.township, coalesce(p.n, 0) + coalesce(t.n, 0), coalesce(p.d, 0) + coalesce(t.d, 0), k.c
        FROM checks k LEFT JOIN people p USING (township) LEFT JOIN totals t USING (township)""",
    "complaint": """SELECT township, count(CASE WHEN closed_on >= :start AND closed_on < :end THEN 1 END), count(*)
        FROM complaint WHERE deleted = 0 AND accepted_on < :end
        AND (accepted_on >= :start OR closed_on IS NULL OR closed_on = '' OR closed_on >= :start)
        GROUP BY township""",
    "mediation_case": f"""SELECT township,
        count(CASE WHEN case_category = '行政裁决' AND coalesce(rights_notified, 0) = 1 THEN 1 END),
        count(CASE WHEN case_category = '行政裁决' THEN 1 END),
        count(CASE WHEN case_category = '行政调解' THEN 1 END),
        count(CASE WHEN {MEDIATED} AND coalesce(closed_on, '') != ''
                   AND (SELECT json_extract(f.value, '$.satisfaction') IN ('满意', '基本满意')
                        FROM json_each(follow_ups) f WHERE coalesce(json_extract(f.value, '$.satisfaction'), '') != ''
                        ORDER BY json_extract(f.value, '$.visited_on') DESC, f.key DESC LIMIT 1) THEN 1 END),
        count(CASE WHEN {MEDIATED} AND coalesce(closed_on, '') != ''
                   AND EXISTS (SELECT 1 FROM json_each(follow_ups) f
                               WHERE coalesce(json_extract(f.value, '$.satisfaction'), '') != '') THEN 1 END),
        count(CASE WHEN {MEDIATED} THEN 1 END),
        count(CASE WHEN {SUCCESS} THEN 1 END),
        count(CASE WHEN {MEDIATED} AND coalesce(result, '') != '' THEN 1 END),
        count(CASE WHEN {SUCCESS} AND agreement_form = '书面' THEN 1 END),
        count(CASE WHEN {SUCCESS} AND agreement_form = '口头' THEN 1 END),
        count(CASE WHEN {SUCCESS} AND performance_status = '已履行' THEN 1 END),
        count(CASE WHEN {SUCCESS} AND performance_status IN ('已履行', '部分履行', '未履行') THEN 1 END),
        count(CASE WHEN {MEDIATED} AND coalesce(result, '') != '' AND coalesce(closed_on, '') != ''
                   AND julianday(closed_on) - julianday(accepted_on) BETWEEN 0 AND 30 THEN 1 END),
        count(CASE WHEN {MEDIATED} AND coalesce(result, '') != '' AND coalesce(closed_on, '') != '' THEN 1 END),
        count(CASE WHEN {SUCCESS} AND coalesce(json_array_length(follow_ups), 0) > 0 THEN 1 END),
        count(CASE WHEN {SUCCESS} AND judicial_confirmation IN ('已申请', '确认有效', '确认无效') THEN 1 END)
        FROM mediation_case WHERE deleted = 0 AND accepted_on >= :start AND accepted_on < :end GROUP BY township""",
    "breakdown": f"""SELECT township, dispute_type, count(CASE WHEN {MEDIATED} THEN 1 END),
        count(CASE WHEN {SUCCESS} THEN 1 END), count(CASE WHEN {MEDIATED} AND coalesce(result, '') != '' THEN 1 END)
        FROM mediation_case WHERE deleted = 0 AND accepted_on >= :start AND accepted_on < :end
        GROUP BY township, dispute_type""",
    "t47": """WITH leaders AS (SELECT township, name FROM township_people WHERE active = 1
                                AND EXISTS (SELECT 1 FROM json_each(roles) WHERE value = '主要负责同志'))
        SELECT l.township, count(DISTINCT r.value) FROM law_study l, json_each(l.reporters) r
        WHERE l.deleted = 0 AND l.held_on >= :start AND l.held_on < :end AND l.activity_type = '领导干部述法'
        AND EXISTS (SELECT 1 FROM leaders x WHERE x.township = l.township AND x.name = r.value) GROUP BY l.township""",
    "t47_roster": """SELECT township, count(DISTINCT name) FROM township_people WHERE active = 1
        AND EXISTS (SELECT 1 FROM json_each(roles) WHERE value = '主要负责同志') GROUP BY township""",
    # T46c by person, as T47: the leaders who gave a talk (主讲人, ticked) / the leaders
    "t46c": """WITH leaders AS (SELECT township, name FROM township_people WHERE active = 1
                                AND EXISTS (SELECT 1 FROM json_each(roles) WHERE value = '主要负责同志'))
        SELECT l.township, count(DISTINCT l.speaker) FROM law_study l
        WHERE l.deleted = 0 AND l.held_on >= :start AND l.held_on < :end
        AND coalesce(l.speaker_is_principal_leader, 0) = 1
        AND l.activity_type IN ('会前学法', '专题法治讲座', '法治研讨', '其他')
        AND EXISTS (SELECT 1 FROM leaders x WHERE x.township = l.township AND x.name = l.speaker)
        GROUP BY l.township""",
    "t46c_roster": """SELECT township, count(DISTINCT name) FROM township_people WHERE active = 1
        AND EXISTS (SELECT 1 FROM json_each(roles) WHERE value = '主要负责同志') GROUP BY township""",
    "active": """SELECT township, count(*) FROM (
        SELECT township FROM meeting WHERE deleted = 0 AND held_on >= :start AND held_on < :end
        UNION ALL SELECT township FROM law_study WHERE deleted = 0 AND held_on >= :start AND held_on < :end
        UNION ALL SELECT township FROM enforcement_check
                  WHERE deleted = 0 AND checked_on >= :start AND checked_on < :end
        UNION ALL SELECT township FROM complaint WHERE deleted = 0 AND accepted_on >= :start AND accepted_on < :end
        UNION ALL SELECT township FROM mediation_case WHERE deleted = 0 AND accepted_on >= :start AND accepted_on < :end
        ) GROUP BY township""",
}
#: baseline columns -> (code, part) they must equal
COLUMNS = {
    "meeting": [("T40a", "n"), ("T40b", "n"), ("T40b", "d"), ("T21", "n")],
    "law_study": [("T46a", "n"), ("T46b", "n"), ("T46d", "n"), ("T49a", "n"), ("T49b", "n"), ("T45", "n")],
    "enforcement_check": [("T29", "n"), ("T29", "d"), ("T30a", "n")],
    "complaint": [("T30b", "n"), ("T30b", "d")],
    "mediation_case": [("T35", "n"), ("T35", "d"), ("T34", "n"), ("T4", "n"), ("T4", "d"), ("M1", "n"), ("M2", "n"),
                       ("M2", "d"), ("M3", "n"), ("M4", "n"), ("M5", "n"), ("M5", "d"), ("M6", "n"), ("M6", "d"),
                       ("M7", "n"), ("M8", "n")],
    "t47": [("T47", "n")],
    "t47_roster": [("T47", "d")],
    "t46c": [("T46c", "n")],
    "t46c_roster": [("T46c", "d")],
}


def baseline(conn: sqlite3.Connection, year: int) -> dict[tuple[str, str, str], float]:
    params = {"start": f"{year}-01-01", "end": f"{year + 1}-01-01"}
    out: dict[tuple[str, str, str], float] = {}
    for name, sql in BASELINE.items():
        for row in conn.execute(sql, params if ":start" in sql else {}):
            if name in COLUMNS:
                for (code, part), value in zip(COLUMNS[name], row[1:], strict=True):
                    out[code, part, row[0]] = value
            elif name == "breakdown":
                out["M1", f"by:{row[1]}", row[0]] = row[2]
            else:
                out["active", "n", row[0]] = row[1]
    return out


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def alternating_ms(first, second, runs: int) -> tuple[float, float]:
    """Median times of two functions run turn about, so a busy machine slows both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for fn, out in ((first, times[0]), (second, times[1])):
            started = time.perf_counter()
            fn()
            out.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times[0]), 2), round(statistics.median(times[1]), 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--townships", type=int, default=18)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--per-ledger", type=int, default=222)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT.parent))
    from fazhi_desktop.core.indicators import compute, drill, load_catalog_for
    from fazhi_desktop.core.indicators.report_pdf import write_pdf_report
    from fazhi_desktop.core.indicators.report_xlsx import write_xlsx
    from fazhi_desktop.core.indicators.views import build_report, shortfalls
    from fazhi_desktop.core.store import Store

    path = build_county(args.townships, args.years, args.per_ledger)
    store = Store.open(path, clock=_Clock())
    catalog = load_catalog_for(store)
    records = sum(store.count(ledger) for ledger in LEDGERS)
    year, today = YEAR_LAST, date(YEAR_LAST + 1, 1, 15)
    results = compute(store, catalog, year, today=today)
    expected = baseline(store.conn, year)
    mismatches = []
    for (code, part, town), value in expected.items():
        if code == "active":
            got = results.active.get(town, 0)
        elif part.startswith("by:"):
            got = results.figure(code, town).breakdown.get(part[3:], (0, None))[0]
        else:
            fig = results.figure(code, town)
            got = fig.numerator if part == "n" else fig.denominator
        if (got or 0) != (value or 0):
            mismatches.append((code, part, town, got, value))
    engine_ms, baseline_ms = alternating_ms(lambda: compute(store, catalog, year, today=today),
                                            lambda: baseline(store.conn, year), args.runs)
    ids_ms = median_ms(lambda: compute(store, catalog, year, today=today, ids=True), max(3, args.runs // 3))
    town = results.townships[0].code
    drill_ms = median_ms(lambda: drill(store, catalog, "T40b", year, town, "gap"), args.runs)
    # the whole county's list, as the county window opens it from the matrix's 全县 column: T46a marks the 会前学法
    # no meeting links (catalog `linked_from`), which read the meetings behind every study (16–33 s, GUI frozen)
    drill_all_ms = median_ms(lambda: drill(store, catalog, "T46a", year), max(3, args.runs // 3))
    # the report's shortfalls: T29's gap of every township in one drill-down (one per township took 7–12 s)
    gap_all_ms = median_ms(lambda: drill(store, catalog, "T29", year, None, "gap", today), max(3, args.runs // 3))
    shortfalls_ms = median_ms(lambda: shortfalls(store, results), 3)
    with tempfile.TemporaryDirectory() as work:
        started = time.perf_counter()
        report = build_report(store, catalog, year, today=today)
        write_xlsx(report, Path(work) / "r.xlsx")
        xlsx_s = time.perf_counter() - started
        started = time.perf_counter()
        _, pages, _ = write_pdf_report(build_report(store, catalog, year, today=today), Path(work) / "r.pdf")
        pdf_s = time.perf_counter() - started
    out = {
        "records": records, "townships": len(results.townships), "townships_with_data": args.townships,
        "years": args.years, "year_computed": year, "indicators": len(catalog.computable),
        "python": platform.python_version(), "sqlite": sqlite3.sqlite_version, "machine": platform.machine(),
        "cpus": os.cpu_count(), "runs": args.runs,
        "matrix_ms": engine_ms, "baseline_group_by_ms": baseline_ms, "matrix_vs_baseline": round(engine_ms /
                                                                                                 baseline_ms, 2),
        "matrix_with_ids_ms": ids_ms, "drill_one_cell_ms": drill_ms, "drill_whole_county_ms": drill_all_ms,
        "drill_whole_county_gap_ms": gap_all_ms, "report_shortfalls_ms": shortfalls_ms,
        "report_xlsx_seconds": round(xlsx_s, 2), "report_pdf_seconds": round(pdf_s, 2), "report_pdf_pages": pages,
        "figures_compared": len(expected), "mismatches": len(mismatches),
    }
    store.close()
    print(json.dumps(out, ensure_ascii=False, indent=2))
    for m in mismatches[:10]:
        print("不一致：", m)
    bench_results.save("indicators", out)
    # a drill-down of the whole county runs on the GUI thread: over two seconds is a frozen window (T46a took 16 s)
    slow = [f"{label} {ms} ms" for label, ms in (("全县下钻", drill_all_ms), ("全县差距下钻", gap_all_ms)) if ms > 2000]
    ok = out["matrix_vs_baseline"] <= 3 and not mismatches and not slow
    print(("通过" if ok else "未通过") + f"：矩阵 {engine_ms} ms，同样计数的 GROUP BY {baseline_ms} ms，"
          f"{out['matrix_vs_baseline']} 倍（目标不超过 3 倍），{len(expected)} 个数逐一一致"
          + ("" if not mismatches else f"，{len(mismatches)} 个不一致")
          + (f"；超过 2 秒：{'、'.join(slow)}" if slow else f"；全县下钻 {drill_all_ms} ms、差距下钻 {gap_all_ms} ms"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
