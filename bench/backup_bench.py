"""Backup benchmark: what `fazhi check` on the backup's database copy adds to a backup.

    .venv/bin/python bench/backup_bench.py [--records 10000] [--attachment-mb 200] [--repeat 5]

Data: the bundle benchmark's township (bench/bundle_bench.py, made once in bench/.cache/), copied into a scratch
folder in the system's temp folder (the attachments hard-linked where they can be), so that the backups, their key
and settings never touch the cache. Each round backs up twice, alternating which goes first: the real
`create_backup`, and the same with the record check left out (the SQLite integrity check stays in both). The
median of `--repeat` rounds of each is reported, with the check alone.
Results are printed and written to bench/results/backup.json.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import bench_results
from bundle_bench import prepare

from fazhi_desktop.core.backup import create
from fazhi_desktop.core.backup.copy_check import opened_copy
from fazhi_desktop.core.check import check_database


def scratch_copy(folder: Path, into: Path) -> Path:
    db = into / "town.db"
    with sqlite3.connect(folder / "town.db") as source, sqlite3.connect(db) as copy:
        source.backup(copy)
    shutil.copytree(folder / "town-keys", into / "town-keys")
    shutil.copytree(folder / "town-files", into / "town-files", copy_function=_link_or_copy)
    return db


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system
        shutil.copy2(source, target)


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--attachment-mb", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = prepare(args.records, args.attachment_mb)
    real_check = create._record_check
    with tempfile.TemporaryDirectory(prefix="bench-backup-") as work:
        db = scratch_copy(folder, Path(work))
        create.create_backup(db, Path(work) / "warm-up")  # makes the backup key once (scrypt)
        with_check, without_check, check_alone = [], [], []
        for round_ in range(args.repeat):
            for checked in ((True, False) if round_ % 2 == 0 else (False, True)):
                create._record_check = real_check if checked else (lambda copy, db_path: [])
                target = Path(work) / f"usb-{round_}-{checked}"
                seconds = timed(lambda target=target: create.create_backup(db, target))
                (with_check if checked else without_check).append(seconds)
                shutil.rmtree(target)
            create._record_check = real_check
            copy = Path(work) / "copy.db"
            with sqlite3.connect(db) as source, sqlite3.connect(copy) as target_db:
                source.backup(target_db)
            with opened_copy(copy, None, "bench") as store:
                check_alone.append(timed(lambda store=store: check_database(store)))
            copy.unlink()
    out = {
        "records": args.records, "attachment_mb": args.attachment_mb, "repeat": args.repeat,
        "python": platform.python_version(), "sqlite": sqlite3.sqlite_version, "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "backup_seconds": round(statistics.median(with_check), 2),
        "backup_without_record_check_seconds": round(statistics.median(without_check), 2),
        "record_check_seconds": round(statistics.median(check_alone), 2),
        "runs": {"with": [round(t, 2) for t in with_check], "without": [round(t, 2) for t in without_check],
                 "check": [round(t, 2) for t in check_alone]},
    }
    print(f"备份（含记录检查）：{out['backup_seconds']} s；不含：{out['backup_without_record_check_seconds']} s；"
          f"记录检查本身：{out['record_check_seconds']} s（{args.records} 条记录，{args.attachment_mb} MB 附件，"
          f"各 {args.repeat} 次的中位数）")
    bench_results.save("backup", out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
