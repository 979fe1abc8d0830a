"""核验打印件 of a register page (reviews of printed papers): the verdict named records changed since it was printed,
or a slip of its code, and 打开记录 stayed greyed. It opens the changed record, and offers each when several."""

from __future__ import annotations

from PySide6.QtCore import Qt

from fazhi_desktop.core.documents import build_register_document
from fazhi_desktop.core.documents.verify import MARK_LABEL
from fazhi_desktop.qt.print_check import PrintCheckDialog

ACTOR = "杨芳"


def first_page_code(store) -> str:
    page = build_register_document(store, "mediation_case", 2026).pages[0]
    return next(r.text for r in page.texts() if r.text.startswith(MARK_LABEL)).removeprefix(f"{MARK_LABEL} ")


def cases(store, valid_record, count: int) -> list:
    return [store.save("mediation_case", valid_record("mediation_case", accepted_on=f"2026-03-{day:02d}"), ACTOR)
            for day in range(1, count + 1)]


def checked(qtbot, store, code: str) -> tuple[PrintCheckDialog, list]:
    opened: list = []
    dialog = PrintCheckDialog(store, opened.append)
    qtbot.addWidget(dialog)
    dialog.show()  # Enter presses the default button (核验), which needs the dialog shown
    qtbot.keyClicks(dialog.code, code)
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    return dialog, opened


def test_a_slip_in_a_register_pages_code_still_opens_the_record_changed_since(qtbot, store, valid_record):
    saved = cases(store, valid_record, 3)
    code = first_page_code(store)
    store.save("mediation_case", {"case_name": "马某与李某宅基地边界纠纷"}, ACTOR, record_id=saved[2].id)
    dialog, opened = checked(qtbot, store, code[:-1] + ("0" if code[-1] != "0" else "1"))
    assert dialog.verdict.text().startswith("核验码多半抄写有误") and saved[2].number in dialog.verdict.text()
    assert dialog.open_button.isEnabled() and dialog.open_button.menu() is None
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert [record.id for record in opened] == [saved[2].id]


def test_a_page_naming_several_changed_records_offers_each_by_its_number(qtbot, store, valid_record):
    saved = cases(store, valid_record, 4)
    code = first_page_code(store)
    for record in (saved[1], saved[3]):
        store.save("mediation_case", {"case_name": "马某与李某宅基地边界纠纷"}, ACTOR, record_id=record.id)
    dialog, opened = checked(qtbot, store, code)
    assert dialog.verdict.text().startswith("打印后已修改") and dialog.open_button.isEnabled()
    offered = dialog.open_button.menu().actions()
    assert [action.text() for action in offered] == [saved[1].number, saved[3].number]
    offered[1].trigger()
    assert [record.id for record in opened] == [saved[3].id]
    dialog.code.setText("0000")
    dialog.check()
    assert not dialog.open_button.isEnabled() and dialog.open_button.menu() is None
