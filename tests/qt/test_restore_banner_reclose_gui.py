# ruff: noqa: F811  (the archived fixture imported from tests/archived_year.py)
"""The main window's restore banner names the year the restore reopened (`2026年须再次封账`); once the 所长 dismissed
the receipt steps it still says it, without a 不再提示 that could not end it; closing the year ends it at once."""

from __future__ import annotations

from archived_year import STAFF_PASSWORD, archived  # noqa: F401  (fixture)

from fazhi_desktop.core import accounts, year_close
from fazhi_desktop.core.backup import restore
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.main_window import create_main_window
from fazhi_desktop.qt.year_close_view import open_year_close


def test_the_banner_names_the_year_to_close_again(qtbot, store, archived, clock, dialogs, ui_settings, request):
    path = store.path
    store.close()
    restore(path, archived["backup"], "admin", clock=clock)
    restored = Store.open(path, clock=clock)
    request.addfinalizer(restored.close)
    accounts.login(restored, "杨芳", STAFF_PASSWORD)
    window = create_main_window(restored, dialogs, ui_settings, "杨芳")
    qtbot.addWidget(window)
    window.show()
    banner = window.restore_banner
    assert banner.isVisibleTo(window) and "2026年须再次封账" in banner.label.text()
    banner.dismiss_button.click()
    assert banner.isVisibleTo(window) and banner.label.text().startswith("2026年须再次封账")
    assert not banner.dismiss_button.isVisibleTo(window)
    dialog = open_year_close(window)
    dialog.year_combo.setCurrentText("2026年")
    dialogs.confirm_answers.append(True)
    dialog.close_year_button.click()
    assert year_close.is_closed(restored.conn, 2026) and not banner.isVisibleTo(window)
    dialog.reject()
