"""The county demo's progress box while it is built (a few seconds, the first time): Esc (and the title bar's ×)
hid it while the build went on, leaving no window at all until the county opened. Now they do nothing there; the box
goes when the build is done."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog

from fazhi_desktop.core import county_demo
from fazhi_desktop.qt import app as app_module


def _box() -> QProgressDialog:
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible())


def test_esc_does_not_hide_the_county_demos_progress_box(tmp_path, qtbot, monkeypatch):
    seen: dict[str, object] = {}

    def build(path, operator, step):
        step("正在生成李旺镇司法所（演示）的记录……")
        box = _box()
        qtbot.keyClick(box, Qt.Key.Key_Escape)
        box.close()  # the title bar's × or Alt+F4
        step("正在生成史店乡司法所（演示）的记录……")
        seen["visible"], seen["text"] = box.isVisible(), box.labelText()

    monkeypatch.setattr(county_demo, "build_county_demo", build)
    app_module._build_county_demo(tmp_path / "county-demo.db")
    assert seen["visible"] is True
    assert str(seen["text"]).endswith("正在生成史店乡司法所（演示）的记录……")
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
