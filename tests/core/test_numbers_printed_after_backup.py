"""A township restored last Friday's backup on Tuesday: on Monday the clerk had printed 〔2026〕人调字第1号's
调解协议书 (a case entered before the backup) and handed it to the parties. The restored database keeps no print made
after its backup (record_prints goes back with the records), so 按日期重新编号, offered by the next backlog case the
clerk entered again from paper, gave 第1号 to another case: the parties' agreement named a record not theirs. Numbers
the restored database had given out are kept as ones a paper may show (printed.number_kept, as after an upgrade)."""

from __future__ import annotations

from test_numbers_printed_before_upgrade import kept_while_later_ones_renumber
from test_renumber_by_date import case

from fazhi_desktop.core.backup import create_backup, restore
from fazhi_desktop.core.documents import render_document
from fazhi_desktop.core.printed import BEFORE_KEPT, RESTORED_KEPT, number_kept
from fazhi_desktop.core.store import Store


def restored(store: Store, backup, clock) -> Store:
    path, ledgers = store.path, store.ledgers
    store.close()
    clock.advance(days=1)
    restore(path, backup, "admin", clock=clock, ledgers=ledgers)
    return Store.open(path, ledgers, clock)


def test_a_number_printed_after_the_backup_is_not_renumbered_after_the_restore(store, valid_record, tmp_path, clock):
    may = case(store, valid_record, "2026-05-20", "五月纠纷")  # 第1号
    april = case(store, valid_record, "2026-04-02", "四月纠纷")  # 第2号
    backup = create_backup(store.path, tmp_path / "usb", clock=clock).path
    clock.advance(days=3)
    render_document(store, may.id, "agreement", tmp_path / "协议书.pdf")  # Monday: handed to the parties
    today = restored(store, backup, clock)
    try:
        kept_while_later_ones_renumber(today, valid_record, may, april, RESTORED_KEPT)
    finally:
        today.close()


def test_a_number_the_older_program_gave_out_is_said_so_first(store, valid_record):
    """Both notes hold a number an older program gave out and a restore brought back: the upgrade is said."""
    may = case(store, valid_record, "2026-05-20", "五月纠纷")
    store.conn.execute("UPDATE settings SET value = '999' WHERE key = 'prints.unknown_through'")
    store.conn.execute("INSERT INTO settings VALUES ('prints.restored_through', '999')")
    assert number_kept(store.conn, "mediation_case", may.id, may.number) == BEFORE_KEPT
