"""An editor window's unsaved values kept on disk (core/autosave.py) every 30 seconds and as the cursor leaves a
field, while it has unsaved changes and its account is in use (stopped by a 管理员 elsewhere: none written, the
window locks saying so); forgotten when it closes having saved or given them up (保存, 不保存), and
put back into a new editor when the clerk restores them after a power cut (qt/autosave_offer.py)."""

from __future__ import annotations

import logging
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from fazhi_desktop.core import autosave
from fazhi_desktop.core.clock import utc_iso
from fazhi_desktop.core.errors import AccountStopped, FazhiError
from fazhi_desktop.qt.editor.group import GroupInput
from fazhi_desktop.qt.editor.masked_inputs import MaskedLineEdit

log = logging.getLogger(__name__)
INTERVAL_MS = 30_000


class Autosaver(QObject):
    """Keeps `window.editor`'s unsaved values as its account's draft. Nothing is kept in county mode (no editor
    there saves anything) nor for a database without a file."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.editor = window.editor  # not the window: a cycle kept a closed window's wrapper alive until gc ran
        store = self.editor.store
        self.db_path = None if store.path is None or store.is_county else store.path
        record = self.editor.record
        self.key = autosave.new_key(record.id if record is not None else None)
        self._written: dict[str, Any] | None = None  # the values last written (nothing new: nothing written)
        #: the last write failed: the next is the timer's, not each field's (on Windows a rename refused because another
        #: program holds the file is tried again for about a second, core/atomic.rename: at every Tab, in this thread)
        self._failed = False
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.keep)
        if self.db_path is not None:
            self.timer.start()
            QApplication.instance().focusChanged.connect(self._focus_moved)
            self.editor.saved.connect(self._saved)

    @property
    def account(self) -> str:
        return self.editor.actor

    def keep(self) -> None:
        """The timer's slot: write the draft when the values changed since it was last written; none when the
        editor has nothing unsaved (saved meanwhile, or typed back as it was)."""
        if self.db_path is None:
            return
        editor = self.editor
        values = editor.collect()  # once: at every Tab in a large case it is most of the cost
        if not editor.is_dirty(values):  # kept also while a refused save holds the text read-only (it moved on)
            if self._written is not None:
                self.forget()
            return
        if values == self._written:
            return
        record = editor.record
        draft = autosave.Draft(account=self.account, ledger=editor.ledger.name, key=self.key,
                               record_id=record.id if record is not None else None,
                               revision=record.revision if record is not None else None, values=values,
                               written_at=utc_iso(editor.store.clock()),
                               number=(record.number or "") if record is not None else "")
        try:
            autosave.keep(editor.store, draft)
        except AccountStopped:  # a 管理员 stopped the account elsewhere: nothing more is kept; the window locks
            self._written = None  # (its store's hook), its box saying so; started again, the next change is kept
            return
        except (FazhiError, OSError) as exc:  # a full disk: the window still holds it all; tried again later
            log.warning("autosave not written (%s)", type(exc).__name__)
            self._failed = True
            return
        self._written, self._failed = values, False
        editor.draft_on_disk = self.key

    def _focus_moved(self, old: QWidget | None, new: QWidget | None) -> None:
        """A field left for another in the same window: written now if changed (a JSON of a few kilobytes)."""
        if not shiboken6.isValid(self.editor):  # its window deleted unclosed (a program ending): its draft stays
            self.stop()
            return
        window = self.editor.window()
        if old is not None and new is not None and old.window() is window and new.window() is window \
                and not self._failed:
            self.keep()

    def _saved(self, record) -> None:
        """Saved: the draft goes; a new record's draft from now on goes by the record's id."""
        self.forget()
        self.key = autosave.new_key(record.id)

    def forget(self) -> None:
        """Remove this editor's draft (saved, 不保存, closed unchanged)."""
        if self.db_path is not None:
            autosave.remove(self.db_path, self.account, self.editor.ledger.name, self.key)
        self._written = None
        if shiboken6.isValid(self.editor):
            self.editor.draft_on_disk = None

    def stop(self) -> None:
        """The window closes: no more writes (it may be deleted later than it is closed)."""
        self.timer.stop()
        if self.db_path is not None:
            QApplication.instance().focusChanged.disconnect(self._focus_moved)
            self.db_path = None

    def adopt(self, draft: autosave.Draft) -> None:
        """Go on with a restored draft's file (its values put in the editor): saved or given up, it goes."""
        self.forget()
        self.key = draft.key
        self._written = self.editor.collect()
        self.editor.draft_on_disk = draft.key


def put_values(editor, values: dict[str, Any]) -> None:
    """Show `values` in `editor` as typed, unsaved, over the record it opened: a number differing from every stored
    one of its field is the clerk's own typing (shown to her as typed); one the record holds stays masked as stored."""
    editor.show_typed(values)
    stored = editor.record.values if editor.record is not None else {}
    for name, widget in editor.inputs.items():
        if isinstance(widget, GroupInput):
            rows = [r for r in stored.get(name) or [] if isinstance(r, dict)]
            for row in widget.rows:  # a row not yet built, once it is
                row.when_built(lambda row=row, rows=rows: _row_typed_if_new(row, rows))
        else:
            _typed_if_new(widget, {str(stored.get(name))})


def _row_typed_if_new(row, stored: list[dict[str, Any]]) -> None:
    for sub, cell in row.inputs.items():
        _typed_if_new(cell, {str(r.get(sub)) for r in stored})


def _typed_if_new(widget, stored: set[str]) -> None:
    control = getattr(widget, "control", None)
    if isinstance(control, MaskedLineEdit) and control.raw and control.raw not in stored:
        control.set_typed(control.raw)
