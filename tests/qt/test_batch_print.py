# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""文件 → 打印所选记录…: a 所长 selects the month's meetings in the list and gets one PDF of their minutes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import review_steps
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parent))

from bundle_world import county_template, world  # noqa: F401  (fixtures)
from test_printing import CASE, editor_window
from test_printing import ScriptedPrompts as Prompts  # saves where told, "prints" to a file, keeps the preview

from fazhi_desktop.core import documents, reveals
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.qt.batch_print import BatchPrintDialog
from fazhi_desktop.qt.main_window import create_main_window

ACTOR = "杨芳"
needs_poppler = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils is installed by .ci/setup")


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


@pytest.fixture
def meetings(store, valid_record):
    """Four meetings of March; the third has a long agenda, so its minutes take three pages."""
    long_item = [{"title": f"研究第{n}项工作", "discussion": "与会人员逐条讨论。" * 30, "decision": "原则通过。"}
                 for n in range(1, 4)]
    return [store.save("meeting", valid_record("meeting", title=f"2026年第{n}次镇政府常务会议",
                                               held_on=f"2026-03-0{n}", host="田玉春", attendees=["马志刚", "李强"],
                                               agenda_items=long_item if n == 3 else []), ACTOR)
            for n in range(1, 5)]


@pytest.fixture
def window(qtbot, store, dialogs, ui_settings):
    window = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(window)
    window.show_page("meeting")
    return window


def click_row(qtbot, view, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    rect = view.table.visualRect(view.model.index(row, 0))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


@needs_poppler
def test_three_selected_meetings_export_as_one_pdf_of_their_minutes(qtbot, store, meetings, window, dialogs, tmp_path):
    view = window.pages["meeting"]
    view.refresh()
    assert not window.print_selected_action.isEnabled()  # nothing selected yet
    click_row(qtbot, view, 0)
    click_row(qtbot, view, 1, Qt.KeyboardModifier.ControlModifier)
    click_row(qtbot, view, 2, Qt.KeyboardModifier.ControlModifier)
    assert view.selected_count() == 3 and window.print_selected_action.isEnabled()
    assert not window.delete_action.isEnabled()  # one record's actions wait for one row
    assert window.print_selected_action.shortcut().toString() == "Ctrl+P"
    window.print_selected_action.trigger()
    dialog = window.batch_print_dialog
    assert isinstance(dialog, BatchPrintDialog)
    listed = [r.id for r in view.selected_records()]  # newest first, as the list shows them
    assert dialog.record_ids == listed and "已选 3 条会议记录" in dialog.count_label.text()
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("minutes"))
    target = tmp_path / "纪要.pdf"
    dialog.outputs.prompts = Prompts(path=target)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(t == "已导出PDF" for _, t, _ in dialogs.shown), timeout=20000)
    singles = [documents.build_document(store, record_id, "minutes") for record_id in listed]
    assert [len(doc.pages) for doc in singles] == [1, 3, 1]  # the second row is the meeting with a long agenda
    assert page_count(target) == 5
    message = next(text for _, title, text in dialogs.shown if title == "已导出PDF")
    assert str(target) in message and "会议纪要 3 份（共 5 页）" in message
    assert "共 5 页" in dialog.result_label.text()
    dialog.close()


def test_the_dialog_offers_the_kind_most_meetings_are_printed_as_and_previews_them(qtbot, store, meetings, dialogs):
    # valid meetings are 会议记录 by their 文书形式; one changed to 会议纪要 does not outvote three
    store.save("meeting", {**meetings[0].values, documents.RECORD_FORM: "会议纪要"}, ACTOR, record_id=meetings[0].id)
    prompts = Prompts()
    dialog = BatchPrintDialog(store, "meeting", [store.get(m.id) for m in meetings], dialogs, prompts)
    qtbot.addWidget(dialog)
    assert [dialog.kind_combo.itemText(i) for i in range(3)] == ["会议纪要", "会议记录", "签到表"]
    assert dialog.kind() == "record"
    assert dialog.reveal_box.isHidden()  # a meeting holds no ID numbers
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("signin"))
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(prompts.previews), timeout=20000)
    assert len(dialog.batch.document.pages) == 4 and dialog.batch.document.title == "签到表（4份）"
    prompts.previews[0].close()
    dialog.close()


def test_printing_cases_names_the_one_without_an_agreement(qtbot, store, dialogs, tmp_path):
    case = {"case_category": "人民调解", "accepted_on": "2026-03-02", "dispute_type": "房屋宅基地纠纷",
            "result": "调解成功", "agreement_content": "双方以登记图为准重新确界。",
            "parties": [{"role": "申请人", "party_type": "自然人", "name": "马文", "id_number": "640522196103231939"},
                        {"role": "被申请人", "party_type": "自然人", "name": "李海"}]}
    written = store.save("mediation_case", {**case, "case_name": "马文与李海宅基地纠纷"}, ACTOR)
    failed = store.save("mediation_case", {**case, "case_name": "马某与田某债务纠纷", "result": "调解不成功(终止)",
                                           "termination_reason": "双方分歧较大"}, ACTOR)
    printed = tmp_path / "printed.pdf"
    prompts = Prompts(printed_to=printed)
    dialog = BatchPrintDialog(store, "mediation_case", [written, failed], dialogs, prompts)
    qtbot.addWidget(dialog)
    assert dialog.kind() == "agreement" and not dialog.reveal_box.isHidden()
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: printed.exists(), timeout=20000)
    text = dialog.result_label.text()
    assert "调解协议书 1 份" in text and "跳过 1 条" in text and f"{failed.number}调解不成功" in text
    dialog.close()


def previewed_cases(qtbot, store, dialogs, failed: int, low: bool = False) -> tuple[BatchPrintDialog, list]:
    """The batch dialog after 打印预览 of `failed` cases without an agreement and one with; `low`: opened low on the
    screen. Returns the dialog and the cases, the failed ones first."""
    case = {"case_category": "人民调解", "accepted_on": "2026-03-02", "dispute_type": "房屋宅基地纠纷",
            "result": "调解不成功(终止)", "termination_reason": "双方分歧较大",
            "parties": [{"role": "申请人", "party_type": "自然人", "name": "马文"},
                        {"role": "被申请人", "party_type": "自然人", "name": "李海"}]}
    cases = [store.save("mediation_case", {**case, "case_name": f"马文与李海第{n}次纠纷"}, ACTOR)
             for n in range(1, failed + 1)]
    cases.append(store.save("mediation_case", {**case, "case_name": "马文与李海宅基地纠纷", "result": "调解成功",
                                               "agreement_content": "双方以登记图为准重新确界。"}, ACTOR))
    prompts = Prompts()
    dialog = BatchPrintDialog(store, "mediation_case", cases, dialogs, prompts)
    qtbot.addWidget(dialog)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("agreement"))
    dialog.show()
    qtbot.waitExposed(dialog)
    if low:  # growing would take its foot below the task bar
        dialog.move(dialog.x(), 300)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(prompts.previews), timeout=20000)
    prompts.previews[0].close()
    qtbot.wait(50)
    return dialog, cases


def test_every_skipped_records_reason_shows_in_full(qtbot, store, dialogs, tmp_path):
    """The summary of records skipped (a line each) appeared in a dialog that kept its height: it slid half under
    the document choice above it and its second reason could not be read."""
    dialog, _ = previewed_cases(qtbot, store, dialogs, 2)
    label, area = dialog.result_label, dialog.result_area
    assert "跳过 2 条" in label.text()
    assert label.height() >= label.heightForWidth(label.width())  # every line of it
    assert area.verticalScrollBar().maximum() == 0  # ... in sight, nothing to scroll
    assert area.geometry().top() >= dialog.kind_combo.geometry().bottom()
    assert area.geometry().bottom() <= dialog.preview_button.geometry().top()
    dialog.close()


def test_many_skipped_records_leave_the_buttons_on_a_laptop_screen(qtbot, qapp, store, dialogs, monkeypatch):
    """Sixty cases without an agreement grew the dialog to 1930 px, 打印预览 far below a 768 px screen; fifteen
    already did in 长者模式. Ten reasons are named, the rest counted, and the dialog never outgrows the screen: in
    长者模式 the ten scroll."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    from fazhi_desktop.qt.fonts import apply_text_size

    room = QRect(0, 0, 1366, 728)  # a 1366x768 laptop less its task bar
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: room)
    apply_text_size(qapp, True)
    try:
        dialog, cases = previewed_cases(qtbot, store, dialogs, 25, low=True)
        text = dialog.result_label.text()
        assert "跳过 25 条" in text and text.count("· ") == 10 and text.endswith("……等 25 条")
        assert cases[0].number in text and cases[24].number not in text
        assert room.contains(dialog.frameGeometry())
        button = dialog.preview_button
        assert room.contains(QRect(button.mapToGlobal(button.rect().topLeft()), button.size()))
        label, area = dialog.result_label, dialog.result_area
        assert label.height() >= label.heightForWidth(label.width())  # every line, in sight or a scroll away
        assert area.geometry().bottom() <= button.geometry().top() and area.height() >= 3 * label.fontMetrics().height()
        dialog.close()
    finally:
        apply_text_size(qapp, False)


def test_with_nothing_selected_the_menu_entry_says_to_select_first(qtbot, store, meetings, window, dialogs):
    view = window.pages["meeting"]
    view.table.clearSelection()
    assert window.print_selected() is None
    assert "请先在台账列表中选中" in dialogs.texts()


def test_records_the_checks_doubt_are_printed_only_once_the_user_says_so(qtbot, store, meetings, dialogs):
    """One record printed from its editor asks 仍要打印吗 when the checks doubt it (the paper carries the
    contradiction); printing the selection printed such records without a word (the batch-print leftover)."""
    doubted = store.save("meeting", {"start_time": "10:00", "end_time": "09:00"}, ACTOR, record_id=meetings[1].id)
    prompts = Prompts()
    dialog = BatchPrintDialog(store, "meeting", [store.get(m.id) for m in meetings], dialogs, prompts)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)  # 返回核对: nothing laid out
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("confirm", "打印所选记录")
    assert f"所选记录中有 1 条有提醒（橙色）尚待核对：\n· {doubted.number}：结束时间早于开始时间" in text
    assert dialog.task is None and not prompts.previews
    dialogs.confirm_answers.append(True)  # 仍要打印
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(prompts.previews), timeout=20000)
    prompts.previews[0].close()
    asked = len(dialogs.shown)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)  # the same versions: not asked again
    qtbot.waitUntil(lambda: len(prompts.previews) == 2, timeout=20000)
    assert len(dialogs.shown) == asked
    prompts.previews[1].close()
    dialog.close()



def test_a_locked_record_prints_without_the_question_no_one_could_act_on(qtbot, store, meetings, dialogs):
    """Once a 所长 has locked a record, 返回核对 leads nowhere (nothing can be corrected short of reopening): a
    closed year's records, saved before a check existed, would be questioned at every print, from the editor and in
    a selection alike."""
    doubted = store.save("meeting", {"start_time": "10:00", "end_time": "09:00"}, ACTOR, record_id=meetings[1].id)
    review_steps.submit(store, doubted.id, ACTOR)
    doubted = review_steps.lock(store, doubted.id, ACTOR)
    prompts = Prompts()
    dialog = BatchPrintDialog(store, "meeting", [store.get(m.id) for m in meetings], dialogs, prompts)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(prompts.previews), timeout=20000)
    prompts.previews[0].close()
    window = editor_window(qtbot, store, "meeting", doubted, dialogs, prompts)
    qtbot.mouseClick(window.print_bar.preview_button, Qt.MouseButton.LeftButton)
    assert len(prompts.previews) == 2
    assert not any(kind == "confirm" for kind, _title, _text in dialogs.shown)
    prompts.previews[1].close()
    dialog.close()

def test_full_numbers_the_reveal_log_cannot_take_are_not_shown(qtbot, store, dialogs, tmp_path, monkeypatch):
    """显示完整证件号 is noted in the reveal log as the user commits to it; when the log cannot be written, neither
    the selection's preview nor the editor's 打印 shows the numbers, and each says why in the step's own words."""
    case = store.save("mediation_case", CASE, ACTOR)

    def log_refuses(*_args):
        raise FazhiError("数据库文件只读")

    monkeypatch.setattr(documents, "note_document_reveal", log_refuses)
    printed = tmp_path / "printed.pdf"
    prompts = Prompts(printed_to=printed)
    dialog = BatchPrintDialog(store, "mediation_case", [case], dialogs, prompts)
    qtbot.addWidget(dialog)
    dialog.reveal_box.setChecked(True)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.batch is not None, timeout=20000)
    assert dialogs.shown[-1] == ("error", "无法打印预览", "无法记录本次显示完整证件号，未打印预览：数据库文件只读")
    assert not prompts.previews
    dialog.close()
    bar = editor_window(qtbot, store, "mediation_case", case, dialogs, prompts).print_bar
    bar.reveal_box.setChecked(True)
    bar.print()
    assert dialogs.shown[-1] == ("error", "无法打印", "无法记录本次显示完整证件号，未打印：数据库文件只读")
    assert not printed.exists() and not reveals.reveal_log(store)


def test_ctrl_a_selects_the_list_without_an_index_per_row(qtbot, store, meetings, window, monkeypatch):
    """Ctrl+A on a long list: the actions that follow the selection (删除记录, 打印所选记录…) counted the rows with
    selectedRows(), an index per row, at every change: 0.6 s at 20,000 records, seconds at the county's 100,000.
    They read the selection's ranges; the rows are listed only for the dialog (at most MAX_RECORDS)."""
    from PySide6.QtCore import QItemSelectionModel

    def per_row(*_args):
        raise AssertionError("selectedRows() makes an index per selected row")

    view = window.pages["meeting"]
    view.refresh()
    monkeypatch.setattr(QItemSelectionModel, "selectedRows", per_row)
    click_row(qtbot, view, 1)
    assert view.selected_record().id == meetings[2].id and window.delete_action.isEnabled()
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert view.selected_count() == 4 and view.selected_record() is None
    assert window.print_selected_action.isEnabled() and not window.delete_action.isEnabled()
    click_row(qtbot, view, 2, Qt.KeyboardModifier.ControlModifier)  # taken out again
    assert [r.id for r in view.selected_records()] == [meetings[3].id, meetings[2].id, meetings[0].id]
    view.refresh()  # keeps the first row selected
    assert view.selected_record().id == meetings[3].id


def test_at_the_county_the_selection_prints_under_the_townships_name(qtbot, world, dialogs, ui_settings,
                                                                      valid_record):
    """The entry was off at the county (a township's 纪要 printed under the county's name); with the names of the
    township that recorded it (core/documents/issuer.py) it is on, and its dialog opens on the rows selected."""
    town = world.town("640522101")  # 李旺镇
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    assert world.import_(world.export(town).path).ok
    window = create_main_window(world.county, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(window)
    window.show_page("meeting")
    view = window.pages["meeting"]
    assert not window.print_selected_action.isEnabled()  # nothing selected yet
    view.table.selectRow(0)
    assert window.print_selected_action.isEnabled()
    window.print_selected_action.trigger()
    dialog = window.batch_print_dialog
    assert dialog.record_ids == [view.selected_record().id]
    dialog.close()
