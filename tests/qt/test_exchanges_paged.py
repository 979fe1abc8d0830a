# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""数据包记录 at a county that has imported years of bundles: it opens on the newest without reading every one, and
any row, however far down, shows and opens its own bundle."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle import exchanges
from fazhi_desktop.qt.exchanges_view import ExchangesDialog

ACTOR = "杨芳"
EARLIER = 248  # with the two real ones: 250 bundles, two and a half pages


def county_of_many_bundles(world, valid_record):
    """Two townships' real bundles imported, then 海城镇's copied back in time: bundle k (sequence 1000 + k) imported k
    hours before 2026-01-01, so row k + 1 of the list (newest first) is bundle k."""
    for code in ("640522100", "640522101"):
        town = world.town(code)
        town.store.save("meeting", valid_record("meeting"), ACTOR)
        world.import_(world.export(town).path)
    conn = world.county.conn
    columns = [d[0] for d in conn.execute("SELECT * FROM bundles_received LIMIT 0").description]
    real = list(conn.execute("SELECT * FROM bundles_received WHERE township = '640522100'").fetchone())
    at = {name: i for i, name in enumerate(columns)}
    rows = []
    for k in range(1, EARLIER + 1):
        row = list(real)
        row[at["bundle_id"]], row[at["sequence"]] = f"earlier-{k}", 1000 + k
        row[at["file_name"]] = f"fazhi-640522100-{1000 + k:06d}.tar.age"
        row[at["imported_at"]] = f"2025-12-{31 - k // 24:02d}T{23 - k % 24:02d}:00:00Z"
        rows.append(row)
    with conn:
        conn.executemany(f"INSERT INTO bundles_received VALUES ({', '.join('?' * len(columns))})", rows)
    return world.county


def test_the_list_is_read_a_page_at_a_time_newest_first(world, valid_record):
    county = county_of_many_bundles(world, valid_record)
    whole = exchanges.received_bundles(county)
    listed = exchanges.ReceivedList(county)
    assert len(whole) == listed.count == EARLIER + 2
    pages = [b for offset in range(0, 300, 100) for b in listed.read(offset, 100)]
    assert pages == whole
    assert [b.sequence for b in whole[2:5]] == [1001, 1002, 1003]
    haicheng = exchanges.ReceivedList(county, "640522100").read(100, 100)  # far down first: the rows skipped
    assert [b.sequence for b in haicheng[:2]] == [1100, 1101]
    assert exchanges.ReceivedList(county, "640522101").count == 1
    assert exchanges.received_townships(county) == [("640522100", "海城镇司法所"), ("640522101", "李旺镇司法所")]


def test_opening_reads_only_the_rows_shown_and_a_far_row_opens_its_own_bundle(qtbot, world, valid_record,
                                                                              monkeypatch):
    county = county_of_many_bundles(world, valid_record)
    built = []
    row_of = exchanges.received_row
    monkeypatch.setattr(exchanges, "received_row", lambda bundle: built.append(bundle) or row_of(bundle))
    dialog = ExchangesDialog(county)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    assert dialog.summary.text() == f"共 {EARLIER + 2} 个数据包。"
    assert dialog.model.rowCount() == EARLIER + 2
    assert len(built) <= dialog.model.PAGE_SIZE  # not a row made for every bundle imported in years

    dialog.table.setFocus()
    dialog.table.setCurrentIndex(dialog.model.index(201, 0))  # bundle 200, on the third page
    assert dialog.model.index(201, 2).data() == "1200"
    assert dialog.model.index(201, 10).data(Qt.ItemDataRole.ToolTipRole) == "fazhi-640522100-001200.tar.age"
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.arrivals_dialog.windowTitle() == "海城镇司法所 第 1200 号数据包：收到的记录"
    dialog.arrivals_dialog.close()

    dialog.township.setCurrentIndex(2)  # 李旺镇: one bundle, filtered in the database
    assert dialog.model.rowCount() == 1 and dialog.model.index(0, 0).data() == "李旺镇"
    assert dialog.summary.text() == "共 1 个数据包。"


def test_a_bundle_imported_while_the_list_is_open_shifts_no_row(qtbot, world, valid_record):
    """数据包记录 left open while another bundle is imported (the main window's 导入, a colleague's `fazhi import`): the
    pages read later were read at offsets of a list that had moved, so one bundle was listed twice and the oldest was
    a blank row. The list shown is the list at its opening; the new bundle shows when it is read again."""
    county = county_of_many_bundles(world, valid_record)
    dialog = ExchangesDialog(county)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.index(0, 2).data()  # the first page is read
    town = world.town("640522101")
    town.store.save("meeting", valid_record("meeting", title="又一次会议"), ACTOR)
    world.import_(world.export(town).path)  # imported while the list is open
    files = [dialog.model.index(row, 10).data(Qt.ItemDataRole.ToolTipRole) for row in range(dialog.model.rowCount())]
    assert len(files) == EARLIER + 2 and len(set(files)) == len(files) and "" not in files
    assert files[-1] == "fazhi-640522100-001248.tar.age"  # the oldest, in its place
    dialog.refresh()
    assert dialog.model.rowCount() == EARLIER + 3 and dialog.summary.text() == f"共 {EARLIER + 3} 个数据包。"
    assert dialog.model.index(0, 2).data() == "2"  # the new one, on top
