"""The reveal log says which party's number was shown and, where she gave one, why.

In the editor 杨芳 clicked into 马文's number, then 李海's: one entry, 编辑窗口中查看, for both. Now each number
shown is an entry naming its row and role (never the value). 显示完整证件号 offers a 用途 once ticked; ticking
alone is still enough."""

from __future__ import annotations

from test_printing import CASE, ScriptedPrompts, editor_window

from fazhi_desktop.core import reveals

SECOND = {**CASE["parties"][1], "id_number": "640522197507230427", "phone": "15809553388"}


def test_each_number_clicked_is_noted_by_row_and_role(qtbot, store, staff, dialogs, tmp_path):
    store.user = staff["head"]
    case = store.save("mediation_case", {**CASE, "parties": [CASE["parties"][0], SECOND]}, "杨芳")
    window = editor_window(qtbot, store, "mediation_case", case, dialogs, ScriptedPrompts())
    window.show()
    rows = window.editor.group_widget("parties")
    for row, field in ((0, "id_number"), (1, "id_number"), (0, "id_number"), (1, "phone")):
        control = rows.row(row).inputs[field].control
        control.setFocus()  # a click: shown, and noted once per number and window
        qtbot.waitUntil(control.hasFocus)
        assert control.text() == SECOND.get(field) if row else control.text() == CASE["parties"][0]["id_number"]
    store.user = staff["admin"]
    log = reveals.reveal_log(store)
    assert [(e["shown"], e["how"], e["reason"]) for e in log] == [
        ("当事人2（被申请人）：联系电话", "编辑窗口中查看", None),
        ("当事人2（被申请人）：身份证号", "编辑窗口中查看", None),
        ("当事人1（申请人）：身份证号", "编辑窗口中查看", None)]
    stored = store.conn.execute("SELECT * FROM reveal_log").fetchall()
    assert all(v not in str(stored) for v in ("640522197507230427", "15809553388", "李海", "马文"))


def test_the_purpose_chosen_beside_the_box_is_noted_and_ticking_alone_still_prints(qtbot, store, staff, dialogs,
                                                                                  tmp_path):
    store.user = staff["head"]
    case = store.save("mediation_case", CASE, "杨芳")
    prompts = ScriptedPrompts(path=tmp_path / "a.pdf")
    window = editor_window(qtbot, store, "mediation_case", case, dialogs, prompts)
    window.show()
    box = window.print_bar.reveal_box
    assert not box.reason.isVisible()  # nothing more on the bar until she ticks it
    box.setChecked(True)
    assert box.reason.isVisible() and box.reason.currentText() == ""
    window.print_bar.export_pdf()  # one click: no purpose asked
    box.reason.setCurrentIndex(box.reason.findText("当事人本人查询"))
    prompts.path = tmp_path / "b.pdf"
    window.print_bar.export_pdf()
    box.reason.setCurrentIndex(box.reason.findText("其他…"))
    box.reason.activated.emit(box.reason.currentIndex())
    assert box.reason.currentText() == ""  # 其他…: she types her own
    box.reason.lineEdit().setText("法院调取")
    prompts.path = tmp_path / "c.pdf"
    window.print_bar.export_pdf()
    box.setChecked(False)
    assert not box.reason.isVisible()
    store.user = staff["admin"]
    assert [(e["reason"], e["shown"]) for e in reveals.reveal_log(store)] == [
        ("法院调取", "当事人1（申请人）：出生日期、身份证号"),
        ("当事人本人查询", "当事人1（申请人）：出生日期、身份证号"),
        (None, "当事人1（申请人）：出生日期、身份证号")]
