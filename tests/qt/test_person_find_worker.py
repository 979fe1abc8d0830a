"""查找当事人's search and its 个人信息摘录 ran on the GUI thread: 0.3 s at 100,000 meetings, longer on a slow PC, the
window frozen meanwhile. Both run as backups and exports do (`tasks.run_task` on a worker thread): the window
repaints, the progress box shows, 查找 and the extract are off until it ends; the reveal log notes each as before."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

import pytest
from helpers import type_text
from person_records import HIS_ID
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from test_idle_lock_gui import STAFF_PASSWORD, open_window
from test_person_view import SavedTo, action, finished, records

from fazhi_desktop.core import accounts, person_search
from fazhi_desktop.core.documents import extract as extract_module
from fazhi_desktop.qt import tasks

FIND_HOW = "查找当事人（当事人本人申请查阅、复制（个人信息保护法第四十五条））"
EXTRACT_HOW = "个人信息摘录（当事人本人申请查阅、复制（个人信息保护法第四十五条））"


class Held:
    """Wraps a core function so that it waits until the test, on the GUI thread, lets it go: a function run on
    the GUI thread would wait out `PATIENCE` instead, and the test sees it (`let_go_in_time`)."""

    PATIENCE = 3.0

    def __init__(self, real):
        self.real, self.go, self.on_gui_thread, self.let_go_in_time = real, threading.Event(), [], []

    def __call__(self, *args, **kwargs):
        self.on_gui_thread.append(threading.current_thread() is threading.main_thread())
        self.let_go_in_time.append(self.go.wait(self.PATIENCE))
        return self.real(*args, **kwargs)


def reveals(store) -> list[str]:
    return [row["how"] for row in store.query("SELECT how FROM reveal_log ORDER BY id")]


@pytest.fixture
def dialog(qtbot, store, staff, dialogs, ui_settings, tmp_path):
    records(store)
    window = open_window(qtbot, store, dialogs, ui_settings, accounts.login(store, "杨芳", STAFF_PASSWORD))
    action(window, "查找当事人").trigger()
    found = window.person_dialog
    found.prompts = SavedTo(tmp_path / "摘录.pdf")
    type_text(qtbot, found.name_edit, "马建国")
    type_text(qtbot, found.id_edit, HIS_ID)
    return found


def test_the_search_runs_on_a_worker_while_the_window_repaints(qtbot, store, dialog, monkeypatch):
    held = Held(person_search.find)
    monkeypatch.setattr(person_search, "find", held)
    qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    assert dialog.result_label.text() == "正在查找……"
    assert not dialog.find_button.isEnabled() and not dialog.extract_button.isEnabled()
    assert tasks.running()
    qtbot.waitUntil(lambda: dialog.task.dialog.isVisible(), timeout=2000)  # the GUI runs: the busy box shows
    assert dialog.task.dialog.labelText() == "正在查找当事人……"
    dialog.name_edit.returnPressed.emit()  # Enter again meanwhile: no second search
    held.go.set()
    finished(qtbot, dialog)
    assert held.on_gui_thread == [False] and held.let_go_in_time == [True]
    assert dialog.hits.rowCount() == 4 and "记有此人的 4 条记录（4 处）" in dialog.result_label.text()
    assert dialog.find_button.isEnabled() and dialog.extract_button.isEnabled()
    assert reveals(store).count(FIND_HOW) == 4  # each record holding a number noted, as before


def test_the_extract_is_written_on_a_worker_and_noted(qtbot, store, dialog, dialogs, monkeypatch, tmp_path):
    qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    finished(qtbot, dialog)
    held = Held(extract_module.render_extract)
    monkeypatch.setattr(extract_module, "render_extract", held)
    qtbot.mouseClick(dialog.extract_button, Qt.MouseButton.LeftButton)
    assert not dialog.find_button.isEnabled() and not dialog.extract_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.task.dialog.isVisible(), timeout=2000)
    assert dialog.task.dialog.labelText() == "正在生成个人信息摘录……"
    held.go.set()
    finished(qtbot, dialog)
    assert held.on_gui_thread == [False] and held.let_go_in_time == [True]
    assert (tmp_path / "摘录.pdf").is_file()
    assert dialogs.shown[-1][:2] == ("info", "个人信息摘录") and "4 条记录" in dialogs.shown[-1][2]
    assert reveals(store).count(EXTRACT_HOW) == 4
    assert dialog.extract_button.isEnabled()


def test_an_extract_that_cannot_be_written_says_why_and_notes_nothing(qtbot, store, dialog, dialogs, tmp_path):
    qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    finished(qtbot, dialog)
    dialog.prompts = SavedTo(tmp_path / "拔掉的U盘" / "摘录.pdf")
    qtbot.mouseClick(dialog.extract_button, Qt.MouseButton.LeftButton)
    finished(qtbot, dialog)
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("error", "无法生成个人信息摘录") and "文件夹" in text and "不存在" in text
    assert EXTRACT_HOW not in reveals(store)
    assert dialog.hits.rowCount() == 4 and dialog.extract_button.isEnabled()  # the search's result stays


def test_a_cancelled_search_shows_and_notes_nothing(qtbot, store, dialog, dialogs, monkeypatch):
    held = Held(person_search.find)
    monkeypatch.setattr(person_search, "find", held)
    qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task.dialog.isVisible(), timeout=2000)
    cancel = next(b for b in dialog.task.dialog.findChildren(QPushButton) if b.text() == "取消")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    held.go.set()
    finished(qtbot, dialog)
    assert dialog.hits.rowCount() == 0 and dialogs.shown == []
    assert reveals(store) == []
    assert dialog.find_button.isEnabled()
