"""Opening a record from a list inside a window-modal dialog (批量审核, 年度封账's drafts, 打印所选记录's records with
提醒): double-click or Enter on a row opens the record's editor over the dialog.

Such a dialog blocks the main window and every window that is the main window's child, the record editors too, so
its hint 「可先打开核对」 pointed to nothing a 所长 could do short of closing the dialog. The editor opens as the
dialog's child, which the dialog does not block (an editor of the record already open is moved over it); when it
saves (提交, 审核, 重新打开 in it too) or closes, the dialog reads its rows again. When the dialog closes first, its
editors go back to the main window, their unsaved typing kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QAbstractItemView, QDialog, QWidget
from shiboken6 import isValid

from fazhi_desktop.qt.common import on_activate

if TYPE_CHECKING:  # the main window imports this module before the database layer is loaded
    from fazhi_desktop.core.store import Record

#: said where such a list is: the rows open
OPEN_HINT = "双击或按 Enter 打开记录核对"


def open_rows(table: QAbstractItemView, records: Callable[[], Sequence[Record]],
              open_record: Callable[[Record], QWidget | None], enter: bool = True) -> None:
    """Double-click on a row of `table` (and, with `enter`, Enter on the current row) opens its record: the row's
    of `records()`, the rows as now shown."""

    def open_row(row: int, _column: int) -> None:
        shown = records()
        if 0 <= row < len(shown):
            open_record(shown[row])

    on_activate(table, open_row, enter)


def open_over(window, dialog: QDialog, record: Record | None, after: Callable[[], None], ledger: str = "",
              **options) -> QWidget | None:
    """`record`'s editor (the main window's one editor per record; a new record of `ledger` with None) over
    `dialog`; `after()` once it saved or closed. None when it cannot be opened (deleted meanwhile: the main window
    says so). `options` go to the main window's open_editor."""
    editor = window.open_editor(record.ledger if record is not None else ledger, record, over=dialog, **options)
    if editor is None:
        return None
    if editor.parentWidget() is not dialog:  # open before the dialog was: blocked with the main window
        _move(editor, dialog)
    if getattr(editor, "opened_over", None) is not dialog:
        editor.opened_over = dialog
        editor.after_over = after  # what an editor it asks for (Ctrl+N, …下一条) does too: open_from
        editor.saved.connect(lambda _record: _showing(dialog) and after())
        editor.destroyed.connect(lambda _obj=None: _showing(dialog) and after())
        if not getattr(dialog, "gives_editors_back", False):
            dialog.gives_editors_back = True
            dialog.finished.connect(lambda _result: _give_back(window, dialog))
    editor.raise_()
    editor.activateWindow()
    return editor


def open_from(window, previous: QWidget, ledger: str, record: Record | None, **options) -> QWidget | None:
    """An editor asked for in the editor `previous` (Ctrl+N, 保存并新建, 通过并打开下一条): over the dialog `previous`
    is over, as `previous` is (the dialog would block it opened over the main window), the dialog's list read again
    when it saves or closes; else over the main window."""
    dialog = getattr(previous, "opened_over", None)
    if dialog is not None and _showing(dialog):
        return open_over(window, dialog, record, previous.after_over, ledger, **options)
    return window.open_editor(ledger, record, **options)


def _showing(dialog: QDialog) -> bool:
    """The dialog is still open (not closed since, nor deleted: a second 打印所选记录 deletes the first)."""
    return isValid(dialog) and dialog.isVisible()


def _move(editor: QWidget, parent: QWidget) -> None:
    """Make `editor` (a window) a child of `parent`, where it was on the screen."""
    where = editor.geometry()
    editor.setParent(parent, editor.windowFlags())
    editor.setGeometry(where)
    editor.show()


def _give_back(window, dialog: QDialog) -> None:
    """The dialog closed: its editors become the main window's again (else they would go with it)."""
    for editor in list(window.editors.values()):
        if editor.parentWidget() is dialog:
            editor.opened_over = None
            _move(editor, window)
