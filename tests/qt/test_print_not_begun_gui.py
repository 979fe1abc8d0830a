"""打印 to a printer that would not start the job (a printer gone offline, a print-to-file whose file is open in a
reader or whose folder is gone): Qt's painter could not begin, not a page went out, and the editor said nothing, while
the record's 修改历史 said 已打印签到表 and its number was kept as printed, never to be given back. Now the paper kept
at the printer's choosing is taken back, as for a PDF that never took its name, and the clerk is told."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget

sys.path.insert(0, str(Path(__file__).parent))

from test_printing import CASE, ScriptedPrompts, editor_window

from fazhi_desktop.core import reveals
from fazhi_desktop.core.printed import prints_of
from fazhi_desktop.qt.batch_print import BatchPrintDialog

ACTOR = "杨芳"


def test_a_print_that_never_began_keeps_no_paper_and_says_so(qtbot, store, dialogs, valid_record, tmp_path):
    record = store.save("meeting", valid_record("meeting", attendees=["马志刚", "李强"]), ACTOR)
    nowhere = tmp_path / "拔掉的U盘" / "printer.pdf"
    window = editor_window(qtbot, store, "meeting", record, dialogs, ScriptedPrompts(printed_to=nowhere))
    window.print_bar.kind_combo.setCurrentIndex(window.print_bar.kind_combo.findData("signin"))
    qtbot.mouseClick(window.print_bar.print_button, Qt.MouseButton.LeftButton)
    assert not nowhere.exists()
    assert prints_of(store.conn, record.id) == []
    assert any(title == "无法打印" and "打印机" in message for _, title, message in dialogs.shown)


def test_full_numbers_noted_for_a_print_that_never_began_are_taken_back(qtbot, store, dialogs, tmp_path):
    case = store.save("mediation_case", CASE, ACTOR)
    bar = editor_window(qtbot, store, "mediation_case", case, dialogs,
                        ScriptedPrompts(printed_to=tmp_path / "拔掉的U盘" / "printer.pdf")).print_bar
    bar.reveal_box.setChecked(True)
    bar.print()
    assert dialogs.shown[-1][1] == "无法打印"
    assert not reveals.reveal_log(store) and prints_of(store.conn, case.id) == []


def test_five_selected_records_printed_to_a_printer_that_never_began_keep_no_paper(qtbot, store, dialogs,
                                                                                   valid_record, tmp_path):
    """打印所选记录: the one job of five records' papers never began; none of the five is kept as printed."""
    records = [store.save("meeting", valid_record("meeting", title=f"第{n}次会议"), ACTOR) for n in range(1, 6)]
    dialog = BatchPrintDialog(store, "meeting", records, dialogs,
                              ScriptedPrompts(printed_to=tmp_path / "拔掉的U盘" / "printer.pdf"))
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(title == "无法打印" for _, title, _ in dialogs.shown), timeout=20000)
    assert all(prints_of(store.conn, r.id) == [] for r in records)


def test_the_previews_own_print_that_never_began_keeps_no_paper(qtbot, store, dialogs, valid_record, tmp_path):
    record = store.save("meeting", valid_record("meeting"), ACTOR)
    prompts = ScriptedPrompts()
    window = editor_window(qtbot, store, "meeting", record, dialogs, prompts)
    qtbot.mouseClick(window.print_bar.preview_button, Qt.MouseButton.LeftButton)
    (preview,) = prompts.previews
    preview.open()
    qtbot.waitUntil(preview.isVisible)
    printer = preview.printer_ref
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "拔掉的U盘" / "printer.pdf"))
    preview.findChild(QPrintPreviewWidget).print()
    assert prints_of(store.conn, record.id) == []
    assert dialogs.shown[-1][1] == "无法打印"
    preview.close()
