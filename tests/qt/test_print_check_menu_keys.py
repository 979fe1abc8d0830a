"""核验打印件 of a register page naming several records changed since: 打开记录 offers each by its number. Pressed
from the keyboard (Alt+O, as the button says, or Space), the menu came up and, once it closed, the first record was
opened too: beside the one picked, or after Esc had picked none."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from test_print_check_register_open import cases, checked, first_page_code

ACTOR = "杨芳"
ALT_O = (Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
SPACE = (Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier)
PICK_SECOND = (Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Return)
ESC = (Qt.Key.Key_Escape,)


def in_menu(qtbot, keys: tuple[Qt.Key, ...]) -> list[bool]:
    """Press `keys` in the menu once it is up (it runs its own loop while open); the list returned holds True then."""
    done: list[bool] = []

    def press() -> None:
        menu = QApplication.activePopupWidget()
        if menu is None:  # not up yet (Alt+O presses the button for a moment first)
            QTimer.singleShot(20, press)
            return
        for key in keys:
            qtbot.keyClick(menu, key)
        done.append(True)

    QTimer.singleShot(20, press)
    return done


@pytest.mark.parametrize("how", [ALT_O, SPACE], ids=["alt_o", "space"])
@pytest.mark.parametrize(("keys", "opens"), [(PICK_SECOND, [3]), (ESC, [])], ids=["pick_second", "esc"])
def test_the_menu_from_the_keyboard_opens_only_the_record_picked(qtbot, store, valid_record, how, keys, opens):
    saved = cases(store, valid_record, 4)
    code = first_page_code(store)
    for record in (saved[1], saved[3]):
        store.save("mediation_case", {"case_name": "马某与李某宅基地边界纠纷"}, ACTOR, record_id=record.id)
    dialog, opened = checked(qtbot, store, code)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.open_button.setFocus()
    done = in_menu(qtbot, keys)
    with qtbot.waitSignal(dialog.open_button.clicked):  # the button's own click, from the keyboard
        qtbot.keyClick(dialog.open_button, *how)
    qtbot.waitUntil(lambda: bool(done) and QApplication.activePopupWidget() is None)
    assert [record.number for record in opened] == [saved[n].number for n in opens]
