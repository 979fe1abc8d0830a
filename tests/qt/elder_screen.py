"""杨芳's screen: a 1024x768 monitor (1024x728 less the task bar) with 长者模式 on, for the windows that must fit it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen

ELDER_ROOM = QRect(0, 0, 1024, 728)


def _screen(monkeypatch, qapp, room: QRect):
    """The screen's room is `room` and the text 长者模式's size until the fixture ends."""
    from fazhi_desktop.qt.fonts import apply_text_size

    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(room))
    apply_text_size(qapp, True)
    yield QRect(room)
    apply_text_size(qapp, False)


@pytest.fixture
def elder_screen(monkeypatch, qapp) -> QRect:
    """The screen is 1024x728 and the text 长者模式's size while the test runs; the room is returned."""
    yield from _screen(monkeypatch, qapp, ELDER_ROOM)


#: the 所长's old desktop: 1366x768 at Windows' 125 %, 1093x614 logical pixels, less a 40-pixel task bar
OLD_DESKTOP_ROOM = QRect(0, 0, 1093, 574)


@pytest.fixture
def old_desktop_screen(monkeypatch, qapp) -> QRect:
    """The room of a 1366x768 screen scaled to 125 % and the text 长者模式's size while the test runs. (Qt lays a
    window out in logical pixels: the scale only multiplies them when painting, so the room is what decides.)"""
    yield from _screen(monkeypatch, qapp, OLD_DESKTOP_ROOM)


#: a 1024x768 screen at Windows' 125 %: 819x614 logical pixels, less a 40-pixel task bar
SMALL_SCALED_ROOM = QRect(0, 0, 819, 574)


@pytest.fixture
def small_scaled_screen(monkeypatch, qapp) -> QRect:
    """The room of a 1024x768 screen scaled to 125 % and the text 长者模式's size while the test runs."""
    yield from _screen(monkeypatch, qapp, SMALL_SCALED_ROOM)
