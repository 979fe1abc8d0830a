"""A ledger list holding a record whose text a bad sector damaged. Before, the list's model raised inside every
paint, and the crash handler's box "刚才的操作没有完成：程序内部出错。" came back at each repaint as OK was pressed
(12 times in 6 s), the window reopening on that page at the next start; nothing said the file was damaged or
offered a backup."""

from __future__ import annotations

import pytest
from damage import garble
from PySide6.QtWidgets import QApplication

from fazhi_desktop.qt import crash
from fazhi_desktop.qt.main_window import create_main_window

ACTOR = "马文军"


@pytest.fixture
def damaged_cases(store, valid_record):
    for i in range(3):
        store.save("mediation_case", valid_record("mediation_case", case_name=f"马某与李某宅基地纠纷{i}"), ACTOR)
    garble(store.conn, "mediation_case", "case_name", "number = ?", ["〔2026〕人调字第2号"])
    return store


def repaint(view, qtbot, times: int = 5) -> None:
    for _ in range(times):
        view.table.viewport().repaint()
        QApplication.processEvents()
        qtbot.wait(10)


def test_the_list_marks_the_damaged_record_and_says_the_file_is_damaged_once(damaged_cases, qtbot, dialogs,
                                                                             ui_settings, tmp_path):
    with crash.reported_errors(dialogs, tmp_path / "fazhi.log"):
        win = create_main_window(damaged_cases, dialogs, ui_settings, ACTOR)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        win.show_page("mediation_case")
        view = win.pages["mediation_case"]
        qtbot.waitUntil(lambda: bool(dialogs.shown))
        repaint(view, qtbot)
        view.refresh()  # 刷新, or a save elsewhere: read again, still damaged
        repaint(view, qtbot)
    model = view.model
    rows = {model.data(model.index(r, model.columns.index("number"))): r for r in range(model.rowCount())}
    assert set(rows) == {"〔2026〕人调字第1号", "〔2026〕人调字第2号", "〔2026〕人调字第3号"}
    name = model.columns.index("case_name")
    assert model.data(model.index(rows["〔2026〕人调字第2号"], name)) == "（已损坏）"
    assert model.data(model.index(rows["〔2026〕人调字第1号"], name)) == "马某与李某宅基地纠纷0"
    [(kind, title, text)] = dialogs.shown  # one box, and no 程序出错
    assert (kind, title) == ("confirm", "数据库文件已损坏")
    assert "“调解案件”台账中记录 〔2026〕人调字第2号的文字无法读取" in text and "（已损坏）" in text
    assert "Could not decode" not in text


def test_its_box_offers_to_restore_a_backup(damaged_cases, qtbot, dialogs, ui_settings, monkeypatch):
    win = create_main_window(damaged_cases, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(win)
    restores = []
    monkeypatch.setattr(win.backup, "restore_from_backup", lambda: restores.append(True))
    dialogs.confirm_answers = [True]  # 从备份恢复…
    win.show()
    qtbot.waitExposed(win)
    win.show_page("mediation_case")
    qtbot.waitUntil(lambda: bool(restores))
    assert dialogs.confirm_defaults == [False]  # Enter does not start a restore


def test_a_page_sqlite_cannot_read_at_all_is_marked_not_raised(damaged_cases, qtbot, monkeypatch):
    """SQLite's own damage error ("database disk image is malformed") on a page: every row of it marked, said once."""
    import sqlite3

    from fazhi_desktop.qt.ledger_model import LedgerTableModel

    model = LedgerTableModel(damaged_cases, damaged_cases.ledger("mediation_case"))

    def malformed(sql, params=()):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(damaged_cases, "query", malformed)
    with qtbot.waitSignal(model.damage_found) as told:
        cells = {model.data(model.index(row, 0)) for row in range(model.rowCount())}
    assert cells == {"（已损坏）"}
    assert told.args[0].startswith("数据库文件已损坏：读取“调解案件”的记录时出错。")
    with qtbot.assertNotEmitted(model.damage_found):
        model.refresh()
        model.data(model.index(0, 0))
