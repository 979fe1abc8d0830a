"""Screenshots of the main screens, from a fresh demonstration database, into docs/img/.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots.py

Each picture is what a clerk sees: the five ledger lists, an open record, the roster, settings, the setup wizard,
and the main window in 长者模式 (large text).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings
from PySide6.QtWidgets import QApplication, QWidget, QWizard

from fazhi_desktop.core.clock import local_today, system_clock
from fazhi_desktop.core.demo import fill_demo
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.qt import fonts
from fazhi_desktop.qt.dialogs import Dialogs
from fazhi_desktop.qt.main_window import create_main_window
from fazhi_desktop.qt.ui_settings import UiSettings
from fazhi_desktop.qt.wizard import SetupWizard

OUT = Path(__file__).resolve().parent / "img"
SIZE = (1280, 760)
OPERATOR = "杨芳"


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def wait_for(app: QApplication, condition, timeout: float = 3.0) -> None:
    """Let the search box's debounce timer fire, as a user pausing after typing."""
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def save(app: QApplication, widget: QWidget, name: str) -> Path:
    settle(app)
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(path.relative_to(OUT.parent.parent))
    return path


def shoot_window(app: QApplication, store, ui: UiSettings, prefix: str) -> None:
    window = create_main_window(store, Dialogs(), ui, OPERATOR)
    window.resize(*SIZE)
    window.show()
    for name in window.ledger_names if not prefix else ["meeting", "mediation_case"]:
        window.show_page(name)
        view = window.pages[name]
        view.table.selectRow(0)
        save(app, window, f"{prefix}{name}")
    if prefix:
        window.show_page("settings")
        save(app, window, f"{prefix}settings")
        window.close()
        return
    window.show_page("mediation_case")
    view = window.pages["mediation_case"]
    view.search.setText("王兰")
    wait_for(app, lambda: view.model.query.text == "王兰")
    save(app, window, "search")
    view.search.clear()
    wait_for(app, lambda: not view.model.query.text)
    window.show_page("meeting")
    window.pages["meeting"].table.selectRow(0)
    editor = window.open_selected()
    if editor is not None:
        save(app, editor, "editor-meeting")
        editor.close()
    window.show_page("mediation_case")
    window.pages["mediation_case"].table.selectRow(0)
    editor = window.open_selected()
    if editor is not None:
        save(app, editor, "editor-mediation_case")
        editor.close()
    window.show_page("people")
    roster = window.pages["people"]
    save(app, window, "roster")
    roster.table.selectRow(6)
    roster.edit_person()
    save(app, roster.dialog, "roster-person")
    roster.dialog.reject()
    window.show_page("settings")
    save(app, window, "settings")
    window.close()


def shoot_wizard(app: QApplication, directory: Path) -> None:
    wizard = SetupWizard(directory / "new.db", Dialogs())
    wizard.show()
    save(app, wizard, "wizard-1-mode")
    wizard.button(QWizard.WizardButton.NextButton).click()
    wizard.place_page.township_combo.setCurrentIndex(wizard.place_page.township_combo.findText("李旺镇"))
    save(app, wizard, "wizard-2-place")
    wizard.button(QWizard.WizardButton.NextButton).click()
    wizard.operator_page.operator.setText("马丽")
    save(app, wizard, "wizard-3-operator")
    wizard.reject()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as temp:
        directory = Path(temp)
        ui = UiSettings(QSettings(str(directory / "ui.ini"), QSettings.Format.IniFormat))
        fonts.install_app_font(app, Dialogs(), ui)
        store = init_database(directory / "demo.db", "640522100", office="海城镇司法所", operator=OPERATOR)
        fill_demo(store, local_today(system_clock).year, per_ledger=30, seed=2026, actor=OPERATOR)
        shoot_window(app, store, ui, "")
        ui.large_text = True
        shoot_window(app, store, ui, "large-")
        ui.large_text = False
        fonts.apply_text_size(app, False)
        shoot_wizard(app, directory)
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
