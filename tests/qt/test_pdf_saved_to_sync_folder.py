"""导出PDF into 文档 that OneDrive (Windows' folder backup) or another sync client uploads: the clerk is told that the
parties' names and the case go to the cloud with it, and where to keep such papers instead."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from fazhi_desktop.core import db_place
from fazhi_desktop.qt.editor import EditorWindow
from fazhi_desktop.qt.printing import PrintPrompts

ACTOR = "杨芳"


class SavesTo(PrintPrompts):
    def __init__(self, path: Path):
        self.path = path

    def save_path(self, parent, title, suggested):
        return self.path


def export(qtbot, store, dialogs, record, target: Path) -> str:
    window = EditorWindow(store, store.ledgers["meeting"], record, dialogs, ACTOR)
    qtbot.addWidget(window)
    window.print_bar.outputs.prompts = SavesTo(target)
    qtbot.mouseClick(window.print_bar.export_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes().startswith(b"%PDF")
    return next(message for _, title, message in dialogs.shown if title == "已导出PDF")


def test_a_pdf_saved_into_onedrive_documents_says_it_goes_to_the_cloud(qtbot, store, dialogs, valid_record,
                                                                      tmp_path, monkeypatch):
    monkeypatch.delenv(db_place.SKIP_VARIABLE, raising=False)
    onedrive = tmp_path / "马丽" / "OneDrive"
    monkeypatch.setenv("OneDrive", str(onedrive))
    (onedrive / "文档").mkdir(parents=True)
    record = store.save("meeting", valid_record("meeting"), ACTOR)
    message = export(qtbot, store, dialogs, record, onedrive / "文档" / "纪要.pdf")
    assert "同步盘" in message and str(onedrive) in message and "个人信息" in message
    assert "不同步的文件夹" in message


def test_a_pdf_saved_on_the_pcs_own_disk_says_nothing_more(qtbot, store, dialogs, valid_record, tmp_path,
                                                          monkeypatch):
    monkeypatch.delenv(db_place.SKIP_VARIABLE, raising=False)
    for variable in db_place.ONEDRIVE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    (tmp_path / "文书").mkdir()
    record = store.save("meeting", valid_record("meeting"), ACTOR)
    message = export(qtbot, store, dialogs, record, tmp_path / "文书" / "纪要.pdf")
    assert "同步盘" not in message


def test_the_sync_clients_chinese_offices_use_are_named_too():
    assert "百度网盘同步空间" in db_place.synced_note(Path("/home/u/百度网盘同步空间/纪要.pdf"))
    assert "WPS云盘" in db_place.synced_note(Path("/home/u/WPS云盘/文书/纪要.pdf"))
    assert db_place.synced_note(None) == ""

