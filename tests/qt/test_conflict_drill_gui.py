# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The county's drill-down marks a record waiting in an open conflict 有冲突 in its 核对 column, and its tooltip
says where to settle it (the column named drafts and twins only; 需关注 alone said a conflict waited)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import conflicted, county_template, world  # noqa: F401

from fazhi_desktop.core.indicators import load_catalog_for
from fazhi_desktop.core.places import CONFLICTS
from fazhi_desktop.qt.indicator_widgets import DrillDialog


def test_the_drill_down_marks_a_record_in_an_open_conflict(qtbot, conflicted, valid_record):
    world, town, record = conflicted
    # the office's other PC, holding the county's version, sends on: the meeting counts again, its conflict open
    town.store.save("meeting", valid_record("meeting", host="马文军", title="另一次会议"), "杨芳")
    assert world.import_(world.export(town).path).counted_again
    county = world.county
    drill = DrillDialog(county, load_catalog_for(county, remember=False), "T40b", 2026, town.code,
                        lambda _record: None, part="denominator")
    qtbot.addWidget(drill)
    table = drill.table
    [row] = [r for r in range(table.rowCount()) if drill.records[r].id == record.id]
    assert not table.isColumnHidden(6)
    assert table.item(row, 6).text() == "有冲突"
    assert CONFLICTS in table.item(row, 6).toolTip()
    assert "有冲突 1 条" in drill.count_label.text()
