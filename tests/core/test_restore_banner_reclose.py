# ruff: noqa: F811  (the archived fixture imported from tests/archived_year.py)
"""A backup made before 年度封账, restored after it, reopens the closed year: the 恢复完成 box said so once (请所长再次
封账), and the main window's banner, which stays from the restore, said nothing of it, so the year stayed open and
the archive box's register no longer matched. The banner says `2026年须再次封账` until that year is closed again."""

from __future__ import annotations

from archived_year import STAFF_PASSWORD, archived  # noqa: F401  (fixture)

from fazhi_desktop.core import accounts, year_close
from fazhi_desktop.core.backup import after_restore, create_backup, restore
from fazhi_desktop.core.store import Store

RECLOSE = "2026年须再次封账"


def test_the_banner_says_the_reopened_year_until_it_is_closed_again(store, archived, clock):
    path = store.path
    store.close()
    restore(path, archived["backup"], "admin", clock=clock)
    restored = Store.open(path, clock=clock)
    try:
        said = after_restore.pending(restored)
        assert said is not None and RECLOSE in said, said
        accounts.login(restored, "杨芳", STAFF_PASSWORD)
        after_restore.dismiss(restored)  # the receipt steps done: the year is still to be closed
        said = after_restore.pending(restored)
        assert said is not None and RECLOSE in said and "①" not in said, said
        year_close.close_year(restored, 2026)
        assert after_restore.pending(restored) is None
    finally:
        restored.close()


def test_a_year_closed_again_and_later_reopened_on_purpose_is_not_said_again(store, archived, clock):
    """Closed again after the restore, then reopened by the 所长 for a correction months later: the banner said
    2026年须再次封账 and 所恢复的备份是封账之前做的 again, of a reopening that was hers and is in the year log."""
    path = store.path
    store.close()
    restore(path, archived["backup"], "admin", clock=clock)
    restored = Store.open(path, clock=clock)
    try:
        accounts.login(restored, "杨芳", STAFF_PASSWORD)
        year_close.close_year(restored, 2026)
        clock.advance(days=60)
        year_close.reopen_year(restored, 2026, "县里核对发现一件调解案件结案日期有误")
        said = after_restore.pending(restored) or ""
        assert RECLOSE not in said and "封账之前" not in said, said
    finally:
        restored.close()


def test_a_backup_made_after_the_closing_asks_for_no_closing(store, archived, clock, tmp_path):
    after = create_backup(store.path, tmp_path / "later", clock=clock).path
    path = store.path
    store.close()
    restore(path, after, "admin", clock=clock)
    restored = Store.open(path, clock=clock)
    try:
        said = after_restore.pending(restored)
        assert said is not None and "封账" not in said, said
    finally:
        restored.close()
