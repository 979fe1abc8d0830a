"""The one way the GUI asks or tells the user something in a message box. Tests pass a scripted replacement."""

from __future__ import annotations

import math
from enum import Enum

from PySide6 import QtGui
from PySide6.QtCore import Qt, QTranslator
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.qt.common import TITLE_BAR, em, fit_to_screen, screen_room


class Answer(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class Dialogs:
    """Message boxes with Chinese buttons. Every method is replaceable in tests (see tests/qt/conftest.py)."""

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        install_translations(QApplication.instance())  # its 确定 button is Qt's own
        info_box(parent, title, text).exec()

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        install_translations(QApplication.instance())
        info_box(parent, title, text, QMessageBox.Icon.Warning).exec()  # a long one (导入县级回执's list) scrolls

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        install_translations(QApplication.instance())
        message_box(QMessageBox.Icon.Critical, parent, title, text, QMessageBox.StandardButton.Ok).exec()

    def confirm(self, parent: QWidget | None, title: str, text: str, yes: str = "确定", no: str = "取消",
                default: bool = True) -> bool:
        """`default`: the answer Enter gives (False where the safe answer is no)."""
        box = message_box(QMessageBox.Icon.Question, parent, title, text)
        yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes_button if default else no_button)
        box.exec()
        return box.clickedButton() is yes_button

    def choose(self, parent: QWidget | None, title: str, text: str, choices: tuple[str, ...]) -> str | None:
        """One of `choices` (buttons, the first the default), or None for 取消 / Esc / the title bar's ×: a question
        only the user can answer, with no safe default (是同一人 / 是另一人)."""
        box = message_box(QMessageBox.Icon.Question, parent, title, text)
        buttons = {box.addButton(choice, QMessageBox.ButtonRole.AcceptRole): choice for choice in choices}
        cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(next(iter(buttons)))
        box.setEscapeButton(cancel)
        box.exec()
        return buttons.get(box.clickedButton())

    def save_discard_cancel(self, parent: QWidget | None, title: str, text: str) -> Answer:
        box = message_box(QMessageBox.Icon.Warning, parent, title, text)
        save = box.addButton("保存", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("不保存", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            return Answer.SAVE
        if clicked is discard:
            return Answer.DISCARD
        return Answer.CANCEL

    def show_code(self, parent: QWidget | None, title: str, code: str, text: str) -> bool:
        """Something to copy onto paper (the backup recovery code): large, in a fixed-width font, selectable. True
        once the last group was typed back and 我已抄下 clicked; an Enter meant for another box closes nothing."""
        from fazhi_desktop.qt.backup_widgets import CodeDialog

        return CodeDialog(parent, title, code, text).exec() == CodeDialog.DialogCode.Accepted

    def ask_text(self, parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
        """A line of text from the user (a reason, a date), starting as `text`, or None when cancelled."""
        from PySide6.QtWidgets import QInputDialog

        dialog = QInputDialog(parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextValue(text)
        dialog.setOkButtonText("确定")
        dialog.setCancelButtonText("取消")
        return dialog.textValue() if dialog.exec() else None

    def ask_reopen(self, parent: QWidget | None, title: str, prompt: str,
                   choose: bool = True) -> tuple[str, str] | None:
        """重新打开's reason and who is to correct the draft (sent_back.CLERK, preselected, or SELF; CLERK without
        `choose`), or None when cancelled."""
        from fazhi_desktop.qt.reopen_dialog import ReopenDialog

        dialog = ReopenDialog(parent, title, prompt, choose)
        return dialog.answer() if dialog.exec() else None


#: characters a line of a message box's text may hold before it wraps
LINE_CHARS = 36


class Rich(str):
    """A message the program writes as rich text itself (a table, paragraphs), its values escaped. Any other text is
    shown as typed: Qt takes a text whose first line holds a tag for rich text and fetches the picture an `<img>`
    names, and a message quotes what came from outside (an enrolment file's office, a township's record, a file's
    name): `<img src="file://other-pc/…">` made Windows log on to that PC with the user's password hash."""


def message_box(icon: QMessageBox.Icon, parent: QWidget | None, title: str, text: str,
                buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton) -> QMessageBox:
    """A message box whose text wraps at `LINE_CHARS` characters (a table, as 快捷键, not at all), within the
    screen. Qt's own gives the text at most 500 pixels whatever the text size: in 长者模式 three lines ran to eight
    and the 快捷键 table broke its words."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(_format(text))
    label = box.findChild(QLabel, "qt_msgbox_label")
    if label is None:  # Qt's private name; without it the box keeps Qt's width
        return box
    if isinstance(text, Rich):
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setHtml(text)
        natural = math.ceil(document.idealWidth())
    else:  # in fractions of a pixel, as the label lays the text out: 323.19 px measured 323 broke 第 3⏎号
        exact = QtGui.QFontMetricsF(label.font())
        natural = min(math.ceil(max(exact.horizontalAdvance(line) for line in text.splitlines() or [""])) + 1,
                      em(label, LINE_CHARS))
    screen = (parent.screen() if parent is not None else None) or QApplication.primaryScreen()
    available = screen.availableGeometry().width() if screen is not None else 1024
    # Qt's own limit for the box (QMessageBoxPrivate::updateSize), less its icon and margins
    limit = available if available <= 1024 else min(available - 480, 1000)
    label.setMinimumWidth(max(0, min(natural, limit - em(label, 6))))
    return box


def info_box(parent: QWidget | None, title: str, text: str,
             icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> QDialog:
    """The box `Dialogs.info` (and, with its icon, `Dialogs.warn`) shows: a message box, or where that is taller
    than the screen has room for (帮助 → 快捷键 in 长者模式 on a laptop at 150 %: 确定 under the task bar; a receipt
    naming 200 records the office lost), the text in a box as tall as the room allows, scrolling, 确定 below it."""
    box = message_box(icon, parent, title, text, QMessageBox.StandardButton.Ok)
    room = screen_room(parent or box)
    if room is None or _shown_height(box) <= room.height() - TITLE_BAR:
        return box
    shown = box.findChild(QLabel, "qt_msgbox_label")
    width = shown.minimumWidth() if shown is not None else 0  # as `message_box` wraps it
    pixmap = box.iconPixmap()  # a warning keeps its sign: without it, 200 lost records read as plain information
    box.deleteLater()
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    label = QLabel(text, wordWrap=True, textFormat=_format(text))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setMargin(label.fontMetrics().height() // 2)
    width += 2 * label.margin()
    label.setMinimumWidth(width)
    scroll = QScrollArea(widgetResizable=True, frameShape=QScrollArea.Shape.NoFrame)
    scroll.setWidget(label)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setMinimumWidth(width + scroll.verticalScrollBar().sizeHint().width())
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
    buttons.accepted.connect(dialog.accept)
    layout = QVBoxLayout(dialog)
    if pixmap.isNull():
        layout.addWidget(scroll, 1)
    else:  # beside the text, at its top, as the message box has it
        sign = QLabel(objectName="info_box_icon")
        sign.setPixmap(pixmap)
        sign.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        row.addWidget(sign, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(scroll, 1)
        layout.addLayout(row, 1)
    layout.addWidget(buttons)
    rest = dialog.sizeHint().height() - scroll.sizeHint().height()  # the margins and 确定
    fit_to_screen(dialog, dialog.sizeHint().width(), label.heightForWidth(width) + rest)
    return dialog


def _format(text: str) -> Qt.TextFormat:
    return Qt.TextFormat.RichText if isinstance(text, Rich) else Qt.TextFormat.PlainText


def _shown_height(box: QMessageBox) -> int:
    """The height `box` will have once shown. Its size hint before then counts a paragraph that will wrap as one
    line (Qt turns wrapping on as it shows the box): a 900-character message measured 98 pixels, and opened 1076
    pixels tall, its 确定 under the task bar."""
    hint = box.sizeHint().height()
    label = box.findChild(QLabel, "qt_msgbox_label")
    if label is None:
        return hint
    one_line = label.sizeHint().height()
    label.setWordWrap(True)  # as Qt will (QMessageBoxPrivate::updateSize decides again on showing)
    wrapped = label.heightForWidth(label.minimumWidth() or label.sizeHint().width())
    label.setWordWrap(False)
    return max(hint, hint - one_line + wrapped)


def install_translations(app: QApplication) -> None:
    """Qt's own Chinese (file dialogs, print dialogs, standard buttons), shipped with PySide6 and the installer.
    Once per application: the program installs them just after its window is on screen, a message box earlier."""
    from PySide6.QtCore import QLibraryInfo, QLocale

    if getattr(app, "_fazhi_translator", None) is not None:
        return
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", folder):
        app.installTranslator(translator)
        missing = MissingQtTexts(app)
        app.installTranslator(missing)  # the last installed is asked first
        app._fazhi_translator = (translator, missing)  # keep them alive as long as the application


_FILE_TYPES = (("Folder", "文件夹"), ("File Folder", "文件夹"), ("Drive", "驱动器"), ("File", "文件"),
               ("%1 File", "%1 文件"), ("Alias", "别名"), ("Shortcut", "快捷方式"), ("Unknown", "未知"))
_MISSING_QT_TEXTS = {("QFileDialog", "&Look in:"): "查找范围(&L)：",
                     ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
                     **{("QAbstractFileIconProvider", english): chinese for english, chinese in _FILE_TYPES}}


class MissingQtTexts(QTranslator):
    """What qtbase_zh_CN.qm lacks: the file dialog's labels with their shortcut letters ("Look in:" is there,
    "&Look in:", which the dialog shows, is not), and its 类型 column, which Qt 6 asks of another context."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        return _MISSING_QT_TEXTS.get((context, source))  # None: not ours, the next translator answers

    def isEmpty(self) -> bool:
        return False
