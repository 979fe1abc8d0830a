"""Qt's own texts (standard buttons, file and print dialogs) appear in Chinese, not English."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialogButtonBox

from fazhi_desktop.qt.app import install_translations


def test_standard_buttons_are_chinese(qtbot):
    install_translations(QApplication.instance())
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert sorted(b.text() for b in box.buttons()) == sorted(["确定", "取消"])


def test_the_file_dialog_and_the_edit_menu_are_chinese(qtbot):
    """The file dialogs said "Look in:" and "Files of type:" beside 文件名称: qtbase_zh_CN lacks the texts with
    their shortcut letters."""
    from PySide6.QtWidgets import QFileDialog, QLabel, QLineEdit

    install_translations(QApplication.instance())
    dialog = QFileDialog(None, "选择数据包")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    assert labels == ["查找范围(&L)：", "文件名称(&N)：", "文件类型(&T)："]
    assert QApplication.translate("QAbstractFileIconProvider", "Folder") == "文件夹"  # the 类型 column
    edit = QLineEdit()
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    assert [a.text().split("\t")[0] for a in menu.actions() if a.text()][:5] == [
        "撤消(&U)", "重做(&R)", "剪切(&T)", "复制(&C)", "粘贴(&P)"]


def test_file_dialogs_open_in_the_home_folder_when_the_documents_folder_is_missing(monkeypatch, tmp_path):
    """写出登记文件 opened in the program's working folder: the 文档 folder the system named did not exist."""
    from fazhi_desktop.qt.common import documents_dir

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    assert documents_dir() == tmp_path
    (tmp_path / "Documents").mkdir()
    assert documents_dir() == tmp_path / "Documents"


def test_the_exchange_file_choosers_open_on_the_stick(monkeypatch, tmp_path):
    from fazhi_desktop.qt import exchange

    stick = exchange.Drive(tmp_path / "KINGSTON", "KINGSTON", 10**9)
    locked = exchange.Drive(tmp_path / "LOCKED", "LOCKED", 0, read_only=True)
    monkeypatch.setattr(exchange, "removable_drives", lambda: [locked, stick])
    assert exchange.start_folder() == stick.path
    monkeypatch.setattr(exchange, "removable_drives", lambda: [locked])
    assert exchange.start_folder() == exchange.documents_dir()
