# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""各乡镇台账 filters by status (session 24): a reviewer at the county looking for every enforcement check 逾期 in
one township, or every 草稿 the townships sent, had a ledger, township, year and search filter only. It has the
ledger lists' status filter now (逾期 in a ledger with deadlines), with the township and the search, and its 逾期
count of a township is the one 数据完整性's 需关注 gives."""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.qt.county_view import CountyPage

CLERK = "杨芳"
HAICHENG, LIWANG = "640522100", "640522101"


def choose(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text} not among {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(index)


def late_said(page: CountyPage, township: str) -> dict[str, int]:
    """数据完整性's 需关注 of `township`, as the reviewer reads it (the cell's tooltip holds every item): ledger label
    -> how many are 现已逾期."""
    table = page.complete_table
    headers = [table.horizontalHeaderItem(c).toolTip() for c in range(table.columnCount())]
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == township)
    said = table.item(row, headers.index("需关注")).toolTip()
    late = next((line for line in said.splitlines() if line.startswith("现已逾期：")), "")
    return {label: int(n) for label, n in re.findall(r"(?:：|；)(\S+?) (\d+) 件", late)}


def test_every_townships_records_filter_to_the_late_ones_as_completeness_counts_them(
        qtbot, world, valid_record, dialogs):
    save = lambda town, ledger, **v: town.store.save(ledger, valid_record(ledger, **v), CLERK)  # noqa: E731
    haicheng, liwang = world.town(HAICHENG), world.town(LIWANG)
    for due in ("2026-04-01", "2026-04-02"):
        save(haicheng, "complaint", accepted_on="2026-03-05", due_on=due, matter="噪音扰民未处理")
    save(haicheng, "complaint", accepted_on="2026-03-05", due_on="2026-04-01", closed_on="2026-03-20",
         matter="已办结的投诉")
    save(haicheng, "enforcement_check", checked_on="2026-03-05", rectify_by="2026-04-05",
         rechecked_on="2026-04-10", recheck_result="未整改")
    save(liwang, "complaint", accepted_on="2026-03-05", due_on="2026-04-01", matter="李旺镇的投诉")
    save(liwang, "enforcement_check", checked_on="2026-03-05", rectify_by="2026-04-05",
         rechecked_on="2026-04-10", recheck_result="已整改")
    for town in (haicheng, liwang):
        assert world.import_(world.export(town).path).ok

    page = CountyPage(world.county, dialogs)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()  # computes the figures
    browser = page.records
    assert browser.status_combo.findText("逾期") == -1  # 会议, the first ledger, has no deadlines
    choose(browser.ledger_combo, "投诉举报")
    choose(browser.status_combo, "逾期")
    assert browser.count_label.text() == "共 3 条"  # both townships'
    for name in ("海城镇", "李旺镇"):
        choose(browser.township_combo, name)
        late = late_said(page, name)
        for label in ("投诉举报", "行政执法监督检查"):
            choose(browser.ledger_combo, label)
            assert browser.status_combo.currentText() == "逾期"  # kept from one ledger with deadlines to another
            assert browser.count_label.text() == f"共 {late.get(label, 0)} 条", (name, label, late)
    assert late_said(page, "海城镇") == {"行政执法监督检查": 1, "投诉举报": 2}

    choose(browser.ledger_combo, "投诉举报")
    choose(browser.township_combo, "海城镇")
    status = browser.model.columns.index("status")
    assert [browser.model.data(browser.model.index(r, status)) for r in range(2)] == ["逾期·草稿"] * 2
    browser.search.setText("已办结")
    browser.apply_filters()  # with the search too: the concluded complaint is not late
    assert browser.count_label.text() == "共 0 条" and browser.empty_label.text() == "没有符合条件的记录。"
    choose(browser.status_combo, "草稿")
    assert browser.count_label.text() == "共 1 条"  # every 草稿 of 海城镇 the search finds
    browser.search.setText("")
    browser.apply_filters()
    assert browser.count_label.text() == "共 3 条"
    choose(browser.status_combo, "逾期")
    choose(browser.ledger_combo, "会议")  # no deadlines: no 逾期, the list of every status
    assert browser.status_combo.currentText() == "全部状态" and browser.status_combo.findText("逾期") == -1
    assert browser.status_combo.findText("退回待改") == -1  # the townships' records as sent
