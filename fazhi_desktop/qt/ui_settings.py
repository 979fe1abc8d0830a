"""What the GUI remembers between runs (text size, window geometry, last page), kept in a QSettings passed in.

The application passes the user's QSettings (registry on Windows, an ini file elsewhere); tests pass a temporary
ini file. Office data never lives here: that is in the database.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings


class UiSettings:
    """Typed access to the few values the GUI remembers."""

    def __init__(self, qsettings: QSettings):
        self.qsettings = qsettings

    @property
    def large_text(self) -> bool:
        return bool(self.qsettings.value("display/large_text", False, type=bool))

    @large_text.setter
    def large_text(self, on: bool) -> None:
        self.qsettings.setValue("display/large_text", bool(on))
        self.qsettings.sync()

    @property
    def geometry(self) -> QByteArray | None:
        value = self.qsettings.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", value)
        self.qsettings.sync()

    @property
    def last_page(self) -> str:
        return str(self.qsettings.value("window/last_page", "") or "")

    @last_page.setter
    def last_page(self, name: str) -> None:
        self.qsettings.setValue("window/last_page", name)

    @property
    def font_warning_shown(self) -> bool:
        return bool(self.qsettings.value("display/font_warning_shown", False, type=bool))

    @font_warning_shown.setter
    def font_warning_shown(self, shown: bool) -> None:
        self.qsettings.setValue("display/font_warning_shown", bool(shown))
        self.qsettings.sync()
