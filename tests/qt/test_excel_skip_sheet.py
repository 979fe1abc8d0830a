"""从Excel导入记录 of a workbook whose 全年 sheet partly repeats the month sheets (session 23): the window says once
which sheet repeats which, and 跳过工作表“全年” reads the file again without it."""

from __future__ import annotations

import os

from excel_files import month_meetings as month
from excel_files import month_sheets as book
from test_excel_import_gui import open_dialog, window  # noqa: F401  (window is a fixture)


def year_sheet() -> list[list]:
    """全年: 1月's and 2月's meetings again, and two of March not in any month sheet."""
    return [[n, *row[1:]] for n, row in enumerate(month(1) + month(2) + month(3), 1)]


def test_the_clerk_skips_a_year_sheet_that_repeats_the_months(qtbot, window, tmp_path):  # noqa: F811
    path = book(tmp_path / "台账.xlsx", {"1月": month(1), "2月": month(2), "全年": year_sheet()})
    dialog = open_dialog(qtbot, window, path)
    lines = [dialog.lines.item(row).text() for row in range(dialog.lines.count())]
    assert lines[0].startswith("工作表“全年”的 6 行中有 4 行与工作表“1月”、“2月”的记录")
    assert not any("请核对是否重复" in line for line in lines)  # not once a row
    assert dialog.skip_button.isVisibleTo(dialog) and dialog.skip_button.text() == "跳过工作表“全年”(&K)"
    # the grey note beside the button named it, not 请删去后重新读取 (review of session 23); so does the question
    assert lines[-1].endswith("：“全年”不该导入的，请按“跳过工作表‘全年’”（命令行 --skip-sheet 全年），"
                              "不必从文件中删去")
    assert not any("请删去后重新读取" in line for line in lines)
    assert dialog.import_records() is None  # asked, 取消
    assert ("工作表“全年”的记录与前面的工作表重复，导入会重复登记；“全年”不该导入的，请按“取消”，"
            "再按“跳过工作表‘全年’”。") in window.dialogs.shown[-1][2]
    if os.environ.get("FAZHI_SHOTS"):
        dialog.resize(900, 520)
        dialog.grab().save(os.path.join(os.environ["FAZHI_SHOTS"], "excel_repeating_sheet.png"))

    dialog.skip_button.click()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20000)
    lines = [dialog.lines.item(row).text() for row in range(dialog.lines.count())]
    assert "工作表“全年”已跳过，未读取" in lines and not dialog.skip_button.isVisibleTo(dialog)
    assert dialog.import_button.text() == "导入 4 条(&I)"
    if os.environ.get("FAZHI_SHOTS"):
        dialog.grab().save(os.path.join(os.environ["FAZHI_SHOTS"], "excel_sheet_skipped.png"))
    dialog.close()
