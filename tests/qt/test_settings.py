"""设置: 长者模式 enlarges all text at once and is remembered; window geometry is remembered; the font resolver."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea

from fazhi_desktop.core.setup import init_database
from fazhi_desktop.qt import fonts
from fazhi_desktop.qt.main_window import create_main_window
from fazhi_desktop.qt.settings_view import SettingsView
from fazhi_desktop.qt.ui_settings import UiSettings

ACTOR = "杨芳"


@pytest.fixture(autouse=True)
def restore_app_font():
    app = QApplication.instance()
    font, base = QFont(app.font()), app.property("fazhi_base_point_size")
    yield
    app.setFont(font)
    app.setProperty("fazhi_base_point_size", base)


def open_window(qtbot, store, dialogs, ui_settings):
    window = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def settings_page(window) -> SettingsView:
    window.show_page("settings")
    return window.pages["settings"]


def app_point_size() -> float:
    return QApplication.instance().font().pointSizeF()


def test_large_text_mode_enlarges_all_text_at_once_and_is_remembered(qtbot, store, dialogs, ui_settings):
    window = open_window(qtbot, store, dialogs, ui_settings)
    normal = app_point_size()
    page = settings_page(window)
    assert page.normal_text.isChecked()
    page.large_text.click()
    assert app_point_size() >= 1.5 * normal
    # widgets follow the application font (Qt delivers the change as posted events)
    qtbot.waitUntil(lambda: window.nav.font().pointSizeF() >= 1.5 * normal, timeout=1000)
    view = window.pages["settings"]
    qtbot.waitUntil(lambda: view.large_text.font().pointSizeF() >= 1.5 * normal, timeout=1000)
    assert window.large_text_action.isChecked()
    window.close()

    again = open_window(qtbot, store, dialogs, QSettings(ui_settings.fileName(), QSettings.Format.IniFormat))
    assert app_point_size() >= 1.5 * normal
    assert settings_page(again).large_text.isChecked()
    settings_page(again).normal_text.click()
    assert app_point_size() == pytest.approx(normal)
    assert not UiSettings(ui_settings).large_text


def test_view_menu_switches_large_text_too(qtbot, store, dialogs, ui_settings):
    window = open_window(qtbot, store, dialogs, ui_settings)
    normal = app_point_size()
    window.large_text_action.trigger()
    assert app_point_size() >= 1.5 * normal
    assert settings_page(window).large_text.isChecked()


def test_window_geometry_is_remembered(qtbot, store, dialogs, ui_settings):
    window = open_window(qtbot, store, dialogs, ui_settings)
    window.resize(780, 520)  # above the window's least width (the list's filter bar: 708 since its 登记人 box)
    window.move(40, 30)
    qtbot.wait(10)
    window.close()
    again = open_window(qtbot, store, dialogs, QSettings(ui_settings.fileName(), QSettings.Format.IniFormat))
    assert (again.width(), again.height()) == (780, 520)


def test_last_page_is_reopened(qtbot, store, dialogs, ui_settings):
    window = open_window(qtbot, store, dialogs, ui_settings)
    window.show_page("complaint")
    window.close()
    again = open_window(qtbot, store, dialogs, ui_settings)
    assert again.current_name() == "complaint"


def test_settings_show_the_office_township_and_database(qtbot, store, dialogs, ui_settings):
    window = open_window(qtbot, store, dialogs, ui_settings)
    page = settings_page(window)
    texts = [label.text() for label in page.findChildren(type(window.office_label))]
    assert "海城镇司法所" in texts
    assert any("海城镇" in t and "640522100" in t for t in texts)
    assert str(store.path) in texts


def test_settings_fit_a_760_pixel_window_in_large_text(qtbot, tmp_path, ledgers, clock, dialogs, ui_settings):
    """At the county (县级汇总单位：) with its database in a folder of a long name, 设置 in 长者模式 at 760 pixels
    was wider than its page: it scrolled sideways and the 显示 hint ran off the right edge. A path
    that does not fit beside its label now goes under it."""
    county = init_database(tmp_path / "haiyuan_county_justice_bureau" / "county.db", "640522", county=True,
                           office="海原县司法局", ledgers=ledgers, clock=clock)
    window = open_window(qtbot, county, dialogs, ui_settings)
    window.resize(760, 600)
    window.set_large_text(True)
    try:
        page = settings_page(window)
        QApplication.processEvents()
        scroll = page.findChild(QScrollArea)
        assert scroll.horizontalScrollBar().maximum() == 0, page.content.minimumSizeHint().width()
        hint = page.display_hint
        right = hint.mapTo(scroll.viewport(), hint.rect().topRight()).x()
        assert right < scroll.viewport().width() and hint.height() >= hint.heightForWidth(hint.width())
        for label in page.content.findChildren(QLabel):  # the paths and the other hints are whole too
            if label.isVisible() and label.wordWrap():
                assert label.height() >= label.heightForWidth(label.width()), label.text()
    finally:
        window.set_large_text(False)
        county.close()


def test_font_resolver_prefers_the_usual_chinese_fonts():
    assert fonts.find_cjk_family(["DejaVu Sans", "WenQuanYi Micro Hei", "Microsoft YaHei"]) == "Microsoft YaHei"
    assert fonts.find_cjk_family(["LXGW WenKai", "Droid Sans Fallback"]) == "LXGW WenKai"
    assert fonts.find_cjk_family(["Some Chinese Font"]) == "Some Chinese Font"
    assert fonts.find_cjk_family([]) is None


def test_this_machine_has_a_chinese_font():
    assert fonts.find_cjk_family() is not None


def test_missing_chinese_font_is_explained_once(dialogs, ui_settings, monkeypatch):
    monkeypatch.setattr(fonts, "find_cjk_family", lambda available=None: None)
    ui = UiSettings(ui_settings)
    app = QApplication.instance()
    assert fonts.install_app_font(app, dialogs, ui) is None
    fonts.install_app_font(app, dialogs, ui)
    assert len(dialogs.shown) == 1
    kind, title, text = dialogs.shown[0]
    assert kind == "warn" and title == "缺少中文字体" and "fonts-wqy-microhei" in text


def test_install_sets_a_chinese_font_at_a_readable_size(dialogs, ui_settings):
    app = QApplication.instance()
    family = fonts.install_app_font(app, dialogs, UiSettings(ui_settings))
    assert app.font().family() == family
    assert app.font().pointSizeF() >= fonts.NORMAL_POINT_SIZE
    assert dialogs.shown == []


def test_check_boxes_grow_with_the_text_in_large_text_mode(qtbot, qapp):
    """长者模式 made the text 1.5 times as large and left check boxes and radio buttons 14 pixels."""
    from PySide6.QtWidgets import QCheckBox, QStyle

    from fazhi_desktop.qt import fonts

    style = fonts.TextScaledStyle(qapp.style().name())
    box = QCheckBox("主要负责同志")
    box.setStyle(style)
    qtbot.addWidget(box)
    metric = QStyle.PixelMetric.PM_IndicatorWidth
    fonts.apply_text_size(qapp, False)
    normal = style.pixelMetric(metric, None, box)
    fonts.apply_text_size(qapp, True)
    try:
        assert style.pixelMetric(metric, None, box) >= normal * 1.4
        assert style.pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, None, box) > normal
    finally:
        fonts.apply_text_size(qapp, False)
    assert style.pixelMetric(metric, None, box) == normal
