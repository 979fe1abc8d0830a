"""`fazhi add LEDGER --from FILE` of a workbook whose 全年 sheet partly repeats the months (session 23): one warning
names the sheets, the command to skip it is printed, and `--skip-sheet 全年` reads the rest."""

from __future__ import annotations

from excel_files import month_meetings, month_sheets
from test_cli_accounts import office, run  # noqa: F401  (office is a fixture)


def test_a_repeating_year_sheet_is_named_once_and_skipped_by_name(office, capsys, monkeypatch, tmp_path):  # noqa: F811
    path = month_sheets(tmp_path / "台账.xlsx", {"1月": month_meetings(1), "2月": month_meetings(2),
                                                "全年": month_meetings(1) + month_meetings(2) + month_meetings(3)})
    code, _out, err = run(capsys, "add", "meeting", "--from", str(path), "--dry-run", user="马丽",
                          monkeypatch=monkeypatch)
    assert code == 0
    assert "提示：工作表“全年”的 6 行中有 4 行与工作表“1月”、“2月”的记录" in err and "请核对是否重复" not in err
    assert f"跳过重复的工作表：fazhi add meeting --from {path} --skip-sheet 全年" in err
    code, out, err = run(capsys, "add", "meeting", "--from", str(path), "--skip-sheet", "全年", user="马丽",
                         monkeypatch=monkeypatch)
    assert code == 0 and "工作表“全年”已跳过，未读取" in err and "已导入 4 条" in out + err
