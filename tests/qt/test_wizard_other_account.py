"""The first-start wizard says whose folder the office's data goes into, and that a PC's other account already
using the program is the one to sign in with: a second Windows account on the office's PC met an empty wizard with
no word of it and set the township up a second time."""

from __future__ import annotations

import getpass
import sys

from PySide6.QtWidgets import QLabel

from fazhi_desktop.core import paths
from fazhi_desktop.qt.wizard import SetupWizard


def shown(qtbot, db_path, dialogs) -> SetupWizard:
    wizard = SetupWizard(db_path, dialogs)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def test_the_first_page_names_the_accounts_folder_and_the_other_account(qtbot, dialogs, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "frozen", False, raising=False)  # not portable: the repository has no portable.txt
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "马丽" / "AppData" / "Local"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "马丽" / "AppData" / "Local"))
    wizard = shown(qtbot, paths.data_dir() / "fazhi.db", dialogs)
    note = wizard.mode_page.account_note
    assert note and str(paths.data_dir()) in note and f"（{getpass.getuser()}）" in note
    assert "其他账户如果已经在用法治台账" in note and "不要在这里重新设置" in note
    assert any(label.text() == note and label.isVisible() for label in wizard.mode_page.findChildren(QLabel))
    wizard.grab().save(str(tmp_path / "wizard-first-page.png"))


def test_a_database_elsewhere_is_not_said_to_be_the_accounts(qtbot, dialogs, tmp_path):
    """FAZHI_DB on D:\\法治台账 for every account, or `--db`: the note would be wrong there."""
    assert shown(qtbot, tmp_path / "共用" / "fazhi.db", dialogs).mode_page.account_note is None
