"""Message boxes and search hints stay readable in 长者模式: a message's lines run to about 36 characters (Qt's own
box stops at 500 pixels whatever the text size) and a table keeps its rows whole; a narrow search box shows the
longest hint that fits instead of a cut one."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from fazhi_desktop.qt import fonts
from fazhi_desktop.qt.common import SearchEdit
from fazhi_desktop.qt.dialogs import LINE_CHARS, Rich, message_box

LONG = ("无法保存：调解案件 〔2026〕人调字第3号 的“当事人”第 2 行“身份证号”校验位不对（应为 X，实为 5），"
        "请核对后再保存。记录未保存，已填写的内容仍在窗口中。")


BOXES: list[QMessageBox] = []  # held: the label dies with its box


def shown(qtbot, box: QMessageBox) -> QLabel:
    qtbot.addWidget(box)
    BOXES.append(box)
    box.show()
    for _ in range(3):
        QApplication.processEvents()
    return box.findChild(QLabel, "qt_msgbox_label")


def test_a_long_message_in_large_text_runs_to_about_36_characters_a_line(qtbot):
    app = QApplication.instance()
    fonts.apply_text_size(app, True)
    try:
        label = shown(qtbot, message_box(QMessageBox.Icon.Critical, None, "保存失败", LONG))
        per_line = label.width() / label.fontMetrics().horizontalAdvance("一")
        assert 30 <= per_line <= LINE_CHARS + 1, per_line  # Qt's own: 500 px, 23 characters (800-px test screen)
        assert label.window().width() <= label.screen().availableGeometry().width()
    finally:
        fonts.apply_text_size(app, False)


def test_a_short_message_keeps_its_size_and_a_table_keeps_its_rows_whole(qtbot):
    short = shown(qtbot, message_box(QMessageBox.Icon.Information, None, "已保存", "已保存。"))
    assert short.width() < short.fontMetrics().horizontalAdvance("一") * 12
    app = QApplication.instance()
    fonts.apply_text_size(app, True)
    try:
        rows = "".join(f"<tr><td>{key}</td><td>{what}</td></tr>" for key, what in (
            ("Ctrl+1 至 Ctrl+8", "按左侧的顺序切换页面"), ("Ctrl+E", "导出列表（Excel 或 CSV），按搜索和排序")))
        table = shown(qtbot, message_box(QMessageBox.Icon.Information, None, "快捷键", Rich(f"<table>{rows}</table>")))
        metrics = table.fontMetrics()
        assert metrics.horizontalAdvance("Ctrl+1 至 Ctrl+8导出列表（Excel 或 CSV），按搜索和排序") > 500  # Qt's limit
        assert table.height() < metrics.height() * 3, table.height()  # two rows, neither wrapped
    finally:
        fonts.apply_text_size(app, False)


def test_a_message_line_a_fraction_of_a_pixel_wider_is_not_broken(qtbot):
    # at 10.5 pt the numbering line is 323.19 px, measured 323 in whole pixels: 号） went on a line of its own
    for text in ("回执有效。\n\n编号接着县里已有的编：\n2026年会记字从第 4 号起编号（县里已有第 3 号）",
                 "县司法局已收到变更日志第 4 条为止的全部数据（数据包 第1号）。\n以后导出只发送此后的变更。"):
        label = shown(qtbot, message_box(QMessageBox.Icon.Information, None, "已导入回执", text))
        lines = len(text.splitlines())
        assert label.height() < label.fontMetrics().lineSpacing() * (lines + 0.5), (text, label.height())


def test_a_narrow_search_box_shows_the_longest_hint_that_fits(qtbot):
    edit = SearchEdit("搜索：姓名、事项、编号……（Ctrl+F）", "搜索姓名、事项、编号", "搜索")
    qtbot.addWidget(edit)
    edit.show()
    edit.resize(edit.fontMetrics().horizontalAdvance("一") * 30, edit.sizeHint().height())
    assert edit.placeholderText() == "搜索：姓名、事项、编号……（Ctrl+F）"
    edit.resize(edit.fontMetrics().horizontalAdvance("一") * 14, edit.sizeHint().height())
    assert edit.placeholderText() == "搜索姓名、事项、编号"
    edit.resize(edit.fontMetrics().horizontalAdvance("一") * 5, edit.sizeHint().height())
    assert edit.placeholderText() == "搜索"
    assert edit.toolTip() == "搜索：姓名、事项、编号……（Ctrl+F）"  # all of it, whatever the width
