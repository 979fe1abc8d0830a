"""What every input of one editor shares: the store, the dialog helper, the roster, and replaceable OS hooks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QFileDialog, QWidget

from fazhi_desktop.core import paths
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.people import Person, list_people, roster_certificate
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.dialogs import Dialogs

RED = "#c62828"
ORANGE = "#b35c00"
GREY = "#666666"
#: the item data a roster completion inserts: the name alone, where the popup shows “张三（司法所所长）”
NAME_ROLE = Qt.ItemDataRole.UserRole + 1


def choose_files_dialog(parent: QWidget | None) -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(parent, "选择附件", "", "所有文件 (*)")
    return paths


def open_with_system(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class EditorContext:
    """Built once per editor. `choose_files` and `open_file` are replaceable so tests never open OS windows."""

    def __init__(self, store: Store, dialogs: Dialogs,
                 choose_files: Callable[[QWidget | None], list[str]] = choose_files_dialog,
                 open_file: Callable[[Path], bool] = open_with_system):
        self.store, self.dialogs = store, dialogs
        self.choose_files, self.open_file = choose_files, open_file
        self.opened_dir = paths.opened_attachments_dir()  # copies of attachments opened, under their own names
        self.lookups = store.lookups()
        self._roster: dict[str | None, list[Person]] = {}
        self._models: dict[str | None, QStandardItemModel] = {}
        #: the record's date as it stands in the window (ISO), None before it is known
        self.day: str | None = None
        #: may the user see stored ID and phone numbers in full when editing them (所长, 管理员; no accounts)?
        self.may_reveal = may_reveal_numbers(store)
        #: asked before a stored number is shown in full, with which (core/reveals.py's `shown`: 当事人2（被申请人）：
        #: 身份证号); the editor notes the reveal
        self.note_reveal: Callable[[str], bool] = lambda _shown: True

    @property
    def today(self) -> date:
        return self.lookups.today()

    def roster(self, role: str | None) -> list[Person]:
        """The people offered, those with `role` first: those in post on the record's date (`day`: the half-year's
        述法 entered after its leader left, but not the new 镇长 on a date before he came), or those in use while it
        is not known. Read once per editor."""
        if role not in self._roster:
            self._roster[role] = list_people(self.store, role=role)
        return [p for p in self._roster[role] if (p.active if self.day is None else p.in_post_on(self.day))]

    def roster_model(self, role: str | None) -> QStandardItemModel:
        """The completion model of the people offered for `role`, shared by the editor's inputs and refilled when
        the record's date moves (`follow_day`): “张三（司法所所长）”, “马书记（党委书记，2025-03-15离任）”."""
        if role not in self._models:
            self._models[role] = QStandardItemModel()
            self._fill(role)
        return self._models[role]

    def follow_day(self, day: str | None) -> None:
        """The record's date as it stands in the window (ISO): who was in post on it is offered."""
        if day != self.day:
            self.day = day
            for role in self._models:
                self._fill(role)

    def certificate(self, name: str) -> tuple[str | None, str | None] | None:
        """(执法证号, 有效期) the roster gives `name` on the record's date (today before it is known), or None
        (`people.roster_certificate`): what a 执法证核查 row fills in when the name is picked."""
        return roster_certificate(self.store, name, self.day or self.today.isoformat())

    def _fill(self, role: str | None) -> None:
        model = self._models[role]
        model.clear()
        for person in self.roster(role):
            shown = person.display if person.active else person.left_display
            item = QStandardItem(shown)
            item.setData(person.name, NAME_ROLE)
            model.appendRow(item)


def may_reveal_numbers(store: Store) -> bool:
    """May the user see stored ID and phone numbers in full (所长, 管理员; anyone without accounts)?"""
    from fazhi_desktop.core.reveals import may_reveal

    try:
        may_reveal(store)
    except FazhiError:
        return False
    return True
