"""The 所长's old desktop, 1366x768 at Windows' 125 % with 长者模式 on (review of session 24, played at the scale
factors of the office's screens): the windows she reads every day show their words whole."""

from __future__ import annotations

# ruff: noqa: F811  (pytest fixtures imported from tests/indicator_data.py and tests/qt/test_indicators_gui.py)
import re
from datetime import UTC, datetime

import pytest
from elder_screen import elder_screen, old_desktop_screen  # noqa: F401  (fixture)
from helpers import as_read
from indicator_data import known_template  # noqa: F401  (fixture)
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QApplication, QLabel
from test_indicators_gui import make_window, office  # noqa: F401  (fixture)
from test_progress_bar_large_text import targets_in_large_text

from fazhi_desktop.core import people
from fazhi_desktop.qt import indicators_view
from fazhi_desktop.qt.main_window import create_main_window
from fazhi_desktop.qt.roster_view import COLUMNS

ACTOR = "杨芳"
ROSTER = [  # the longest titles and roles of a township's roster, and a certificate that has run out
    ("杨芳", "司法所所长", ["司法所所长", "调解员"], None, None),
    ("李强", "副镇长（分管政法）", [], None, None),
    ("苏燕", "司法助理员", ["调解员"], None, None),
    ("马小龙", "综合执法队协管员", ["执法人员"], None, None),
    ("海军", "综合执法队队长", ["执法人员"], "宁640522-2021-0087", "2028-12-31"),
    ("马斌", "综合执法队员", ["执法人员"], "宁640522-2020-0311", "2026-01-31"),
]


def test_the_roster_keeps_the_titles_readable_and_the_status_in_sight(qtbot, store, dialogs, ui_settings,
                                                                     old_desktop_screen):
    """职务 and 角色 were cut to two characters ("司法…": 司法所所长 or 司法助理员?) and 状态 was past the right edge,
    while 有效期 kept the width of "2026-01-31（已过期）" in every row. The date stays whole, in red; its note may end
    in "…" (the whole of it in the cell's tooltip), and 职务 and 角色 have that room."""
    for name, title, roles, cert, expiry in ROSTER:
        people.add_person(store, ACTOR, name, title=title, roles=roles, cert_no=cert, cert_expiry=expiry)
    ui_settings.setValue("display/large_text", True)  # 长者模式, as she left it
    window = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(window)
    window.setGeometry(old_desktop_screen.adjusted(0, 0, -40, -60))  # as the program opens it there
    window.show()
    qtbot.waitExposed(window)
    window.show_page("people")
    QApplication.processEvents()
    table = window.pages["people"].table
    metrics = table.fontMetrics()
    fitter = window.pages["people"].fitter
    for heading in ("职务", "角色"):  # each shows its first three characters at least: 司法所… and 司法助… differ
        column = COLUMNS.index(heading)
        texts = [table.item(row, column).text() for row in range(table.rowCount())]
        assert table.columnWidth(column) >= max(fitter.text_width(text[:3] + "…") for text in texts), heading
    status = COLUMNS.index("状态")
    assert table.columnViewportPosition(status) + table.columnWidth(status) <= table.viewport().width()
    expiry = COLUMNS.index("有效期")
    assert table.columnWidth(expiry) > metrics.horizontalAdvance("2026-01-31") + 6


def test_a_narrow_roster_cuts_the_note_of_an_expired_date_never_the_date(qtbot, store, dialogs, ui_settings,
                                                                          old_desktop_screen):
    """有效期 squeezed as far as it goes (the window narrowed to the least it takes) read "2026-01-…" in red: which
    day had the certificate run out? The note gives way; the date and its "…" stay."""
    for name, title, roles, cert, expiry in ROSTER:
        people.add_person(store, ACTOR, name, title=title, roles=roles, cert_no=cert, cert_expiry=expiry)
    ui_settings.setValue("display/large_text", True)
    window = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("people")
    window.resize(600, 500)  # as narrow as the window goes
    QApplication.processEvents()
    page = window.pages["people"]
    expiry = COLUMNS.index("有效期")
    expired = next(page.table.item(row, expiry).text() for row in range(page.table.rowCount())
                   if "已过期" in page.table.item(row, expiry).text())
    room = page.table.columnWidth(expiry) - page.fitter.text_width("")  # the cell's padding and grid line aside
    shown = page.table.fontMetrics().elidedText(expired, Qt.TextElideMode.ElideRight, room)  # as the table draws it
    assert shown == "2026-01-31…"


def lines_shown(label: QLabel) -> list[str]:
    """The lines a wrapped label shows its text in, as it lays them out at its width."""
    layout = QTextLayout(label.text(), label.font())
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(label.contentsRect().width())
        lines.append(label.text()[line.textStart():line.textStart() + line.textLength()])
    layout.endLayout()
    return [as_read(text).strip("　 ") for text in lines]


def test_the_targets_summary_breaks_between_its_counts(qtbot, office, dialogs, ui_settings, clock,
                                                       old_desktop_screen):
    """本年度指标's line beside 年度 read "达标 4 项　目前达标 2 项　进行" / "中 5 项　有风险 2 项　未达标 1" / "项":
    a count cut from its status. It breaks between the counts only."""
    store, _ = office
    clock.set(datetime(2026, 7, 1, 8, 0, tzinfo=UTC))
    ui_settings.setValue("display/large_text", True)
    window, page = make_window(qtbot, store, dialogs, ui_settings, indicators_view)
    window.setGeometry(old_desktop_screen.adjusted(0, 0, -40, -60))
    QApplication.processEvents()
    lines = lines_shown(page.summary)
    assert len(lines) > 1  # the room is short: it does wrap
    for line in lines:
        assert all(re.fullmatch(r"\S+ \d+ 项", count) for count in line.split("　")), lines


@pytest.mark.parametrize("screen", ["old_desktop_screen", "elder_screen"])
def test_the_targets_show_the_done_numbers_and_the_records_button_whole(qtbot, office, dialogs, ui_settings, clock,
                                                                        request, screen):
    """本年度指标 in 长者模式, on the 1366x768 desktop at 125 % and on a 1024x768 screen: 完成 read "1 / 1（10…" and
    查看记录 was past the right edge (the table scrolled sideways by 20 and 89 pixels). The bars show the rate
    ("100%", not "100% / 100%": 目标 says 100%), 说明 wraps at eight characters, 完成 keeps its numbers whole."""
    page = targets_in_large_text(qtbot, office, dialogs, ui_settings, clock, request.getfixturevalue(screen))
    table = page.table
    button = indicators_view.COLUMNS.index("")
    assert table.columnViewportPosition(button) + table.columnWidth(button) <= table.viewport().width()
    assert all(table.cellWidget(row, button).width() >= table.cellWidget(row, button).sizeHint().width()
               for row in range(table.rowCount()))
    done = indicators_view.COLUMNS.index("完成")
    for row in range(table.rowCount()):
        for run in re.findall(r"（?[\d.%]+(?: / [\d.%]+)?）?", table.item(row, done).text()):
            assert page.fitter.text_width(run) <= table.columnWidth(done), (run, table.columnWidth(done))
    t40b = next(row for row in range(table.rowCount()) if table.item(row, 0).text() == "T40b")
    assert table.cellWidget(t40b, indicators_view.COLUMNS.index("进度")).text() == "100%"
