"""The record editor, generated from a ledger definition (forms/*.toml): `RecordEditor` and its window."""

from fazhi_desktop.qt.editor.dialog import EditorWindow
from fazhi_desktop.qt.editor.editor import RecordEditor

__all__ = ["EditorWindow", "RecordEditor"]
