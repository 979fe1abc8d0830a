"""Bundle benchmarks: export and verify+import against stock tools doing the same work, in the same run.

    .venv/bin/python bench/bundle_bench.py [--records 10000] [--attachment-mb 200] [--repeat 3]

Data (kept in bench/.cache/, made once): a township database of 10,000 demo records of the five ledgers, 100 of
them carrying attachments totalling 200 MB (random bytes, so nothing compresses), the township's key enrolled at a
county. The best of `--repeat` runs of each side is compared.

1. Export (`export_bundle`, full: read the records, write the bag, hash, sign, tar, encrypt) against the stock
   tools on the same bag already laid out on disk: `sha256sum` of every payload file, `tar cf`, `age -r`.
   Target: at most 2x. Once more, apart: the first export after the record rules changed, which runs the county's
   check on every record (core/record_rules.py; the timed runs, like any export of what this program saved, check
   none).
2. Verify + import (`import_bundle` into a fresh county database: decrypt, extract, check signature, manifests and
   every record with `clean_record`, apply in one transaction) against `bagit.py --validate` of the same bag plus
   `sqlite-utils insert --nl` of the same JSON lines (one call per JSON-lines file of the bag: the five ledgers,
   the change log and the roster, all of which the import applies) into a fresh database.
   Target: at most 1x.
Results are printed and written to bench/results/bundle.json.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import bench_results

from fazhi_desktop.core import attachments, record_rules
from fazhi_desktop.core.bundle import county_key
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.apply import apply_bundle, import_bundle
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.bundle.verify import open_bundle
from fazhi_desktop.core.demo import fill_demo
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import ListQuery, Store

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache" / "bundle"
BIN = Path(sys.executable).parent
TOWN_PASS, COUNTY_PASS = "bench-township", "bench-county"
ACTOR = "基准测试"


def prepare(records: int, attachment_mb: int) -> Path:
    """The township and county databases with keys, made once per size."""
    folder = CACHE / f"r{records}-a{attachment_mb}"
    if (folder / "ready").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    print(f"准备数据：{records} 条记录，{attachment_mb} MB 附件（只需一次）……", flush=True)
    town = init_database(folder / "town.db", "640522100", office="海城镇司法所", operator=ACTOR)
    fill_demo(town, 2026, per_ledger=records // 5, seed=7, actor=ACTOR)
    rng = random.Random(11)
    files = 100
    per_file = attachment_mb * 1024 * 1024 // files
    meetings = town.list(ListQuery("meeting"), limit=files)
    scratch = folder / "scratch"
    scratch.mkdir()
    for index, record in enumerate(meetings):
        path = scratch / f"扫描件{index:03d}.jpg"
        path.write_bytes(rng.randbytes(per_file))
        entry = attachments.add_attachment(town, path)
        town.save("meeting", {"attachments": [entry]}, ACTOR, record_id=record.id)
        path.unlink()
    scratch.rmdir()
    keymod.init_township_key(town, TOWN_PASS)
    county = init_database(folder / "county-template.db", "640522", county=True, office="海原县司法局")
    county.set_settings(demo="1")  # the townships hold demo records (fill_demo), which only a demo county takes
    public = keymod.init_county_keys(county, COUNTY_PASS)
    county_key.add_county_keys(town, public.file_text(), ACTOR)
    keymod.enrol(county, keymod.township_key(town), ACTOR)
    county.close()
    town.close()
    (folder / "ready").write_text("ok")
    return folder


def best(runs: list[float]) -> float:
    return min(runs)


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def cpu_seconds(who: int) -> float:
    """User + system CPU time so far of this process (RUSAGE_SELF) or of its finished children."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def run(cmd: list[str], **kwargs) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)


def fresh_county(folder: Path, name: str) -> Store:
    """A copy of the county template (keys, enrolment) with no records yet."""
    target = folder / "runs" / name
    shutil.rmtree(target.parent / (name.removesuffix(".db") + "-files"), ignore_errors=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    target.parent.mkdir(exist_ok=True)
    with sqlite3.connect(folder / "county-template.db") as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    keys_target = target.with_name(target.stem + "-keys")
    shutil.rmtree(keys_target, ignore_errors=True)
    shutil.copytree(folder / "county-template-keys", keys_target)
    return Store.open(target)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--attachment-mb", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for tool in ("age", "tar", "sha256sum"):
        if shutil.which(tool) is None:
            print(f"缺少 {tool}（apt-get install age tar coreutils）")
            return 2
    folder = prepare(args.records, args.attachment_mb)
    work = folder / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    town = Store.open(folder / "town.db")
    signer = keymod.unlock_township_key(town, TOWN_PASS)
    recipient = keymod.county_keys_known(town).recipients[0]

    # -- export ---------------------------------------------------------------------------------------------------
    # once as the first export after the record rules changed: the county's check on every live record
    # (core/record_rules.py; the runs below, like every export of records this program saved, check none)
    town.conn.execute("DELETE FROM settings WHERE key = ?", [record_rules.MARK])
    out = work / "export-rules-changed"
    out.mkdir()
    start = time.perf_counter()
    export_bundle(town, out, signer, full=True, actor=ACTOR)
    rules_changed = time.perf_counter() - start
    town.conn.execute("DELETE FROM bundle_attachments")
    town.conn.execute("DELETE FROM bundles_sent")
    ours: list[float] = []
    bundle = None
    for attempt in range(args.repeat):
        out = work / f"export-{attempt}"
        out.mkdir()
        start = time.perf_counter()
        result = export_bundle(town, out, signer, full=True, actor=ACTOR)
        ours.append(time.perf_counter() - start)
        bundle = result.path
        town.conn.execute("DELETE FROM bundle_attachments")  # every run is bundle number 1
        town.conn.execute("DELETE FROM bundles_sent")
    assert bundle is not None
    size = bundle.stat().st_size
    county = fresh_county(folder, "unpack.db")
    county_keys = keymod.unlock_county_keys(county, COUNTY_PASS)
    county.close()
    import pyrage

    tar_path = work / "bag.tar"
    with bundle.open("rb") as source, tar_path.open("wb") as sink:
        pyrage.decrypt_io(source, sink, [county_keys.identity])
    bag_dir = work / "bag"
    bag_dir.mkdir()
    with tarfile.open(tar_path) as tar:
        tar.extractall(bag_dir, filter="data")
    bag = next(bag_dir.iterdir())
    tar_path.unlink()
    data_files = sorted(str(p.relative_to(bag)) for p in (bag / "data").rglob("*") if p.is_file())

    def stock_export() -> dict[str, float]:
        steps = {}
        steps["sha256sum"] = timed(lambda: subprocess.run(["sha256sum", *data_files], cwd=bag, check=True,
                                                          stdout=subprocess.DEVNULL))
        steps["tar"] = timed(lambda: run(["tar", "cf", str(work / "stock.tar"), bag.name], cwd=bag_dir))
        steps["age"] = timed(lambda: run(["age", "-r", recipient, "-o", str(work / "stock.tar.age"),
                                          str(work / "stock.tar")]))
        (work / "stock.tar").unlink()
        (work / "stock.tar.age").unlink()
        return steps

    stock_export_runs = [stock_export() for _ in range(args.repeat)]
    stock_total = best([sum(s.values()) for s in stock_export_runs])
    export_ratio = best(ours) / stock_total
    print(f"导出（{args.records} 条记录，{args.attachment_mb} MB 附件，数据包 {size / 1024 / 1024:.0f} MB）：")
    print(f"  法治台账 export_bundle  {best(ours):.2f} s")
    print(f"  sha256sum + tar + age   {stock_total:.2f} s  （{best_steps(stock_export_runs)}）")
    print(f"  比值 {export_ratio:.2f}x（目标 ≤ 2x）")
    print(f"  记录规则变更后的第一次导出（逐条核验每条记录）{rules_changed:.2f} s：{rules_changed / stock_total:.2f}x")

    # -- verify + import --------------------------------------------------------------------------------------------
    imports: list[float] = []
    import_cpu: list[float] = []
    phases: list[tuple[float, float]] = []
    for attempt in range(args.repeat):
        county = fresh_county(folder, f"county-{attempt}.db")
        start, cpu = time.perf_counter(), cpu_seconds(resource.RUSAGE_SELF)
        report = import_bundle(county, bundle, county_keys, ACTOR)
        imports.append(time.perf_counter() - start)
        import_cpu.append(cpu_seconds(resource.RUSAGE_SELF) - cpu)
        county.close()
        if not report.ok or report.new != args.records:
            print(f"导入失败：{report.error or report.lines()}")
            return 1
        county = fresh_county(folder, f"phases-{attempt}.db")  # the same import again, timed in its two halves
        start = time.perf_counter()
        with open_bundle(county, bundle, county_keys) as verified:
            checked = time.perf_counter()
            apply_bundle(county, verified, ACTOR)
            phases.append((checked - start, time.perf_counter() - checked))
        county.close()

    def stock_import(attempt: int) -> dict[str, float]:
        steps = {}
        env = {**os.environ, "PYTHONWARNINGS": "ignore"}
        steps["bagit.py --validate"] = timed(lambda: run([str(BIN / "bagit.py"), "--validate", str(bag)], env=env))
        target = work / f"stock-{attempt}.db"
        def insert_all() -> None:
            for path in sorted((bag / "data").rglob("*.jsonl")):
                run([str(BIN / "sqlite-utils"), "insert", str(target), path.stem, str(path), "--nl"])
        steps["sqlite-utils insert"] = timed(insert_all)
        target.unlink()
        return steps

    children = cpu_seconds(resource.RUSAGE_CHILDREN)
    stock_runs = [stock_import(i) for i in range(args.repeat)]
    stock_cpu = (cpu_seconds(resource.RUSAGE_CHILDREN) - children) / args.repeat
    stock_import_total = best([sum(s.values()) for s in stock_runs])
    import_ratio = best(imports) / stock_import_total
    print("核验并导入：")
    verify_s, apply_s = min(phases, key=sum)
    print(f"  法治台账 import_bundle          {best(imports):.2f} s"
          f"  （解密与核验 {verify_s:.2f} s，应用 {apply_s:.2f} s）")
    print(f"  bagit.py --validate + sqlite-utils insert  {stock_import_total:.2f} s  （{best_steps(stock_runs)}）")
    print(f"  CPU 时间：法治台账 {min(import_cpu):.2f} s（单进程），现成工具 {stock_cpu:.2f} s（多个进程）")
    print(f"  比值 {import_ratio:.2f}x（目标 ≤ 1x）")
    town.close()
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(folder / "runs", ignore_errors=True)
    out = {
        "records": args.records, "attachment_mb": args.attachment_mb, "bundle_mb": round(size / 1024 / 1024, 1),
        "python": sys.version.split()[0], "sqlite": sqlite3.sqlite_version, "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "export_seconds": round(best(ours), 2), "stock_export_seconds": round(stock_total, 2),
        "export_ratio": round(export_ratio, 2),
        "export_after_rules_change_seconds": round(rules_changed, 2),
        "import_seconds": round(best(imports), 2), "stock_import_seconds": round(stock_import_total, 2),
        "import_ratio": round(import_ratio, 2),
        "import_phases_seconds": {"decrypt_and_verify": round(verify_s, 2), "apply": round(apply_s, 2)},
        "import_cpu_seconds": round(min(import_cpu), 2), "stock_import_cpu_seconds": round(stock_cpu, 2),
        "stock_steps_seconds": {**fastest(stock_export_runs), **fastest(stock_runs)},
    }
    bench_results.save("bundle", out)
    ok = export_ratio <= 2 and import_ratio <= 1
    print("结论：达到目标" if ok else "结论：未达到目标")
    return 0 if ok else 1


def fastest(runs: list[dict[str, float]]) -> dict[str, float]:
    return {name: round(seconds, 2) for name, seconds in min(runs, key=lambda r: sum(r.values())).items()}


def best_steps(runs: list[dict[str, float]]) -> str:
    chosen = min(runs, key=lambda s: sum(s.values()))
    return "，".join(f"{name} {seconds:.2f} s" for name, seconds in chosen.items())


if __name__ == "__main__":
    sys.exit(main())
