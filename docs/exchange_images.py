"""Screenshots of 数据交换 (bundles) into docs/img/: what a township sends, what the county sees on import (two
bundles imported, a damaged one refused), both offices' keys and 数据包记录 windows, and what one bundle brought.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/exchange_images.py

Two demonstration townships export to one folder standing for the USB stick; a copy of one bundle has a byte
changed, as a bad stick or a tamperer would leave it.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings
from PySide6.QtWidgets import QApplication, QWizard
from screenshots import save  # docs/screenshots.py, beside this file

from fazhi_desktop.core.bundle import county_key
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.apply import import_bundle
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.bundle.receipts import import_receipt, write_receipts
from fazhi_desktop.core.demo import fill_demo
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import ListQuery
from fazhi_desktop.qt import fonts
from fazhi_desktop.qt.dialogs import Dialogs
from fazhi_desktop.qt.exchanges_view import ExchangesDialog
from fazhi_desktop.qt.export_wizard import ExportWizard
from fazhi_desktop.qt.import_dialog import ImportDialog
from fazhi_desktop.qt.keys_view import KeysDialog
from fazhi_desktop.qt.ui_settings import UiSettings

TOWNSHIPS = (("640522100", "海城镇司法所"), ("640522101", "李旺镇司法所"))
TOWN_PASS, COUNTY_PASS = "demo-township", "demo-county"


class Stick:
    """Answers the folder question with the demonstration USB stick."""

    def __init__(self, folder: Path):
        self.path = folder

    def folder(self, parent, title, start=None) -> Path:
        return self.path


def wait_until(app: QApplication, done, seconds: float = 120) -> None:
    """Let the worker threads' results arrive until `done()` (or the time is up)."""
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    root = Path(tempfile.mkdtemp(prefix="fazhi-exchange-"))
    try:
        ui = UiSettings(QSettings(str(root / "ui.ini"), QSettings.Format.IniFormat))
        fonts.install_app_font(app, Dialogs(), ui)
        county = init_database(root / "county.db", "640522", county=True, office="海原县司法局", operator="马县级")
        public = keymod.init_county_keys(county, COUNTY_PASS)
        stick = root / "U盘"
        stick.mkdir()
        towns = []
        for index, (code, office) in enumerate(TOWNSHIPS):
            town = init_database(root / f"{code}.db", code, office=office, operator="杨芳")
            fill_demo(town, 2026, per_ledger=8, seed=3 + index, actor="杨芳")
            keymod.init_township_key(town, TOWN_PASS)
            county_key.add_county_keys(town, public.file_text(), "杨芳")
            keymod.enrol(county, keymod.township_key(town), "马县级")
            export_bundle(town, stick, keymod.unlock_township_key(town, TOWN_PASS), full=True)
            towns.append(town)
        damaged = bytearray((stick / "fazhi-640522101-000001.tar.age").read_bytes())
        damaged[len(damaged) // 2] ^= 0x01
        (stick / "fazhi-640522101-000002.tar.age").write_bytes(bytes(damaged))

        wizard = ExportWizard(towns[0], Dialogs(), "杨芳", Stick(stick))
        wizard.resize(760, 560)
        wizard.show()
        wizard.place.choose.click()
        wizard.button(QWizard.WizardButton.NextButton).click()
        wait_until(app, lambda: wizard.plan_task is None)  # the plan is read on a worker thread
        save(app, wizard, "exchange-export-plan")
        wizard.reject()

        dialog = ImportDialog(county, Dialogs(), "马县级", Stick(stick))
        dialog.show()
        dialog.choose_folder()
        dialog.passphrase.setText(COUNTY_PASS)
        dialog.start(dry_run=False)
        wait_until(app, lambda: dialog.task is None)
        save(app, dialog, "exchange-import-report")
        dialog.reject()

        for store, name in ((towns[0], "exchange-keys-township"), (county, "exchange-keys-county")):
            keys = KeysDialog(store, Dialogs(), "杨芳")
            keys.show()
            save(app, keys, name)
            keys.reject()
        # the township imports the county's receipt, corrects a record and exports again: one bundle confirmed,
        # one on its way
        [receipt] = write_receipts(county, keymod.unlock_county_keys(county, COUNTY_PASS), stick, [TOWNSHIPS[0][0]])
        import_receipt(towns[0], receipt.path, "杨芳")
        meeting = towns[0].list(ListQuery("meeting"), limit=1)[0]
        towns[0].save("meeting", {"location": "镇政府二楼会议室"}, "杨芳", record_id=meeting.id)
        second = export_bundle(towns[0], stick, keymod.unlock_township_key(towns[0], TOWN_PASS), actor="杨芳")
        for store, name in ((towns[0], "exchange-records-township"), (county, "exchange-records-county")):
            records = ExchangesDialog(store)
            records.show()
            save(app, records, name)
            if store is county:  # the county imports the correction too, then looks at what the first bundle brought
                import_bundle(county, second.path, keymod.unlock_county_keys(county, COUNTY_PASS), "马县级")
                records.reject()
                records = ExchangesDialog(store, open_record=lambda record: None)  # as in the program: 打开记录 on
                records.show()
                bundles = (records.model.bundle_at(i) for i in range(records.model.rowCount()))  # read as paged
                row = next(i for i, b in enumerate(bundles) if (b.township, b.sequence) == (TOWNSHIPS[0][0], 1))
                arrivals = records.show_arrivals(row)
                save(app, arrivals, "exchange-records-arrivals")
                arrivals.reject()
            records.reject()
        for store in (*towns, county):
            store.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
