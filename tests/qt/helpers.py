"""Driving widgets as a user does, including typing Chinese.

`qtbot.keyClicks` aborts the process on non-ASCII text (an assertion in Qt's qasciikey.cpp), so Chinese is typed
the way a Pinyin input method delivers it: one QInputMethodEvent whose commit string is the text. ASCII goes
through ordinary key clicks. Use `type_text` everywhere; never keyClicks with Chinese.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type `text` into `widget` (focused first), ASCII as key clicks, other text as input-method commits."""
    widget.setFocus()
    chunk = ""
    for ch in text:
        if ch.isascii():
            if chunk:
                _commit(widget, chunk)
                chunk = ""
            qtbot.keyClicks(widget, ch)
        else:
            chunk += ch
    if chunk:
        _commit(widget, chunk)
    QApplication.processEvents()


def _commit(widget: QWidget, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def compose(widget: QWidget, pinyin: str) -> None:
    """The keys of a word a Pinyin input method is still composing (“lihua”, before its 李华 is chosen): shown in
    the focused input, not yet typed into it. `type_text` then commits the word."""
    QApplication.sendEvent(widget, QInputMethodEvent(pinyin, []))
    QApplication.processEvents()


def type_key_events(widget: QWidget, text: str) -> None:
    """Alternative path: one KeyPress/KeyRelease per character with Key_unknown (what some IMEs send)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def shown(editor, name: str) -> bool:
    """Is the editor's field `name` shown (not hidden by its `visible_when`)."""
    return not editor.inputs[name].isHidden()


def target() -> QWidget:
    """Where a key goes: an open popup's list (a drop-down's, a name list's), else the focused widget."""
    popup = QApplication.activePopupWidget()
    if popup is not None:
        owner = popup.parentWidget()
        return owner.view() if isinstance(owner, QComboBox) else popup.focusWidget() or popup
    return QApplication.focusWidget()


def press(qtbot, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
    """Press a key where the keyboard sends it (see `target`), `times` times."""
    for _ in range(times):
        qtbot.keyClick(target(), key, modifiers)
        QApplication.processEvents()


@contextlib.contextmanager
def shortcuts_in_large_text(qtbot, window, dialogs) -> Iterator[tuple[str, QWidget]]:
    """帮助 → 快捷键 in 长者模式, as shown, while 长者模式 is on: its text and its box (a 1366x768 laptop's screen,
    less its task bar and the box's title bar, leaves 698 pixels)."""
    from fazhi_desktop.qt.dialogs import info_box

    window.set_large_text(True)
    try:
        window.show_shortcuts()
        text = dialogs.shown[-1][2]
        box = info_box(window, "快捷键", text)
        qtbot.addWidget(box)
        box.show()
        QApplication.processEvents()
        yield text, box
    finally:
        window.set_large_text(False)


def typed_new_record(qtbot, window, ledger: str, field: str, text: str):
    """The editor of a new `ledger` record opened in main window `window`, `text` typed into `field`, not saved."""
    window.show_page(ledger)
    editor = window.open_editor(ledger, None)
    qtbot.waitExposed(editor)
    type_text(qtbot, editor.editor.inputs[field].control, text)
    return editor


def as_read(text: str) -> str:
    """A label's text as the clerk reads it: without the word joiners and no-break spaces that keep its parts from
    being broken across lines (qt/common.py `unbroken`)."""
    return text.replace("\u2060", "").replace("\u00a0", " ")


class SavePrompt:
    """A window's `exchange_prompts` answering 导出到哪里 with the test's path; remembers the name offered."""

    def __init__(self, path):
        self.path, self.offered = path, None

    def save_file(self, parent, title, suggested, pattern):
        self.offered = (title, suggested, pattern)
        return self.path
