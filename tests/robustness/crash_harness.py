"""Crash safety: a child process writes without pause through the one write path (Store.save, save_many, delete,
attachments, the occasional backup); the parent kills it with SIGKILL at a random moment, then checks that nothing
the child reported committed was lost.

The child appends `{id, revision, ...}` to a side log only after the call that committed it has returned, with one
`write()` per line (an O_APPEND file: a kill leaves at most a torn last line, which is ignored). After each kill the
parent opens the database (SQLite recovers the write-ahead log) and checks:

- every logged record is present at the logged revision or later; a logged deletion is still a deletion;
- `check_database` passes: SQLite integrity, the change log's hash chain, every record's content hash;
- the search index agrees with the records for a sample: a record's current words find it, words it no longer
  has (an earlier revision's, a deleted record's) do not; FTS5's own integrity check passes;
- every logged attachment is present with the right SHA-256; every backup file present under its final name is
  complete (its manifest and every member's hash).

    .venv/bin/python tests/robustness/crash_harness.py --trials 250            # the long run (about 6 minutes)
    .venv/bin/python tests/robustness/crash_harness.py --trials 15 --seed 7    # what the ordinary test run does

SIGKILL is a process crash, not a power cut: what `write()` returned is in the operating system's cache and
survives. Power-loss safety rests on `synchronous=FULL` and the fsync of every file written atomically.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ALPHABET = "张王李赵刘陈杨黄周吴马田海苏罗何高郭林梁"
TEXT_FIELD = {"meeting": "title", "law_study": "topic"}
#: what a child says on stdout once it is about to write
READY = b"writing\n"
CHILD_MAX_SECONDS = 60  # a child the parent forgot (the parent itself was killed) stops by itself
SAMPLE = 25


# -- the child: sustained writes -------------------------------------------------------------------------------------


def token(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(4))


def meeting(rng: random.Random) -> tuple[dict[str, Any], str]:
    word = token(rng)
    return {"title": f"崩溃测试会议{word}", "meeting_type": "党委会", "held_on": f"2026-{rng.randint(1, 12):02d}-15",
            "office_head_attendance": "全程"}, word


def child(db: Path, log: Path, seed: int) -> None:
    """Write until killed; log each commit after it returned."""
    from fazhi_desktop.core.attachments import add_attachment
    from fazhi_desktop.core.backup import create_backup
    from fazhi_desktop.core.store import Store

    rng = random.Random(seed)
    store = Store.open(db)
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    scratch = Path(tempfile.mkdtemp(prefix="crash-child-", dir=db.parent))  # killed children cannot clean up

    def logged(**entry: Any) -> None:
        os.write(fd, (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8"))

    live = [(r[0], name) for name in TEXT_FIELD for r in store.conn.execute(
        f'SELECT id FROM "{name}" WHERE deleted = 0 AND status != \'locked\'')]
    deadline = time.monotonic() + CHILD_MAX_SECONDS
    actor = "崩溃测试"
    os.write(1, READY)  # the parent's random moment counts from here, not from a start-up a busy machine slows
    while time.monotonic() < deadline:
        op = rng.choices(("new", "update", "many", "delete", "attach", "backup"), (30, 28, 14, 10, 12, 2))[0]
        if op == "new" or (op in ("update", "delete") and not live):
            values, word = meeting(rng)
            record = store.save("meeting", values, actor)
            live.append((record.id, "meeting"))
            logged(id=record.id, ledger="meeting", rev=record.revision, word=word)
        elif op == "update":
            record_id, ledger = rng.choice(live)
            word = token(rng)
            text = f"崩溃测试会议{word}" if ledger == "meeting" else f"崩溃测试学法{word}"
            record = store.save(ledger, {TEXT_FIELD[ledger]: text}, actor, record_id=record_id)
            logged(id=record.id, ledger=ledger, rev=record.revision, word=word)
        elif op == "many":
            batch = [meeting(rng) for _ in range(rng.randint(2, 6))]
            for record, (_, word) in zip(store.save_many("meeting", [v for v, _ in batch], actor), batch, strict=True):
                live.append((record.id, "meeting"))
                logged(id=record.id, ledger="meeting", rev=record.revision, word=word)
        elif op == "delete":
            record_id, ledger = live.pop(rng.randrange(len(live)))
            record = store.delete(record_id, actor)
            logged(id=record.id, ledger=ledger, rev=record.revision, deleted=True)
        elif op == "attach":
            source = scratch / f"扫描件{rng.randrange(10**6)}.txt"
            source.write_bytes(rng.randbytes(rng.randint(1, 64 * 1024)))
            entry = add_attachment(store, source)
            word = token(rng)
            record = store.save("law_study", {"activity_type": "会前学法", "topic": f"崩溃测试学法{word}",
                                              "held_on": "2026-05-20", "attachments": [entry]}, actor)
            live.append((record.id, "law_study"))
            logged(id=record.id, ledger="law_study", rev=record.revision, word=word, sha=entry["sha256"])
        else:
            result = create_backup(db, db.parent / "backups")
            logged(backup=str(result.path))


# -- the parent: kill, then verify -----------------------------------------------------------------------------------


@dataclass
class Summary:
    trials: int = 0
    kills_while_writing: int = 0  # trials in which the child had committed at least once before the kill
    commits_logged: int = 0
    record_checks: int = 0
    records_lost: int = 0
    check_failures: int = 0
    search_checks: int = 0
    search_mismatches: int = 0
    attachments_verified: int = 0
    attachment_problems: int = 0
    backups_verified: int = 0
    backup_problems: int = 0
    child_errors: int = 0
    seconds: float = 0.0
    seed: int = 0
    problems: list[str] = field(default_factory=list)
    lost_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.records_lost or self.check_failures or self.search_mismatches or self.attachment_problems
                    or self.backup_problems or self.child_errors)

    def text(self) -> str:
        return (f"crash trials: {self.trials} (killed while writing: {self.kills_while_writing}), "
                f"commits logged: {self.commits_logged}, record checks: {self.record_checks}, "
                f"records lost: {self.records_lost}, check failures: {self.check_failures}, "
                f"search checks: {self.search_checks} (mismatches: {self.search_mismatches}), "
                f"attachments verified: {self.attachments_verified} (problems: {self.attachment_problems}), "
                f"backups verified: {self.backups_verified} (problems: {self.backup_problems}), "
                f"child errors: {self.child_errors}, seed {self.seed}, {self.seconds:.0f} s")


def read_log(log: Path) -> list[dict[str, Any]]:
    entries = []
    if not log.exists():
        return entries
    for line in log.read_bytes().split(b"\n"):
        try:
            entries.append(json.loads(line))
        except ValueError:  # the torn last line of a killed write, or the empty tail
            continue
    return entries


def new_database(folder: Path) -> Path:
    from fazhi_desktop.core.setup import init_database

    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "office.db"
    init_database(db, "640522100", office="海城镇司法所", operator="崩溃测试").close()
    return db


def run_trials(trials: int, workdir: Path, seed: int | None = None, per_database: int = 25,
               max_delay: float = 1.6) -> Summary:
    """Kill `trials` writers; a fresh database every `per_database` trials (so checks stay quick)."""
    seed = random.randrange(1 << 30) if seed is None else seed
    rng = random.Random(seed)
    summary = Summary(seed=seed)
    started = time.monotonic()
    db = log = None
    for trial in range(trials):
        if trial % per_database == 0:
            db = new_database(workdir / f"db{trial // per_database:03d}")
            log = db.with_name("committed.jsonl")
        assert db is not None and log is not None
        before = len(read_log(log))
        proc = subprocess.Popen([sys.executable, __file__, "--child", str(db), str(log), str(rng.randrange(1 << 30))],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            # from when it starts writing: measured from the start, a loaded machine's slow imports ate the delay
            # and most kills fell before the first commit (an empty line: the child ended before, said below)
            proc.stdout.readline()
            time.sleep(rng.uniform(0.02, max_delay))
        finally:  # also when the harness itself is interrupted: never leave a writer behind
            proc.send_signal(signal.SIGKILL)
            _, err = proc.communicate()
        if proc.returncode != -signal.SIGKILL:
            summary.child_errors += 1
            summary.problems.append(f"trial {trial}: child ended by itself ({proc.returncode}): {err.decode()[-800:]}")
        entries = read_log(log)
        summary.trials += 1
        summary.commits_logged += len(entries) - before
        summary.kills_while_writing += len(entries) > before
        verify(db, entries, summary, rng, trial)
    summary.seconds = time.monotonic() - started
    return summary


def verify(db: Path, entries: list[dict[str, Any]], summary: Summary, rng: random.Random, trial: int) -> None:
    from fazhi_desktop.core.attachments import blob_path
    from fazhi_desktop.core.check import check_database
    from fazhi_desktop.core.store import Store

    store = Store.open(db)
    try:
        report = check_database(store)
        if not report.ok:
            summary.check_failures += 1
            summary.problems.append(f"trial {trial}: check_database: {report.problems[:3]}")
        expected: dict[str, dict[str, Any]] = {}
        words: dict[str, set[str]] = {}
        for entry in entries:
            if "backup" in entry:
                continue
            held = expected.get(entry["id"])
            if held is None or entry["rev"] >= held["rev"]:
                expected[entry["id"]] = entry
            if "word" in entry:
                words.setdefault(entry["id"], set()).add(entry["word"])
            if "sha" in entry:
                path = blob_path(store, entry["sha"])
                summary.attachments_verified += 1
                if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha"]:
                    summary.attachment_problems += 1
                    summary.problems.append(f"trial {trial}: attachment {entry['sha'][:12]} missing or changed")
        rows = _check_records(store, expected, summary, trial)
        _check_search(store, rows, words, summary, rng, trial)
    finally:
        store.close()
    _check_backups(db, db.parent / "backups", summary, trial)


def _check_records(store: Any, expected: dict[str, dict[str, Any]], summary: Summary,
                   trial: int) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for record_id, entry in expected.items():
        ledger = entry["ledger"]
        found = store.query(f'SELECT rid, revision, deleted, "{TEXT_FIELD[ledger]}" AS text FROM "{ledger}"'
                            " WHERE id = ?", [record_id])
        summary.record_checks += 1
        if not found or found[0]["revision"] < entry["rev"] or (entry.get("deleted") and not found[0]["deleted"]):
            if record_id not in summary.lost_ids:
                summary.lost_ids.append(record_id)
                summary.records_lost += 1
            state = found[0] if found else "absent"
            summary.problems.append(f"trial {trial}: {record_id} logged at revision {entry['rev']}, found {state}")
            continue
        rows[record_id] = {**found[0], "ledger": ledger}
    return rows


def _check_search(store: Any, rows: dict[str, dict[str, Any]], words: dict[str, set[str]], summary: Summary,
                  rng: random.Random, trial: int) -> None:
    from fazhi_desktop.core.store import ListQuery

    for ledger in TEXT_FIELD:  # FTS5's own check of its index structures
        table = f"search_{ledger}"
        try:
            store.conn.execute(f"INSERT INTO \"{table}\"(\"{table}\") VALUES ('integrity-check')")
        except Exception as exc:
            summary.search_mismatches += 1
            summary.problems.append(f"trial {trial}: FTS integrity-check of {table}: {exc}")
    for record_id in rng.sample(sorted(rows), min(SAMPLE, len(rows))):
        row = rows[record_id]
        current = (row["text"] or "")[-4:]
        for word in {current, *words.get(record_id, ())}:
            hits = set(store.query_rids(ListQuery(row["ledger"], text=word)))
            should = word == current and not row["deleted"]
            summary.search_checks += 1
            if (row["rid"] in hits) != should:
                summary.search_mismatches += 1
                summary.problems.append(f"trial {trial}: search {word!r} {'misses' if should else 'finds'} "
                                        f"{record_id} ({row['ledger']}, deleted={row['deleted']})")


def _check_backups(db: Path, folder: Path, summary: Summary, trial: int) -> None:
    import tempfile
    import zipfile

    from fazhi_desktop.core.backup import sealing
    from fazhi_desktop.core.backup.archive import BackupError, open_archive

    for path in sorted(folder.glob("*.zip")) if folder.is_dir() else []:
        summary.backups_verified += 1
        try:
            with tempfile.TemporaryDirectory() as work:
                plain = Path(work) / "backup.zip"
                sealing.unseal(path, db, plain)  # decrypted with the office's backup key
                archive, manifest = open_archive(plain, path.name)
                with archive:
                    for name, member in manifest.members.items():
                        if hashlib.sha256(archive.read(name)).hexdigest() != member.sha256:
                            raise BackupError(f"{name} does not match")
        except (BackupError, zipfile.BadZipFile, OSError) as exc:
            summary.backup_problems += 1
            summary.problems.append(f"trial {trial}: backup {path.name} under its final name is incomplete: {exc}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="SIGKILL a writer at random moments; count what was lost")
    parser.add_argument("--trials", type=int, default=250)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--workdir", type=Path, help="keep the databases here (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--child", nargs=3, metavar=("DB", "LOG", "SEED"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]), int(args.child[2]))
        return 0
    with tempfile.TemporaryDirectory(prefix="fazhi-crash-") as tmp:
        summary = run_trials(args.trials, args.workdir or Path(tmp), args.seed)
    print(summary.text())
    for problem in summary.problems[:20]:
        print("  " + problem)
    if args.json:
        args.json.write_text(json.dumps(asdict(summary), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0 if summary.ok else 1


if __name__ == "__main__":
    sys.exit(main())
