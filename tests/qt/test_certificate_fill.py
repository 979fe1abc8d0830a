"""A 执法证核查 row takes 执法证号 and 有效期 from the roster when its name is picked (twenty-first session): she
retyped them by hand, mistyped 2027 for the roster's expired 2025, and T29 read the officer certified, unsaid."""

from __future__ import annotations

from helpers import type_text
from test_editor import add_row, open_window, press_save, typed

from fazhi_desktop.core.people import add_person
from fazhi_desktop.core.setup import init_database


def test_a_roster_name_fills_the_empty_certificate_fields_and_a_contradiction_is_said(qtbot, tmp_path, dialogs):
    store = init_database(tmp_path / "t.db", "640522100")
    add_person(store, "管理员", "李强", roles=["执法人员"], cert_no="64052210003", cert_expiry="2025-06-30")
    add_person(store, "管理员", "王军", roles=["执法人员"])
    window = open_window(qtbot, store, "enforcement_check", dialogs)
    editor = window.editor
    typed(qtbot, editor, "checked_on", "20260310")
    typed(qtbot, editor, "supervised_unit", "乡综合执法办")
    certificates = editor.group_widget("certificates")
    add_row(qtbot, certificates)
    add_row(qtbot, certificates)
    first, second = certificates.row(0), certificates.row(1)
    type_text(qtbot, first.inputs["name"].control, "李强")
    assert (first.inputs["certificate_no"].value(), first.inputs["valid_until"].value()) == (
        "64052210003", "2025-06-30")
    first.inputs["name"].control.selectAll()
    type_text(qtbot, first.inputs["name"].control, "王军")  # 未持证: what 李强's name filled goes with it
    assert (first.inputs["certificate_no"].value(), first.inputs["valid_until"].value()) == ("", "")

    type_text(qtbot, second.inputs["certificate_no"].control, "64052219999")  # hers, typed before the name
    type_text(qtbot, second.inputs["name"].control, "李强")
    assert (second.inputs["certificate_no"].value(), second.inputs["valid_until"].value()) == (
        "64052219999", "2025-06-30")
    second.inputs["valid_until"].control.selectAll()
    type_text(qtbot, second.inputs["valid_until"].control, "2027-06-30")
    press_save(qtbot, window)

    assert second.inputs["valid_until"].warning() == (
        "名册中李强的执法证有效期为2025-06-30（已过期），与此处的2027-06-30不符，请核对")
    assert second.inputs["certificate_no"].warning() == (
        "名册中李强的执法证号为64052210003，与此处的64052219999不符，请核对")
    store.close()
