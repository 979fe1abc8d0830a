"""从Excel导入记录 of 1,000 mediation cases (each with two parties on the 当事人 sheet) into a township database that
already holds 2,000 cases: the template filled by openpyxl, then read and checked (`read_records`) and saved in one
transaction (`import_records`), each timed. Target: a year's worth (1,000 rows) in seconds.

    .venv/bin/python bench/excel_import_bench.py [--rows 1000] [--held 2000]

Results are printed and written to bench/results/excel_import.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

import bench_results

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from excel_files import filled_template  # noqa: E402

from fazhi_desktop.core.excel_import import import_records, read_records  # noqa: E402
from fazhi_desktop.core.forms import load_forms  # noqa: E402
from fazhi_desktop.core.setup import init_database  # noqa: E402

NAMES = "马杨李王张田海禹苏虎刘陈赵周吴"
DISPUTES = ["邻里纠纷", "婚姻家庭纠纷", "房屋宅基地纠纷", "合同纠纷", "损害赔偿纠纷"]


def cases(rng: random.Random, count: int) -> tuple[list[dict], list[dict]]:
    rows, parties = [], []
    for n in range(count):
        day = f"2026-{1 + n % 8:02d}-{1 + n % 28:02d}"
        a, b = rng.choice(NAMES) + "某" + str(n), rng.choice(NAMES) + "某" + str(n)
        rows.append({"序号": n + 1, "案件类别": "人民调解", "案件名称": f"{a}与{b}{rng.choice(DISPUTES)}",
                     "受理日期": day, "纠纷类型": rng.choice(DISPUTES), "调解员": "马文、杨芳", "调解结果": "调解成功",
                     "协议形式": "书面", "协议内容": "双方自愿达成协议。" * 5, "结案日期": day})
        parties += [{"记录序号": n + 1, "角色": role, "姓名": name} for role, name in (("申请人", a), ("被申请人", b))]
    return rows, parties


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--held", type=int, default=2000)
    args = parser.parse_args()
    ledgers = load_forms()
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        store = init_database(work / "office.db", "640522100", ledgers=ledgers)
        held, held_parties = cases(rng, args.held)
        import_records(store, read_records(store, "mediation_case", filled_template(
            ledgers["mediation_case"], work / "held.xlsx", held, {"当事人": held_parties})), "基准测试")
        rows, parties = cases(rng, args.rows)
        path = filled_template(ledgers["mediation_case"], work / "cases.xlsx", rows, {"当事人": parties})
        size_kb = path.stat().st_size // 1024
        start = time.perf_counter()
        reading = read_records(store, "mediation_case", path)
        read_s = time.perf_counter() - start
        assert reading.ok, [str(p) for p in reading.problems[:5]]
        start = time.perf_counter()
        saved = import_records(store, reading, "基准测试")
        save_s = time.perf_counter() - start
        store.close()
    result = {"rows": args.rows, "held": args.held, "file_kb": size_kb,
              "read_and_check_s": round(read_s, 2), "save_s": round(save_s, 2),
              "total_s": round(read_s + save_s, 2), "saved": len(saved), "python": platform.python_version()}
    print(json.dumps(result, ensure_ascii=False, indent=2))
    bench_results.save("excel_import", result)


if __name__ == "__main__":
    main()
