# ruff: noqa: F811  (fixtures imported from tests/qt/test_review_gui.py and test_year_close_gui.py)
"""A 群体性纠纷 of 60 households, most of its 当事人 rows below the editor's window: whatever is done with the rows
far down (Tab and Shift+Tab into them, a refused save naming one, Ctrl+D, the autosave draft of a change in one,
a record only viewed, a matter a closed year left open) behaves as with the rows in view, and opening the case and
scrolling through it changes nothing."""

from __future__ import annotations

import pytest
from helpers import type_text
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget
from test_editor import ACTOR
from test_editor import open_window as open_editor
from test_review_gui import as_user, open_window  # noqa: F401  (open_window is a fixture)
from test_year_close_gui import closed_by_the_head, december  # noqa: F401  (december is a fixture)

from fazhi_desktop.core.identifiers import id_card_check_char
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.qt.editor import EditorWindow
from fazhi_desktop.qt.editor.autosave import put_values
from fazhi_desktop.qt.editor.widgets import FieldInput
from fazhi_desktop.qt.fonts import apply_text_size

PARTIES = 60
SURNAMES = "马杨李王张田海禹苏虎刘陈赵周吴郑孙黄何罗"


def id_number(i: int) -> str:
    first = f"640522{1960 + i % 40}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
    return first + id_card_check_char(first)


def case(noted: bool = False, accepted_on: str = "2026-03-05") -> dict:
    """60 parties, one of them (the 41st) a 单位; `noted`: named 马某3 (a name with a digit: an orange note)."""
    rows = []
    for i in range(PARTIES):
        number = id_number(i)
        rows.append({"role": "申请人" if i else "被申请人", "party_type": "自然人",
                     "name": f"马某{i}" if noted else f"{SURNAMES[i % 20]}某{'一二三'[i // 20]}",
                     "gender": "男" if int(number[16]) % 2 else "女", "ethnicity": "回族", "id_number": number,
                     "birth_date": f"{number[6:10]}-{number[10:12]}-{number[12:14]}", "phone": f"139950{i:05d}",
                     "address": "海城镇山门村"})
    rows[40] = {"role": "申请人", "party_type": "单位", "org_name": "海原县山门建筑有限公司",
                "legal_representative": "马志刚", "org_address": "海城镇"}
    return {"case_category": "人民调解", "case_name": "山门村征地补偿纠纷", "accepted_on": accepted_on,
            "dispute_type": "征地拆迁纠纷", "parties": rows, "mediators": [ACTOR]}


@pytest.fixture
def office(tmp_path):
    store = init_database(tmp_path / "t.db", "640522100")
    yield store
    store.close()


def stops(row) -> list[QWidget]:
    """The Tab stops of a row, as the clerk reaches them: its shown fields' controls."""
    return [w for widget in row.inputs.values() if not widget.isHidden() for w in widget.focus_chain()]


def in_view(editor, widget: QWidget) -> bool:
    view = editor.scroll.viewport()
    return QRect(QPoint(0, 0), view.size()).contains(QRect(widget.mapTo(view, QPoint(0, 0)), widget.size()))


def key(qtbot, which: Qt.Key) -> None:
    qtbot.keyClick(QApplication.focusWidget(), which)
    QApplication.processEvents()


def test_opening_and_scrolling_to_the_last_party_changes_nothing_and_shows_each_note(qtbot, office, dialogs):
    window = open_editor(qtbot, office, "mediation_case", dialogs, office.save("mediation_case", case(True), ACTOR))
    editor = window.editor
    opened = editor.collect()
    assert [row["name"] for row in opened["parties"]][-2:] == ["马某58", "马某59"]
    bar = editor.scroll.verticalScrollBar()
    for value in range(0, bar.maximum() + bar.pageStep(), bar.pageStep()):  # Page Down to the end
        bar.setValue(value)
        QApplication.processEvents()
    assert editor.collect() == opened and not editor.is_dirty()
    rows = editor.group_widget("parties").rows
    editor.scroll.ensureWidgetVisible(rows[-1])
    QApplication.processEvents()
    last = rows[-1].inputs["name"]
    assert last.warning() == "“马某59”中有数字或标点，请核对姓名" and last.message.isVisibleTo(window)
    assert in_view(editor, last.control)
    assert rows[-1].title.isVisibleTo(window) and rows[-1].title.text() == f"当事人 {PARTIES}"
    assert rows[-1].remove_button.isVisibleTo(window)
    assert rows[40].inputs["org_name"].isVisibleTo(window) and not rows[40].inputs["name"].isVisibleTo(window)
    assert editor.status.text().startswith(f"此记录有 {PARTIES - 1} 条提")
    for row in rows:  # every row's fields reached: still nothing changed
        assert row.inputs["role"].value() in ("申请人", "被申请人")
    assert editor.collect() == opened and not editor.is_dirty()
    assert sum(bool(w.warning()) for row in rows for w in row.inputs.values()) == PARTIES - 1


def test_tab_and_shift_tab_go_through_every_row_into_those_far_below(qtbot, office, dialogs):
    window = open_editor(qtbot, office, "mediation_case", dialogs, office.save("mediation_case", case(), ACTOR))
    editor = window.editor
    group = editor.group_widget("parties")
    group.add_button.setFocus()
    key(qtbot, Qt.Key.Key_Backtab)  # from ＋ 添加一行 back into the last row, far below where the case opened
    assert QApplication.focusWidget() is stops(group.rows[-1])[-1]
    assert in_view(editor, QApplication.focusWidget())
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is group.add_button
    editor.scroll.verticalScrollBar().setValue(0)
    first = stops(group.rows[0])[0]
    first.setFocus()
    walked = [first]
    while QApplication.focusWidget() is not group.add_button and len(walked) < 2000:
        key(qtbot, Qt.Key.Key_Tab)
        walked.append(QApplication.focusWidget())
        assert in_view(editor, walked[-1])
    expected = [w for row in group.rows for w in stops(row)] + [group.add_button]
    assert walked == expected
    key(qtbot, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is expected[-2]
    assert not editor.is_dirty()


def test_shift_tab_from_below_a_row_not_yet_seen_lands_on_its_last_field(qtbot, office, dialogs):
    window = open_editor(qtbot, office, "mediation_case", dialogs, office.save("mediation_case", case(), ACTOR))
    editor = window.editor
    group = editor.group_widget("parties")
    editor.scroll.verticalScrollBar().setValue(editor.scroll.verticalScrollBar().maximum())
    QApplication.processEvents()
    stops(group.rows[-1])[0].setFocus()  # the last row's first field; then back, row by row, as far as the 30th
    for _ in range(30):
        key(qtbot, Qt.Key.Key_Backtab)
        assert in_view(editor, QApplication.focusWidget())
    rows = [next(i for i, row in enumerate(group.rows) if row.isAncestorOf(QApplication.focusWidget()))]
    assert QApplication.focusWidget() in stops(group.rows[rows[0]])
    assert not editor.is_dirty()


def test_the_cursor_given_to_a_far_row_goes_to_its_first_field_or_back_to_its_last(qtbot, office, dialogs):
    """What Tab and Shift+Tab give a row (its first Tab stop, its last) lands in its first and last fields."""
    window = open_editor(qtbot, office, "mediation_case", dialogs, office.save("mediation_case", case(), ACTOR))
    editor = window.editor
    rows = editor.group_widget("parties").rows
    editor.field_widget("case_name").control.setFocus()
    rows[45].focus_chain()[0].setFocus(Qt.FocusReason.TabFocusReason)
    assert QApplication.focusWidget() is stops(rows[45])[0]
    rows[50].focus_chain()[-1].setFocus(Qt.FocusReason.BacktabFocusReason)
    assert QApplication.focusWidget() is stops(rows[50])[-1]
    QApplication.processEvents()
    assert in_view(editor, QApplication.focusWidget())
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is stops(rows[51])[0]
    key(qtbot, Qt.Key.Key_Backtab)
    key(qtbot, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is stops(rows[50])[-2]
    assert not editor.is_dirty()


def test_a_case_opens_with_only_the_parties_near_its_window_made(qtbot, office, dialogs):
    """Each party's row is 18 fields to make: a 200-party case took 1.7 s of its opening to make 3,600 of them
    (bench/gui_big_case.py). Only those in and near the window are made; the others as they are reached."""
    window = open_editor(qtbot, office, "mediation_case", dialogs, office.save("mediation_case", case(), ACTOR))
    editor = window.editor
    QApplication.processEvents()
    made = len(editor.group_widget("parties").findChildren(FieldInput))
    assert made < 18 * 10
    editor.scroll.verticalScrollBar().setValue(editor.scroll.verticalScrollBar().maximum())
    QApplication.processEvents()
    assert len(editor.group_widget("parties").findChildren(FieldInput)) > made


def test_a_refused_save_names_a_far_row_and_puts_the_cursor_there(qtbot, office, dialogs):
    window = open_editor(qtbot, office, "mediation_case", dialogs, office.save("mediation_case", case(), ACTOR))
    editor = window.editor
    values = editor.collect()
    number = values["parties"][49]["id_number"]
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    values["parties"][49] = {**values["parties"][49], "id_number": wrong}
    put_values(editor, values)  # as a draft restored: the 50th party's number mistyped, the form at its top
    editor.scroll.verticalScrollBar().setValue(0)
    editor.field_widget("case_name").control.setFocus()
    QApplication.processEvents()
    assert not editor.save()
    assert editor.status.text().startswith("未保存，有 1 处需要修改（见红字）：当事人第50行")
    row = editor.group_widget("parties").rows[49]
    assert row.inputs["id_number"].error() and row.inputs["id_number"].message.isVisibleTo(window)
    assert QApplication.focusWidget() is row.inputs["id_number"].control
    QApplication.processEvents()
    assert in_view(editor, row.inputs["id_number"].control)
    assert office.get(editor.record.id).revision == 1


def test_ctrl_d_saves_a_change_typed_in_a_far_row(qtbot, office, dialogs):
    record = office.save("mediation_case", case(), ACTOR)
    window = open_editor(qtbot, office, "mediation_case", dialogs, record)
    copies = []
    window.copy_requested.connect(copies.append)
    address = window.editor.group_widget("parties").rows[55].inputs["address"].control
    address.setFocus()
    address.end(False)
    type_text(qtbot, address, "二组")
    qtbot.keyClick(address, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    saved = office.get(record.id)
    assert saved.revision == 2 and saved.values["parties"][55]["address"] == "海城镇山门村二组"
    assert saved.values["parties"][:55] == record.values["parties"][:55]
    assert saved.values["parties"][56:] == record.values["parties"][56:]
    assert [c.id for c in copies] == [record.id]


def test_the_draft_of_a_change_in_a_far_row_is_restored_with_it(qtbot, office, dialogs):
    record = office.save("mediation_case", case(), ACTOR)
    window = open_editor(qtbot, office, "mediation_case", dialogs, record)
    row = window.editor.group_widget("parties").rows[57]
    row.inputs["address"].control.setFocus()
    row.inputs["address"].control.selectAll()
    type_text(qtbot, row.inputs["address"].control, "三组")
    draft = window.editor.collect()  # what the autosave keeps
    assert draft["parties"][57]["address"] == "三组" and draft["parties"][56]["address"] == "海城镇山门村"
    window.editor.give_up_changes()
    window.close()
    again = open_editor(qtbot, office, "mediation_case", dialogs, office.get(record.id))
    put_values(again.editor, draft)
    assert again.editor.is_dirty() and again.editor.changed_labels() == ["当事人"]
    assert again.editor.collect() == draft
    assert again.editor.group_widget("parties").rows[57].inputs["address"].value() == "三组"
    again.editor.scroll.verticalScrollBar().setValue(again.editor.scroll.verticalScrollBar().maximum())
    QApplication.processEvents()
    assert again.editor.collect() == draft
    assert again.editor.save()
    assert office.get(record.id).values["parties"][57]["address"] == "三组"


def test_a_case_opened_to_be_read_has_its_far_rows_read_only_until_edit(qtbot, office, dialogs):
    record = office.save("mediation_case", case(), ACTOR)
    window = EditorWindow(office, office.ledgers["mediation_case"], record, dialogs, ACTOR, viewing=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    editor = window.editor
    group = editor.group_widget("parties")
    editor.scroll.verticalScrollBar().setValue(editor.scroll.verticalScrollBar().maximum())
    QApplication.processEvents()
    last = group.rows[-1]
    assert last.inputs["name"].control.isReadOnly() and last.remove_button.isHidden()
    assert group.add_button.isHidden()
    assert editor.start_editing() is None
    assert not last.inputs["name"].control.isReadOnly() and not group.rows[45].inputs["name"].control.isReadOnly()
    assert not editor.is_dirty()


def test_a_matter_left_open_by_a_closed_year_greys_its_far_rows_but_their_guardian(qtbot, december, open_window,
                                                                                    store):
    as_user(store, "马丽")
    saved = store.save("mediation_case", case(accepted_on="2026-12-20"), "")
    closed_by_the_head(store, december)
    window = open_window("马丽")
    dialog = window.open_record(store.get(saved.id))
    qtbot.addWidget(dialog)
    row = dialog.editor.group_widget("parties").row(58)
    fillable = {"guardian", "guardian_relation", "guardian_id_number", "guardian_phone", "representative_title"}
    assert not row.title.isEnabled()
    assert not any(label.isEnabled() for name, label in row.labels.items() if name not in fillable)
    assert all(row.labels[name].isEnabled() and not row.inputs[name].control.isReadOnly() for name in fillable)
    assert row.inputs["name"].control.isReadOnly()
    shown = row.inputs["id_number"].control.text()  # a 录入员 sees the number masked
    assert shown != saved.values["parties"][58]["id_number"] and "*" in shown
    assert not dialog.editor.is_dirty()


def test_back_to_check_the_warnings_puts_the_cursor_on_the_one_far_row_questioned(qtbot, office, dialogs):
    """保存并新建 paused at a record's warnings, 返回核对: the cursor goes to the first orange field, in row 51."""
    values = case()
    values["parties"][50]["name"] = "马某50"  # a name with a digit: questioned, in orange
    window = open_editor(qtbot, office, "mediation_case", dialogs, office.save("mediation_case", values, ACTOR))
    editor = window.editor
    editor.hold_for_warnings()
    name = editor.group_widget("parties").rows[50].inputs["name"]
    assert QApplication.focusWidget() is name.control and name.warning() == "“马某50”中有数字或标点，请核对姓名"
    QApplication.processEvents()
    assert in_view(editor, name.control)


@pytest.mark.parametrize("large", [False, True], ids=["五号字", "长者模式"])
def test_scrolling_up_to_rows_not_yet_seen_moves_the_form_by_the_scroll_alone(qtbot, qapp, office, dialogs, large):
    """Rows above the view made as she scrolls up (each with its orange note, taller than the frame it replaced)
    must not push what she is reading down: the form moves by what she scrolled, as when every row was made. At the
    program's text sizes (Qt's smaller test font hid it): the rows' group was left a note's height short, each row
    a pixel less, and the rows she read moved 1 to 5 pixels more than she scrolled (14 in 长者模式)."""
    apply_text_size(qapp, large)
    window = open_editor(qtbot, office, "mediation_case", dialogs, office.save("mediation_case", case(True), ACTOR))
    editor = window.editor
    rows = editor.group_widget("parties").rows
    rows[55].inputs["address"].control.setFocus()  # the cursor taken far down (a problem named there, say)
    QApplication.processEvents()
    bar, view = editor.scroll.verticalScrollBar(), editor.scroll.viewport()
    for _ in range(4):
        at = rows[55].mapTo(view, QPoint(0, 0)).y()
        bar.triggerAction(bar.SliderAction.SliderPageStepSub)  # Page Up, the wheel, the scroll bar
        for _painted in range(2):  # as it is first painted, and once all is done
            assert rows[55].mapTo(view, QPoint(0, 0)).y() - at == bar.pageStep()
            QApplication.processEvents()


def test_a_row_built_when_reached_is_read_out_by_its_number(qtbot, office, dialogs):
    """A row far below, built only when the clerk reaches it, names its fields for a screen reader by its row as the
    rows built at opening do (当事人 50：身份证号): the two changes of one day met in `GroupRow.set_number`."""
    window = open_editor(qtbot, office, "mediation_case", dialogs, office.save("mediation_case", case(), ACTOR))
    rows = window.editor.group_widget("parties").rows
    assert not rows[49].built
    assert rows[49].inputs["id_number"].control.accessibleName().startswith("当事人 50：身份证号")
