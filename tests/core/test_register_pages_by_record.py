"""Whether a number is on a printed register page (printed.number_kept: 按日期重新编号's plan asks it of every record
of the year, a deletion and 撤销Excel导入 of theirs) read the rows of every page ever printed, of every year, as JSON:
five years' registers (1,500 pages) made the plan of one ledger seconds long, growing each year. The pages' records
are now kept by record id too (migration 073), and the question reads the pages listing that record only."""

from __future__ import annotations

import sqlite3

from fazhi_desktop.core import migrations, printed
from fazhi_desktop.core.documents.register_codes import save_pages

ACTOR = "杨芳"


def steps(conn: sqlite3.Connection, ask) -> tuple[object, int]:
    """`ask()` and the SQLite virtual-machine steps it took (in hundreds): the rows it read."""
    count = [0]

    def step() -> int:
        count[0] += 1
        return 0

    conn.set_progress_handler(step, 100)
    try:
        return ask(), count[0]
    finally:
        conn.set_progress_handler(None, 0)


def test_asking_about_a_number_no_register_shows_reads_no_page(store, valid_record):
    """The plan's usual question: this year's records, never printed, asked one by one."""
    ours = store.save("meeting", valid_record("meeting", held_on="2026-03-02", title="镇党委会议"), ACTOR)
    others = [store.save("meeting", valid_record("meeting", held_on=f"2025-{m:02d}-10", title=f"第{m}次会议"), ACTOR)
              for m in range(1, 13)]

    def ask():
        return printed.number_kept(store.conn, "meeting", ours.id, ours.number)

    said, before = steps(store.conn, ask)
    for year in range(2000, 2026):  # many years' registers, each page of them listing twelve records
        save_pages(store, "meeting", year, None, [others] * 20)
    said_after, after = steps(store.conn, ask)

    assert said is None and said_after is None
    assert after <= before + 2
    assert printed.number_kept(store.conn, "meeting", others[0].id, others[0].number) == printed.ON_REGISTER


def test_pages_printed_before_the_upgrade_are_listed_by_record(store, valid_record):
    ours = store.save("meeting", valid_record("meeting", held_on="2026-03-02", title="镇党委会议"), ACTOR)
    save_pages(store, "meeting", 2026, None, [[ours]])
    with store.conn:  # as the version before kept them: the pages only
        store.conn.execute("DROP TABLE register_page_records")
        store.conn.execute("DELETE FROM _migrations WHERE name = '073_register_page_records'")

    assert migrations.migrate(store.conn) == ["073_register_page_records"]

    assert printed.number_kept(store.conn, "meeting", ours.id, ours.number) == printed.ON_REGISTER


def test_a_page_whose_rows_are_not_json_leaves_the_upgrade_done_and_the_rest_listed(store, valid_record):
    """One page's rows cut short (a damaged copy, a hand edit) failed the whole upgrade ("malformed JSON"): the
    database, which opened the day before, no longer opened. That page is passed over; the others are listed."""
    ours, other = (store.save("meeting", valid_record("meeting", held_on=f"2026-03-0{d}", title=f"第{d}次会议"), ACTOR)
                   for d in (2, 3))
    save_pages(store, "meeting", 2026, None, [[ours], [other]])
    with store.conn:
        store.conn.execute("DROP TABLE register_page_records")
        store.conn.execute("DELETE FROM _migrations WHERE name = '073_register_page_records'")
        store.conn.execute("UPDATE register_pages SET rows = substr(rows, 1, length(rows) - 1) WHERE page = 2")
        store.conn.execute("""INSERT INTO register_pages VALUES ('odd', 'meeting', 2025, '', 1, 1,
                              '["x", 3, null, {"id": "y"}]', '2026-03-04T00:00:00Z', NULL)""")

    assert migrations.migrate(store.conn) == ["073_register_page_records"]

    assert printed.number_kept(store.conn, "meeting", ours.id, ours.number) == printed.ON_REGISTER
