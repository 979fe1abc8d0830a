"""The county's audit asks for the 2023 report again after the 2024 catalog was enabled: `fazhi report --year 2023`
wrote it re-scored by the 2024 notice (会前学法 4 / 6 未达标, T49b gone, 指标目录：…〔2024〕12号…). With the catalog
saying `from_year = 2024`, 2023 keeps 2023's catalog, and `fazhi catalog use` / `check` say which years each scores."""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/catalog_notices.py

from catalog_notices import NOTICE_2024, notice_2024

from fazhi_desktop.cli import main
from fazhi_desktop.core.store import Store


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_the_2023_report_asked_for_again_is_scored_and_named_by_2023s_catalog(db, capsys, tmp_path):
    store = Store.open(db)
    for year in (2023, 2024):
        for month in (3, 5, 7, 9):
            store.save("law_study", {"activity_type": "会前学法", "topic": "学习行政处罚法",
                                     "held_on": f"{year}-{month:02d}-05"}, "马文")
    store.close()
    code, out = run(capsys, "catalog", "use", str(notice_2024(tmp_path)))
    assert code == 0 and "适用年度 2024 年起" in out
    assert "  2023 年及以前：海原县法治政府建设指标（海政办发〔2023〕34号）（2023.5）" in out
    assert f"  2024 年起：{NOTICE_2024}（2024.1；县里启用的目录：县目录2024.toml）" in out
    _, out = run(capsys, "indicators", "--year", "2023")
    assert "〔2023〕34号" in out.splitlines()[0]
    assert next(x for x in out.splitlines() if x.startswith("T46a")).split()[2:] == ["4", "/", "4", "次", "不少于",
                                                                                    "4", "次", "达标"]
    assert run(capsys, "report", "--year", "2023", "-o", str(tmp_path / "2023.xlsx"))[0] == 0
    sheet = openpyxl.load_workbook(tmp_path / "2023.xlsx")["指标明细"]
    assert "指标目录：海原县法治政府建设指标（海政办发〔2023〕34号）（2023.5）" in sheet.cell(2, 1).value
    assert "T49b" in [c.value for c in sheet["A"]]
    _, out = run(capsys, "indicators", "--year", "2024")
    assert NOTICE_2024 in out.splitlines()[0] and "不少于 6 次" in out and "T49b" not in out
    _, out = run(capsys, "catalog", "check")
    assert "2024 年起" in out and "2023 年及以前" in out


def test_catalog_check_says_the_file_now_differs_from_the_copy_the_figures_follow(db, capsys, tmp_path):
    county = notice_2024(tmp_path)
    assert run(capsys, "catalog", "use", str(county))[0] == 0
    county.write_text(county.read_text(encoding="utf-8").replace("threshold = 6", "threshold = 2", 1),
                      encoding="utf-8")
    code, out = run(capsys, "catalog", "check")
    assert code == 0 and f"注意：{county} 启用后被改动过，与启用时的副本不同：指标仍按启用时的副本计算" in out
    _, out = run(capsys, "indicators", "--year", "2024")
    assert "不少于 6 次" in next(x for x in out.splitlines() if x.startswith("T46a"))
