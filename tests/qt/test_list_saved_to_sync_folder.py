"""导出列表 (Ctrl+E) of the 调解案件 into 文档 that OneDrive (Windows' folder backup) uploads: the workbook holds the
parties' names and the disputes (ID numbers and phones masked), and went to the cloud without a word, where a PDF
saved there says so (db_place.synced_note). The list's message says it as the PDF's does."""

from __future__ import annotations

import pytest
from helpers import SavePrompt
from PySide6.QtCore import Qt

from fazhi_desktop.core import db_place
from fazhi_desktop.qt.main_window import create_main_window

ACTOR = "马文军"


@pytest.fixture
def window(qtbot, store, dialogs, ui_settings, valid_record, monkeypatch):
    monkeypatch.delenv(db_place.SKIP_VARIABLE, raising=False)
    for variable in db_place.ONEDRIVE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    store.save("mediation_case", valid_record("mediation_case", case_name="马某与李某宅基地纠纷"), ACTOR)
    w = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(w)
    w.show()
    w.show_page("mediation_case")
    return w


def exported(qtbot, window, dialogs, target) -> str:
    window.exchange_prompts = SavePrompt(target)
    qtbot.mouseClick(window.pages["mediation_case"].export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogs.shown), timeout=20000)
    assert dialogs.shown[-1][:2] == ("info", "已导出列表") and target.is_file()
    return dialogs.shown[-1][2]


def test_a_list_saved_into_onedrive_documents_says_it_goes_to_the_cloud(qtbot, window, dialogs, tmp_path,
                                                                       monkeypatch):
    onedrive = tmp_path / "马丽" / "OneDrive"
    monkeypatch.setenv("OneDrive", str(onedrive))
    (onedrive / "文档").mkdir(parents=True)
    message = exported(qtbot, window, dialogs, onedrive / "文档" / "调解案件.xlsx")
    assert "同步盘" in message and str(onedrive) in message and "个人信息" in message  # before: not a word


def test_a_list_saved_on_the_pcs_own_disk_says_nothing_more(qtbot, window, dialogs, tmp_path):
    message = exported(qtbot, window, dialogs, tmp_path / "调解案件.xlsx")
    assert "同步盘" not in message and "调解案件 1 条" in message
