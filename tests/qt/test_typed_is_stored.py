"""What the clerk types into the editor's inputs is what is stored: a stray Space is no number, drop-downs take the
Pinyin input method, typing the choice already shown keeps it, and correcting an ID number corrects the birth date
it gave."""

from __future__ import annotations

import pytest
from helpers import compose, type_text
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodQueryEvent
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QApplication
from test_editor import office, open_window, press_save
from test_editor_inputs import open_as_clerk, tab

from fazhi_desktop.core.identifiers import id_card_check_char
from fazhi_desktop.qt.editor.widgets import ChoiceBox, FieldInput

__all__ = ["office"]  # the fixture, shared with test_editor

ID_NUMBER = "640522196103051938"
PARTY = {"role": "申请人", "party_type": "自然人", "name": "马文", "gender": "男", "birth_date": "1961-03-05",
         "id_number": ID_NUMBER, "phone": "15509542033"}


def takes_input_method(widget) -> bool:
    """What a Pinyin input method asks a widget before it turns itself on for it (the ImEnabled query
    Qt's input contexts send, on Windows as with ibus)."""
    query = QInputMethodQueryEvent(Qt.InputMethodQuery.ImEnabled)
    QApplication.sendEvent(widget, query)
    return bool(query.value(Qt.InputMethodQuery.ImEnabled))


def focus(qtbot, control) -> None:
    control.setFocus()
    qtbot.waitUntil(control.hasFocus)


# -- a stray Space in a masked stored value ----------------------------------------------------------------------


def clerk_in_masked(qtbot, office, dialogs, valid_record, where: str):
    """The 录入员 in a stored party's `where` (id_number, phone, birth_date) or a complaint's 投诉人, shown masked:
    (record, window, the field's control, the field as shown)."""
    if where == "complainant":
        record, window = open_as_clerk(qtbot, office, dialogs, "complaint",
                                       valid_record("complaint", complainant="马文"))
        control = window.editor.field_widget("complainant").control
    else:
        record, window = open_as_clerk(qtbot, office, dialogs, "mediation_case",
                                       valid_record("mediation_case", parties=[PARTY]))
        control = window.editor.group_widget("parties").row(0).inputs[where].control
    focus(qtbot, control)
    return record, window, control, control.text()


def stored(office, record, where: str):
    values = office.get(record.id)
    return values[where] if where == "complainant" else values["parties"][0][where]


@pytest.mark.parametrize("where", ["id_number", "phone", "birth_date", "complainant"])
def test_a_stray_space_in_a_masked_stored_value_keeps_it(qtbot, office, dialogs, valid_record, where):
    """Space (the key of ＋ 添加一行) pressed by mistake in a masked 身份证号, then Tab and Ctrl+S: the field went
    blank and the record was saved without the number, which the 录入员 never saw. As after a Backspace, the stored
    value comes back when she leaves the field, and Ctrl+S before that saves it too."""
    record, window, control, masked = clerk_in_masked(qtbot, office, dialogs, valid_record, where)
    before = stored(office, record, where)
    assert masked and masked != before  # she cannot read it
    qtbot.keyClick(control, Qt.Key.Key_Space)
    press_save(qtbot, window)  # Ctrl+S while still in the field
    assert stored(office, record, where) == before
    tab(qtbot)
    assert control.text() == masked, "the stored value is shown again"
    press_save(qtbot, window)
    assert stored(office, record, where) == before


@pytest.mark.parametrize("how", ["full-width space", "pasted blank cell"])
def test_a_space_from_the_input_method_or_a_blank_paste_is_no_number_either(qtbot, office, dialogs, valid_record,
                                                                            how):
    """Pinyin in full-width mode types Space as “　”; a spreadsheet's empty-looking cell copies as spaces (a pasted
    tab alone was already dropped, as one_line drops it)."""
    record, window, control, masked = clerk_in_masked(qtbot, office, dialogs, valid_record, "id_number")
    if how == "full-width space":
        type_text(qtbot, control, "　")
    else:
        QApplication.clipboard().setText(" 　")
        qtbot.keyClick(control, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    tab(qtbot)
    assert control.text() == masked
    press_save(qtbot, window)
    assert stored(office, record, "id_number") == ID_NUMBER


def test_a_name_typed_in_pinyin_over_a_masked_stored_one_is_the_name_saved(qtbot, office, dialogs, valid_record):
    """A masked 投诉人 is read-only until the 录入员's first key replaces it, and Qt keeps the input method off a
    read-only input: her Pinyin came as Latin letters and “lihua” was saved in place of 马文. It takes the input
    method, and the composition's first key replaces the stored name as a plain key does."""
    record, window, control, _masked = clerk_in_masked(qtbot, office, dialogs, valid_record, "complainant")
    assert takes_input_method(control)
    compose(control, "lihua")
    assert control.text() == "" and not control.isReadOnly(), "her composition, not the masked 马*"
    type_text(qtbot, control, "李华")
    tab(qtbot)
    press_save(qtbot, window)
    assert stored(office, record, "complainant") == "李华"


# -- drop-downs take the input method ----------------------------------------------------------------------------


@pytest.mark.parametrize("ledger", ["meeting", "law_study", "enforcement_check", "complaint", "mediation_case"])
def test_every_input_a_clerk_types_into_takes_the_input_method(qtbot, office, dialogs, ledger):
    """Qt switches the input method off for a drop-down that cannot be edited: Pinyin keys reached 案件来源 as
    f a n g and Space opened the list, so a choice could not be typed in Chinese (typing 公安移送 + Enter kept
    当事人申请). Every input of every form takes it, a row of each group too; not a button, a tick box or the
    attachments' list, where nothing is typed."""
    window = open_window(qtbot, office, ledger, dialogs)
    editor = window.editor
    for field in editor.fields:
        if field.type == "group" and not editor.group_widget(field.name).rows:
            editor.group_widget(field.name).add_row(focus=False)
    inputs = [w for w in (*editor.tab_stops(), *editor.findChildren(ChoiceBox))
              if not isinstance(w, (QAbstractButton, QAbstractItemView))]
    assert any(isinstance(w, ChoiceBox) for w in inputs)
    assert [label_of(w) for w in inputs if not takes_input_method(w)] == []


def label_of(widget) -> str:
    while not isinstance(widget, FieldInput):
        widget = widget.parentWidget()
    return widget.field.label


def test_a_source_typed_in_pinyin_is_the_source_saved(qtbot, office, dialogs):
    window = open_window(qtbot, office, "mediation_case", dialogs)
    source = window.editor.field_widget("case_source")
    focus(qtbot, source.control)
    assert takes_input_method(QApplication.focusWidget())
    type_text(qtbot, source.control, "公安移送")
    qtbot.keyClick(source.control, Qt.Key.Key_Return)
    assert source.value() == "公安移送"


# -- typing the choice shown -------------------------------------------------------------------------------------


def typed_choice(qtbot, control, *texts: str) -> str:
    """Each text typed into the drop-down (Chinese as the word Pinyin commits, digits as keys): what it shows."""
    for text in texts:
        type_text(qtbot, control, text)
    return control.currentText()


def test_typing_the_start_of_the_choice_shown_keeps_it(qtbot, office, dialogs, valid_record):
    """Qt's search starts after the item shown: 文书形式 showing its default 会议记录 became 会议纪要 when the clerk
    typed “会议” (the meeting printed as a 纪要), and 调解成功 + “调解” became 调解不成功(终止). What she types means
    the choice equal to it, else the one shown if it holds it, else the one it starts or is inside."""
    window = open_window(qtbot, office, "meeting", dialogs)
    form = window.editor.field_widget("record_form").control
    assert form.currentText() == "会议记录"
    assert typed_choice(qtbot, form, "会") == "会议记录"
    assert typed_choice(qtbot, form, "会议") == "会议记录"
    assert typed_choice(qtbot, form, "纪要") == "会议纪要"
    assert typed_choice(qtbot, form, "会议") == "会议纪要"
    assert typed_choice(qtbot, form, "会议记录") == "会议记录"
    agenda = window.editor.group_widget("agenda_items")
    row = agenda.add_row().inputs
    type_text(qtbot, row["needs_review"].control, "是")
    review = row["review_status"].control
    assert review.isVisible()
    assert typed_choice(qtbot, review, "已审查合法", "已审查") == "已审查合法"
    assert typed_choice(qtbot, review, "不合法") == "已审查不合法"

    window = open_window(qtbot, office, "mediation_case", dialogs)
    result = window.editor.field_widget("result").control
    assert typed_choice(qtbot, result, "调解成功", "调解") == "调解成功"
    assert typed_choice(qtbot, result, "不成功") == "调解不成功(终止)"
    assert typed_choice(qtbot, result, "调解成功") == "调解成功"
    confirmation = window.editor.field_widget("judicial_confirmation").control
    assert confirmation.isVisible()
    assert typed_choice(qtbot, confirmation, "确认有效", "确认") == "确认有效"
    assert typed_choice(qtbot, confirmation, "无效") == "确认无效"
    retention = window.editor.field_widget("retention_period").control
    assert typed_choice(qtbot, retention, "10") == "10年", "keys in quick succession are one text"
    qtbot.wait(QApplication.keyboardInputInterval() + 50)
    assert typed_choice(qtbot, retention, "3") == "30年"
    qtbot.wait(QApplication.keyboardInputInterval() + 50)
    assert typed_choice(qtbot, retention, "3") == "30年"

    window = open_window(qtbot, office, "enforcement_check", dialogs)
    disclosure = window.editor.field_widget("disclosure_status").control
    assert typed_choice(qtbot, disclosure, "部分") == "部分落实"
    assert typed_choice(qtbot, disclosure, "落实") == "落实", "the choice equal to what is typed, not one holding it"


# -- correcting an ID number after saving ------------------------------------------------------------------------


def with_check(first17: str) -> str:
    return first17 + id_card_check_char(first17)


def test_correcting_a_saved_id_number_corrects_the_birth_date_it_gave(qtbot, office, dialogs, valid_record):
    """The number was saved with a wrong month (08 for 03) and the birth date filled from it; the 录入员 retyped
    the number and saved: the old 1961-08-05 stayed, shown 1961-**-** beside an orange 出生日期与身份证号不符 she
    could not check. A stored date that is what the stored number gives follows the corrected number; a date of
    her own stays, for the form's check to question."""
    typo, right = with_check("64052219610805193"), with_check("64052219610305193")
    party = {**PARTY, "id_number": typo, "birth_date": "1961-08-05"}
    other = {**PARTY, "name": "海玉", "id_number": typo, "birth_date": "1961-08-06"}  # from the paper, not the number
    record, window = open_as_clerk(qtbot, office, dialogs, "mediation_case",
                                   valid_record("mediation_case", parties=[party, other]))
    for index in (0, 1):
        row = window.editor.group_widget("parties").row(index).inputs
        focus(qtbot, row["id_number"].control)
        type_text(qtbot, row["id_number"].control, right)  # her first key replaces the masked number
        tab(qtbot)
    press_save(qtbot, window)
    parties = office.get(record.id)["parties"]
    assert [(p["id_number"], p["birth_date"]) for p in parties] == [(right, "1961-03-05"), (right, "1961-08-06")]
    rows = [window.editor.group_widget("parties").row(i).inputs["birth_date"] for i in (0, 1)]
    assert rows[0].warning() is None
    assert "出生日期与身份证号不符" in (rows[1].warning() or "")
