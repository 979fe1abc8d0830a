"""The ledger list could not be narrowed to one 登记人: at a handover (人员交接) the 所长 could not see what the
person leaving had entered. The filter bar has 全部登记人 and each account that entered the ledger's records (read
when opened, as the years are), and the list, its count and its export follow the choice."""

from __future__ import annotations

from fazhi_desktop.qt.ledger_view import ALL_ENTERED, LedgerView


def test_the_list_narrows_to_one_enterer_and_back(qtbot, store, valid_record):
    store.save("meeting", valid_record("meeting", title="马丽登记的会议"), "马丽")
    store.save("meeting", valid_record("meeting", title="杨芳登记的第一次会议"), "杨芳")
    view = LedgerView(store, store.ledger("meeting"))
    qtbot.addWidget(view)
    view.resize(1200, 500)
    view.show()
    store.save("meeting", valid_record("meeting", title="杨芳登记的第二次会议"), "杨芳")
    view.refresh()
    combo = view.entered_combo
    assert combo.accessibleName() == "登记人"
    combo.showPopup()  # the accounts are read when the clerk opens the box
    combo.hidePopup()
    assert [combo.itemText(i) for i in range(combo.count())] == [ALL_ENTERED, "杨芳", "马丽"]
    combo.setCurrentIndex(combo.findText("杨芳"))
    assert view.count_label.text() == "共 2 条"
    assert view.model.query.entered_by == "杨芳"
    combo.setCurrentIndex(combo.findText("马丽"))
    assert view.count_label.text() == "共 1 条" and view.model.record_at(0).values["title"] == "马丽登记的会议"
    combo.setCurrentIndex(0)
    assert view.count_label.text() == "共 3 条"
