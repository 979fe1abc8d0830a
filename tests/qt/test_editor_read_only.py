"""A record nobody may change here (已锁定, or 所长已审核 for a 录入员, or deleted) opens read-only but readable:
every value is shown as it is stored, long text scrolls, text can be selected and copied, no grey hint looks like
data, and nothing the clerk does (typing, pasting, the arrow keys in a drop-down, adding or removing rows, names or
attachments) changes the record or can be saved."""

from __future__ import annotations

import pytest
import review_steps
from helpers import type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QStyle, QStyleOptionComboBox, QToolButton

from fazhi_desktop.core.attachments import add_attachment
from fazhi_desktop.qt.editor import EditorWindow
from fazhi_desktop.qt.editor.widgets import ChoiceBox, make_read_only

ACTOR = "杨芳"
LONG_RECORD = "\n".join(f"第{i}次陈述：申请人称宅基地东侧界墙被邻居占用，被申请人不同意。" for i in range(1, 31))
ID_NUMBER = "11010519491231002X"


@pytest.fixture
def locked_case(store, valid_record, tmp_path):
    """A 调解案件 with a long 调解记录, two parties, two mediators and an attachment, then 提交 and 锁定."""
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"photo")
    attachment = add_attachment(store, photo)
    data = valid_record("mediation_case", mediation_record=LONG_RECORD, mediators=["马占福", "李娟"],
                        rights_notified=True, rights_notified_on="2026-03-05", attachments=[attachment],
                        parties=[{"role": "申请人", "party_type": "自然人", "name": "马某"},
                                 {"role": "被申请人", "party_type": "自然人", "name": "李某", "id_number": ID_NUMBER}])
    record = store.save("mediation_case", data, ACTOR)
    review_steps.submit(store, record.id, ACTOR)
    return review_steps.lock(store, record.id, ACTOR)


def open_window(qtbot, store, dialogs, record) -> EditorWindow:
    window = EditorWindow(store, store.ledgers[record.ledger], record, dialogs, ACTOR)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, key, modifier)


def test_a_long_mediation_record_of_a_locked_case_can_be_scrolled_and_copied(qtbot, store, dialogs, locked_case):
    window = open_window(qtbot, store, dialogs, locked_case)
    text_box = window.editor.field_widget("mediation_record").control
    bar = text_box.verticalScrollBar()
    assert text_box.isEnabled() and bar.isEnabled() and bar.maximum() > 0
    assert text_box.toPlainText() == LONG_RECORD
    press(qtbot, text_box, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert bar.value() > 0 and text_box.viewport().rect().contains(text_box.cursorRect()), "the last line shows"
    press(qtbot, text_box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, text_box, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == LONG_RECORD.replace("\n", "\u2029") or \
        QApplication.clipboard().text() == LONG_RECORD


def test_every_field_of_a_locked_record_shows_its_value_and_no_hint(qtbot, store, dialogs, locked_case):
    window = open_window(qtbot, store, dialogs, locked_case)
    editor = window.editor
    assert window.review_bar.banner.text() == "已锁定，所长可重新打开"
    boxes = [box for box in (*editor.findChildren(QLineEdit), *editor.findChildren(QPlainTextEdit))
             if box.isVisibleTo(editor)]
    assert boxes
    for box in boxes:
        assert box.isEnabled(), "a disabled box greys its value out"
        assert box.isReadOnly()
        assert box.placeholderText() == "", f"“{box.placeholderText()}” would look like data"
    assert editor.field_widget("case_name").control.text() == "马某与李某宅基地纠纷"
    assert editor.field_widget("case_category").control.currentText() == "人民调解"
    assert editor.field_widget("case_category").control.isEnabled()
    assert editor.group_widget("parties").row(1).inputs["name"].control.text() == "李某"


def test_nothing_typed_pasted_or_chosen_changes_a_locked_record(qtbot, store, dialogs, locked_case):
    window = open_window(qtbot, store, dialogs, locked_case)
    editor = window.editor
    before = editor.collect()
    QApplication.clipboard().setText("粘贴的内容")
    for box in (editor.field_widget("case_name").control, editor.field_widget("mediation_record").control):
        assert not box.inputMethodQuery(Qt.InputMethodQuery.ImEnabled), "a Pinyin input method cannot type here"
        qtbot.keyClicks(box, "abc")
        for key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete, Qt.Key.Key_Return):
            press(qtbot, box, key)
        press(qtbot, box, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        press(qtbot, box, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    for field in ("case_category", "dispute_type", "rights_notified"):
        combo = editor.field_widget(field).control
        for key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_End, Qt.Key.Key_Home):
            press(qtbot, combo, key)
        combo.showPopup()
        assert not combo.view().isVisible(), "the list of choices does not open"
    date = editor.field_widget("accepted_on")
    press(qtbot, date.control, Qt.Key.Key_F4)
    assert not date.popup.isVisible() and date.button.isHidden()
    party_role = editor.group_widget("parties").row(0).inputs["role"].control
    press(qtbot, party_role, Qt.Key.Key_Down)
    assert editor.collect() == before
    assert not editor.is_dirty()


def test_rows_names_and_attachments_of_a_locked_record_cannot_be_added_or_removed(qtbot, store, dialogs, locked_case):
    window = open_window(qtbot, store, dialogs, locked_case)
    editor = window.editor
    before = editor.collect()
    parties = editor.group_widget("parties")
    assert parties.add_button.isHidden()
    assert all(row.remove_button.isHidden() for row in parties.rows)
    press(qtbot, parties.row(0).inputs["name"].control, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, parties.row(0).inputs["name"].control, Qt.Key.Key_Delete,
          Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(parties.rows) == 2
    mediators = editor.field_widget("mediators")
    assert [chip.name for chip in mediators.chips] == ["马占福", "李娟"]
    assert not any(button.isVisibleTo(chip) for chip in mediators.chips for button in chip.findChildren(QToolButton))
    press(qtbot, mediators.control, Qt.Key.Key_Backspace)
    attachments = editor.field_widget("attachments")
    assert attachments.add_button.isHidden() and attachments.remove_button.isHidden()
    assert not attachments.open_button.isHidden(), "an attachment can still be looked at"
    attachments.files.setCurrentRow(0)
    press(qtbot, attachments.files, Qt.Key.Key_Delete)
    assert editor.collect() == before


def test_a_locked_record_cannot_be_saved(qtbot, store, dialogs, locked_case):
    window = open_window(qtbot, store, dialogs, locked_case)
    assert not window.save_button.isEnabled()
    press(qtbot, window.editor.field_widget("case_name").control, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.save()
    assert store.get(locked_case.id).revision == locked_case.revision


def test_reopening_makes_the_record_editable_again_with_its_hints(qtbot, store, dialogs, locked_case):
    window = open_window(qtbot, store, dialogs, locked_case)
    dialogs.text_answers = ["补充调解记录"]
    window.review_bar.buttons["reopen"].click()
    editor = window.editor
    assert store.get(locked_case.id).status == "draft"
    assert editor.field_widget("mediated_on").control.placeholderText() == "如 2026-03-05"
    assert not editor.group_widget("parties").add_button.isHidden()
    assert not editor.field_widget("attachments").add_button.isHidden()
    type_text(qtbot, editor.field_widget("case_name").control, "（续）")
    assert editor.field_widget("case_name").value() == "马某与李某宅基地纠纷（续）"
    assert window.save()
    assert store.get(locked_case.id)["case_name"] == "马某与李某宅基地纠纷（续）"


def arrow_colours(combo) -> int:
    """The most colours one pixel row across the middle of the drop-down arrow's area of `combo` shows: one where
    nothing is drawn (the button's shading changes from row to row only)."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    area = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxArrow,
                                        combo)
    image = combo.grab(area.adjusted(4, 4, -4, -4)).toImage()  # inside the frame's edge
    return max(len({image.pixel(x, y) for x in range(image.width())}) for y in range(image.height()))


def test_a_read_only_drop_down_draws_no_arrow_that_offers_a_list(qtbot):
    combo = ChoiceBox()
    combo.addItems(["人民调解", "行政调解"])
    qtbot.addWidget(combo)
    combo.resize(200, combo.sizeHint().height())
    combo.show()
    assert arrow_colours(combo) > 2, "an editable drop-down draws its arrow"
    make_read_only(combo, True)
    assert arrow_colours(combo) == 1, "a read-only one does not"


def test_an_empty_choice_of_a_locked_record_is_blank_not_please_choose(qtbot, store, dialogs, locked_case):
    window = open_window(qtbot, store, dialogs, locked_case)
    gender = window.editor.group_widget("parties").row(0).inputs["gender"].control
    assert gender.currentText() == "—请选择—" and gender.shown_text() == ""
    assert window.editor.field_widget("case_category").control.shown_text() == "人民调解"


def test_an_id_number_of_a_locked_record_stays_masked_when_clicked(qtbot, store, dialogs, locked_case):
    """Nothing is entered in a locked record: its ID numbers are not shown in full on focus, as while typing."""
    window = open_window(qtbot, store, dialogs, locked_case)
    box = window.editor.group_widget("parties").row(1).inputs["id_number"].control
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    assert box.text() == "110105********002X" and box.isReadOnly()
