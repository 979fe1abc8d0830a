"""导出列表 into 文档 that OneDrive uploads: the message says, as 导出PDF's does, that the parties' names go to the
cloud with the workbook and where to keep it instead."""

from __future__ import annotations

from helpers import SavePrompt
from PySide6.QtCore import Qt

from fazhi_desktop.core import db_place
from fazhi_desktop.qt.main_window import create_main_window


def test_a_list_saved_into_onedrive_says_it_goes_to_the_cloud(qtbot, store, dialogs, ui_settings, valid_record,
                                                              tmp_path, monkeypatch):
    monkeypatch.delenv(db_place.SKIP_VARIABLE, raising=False)
    onedrive = tmp_path / "马丽" / "OneDrive"
    monkeypatch.setenv("OneDrive", str(onedrive))
    (onedrive / "文档").mkdir(parents=True)
    store.save("mediation_case", valid_record("mediation_case", case_name="马某与李某宅基地纠纷"), "杨芳")
    window = create_main_window(store, dialogs, ui_settings, "杨芳")
    qtbot.addWidget(window)
    window.show()
    window.show_page("mediation_case")
    window.exchange_prompts = SavePrompt(onedrive / "文档" / "列表")
    qtbot.mouseClick(window.pages["mediation_case"].export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogs.shown), timeout=20000)
    kind, title, message = dialogs.shown[-1][:3]
    assert (kind, title) == ("info", "已导出列表")
    assert "同步盘" in message and "个人信息" in message and "不同步的文件夹" in message
