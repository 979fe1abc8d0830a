"""设置 by the keyboard: each Alt letter on the page and the menu bar names one thing. 更换恢复码(&H) shared H with
the menu bar's 帮助(&H): one letter for two things, so Alt+H did not surely reach the button it is shown on."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QLabel

from fazhi_desktop.qt.main_window import SETTINGS_PAGE, create_main_window

LETTER = re.compile(r"&(\w)")


def test_no_alt_letter_on_the_settings_page_is_the_menu_bars_or_another_buttons(qtbot, store, dialogs, ui_settings):
    window = create_main_window(store, dialogs, ui_settings, "杨芳")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(SETTINGS_PAGE)
    page = window.pages[SETTINGS_PAGE]
    texts = [a.text() for a in window.menuBar().actions()]
    texts += [w.text() for w in page.findChildren(QAbstractButton) + page.findChildren(QLabel) if w.isVisible()]
    used: dict[str, str] = {}
    for text in texts:
        for letter in LETTER.findall(text):
            assert letter.upper() not in used, (text, used.get(letter.upper()))
            used[letter.upper()] = text
    assert used.get("H") == "帮助(&H)"
    assert used.get("G") == "更换恢复码(&G)…"  # as 更换密钥(&G) in 密钥与登记
