# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""查看历史 at the county: the import report says a reopened record's reason is in its history, and the county does
hold the change log's entries the township's bundles carried (`fazhi history` prints them). The window's 查看历史
(Ctrl+H, the right-click menu) and the record viewer's 查看历史 show those entries, as the command line does, under
a heading that says they are what the township sent; the greyed action once said the county had no history."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import review_steps
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import LOW_COST, county_template, world  # noqa: F401
from helpers import press

from fazhi_desktop.cli import main as fazhi
from fazhi_desktop.core.bundle import minisign
from fazhi_desktop.qt.history_dialog import HistoryDialog
from fazhi_desktop.qt.indicator_widgets import RecordViewer
from fazhi_desktop.qt.main_window import create_main_window

MEETING = {"title": "2026年第3次镇政府常务会议", "meeting_type": "乡镇行政会议(政府常务会议)", "held_on": "2026-03-05",
           "office_head_attendance": "全程"}


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch):
    monkeypatch.setattr(minisign, "DEFAULT_COST", LOW_COST)


@pytest.fixture
def reopened(world):
    """海城镇's meeting submitted, locked and reopened (补充列席人员), sent to the county in one bundle."""
    town = world.town()
    record = town.store.save("meeting", MEETING, "杨芳")
    review_steps.lock(town.store, review_steps.submit(town.store, record.id, "杨芳").id, "杨芳")
    review_steps.reopen(town.store, record.id, "补充列席人员", "杨芳")
    assert world.import_(world.export(town).path).ok
    return world.county.get(record.id)


def printed(capsys, world, number: str) -> list[list[str]]:
    """`fazhi --db county.db history NUMBER`: each 第 n 版 line as its parts (版本, 时间, 操作人, 操作, 原因)."""
    assert fazhi(["--db", str(world.county.path), "history", number]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "（县里只收到乡镇变更日志的条目（谁、何时、做了什么），各字段改了什么见乡镇的修改历史）" in lines
    rows = []
    for line in lines:
        if line.startswith("第 "):
            head, _, reason = line.partition("  原因：")
            version, at, actor, action = head.removeprefix("第 ").split("  ")
            rows.append([version.removesuffix(" 版"), at, actor, action, reason])
    return rows


def said_as_received(dialog: HistoryDialog) -> None:
    assert dialog.isVisible()
    assert dialog.note.text().startswith("以下是海城镇随数据包报送的这条记录的变更日志，共 4 版")
    assert "各字段改了什么见乡镇的修改历史" in dialog.note.text()
    assert not dialog.change_table.isVisible()  # the county has no contents to compare, so no empty pane


def test_the_countys_window_shows_the_entries_the_township_sent(qtbot, world, reopened, dialogs, ui_settings,
                                                                 capsys):
    window = create_main_window(world.county, dialogs, ui_settings, "马县级")
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.show_page("meeting")
    view = window.current_ledger_view()
    qtbot.waitUntil(lambda: view.table.model().rowCount() == 1)
    view.table.setFocus()
    view.table.selectRow(0)
    assert window.history_action.isEnabled()  # it was greyed at the county whatever was selected
    assert "乡镇随数据包报送的变更日志" in window.history_action.toolTip()
    press(qtbot, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(getattr(window, "history_dialog", None), HistoryDialog))
    dialog = window.history_dialog
    said_as_received(dialog)
    assert dialog.rows() == printed(capsys, world, reopened.number)  # what the command line prints
    assert dialog.rows()[-1][3:] == ["状态变更", "补充列席人员"]  # the reason the import report points to
    dialog.close()


def test_the_record_viewer_shows_the_same_history(qtbot, world, reopened, capsys):
    viewer = RecordViewer(world.county, reopened)
    qtbot.addWidget(viewer)
    viewer.show()
    qtbot.mouseClick(viewer.history_button, Qt.MouseButton.LeftButton)
    dialog = viewer.history_dialog
    said_as_received(dialog)
    assert dialog.rows() == printed(capsys, world, reopened.number)
    assert QApplication.activeModalWidget() in (dialog, None)
    dialog.close()


def test_a_township_still_sees_each_version_and_what_it_changed(qtbot, world):
    town = world.town()
    record = town.store.save("meeting", MEETING, "杨芳")
    review_steps.submit(town.store, record.id, "杨芳")
    dialog = HistoryDialog(town.store, record.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.received and dialog.note.text().startswith("共 2 版")
    assert [row[4] for row in dialog.rows()] == ["草稿", "已提交"]  # 状态 shown
    assert dialog.change_table.isVisible() and "状态" in dialog.changed_labels(2)
