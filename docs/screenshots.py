"""Screenshots of the main screens, from a fresh demonstration database, into docs/img/.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots.py

Each picture is what a clerk sees: the five ledger lists, an open record, the roster, settings, the setup wizard,
the main window in 长者模式 (large text), and 从Excel导入记录 reading a workbook of January–August cases with the
mistakes clerks make (a choice not on the list, 4月31日, a wrong ID digit, an ID Excel stored as a number, a case
already entered).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from openpyxl import load_workbook
from PySide6.QtCore import QEventLoop, QSettings
from PySide6.QtWidgets import QApplication, QWidget, QWizard

from fazhi_desktop.core.clock import local_today, system_clock
from fazhi_desktop.core.demo import fill_demo
from fazhi_desktop.core.excel_template import write_template
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import ListQuery
from fazhi_desktop.qt import fonts
from fazhi_desktop.qt.dialogs import Dialogs
from fazhi_desktop.qt.excel_import_view import open_excel_import
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


class ChosenFile:
    """Answers 选择文件 with the workbook, as the clerk picking it in the file dialog."""

    def __init__(self, path: Path):
        self.path = path

    def open_files(self, parent, title, pattern) -> list[str]:
        return [str(self.path)]


def cases_workbook(store, path: Path) -> Path:
    """调解案件's import template as a clerk filled it in from her Excel 台账 of January–August: eight cases, two
    parties each, with the five things the dialog lists (four problems and a case entered already)."""
    entered = next(r for r in store.list(ListQuery("mediation_case")) if r.values["case_category"] == "人民调解"
                   and r.values["accepted_on"][5:] < "09")
    year = entered.values["accepted_on"][:4]
    cases = [("人民调解", "马占福", "田志军", "相邻通行纠纷", "01-12", "邻里纠纷"),
             ("人民调解", "杨秀英", "马成", "婚姻家庭纠纷", "02-20", "婚姻家庭纠纷"),
             ("人民调解", "海军", "马文", "土地承包纠纷", "03-05", "土地纠纷"),  # not one of the choices
             ("人民调解", "田玉兰", "虎生", "宅基地纠纷", "04-31", "房屋宅基地纠纷"),  # April has 30 days
             ("行政调解", "马小军", "李强", "道路交通事故纠纷", "05-18", "道路交通事故纠纷"),
             ("人民调解", "马海", "杨成", "劳务合同纠纷", "07-22", "合同纠纷"),
             ("人民调解", "虎志明", "马兰", "损害赔偿纠纷", "08-14", "损害赔偿纠纷")]
    rows = [({"案件类别": kind, "案件名称": f"{one}与{other}{what}", "受理日期": f"{year}-{day}",
              "纠纷类型": dispute}, (one, other)) for kind, one, other, what, day, dispute in cases]
    parties_of_entered = tuple(p["name"] for p in entered.values["parties"][:2])
    rows.insert(5, ({"案件类别": "人民调解", "案件名称": entered.values["case_name"],
                     "受理日期": entered.values["accepted_on"], "纠纷类型": entered.values["dispute_type"]},
                    parties_of_entered))
    for key, (case, _names) in enumerate(rows, 1):
        case["序号"] = key
    parties = [{"记录序号": key, "角色": role, "当事人类型": "自然人", "姓名": name} for key, (_case, names)
               in enumerate(rows, 1) for role, name in zip(("申请人", "被申请人"), names, strict=True)]
    parties[2]["身份证号"] = "640522198703150417"  # a digit mistyped: the check digit disagrees
    parties[9]["身份证号"] = 640522199001012316  # pasted as a number: Excel keeps 15 digits
    write_template(store.ledger("mediation_case"), path)
    book = load_workbook(path)
    for sheet, lines in ((book.worksheets[0], [case for case, _names in rows]), (book["当事人"], parties)):
        columns = {cell.value: cell.column for cell in sheet[1]}
        for number, line in enumerate(lines, 2):
            for label, value in line.items():
                sheet.cell(row=number, column=columns[label]).value = value
    book.save(path)
    return path


def shoot_excel_import(app: QApplication, store, ui: UiSettings, directory: Path) -> None:
    window = create_main_window(store, Dialogs(), ui, OPERATOR)
    window.resize(*SIZE)
    window.show()
    window.show_page("mediation_case")
    desktop = directory / "桌面"  # where a clerk keeps the workbook she copied from the office's old PC
    desktop.mkdir()
    window.exchange_prompts = ChosenFile(cases_workbook(store, desktop / "调解案件1-8月.xlsx"))
    dialog = open_excel_import(window)
    dialog.choose_button.click()
    wait_for(app, lambda: dialog.task is None, timeout=20)
    save(app, dialog, "excel-import")
    dialog.reject()
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
        shoot_excel_import(app, store, ui, directory)
        ui.large_text = True
        shoot_window(app, store, ui, "large-")
        ui.large_text = False
        fonts.apply_text_size(app, False)
        shoot_wizard(app, directory)
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
