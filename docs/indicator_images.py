"""Screenshots of 本年度指标 (a township) and 县级汇总 (the county), into docs/img/.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/indicator_images.py

The county is built the real way: 18 townships with demo data of different sizes (so some targets are met, some
at risk, some missed), keys made and enrolled, bundles exported and imported; two townships never send, one
bundle never arrives (a gap), one township last sent months ago. The date is fixed at 2026-11-20.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from fazhi_desktop.core import divisions
from fazhi_desktop.core.bundle import county_key, import_bundle
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.demo import fill_demo
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.qt import fonts
from fazhi_desktop.qt.dialogs import Dialogs
from fazhi_desktop.qt.main_window import create_main_window
from fazhi_desktop.qt.ui_settings import UiSettings

OUT = Path(__file__).resolve().parent / "img"
SIZE = (1280, 800)
PASS = "screenshot-passphrase"
LOW_COST = (32768, 1 << 21)  # cheap key encryption: these keys are thrown away
SILENT = ("640522213", "640522214")  # never send anything
LATE = "640522212"  # last sent in August
GAP = "640522211"  # bundle 2 never arrives


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def save(app: QApplication, widget: QWidget, name: str) -> None:
    for _ in range(5):
        app.processEvents()
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(path.relative_to(OUT.parent.parent))


def build(directory: Path, clock: Clock):
    county = init_database(directory / "county.db", "640522", county=True, office="海原县司法局", operator="马县级",
                           clock=clock)
    public = keymod.init_county_keys(county, PASS, cost=LOW_COST)
    keys = keymod.unlock_county_keys(county, PASS)
    towns = {}
    for index, town in enumerate(divisions.townships("640522")):
        store = init_database(directory / f"{town.code}.db", town.code, operator="杨芳", clock=clock)
        keymod.init_township_key(store, PASS, cost=LOW_COST)
        county_key.add_county_keys(store, public.file_text(), "杨芳")
        if town.code not in SILENT:
            keymod.enrol(county, keymod.township_key(store), "马县级")
        per_ledger = (6, 10, 14, 22, 30)[index % 5]
        clock.now = datetime(2026, 8, 1, 2, tzinfo=UTC) if town.code == LATE else datetime(2026, 11, 20, 2, tzinfo=UTC)
        fill_demo(store, 2026, per_ledger=per_ledger, seed=index, actor="杨芳")
        towns[town.code] = store
        if town.code in SILENT:
            continue
        usb = directory / f"usb-{town.code}"
        usb.mkdir()
        signer = keymod.unlock_township_key(store, PASS)
        if town.code == GAP:
            export_bundle(store, usb, signer, full=True)  # number 1 arrives
            import_bundle(county, sorted(usb.iterdir())[0], keys, "马县级")
            store.save("meeting", {"title": "补充会议", "meeting_type": "党委会", "held_on": "2026-11-02",
                                   "office_head_attendance": "全程"}, "杨芳")
            export_bundle(store, usb, signer)  # number 2 is lost
            store.save("meeting", {"title": "又一次会议", "meeting_type": "党委会", "held_on": "2026-11-10",
                                   "office_head_attendance": "全程"}, "杨芳")
        result = export_bundle(store, usb, signer, full=town.code != GAP)
        report = import_bundle(county, result.path, keys, "马县级")
        assert report.ok, report.error
    clock.now = datetime(2026, 11, 20, 2, tzinfo=UTC)
    return county, towns


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    clock = Clock()
    with tempfile.TemporaryDirectory() as temp:
        directory = Path(temp)
        ui = UiSettings(QSettings(str(directory / "ui.ini"), QSettings.Format.IniFormat))
        fonts.install_app_font(app, Dialogs(), ui)
        county, towns = build(directory, clock)
        township = towns["640522100"]
        window = create_main_window(township, Dialogs(), ui, "杨芳")
        window.resize(*SIZE)
        window.show()
        window.show_page("indicators")
        page = window.page("indicators")
        save(app, window, "indicators")
        drill = page.show_records(next(i for i, f in enumerate(page.figures) if f.indicator.code == "T40b"))
        save(app, drill, "indicator-drill")
        drill.reject()
        window.close()
        window = create_main_window(county, Dialogs(), ui, "马县级")
        window.resize(*SIZE)
        window.show()
        window.show_page("county")
        page = window.page("county")
        save(app, window, "county-matrix")
        for tab, name in ((1, "county-chart"), (2, "county-completeness"), (3, "county-mediation")):
            page.tabs.setCurrentIndex(tab)
            save(app, window, name)
        page.tabs.setCurrentWidget(page.records)
        page.records.township_combo.setCurrentIndex(page.records.township_combo.findData("640522101"))
        save(app, window, "county-records")
        window.close()
        for store in (county, *towns.values()):
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
