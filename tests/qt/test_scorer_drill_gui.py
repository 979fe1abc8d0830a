# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The county's drill-down as a scorer disputing a figure reads it: each record's status, and the records a
township entered twice marked 可能重复 (scorer follow-ups, eleventh session)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import review_steps

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import county_template, world  # noqa: F401

from fazhi_desktop.core.indicators import load_catalog_for
from fazhi_desktop.qt import county_view
from fazhi_desktop.qt.common import em
from fazhi_desktop.qt.indicator_widgets import MARK_EM, DrillDialog
from fazhi_desktop.qt.main_window import create_main_window

ACTOR, TOWN = "杨芳", "640522100"


def study(store, day, topic=None):
    return store.save("law_study", {"activity_type": "会前学法", "topic": topic or f"会前学法（{day}）",
                                    "held_on": day}, ACTOR)


def test_the_county_drill_down_shows_status_and_possible_duplicates(qtbot, world, dialogs, ui_settings, tmp_path):
    world.clock.set(datetime(2026, 1, 12, 8, 0, tzinfo=UTC))  # January: the county scores 2025
    town = world.town(TOWN)
    checked = study(town.store, "2025-03-10")
    review_steps.review(town.store, review_steps.submit(town.store, checked.id, ACTOR).id, ACTOR)
    twice = [study(town.store, "2025-10-10", "学习《行政复议法》") for _ in range(2)]
    assert world.import_(world.export(town).path).ok
    window = create_main_window(world.county, dialogs, ui_settings, "马县级")
    qtbot.addWidget(window)
    window.show()
    window.show_page(county_view.PAGE)
    page = window.pages[county_view.PAGE]
    assert page.year == 2025
    codes = [i.code for i in page.catalog.judged]
    row = [t.code for t in page.results.townships].index(TOWN)
    drill = page.show_cell(row, codes.index("T46a"))
    table = drill.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["编号", "日期", "名称", "乡镇", "状态", "数量", "核对"]
    assert table.isColumnHidden(5) and not table.isColumnHidden(6)
    rows = {table.item(r, 0).text(): [table.item(r, c).text() for c in (4, 6)] for r in range(table.rowCount())}
    # the twin's number short (its series is the row's own), whole in the tooltip: 13 em cut it at 〔2025〕学…
    serial = [number.rpartition("第")[2] for number in (twice[0].number, twice[1].number)]
    # no meeting links to these 会前学法 (catalog 2023.5, linked_from): said after, and they count all the same
    unlinked = "没有会议链接此会前学法"
    assert rows == {checked.number: ["所长已审核", unlinked],
                    twice[0].number: ["草稿", f"可能重复：第{serial[1]}；{unlinked}"],
                    twice[1].number: ["草稿", f"可能重复：第{serial[0]}；{unlinked}"]}
    tips = {table.item(r, 0).text(): table.item(r, 6).toolTip() for r in range(table.rowCount())}
    assert tips[twice[0].number] == (f"与 {twice[1].number} 的日期和名称相同：可能重复登记，照常计入\n"
                                     f"{unlinked}：照常计入；会议已取消、此活动也未进行的，请删除此记录")
    assert drill.count_label.text() == (f"共 3 条记录（其中草稿 2 条；可能重复 2 条（同日同名：{twice[0].number}、"
                                        f"{twice[1].number}））")
    drill.grab().save(str(tmp_path / "drill.png"))
    drill.close()


def test_the_whole_county_drill_down_keeps_its_table_readable(qtbot, world, dialogs, ui_settings):
    """The whole county's drill-down (18 townships) had a count line of 6,503 characters that squeezed the table to
    one row, and its 核对 column left 名称 3 characters."""
    world.clock.set(datetime(2026, 1, 12, 8, 0, tzinfo=UTC))
    names = {}
    for code in (TOWN, "640522101"):  # a twin pair each, of the same numbers
        town = world.town(code)
        for n in range(4):
            study(town.store, f"2025-0{n + 1}-10", f"学习《中华人民共和国行政复议法》第{n}章")
        twice = [study(town.store, "2025-10-10", "学习《行政复议法》") for _ in range(2)]
        assert world.import_(world.export(town).path).ok
        names[code] = twice[0].number
    assert len(set(names.values())) == 1
    county = world.county
    catalog = load_catalog_for(county)
    drill = DrillDialog(county, catalog, "T46a", 2025, None, lambda _record: None)
    qtbot.addWidget(drill)
    drill.resize(em(drill, 63), em(drill, 40))
    drill.show()
    qtbot.waitExposed(drill)
    line = drill.count_label.text()
    assert line.startswith("共 12 条记录") and "可能重复 4 条（海城镇 2 条、" in line and names[TOWN] not in line
    table = drill.table
    # a count that fits stands beside the buttons: on a line of its own it took a table row's height for nothing
    spacing = drill.fontMetrics().lineSpacing()
    assert drill.count_label.height() < 2 * spacing
    assert drill.open_button.geometry().top() - table.geometry().bottom() < spacing
    assert table.columnWidth(2) > table.columnWidth(6) > 0
    assert table.columnWidth(6) <= em(drill, MARK_EM)
    assert table.item(table.rowCount() - 1, 6).toolTip().startswith("与 ")
    # however long the line, it scrolls in at most 3 lines and the table keeps its rows
    drill.count_label.setText("；".join(f"〔2025〕执监字第{n}号" for n in range(500)))
    qtbot.wait(50)
    assert drill.count_label.height() <= 3 * drill.fontMetrics().lineSpacing() + 4
    assert table.viewport().height() >= 6 * table.verticalHeader().defaultSectionSize()
    drill.close()
