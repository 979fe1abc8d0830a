"""导出列表: the clerk searches and filters a ledger, then sends that list to Excel: the file holds exactly the rows
shown, in their order, with every field, numbers masked."""

from __future__ import annotations

import pytest
from helpers import SavePrompt
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from fazhi_desktop.qt.main_window import create_main_window

ACTOR = "马文军"
ID_NUMBER = "640522196103231939"


@pytest.fixture
def window(qtbot, store, dialogs, ui_settings, valid_record):
    party = {"role": "申请人", "party_type": "自然人", "name": "马某", "id_number": ID_NUMBER}
    store.save_many("mediation_case", [
        valid_record("mediation_case", case_name="马某与李某宅基地纠纷", accepted_on="2026-03-05", parties=[party]),
        valid_record("mediation_case", case_name="田某与苏某借贷纠纷", accepted_on="2026-04-01"),
        valid_record("mediation_case", case_name="马某与王某相邻纠纷", accepted_on="2025-12-01"),
    ], ACTOR)
    w = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(w)
    w.show()
    w.show_page("mediation_case")
    return w


def test_the_shown_list_goes_to_excel_as_filtered_and_masked(qtbot, window, dialogs, tmp_path):
    view = window.pages["mediation_case"]
    view.model.set_filters(year=2026, text="李某")  # as the search box and the year filter set them
    assert view.model.total == 1
    window.exchange_prompts = SavePrompt(tmp_path / "列表")  # no suffix typed: a workbook
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogs.shown), timeout=20000)
    assert dialogs.shown[-1][:2] == ("info", "已导出列表") and "调解案件 1 条" in dialogs.shown[-1][2]
    assert window.exchange_prompts.offered[1].endswith("2026年调解案件列表.xlsx")
    sheet = load_workbook(tmp_path / "列表.xlsx").active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["编号", "状态", "案件类别", "案件名称"] and len(rows) == 2
    assert rows[1][3] == "马某与李某宅基地纠纷"
    text = " ".join(str(v) for v in rows[1])
    assert "640522********1939" in text and ID_NUMBER not in text


def test_a_csv_is_written_for_excel_and_a_refusal_is_said(qtbot, window, dialogs, tmp_path):
    window.exchange_prompts = SavePrompt(tmp_path / "列表.csv")
    window.export_list()
    qtbot.waitUntil(lambda: bool(dialogs.shown), timeout=20000)
    data = (tmp_path / "列表.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.decode("utf-8-sig").count("\r\n") == 4
    (tmp_path / "占用.xlsx").mkdir()  # a folder of that name: the file cannot be put there
    window.exchange_prompts = SavePrompt(tmp_path / "占用.xlsx")
    window.export_list()
    qtbot.waitUntil(lambda: len(dialogs.shown) == 2, timeout=20000)
    assert dialogs.shown[-1][1] == "无法导出列表", dialogs.shown
    assert "占用.xlsx" in dialogs.shown[-1][2] and "Traceback" not in dialogs.shown[-1][2]
