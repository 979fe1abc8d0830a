"""A warning too tall for the screen keeps its warning sign (code review B of the twenty-second session): the
scrolling box `info_box` falls back to had no icon, and a receipt naming 200 lost records looked like any
information box."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMessageBox, QScrollArea

from fazhi_desktop.qt.dialogs import info_box

TEXT = "县里有 200 条本所已没有的记录：\n" + "\n".join(f"会议：〔2026〕会记字第{n}号" for n in range(200))


def _signs(box) -> list[QLabel]:
    return [label for label in box.findChildren(QLabel) if label.pixmap() is not None and not label.pixmap().isNull()]


def test_a_long_warning_keeps_its_warning_sign_beside_the_text(qtbot):
    box = info_box(None, "已导入回执", TEXT, QMessageBox.Icon.Warning)
    qtbot.addWidget(box)
    assert not isinstance(box, QMessageBox)  # too tall: the scrolling box
    [sign] = _signs(box)
    warning = QMessageBox(QMessageBox.Icon.Warning, "", "").iconPixmap()
    assert sign.pixmap().toImage() == warning.toImage()
    box.show()
    scroll = box.findChild(QScrollArea)
    assert sign.geometry().right() < scroll.geometry().left()  # beside it, not above
    assert sign.geometry().top() <= scroll.geometry().top() + sign.height()


def test_long_information_has_no_sign(qtbot):
    box = info_box(None, "快捷键", TEXT, QMessageBox.Icon.NoIcon)
    qtbot.addWidget(box)
    assert not isinstance(box, QMessageBox) and not _signs(box)
