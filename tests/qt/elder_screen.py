"""杨芳's screen: a 1024x768 monitor (1024x728 less the task bar) with 长者模式 on, for the windows that must fit it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen

ELDER_ROOM = QRect(0, 0, 1024, 728)


@pytest.fixture
def elder_screen(monkeypatch, qapp) -> QRect:
    """The screen is 1024x728 and the text 长者模式's size while the test runs; the room is returned."""
    from fazhi_desktop.qt.fonts import apply_text_size

    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(ELDER_ROOM))
    apply_text_size(qapp, True)
    yield QRect(ELDER_ROOM)
    apply_text_size(qapp, False)
