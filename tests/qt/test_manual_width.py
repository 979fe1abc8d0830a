"""The manual beside a dialog on a laptop at 150 % (1280x672 above the task bar). Narrowed beside a centred dialog
it stayed narrow for good: F1 later in the main window, or beside a dialog with room, showed it at 30 characters.
Narrowed, its contents list was cut to "一、…" and it covered the start of the dialog's lines on the left."""

import sys
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication, QDialog, QWidget

sys.path.insert(0, str(Path(__file__).parent))

from test_manual import window  # noqa: F401

from fazhi_desktop.qt.common import em

ROOM = QRect(0, 0, 1280, 672)


def dialog_at(parent: QWidget, qtbot, x: int, width: int) -> QDialog:
    dialog = QDialog(parent)
    qtbot.addWidget(dialog)
    dialog.setModal(True)
    dialog.setGeometry(x, 40, width, 500)
    dialog.show()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog)
    return dialog


def test_the_manual_is_full_width_again_from_the_main_window_after_a_dialog(window, qtbot, monkeypatch):  # noqa: F811
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: ROOM)
    dialog = dialog_at(window, qtbot, (1280 - 884) // 2, 884)
    manual = window.show_manual()
    QApplication.processEvents()
    narrowed = manual.width()
    assert narrowed < em(manual, 60)  # narrowed beside the dialog, as it should be
    manual.close()
    dialog.close()
    QApplication.processEvents()
    manual = window.show_manual()  # F1 in the main window, no dialog: the manual's own width
    QApplication.processEvents()
    assert manual.width() == em(manual, 68), (manual.width(), narrowed)
    assert ROOM.contains(manual.frameGeometry()) and manual.contents.isVisible()


def test_the_manual_beside_a_later_dialog_with_room_is_wide_again(window, qtbot, monkeypatch):  # noqa: F811
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: ROOM)
    for x, wide in ((1280 - 884) // 2, 884), (20, 300):  # centred, then small at the left
        dialog = dialog_at(window, qtbot, x, wide)
        manual = window.show_manual()
        QApplication.processEvents()
        width = manual.width()
        manual.close()
        dialog.close()
        QApplication.processEvents()
    free = 1280 - 20 - 300 - 40  # beside the small dialog
    assert width >= min(em(manual, 68), free) - 40, (width, free, em(manual, 68))


def test_beside_a_centred_dialog_the_narrow_manual_is_on_its_right_without_a_cut_contents_list(window, qtbot,  # noqa: F811
                                                                                                monkeypatch):
    """The export wizard, 884 wide, centred a few pixels right of the middle: 4 pixels more room on its left put
    the manual over the start of its lines (its red warning); and a 104-pixel contents list named nothing."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: ROOM)
    dialog = dialog_at(window, qtbot, (1280 - 884) // 2 + 4, 884)
    manual = window.show_manual()
    QApplication.processEvents()
    assert manual.frameGeometry().left() > dialog.frameGeometry().center().x(), manual.frameGeometry()
    assert ROOM.contains(manual.frameGeometry())
    assert manual.contents.isHidden()
    assert manual.browser.width() > 0.9 * manual.width()  # the text has the room the contents list gave up
    manual.resize(em(manual, 60), manual.height())  # made wider by the user: the contents list comes back
    QApplication.processEvents()
    assert manual.contents.isVisible() and manual.contents.width() >= em(manual, 10), manual.contents.width()
    manual.close()
    dialog.close()


def test_a_dialog_with_clearly_more_room_on_its_left_has_the_manual_there(window, qtbot, monkeypatch):  # noqa: F811
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: ROOM)
    dialog = dialog_at(window, qtbot, 1280 - 500, 480)
    manual = window.show_manual()
    QApplication.processEvents()
    assert manual.frameGeometry().right() < dialog.frameGeometry().left(), manual.frameGeometry()
    assert manual.contents.isVisible()  # room enough for it
    manual.close()
    dialog.close()
