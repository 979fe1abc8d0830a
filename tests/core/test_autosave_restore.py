# ruff: noqa: F811  (a pytest fixture imported from tests/core/test_restore_cut.py)
"""A restore from backup and the drafts an editor autosaved (core/autosave.py): they were typed over the database the
restore sets aside, and their scans are in its `-files/`, so they go aside with it (`<stem>-before-restore-…-autosave`,
which that database finds when opened with --db), never offered over the restored records: there a record saved
after the backup was said to be 原记录已被删除 and saved again as a new record under another number, and a draft's
scan was not in the restored `-files/`. A restore cut in the middle finishes the same way."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests/core/test_restore_cut.py, whatever pytest's import mode

from test_restore_cut import STEPS, backed_up, killed_restoring  # noqa: F401

from fazhi_desktop.core import autosave
from fazhi_desktop.core.attachments import add_attachment
from fazhi_desktop.core.backup import restore
from fazhi_desktop.core.store import Store

CLERK = "马丽"


def drafts_typed_after_the_backup(db: Path, ledgers, clock, tmp_path) -> None:
    """马丽 was changing the meeting saved after the backup, and typing a new one with a scan, when the power went."""
    store = Store.open(db, ledgers=ledgers, clock=clock)
    try:
        (later,) = [r for r in store.conn.execute("SELECT id, number FROM meeting WHERE title = '备份之后的会议'")]
        scan = tmp_path / "签到表.jpg"
        scan.write_bytes(b"scan" * 300)
        entry = add_attachment(store, scan)
    finally:
        store.close()
    autosave.write(db, autosave.Draft(CLERK, "meeting", autosave.new_key(later[0]), later[0], 1,
                                      {"title": "备份之后的会议（补充）"}, "2026-06-01T09:00:00Z", later[1]))
    autosave.write(db, autosave.Draft(CLERK, "meeting", autosave.new_key(None), None, None,
                                      {"title": "新会议", "attachments": [entry]}, "2026-06-01T09:00:00Z"))


def aside_drafts(db: Path) -> list[autosave.Draft]:
    (aside,) = [p for p in db.parent.glob("office-before-restore-*.db")]
    return autosave.listed(aside, CLERK)


def test_a_restore_sets_the_drafts_aside_with_the_database_they_were_typed_over(backed_up, ledgers, clock,
                                                                                tmp_path):
    db, backup, _sha = backed_up
    drafts_typed_after_the_backup(db, ledgers, clock, tmp_path)
    restore(db, backup, "admin", clock=clock)
    assert autosave.listed(db, CLERK) == []  # nothing offered over the restored records
    assert sorted(d.values["title"] for d in aside_drafts(db)) == ["备份之后的会议（补充）", "新会议"]


def test_a_restore_cut_in_the_middle_sets_them_aside_when_it_is_finished(backed_up, monkeypatch, ledgers, clock,
                                                                         tmp_path):
    db, backup, _sha = backed_up
    drafts_typed_after_the_backup(db, ledgers, clock, tmp_path)
    killed_restoring(monkeypatch, db, backup, clock, STEPS - 1)
    Store.open(db, ledgers=ledgers, clock=clock).close()  # the next open finishes it
    assert autosave.listed(db, CLERK) == [] and len(aside_drafts(db)) == 2
