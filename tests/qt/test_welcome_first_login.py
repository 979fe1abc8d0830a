"""A newcomer's first login (an account's first, not the office's setup, whose 第一次使用 list shows itself) opened
on an empty ledger list with nothing said: she did not know that 待办事项 lists what her predecessor left, nor where
the manual is. Her first login now says where to start, above the pages, once, until 知道了."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fazhi_desktop.core import accounts, setup
from fazhi_desktop.qt.main_window import create_main_window

NEW_PASSWORD = "zhouting-2026"


def test_a_newcomers_first_login_says_where_to_start_once(qtbot, store, staff, dialogs, ui_settings, valid_record):
    accounts.login(store, "admin", "mima-2026")
    store.save("meeting", valid_record("meeting"), "admin")  # an office in use: her predecessor left records
    accounts.add_account(store, "周婷", None, "录入员", NEW_PASSWORD, temporary=False)
    user = accounts.login(store, "周婷", NEW_PASSWORD)
    window = create_main_window(store, dialogs, ui_settings, user)
    qtbot.addWidget(window)
    window.show()
    banner = window.welcome_banner
    assert banner.isVisible()
    said = banner.label.text()
    assert "周婷" in said and "统计 → 待办事项" in said and "帮助 → 使用说明" in said
    banner.todo_button.click()  # straight to what is open, her predecessor's matters among it
    assert window.todo_dialog.isVisible()
    window.todo_dialog.close()
    banner.close_button.click()
    assert not banner.isVisible()
    window.close()

    again = create_main_window(store, dialogs, ui_settings, accounts.login(store, "周婷", NEW_PASSWORD))
    qtbot.addWidget(again)
    again.show()
    assert not again.welcome_banner.isVisible()  # her second login: said once
    again.close()


def test_the_office_setup_shows_its_first_steps_not_this_note(tmp_path):
    store = setup.init_database(tmp_path / "t.db", "640522211", office="李俊乡司法所", operator="马丽",
                                admin_password="mima-2026")
    assert store.user is not None and not store.user.first_login
    store.close()


def test_the_note_leaves_the_cursor_in_the_list_and_esc_on_it_closes_it(qtbot, store, staff, dialogs, ui_settings):
    """At the first login the cursor started on the note's 待办事项… (its first button), so Enter opened 待办事项
    instead of the list; and Esc did not close the note."""
    accounts.login(store, "admin", "mima-2026")
    accounts.add_account(store, "周婷", None, "录入员", NEW_PASSWORD, temporary=False)
    window = create_main_window(store, dialogs, ui_settings, accounts.login(store, "周婷", NEW_PASSWORD))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    banner = window.welcome_banner
    assert banner.isVisible() and QApplication.focusWidget() is window.nav  # where it is without the note
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert getattr(window, "todo_dialog", None) is None  # Enter opened no 待办事项
    banner.todo_button.setFocus()  # Tab took her to the note
    qtbot.keyClick(banner.todo_button, Qt.Key.Key_Escape)
    assert not banner.isVisible() and QApplication.focusWidget() is window.nav
    window.close()


def test_in_a_new_office_the_note_points_to_new_record_and_speaks_of_no_predecessor(qtbot, store, staff, dialogs,
                                                                                    ui_settings):
    """A new office (no records yet): the note sent the clerk to an empty 待办事项, saying her predecessor's
    matters were in it. It now points to 新建记录 (Ctrl+N), and 待办事项… is not offered."""
    accounts.login(store, "admin", "mima-2026")
    accounts.add_account(store, "周婷", None, "录入员", NEW_PASSWORD, temporary=False)
    window = create_main_window(store, dialogs, ui_settings, accounts.login(store, "周婷", NEW_PASSWORD))
    qtbot.addWidget(window)
    window.show()
    banner = window.welcome_banner
    said = banner.label.text()
    assert banner.isVisible() and "新建记录" in said and "Ctrl+N" in said
    assert "前任" not in said and "帮助 → 使用说明" in said
    assert not banner.todo_button.isVisible()
    window.close()
