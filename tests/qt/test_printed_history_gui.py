"""A record's paper printed from its editor (打印, or the preview's own 打印 button) is kept and read in its 修改历史
(`已打印签到表`, with the 核验码); a preview alone, or the print dialog cancelled, keeps nothing (core/printed.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget

sys.path.insert(0, str(Path(__file__).parent))

from test_printing import ScriptedPrompts, editor_window

from fazhi_desktop.core.documents import print_code
from fazhi_desktop.core.printed import prints_of
from fazhi_desktop.qt.history_dialog import HistoryDialog

ACTOR = "杨芳"


def test_a_sign_in_sheet_printed_from_the_editor_is_in_the_records_history(qtbot, store, dialogs, valid_record,
                                                                            tmp_path):
    record = store.save("meeting", valid_record("meeting", attendees=["马志刚", "李强"]), ACTOR)
    cancelled = editor_window(qtbot, store, "meeting", record, dialogs, ScriptedPrompts(printed_to=None))
    cancelled.print_bar.kind_combo.setCurrentIndex(cancelled.print_bar.kind_combo.findData("signin"))
    qtbot.mouseClick(cancelled.print_bar.print_button, Qt.MouseButton.LeftButton)
    assert prints_of(store.conn, record.id) == []  # 取消 in the print dialog: no paper

    window = editor_window(qtbot, store, "meeting", record, dialogs,
                           ScriptedPrompts(printed_to=tmp_path / "printer.pdf"))
    window.print_bar.kind_combo.setCurrentIndex(window.print_bar.kind_combo.findData("signin"))
    qtbot.mouseClick(window.print_bar.print_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "printer.pdf").is_file()

    history = HistoryDialog(store, record.id)
    qtbot.addWidget(history)
    assert [row[3] for row in history.rows()] == ["新建", "已打印签到表"]
    assert history.note.text().startswith("共 1 版")
    history.revision_table.selectRow(1)
    assert "已打印签到表" in history.change_title.text()
    assert f"核验码：{print_code(store, record)}" in history.change_title.text()


def test_a_preview_keeps_nothing_and_its_own_print_button_keeps_the_paper(qtbot, store, dialogs, valid_record,
                                                                           tmp_path):
    record = store.save("meeting", valid_record("meeting"), ACTOR)
    prompts = ScriptedPrompts()
    window = editor_window(qtbot, store, "meeting", record, dialogs, prompts)
    window.print_bar.kind_combo.setCurrentIndex(window.print_bar.kind_combo.findData("minutes"))
    qtbot.mouseClick(window.print_bar.preview_button, Qt.MouseButton.LeftButton)
    (preview,) = prompts.previews
    preview.open()
    qtbot.waitUntil(preview.isVisible)
    assert prints_of(store.conn, record.id) == []
    printer = preview.printer_ref
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    preview.findChild(QPrintPreviewWidget).print()
    assert [(p.kind, p.number) for p in prints_of(store.conn, record.id)] == [("minutes", record.number)]
    preview.close()
